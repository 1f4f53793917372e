// The StatefulSet controller: pods with stable names `<set>-<ordinal>`, hostname and subdomain
// for stable DNS, a PersistentVolumeClaim per pod and claim template that outlives the pod; OrderedReady (one at a time, each waiting for the previous to
// be Running and Ready; scale down from the highest ordinal) or Parallel (slow-start batches of
// 1, 2, 4, ..., at most 500 pods per sync, the rest 100 ms later); RollingUpdate from the
// highest ordinal down to the partition, or OnDelete; revisions and the status counters.
import type {PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimTemplate, Pod, PodTemplateSpec, StatefulSet, StatefulSetStatus, Volume} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {templateHash} from '../core/templates.js';
import {controllerOf, ownedPods} from '../core/owners.js';
import {isPodAvailable, isPodReady, podFromTemplate, slowStartBatch} from '../core/pods.js';
import {watchKind} from '../core/objects.js';

const SOURCE = {component: 'statefulset-controller'};
export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Pods a Parallel set creates or deletes in one sync at most; the rest wait for the resync. */
export const BURST_PODS = 500;
/** Virtual time before the sync that goes on with a burst larger than BURST_PODS. */
export const BURST_RESYNC_MS = 100;

/** A pod the API refused: ends the slow-start batches of a sync. */
class CreateRefused extends Error {}

function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
	const prefix = `${set.metadata.name}-`;
	const name = pod.metadata.name;
	if (!name.startsWith(prefix)) return undefined;
	const rest = name.slice(prefix.length);
	return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

function isRunningAndReady(p: Pod): boolean {
	return p.status?.phase === 'Running' && isPodReady(p);
}

function isTerminating(p: Pod): boolean {
	return !!p.metadata.deletionTimestamp;
}

function isFinished(p: Pod): boolean {
	return p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
}

export function claimName(template: PersistentVolumeClaimTemplate, set: StatefulSet, ordinal: number): string {
	return `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
}

export class StatefulSetController implements Reconciler {
	readonly name = 'statefulset';
	/** Pod templates by revision name (what ControllerRevisions keep upstream). */
	private revisions = new Map<string, PodTemplateSpec>();
	/** Parallel sets that made a capped burst: no more creations or deletions until this virtual time. */
	private readonly heldUntil = new Map<string, {until: number; generation: number | undefined}>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('StatefulSet', (type, set, old) => {
			if (type === 'DELETED') return;
			if (type === 'MODIFIED' && old && old.spec === set.spec && old.metadata.deletionTimestamp === set.metadata.deletionTimestamp) return;
			ctx.runner.enqueue(this, `${set.metadata.namespace}/${set.metadata.name}`);
		});
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			const owner = controllerOf(pod);
			if (owner?.kind !== 'StatefulSet') return;
			if (
				type === 'MODIFIED' &&
				old &&
				isPodReady(old) === isPodReady(pod) &&
				old.status?.phase === pod.status?.phase &&
				old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp
			)
				return;
			ctx.runner.enqueue(this, `${pod.metadata.namespace}/${owner.name}`);
		});
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, clock} = this.ctx;
		const set = store.get<StatefulSet>('StatefulSet', ns, name);
		if (!set || set.metadata.deletionTimestamp) {
			this.heldUntil.delete(key);
			return;
		}
		const updateRevision = `${name}-${templateHash(set.spec.template)}`;
		this.revisions.set(updateRevision, set.spec.template);
		const currentRevision = set.status?.currentRevision && this.revisions.has(set.status.currentRevision) ? set.status.currentRevision : updateRevision;
		const replicas = set.spec.replicas ?? 1;
		const start = set.spec.ordinals?.start ?? 0;
		const monotonic = (set.spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
		const rolling = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
		const partition = rolling ? (set.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
		const minReady = set.spec.minReadySeconds ?? 0;
		const now = clock.now();
		const healthy = (p: Pod) => isRunningAndReady(p) && isPodAvailable(p, minReady, now);

		// the pods there are, by index (ordinal - start): a map, so a huge replica count costs nothing
		const slots = new Map<number, Pod>();
		const condemned: Pod[] = [];
		for (const p of ownedPods(this.ctx.store, set)) {
			const ord = ordinalOf(set, p);
			if (ord === undefined) continue;
			if (ord >= start && ord < start + replicas) slots.set(ord - start, p);
			else condemned.push(p);
		}
		condemned.sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!);

		const done = () => this.syncStatus(key, currentRevision, updateRevision);
		const revisionFor = (ordinal: number) => (rolling && ordinal < partition ? currentRevision : updateRevision);
		let waitAvailable = false;
		// a Parallel set that made a capped burst creates and deletes nothing more until its resync
		const hold = this.heldUntil.get(key);
		const held = !monotonic && !!hold && hold.until > now && hold.generation === set.metadata.generation;
		if (!held) this.heldUntil.delete(key);
		const capBurst = () => {
			this.heldUntil.set(key, {until: now + BURST_RESYNC_MS, generation: set.metadata.generation});
			this.ctx.runner.enqueueAfter(this, key, BURST_RESYNC_MS);
		};

		// one pod in ordinal order: a failed one recreated, an unready one waited for; true when an
		// OrderedReady set stops at it
		const examine = (i: number): boolean => {
			const ordinal = start + i;
			let pod = slots.get(i);
			if (pod && isFinished(pod) && !isTerminating(pod)) {
				this.ctx.events.record(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${ns}/${name} is recreating failed Pod ${pod.metadata.name}`, SOURCE);
				this.deletePod(set, pod);
				pod = store.get<Pod>('Pod', ns, pod.metadata.name);
				if (pod) slots.set(i, pod);
				else slots.delete(i);
			}
			if (!pod) {
				if (!monotonic) return false; // created below, in batches
				const created = this.createPod(set, ordinal, revisionFor(ordinal));
				if (created) slots.set(i, created);
				return true;
			}
			if (isTerminating(pod) || !isRunningAndReady(pod)) return monotonic;
			if (!healthy(pod)) {
				waitAvailable = true;
				if (monotonic) {
					this.ctx.runner.enqueueAfter(this, key, minReady * 1000);
					return true;
				}
			}
			return false;
		};
		if (monotonic) {
			// one at a time: the loop ends at the first pod missing or not ready
			for (let i = 0; i < replicas; i++) if (examine(i)) return done();
		} else {
			for (const i of [...slots.keys()].sort((a, b) => a - b)) examine(i);
			// the missing pods, lowest ordinals first, in the real controller's slow-start batches
			// (1, 2, 4, ...), at most BURST_PODS per sync
			if (!held) {
				const missing: number[] = [];
				for (let i = 0; i < replicas && missing.length <= BURST_PODS; i++) if (!slots.has(i)) missing.push(i);
				if (missing.length > BURST_PODS) {
					missing.length = BURST_PODS;
					capBurst();
				}
				let next = 0;
				try {
					slowStartBatch(missing.length, () => {
						const i = missing[next++]!;
						const pod = this.createPod(set, start + i, revisionFor(start + i));
						if (!pod) throw new CreateRefused();
						slots.set(i, pod);
					});
				} catch (err) {
					// the batches stop at a refusal (already told in a FailedCreate event)
					if (!(err instanceof CreateRefused)) throw err;
				}
			}
		}

		// scale down from the highest ordinal
		const firstUnhealthy = [...[...slots.keys()].sort((a, b) => a - b).map(i => slots.get(i)!), ...condemned].find(p => !healthy(p));
		let deleted = 0;
		for (const pod of condemned) {
			if (isTerminating(pod)) {
				if (monotonic) return done();
				continue;
			}
			if (monotonic && !healthy(pod) && pod !== firstUnhealthy) return done();
			if (held) break;
			if (!monotonic && deleted === BURST_PODS) {
				capBurst();
				break;
			}
			this.condemn(set, pod);
			this.deletePod(set, pod);
			deleted++;
			if (monotonic) return done();
		}
		if (waitAvailable && !monotonic) this.ctx.runner.enqueueAfter(this, key, minReady * 1000);

		// rolling update: highest ordinal first, down to the partition, one at a time
		if (rolling && slots.size === replicas && [...slots.values()].every(p => !isTerminating(p))) {
			for (let i = replicas - 1; i >= 0 && start + i >= partition; i--) {
				const pod = slots.get(i)!;
				if (pod.metadata.labels?.[REVISION_LABEL] !== updateRevision) {
					this.deletePod(set, pod);
					return done();
				}
				if (!healthy(pod)) return done();
			}
		}
		done();
	}

	private createPod(set: StatefulSet, ordinal: number, revision: string): Pod | undefined {
		const {api, events} = this.ctx;
		const ns = set.metadata.namespace;
		const podName = `${set.metadata.name}-${ordinal}`;
		const template = this.revisions.get(revision) ?? set.spec.template;
		const claims = set.spec.volumeClaimTemplates ?? [];
		for (const t of claims) {
			const claim = claimName(t, set, ordinal);
			if (this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, claim)) continue;
			try {
				this.createClaim(set, t, claim);
				events.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${podName} in StatefulSet ${set.metadata.name} success`, SOURCE);
			} catch (err) {
				events.record(set, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`, SOURCE);
				return undefined;
			}
		}
		const pod = podFromTemplate(set, template, podName, {[REVISION_LABEL]: revision, [POD_NAME_LABEL]: podName, [POD_INDEX_LABEL]: String(ordinal)});
		const claimNames = new Set(claims.map(t => t.metadata?.name));
		const volumes: Volume[] = [
			...claims.map(t => ({name: t.metadata!.name, persistentVolumeClaim: {claimName: claimName(t, set, ordinal)}})),
			...(pod.spec.volumes ?? []).filter(v => !claimNames.has(v.name)),
		];
		pod.spec = {...pod.spec, hostname: podName, ...(set.spec.serviceName ? {subdomain: set.spec.serviceName} : {}), ...(volumes.length ? {volumes} : {})};
		try {
			const created = api.create(pod, {trusted: true});
			events.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`, SOURCE);
			return created as Pod;
		} catch (err) {
			events.record(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`, SOURCE);
			return undefined;
		}
	}

	/** A claim from its template; the PersistentVolume controller binds it (the default class once the pod is scheduled). */
	private createClaim(set: StatefulSet, template: PersistentVolumeClaimTemplate, name: string): PersistentVolumeClaim {
		const {api} = this.ctx;
		const spec: PersistentVolumeClaimSpec = structuredClone(template.spec ?? {});
		spec.volumeMode ??= 'Filesystem';
		const retention = set.spec.persistentVolumeClaimRetentionPolicy ?? {};
		const claim: PersistentVolumeClaim = {
			apiVersion: 'v1',
			kind: 'PersistentVolumeClaim',
			metadata: {
				name,
				namespace: set.metadata.namespace,
				labels: {...template.metadata?.labels, ...set.spec.selector?.matchLabels},
				...(template.metadata?.annotations ? {annotations: {...template.metadata.annotations}} : {}),
				...(retention.whenDeleted === 'Delete' ? {ownerReferences: [{apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid!}]} : {}),
			},
			spec,
			status: {phase: 'Pending'},
		};
		return api.create(claim, {trusted: true});
	}

	/** whenScaled: Delete hands the pod's claims to the pod, so they go with it. */
	private condemn(set: StatefulSet, pod: Pod): void {
		if (set.spec.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
		const ordinal = ordinalOf(set, pod)!;
		for (const t of set.spec.volumeClaimTemplates ?? []) {
			const c = this.ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', set.metadata.namespace, claimName(t, set, ordinal));
			if (!c || c.metadata.ownerReferences?.some(o => o.uid === pod.metadata.uid)) continue;
			const refs = [...(c.metadata.ownerReferences ?? []), {apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid!}];
			this.ctx.api.replace(c, {...c, metadata: {...c.metadata, ownerReferences: refs}});
		}
	}

	private deletePod(set: StatefulSet, pod: Pod): void {
		try {
			this.ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name, {preconditions: {uid: pod.metadata.uid}});
			this.ctx.events.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
		} catch (err) {
			this.ctx.events.record(set, 'Warning', 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`, SOURCE);
		}
	}

	private syncStatus(key: string, currentRevision: string, updateRevision: string): void {
		const [ns, name] = splitKey(key);
		const {store, api, clock} = this.ctx;
		const set = store.get<StatefulSet>('StatefulSet', ns, name);
		if (!set) return;
		const minReady = set.spec.minReadySeconds ?? 0;
		const now = clock.now();
		let replicas = 0;
		let ready = 0;
		let available = 0;
		let current = 0;
		let updated = 0;
		for (const p of ownedPods(this.ctx.store, set)) {
			if (ordinalOf(set, p) === undefined) continue;
			replicas++;
			if (isRunningAndReady(p)) {
				ready++;
				if (isPodAvailable(p, minReady, now)) available++;
			}
			if (!isTerminating(p)) {
				const rev = p.metadata.labels?.[REVISION_LABEL];
				if (rev === currentRevision) current++;
				if (rev === updateRevision) updated++;
			}
		}
		let currentRev = currentRevision;
		const rolling = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
		if (rolling && updated === replicas && ready === replicas && replicas === (set.spec.replicas ?? 1)) {
			current = updated;
			currentRev = updateRevision;
		}
		const status: StatefulSetStatus = {
			observedGeneration: set.metadata.generation,
			replicas,
			...(ready ? {readyReplicas: ready} : {}),
			...(current ? {currentReplicas: current} : {}),
			...(updated ? {updatedReplicas: updated} : {}),
			currentRevision: currentRev,
			updateRevision,
			collisionCount: set.status?.collisionCount ?? 0,
			availableReplicas: available,
		};
		if (JSON.stringify(status) !== JSON.stringify(set.status ?? {})) api.setStatus(set, status);
	}
}
