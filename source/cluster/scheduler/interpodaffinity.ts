// The InterPodAffinity plugin: required and preferred podAffinity / podAntiAffinity. What the
// placed pods mean for one incoming pod is counted once per scheduling cycle, per topology pair
// (topologyKey, the node's value for it); each node is then judged by its labels alone.
// Only pods that have such terms, or clusters where a placed pod has them, pay for it.
import type {LabelSelector, Labels, Pod, PodAffinityTerm} from '../types.js';
import {fromLabelSelector, matches, type Selector} from '../core/selectors.js';
import type {NodeInfo} from './nodeinfo.js';
import type {PodLister} from './podlister.js';

export const AFFINITY_MISMATCH = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_MISMATCH = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_MISMATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

/** A placed pod's required podAffinity term counts this much in scoring (hardPodAffinityWeight). */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** A term made ready for matching: the selector (with matchLabelKeys merged in) and the namespaces it looks at. */
interface Term {
	topologyKey: string;
	/** undefined: a null labelSelector, which matches no pod. */
	selector: Selector | undefined;
	namespaces: Set<string>;
	namespaceSelector: Selector | undefined;
	weight: number;
}

function isEmptySelector(s: LabelSelector): boolean {
	return !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length;
}

function term(owner: Pod, t: PodAffinityTerm, weight: number): Term {
	let selector: Selector | undefined = t.labelSelector ? fromLabelSelector(t.labelSelector) : undefined;
	const labels = owner.metadata.labels ?? {};
	if (selector) {
		// matchLabelKeys / mismatchLabelKeys take the owner's own values for those keys
		for (const k of t.matchLabelKeys ?? []) if (labels[k] !== undefined) selector = [...selector, {key: k, op: 'in', values: [labels[k]!]}];
		for (const k of t.mismatchLabelKeys ?? []) if (labels[k] !== undefined) selector = [...selector, {key: k, op: 'notin', values: [labels[k]!]}];
	}
	const names = new Set(t.namespaces ?? []);
	const nsSel = t.namespaceSelector ?? undefined;
	// neither namespaces nor a namespaceSelector: the owner's own namespace
	if (!names.size && !nsSel) names.add(owner.metadata.namespace ?? 'default');
	return {topologyKey: t.topologyKey, selector, namespaces: names, namespaceSelector: nsSel ? (isEmptySelector(nsSel) ? [] : fromLabelSelector(nsSel)) : undefined, weight};
}

function termMatches(t: Term, pod: Pod, lister: PodLister): boolean {
	if (!t.selector || !matches(t.selector, pod.metadata.labels)) return false;
	const ns = pod.metadata.namespace ?? 'default';
	if (t.namespaces.has(ns)) return true;
	if (!t.namespaceSelector) return false;
	return !t.namespaceSelector.length || matches(t.namespaceSelector, lister.namespaceLabels(ns));
}

/** The placed pods a term may match (a superset when a namespaceSelector is involved). */
function candidates(t: Term, lister: PodLister): Pod[] {
	if (!t.selector) return [];
	if (t.namespaceSelector) return lister.bound(undefined, t.selector);
	const out: Pod[] = [];
	for (const ns of t.namespaces) for (const p of lister.bound(ns, t.selector)) out.push(p);
	return out;
}

interface PodTerms {
	affinity: Term[];
	anti: Term[];
	preferred: Term[];
	preferredAnti: Term[];
}

const parsed = new WeakMap<Pod, PodTerms>();

function termsOf(pod: Pod): PodTerms {
	let t = parsed.get(pod);
	if (t) return t;
	const a = pod.spec.affinity;
	t = {
		affinity: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(x => term(pod, x, 1)),
		anti: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(x => term(pod, x, 1)),
		preferred: (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(x => term(pod, x.podAffinityTerm, x.weight)),
		preferredAnti: (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(x => term(pod, x.podAffinityTerm, x.weight)),
	};
	parsed.set(pod, t);
	return t;
}

/** The label pairs (`app=store`) one of which a pod must carry for the term to take it; undefined when any pod may match. */
function indexKeys(t: Term): string[] | undefined {
	if (!t.selector) return [];
	const r = t.selector.find(x => x.op === 'in');
	return r && r.op === 'in' ? r.values.map(v => `${r.key}=${v}`) : undefined;
}

/**
 * The placed pods with pod (anti-)affinity terms, indexed by a label pair each of their terms
 * requires, so that a scheduling cycle visits only those whose terms may take the incoming pod.
 */
export class AffinityIndex {
	private readonly pods = new Map<string, Pod>();
	private readonly keysOf = new Map<string, string[]>();
	private readonly buckets = new Map<string, Set<string>>();

	get size(): number {
		return this.pods.size;
	}

	has(key: string): Pod | undefined {
		return this.pods.get(key);
	}

	add(key: string, pod: Pod): void {
		this.remove(key);
		const t = termsOf(pod);
		const keys = new Set<string>();
		for (const term of [...t.affinity, ...t.anti, ...t.preferred, ...t.preferredAnti]) {
			const k = indexKeys(term);
			if (k === undefined) keys.add('');
			else for (const x of k) keys.add(x);
		}
		this.pods.set(key, pod);
		this.keysOf.set(key, [...keys]);
		for (const k of keys) {
			let b = this.buckets.get(k);
			if (!b) this.buckets.set(k, (b = new Set()));
			b.add(key);
		}
	}

	remove(key: string): boolean {
		const keys = this.keysOf.get(key);
		if (!keys) return false;
		for (const k of keys) {
			const b = this.buckets.get(k)!;
			b.delete(key);
			if (!b.size) this.buckets.delete(k);
		}
		this.keysOf.delete(key);
		this.pods.delete(key);
		return true;
	}

	/** Placed pods whose terms may take this pod (a superset: the terms still have to be matched). */
	candidates(pod: Pod): Pod[] {
		const out: Pod[] = [];
		const seen = new Set<string>();
		const visit = (k: string) => {
			const b = this.buckets.get(k);
			if (b) for (const key of b) if (!seen.has(key)) {
				seen.add(key);
				out.push(this.pods.get(key)!);
			}
		};
		visit('');
		const labels = pod.metadata.labels;
		if (labels) for (const k in labels) visit(`${k}=${labels[k]}`);
		return out;
	}
}

/** Counts per topology pair, as `key` -> value -> count. */
type PairCounts = Map<string, Map<string, number>>;

function bump(m: PairCounts, key: string, value: string, by: number): void {
	let inner = m.get(key);
	if (!inner) m.set(key, (inner = new Map()));
	inner.set(value, (inner.get(value) ?? 0) + by);
}

function countAt(m: PairCounts, key: string, labels: Labels): number {
	const v = labels[key];
	return v === undefined ? 0 : (m.get(key)?.get(v) ?? 0);
}

/** One scheduling cycle's view of the placed pods, for one incoming pod. */
export interface AffinityState {
	terms: PodTerms;
	/** Placed pods matching all required affinity terms, per term's topology pair. */
	affinityCounts: PairCounts;
	affinityTotal: number;
	/** Whether the incoming pod matches its own required affinity terms (the first of a group may go anywhere). */
	selfMatch: boolean;
	antiCounts: PairCounts;
	/** Topology pairs where a placed pod's required anti-affinity term takes the incoming pod. */
	existingAnti: PairCounts;
	/** Preferred terms both ways, summed per topology pair; undefined when there is nothing to score. */
	scores: PairCounts | undefined;
}

/** The pre-filter and pre-score: undefined when neither the pod nor any placed pod has pod (anti-)affinity. */
export function prepareAffinity(pod: Pod, lister: PodLister): AffinityState | undefined {
	const terms = termsOf(pod);
	const existing = lister.withAffinity(pod);
	const own = terms.affinity.length + terms.anti.length + terms.preferred.length + terms.preferredAnti.length;
	if (!own && !existing.length) return undefined;
	const state: AffinityState = {terms, affinityCounts: new Map(), affinityTotal: 0, selfMatch: false, antiCounts: new Map(), existingAnti: new Map(), scores: undefined};
	const uid = pod.metadata.uid;
	if (terms.affinity.length) {
		state.selfMatch = terms.affinity.every(t => termMatches(t, pod, lister));
		for (const p of candidates(terms.affinity[0]!, lister)) {
			if (p.metadata.uid === uid || !terms.affinity.every(t => termMatches(t, p, lister))) continue;
			const labels = lister.nodeOf(p)?.labels;
			if (!labels) continue;
			for (const t of terms.affinity) {
				const v = labels[t.topologyKey];
				if (v !== undefined) {
					bump(state.affinityCounts, t.topologyKey, v, 1);
					state.affinityTotal++;
				}
			}
		}
	}
	for (const t of terms.anti) {
		for (const p of candidates(t, lister)) {
			if (p.metadata.uid === uid || !termMatches(t, p, lister)) continue;
			const v = lister.nodeOf(p)?.labels[t.topologyKey];
			if (v !== undefined) bump(state.antiCounts, t.topologyKey, v, 1);
		}
	}
	const scores: PairCounts = new Map();
	let scored = false;
	const score = (t: Term, p: Pod, sign: number) => {
		const v = lister.nodeOf(p)?.labels[t.topologyKey];
		if (v === undefined) return;
		bump(scores, t.topologyKey, v, sign * t.weight);
		scored = true;
	};
	for (const t of terms.preferred) for (const p of candidates(t, lister)) if (p.metadata.uid !== uid && termMatches(t, p, lister)) score(t, p, 1);
	for (const t of terms.preferredAnti) for (const p of candidates(t, lister)) if (p.metadata.uid !== uid && termMatches(t, p, lister)) score(t, p, -1);
	for (const p of existing) {
		if (p.metadata.uid === uid) continue;
		const theirs = termsOf(p);
		const labels = lister.nodeOf(p)?.labels;
		if (!labels) continue;
		for (const t of theirs.anti) {
			const v = labels[t.topologyKey];
			if (v !== undefined && termMatches(t, pod, lister)) bump(state.existingAnti, t.topologyKey, v, 1);
		}
		for (const t of theirs.affinity) if (termMatches(t, pod, lister)) score({...t, weight: HARD_POD_AFFINITY_WEIGHT}, p, 1);
		for (const t of theirs.preferred) if (termMatches(t, pod, lister)) score(t, p, 1);
		for (const t of theirs.preferredAnti) if (termMatches(t, pod, lister)) score(t, p, -1);
	}
	if (scored) state.scores = scores;
	// nothing of the placed pods' terms concerns this pod, and it has none: the fast path stays open
	if (!own && !state.existingAnti.size && !scored) return undefined;
	return state;
}

/** The filter: the first rule the node breaks, in the order kube-scheduler checks them. */
export function affinityFilter(s: AffinityState, n: NodeInfo): string | undefined {
	const labels = n.labels;
	if (s.terms.affinity.length) {
		let podsExist = true;
		for (const t of s.terms.affinity) {
			if (labels[t.topologyKey] === undefined) return AFFINITY_MISMATCH;
			if (countAt(s.affinityCounts, t.topologyKey, labels) <= 0) podsExist = false;
		}
		// no pod matches anywhere yet: a pod that matches its own terms may start the group
		if (!podsExist && !(s.affinityTotal === 0 && s.selfMatch)) return AFFINITY_MISMATCH;
	}
	for (const t of s.terms.anti) if (countAt(s.antiCounts, t.topologyKey, labels) > 0) return ANTI_AFFINITY_MISMATCH;
	for (const [key, values] of s.existingAnti) {
		const v = labels[key];
		if (v !== undefined && (values.get(v) ?? 0) > 0) return EXISTING_ANTI_AFFINITY_MISMATCH;
	}
	return undefined;
}

/** Raw scores of the first `n` nodes into `out`, normalized to 0..100 (the lowest 0, the highest 100). */
export function affinityScores(s: AffinityState, nodes: ReadonlyArray<NodeInfo | undefined>, n: number, out: Float64Array): void {
	const scores = s.scores;
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		let v = 0;
		if (scores) {
			const labels = nodes[i]!.labels;
			for (const [key, values] of scores) {
				const l = labels[key];
				if (l !== undefined) v += values.get(l) ?? 0;
			}
		}
		out[i] = v;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const diff = max - min;
	for (let i = 0; i < n; i++) out[i] = diff > 0 ? (100 * (out[i]! - min)) / diff : 0;
}
