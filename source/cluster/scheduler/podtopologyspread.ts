// The PodTopologySpread plugin: topologySpreadConstraints. For each constraint the matching pods
// of the pod's namespace are counted once per scheduling cycle, per domain (the nodes' values for
// the topologyKey) over the nodes the constraint takes into account; DoNotSchedule constraints
// filter (skew = pods in the node's domain + 1 if the pod matches itself - the global minimum, at
// most maxSkew), ScheduleAnyway ones score (fewer matching pods, better).
import type {Pod, TopologySpreadConstraint} from '../types.js';
import {fromLabelSelector, matches, type Selector} from '../core/selectors.js';
import {tolerates} from '../core/tolerations.js';
import type {NodeInfo} from './nodeinfo.js';
import type {PodLister} from './podlister.js';

export const SPREAD_MISMATCH = "node(s) didn't match pod topology spread constraints";
export const SPREAD_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

const HOSTNAME = 'kubernetes.io/hostname';

interface Constraint {
	maxSkew: number;
	key: string;
	/** undefined: no labelSelector, which matches no pod. */
	selector: Selector | undefined;
	minDomains: number;
	honorAffinity: boolean;
	honorTaints: boolean;
	/** Whether the incoming pod matches the selector itself (it then adds one to its domain). */
	self: number;
	/** Matching pods per domain, every domain of an eligible node present (0 when empty). */
	counts: Map<string, number>;
}

export interface SpreadState {
	hard: Constraint[];
	soft: Constraint[];
	/** The smallest count over the domains of each hard constraint (0 when there are fewer domains than minDomains). */
	minimum: number[];
}

function constraint(pod: Pod, c: TopologySpreadConstraint): Constraint {
	let selector = fromLabelSelector(c.labelSelector);
	const labels = pod.metadata.labels ?? {};
	// matchLabelKeys take the pod's own values for those keys
	for (const k of c.matchLabelKeys ?? []) if (labels[k] !== undefined) selector = [...selector, {key: k, op: 'in', values: [labels[k]!]}];
	return {
		maxSkew: c.maxSkew,
		key: c.topologyKey,
		selector: c.labelSelector ? selector : undefined,
		minDomains: c.minDomains ?? 1,
		honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
		honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
		self: c.labelSelector && matches(selector, labels) ? 1 : 0,
		counts: new Map(),
	};
}

/** Whether a node counts for a constraint: it has every key of the set, and passes the inclusion policies. */
function eligible(c: Constraint, set: readonly Constraint[], n: NodeInfo, pod: Pod, affinity: (n: NodeInfo) => boolean): boolean {
	for (const o of set) if (n.labels[o.key] === undefined) return false;
	if (c.honorAffinity && !affinity(n)) return false;
	if (c.honorTaints) for (const t of n.taints) if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, t)) return false;
	return true;
}

function count(cs: Constraint[], pod: Pod, lister: PodLister, affinity: (n: NodeInfo) => boolean): void {
	const ns = pod.metadata.namespace ?? 'default';
	// without a nodeSelector or required node affinity, Honor takes every node
	const spec = pod.spec;
	const anyAffinity = !!spec.nodeSelector || !!spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.length;
	const nodeMatches = anyAffinity ? affinity : () => true;
	for (const c of cs) {
		// every domain of an eligible node, empty ones included (they hold the minimum down)
		for (const n of lister.nodes()) {
			const v = n.labels[c.key];
			if (v === undefined || c.counts.has(v) || !eligible(c, cs, n, pod, nodeMatches)) continue;
			c.counts.set(v, 0);
		}
		if (!c.selector) continue;
		for (const p of lister.bound(ns, c.selector)) {
			if (p.metadata.deletionTimestamp || p.metadata.uid === pod.metadata.uid) continue;
			const n = lister.nodeOf(p);
			if (!n || !eligible(c, cs, n, pod, nodeMatches)) continue;
			const v = n.labels[c.key]!;
			c.counts.set(v, (c.counts.get(v) ?? 0) + 1);
		}
	}
}

/**
 * The pre-filter: the pod's constraints counted. `affinity` says whether a node matches the pod's
 * nodeSelector and required node affinity (the default nodeAffinityPolicy Honor).
 */
export function prepareSpread(pod: Pod, lister: PodLister, affinity: (n: NodeInfo) => boolean): SpreadState | undefined {
	const list = pod.spec.topologySpreadConstraints;
	if (!list?.length) return undefined;
	const hard = list.filter(c => c.whenUnsatisfiable === 'DoNotSchedule').map(c => constraint(pod, c));
	const soft = list.filter(c => c.whenUnsatisfiable !== 'DoNotSchedule').map(c => constraint(pod, c));
	count(hard, pod, lister, affinity);
	count(soft, pod, lister, affinity);
	const minimum = hard.map(c => {
		if (c.counts.size < c.minDomains) return 0;
		let min = Infinity;
		for (const v of c.counts.values()) if (v < min) min = v;
		return min === Infinity ? 0 : min;
	});
	return {hard, soft, minimum};
}

export function spreadFilter(s: SpreadState, n: NodeInfo): string | undefined {
	for (let i = 0; i < s.hard.length; i++) {
		const c = s.hard[i]!;
		const v = n.labels[c.key];
		if (v === undefined) return SPREAD_MISSING_LABEL;
		const skew = (c.counts.get(v) ?? 0) + c.self - s.minimum[i]!;
		if (skew > c.maxSkew) return SPREAD_MISMATCH;
	}
	return undefined;
}

/**
 * Scores of the first `n` feasible nodes into `out`, 0..100: per ScheduleAnyway constraint the
 * matching pods in the node's domain, weighted by log(domains + 2), plus maxSkew - 1; then the
 * fewest gets 100. Nodes lacking a key get 0. Without soft constraints every node gets 0.
 */
export function spreadScores(s: SpreadState, nodes: ReadonlyArray<NodeInfo | undefined>, n: number, out: Float64Array): void {
	if (!s.soft.length) {
		out.fill(0, 0, n);
		return;
	}
	// the domains among the feasible nodes that have every key; other domains do not score
	const domains = s.soft.map(() => new Set<string>());
	let scored = 0;
	for (let i = 0; i < n; i++) {
		const labels = nodes[i]!.labels;
		if (!s.soft.every(c => labels[c.key] !== undefined)) continue;
		scored++;
		s.soft.forEach((c, k) => domains[k]!.add(labels[c.key]!));
	}
	const weights = s.soft.map((c, k) => Math.log((c.key === HOSTNAME ? scored : domains[k]!.size) + 2));
	let min = Infinity;
	let max = 0;
	for (let i = 0; i < n; i++) {
		const labels = nodes[i]!.labels;
		if (!s.soft.every(c => labels[c.key] !== undefined)) {
			out[i] = -1;
			continue;
		}
		let v = 0;
		s.soft.forEach((c, k) => {
			v += (c.counts.get(labels[c.key]!) ?? 0) * weights[k]! + (c.maxSkew - 1);
		});
		v = Math.round(v);
		out[i] = v;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	for (let i = 0; i < n; i++) {
		const v = out[i]!;
		if (v < 0) out[i] = 0;
		else out[i] = max === 0 ? 100 : Math.floor((100 * (max + min - v)) / max);
	}
}

// ---------------------------------------------------------------------------------------------
// The cluster-default constraints: a pod without constraints of its own that a Service,
// ReplicationController, ReplicaSet or StatefulSet selects is spread as if it had
// `kubernetes.io/hostname` maxSkew 3 and `topology.kubernetes.io/zone` maxSkew 5, both
// ScheduleAnyway, on the selectors of those objects. They only score; a node lacking one of the
// keys is still scored on the other.

const ZONE = 'topology.kubernetes.io/zone';
/** The system-default constraints of kube-scheduler's PodTopologySpread plugin. */
export const DEFAULT_SPREAD = [
	{topologyKey: HOSTNAME, maxSkew: 3},
	{topologyKey: ZONE, maxSkew: 5},
] as const;

export interface DefaultSpreadState {
	/** Matching pods per node name. */
	perNode: Map<string, number>;
	/** Matching pods per zone, counted on nodes that have both keys and match the pod's node affinity. */
	perZone: Map<string, number>;
}

/**
 * The pre-score of the default constraints: the pods of the pod's namespace that `selector` (the
 * merged selectors of what selects the pod) matches, counted per node and per zone.
 */
export function prepareDefaultSpread(pod: Pod, selector: Selector, lister: PodLister, affinity: (n: NodeInfo) => boolean): DefaultSpreadState {
	const perNode = new Map<string, number>();
	const perZone = new Map<string, number>();
	const ns = pod.metadata.namespace ?? 'default';
	const spec = pod.spec;
	const anyAffinity = !!spec.nodeSelector || !!spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.length;
	for (const p of lister.bound(ns, selector)) {
		if (p.metadata.deletionTimestamp || p.metadata.uid === pod.metadata.uid) continue;
		const n = lister.nodeOf(p);
		if (!n) continue;
		perNode.set(n.name, (perNode.get(n.name) ?? 0) + 1);
		const zone = n.labels[ZONE];
		if (zone === undefined || n.labels[HOSTNAME] === undefined || (anyAffinity && !affinity(n))) continue;
		perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
	}
	return {perNode, perZone};
}

/** Scores 0..100 of the first `n` feasible nodes for the default constraints (fewer matching pods, better). */
export function defaultSpreadScores(s: DefaultSpreadState, nodes: ReadonlyArray<NodeInfo | undefined>, n: number, out: Float64Array): void {
	const zones = new Set<string>();
	for (let i = 0; i < n; i++) zones.add(nodes[i]!.labels[ZONE] ?? '');
	const hostWeight = Math.log(n + 2);
	const zoneWeight = Math.log(zones.size + 2);
	let min = Infinity;
	let max = 0;
	for (let i = 0; i < n; i++) {
		const node = nodes[i]!;
		let v = 0;
		if (node.labels[HOSTNAME] !== undefined) v += (s.perNode.get(node.name) ?? 0) * hostWeight + (DEFAULT_SPREAD[0].maxSkew - 1);
		const zone = node.labels[ZONE];
		if (zone !== undefined) v += (s.perZone.get(zone) ?? 0) * zoneWeight + (DEFAULT_SPREAD[1].maxSkew - 1);
		v = Math.round(v);
		out[i] = v;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	for (let i = 0; i < n; i++) out[i] = max === 0 ? 100 : Math.floor((100 * (max + min - out[i]!)) / max);
}

/** The owners whose selectors the default constraints take, as kube-scheduler's DefaultSelector does. */
const SELECTING_OWNERS = new Set(['ReplicationController', 'ReplicaSet', 'StatefulSet']);

interface SelectingObject {
	spec?: {selector?: unknown};
}

/**
 * The selector the default constraints count with: the selectors of the Services of the pod's
 * namespace that select it, and its controller's when that is a ReplicationController, ReplicaSet
 * or StatefulSet. Undefined when nothing selects the pod (then it is not spread).
 */
export function defaultSpreadSelector(pod: Pod, services: ReadonlyArray<{spec?: unknown}>, getOwner: (kind: string, name: string) => SelectingObject | undefined): Selector | undefined {
	if (pod.spec.topologySpreadConstraints?.length) return undefined;
	const labels = pod.metadata.labels ?? {};
	const merged: Record<string, string> = {};
	for (const svc of services) {
		const sel = (svc.spec as {selector?: Record<string, string> | null} | undefined)?.selector;
		if (!sel) continue;
		if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(merged, sel);
	}
	let selector: Selector = fromLabelSelector({matchLabels: merged});
	const owner = pod.metadata.ownerReferences?.find(o => o.controller);
	if (owner && SELECTING_OWNERS.has(owner.kind)) {
		const sel = getOwner(owner.kind, owner.name)?.spec?.selector;
		if (sel && typeof sel === 'object') {
			// a ReplicationController's selector is a plain map; the others are LabelSelectors
			if (owner.kind === 'ReplicationController') selector = fromLabelSelector({matchLabels: {...merged, ...(sel as Record<string, string>)}});
			else selector = [...selector, ...fromLabelSelector(sel as never)];
		}
	}
	return selector.length ? selector : undefined;
}
