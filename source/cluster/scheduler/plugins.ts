// Filter and score plugins, as in kube-scheduler's default profile. A filter answers the
// reasons a node cannot take the pod (empty: it can); a score answers 0..100.
import type {NodeSelectorTerm, Pod} from '../types.js';
import {matches, fromLabelSelector} from '../core/selectors.js';
import type {NodeInfo, PodRequests} from './nodeinfo.js';
import {tolerates} from '../core/tolerations.js';
import {type AffinityState, affinityFilter, affinityScores} from './interpodaffinity.js';
import {type DefaultSpreadState, type SpreadState, defaultSpreadScores, spreadFilter, spreadScores} from './podtopologyspread.js';

export interface Candidate {
	pod: Pod;
	req: PodRequests;
	/** Images as nodes list them (`docker.io/library/nginx:1.27`), with the share of nodes that have each. */
	images?: string[];
	imageSpread?: number[];
	/** Precomputed for the common case: filters that need nothing but numbers. */
	simple?: boolean;
	toleratesUnschedulable?: boolean;
	selector?: Array<[string, string]>;
	/** This cycle's InterPodAffinity and PodTopologySpread state, only for pods (or clusters) that need them. */
	affinity?: AffinityState;
	spread?: SpreadState;
	/** The cluster-default spreading, for a pod without constraints that a Service or workload selects. */
	defaultSpread?: DefaultSpreadState;
}

/** Prepares a pod for filtering many nodes: what can be decided once is decided once. */
export function prepare(pod: Pod, req: PodRequests, imageName: (image: string) => string): Candidate {
	const spec = pod.spec;
	const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	return {
		pod,
		req,
		images: spec.containers.map(c => imageName(c.image)),
		simple: !spec.nodeName && !(required && required.length) && req.ports.length === 0 && !req.scalar,
		toleratesUnschedulable: tolerates(spec.tolerations, {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'}),
		selector: spec.nodeSelector ? Object.entries(spec.nodeSelector) : undefined,
	};
}

/** True when the node passes every filter; the cheap checks inline, the rest through runFilters. */
export function feasible(c: Candidate, n: NodeInfo): boolean {
	if (!c.simple || c.affinity || c.spread) return runFilters(c, n) === null;
	if (n.unschedulable && !c.toleratesUnschedulable) return false;
	if (n.taints.length && taintToleration(c, n)) return false;
	if (c.selector) for (const [k, v] of c.selector) if (n.labels[k] !== v) return false;
	if (n.pods + 1 > n.allocPods) return false;
	if (c.req.cpu > 0 && n.reqCpu + c.req.cpu > n.allocCpu) return false;
	if (c.req.mem > 0 && n.reqMem + c.req.mem > n.allocMem) return false;
	return true;
}

type Filter = (c: Candidate, n: NodeInfo) => string[] | null;


const nodeUnschedulable: Filter = (c, n) => {
	if (!n.unschedulable) return null;
	if (tolerates(c.pod.spec.tolerations, {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'})) return null;
	return ['node(s) were unschedulable'];
};

const nodeName: Filter = (c, n) => {
	const want = c.pod.spec.nodeName;
	return want && want !== n.name ? ["node(s) didn't match the requested node name"] : null;
};

const taintToleration: Filter = (c, n) => {
	for (const taint of n.taints) {
		if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
		if (!tolerates(c.pod.spec.tolerations, taint)) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
	}
	return null;
};

function termMatches(term: NodeSelectorTerm, n: NodeInfo): boolean {
	const exprs = term.matchExpressions ?? [];
	const fields = term.matchFields ?? [];
	if (!exprs.length && !fields.length) return false;
	if (exprs.length && !matches(fromLabelSelector({matchExpressions: exprs}), n.labels)) return false;
	if (fields.length && !matches(fromLabelSelector({matchExpressions: fields}), {'metadata.name': n.name})) return false;
	return true;
}

/** Whether a node matches a pod's nodeSelector and required node affinity. */
export function matchesNodeAffinity(pod: Pod, n: NodeInfo): boolean {
	const sel = pod.spec.nodeSelector;
	if (sel) for (const k in sel) if (n.labels[k] !== sel[k]) return false;
	const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	return !(terms && terms.length && !terms.some(t => termMatches(t, n)));
}

const nodeAffinity: Filter = (c, n) => {
	const sel = c.pod.spec.nodeSelector;
	if (sel) for (const [k, v] of Object.entries(sel)) if (n.labels[k] !== v) return ["node(s) didn't match Pod's node affinity/selector"];
	const terms = c.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	if (terms && terms.length && !terms.some(t => termMatches(t, n))) return ["node(s) didn't match Pod's node affinity/selector"];
	return null;
};

const nodePorts: Filter = (c, n) => {
	for (const p of c.req.ports) if ((n.hostPorts.get(p) ?? 0) > 0) return ["node(s) didn't have free ports for the requested pod ports"];
	return null;
};

const nodeResourcesFit: Filter = (c, n) => {
	let reasons: string[] | null = null;
	if (n.pods + 1 > n.allocPods) (reasons ??= []).push('Too many pods');
	if (c.req.cpu > 0 && n.reqCpu + c.req.cpu > n.allocCpu) (reasons ??= []).push('Insufficient cpu');
	if (c.req.mem > 0 && n.reqMem + c.req.mem > n.allocMem) (reasons ??= []).push('Insufficient memory');
	// every other resource requested, extended ones included, against what the node offers of it
	if (c.req.scalar) for (const [name, want] of c.req.scalar) if ((n.reqScalar.get(name) ?? 0) + want > (n.allocScalar.get(name) ?? 0)) (reasons ??= []).push(`Insufficient ${name}`);
	return reasons;
};

const podTopologySpread: Filter = (c, n) => {
	const r = c.spread && spreadFilter(c.spread, n);
	return r ? [r] : null;
};

const interPodAffinity: Filter = (c, n) => {
	const r = c.affinity && affinityFilter(c.affinity, n);
	return r ? [r] : null;
};

/** The default profile's filters, in the order kube-scheduler runs them. */
export const FILTERS: Filter[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, podTopologySpread, interPodAffinity];

export function runFilters(c: Candidate, n: NodeInfo): string[] | null {
	for (const f of FILTERS) {
		const r = f(c, n);
		if (r) return r;
	}
	return null;
}

const MIN_IMAGE = 23 * 1024 * 1024;
const MAX_IMAGE = 1000 * 1024 * 1024;

/**
 * Weighted scores of the first `n` feasible nodes into `out[0..n)`: TaintToleration x3
 * (fewer intolerable PreferNoSchedule taints), NodeAffinity x2 (preferred terms), PodTopologySpread x2
 * (the pod's own ScheduleAnyway constraints, or the cluster-default ones),
 * InterPodAffinity x2 (when the pod or a placed pod has terms), LeastAllocated x1,
 * BalancedAllocation x1, ImageLocality x1.
 * `out` must hold 3n numbers; the upper part is scratch space for normalizing.
 */
export function scoreNodes(c: Candidate, nodes: ReadonlyArray<NodeInfo | undefined>, n: number, out: Float64Array): void {
	const pod = c.pod;
	const tolerations = pod.spec.tolerations;
	const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
	const maxImage = MAX_IMAGE * pod.spec.containers.length;
	let maxTaint = 0;
	let maxAff = 0;
	for (let i = 0; i < n; i++) {
		const node = nodes[i]!;
		const cpuFrac = node.allocCpu > 0 ? (node.nzCpu + c.req.nzCpu) / node.allocCpu : 1;
		const memFrac = node.allocMem > 0 ? (node.nzMem + c.req.nzMem) / node.allocMem : 1;
		const least = ((cpuFrac < 1 ? 1 - cpuFrac : 0) + (memFrac < 1 ? 1 - memFrac : 0)) * 50;
		const balanced = (1 - Math.abs((cpuFrac < 1 ? cpuFrac : 1) - (memFrac < 1 ? memFrac : 1)) / 2) * 100;
		let image = 0;
		if (node.images.size && c.images) {
			for (let k = 0; k < c.images.length; k++) {
				const size = node.images.get(c.images[k]!);
				if (size) image += size * (c.imageSpread?.[k] ?? 1);
			}
		}
		const imageScore = image < MIN_IMAGE ? 0 : image > maxImage ? 100 : ((image - MIN_IMAGE) * 100) / (maxImage - MIN_IMAGE);
		out[i] = least + balanced + imageScore;
		let taints = 0;
		if (node.taints.length) for (const t of node.taints) if (t.effect === 'PreferNoSchedule' && !tolerates(tolerations, t)) taints++;
		let aff = 0;
		if (preferred) for (const p of preferred) if (termMatches(p.preference, node)) aff += p.weight;
		out[n + i] = taints;
		out[2 * n + i] = aff;
		if (taints > maxTaint) maxTaint = taints;
		if (aff > maxAff) maxAff = aff;
	}
	for (let i = 0; i < n; i++) {
		const taint = maxTaint ? 100 - (out[n + i]! * 100) / maxTaint : 100;
		const affinity = maxAff ? (out[2 * n + i]! * 100) / maxAff : 0;
		out[i] = out[i]! + 3 * taint + 2 * affinity;
	}
	if (c.spread || c.defaultSpread || c.affinity) {
		const extra = new Float64Array(n);
		if (c.spread) spreadScores(c.spread, nodes, n, extra);
		else if (c.defaultSpread) defaultSpreadScores(c.defaultSpread, nodes, n, extra);
		if (c.spread || c.defaultSpread) for (let i = 0; i < n; i++) out[i] = out[i]! + 2 * extra[i]!;
		if (c.affinity) {
			affinityScores(c.affinity, nodes, n, extra);
			for (let i = 0; i < n; i++) out[i] = out[i]! + 2 * extra[i]!;
		}
	}
}

/** The single node a pod is pinned to by a required `metadata.name In [node]` term, if any. */
export function pinnedNode(pod: Pod): string | undefined {
	const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	if (!terms || terms.length !== 1) return undefined;
	const t = terms[0]!;
	if (t.matchExpressions?.length || t.matchFields?.length !== 1) return undefined;
	const f = t.matchFields[0]!;
	return f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1 ? f.values[0] : undefined;
}

/** How many feasible nodes to find before scoring (percentageOfNodesToScore, adaptive). */
export function feasibleNodesToFind(total: number): number {
	if (total < 100) return total;
	const pct = Math.max(5, 50 - Math.floor(total / 125));
	return Math.max(100, Math.floor((total * pct) / 100));
}

export {fromLabelSelector};
