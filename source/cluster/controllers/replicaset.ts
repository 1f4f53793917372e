// The ReplicaSet controller: keeps `replicas` pods of the template alive, deletes the surplus in
// the order Kubernetes ranks them, and publishes replicas/ready/available counts. As in
// Kubernetes, the same controller also runs ReplicationControllers (the older kind with a plain
// map as selector), under its own name.
import type {Pod, ReplicaSet, ReplicationController, ReplicationControllerStatus} from '../types.js';
import {isStatusError} from '../core/errors.js';
import type {ControllerContext} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {splitKey} from '../core/context.js';
import {isPodActive, isPodReady, isPodAvailable, podFromTemplate, rankForDeletion, slowStartBatch} from '../core/pods.js';
import {controllerOf, ownedPods} from '../core/owners.js';
import {watchKind} from '../core/objects.js';
import {deepEqual} from '../core/json.js';
import {fromLabelSelector, fromMap, matches, type Selector} from '../core/selectors.js';

/** Which kind a replica controller manages, and the names it works and records events under. */
export interface ReplicaKind {
	kind: string;
	/** Its apiVersion, for the owner references of the pods it adopts. */
	apiVersion: string;
	name: string;
	component: string;
	/** Which pods an object selects. */
	selector(obj: ReplicaSet | ReplicationController): Selector;
}

export const REPLICA_SETS: ReplicaKind = {kind: 'ReplicaSet', apiVersion: 'apps/v1', name: 'replicaset', component: 'replicaset-controller', selector: obj => fromLabelSelector((obj as ReplicaSet).spec.selector)};

export const REPLICATION_CONTROLLERS: ReplicaKind = {
	kind: 'ReplicationController',
	apiVersion: 'v1',
	name: 'replicationmanager',
	component: 'replication-controller',
	selector: obj => fromMap((obj as ReplicationController).spec.selector),
};

/** Pods one sync creates or deletes at most, as the real controller's burstReplicas. */
export const BURST_REPLICAS = 500;
/** Virtual time before the sync that goes on with a change larger than one burst. */
export const BURST_RESYNC_MS = 100;

/** How long readiness changes wait before the status counters are recomputed (coalescing bursts). */
const STATUS_DELAY_MS = 500;

export class ReplicaSetController implements Reconciler {
	readonly name: string;
	private statusSoon = new Set<string>();
	/** Objects that made a capped burst: no more creations or deletions until this virtual time. */
	private readonly heldUntil = new Map<string, {until: number; generation: number | undefined}>();
	/** Pods nobody controls, by namespace: the only ones a ReplicaSet may adopt. */
	private readonly orphans = new Map<string, Set<string>>();
	private readonly source: {component: string};

	constructor(
		private readonly ctx: ControllerContext,
		private readonly managed: ReplicaKind = REPLICA_SETS,
	) {
		this.name = managed.name;
		this.source = {component: managed.component};
		ctx.runner.register(this);
		ctx.store.watch(managed.kind, (_t, rs) => ctx.runner.enqueue(this, `${rs.metadata.namespace}/${rs.metadata.name}`));
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			const owner = controllerOf(pod);
			const ns = pod.metadata.namespace ?? 'default';
			if (!owner && type !== 'DELETED' && !pod.metadata.deletionTimestamp) {
				if (!this.orphans.has(ns)) this.orphans.set(ns, new Set());
				this.orphans.get(ns)!.add(pod.metadata.name);
			} else this.orphans.get(ns)?.delete(pod.metadata.name);
			if (!owner) {
				// a pod nobody controls: the objects whose selector takes it may adopt it
				if (type === 'DELETED' || pod.metadata.deletionTimestamp) return;
				for (const rs of ctx.store.list<ReplicaSet | ReplicationController>(managed.kind, {namespace: pod.metadata.namespace}))
					if (matches(managed.selector(rs), pod.metadata.labels)) ctx.runner.enqueue(this, `${rs.metadata.namespace}/${rs.metadata.name}`);
				return;
			}
			if (owner.kind !== managed.kind) return;
			const key = `${pod.metadata.namespace}/${owner.name}`;
			// a pod whose labels change may leave the selector: sync now
			const relabeled = type === 'MODIFIED' && old && old.metadata.labels !== pod.metadata.labels && !deepEqual(old.metadata.labels, pod.metadata.labels);
			if (type === 'MODIFIED' && old && !relabeled && isPodActive(old) === isPodActive(pod)) {
				// status-only churn that does not change readiness is not interesting; readiness
				// changes only move the counters, which are published within a second
				if (isPodReady(old) === isPodReady(pod) && old.status?.phase === pod.status?.phase) return;
				if (!this.statusSoon.has(key)) {
					this.statusSoon.add(key);
					ctx.clock.after(STATUS_DELAY_MS, () => {
						this.statusSoon.delete(key);
						ctx.runner.enqueue(this, key);
					});
				}
				return;
			}
			ctx.runner.enqueue(this, key);
		});
	}

	/**
	 * The pods an object controls after adopting the active pods its selector takes that nobody
	 * controls, and releasing those it controls that its selector no longer takes (Kubernetes'
	 * ClaimPods: the owner reference is added or taken off with a patch).
	 */
	private claimPods(rs: ReplicaSet | ReplicationController): Pod[] {
		const {store, api} = this.ctx;
		const selector = this.managed.selector(rs);
		const owned: Pod[] = [];
		for (const p of ownedPods(store, rs)) {
			if (matches(selector, p.metadata.labels) || p.metadata.deletionTimestamp) owned.push(p);
			else api.replace(p, {...p, metadata: {...p.metadata, ownerReferences: (p.metadata.ownerReferences ?? []).filter(o => o.uid !== rs.metadata.uid)}});
		}
		const orphans = this.orphans.get(rs.metadata.namespace ?? 'default');
		if (!selector.length || !orphans?.size) return owned;
		for (const name of [...orphans]) {
			const p = store.get<Pod>('Pod', rs.metadata.namespace, name);
			if (!p || controllerOf(p) || p.metadata.deletionTimestamp || !isPodActive(p) || !matches(selector, p.metadata.labels)) continue;
			const ref = {apiVersion: this.managed.apiVersion, kind: this.managed.kind, name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true};
			owned.push(api.replace(p, {...p, metadata: {...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), ref]}}));
		}
		return owned;
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, api, clock, events} = this.ctx;
		const rs = store.get<ReplicaSet | ReplicationController>(this.managed.kind, ns, name);
		if (!rs || rs.metadata.deletionTimestamp) {
			this.heldUntil.delete(key);
			return;
		}
		const all = this.claimPods(rs);
		const active = all.filter(isPodActive);
		const want = rs.spec.replicas ?? 1;
		const diff = active.length - want;
		// at most BURST_REPLICAS creations or deletions per sync, then none until the resync
		// (the real controller waits to observe its burst before the next one)
		const now = clock.now();
		const hold = this.heldUntil.get(key);
		// a new spec (a scale) is acted on at once
		const held = !!hold && hold.until > now && hold.generation === rs.metadata.generation;
		if (!held) this.heldUntil.delete(key);
		if (!held && Math.abs(diff) > BURST_REPLICAS) {
			this.heldUntil.set(key, {until: now + BURST_RESYNC_MS, generation: rs.metadata.generation});
			this.ctx.runner.enqueueAfter(this, key, BURST_RESYNC_MS);
		}
		if (held) {
			// counted below as they are; the resync goes on with the change
		} else if (diff < 0) {
			try {
				slowStartBatch(Math.min(-diff, BURST_REPLICAS), () => {
					let pod;
					try {
						pod = api.create(podFromTemplate(rs, rs.spec.template, undefined), {trusted: true});
					} catch (err) {
						// refused by admission (a quota, a LimitRange): said on the owner
						if (isStatusError(err)) events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${err.message}`, this.source);
						throw err;
					}
					events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, this.source);
					active.push(pod as Pod);
				});
			} catch (err) {
				// the batches stop at a refusal; the status below still counts what there is, and the
				// ReplicaSet is tried again when its pods change
				if (!isStatusError(err)) throw err;
			}
		} else if (diff > 0) {
			const victims = rankForDeletion(active).slice(0, Math.min(diff, BURST_REPLICAS));
			for (const p of victims) {
				api.delete('Pod', ns, p.metadata.name);
				events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, this.source);
			}
			const gone = new Set(victims);
			for (let i = active.length - 1; i >= 0; i--) if (gone.has(active[i]!)) active.splice(i, 1);
		}
		const minReady = rs.spec.minReadySeconds ?? 0;
		let ready = 0;
		let available = 0;
		let labeled = 0;
		let waitAvailable = false;
		const templateLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {});
		for (const p of active) {
			if (isPodReady(p)) {
				ready++;
				if (isPodAvailable(p, minReady, now)) available++;
				else waitAvailable = true;
			}
			const labels = p.metadata.labels;
			if (labels === rs.spec.template?.metadata?.labels || templateLabels.every(([k, v]) => labels?.[k] === v)) labeled++;
		}
		const status = {
			replicas: active.length,
			fullyLabeledReplicas: labeled,
			readyReplicas: ready,
			availableReplicas: available,
			observedGeneration: rs.metadata.generation,
		};
		const cur = store.get<ReplicaSet | ReplicationController>(this.managed.kind, ns, name)!;
		const s = cur.status ?? {};
		if ((s.replicas ?? 0) !== status.replicas || (s.readyReplicas ?? 0) !== ready || (s.availableReplicas ?? 0) !== available || s.observedGeneration !== status.observedGeneration || (s.fullyLabeledReplicas ?? 0) !== labeled) {
			// the counters a ReplicaSet and a ReplicationController have in common
			const clean: ReplicationControllerStatus = {...s, ...status};
			if (!clean.readyReplicas) delete clean.readyReplicas;
			if (!clean.availableReplicas) delete clean.availableReplicas;
			api.setStatus(cur, clean);
		}
		if (waitAvailable) this.ctx.runner.enqueueAfter(this, key, minReady * 1000);
	}
}
