// kube-scheduler: watches for pods without a node, runs the filters on the nodes (stopping once
// enough feasible nodes are found, starting where the last search stopped), scores the feasible
// ones, binds the pod to the best, and reports FailedScheduling with the reasons otherwise.
// Unschedulable pods wait until the cluster changes, then are tried again.
import type {ApiServer} from '../api/apiserver.js';
import type {EventRecorder} from '../events.js';
import type {Runner, Reconciler} from '../core/runner.js';
import {NO_TALLY, type Tally} from '../core/tally.js';
import type {Clock} from '../clock.js';
import type {Rng} from '../core/rng.js';
import type {Node, Pod} from '../types.js';
import {keyOf, type Store} from '../store/store.js';
import {type NodeInfo, type PodRequests, addPod, newNodeInfo, podRequests, refreshNode} from './nodeinfo.js';
import {feasible as passes, feasibleNodesToFind, matchesNodeAffinity, pinnedNode, prepare, runFilters, scoreNodes, type Candidate} from './plugins.js';
import {type PodLister, hasPodAffinity} from './podlister.js';
import {AFFINITY_MISMATCH, ANTI_AFFINITY_MISMATCH, AffinityIndex, EXISTING_ANTI_AFFINITY_MISMATCH, prepareAffinity} from './interpodaffinity.js';
import {SPREAD_MISMATCH, defaultSpreadSelector, prepareDefaultSpread, prepareSpread} from './podtopologyspread.js';
import {parseImageRef} from '../apps/index.js';
import {setCondition} from '../core/conditions.js';
import {watchKind} from '../core/objects.js';
import {parseFieldSelector} from '../core/selectors.js';
import {isTerminal} from '../core/pods.js';
import {type PodVolumes, VOLUME_KINDS, bindVolumes, podVolumes, volumeFilter} from './volumebinding.js';
import {type Candidate as PreemptionCandidate, NOT_HELPFUL, NO_VICTIMS, pickCandidate, priorityOf, resolvable, selectVictims} from './preemption.js';

const SOURCE = {component: 'default-scheduler'};
/** Reasons a newly placed pod may cure: a pod that failed for them is retried when another pod is bound. */
const POD_REASONS = new Set([AFFINITY_MISMATCH, ANTI_AFFINITY_MISMATCH, EXISTING_ANTI_AFFINITY_MISMATCH, SPREAD_MISMATCH]);
const RETRY_MS = 1000;
const UNSCHEDULABLE_FLUSH_MS = 60_000;

interface Bound {
	node: string;
	req: PodRequests;
	priority: number;
}

export class Scheduler implements Reconciler {
	readonly name = 'scheduler';
	private nodes = new Map<string, NodeInfo>();
	private nodeList: NodeInfo[] = [];
	private bound = new Map<string, Bound>();
	private unschedulable = new Set<string>();
	/** Unschedulable pods that failed for other pods' sake (affinity, spreading). */
	private waitingOnPods = new Set<string>();
	/** Bound pods with pod affinity or anti-affinity terms of their own: pods their terms may take are checked against them. */
	private affinityPods = new AffinityIndex();
	private nextStart = 0;
	private flushTimer: number | undefined;
	private periodicTimer: number | undefined;
	/** Pods bound since start (for throughput figures). */
	scheduled = 0;
	attempts = 0;
	/** Counts each binding (the control plane's counters). */
	bindings: Tally = NO_TALLY;

	constructor(
		private readonly api: ApiServer,
		private readonly store: Store,
		private readonly clock: Clock,
		private readonly rng: Rng,
		private readonly events: EventRecorder,
		private readonly runner: Runner,
	) {
		runner.register(this);
		watchKind<Node>(store, 'Node', (type, node) => this.onNode(type, node));
		watchKind<Pod>(store, 'Pod', (type, pod, old) => this.onPod(type, pod, old));
		// claims, volumes and classes appearing or binding may make waiting pods schedulable
		for (const kind of VOLUME_KINDS) store.watch(kind, type => type !== 'DELETED' && this.clusterChanged());
	}

	private onNode(type: string, node: Node): void {
		const name = node.metadata.name;
		if (type === 'DELETED') {
			this.nodes.delete(name);
			this.nodeList = [...this.nodes.values()];
			return;
		}
		const info = this.nodes.get(name);
		if (!info) {
			this.nodes.set(name, newNodeInfo(node));
			this.nodeList.push(this.nodes.get(name)!);
			this.clusterChanged();
			return;
		}
		const before = info.node;
		const oldImages = before.status?.images === node.status?.images ? undefined : [...info.images.keys()];
		refreshNode(info, node);
		if (oldImages) {
			for (const i of oldImages) this.imageNodes.set(i, (this.imageNodes.get(i) ?? 1) - 1);
			for (const i of info.images.keys()) this.imageNodes.set(i, (this.imageNodes.get(i) ?? 0) + 1);
		}
		if (
			before.spec?.unschedulable !== node.spec?.unschedulable ||
			before.spec?.taints !== node.spec?.taints ||
			before.metadata.labels !== node.metadata.labels ||
			before.status?.allocatable !== node.status?.allocatable
		)
			this.clusterChanged();
	}

	private onPod(type: string, pod: Pod, old: Pod | undefined): void {
		const key = keyOf(pod);
		const node = pod.spec.nodeName;
		const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
		const holds = type !== 'DELETED' && !!node && !terminal;
		const b = this.bound.get(key);
		if (b && (!holds || b.node !== node || (old && old.metadata.uid !== pod.metadata.uid))) {
			const info = this.nodes.get(b.node);
			if (info) addPod(info, b.req, -1);
			this.bound.delete(key);
			this.affinityPods.remove(key);
			this.countPriority(b.priority, -1);
			this.clusterChanged();
		}
		if (holds && !this.bound.has(key)) {
			const req = podRequests(pod);
			const info = this.nodes.get(node!);
			if (info) addPod(info, req, 1);
			const priority = priorityOf(pod);
			this.bound.set(key, {node: node!, req, priority});
			if (hasPodAffinity(pod)) this.affinityPods.add(key, pod);
			this.countPriority(priority, 1);
			// a pod waiting for company (or for its group to spread) may now find a place
			if (this.waitingOnPods.size) this.clusterChanged();
		}
		// a placed pod with terms whose labels change: keep the latest
		const placed = holds ? this.affinityPods.has(key) : undefined;
		if (placed && placed.metadata.labels !== pod.metadata.labels) this.affinityPods.add(key, pod);
		if (type === 'DELETED') {
			this.unschedulable.delete(key);
			this.waitingOnPods.delete(key);
			return;
		}
		if (!node && !pod.metadata.deletionTimestamp && (pod.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler') {
			// a gated pod waits in no queue (PreEnqueue) until its last gate is removed
			if (pod.spec.schedulingGates?.length) return;
			if (type === 'ADDED' || old?.spec.schedulingGates?.length) this.runner.enqueue(this, key);
		}
	}

	/** The placed pods as the pod-aware plugins read them. */
	private readonly lister: PodLister = {
		bound: (namespace, selector) => {
			const out: Pod[] = [];
			for (const p of this.store.list<Pod>('Pod', {namespace, labels: selector})) if (this.bound.has(keyOf(p))) out.push(p);
			return out;
		},
		withAffinity: pod => this.affinityPods.candidates(pod),
		namespaceLabels: name => this.store.get('Namespace', undefined, name)?.metadata.labels,
		// the pods the lister gives are bound: their nodeName is where the cache counts them
		nodeOf: pod => (pod.spec.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined),
		nodes: () => this.nodeList,
	};

	/** Something freed capacity or changed nodes: try the unschedulable pods again soon. */
	private clusterChanged(): void {
		if (!this.unschedulable.size || this.flushTimer !== undefined) return;
		this.flushTimer = this.clock.after(RETRY_MS, () => {
			this.flushTimer = undefined;
			this.flush();
		});
	}

	private flush(): void {
		const keys = [...this.unschedulable];
		this.unschedulable.clear();
		this.waitingOnPods.clear();
		for (const k of keys) this.runner.enqueue(this, k);
	}

	sync(key: string): void {
		const slash = key.indexOf('/');
		const pod = this.store.get<Pod>('Pod', key.slice(0, slash), key.slice(slash + 1));
		if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp || pod.spec.schedulingGates?.length) return;
		this.attempts++;
		const volumes = podVolumes(pod, this.store);
		if (volumes?.unresolvable) {
			this.fail(pod, this.nodeList.length, new Map(), [], volumes.unresolvable);
			return;
		}
		const req = podRequests(pod);
		const candidate = prepare(pod, req, image => this.imageName(image));
		candidate.imageSpread = candidate.images!.map(i => (this.imageNodes.get(i) ?? 0) / Math.max(1, this.nodeList.length));
		// pod-aware plugins: counted once for this cycle, and only when the pod or a placed pod has terms
		if (this.affinityPods.size || hasPodAffinity(pod)) candidate.affinity = prepareAffinity(pod, this.lister);
		if (pod.spec.topologySpreadConstraints?.length) candidate.spread = prepareSpread(pod, this.lister, n => matchesNodeAffinity(pod, n));
		else if (this.nodeList.length > 1) {
			const ns = pod.metadata.namespace;
			const selector = defaultSpreadSelector(pod, this.store.list('Service', {namespace: ns}), (kind, name) => this.store.get(kind, ns, name) as {spec?: {selector?: unknown}} | undefined);
			if (selector) candidate.defaultSpread = prepareDefaultSpread(pod, selector, this.lister, n => matchesNodeAffinity(pod, n));
		}
		const all = this.nodeList;
		const total = all.length;
		const reasons = new Map<string, number>();
		// a pod pinned to one node by name (DaemonSet pods) needs only that node checked
		const pinned = pinnedNode(pod);
		if (pinned !== undefined) {
			const info = this.nodes.get(pinned);
			const r = info ? runFilters(candidate, info) ?? (volumes ? volumeFilter(volumes, info) : null) : ["node(s) didn't match Pod's node affinity/selector"];
			if (!r && info) {
				this.bind(pod, info, volumes);
				return;
			}
			const failed: Array<[NodeInfo, string[]]> = [];
			for (const n of all) if (n.name !== pinned) {
				reasons.set("node(s) didn't match Pod's node affinity/selector", (reasons.get("node(s) didn't match Pod's node affinity/selector") ?? 0) + 1);
				failed.push([n, ["node(s) didn't match Pod's node affinity/selector"]]);
			}
			for (const reason of r ?? []) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
			if (info) failed.push([info, r ?? []]);
			this.fail(pod, total, reasons, failed);
			return;
		}
		const want = feasibleNodesToFind(total);
		const feasible = this.feasible;
		let found = 0;
		let examined = 0;
		const failed: Array<[NodeInfo, string[]]> = [];
		const affinity = volumes && volumes.affinity.length ? volumes : undefined;
		for (; examined < total && found < want; examined++) {
			const info = all[(this.nextStart + examined) % total]!;
			if (passes(candidate, info) && (!affinity || !volumeFilter(affinity, info))) {
				feasible[found++] = info;
				continue;
			}
			const r = runFilters(candidate, info) ?? (affinity ? volumeFilter(affinity, info) : null) ?? [];
			for (const reason of r) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
			failed.push([info, r]);
		}
		if (total) this.nextStart = (this.nextStart + examined) % total;
		if (!found) {
			this.fail(pod, total, reasons, failed);
			return;
		}
		const best = found === 1 ? feasible[0]! : this.pickBest(candidate, feasible, found);
		feasible.fill(undefined, 0, found);
		this.bind(pod, best, volumes);
	}

	/** Scratch space for the feasible nodes of one pod (cleared after each). */
	private feasible: Array<NodeInfo | undefined> = [];
	/** How many nodes hold each image (ImageLocality scales by it). */
	private imageNodes = new Map<string, number>();
	private imageNames = new Map<string, string>();

	private imageName(image: string): string {
		let n = this.imageNames.get(image);
		if (n === undefined) {
			n = parseImageRef(image).fullName;
			if (this.imageNames.size < 10_000) this.imageNames.set(image, n);
		}
		return n;
	}
	private scores = new Float64Array(0);

	/** Scores the feasible nodes and picks the best, ties broken by the seeded generator. */
	private pickBest(candidate: Candidate, feasible: ReadonlyArray<NodeInfo | undefined>, n: number): NodeInfo {
		if (this.scores.length < n * 3) this.scores = new Float64Array(n * 3);
		const s = this.scores;
		scoreNodes(candidate, feasible, n, s);
		let best = feasible[0]!;
		let top = -Infinity;
		let ties = 0;
		for (let i = 0; i < n; i++) {
			const v = s[i]!;
			if (v > top + 1e-9) {
				top = v;
				best = feasible[i]!;
				ties = 1;
			} else if (Math.abs(v - top) <= 1e-9) {
				// reservoir sampling among equal scores, like the real scheduler
				ties++;
				if (this.rng.int(ties) === 0) best = feasible[i]!;
			}
		}
		return best;
	}

	private bind(pod: Pod, info: NodeInfo, volumes?: PodVolumes): void {
		this.unschedulable.delete(keyOf(pod));
		this.waitingOnPods.delete(keyOf(pod));
		if (volumes?.delayed.length) bindVolumes(volumes, info.name, this.api);
		const conditions = setCondition(pod.status.conditions, {type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.iso()});
		const next = {
			...pod,
			metadata: {...pod.metadata},
			spec: {...pod.spec, nodeName: info.name},
			status: {...pod.status, conditions},
		};
		delete next.status.nominatedNodeName;
		this.api.bind(pod, next);
		this.scheduled++;
		this.bindings.add();
		this.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${info.name}`, SOURCE);
	}

	/**
	 * A pod no node takes: try preemption, then report FailedScheduling with the filters' reasons
	 * (or the pre-filter's), and, when preemption did not help, why not.
	 */
	private fail(attempted: Pod, total: number, reasons: Map<string, number>, failed: ReadonlyArray<[NodeInfo, string[]]>, preFilter?: string): void {
		let pod = attempted;
		const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
		let message = preFilter ? `0/${total} nodes are available: ${preFilter}.` : `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}.`;
		const postFilter = this.preempt(attempted, total, failed, !!preFilter);
		if (postFilter) message += ` preemption: ${postFilter}.`;
		else pod = this.store.get<Pod>('Pod', attempted.metadata.namespace, attempted.metadata.name) ?? attempted;
		const conditions = setCondition(pod.status.conditions, {
			type: 'PodScheduled',
			status: 'False',
			reason: 'Unschedulable',
			message,
			lastProbeTime: null,
			lastTransitionTime: this.clock.iso(),
		});
		if (conditions !== pod.status.conditions) this.api.setStatus(pod, {...pod.status, conditions});
		this.events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
		this.unschedulable.add(keyOf(pod));
		for (const r of reasons.keys()) if (POD_REASONS.has(r)) this.waitingOnPods.add(keyOf(pod));
		if (this.periodicTimer === undefined) {
			this.periodicTimer = this.clock.after(UNSCHEDULABLE_FLUSH_MS, () => {
				this.periodicTimer = undefined;
				this.flush();
			});
		}
	}

	/**
	 * The DefaultPreemption post-filter. Evicts the victims on the chosen node and nominates it
	 * (answering undefined), or answers why preemption cannot help.
	 */
	private preempt(pod: Pod, total: number, failed: ReadonlyArray<[NodeInfo, string[]]>, unresolvable: boolean): string | undefined {
		if (pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
		const nominated = pod.status?.nominatedNodeName;
		if (nominated) {
			const waiting = this.podsOn(nominated).some(p => p.metadata.deletionTimestamp && priorityOf(p) < priorityOf(pod));
			if (waiting) return 'not eligible due to a terminating pod on the nominated node.';
		}
		const counts = new Map<string, number>();
		const note = (r: string) => counts.set(r, (counts.get(r) ?? 0) + 1);
		const candidates: PreemptionCandidate[] = [];
		if (unresolvable) for (let i = 0; i < total; i++) note(NOT_HELPFUL);
		else {
			const req = podRequests(pod);
			const lower = this.anyBelow(priorityOf(pod));
			for (const [node, reasons] of failed) {
				if (!resolvable(reasons)) {
					note(NOT_HELPFUL);
					continue;
				}
				const victims = lower ? selectVictims(pod, req, node, this.podsOn(node.name)) : undefined;
				if (victims?.length) candidates.push({node, victims});
				else note(NO_VICTIMS);
			}
		}
		const chosen = pickCandidate(candidates);
		if (!chosen) {
			const parts = [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort();
			return `0/${counts.size ? [...counts.values()].reduce((a, b) => a + b, 0) : total} nodes are available: ${parts.join(', ')}.`;
		}
		for (const victim of chosen.victims) {
			const conditions = setCondition(victim.status?.conditions, {
				type: 'DisruptionTarget',
				status: 'True',
				reason: 'PreemptionByScheduler',
				message: 'default-scheduler: preempting to accommodate a higher priority pod',
				lastProbeTime: null,
				lastTransitionTime: this.clock.iso(),
			});
			const marked = this.api.setStatus(victim, {...victim.status, conditions});
			this.events.record(marked, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${chosen.node.name}`, SOURCE);
			this.api.delete('Pod', victim.metadata.namespace, victim.metadata.name);
		}
		const current = this.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
		if (current) this.api.setStatus(current, {...current.status, nominatedNodeName: chosen.node.name});
		return undefined;
	}

	/** Bound pods by priority: preemption looks for victims only when some have less than the preemptor. */
	private priorities = new Map<number, number>();

	private countPriority(priority: number, sign: 1 | -1): void {
		const n = (this.priorities.get(priority) ?? 0) + sign;
		if (n > 0) this.priorities.set(priority, n);
		else this.priorities.delete(priority);
	}

	private anyBelow(priority: number): boolean {
		for (const p of this.priorities.keys()) if (p < priority) return true;
		return false;
	}

	/** The pods bound to a node that still hold resources there. */
	private podsOn(node: string): Pod[] {
		return this.store.list<Pod>('Pod', {fields: parseFieldSelector(`spec.nodeName=${node}`)}).filter(p => !isTerminal(p));
	}
}
