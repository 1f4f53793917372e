// The Cluster Autoscaler, as the kube-system Deployment of that name does it on EKS. Every scan
// interval (10 s) it looks at the pods the scheduler could not place and at the nodes:
// - scale-up: pods that fit neither a node nor a node on its way get new nodes from a group
//   whose template they fit, picked by the expander, up to the group's max size;
// - scale-down: a node of a group above its min size whose requests stay under half its
//   allocatable for 10 minutes, whose pods can all move elsewhere (no PDB broken, nothing marked
//   not safe to evict, no unreplicated or kube-system pod), is tainted, drained and removed -
//   never within 10 minutes of a scale-up.
// It talks to the cluster through the API (events, taints, pod deletions, the status ConfigMap)
// and to the cloud through the node groups' API (sizes, instance termination).
import type {ConfigMap, Node, Pod, PodDisruptionBudget} from '../../types.js';
import type {ControllerContext} from '../../core/context.js';
import {fromLabelSelector, matches, parseLabelSelector} from '../../core/selectors.js';
import {bytes, milliCpu, parseQuantity} from '../../core/quantity.js';
import type {NodeGroups} from '../../cloud/nodegroups.js';
import type {AutoscalerOptions, Expander} from '../../cloud/profile.js';
import {choose, type ScaleUpOption} from './expander.js';
import {isExtended, misfits, place, requestsOf, type Requests, type SimNode} from './fit.js';
import {statusText, type StatusInput} from './status.js';

export const SCAN_INTERVAL_MS = 10_000;
export const SCALE_DOWN_UNNEEDED_MS = 10 * 60_000;
export const SCALE_DOWN_DELAY_AFTER_ADD_MS = 10 * 60_000;
export const UTILIZATION_THRESHOLD = 0.5;
export const MAX_GRACEFUL_TERMINATION_S = 600;
/** Empty nodes removed at once at most (--max-empty-bulk-delete). */
const MAX_EMPTY_BULK_DELETE = 10;
/** The pause between tainting empty nodes and terminating them. */
const EMPTY_DELETE_WAIT_MS = 5000;

export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
export const STATUS_CONFIGMAP = 'cluster-autoscaler-status';
const SOURCE = {component: 'cluster-autoscaler'};
const AUTOSCALER_POD = parseLabelSelector('app=cluster-autoscaler');

export interface AutoscalerDecision {
	/** Virtual wall time (epoch ms). */
	time: number;
	kind: 'ScaleUp' | 'NoScaleUp' | 'ScaleDown' | 'Unneeded';
	message: string;
}

interface Config {
	expander: Expander;
	scanIntervalMs: number;
	unneededMs: number;
	delayAfterAddMs: number;
	threshold: number;
}

export class ClusterAutoscaler {
	readonly config: Config;
	private readonly decisionLog: AutoscalerDecision[] = [];
	private readonly unneededSince = new Map<string, number>();
	private readonly draining = new Set<string>();
	private lastScaleUp = -Infinity;
	private readonly since = {scaleUp: 0, scaleDown: 0, health: 0};
	private readonly lastState = {scaleUp: '', scaleDown: ''};
	private stopped = false;
	/** Called with each decision (the cluster writes them to the autoscaler pod's log). */
	onDecision?: (d: AutoscalerDecision) => void;

	constructor(
		private readonly ctx: ControllerContext,
		private readonly cloud: NodeGroups,
		opts: AutoscalerOptions = {},
	) {
		this.config = {
			expander: opts.expander ?? 'random',
			scanIntervalMs: opts.scanIntervalMs ?? SCAN_INTERVAL_MS,
			unneededMs: opts.scaleDownUnneededMs ?? SCALE_DOWN_UNNEEDED_MS,
			delayAfterAddMs: opts.scaleDownDelayAfterAddMs ?? SCALE_DOWN_DELAY_AFTER_ADD_MS,
			threshold: opts.utilizationThreshold ?? UTILIZATION_THRESHOLD,
		};
		const now = ctx.clock.now();
		this.since.scaleUp = this.since.scaleDown = this.since.health = now;
		const tick = () => {
			if (this.stopped) return;
			this.runOnce();
			ctx.clock.after(this.config.scanIntervalMs, tick);
		};
		ctx.clock.after(this.config.scanIntervalMs, tick);
	}

	stop(): void {
		this.stopped = true;
	}

	/** The latest decisions, newest last. */
	decisions(): readonly AutoscalerDecision[] {
		return this.decisionLog;
	}

	/** Nodes found unneeded, with the time (epoch ms) since when. */
	unneeded(): ReadonlyMap<string, number> {
		return this.unneededSince;
	}

	private decide(kind: AutoscalerDecision['kind'], message: string): void {
		const d = {time: this.ctx.clock.now(), kind, message};
		this.decisionLog.push(d);
		this.onDecision?.(d);
		if (this.decisionLog.length > 50) this.decisionLog.shift();
	}

	// ------------------------------------------------------------------ one scan

	/** The autoscaler acts while its pod (kube-system, app=cluster-autoscaler) runs: scale it to 0 and nothing scales. */
	private podRunning(): boolean {
		return this.ctx.store
			.list<Pod>('Pod', {namespace: 'kube-system', labels: AUTOSCALER_POD})
			.some(p => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && p.spec.nodeName !== undefined && this.ctx.store.get('Node', undefined, p.spec.nodeName) !== undefined);
	}

	runOnce(): void {
		const {store} = this.ctx;
		if (!this.podRunning()) return;
		const nodes = store.list<Node>('Node');
		const podsByNode = new Map<string, Pod[]>();
		for (const n of nodes) podsByNode.set(n.metadata.name, (store.indexed('Pod', n.metadata.name) as Pod[]).filter(p => isActive(p)));
		this.finishDrains(podsByNode);
		const scaledUp = this.scaleUp(nodes, podsByNode);
		const candidates = scaledUp ? 0 : this.scaleDown(nodes, podsByNode);
		this.writeStatus(nodes, scaledUp, candidates);
	}

	private simNode(n: Node, pods: Pod[]): SimNode {
		const alloc = n.status?.allocatable ?? n.status?.capacity ?? {};
		const s: SimNode = {
			name: n.metadata.name,
			labels: n.metadata.labels ?? {},
			taints: n.spec?.taints ?? [],
			allocCpu: milliCpu(alloc.cpu),
			allocMem: bytes(alloc.memory),
			allocPods: Number(alloc.pods ?? 110),
			reqCpu: 0,
			reqMem: 0,
			pods: 0,
		};
		// extended resources the node advertises (in allocatable, or in capacity only)
		for (const [k, v] of Object.entries({...n.status?.capacity, ...n.status?.allocatable})) if (isExtended(k)) (s.extended ??= new Map()).set(k, parseQuantity(v));
		for (const p of pods) place(s, requestsOf(p));
		return s;
	}

	private templateNode(group: string, name: string): SimNode | undefined {
		const t = this.cloud.template(group);
		if (!t) return undefined;
		return {name, labels: t.labels, taints: t.taints, allocCpu: t.milliCpu, allocMem: t.memoryBytes, allocPods: t.pods, reqCpu: 0, reqMem: 0, pods: 0};
	}

	/** A template node with the DaemonSet pods every new node of the group runs. */
	private freshNode(group: string, name: string, daemons: Requests[]): SimNode | undefined {
		const n = this.templateNode(group, name);
		if (n) for (const d of daemons) place(n, d);
		return n;
	}

	private daemonRequests(): Requests[] {
		// one daemon pod per DaemonSet: the requests of its template
		return this.ctx.store.list('DaemonSet').map(ds => requestsOf({metadata: {name: ''}, spec: ds.spec?.template?.spec ?? {containers: []}} as unknown as Pod));
	}

	// ------------------------------------------------------------------ scale-up

	private scaleUp(nodes: Node[], podsByNode: Map<string, Pod[]>): boolean {
		const {store, events, clock, rng} = this.ctx;
		const pending = store
			.list<Pod>('Pod')
			.filter(p => !p.spec.nodeName && !p.metadata.deletionTimestamp && p.status?.conditions?.some(c => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'))
			.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : a.metadata.name < b.metadata.name ? -1 : 1));
		if (!pending.length) return false;
		const daemons = this.daemonRequests();
		// the nodes there are (Ready and schedulable), then the nodes on their way
		const sims: SimNode[] = nodes.filter(n => isReady(n) && !n.spec?.unschedulable && !this.draining.has(n.metadata.name)).map(n => this.simNode(n, podsByNode.get(n.metadata.name) ?? []));
		for (const g of this.cloud.list()) for (let i = 0; i < this.cloud.upcoming(g.name); i++) sims.push(this.freshNode(g.name, `upcoming-${g.name}-${i}`, daemons)!);
		const remaining: Pod[] = [];
		for (const p of pending) {
			const req = requestsOf(p);
			const target = sims.find(n => misfits(p, req, n).length === 0);
			if (target) place(target, req);
			else remaining.push(p);
		}
		if (!remaining.length) return false;

		const options: ScaleUpOption[] = [];
		const rejected = new Map<string, Map<string, string[]>>(); // pod uid -> group -> reasons
		const skipped: string[] = [];
		for (const g of this.cloud.list()) {
			const room = g.maxSize - g.desiredSize;
			if (room <= 0) {
				skipped.push(g.name);
				continue;
			}
			const fresh: SimNode[] = [];
			const helped: string[] = [];
			for (const p of remaining) {
				const req = requestsOf(p);
				const empty = this.freshNode(g.name, 'template', daemons)!;
				const why = misfits(p, req, empty);
				if (why.length) {
					const m = rejected.get(p.metadata.uid!) ?? new Map<string, string[]>();
					m.set(g.name, why);
					rejected.set(p.metadata.uid!, m);
					continue;
				}
				let n = fresh.find(f => misfits(p, req, f).length === 0);
				if (!n && fresh.length < room) {
					n = this.freshNode(g.name, `new-${fresh.length}`, daemons)!;
					fresh.push(n);
				}
				if (!n) continue;
				place(n, req);
				helped.push(p.metadata.uid!);
			}
			if (!fresh.length) continue;
			const cpu = fresh.reduce((a, n) => a + n.allocCpu, 0);
			const mem = fresh.reduce((a, n) => a + n.allocMem, 0);
			options.push({
				group: g.name,
				nodes: fresh.length,
				pods: helped,
				wastedCpu: (cpu - fresh.reduce((a, n) => a + n.reqCpu, 0)) / cpu,
				wastedMem: (mem - fresh.reduce((a, n) => a + n.reqMem, 0)) / mem,
				priority: g.priority ?? 0,
			});
		}
		const best = choose(this.config.expander, options, rng);
		const status = this.statusConfigMap();
		if (!best) {
			for (const p of remaining) {
				const counts = new Map<string, number>();
				for (const reasons of rejected.get(p.metadata.uid!)?.values() ?? []) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
				if (skipped.length) counts.set('max node group size reached', skipped.length);
				const text = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([r, c]) => `${c} ${r}`).join(', ');
				events.record(p, 'Normal', 'NotTriggerScaleUp', `pod didn't trigger scale-up: ${text}`, SOURCE);
			}
			this.decide('NoScaleUp', `${remaining.length} pod(s) didn't trigger scale-up`);
			return false;
		}
		const g = this.cloud.get(best.group)!;
		const from = g.desiredSize;
		const to = from + best.nodes;
		this.cloud.setDesired(best.group, to);
		this.lastScaleUp = clock.now();
		const info = `[{${best.group} ${from}->${to} (max: ${g.maxSize})}]`;
		const helped = new Set(best.pods);
		for (const p of remaining) if (helped.has(p.metadata.uid!)) events.record(p, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: ${info}`, SOURCE);
		if (status) events.record(status, 'Normal', 'ScaledUpGroup', `Scale-up: setting group ${best.group} size to ${to} instead of ${from} (max: ${g.maxSize})`, SOURCE);
		this.decide('ScaleUp', `setting group ${best.group} size to ${to} instead of ${from} (max: ${g.maxSize}) for ${helped.size} pod(s)`);
		// a scale-up resets what was found unneeded
		this.unneededSince.clear();
		return true;
	}

	// ------------------------------------------------------------------ scale-down

	/** Returns how many nodes are scale-down candidates. */
	private scaleDown(nodes: Node[], podsByNode: Map<string, Pod[]>): number {
		const {clock} = this.ctx;
		const now = clock.now();
		const pdbs = this.ctx.store.list<PodDisruptionBudget>('PodDisruptionBudget').map(p => ({pdb: p, sel: fromLabelSelector(p.spec?.selector), left: p.status?.disruptionsAllowed ?? 0}));
		const destinations = new Map<string, SimNode>();
		for (const n of nodes) if (isReady(n) && !n.spec?.unschedulable && !this.draining.has(n.metadata.name)) destinations.set(n.metadata.name, this.simNode(n, podsByNode.get(n.metadata.name) ?? []));
		const removable = new Map<string, number>(); // group -> nodes it may lose
		for (const g of this.cloud.list()) removable.set(g.name, g.desiredSize - g.minSize);
		const found = new Set<string>();
		const ordered = [...nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
		for (const n of ordered) {
			const name = n.metadata.name;
			const group = this.cloud.groupOf(name);
			if (!group || !isReady(n) || this.draining.has(name) || n.metadata.annotations?.[SCALE_DOWN_DISABLED] === 'true') continue;
			if ((removable.get(group) ?? 0) <= 0) continue;
			const sim = destinations.get(name);
			if (!sim) continue;
			const utilization = Math.max(sim.allocCpu ? sim.reqCpu / sim.allocCpu : 0, sim.allocMem ? sim.reqMem / sim.allocMem : 0);
			if (utilization >= this.config.threshold) continue;
			const movable = (podsByNode.get(name) ?? []).filter(p => !isDaemon(p) && !isMirror(p));
			if (!movable.every(p => this.evictable(p, pdbs))) continue;
			// every pod must find room on another node
			const others = [...destinations.values()].filter(d => d.name !== name && !found.has(d.name));
			const trial = others.map(o => ({...o}));
			let fits = true;
			for (const p of movable) {
				const req = requestsOf(p);
				const to = trial.find(o => misfits(p, req, o).length === 0);
				if (!to) {
					fits = false;
					break;
				}
				place(to, req);
			}
			if (!fits) continue;
			for (const t of trial) destinations.set(t.name, t);
			for (const p of movable) for (const b of pdbs) if (matches(b.sel, p.metadata.labels) && b.pdb.metadata.namespace === p.metadata.namespace) b.left--;
			destinations.delete(name);
			found.add(name);
			removable.set(group, (removable.get(group) ?? 0) - 1);
			if (!this.unneededSince.has(name)) {
				this.unneededSince.set(name, now);
				this.decide('Unneeded', `node ${name} is unneeded (utilization ${Math.round(utilization * 100)}%)`);
			}
		}
		for (const name of [...this.unneededSince.keys()]) if (!found.has(name)) this.unneededSince.delete(name);
		if (now - this.lastScaleUp < this.config.delayAfterAddMs || this.draining.size) return found.size;
		const due = [...found].filter(n => now - this.unneededSince.get(n)! >= this.config.unneededMs);
		const empty = due.filter(n => (podsByNode.get(n) ?? []).every(p => isDaemon(p) || isMirror(p))).slice(0, MAX_EMPTY_BULK_DELETE);
		if (empty.length) for (const n of empty) this.removeEmpty(nodes.find(x => x.metadata.name === n)!);
		else if (due.length) this.drain(nodes.find(x => x.metadata.name === due[0])!, podsByNode.get(due[0]!) ?? []);
		return found.size;
	}

	/** Whether the pod may be moved: safe-to-evict, replicated, not a bare kube-system pod, within its PDBs. */
	private evictable(p: Pod, pdbs: Array<{pdb: PodDisruptionBudget; sel: ReturnType<typeof fromLabelSelector>; left: number}>): boolean {
		const safe = p.metadata.annotations?.[SAFE_TO_EVICT];
		if (safe === 'false') return false;
		const covering = pdbs.filter(b => b.pdb.metadata.namespace === p.metadata.namespace && matches(b.sel, p.metadata.labels));
		if (covering.some(b => b.left <= 0)) return false;
		if (safe === 'true') return true;
		if (!p.metadata.ownerReferences?.some(o => o.controller)) return false;
		if (p.metadata.namespace === 'kube-system' && !covering.length) return false;
		return true;
	}

	private taint(node: Node): void {
		const {api, clock, events} = this.ctx;
		const taints = [...(node.spec?.taints ?? []), {key: TO_BE_DELETED_TAINT, value: String(Math.floor(clock.now() / 1000)), effect: 'NoSchedule' as const}];
		api.replace(node, {...node, metadata: {...node.metadata}, spec: {...node.spec, taints}});
		events.record(node, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', SOURCE);
	}

	private removeEmpty(node: Node): void {
		const name = node.metadata.name;
		const status = this.statusConfigMap();
		if (status) this.ctx.events.record(status, 'Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${name}"`, SOURCE);
		this.taint(node);
		this.draining.add(name);
		this.unneededSince.delete(name);
		this.decide('ScaleDown', `removing empty node ${name}`);
		this.ctx.clock.after(EMPTY_DELETE_WAIT_MS, () => {
			this.draining.delete(name);
			this.cloud.deleteNode(name);
		});
	}

	private drain(node: Node, pods: Pod[]): void {
		const {api, events} = this.ctx;
		const name = node.metadata.name;
		const status = this.statusConfigMap();
		const movable = pods.filter(p => !isDaemon(p) && !isMirror(p));
		if (status) events.record(status, 'Normal', 'ScaleDown', `Scale-down: removing node ${name}, pods to reschedule: ${movable.map(p => `${p.metadata.namespace}/${p.metadata.name}`).join(',')}`, SOURCE);
		this.taint(node);
		this.draining.add(name);
		this.unneededSince.delete(name);
		this.decide('ScaleDown', `draining node ${name} (${movable.length} pod(s) to reschedule)`);
		for (const p of movable) {
			events.record(p, 'Normal', 'ScaleDown', 'deleting pod for node scale down', SOURCE);
			const grace = Math.min(p.spec.terminationGracePeriodSeconds ?? 30, MAX_GRACEFUL_TERMINATION_S);
			api.delete('Pod', p.metadata.namespace, p.metadata.name, {gracePeriodSeconds: grace});
		}
	}

	/** Drained nodes whose pods are gone are terminated. */
	private finishDrains(podsByNode: Map<string, Pod[]>): void {
		for (const name of [...this.draining]) {
			if (!this.ctx.store.get('Node', undefined, name)) {
				this.draining.delete(name);
				continue;
			}
			const left = (this.ctx.store.indexed('Pod', name) as Pod[]).filter(p => !isDaemon(p) && !isMirror(p));
			if (left.length || !podsByNode.has(name)) continue;
			// empty nodes wait for their own timer
			if (this.cloud.instanceOf(name)?.state === 'terminated') continue;
			const status = this.statusConfigMap();
			this.draining.delete(name);
			if (status) this.ctx.events.record(status, 'Normal', 'ScaleDown', `Scale-down: node ${name} removed with drain`, SOURCE);
			this.decide('ScaleDown', `node ${name} removed with drain`);
			this.cloud.deleteNode(name);
		}
	}

	// ------------------------------------------------------------------ status

	private statusConfigMap(): ConfigMap | undefined {
		return this.ctx.store.get<ConfigMap>('ConfigMap', 'kube-system', STATUS_CONFIGMAP);
	}

	private writeStatus(nodes: Node[], scaledUp: boolean, candidates: number): void {
		const {api, clock} = this.ctx;
		const now = clock.now();
		const inProgress = scaledUp || this.cloud.list().some(g => this.cloud.upcoming(g.name) > 0);
		const scaleUp = inProgress ? 'InProgress' : 'NoActivity';
		const scaleDown = candidates ? 'CandidatesPresent' : 'NoCandidates';
		if (scaleUp !== this.lastState.scaleUp) this.since.scaleUp = now;
		if (scaleDown !== this.lastState.scaleDown) this.since.scaleDown = now;
		this.lastState.scaleUp = scaleUp;
		this.lastState.scaleDown = scaleDown;
		const input: StatusInput = {
			now,
			since: this.since,
			scaleUp,
			scaleDown,
			candidates,
			nodes: nodes.map(n => ({name: n.metadata.name, ready: isReady(n), group: this.cloud.groupOf(n.metadata.name)})),
			groups: this.cloud.list().map(g => ({name: g.name, target: g.desiredSize, min: g.minSize, max: g.maxSize, upcoming: this.cloud.upcoming(g.name)})),
		};
		const {text, lastUpdated} = statusText(input);
		const current = this.statusConfigMap();
		const annotations = {'cluster-autoscaler.kubernetes.io/last-updated': lastUpdated};
		if (!current) {
			api.create<ConfigMap>({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: STATUS_CONFIGMAP, namespace: 'kube-system', annotations}, data: {status: text}}, {trusted: true});
			return;
		}
		if (current.data?.status === text) return;
		api.replace(current, {...current, metadata: {...current.metadata, annotations: {...current.metadata.annotations, ...annotations}}, data: {status: text}});
	}
}

function isActive(p: Pod): boolean {
	const phase = p.status?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed';
}

function isReady(n: Node): boolean {
	return n.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ?? false;
}

function isDaemon(p: Pod): boolean {
	return p.metadata.ownerReferences?.some(o => o.controller && o.kind === 'DaemonSet') ?? false;
}

function isMirror(p: Pod): boolean {
	return p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}
