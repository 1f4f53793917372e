// Filter and score plugins, as in kube-scheduler's default profile. A filter answers the
// reasons a node cannot take the pod (empty: it can); a score answers 0..100.
import type {KObject, NodeSelectorTerm, Taint, Toleration} from '../types.js';
import {matches, fromLabelSelector} from '../store/selectors.js';
import type {NodeInfo, PodRequests} from './nodeinfo.js';

export interface Candidate {
	pod: KObject;
	req: PodRequests;
}

type Filter = (c: Candidate, n: NodeInfo) => string[] | null;

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
	for (const t of tolerations ?? []) {
		if (t.effect && t.effect !== taint.effect) continue;
		if (t.operator === 'Exists') {
			if (!t.key || t.key === taint.key) return true;
		} else if (t.key === taint.key && (t.value ?? '') === (taint.value ?? '')) {
			return true;
		}
	}
	return false;
}

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

const nodeAffinity: Filter = (c, n) => {
	const sel = c.pod.spec.nodeSelector;
	if (sel) for (const [k, v] of Object.entries(sel)) if (n.labels[k] !== v) return ["node(s) didn't match Pod's node affinity/selector"];
	const terms: NodeSelectorTerm[] | undefined = c.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
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
	return reasons;
};

/** The default profile's filters, in the order kube-scheduler runs them. */
export const FILTERS: Filter[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];

export function runFilters(c: Candidate, n: NodeInfo): string[] | null {
	for (const f of FILTERS) {
		const r = f(c, n);
		if (r) return r;
	}
	return null;
}

/** Raw scores; normalized ones are combined with weights by the scheduler. */
export interface RawScores {
	leastAllocated: number;
	balanced: number;
	preferNoSchedule: number;
	affinity: number;
	spread: number;
	image: number;
}

export function scoreNode(c: Candidate, n: NodeInfo, totalNodes: number, imageSpread: (image: string) => number): RawScores {
	const cpuFrac = n.allocCpu > 0 ? (n.nzCpu + c.req.nzCpu) / n.allocCpu : 1;
	const memFrac = n.allocMem > 0 ? (n.nzMem + c.req.nzMem) / n.allocMem : 1;
	const leastAllocated = ((Math.max(0, 1 - cpuFrac) + Math.max(0, 1 - memFrac)) / 2) * 100;
	const balanced = (1 - Math.abs(Math.min(cpuFrac, 1) - Math.min(memFrac, 1)) / 2) * 100;
	let preferNoSchedule = 0;
	for (const t of n.taints) if (t.effect === 'PreferNoSchedule' && !tolerates(c.pod.spec.tolerations, t)) preferNoSchedule++;
	let affinity = 0;
	for (const p of c.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
		if (termMatches(p.preference, n)) affinity += p.weight;
	const spread = c.req.owner ? (n.owners.get(c.req.owner) ?? 0) : 0;
	let image = 0;
	for (const ct of c.pod.spec.containers) {
		const size = n.images.get(ct.image);
		if (size) image += size * imageSpread(ct.image);
	}
	const min = 23 * 1024 * 1024;
	const max = 1000 * 1024 * 1024 * c.pod.spec.containers.length;
	const imageScore = image < min ? 0 : image > max ? 100 : ((image - min) * 100) / (max - min);
	void totalNodes;
	return {leastAllocated, balanced, preferNoSchedule, affinity, spread, image: imageScore};
}

/** Weighted sum over nodes after normalizing the plugins that need it (reverse for taints and spread). */
export function combine(all: RawScores[]): number[] {
	let maxTaint = 0;
	let maxAff = 0;
	let maxSpread = 0;
	let minSpread = Infinity;
	for (const s of all) {
		if (s.preferNoSchedule > maxTaint) maxTaint = s.preferNoSchedule;
		if (s.affinity > maxAff) maxAff = s.affinity;
		if (s.spread > maxSpread) maxSpread = s.spread;
		if (s.spread < minSpread) minSpread = s.spread;
	}
	return all.map(s => {
		const taint = maxTaint ? 100 - (s.preferNoSchedule * 100) / maxTaint : 100;
		const aff = maxAff ? (s.affinity * 100) / maxAff : 0;
		const spread = maxSpread > minSpread ? ((maxSpread - s.spread) * 100) / (maxSpread - minSpread) : 100;
		return 3 * taint + 2 * aff + 2 * spread + s.leastAllocated + s.balanced + s.image;
	});
}

/** How many feasible nodes to find before scoring (percentageOfNodesToScore, adaptive). */
export function feasibleNodesToFind(total: number): number {
	if (total < 100) return total;
	const pct = Math.max(5, 50 - Math.floor(total / 125));
	return Math.max(100, Math.floor((total * pct) / 100));
}

export {fromLabelSelector};
