// The DaemonSet controller: one pod per eligible node (node name, nodeSelector, required node
// affinity, NoSchedule/NoExecute taints), bound to its node through a required
// `matchFields metadata.name In [node]` affinity the scheduler honours; the automatic
// tolerations that keep daemons on troubled nodes; RollingUpdate (maxUnavailable, or maxSurge)
// and OnDelete; the status counters `kubectl get ds` shows.
import type {Affinity, DaemonSet, DaemonSetStatus, Node, NodeSelectorTerm, Pod, PodSpec, Toleration} from '../types.js';
import {fromLabelSelector, matches, type Selector} from '../core/selectors.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {tolerates} from '../core/tolerations.js';
import {scaledValue, templateHash} from '../core/templates.js';
import {controllerOf, ownedPods} from '../core/owners.js';
import {isPodActive, isPodAvailable, isPodReady, podFromTemplate} from '../core/pods.js';
import {watchKind} from '../core/objects.js';
import {sameFields} from '../core/json.js';

const SOURCE = {component: 'daemonset-controller'};
/** From this many nodes on, status-only refreshes are batched over STATUS_BATCH_MS of virtual time. */
const STATUS_BATCH_NODES = 200;
const STATUS_BATCH_MS = 1000;
export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** Tolerations every daemon pod gets, so node problems neither evict it nor keep it off a node. */
const DAEMON_TOLERATIONS: Toleration[] = [
	{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'},
	{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute'},
	{key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule'},
	{key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule'},
	{key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule'},
	{key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'},
];
const NETWORK_UNAVAILABLE: Toleration = {key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule'};

/** The template's tolerations plus the daemon ones (a toleration with the same key, operator, value and effect is replaced). */
export function daemonTolerations(tolerations: Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
	const out = [...(tolerations ?? [])];
	const add = (t: Toleration) => {
		const i = out.findIndex(x => (x.key ?? '') === t.key && (x.effect ?? '') === t.effect && (x.operator ?? '') === t.operator && (x.value ?? '') === '');
		if (i < 0) out.push({...t});
		else if (out[i]!.tolerationSeconds !== undefined) out[i] = {...t};
	};
	for (const t of DAEMON_TOLERATIONS) add(t);
	if (hostNetwork) add(NETWORK_UNAVAILABLE);
	return out;
}

/** Required node affinity pinning a pod to one node (what the controller writes on each daemon pod). */
export function nodeNameAffinity(affinity: Affinity | undefined, node: string): Affinity {
	const term: NodeSelectorTerm = {matchFields: [{key: 'metadata.name', operator: 'In', values: [node]}]};
	const na = affinity?.nodeAffinity ?? {};
	return {...affinity, nodeAffinity: {...na, requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [term]}}};
}

/** The node a daemon pod is for: its binding, or the node named by its matchFields affinity. */
export function targetNode(pod: Pod): string | undefined {
	if (pod.spec?.nodeName) return pod.spec.nodeName;
	const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	for (const t of terms ?? []) {
		for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
	}
	return undefined;
}

interface Placement {
	/** A new daemon pod may go there. */
	run: boolean;
	/** An existing daemon pod may stay there. */
	keep: boolean;
}

/** Compiles the node predicates of a daemon pod spec once, to test many nodes. */
function placementOf(spec: Pick<PodSpec, 'nodeName' | 'nodeSelector' | 'affinity' | 'tolerations'>): (node: Node) => Placement {
	const nodeName = spec.nodeName;
	const selector = spec.nodeSelector;
	const terms: NodeSelectorTerm[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
	const compiled: Array<{labels: Selector; fields: Selector; empty: boolean}> = terms.map(t => ({
		labels: fromLabelSelector({matchExpressions: t.matchExpressions ?? []}),
		fields: fromLabelSelector({matchExpressions: t.matchFields ?? []}),
		empty: !(t.matchExpressions?.length || t.matchFields?.length),
	}));
	const tolerations: Toleration[] = spec.tolerations ?? [];
	const never = {run: false, keep: false};
	return node => {
		const name = node.metadata.name;
		if (nodeName && nodeName !== name) return never;
		const labels = node.metadata.labels ?? {};
		if (selector) for (const k in selector) if (labels[k] !== selector[k]) return never;
		if (compiled.length && !compiled.some(c => !c.empty && matches(c.labels, labels) && matches(c.fields, {'metadata.name': name}))) return never;
		let run = true;
		let keep = true;
		for (const t of node.spec?.taints ?? []) {
			if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
			if (tolerates(tolerations, t)) continue;
			run = false;
			if (t.effect === 'NoExecute') keep = false;
		}
		return {run, keep};
	};
}

/** Scheduled pods first, then oldest, then by name. */
function byCreation(a: Pod, b: Pod): number {
	const sa = a.spec?.nodeName ? 0 : 1;
	const sb = b.spec?.nodeName ? 0 : 1;
	if (sa !== sb) return sa - sb;
	const ta = a.metadata.creationTimestamp ?? '';
	const tb = b.metadata.creationTimestamp ?? '';
	if (ta !== tb) return ta < tb ? -1 : 1;
	return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export class DaemonSetController implements Reconciler {
	readonly name = 'daemonset';

	/** DaemonSets with work under way (a rollout, surge or minReadySeconds): pod readiness matters at once. */
	private busy = new Set<string>();
	/** Pending coalesced status refreshes. */
	private statusTimers = new Map<string, number>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('DaemonSet', (type, ds, old) => {
			const key = `${ds.metadata.namespace}/${ds.metadata.name}`;
			if (type === 'DELETED') {
				this.busy.delete(key);
				ctx.clock.cancel(this.statusTimers.get(key));
				this.statusTimers.delete(key);
				return;
			}
			// our own status writes need no new pass
			if (type === 'MODIFIED' && old && old.spec === ds.spec && old.metadata.deletionTimestamp === ds.metadata.deletionTimestamp) return;
			ctx.runner.enqueue(this, key);
		});
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			const owner = controllerOf(pod);
			if (owner?.kind !== 'DaemonSet') return;
			const key = `${pod.metadata.namespace}/${owner.name}`;
			const structural =
				type !== 'MODIFIED' ||
				!old ||
				old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp ||
				(old.status?.phase !== pod.status?.phase && (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded'));
			if (structural || (this.busy.has(key) && isPodReady(old!) !== isPodReady(pod))) {
				ctx.runner.enqueue(this, key);
				return;
			}
			if (isPodReady(old!) !== isPodReady(pod) || old!.status?.phase !== pod.status?.phase || old!.spec?.nodeName !== pod.spec?.nodeName) this.refreshStatusSoon(key);
		});
		watchKind<Node>(ctx.store, 'Node', (type, node, old) => {
			if (
				type === 'MODIFIED' &&
				old &&
				old.metadata.labels === node.metadata.labels &&
				old.spec?.taints === node.spec?.taints &&
				old.spec?.unschedulable === node.spec?.unschedulable
			)
				return;
			for (const ds of ctx.store.list<DaemonSet>('DaemonSet')) ctx.runner.enqueue(this, `${ds.metadata.namespace}/${ds.metadata.name}`);
		});
	}

	/**
	 * Readiness changes only move the status counters: on big clusters they are batched (a
	 * status pass costs a look at every node), on small ones they are immediate.
	 */
	private refreshStatusSoon(key: string): void {
		if (this.statusTimers.has(key)) return;
		const delay = this.ctx.store.count('Node') >= STATUS_BATCH_NODES ? STATUS_BATCH_MS : 0;
		if (delay === 0) {
			this.ctx.runner.enqueue(this, `status:${key}`);
			return;
		}
		this.statusTimers.set(
			key,
			this.ctx.clock.after(delay, () => {
				this.statusTimers.delete(key);
				this.ctx.runner.enqueue(this, `status:${key}`);
			}),
		);
	}

	sync(key: string): void {
		const statusOnly = key.startsWith('status:');
		if (statusOnly) key = key.slice(7);
		const [ns, name] = splitKey(key);
		const {store, clock} = this.ctx;
		const ds = store.get<DaemonSet>('DaemonSet', ns, name);
		if (!ds || ds.metadata.deletionTimestamp) return;
		const hash = templateHash(ds.spec.template);
		const tmplSpec = ds.spec.template?.spec ?? {};
		const podSpec = {...tmplSpec, tolerations: daemonTolerations(tmplSpec.tolerations, !!tmplSpec.hostNetwork)};
		const place = placementOf(podSpec);
		const surge = this.maxSurgeConfigured(ds);
		const byNode = this.podsByNode(ds);
		const nodes = store.list<Node>('Node');
		if (statusOnly) {
			const placements = new Map<string, Placement>();
			for (const node of nodes) placements.set(node.metadata.name, place(node));
			this.syncStatus(ds, hash, placements, byNode);
			return;
		}
		const placements = new Map<string, Placement>();
		const toCreate: string[] = [];
		const toDelete: Pod[] = [];
		for (const node of nodes) {
			const nodeName = node.metadata.name;
			const pl = place(node);
			placements.set(nodeName, pl);
			const pods = byNode.get(nodeName) ?? [];
			if (pl.run && pods.length === 0) {
				toCreate.push(nodeName);
				continue;
			}
			if (!pl.keep) {
				for (const p of pods) if (!p.metadata.deletionTimestamp) toDelete.push(p);
				continue;
			}
			const running: Pod[] = [];
			for (const p of pods) {
				if (p.metadata.deletionTimestamp) continue;
				if (p.status?.phase === 'Failed') {
					this.ctx.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${nodeName}, will try to kill it`, SOURCE);
					toDelete.push(p);
				} else if (p.status?.phase === 'Succeeded') {
					toDelete.push(p);
				} else running.push(p);
			}
			if (running.length <= 1) continue;
			running.sort(byCreation);
			if (!surge) {
				toDelete.push(...running.slice(1));
				continue;
			}
			// with surge: an old and a new pod may overlap until the new one is available
			let oldestNew: Pod | undefined;
			let oldestOld: Pod | undefined;
			for (const p of running) {
				if (p.metadata.labels?.[REVISION_HASH_LABEL] === hash) {
					if (!oldestNew) {
						oldestNew = p;
						continue;
					}
				} else if (!oldestOld) {
					oldestOld = p;
					continue;
				}
				toDelete.push(p);
			}
			if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec.minReadySeconds ?? 0, clock.now()))) toDelete.push(oldestOld);
		}
		// pods for nodes that no longer exist
		for (const [n, pods] of byNode) if (!placements.has(n)) for (const p of pods) if (!p.metadata.deletionTimestamp) toDelete.push(p);

		if (toCreate.length || toDelete.length) {
			this.apply(ds, hash, toCreate, toDelete);
			// the rolling update and the status look at the result on the next pass
			this.busy.add(key);
			this.ctx.runner.enqueue(this, key);
			return;
		}
		const rolling = (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
		let outdated = false;
		if (rolling || surge) for (const pods of byNode.values()) if (pods.some(p => !p.metadata.deletionTimestamp && p.metadata.labels?.[REVISION_HASH_LABEL] !== hash)) outdated = true;
		if (outdated || (ds.spec.minReadySeconds ?? 0) > 0) this.busy.add(key);
		else this.busy.delete(key);
		if (rolling && outdated) {
			const step = this.rollingUpdate(ds, hash, nodes, byNode, placements);
			if (step.create.length || step.delete.length) {
				this.apply(ds, hash, step.create, step.delete);
				this.ctx.runner.enqueue(this, key);
				return;
			}
		}
		this.syncStatus(ds, hash, placements, byNode);
	}

	/** The DaemonSet's pods by the node they are for. */
	private podsByNode(ds: DaemonSet): Map<string, Pod[]> {
		const byNode = new Map<string, Pod[]>();
		for (const p of ownedPods(this.ctx.store, ds)) {
			const n = targetNode(p) ?? '';
			const list = byNode.get(n);
			if (list) list.push(p);
			else byNode.set(n, [p]);
		}
		return byNode;
	}

	private maxSurgeConfigured(ds: DaemonSet): boolean {
		if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
		const v = ds.spec.updateStrategy?.rollingUpdate?.maxSurge;
		return v !== undefined && v !== null && v !== 0 && v !== '0' && v !== '0%';
	}

	private apply(ds: DaemonSet, hash: string, create: string[], remove: Pod[]): void {
		const {api, events} = this.ctx;
		for (const p of remove) {
			try {
				api.delete('Pod', p.metadata.namespace, p.metadata.name, {preconditions: {uid: p.metadata.uid}});
				events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
			} catch {
				// gone already
			}
		}
		const tmpl = ds.spec.template;
		const tolerations = daemonTolerations(tmpl.spec?.tolerations, !!tmpl.spec?.hostNetwork);
		for (const nodeName of create) {
			const pod = podFromTemplate(ds, tmpl, undefined, {[REVISION_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1)});
			pod.spec = {...pod.spec, tolerations: tolerations.map(t => ({...t})), affinity: nodeNameAffinity(tmpl.spec?.affinity, nodeName)};
			try {
				const created = api.create(pod, {trusted: true});
				events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
			} catch (err) {
				events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`, SOURCE);
			}
		}
	}

	private rollingUpdate(ds: DaemonSet, hash: string, nodes: Node[], byNode: Map<string, Pod[]>, placements: Map<string, Placement>): {create: string[]; delete: Pod[]} {
		const desired = nodes.reduce((a, n) => a + (placements.get(n.metadata.name)?.run ? 1 : 0), 0);
		const ru = ds.spec.updateStrategy?.rollingUpdate ?? {};
		const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true, '0');
		const maxUnavailable = maxSurge > 0 ? 0 : Math.max(scaledValue(ru.maxUnavailable ?? 1, desired, true, '1'), 0) || 1;
		const minReady = ds.spec.minReadySeconds ?? 0;
		const now = this.ctx.clock.now();
		const available = (p: Pod) => isPodAvailable(p, minReady, now);
		const replace: Pod[] = [];
		const candidates: Pod[] = [];
		const allowedNodes: string[] = [];
		const candidateNodes: string[] = [];
		const deletions: Pod[] = [];
		let busy = 0;
		for (const node of nodes) {
			const pods = byNode.get(node.metadata.name);
			if (!pods?.length) continue;
			let newPod: Pod | undefined;
			let oldPod: Pod | undefined;
			let ok = true;
			for (const p of pods) {
				if (p.metadata.deletionTimestamp) continue;
				if (p.metadata.labels?.[REVISION_HASH_LABEL] === hash) {
					if (newPod) ok = false;
					newPod = p;
				} else {
					if (oldPod) ok = false;
					oldPod = p;
				}
			}
			if (!ok) {
				busy++;
				continue;
			}
			if (maxSurge === 0) {
				if ((!oldPod && !newPod) || (oldPod && newPod)) busy++;
				else if (newPod) {
					if (!available(newPod)) busy++;
				} else if (oldPod) {
					if (!available(oldPod)) replace.push(oldPod);
					else if (busy < maxUnavailable) candidates.push(oldPod);
				}
			} else {
				if (!oldPod) continue;
				if (!newPod) {
					if (!available(oldPod)) allowedNodes.push(node.metadata.name);
					else if (busy < maxSurge) candidateNodes.push(node.metadata.name);
				} else if (!available(newPod)) busy++;
				else deletions.push(oldPod);
			}
		}
		if (maxSurge === 0) {
			const room = Math.min(Math.max(0, maxUnavailable - busy), candidates.length);
			return {create: [], delete: [...replace, ...candidates.slice(0, room)]};
		}
		const room = Math.min(Math.max(0, maxSurge - busy), candidateNodes.length);
		return {create: [...allowedNodes, ...candidateNodes.slice(0, room)], delete: deletions};
	}

	private syncStatus(ds: DaemonSet, hash: string, placements: Map<string, Placement>, byNode: Map<string, Pod[]>): void {
		const {api, clock, runner} = this.ctx;
		const key = `${ds.metadata.namespace}/${ds.metadata.name}`;
		const minReady = ds.spec.minReadySeconds ?? 0;
		const now = clock.now();
		let desired = 0;
		let current = 0;
		let misscheduled = 0;
		let ready = 0;
		let available = 0;
		let updated = 0;
		let waitAvailable = false;
		for (const [nodeName, pl] of placements) {
			const pods = byNode.get(nodeName);
			const scheduled = !!pods?.length;
			if (!pl.run) {
				if (scheduled && pods!.some(isPodActive)) misscheduled++;
				continue;
			}
			desired++;
			if (!scheduled) continue;
			current++;
			const pod = pods!.length > 1 ? [...pods!].sort(byCreation)[0]! : pods![0]!;
			if (isPodReady(pod)) {
				ready++;
				if (isPodAvailable(pod, minReady, now)) available++;
				else waitAvailable = true;
			}
			if (pod.metadata.labels?.[REVISION_HASH_LABEL] === hash) updated++;
		}
		const status: DaemonSetStatus = {
			currentNumberScheduled: current,
			numberMisscheduled: misscheduled,
			desiredNumberScheduled: desired,
			numberReady: ready,
			observedGeneration: ds.metadata.generation,
			updatedNumberScheduled: updated,
			numberAvailable: available,
			numberUnavailable: desired - available,
		};
		if (!status.updatedNumberScheduled) delete status.updatedNumberScheduled;
		if (!status.numberAvailable) delete status.numberAvailable;
		if (!status.numberUnavailable) delete status.numberUnavailable;
		if (ds.status?.collisionCount) status.collisionCount = ds.status.collisionCount;
		if (ds.status?.conditions) status.conditions = ds.status.conditions;
		const prev = ds.status ?? {};
		if (!sameFields(status, prev)) api.setStatus(ds, status);
		if (waitAvailable && minReady > 0) runner.enqueueAfter(this, key, minReady * 1000);
	}
}
