// The node lifecycle controller: checks every node's Lease every 5 s; after the grace period
// without a renewal the node's conditions become Unknown, it is tainted unreachable (NoSchedule
// and NoExecute) and its pods are marked not ready. The taint-eviction part deletes pods on
// nodes with NoExecute taints they do not tolerate, once their tolerationSeconds run out.
import type {Condition, Lease, Node, NodeSpec, Pod, Taint} from '../types.js';
import {setCondition} from '../core/conditions.js';
import type {ControllerContext} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {tolerates} from '../core/tolerations.js';
import {watchKind} from '../core/objects.js';

export const MONITOR_PERIOD_MS = 5000;
export const GRACE_PERIOD_MS = 50_000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const NOT_READY = 'node.kubernetes.io/not-ready';
const SOURCE = {component: 'node-controller'};
const EVICTION_SOURCE = {component: 'taint-eviction-controller'};

export class NodeLifecycleController implements Reconciler {
	readonly name = 'node-lifecycle';
	private evictions = new Map<string, number>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		const tick = () => {
			for (const n of ctx.store.list<Node>('Node')) this.monitor(n);
			ctx.clock.after(MONITOR_PERIOD_MS, tick);
		};
		ctx.clock.after(MONITOR_PERIOD_MS, tick);
		watchKind<Node>(ctx.store, 'Node', (type, node, old) => {
			if (type === 'DELETED') return;
			if (!old || old.spec?.taints !== node.spec?.taints || old.status?.conditions !== node.status?.conditions) ctx.runner.enqueue(this, node.metadata.name);
		});
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			if (type !== 'DELETED' && pod.spec.nodeName && (!old || !old.spec.nodeName)) {
				const node = ctx.store.get<Node>('Node', undefined, pod.spec.nodeName);
				if (node?.spec?.taints?.some(t => t.effect === 'NoExecute')) ctx.runner.enqueue(this, node.metadata.name);
			}
		});
	}

	/** Lease check: Unknown after the grace period without renewal. */
	private monitor(node: Node): void {
		const {store, api, clock, events} = this.ctx;
		const name = node.metadata.name;
		const lease = store.get<Lease>('Lease', 'kube-node-lease', name);
		// a Lease without a renewTime has not been renewed (upstream ignores it too)
		const renewTime = lease?.spec?.renewTime;
		const renewed = renewTime ? Date.parse(renewTime) : Date.parse(node.metadata.creationTimestamp!);
		const ready = node.status?.conditions?.find(c => c.type === 'Ready');
		if (clock.now() - renewed <= GRACE_PERIOD_MS || ready?.status === 'Unknown') return;
		const now = clock.iso();
		const conditions = (node.status?.conditions ?? []).map((c): Condition => ({
			...c,
			status: 'Unknown',
			reason: 'NodeStatusUnknown',
			message: 'Kubelet stopped posting node status.',
			lastTransitionTime: now,
		}));
		api.setStatus(node, {...node.status, conditions});
		events.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, SOURCE);
		for (const p of store.indexed('Pod', name) as Pod[]) {
			const c = setCondition(p.status?.conditions, {type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now});
			if (c !== p.status?.conditions) {
				api.setStatus(p, {...p.status, conditions: c});
				events.record(p, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE);
			}
		}
	}

	/** Taints follow the Ready condition; NoExecute taints evict pods. */
	sync(name: string): void {
		const {store, api, clock} = this.ctx;
		const node = store.get<Node>('Node', undefined, name);
		if (!node) return;
		const ready = node.status?.conditions?.find(c => c.type === 'Ready')?.status;
		const taints: Taint[] = node.spec?.taints ?? [];
		const want: Taint[] = taints.filter(t => t.key !== UNREACHABLE && t.key !== NOT_READY);
		const keep = (key: string, effect: Taint['effect']) => taints.find(t => t.key === key && t.effect === effect) ?? {key, effect, timeAdded: clock.iso()};
		if (ready === 'Unknown') want.push(keep(UNREACHABLE, 'NoSchedule'), keep(UNREACHABLE, 'NoExecute'));
		else if (ready === 'False') want.push(keep(NOT_READY, 'NoSchedule'), keep(NOT_READY, 'NoExecute'));
		const same = want.length === taints.length && want.every((t, i) => t === taints[i]);
		if (!same) {
			const spec: NodeSpec = {...node.spec, taints: want};
			if (!want.length) delete spec.taints;
			api.replace(node, {...node, metadata: {...node.metadata}, spec});
			return; // the write comes back through the watch
		}
		this.scheduleEvictions(node);
	}

	private scheduleEvictions(node: Node): void {
		const {store, clock} = this.ctx;
		const noExecute = (node.spec?.taints ?? []).filter(t => t.effect === 'NoExecute');
		for (const p of store.indexed('Pod', node.metadata.name) as Pod[]) {
			const uid = p.metadata.uid!;
			if (p.metadata.deletionTimestamp) continue;
			let at: number | undefined;
			for (const t of noExecute) {
				const tol = (p.spec.tolerations ?? []).find(x => tolerates([x], t));
				if (!tol) {
					at = clock.now();
					break;
				}
				if (tol.tolerationSeconds !== undefined) {
					const due = Date.parse(t.timeAdded ?? clock.iso()) + Math.max(0, tol.tolerationSeconds) * 1000;
					at = at === undefined ? due : Math.min(at, due);
				}
			}
			const existing = this.evictions.get(uid);
			if (at === undefined) {
				if (existing !== undefined) {
					clock.cancel(existing);
					this.evictions.delete(uid);
				}
				continue;
			}
			if (existing !== undefined) continue;
			const ns = p.metadata.namespace!;
			const podName = p.metadata.name;
			this.evictions.set(
				uid,
				clock.after(Math.max(0, at - clock.now()), () => this.evict(ns, podName, uid, node.metadata.name)),
			);
		}
	}

	private evict(ns: string, name: string, uid: string, nodeName: string): void {
		this.evictions.delete(uid);
		const {store, api, events} = this.ctx;
		const pod = store.get<Pod>('Pod', ns, name);
		const node = store.get<Node>('Node', undefined, nodeName);
		if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp || pod.spec.nodeName !== nodeName) return;
		const stillTainted = (node?.spec?.taints ?? []).some(t => t.effect === 'NoExecute' && !(pod.spec.tolerations ?? []).some(x => tolerates([x], t) && x.tolerationSeconds === undefined));
		if (!stillTainted) return;
		events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, EVICTION_SOURCE);
		api.delete('Pod', ns, name);
	}
}
