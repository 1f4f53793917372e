// The Deployment controller: one ReplicaSet per pod template (named by pod-template-hash),
// RollingUpdate with the maxSurge/maxUnavailable arithmetic or Recreate, revisions and their
// history limit, proportional scaling, pause, progress deadline and the status conditions.
import type {Condition, Deployment, DeploymentStatus, Pod, ReplicaSet} from '../types.js';
import {stableStringify} from '../core/json.js';
import {setCondition} from '../core/conditions.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {controllerOf} from '../core/owners.js';
import {isKind} from '../core/objects.js';
import {fromLabelSelector, matches} from '../core/selectors.js';
import {REVISION, HASH_LABEL, scaledValue, templateHash, sameTemplate, revisionOf} from '../core/templates.js';

const SOURCE = {component: 'deployment-controller'};
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations not copied to its ReplicaSets. */
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);


/** maxSurge (rounded up) and maxUnavailable (rounded down); both 0 makes maxUnavailable 1. */
export function surgeAndUnavailable(d: Deployment): {maxSurge: number; maxUnavailable: number} {
	const replicas = d.spec.replicas ?? 1;
	const ru = d.spec.strategy?.rollingUpdate ?? {};
	const maxSurge = scaledValue(ru.maxSurge, replicas, true, '25%');
	let maxUnavailable = scaledValue(ru.maxUnavailable, replicas, false, '25%');
	if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
	return {maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas)};
}







export class DeploymentController implements Reconciler {
	readonly name = 'deployment';

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('Deployment', (_t, d) => ctx.runner.enqueue(this, `${d.metadata.namespace}/${d.metadata.name}`));
		ctx.store.watch('ReplicaSet', (type, rs, old) => {
			const owner = controllerOf(rs);
			if (!owner) {
				// a ReplicaSet nobody controls (orphaned by a delete): the Deployments whose selector takes it may adopt it
				if (type === 'DELETED' || rs.metadata.deletionTimestamp) return;
				for (const d of ctx.store.list<Deployment>('Deployment', {namespace: rs.metadata.namespace}))
					if (this.selects(d, rs)) ctx.runner.enqueue(this, `${rs.metadata.namespace}/${d.metadata.name}`);
				return;
			}
			if (owner.kind !== 'Deployment') return;
			if (type === 'MODIFIED' && old && old.status === rs.status && old.spec === rs.spec) return;
			ctx.runner.enqueue(this, `${rs.metadata.namespace}/${owner.name}`);
		});
		// Recreate waits for the old pods to be gone: a deleted pod may unblock it
		ctx.store.watch('Pod', (type, pod) => {
			if (type !== 'DELETED') return;
			const rsRef = controllerOf(pod);
			if (rsRef?.kind !== 'ReplicaSet') return;
			const rs = ctx.store.get<ReplicaSet>('ReplicaSet', pod.metadata.namespace, rsRef.name);
			const owner = rs && controllerOf(rs);
			if (owner?.kind !== 'Deployment') return;
			const d = ctx.store.get<Deployment>('Deployment', pod.metadata.namespace, owner.name);
			if (d?.spec?.strategy?.type === 'Recreate') ctx.runner.enqueue(this, `${pod.metadata.namespace}/${owner.name}`);
		});
	}

	/** Whether a Deployment's selector takes an object's labels (an empty selector takes nothing). */
	private selects(d: Deployment, obj: {metadata: {labels?: Record<string, string>}}): boolean {
		const sel = fromLabelSelector(d.spec.selector);
		return sel.length > 0 && matches(sel, obj.metadata.labels);
	}

	/**
	 * Kubernetes' ClaimReplicaSets: adopts the ReplicaSets its selector takes that nobody controls,
	 * and releases those it controls that its selector no longer takes (owner reference patched).
	 */
	private claim(d: Deployment): void {
		const {store, api} = this.ctx;
		const sel = fromLabelSelector(d.spec.selector);
		if (!sel.length) return;
		// the label index narrows the candidates to those the selector takes
		for (const rs of store.list<ReplicaSet>('ReplicaSet', {namespace: d.metadata.namespace, labels: sel})) {
			if (controllerOf(rs) || rs.metadata.deletionTimestamp) continue;
			const ref = {apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true};
			api.replace(rs, {...rs, metadata: {...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), ref]}});
		}
		for (const rs of this.owned(d))
			if (!matches(sel, rs.metadata.labels)) api.replace(rs, {...rs, metadata: {...rs.metadata, ownerReferences: (rs.metadata.ownerReferences ?? []).filter(o => o.uid !== d.metadata.uid)}});
	}

	private owned(d: Deployment): ReplicaSet[] {
		return this.ctx.store
			.dependents(d.metadata.uid!)
			.filter((o): o is ReplicaSet => isKind<ReplicaSet>(o, 'ReplicaSet') && controllerOf(o)?.uid === d.metadata.uid)
			.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : a.metadata.name < b.metadata.name ? -1 : 1));
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const d = this.ctx.store.get<Deployment>('Deployment', ns, name);
		if (!d || d.metadata.deletionTimestamp) return;
		this.claim(d);
		let all = this.owned(d);
		let newRS = all.find(rs => sameTemplate(rs.spec.template, d.spec.template));
		let olds = all.filter(rs => rs !== newRS);

		if (d.spec.paused) {
			if (newRS && this.isScalingEvent(d, all)) this.scale(d, newRS, olds);
			this.syncStatus(d, newRS, olds);
			return;
		}
		if (newRS && this.isScalingEvent(d, all) && olds.some(rs => (rs.spec.replicas ?? 0) > 0)) {
			this.scale(d, newRS, olds);
			return;
		}
		if ((d.spec.strategy?.type ?? 'RollingUpdate') === 'Recreate') {
			this.recreate(d, newRS, olds);
			return;
		}
		newRS = this.ensureNewRS(d, newRS, olds, all);
		all = this.owned(this.current(d));
		olds = all.filter(rs => rs.metadata.uid !== newRS!.metadata.uid);
		newRS = all.find(rs => rs.metadata.uid === newRS!.metadata.uid) ?? newRS;

		let changed = this.reconcileNew(d, newRS, all);
		if (!changed) changed = this.reconcileOld(d, newRS, olds, all);
		const fresh = this.owned(this.current(d));
		const n = fresh.find(rs => rs.metadata.uid === newRS!.metadata.uid);
		const o = fresh.filter(rs => rs.metadata.uid !== newRS!.metadata.uid);
		if (n && this.complete(d, n, o)) this.cleanup(d, o);
		this.syncStatus(this.current(d), n, o);
	}

	private current(d: Deployment): Deployment {
		return this.ctx.store.get<Deployment>('Deployment', d.metadata.namespace, d.metadata.name) ?? d;
	}

	/** Creates the ReplicaSet for the current template, or brings an old one back as the newest revision. */
	private ensureNewRS(d: Deployment, existing: ReplicaSet | undefined, olds: ReplicaSet[], all: ReplicaSet[]): ReplicaSet {
		const maxOld = olds.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
		const nextRevision = maxOld + 1;
		const {api, events} = this.ctx;
		const {maxSurge} = surgeAndUnavailable(d);
		const replicas = d.spec.replicas ?? 1;
		if (existing) {
			const rev = revisionOf(existing);
			const annotations = {...existing.metadata.annotations, ...copyAnnotations(d)};
			if (rev < nextRevision) {
				annotations[REVISION] = String(nextRevision);
				if (rev) annotations[REVISION_HISTORY] = [annotations[REVISION_HISTORY], String(rev)].filter(Boolean).join(',');
			}
			annotations[DESIRED] = String(replicas);
			annotations[MAX_REPLICAS] = String(replicas + maxSurge);
			if (stableStringify(annotations) !== stableStringify(existing.metadata.annotations ?? {}))
				existing = api.replace(existing, {...existing, metadata: {...existing.metadata, annotations}});
			this.setRevision(d, annotations[REVISION]!);
			return existing;
		}
		let collisions = d.status?.collisionCount ?? 0;
		for (;;) {
			const hash = templateHash(d.spec.template, collisions);
			const rsName = `${d.metadata.name}-${hash}`;
			const clash = this.ctx.store.get<ReplicaSet>('ReplicaSet', d.metadata.namespace, rsName);
			if (clash) {
				if (controllerOf(clash)?.uid === d.metadata.uid && sameTemplate(clash.spec.template, d.spec.template)) return clash;
				collisions++;
				continue;
			}
			if (collisions !== (d.status?.collisionCount ?? 0)) {
				const cur = this.current(d);
				api.setStatus(cur, {...cur.status, collisionCount: collisions});
			}
			const currentPods = all.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
			const start = Math.max(0, Math.min(replicas, replicas + maxSurge - currentPods));
			const template = d.spec.template;
			const rs: ReplicaSet = {
				apiVersion: 'apps/v1',
				kind: 'ReplicaSet',
				metadata: {
					name: rsName,
					namespace: d.metadata.namespace,
					labels: {...template.metadata?.labels, [HASH_LABEL]: hash},
					annotations: {...copyAnnotations(d), [DESIRED]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge), [REVISION]: String(nextRevision)},
					ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true}],
				},
				spec: {
					replicas: start,
					minReadySeconds: d.spec.minReadySeconds ?? 0,
					selector: {...d.spec.selector, matchLabels: {...d.spec.selector?.matchLabels, [HASH_LABEL]: hash}},
					template: {...template, metadata: {...template.metadata, labels: {...template.metadata?.labels, [HASH_LABEL]: hash}}},
				},
			};
			const created = api.create(rs, {trusted: true});
			if (start > 0) events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${start}`, SOURCE);
			this.setRevision(d, String(nextRevision));
			const cur = this.current(d);
			const conditions = setCondition(cur.status?.conditions, {
				type: 'Progressing',
				status: 'True',
				reason: 'NewReplicaSetCreated',
				message: `Created new replica set "${rsName}"`,
				lastUpdateTime: this.ctx.clock.iso(),
				lastTransitionTime: this.ctx.clock.iso(),
			});
			api.setStatus(cur, {...cur.status, conditions});
			return created;
		}
	}

	private setRevision(d: Deployment, revision: string): void {
		const cur = this.current(d);
		if (cur.metadata.annotations?.[REVISION] === revision) return;
		this.ctx.api.replace(cur, {...cur, metadata: {...cur.metadata, annotations: {...cur.metadata.annotations, [REVISION]: revision}}});
	}

	private scaleRS(d: Deployment, rs: ReplicaSet, to: number): ReplicaSet {
		const from = rs.spec.replicas ?? 0;
		if (from === to) return rs;
		const {maxSurge} = surgeAndUnavailable(d);
		const replicas = d.spec.replicas ?? 1;
		const annotations = {...rs.metadata.annotations, [DESIRED]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge)};
		const next = this.ctx.api.replace(rs, {...rs, metadata: {...rs.metadata, annotations}, spec: {...rs.spec, replicas: to}});
		this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, SOURCE);
		return next;
	}

	/** New RS grows by at most replicas + maxSurge - total pods. */
	private reconcileNew(d: Deployment, newRS: ReplicaSet, all: ReplicaSet[]): boolean {
		const replicas = d.spec.replicas ?? 1;
		const cur = newRS.spec.replicas ?? 0;
		if (cur === replicas) return false;
		if (cur > replicas) {
			this.scaleRS(d, newRS, replicas);
			return true;
		}
		const {maxSurge} = surgeAndUnavailable(d);
		const total = all.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
		const room = replicas + maxSurge - total;
		if (room <= 0) return false;
		this.scaleRS(d, newRS, cur + Math.min(room, replicas - cur));
		return true;
	}

	/** Old RSs shrink by at most total - (replicas - maxUnavailable) - unavailable pods of the new RS. */
	private reconcileOld(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[], all: ReplicaSet[]): boolean {
		const oldPods = olds.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
		if (oldPods === 0) return false;
		const replicas = d.spec.replicas ?? 1;
		const {maxUnavailable} = surgeAndUnavailable(d);
		const minAvailable = replicas - maxUnavailable;
		const total = all.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
		const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
		let budget = total - minAvailable - newUnavailable;
		if (budget <= 0) return false;
		let changed = false;
		// first the unhealthy old pods, oldest ReplicaSet first
		const updated: ReplicaSet[] = [];
		for (const rs of olds) {
			const want = rs.spec.replicas ?? 0;
			const unhealthy = want - (rs.status?.availableReplicas ?? 0);
			const cut = Math.min(budget, Math.max(0, unhealthy));
			if (cut > 0 && want > 0) {
				updated.push(this.scaleRS(d, rs, want - cut));
				budget -= cut;
				changed = true;
			} else updated.push(rs);
		}
		// then healthy ones, keeping at least minAvailable available
		const available = [newRS, ...updated].reduce((a, rs) => a + (rs.status?.availableReplicas ?? 0), 0);
		let scaleDown = available - minAvailable;
		if (scaleDown <= 0) return changed;
				for (const rs of updated) {
			if (scaleDown <= 0) break;
			const want = rs.spec.replicas ?? 0;
			if (!want) continue;
			const cut = Math.min(want, scaleDown);
			this.scaleRS(d, rs, want - cut);
			scaleDown -= cut;
			changed = true;
		}
		return changed;
	}

	private recreate(d: Deployment, newRS: ReplicaSet | undefined, olds: ReplicaSet[]): void {
		let scaled = false;
		for (const rs of olds) if ((rs.spec.replicas ?? 0) > 0) {
			this.scaleRS(d, rs, 0);
			scaled = true;
		}
		if (scaled) {
			this.syncStatus(this.current(d), newRS, olds);
			return;
		}
		// wait for every old pod to be gone
		for (const rs of olds) {
			const pods = this.ctx.store.dependents(rs.metadata.uid!).filter(p => isKind<Pod>(p, 'Pod') && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
			if (pods.length) {
				this.syncStatus(this.current(d), newRS, olds);
				return;
			}
		}
		const all = this.owned(d);
		const rs = this.ensureNewRS(this.current(d), newRS, olds, all);
		const n = this.scaleRS(d, this.ctx.store.get<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs, d.spec.replicas ?? 1);
		const fresh = this.owned(this.current(d));
		const o = fresh.filter(x => x.metadata.uid !== n.metadata.uid);
		if (this.complete(d, n, o)) this.cleanup(d, o);
		this.syncStatus(this.current(d), n, o);
	}

	private isScalingEvent(d: Deployment, all: ReplicaSet[]): boolean {
		const replicas = String(d.spec.replicas ?? 1);
		return all.some(rs => (rs.spec.replicas ?? 0) > 0 && rs.metadata.annotations?.[DESIRED] !== undefined && rs.metadata.annotations[DESIRED] !== replicas);
	}

	/** Proportional scaling: spread a change of replicas over the active ReplicaSets by size. */
	private scale(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[]): void {
		const replicas = d.spec.replicas ?? 1;
		const active = [newRS, ...olds].filter(rs => (rs.spec.replicas ?? 0) > 0);
		if (active.length <= 1) {
			const only = active[0] ?? newRS;
			this.scaleRS(d, only, replicas);
			this.syncStatus(this.current(d), newRS, olds);
			return;
		}
		const {maxSurge} = surgeAndUnavailable(d);
		const allowed = replicas + maxSurge;
		const current = active.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
		const toAdd = allowed - current;
		const sorted = [...active].sort((a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0));
		let left = toAdd;
		const plan = new Map<ReplicaSet, number>();
		for (const rs of sorted) {
			const size = rs.spec.replicas ?? 0;
			const desired = Number(rs.metadata.annotations?.[DESIRED] ?? current) || current;
			const share = left === 0 ? 0 : Math.trunc((size * allowed) / Math.max(1, desired)) - size;
			const bounded = toAdd > 0 ? Math.min(share, left) : Math.max(share, left);
			plan.set(rs, size + bounded);
			left -= bounded;
		}
		if (left !== 0) plan.set(sorted[0]!, Math.max(0, (plan.get(sorted[0]!) ?? 0) + left));
		for (const [rs, n] of plan) this.scaleRS(d, rs, Math.max(0, n));
		this.syncStatus(this.current(d), newRS, olds);
	}

	private complete(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[]): boolean {
		const replicas = d.spec.replicas ?? 1;
		return (
			(newRS.spec.replicas ?? 0) === replicas &&
			(newRS.status?.replicas ?? 0) === replicas &&
			(newRS.status?.availableReplicas ?? 0) >= replicas &&
			olds.every(rs => (rs.status?.replicas ?? 0) === 0 && (rs.spec.replicas ?? 0) === 0)
		);
	}

	/** Deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
	private cleanup(d: Deployment, olds: ReplicaSet[]): void {
		const limit = d.spec.revisionHistoryLimit ?? 10;
		const empty = olds.filter(rs => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp);
		if (empty.length <= limit) return;
		empty.sort((a, b) => revisionOf(a) - revisionOf(b));
		for (const rs of empty.slice(0, empty.length - limit)) this.ctx.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
	}

	private syncStatus(d: Deployment, newRS: ReplicaSet | undefined, olds: ReplicaSet[]): void {
		const {api, clock, runner} = this.ctx;
		const all = newRS ? [newRS, ...olds] : olds;
		const replicas = d.spec.replicas ?? 1;
		const sum = (f: (rs: ReplicaSet) => number) => all.reduce((a, rs) => a + f(rs), 0);
		const total = sum(rs => rs.status?.replicas ?? 0);
		const ready = sum(rs => rs.status?.readyReplicas ?? 0);
		const available = sum(rs => rs.status?.availableReplicas ?? 0);
		const updated = newRS?.status?.replicas ?? 0;
		const {maxUnavailable} = surgeAndUnavailable(d);
		const now = clock.iso();
		const prev: DeploymentStatus = d.status ?? {};
		let conditions: Condition[] = prev.conditions ?? [];
		conditions = setCondition(
			conditions,
			available >= replicas - maxUnavailable
				? {type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: now, lastTransitionTime: now}
				: {type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: now, lastTransitionTime: now},
		);
		const rsName = newRS?.metadata.name ?? '';
		const progressing = conditions.find(c => c.type === 'Progressing');
		const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
		if (d.spec.paused) {
			if (progressing?.reason !== 'DeploymentPaused')
				conditions = setCondition(conditions, {type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: now, lastTransitionTime: now});
		} else if (newRS && this.complete(d, newRS, olds)) {
			if (progressing?.reason !== 'NewReplicaSetAvailable')
				conditions = setCondition(conditions, {type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.`, lastUpdateTime: now, lastTransitionTime: now});
		} else if (newRS) {
			const madeProgress = updated !== (prev.updatedReplicas ?? 0) || available !== (prev.availableReplicas ?? 0) || ready !== (prev.readyReplicas ?? 0) || progressing?.reason === 'DeploymentResumed' || progressing?.reason === 'DeploymentPaused' || progressing?.reason === 'NewReplicaSetAvailable';
			const last = Date.parse(progressing?.lastUpdateTime ?? now);
			if (madeProgress || !progressing) {
				const cond = {type: 'Progressing', status: 'True' as const, reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.`, lastUpdateTime: now, lastTransitionTime: now};
				const i = conditions.findIndex(c => c.type === 'Progressing');
				const kept = i >= 0 && conditions[i].status === 'True' ? conditions[i].lastTransitionTime : now;
				conditions = [...conditions.filter(c => c.type !== 'Progressing'), {...cond, lastTransitionTime: kept}];
				runner.enqueueAfter(this, `${d.metadata.namespace}/${d.metadata.name}`, deadline + 1000);
			} else if (clock.now() - last > deadline && progressing.reason !== 'ProgressDeadlineExceeded') {
				conditions = setCondition(conditions, {type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.`, lastUpdateTime: now, lastTransitionTime: now});
				this.ctx.events.record(d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${d.metadata.name}" has timed out progressing`, SOURCE);
			}
		}
		conditions = [...conditions].sort((a, b) => (a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));
		const status: DeploymentStatus = {
			observedGeneration: d.metadata.generation,
			replicas: total,
			updatedReplicas: updated,
			readyReplicas: ready,
			availableReplicas: available,
			unavailableReplicas: Math.max(0, replicas - available),
			conditions,
			...(prev.collisionCount ? {collisionCount: prev.collisionCount} : {}),
		};
		// zero counts are left out (omitempty)
		if (!status.replicas) delete status.replicas;
		if (!status.updatedReplicas) delete status.updatedReplicas;
		if (!status.readyReplicas) delete status.readyReplicas;
		if (!status.availableReplicas) delete status.availableReplicas;
		if (!status.unavailableReplicas) delete status.unavailableReplicas;
		if (stableStringify(status) !== stableStringify(prev)) api.setStatus(d, status);
	}
}

function copyAnnotations(d: Deployment): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_ANNOTATIONS.has(k)) out[k] = v;
	return out;
}
