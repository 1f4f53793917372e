// `w` on a node: NotReady (when its kubelet last reported, and when its pods get evicted),
// cordoned, under pressure, or tainted.
import type {Node} from '../../cluster/types.js';
import type {Finding, ViewContext} from '../types.js';

/** How long pods stay on an unreachable or not-ready node: the default toleration admission adds. */
const DEFAULT_TOLERATION_SECONDS = 300;

export function whyNode(node: Node, ctx: ViewContext): Finding[] {
	const out: Finding[] = [];
	const ready = node.status?.conditions?.find(c => c.type === 'Ready');
	const now = ctx.now?.();
	if (ready && ready.status !== 'True') {
		// the kubelet's heartbeat is its Lease, renewed every 10 s; the condition's time moves less often
		const lease = ctx.get('Lease', 'kube-node-lease', node.metadata.name) as {spec?: {renewTime?: string}} | undefined;
		const beat = Date.parse(lease?.spec?.renewTime ?? ready.lastHeartbeatTime ?? '');
		const ago = now !== undefined && Number.isFinite(beat) ? Math.max(0, Math.round((now - beat) / 1000)) : undefined;
		const taint = (node.spec?.taints ?? []).find(t => t.effect === 'NoExecute' && (t.key === 'node.kubernetes.io/unreachable' || t.key === 'node.kubernetes.io/not-ready'));
		const added = taint?.timeAdded ? Date.parse(taint.timeAdded) : NaN;
		const evictIn = now !== undefined && Number.isFinite(added) ? Math.max(0, Math.ceil((added + DEFAULT_TOLERATION_SECONDS * 1000 - now) / 1000)) : undefined;
		out.push({
			level: 'bad',
			message: ago === undefined ? 'why.node.notReady' : 'why.node.notReadySince',
			values: {seconds: ago ?? 0},
			lines: [`Ready=${ready.status}: ${ready.reason ?? ''} ${ready.message ?? ''}`.trim()],
		});
		if (evictIn !== undefined) out.push({level: 'warn', message: evictIn > 0 ? 'why.node.evictIn' : 'why.node.evicting', values: {seconds: evictIn, tolerance: DEFAULT_TOLERATION_SECONDS}});
		out.push({level: 'info', message: 'why.node.kubelet', fixes: [{message: 'why.node.fix.kubelet'}]});
	}
	for (const c of node.status?.conditions ?? []) {
		if (c.type !== 'Ready' && c.status === 'True') out.push({level: 'warn', message: 'why.node.pressure', values: {condition: c.type}, lines: [c.message ?? c.reason ?? '']});
	}
	if (node.spec?.unschedulable) out.push({level: 'warn', message: 'why.node.cordoned', fixes: [{message: 'why.node.fix.uncordon'}]});
	const taints = (node.spec?.taints ?? []).filter(t => t.key !== 'node.kubernetes.io/unschedulable' && !(ready && ready.status !== 'True' && t.key.startsWith('node.kubernetes.io/')));
	if (taints.length) out.push({level: 'info', message: 'why.node.taints', lines: taints.map(t => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)});
	if (!out.some(f => f.level === 'bad' || f.level === 'warn')) out.unshift({level: 'ok', message: 'why.node.healthy'});
	return out;
}
