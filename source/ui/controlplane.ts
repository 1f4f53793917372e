// What the `:cluster` view draws, worked out from the client: the components of the diagram
// (the control plane, then each node's kubelet, kube-proxy and container runtime), what each did
// lately, and the latest causal chains in words. Chains are read from what happened: the
// events the controllers, the scheduler and the kubelets recorded, tied by the names they
// carry (a Deployment's ScalingReplicaSet names its ReplicaSet, a SuccessfulCreate its pod,
// Scheduled the node). Counters come only from the simulator, which counts them itself.
import type {Event, KObject} from '../cluster/types.js';
import type {ClusterClient, ControlPlaneStatus} from '../client/types.js';
import {kindInfo} from '../kinds/index.js';
import {t} from '../i18n/index.js';

export type ComponentId = 'kube-apiserver' | 'etcd' | 'kube-scheduler' | 'kube-controller-manager' | 'cloud-controller-manager' | `node/${string}`;

/** Event sources that are not kube-controller-manager's controllers. */
const NOT_KCM = new Set(['default-scheduler', 'kubelet', 'service-controller', 'cluster-autoscaler', 'eviction', 'kube-proxy']);
/** Event sources of cloud-controller-manager's controllers. */
const CCM = new Set(['service-controller', 'cloud-node-controller', 'node-route-controller']);

/** The selectable components, top to bottom: the control plane, then the nodes. */
export function componentIds(nodes: readonly string[]): ComponentId[] {
	return ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager', ...nodes.map(n => `node/${n}` as const)];
}

/** How far back the view reads events: recent actions and chains are about the last minutes. */
export const EVENTS_WINDOW_MS = 15 * 60_000;

/**
 * The events of the last EVENTS_WINDOW_MS of cluster time, in the order they happened
 * (resourceVersion, which every write raises; time without one). The window is found by a
 * string comparison first, so a cluster with many old events sorts only the recent ones.
 */
export function eventsInOrder(client: ClusterClient, windowMs = EVENTS_WINDOW_MS): Event[] {
	const since = new Date(client.now() - windowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const recent: Array<{e: Event; rv: number; time: number}> = [];
	for (const e of client.list('Event') as Event[]) {
		const at = e.lastTimestamp ?? e.metadata.creationTimestamp ?? '';
		if (at && at < since) continue;
		recent.push({e, rv: Number(e.metadata.resourceVersion), time: Date.parse(at) || 0});
	}
	recent.sort((a, b) => (Number.isFinite(a.rv) && Number.isFinite(b.rv) && a.rv !== b.rv ? a.rv - b.rv : a.time - b.time));
	return recent.map(x => x.e);
}

/** `pods` for Pod: the resource name etcd keys and requests use. */
function resource(kind: string): string {
	return kindInfo(kind)?.plural ?? `${kind.toLowerCase()}s`;
}

function objectName(namespace: string | undefined, name: string | undefined): string {
	return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

function describeEvent(e: Event): string {
	const o = e.involvedObject;
	return `${e.reason ?? ''} ${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}: ${e.message ?? ''}`;
}

/** Whether an event was recorded by a component. */
function fromComponent(e: Event, id: ComponentId): boolean {
	const source = e.source?.component ?? e.reportingComponent ?? '';
	switch (id) {
		case 'kube-scheduler':
			return source === 'default-scheduler';
		case 'cloud-controller-manager':
			return CCM.has(source);
		case 'kube-controller-manager':
			return !!source && !NOT_KCM.has(source) && !CCM.has(source);
		case 'kube-apiserver':
		case 'etcd':
			return false;
		default:
			return source === 'kubelet' && (e.source?.host ?? e.reportingInstance) === id.slice('node/'.length);
	}
}

/**
 * What a component did lately, newest first: the API server's requests and etcd's writes from
 * the simulator's counters (none on a real cluster), the others' events.
 */
export function recentActions(client: ClusterClient, id: ComponentId, status: ControlPlaneStatus | undefined, events: readonly Event[], limit: number): string[] {
	if (id === 'kube-apiserver')
		return (status?.recentRequests ?? []).slice(0, limit).map(r => `${r.verb} ${resource(r.kind)}${r.subresource ? `/${r.subresource}` : ''}${r.name || r.namespace ? ` ${objectName(r.namespace, r.name)}` : ''}`);
	if (id === 'etcd')
		return (status?.recentWrites ?? []).slice(0, limit).map(w => `rv ${w.resourceVersion} ${w.type === 'DELETED' ? 'DELETE' : 'PUT'} /registry/${resource(w.kind)}/${objectName(w.namespace, w.name)}`);
	const out: string[] = [];
	for (let i = events.length - 1; i >= 0 && out.length < limit; i--) if (fromComponent(events[i]!, id)) out.push(describeEvent(events[i]!));
	return out;
}

// ---------------------------------------------------------------- causal chains

interface Scaling {
	order: number;
	namespace: string;
	/** The scaled object, as kind/name (a Deployment's). */
	target: string;
	replicaSet: string;
	to: number;
}

interface PodChange {
	order: number;
	namespace: string;
	ownerKind: string;
	owner: string;
	pod: string;
	created: boolean;
}

/** What the kubelets said about one pod, as far as it went. */
interface PodSteps {
	node?: string;
	image?: string;
	pulling?: boolean;
	pulled?: boolean;
	failed?: boolean;
	started?: boolean;
	stopped?: boolean;
}

const SCALED = /^Scaled (?:up|down) replica set (\S+) from \d+ to (\d+)$/;
const CREATED = /^Created pod: (\S+)$/;
const DELETED = /^Deleted pod: (\S+)$/;
const ASSIGNED = /^Successfully assigned \S+ to (\S+)$/;
const PULLING = /^Pulling image "(.+)"$/;

/**
 * The latest causal chains, newest first, each in words: a Deployment scaled its ReplicaSet, the
 * ReplicaSet created or deleted pods, the scheduler bound them, the kubelets pulled and started
 * (or stopped) them. A controller's pod changes without a scaling before them start a chain.
 */
export function causalChains(events: readonly Event[], limit: number): string[] {
	const scalings: Scaling[] = [];
	const changes: PodChange[] = [];
	const steps = new Map<string, PodSteps>();
	const stepsOf = (namespace: string, pod: string) => {
		const key = `${namespace}/${pod}`;
		let s = steps.get(key);
		if (!s) steps.set(key, (s = {}));
		return s;
	};
	events.forEach((e, order) => {
		const o = e.involvedObject;
		const namespace = o.namespace ?? e.metadata.namespace ?? '';
		const message = e.message ?? '';
		let m: RegExpExecArray | null;
		// (reasons say what happened and to which kind: ScalingReplicaSet is a Deployment's)
		if (e.reason === 'ScalingReplicaSet' && (m = SCALED.exec(message)))
			scalings.push({order, namespace, target: `${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}`, replicaSet: m[1]!, to: Number(m[2])});
		else if (e.reason === 'SuccessfulCreate' && (m = CREATED.exec(message))) changes.push({order, namespace, ownerKind: o.kind ?? '', owner: o.name ?? '', pod: m[1]!, created: true});
		else if (e.reason === 'SuccessfulDelete' && (m = DELETED.exec(message))) changes.push({order, namespace, ownerKind: o.kind ?? '', owner: o.name ?? '', pod: m[1]!, created: false});
		else if (e.reason === 'Scheduled' || (e.source?.component ?? '') === 'kubelet') {
			// what the scheduler and the kubelets said about a pod
			const s = stepsOf(namespace, o.name ?? '');
			if (e.reason === 'Scheduled' && (m = ASSIGNED.exec(message))) s.node = m[1]!;
			else if ((e.source?.component ?? '') === 'kubelet') {
				s.node ??= e.source?.host;
				if (e.reason === 'Pulling' && (m = PULLING.exec(message))) {
					s.image = m[1]!;
					s.pulling = true;
				} else if (e.reason === 'Pulled') s.pulled = true;
				else if (e.reason === 'Failed' && message.startsWith('Failed to pull image')) s.failed = true;
				else if (e.reason === 'Started') s.started = true;
				else if (e.reason === 'Killing' && message.startsWith('Stopping container')) s.stopped = true;
			}
		}
	});

	// each pod change belongs to the latest scaling of its ReplicaSet (named by the scaling) before it, if any
	const chains: Array<{order: number; root?: Scaling; changes: PodChange[]}> = [];
	const byScaling = new Map<Scaling, PodChange[]>();
	const loose = new Map<string, {order: number; changes: PodChange[]}>();
	for (const c of changes) {
		let root: Scaling | undefined;
		for (const s of scalings) if (s.namespace === c.namespace && s.replicaSet === c.owner && s.order < c.order) root = s;
		if (root) {
			const list = byScaling.get(root);
			if (list) list.push(c);
			else byScaling.set(root, [c]);
			continue;
		}
		// without a scaling: one chain per owner and kind of change, split where another change came between
		const key = `${c.ownerKind}/${c.namespace}/${c.owner}/${c.created}`;
		const group = loose.get(key);
		if (group && !changes.some(x => x.order > group.order && x.order < c.order && `${x.ownerKind}/${x.namespace}/${x.owner}/${x.created}` !== key && x.owner === c.owner)) {
			group.changes.push(c);
			group.order = c.order;
		} else {
			const g = {order: c.order, changes: [c]};
			loose.set(key, g);
			chains.push(g);
		}
	}
	for (const s of scalings) chains.push({order: s.order, root: s, changes: byScaling.get(s) ?? []});
	const last = (c: (typeof chains)[number]) => Math.max(c.order, ...c.changes.map(x => x.order));
	chains.sort((a, b) => last(b) - last(a));
	return chains.slice(0, limit).map(c => chainText(c.root, c.changes, steps));
}

function chainText(root: Scaling | undefined, changes: readonly PodChange[], steps: ReadonlyMap<string, PodSteps>): string {
	const links: string[] = [];
	if (root) links.push(t('screen.cluster.chain.scaled', {target: root.target, replicas: root.to}));
	const created = changes.filter(c => c.created);
	const deleted = changes.filter(c => !c.created);
	const owner = changes[0] ? `${changes[0].ownerKind.toLowerCase()}/${changes[0].owner}` : root ? `replicaset/${root.replicaSet}` : '';
	if (created.length) links.push(t('screen.cluster.chain.created', {owner, count: created.length}));
	if (deleted.length) links.push(t('screen.cluster.chain.deleted', {owner, count: deleted.length}));
	const of = (c: PodChange) => steps.get(`${c.namespace}/${c.pod}`) ?? {};
	// the scheduler's bindings of the created pods, nodes in the order the pods were made
	const bound = created.filter(c => of(c).node);
	if (bound.length) links.push(t('screen.cluster.chain.bound', {count: bound.length, nodes: unique(bound.map(c => of(c).node!)).join(t('screen.cluster.chain.separator'))}));
	// per node, how far its kubelet went with those pods
	const kubelet: string[] = [];
	for (const node of unique(bound.map(c => of(c).node!))) {
		const here = bound.map(of).filter(s => s.node === node);
		const started = here.filter(s => s.started).length;
		const image = here.find(s => s.image)?.image;
		if (started) kubelet.push(t('screen.cluster.chain.started', {node, count: started}));
		else if (here.some(s => s.failed) && image) kubelet.push(t('screen.cluster.chain.pullFailed', {node, image}));
		else if (here.some(s => s.pulled) && image) kubelet.push(t('screen.cluster.chain.pulled', {node, image}));
		else if (here.some(s => s.pulling) && image) kubelet.push(t('screen.cluster.chain.pulling', {node, image}));
	}
	// and the kubelets that stopped the deleted ones
	const stopping = deleted.map(of).filter(s => s.stopped && s.node);
	for (const node of unique(stopping.map(s => s.node!))) kubelet.push(t('screen.cluster.chain.stopped', {node, count: stopping.filter(s => s.node === node).length}));
	if (kubelet.length) links.push(kubelet.join(t('screen.cluster.chain.separator')));
	return links.join(' → ');
}

function unique(list: readonly string[]): string[] {
	return [...new Set(list)];
}

/** The pods of a node in a namespace-wide list, and whether its kube-proxy pod runs. */
export function nodeParts(pods: readonly KObject[], node: string): {proxy?: string} {
	const proxy = pods.find(p => (p as {spec?: {nodeName?: string}}).spec?.nodeName === node && p.metadata.namespace === 'kube-system' && (p.metadata.labels?.['k8s-app'] === 'kube-proxy' || p.metadata.name.startsWith('kube-proxy-')));
	return {proxy: proxy ? ((proxy as {status?: {phase?: string}}).status?.phase ?? 'Unknown') : undefined};
}
