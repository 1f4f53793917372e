// The PersistentVolume controller, with the local-path provisioner that kind runs: binds each
// pending claim to the smallest Available volume that fits it (class, access modes, capacity,
// volume mode, selector), or provisions `pvc-<uid>` when its class has a provisioner (at once for
// Immediate classes, once the scheduler has picked a node for WaitForFirstConsumer ones); moves
// volumes through Pending, Available, Bound and Released, and reclaims released volumes (Retain
// keeps them, Delete removes them); removes the pvc- and pv-protection finalizers once a claim
// is used by no pod and a volume is bound to no claim.
import type {PersistentVolume, PersistentVolumeClaim, Pod, StorageClass} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {watchKind} from '../core/objects.js';
import {isTerminal} from '../core/pods.js';
import {fromLabelSelector, matches} from '../core/selectors.js';
import {bytes} from '../core/quantity.js';
import {PVC_PROTECTION} from '../../kinds/pvc/api.js';
import {PV_PROTECTION} from '../../kinds/pv/api.js';
import {claimStorageClass} from '../../kinds/pvc/index.js';

const SOURCE = {component: 'persistentvolume-controller'};
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const CLAIM = 'claim:';
const VOLUME = 'volume:';

function claimKey(ns: string | undefined, name: string): string {
	return `${CLAIM}${ns}/${name}`;
}

/** Whether a volume's claimRef names this claim (by uid when it has one). */
function refersTo(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
	const ref = pv.spec?.claimRef;
	if (!ref) return false;
	if (ref.uid) return ref.uid === pvc.metadata.uid;
	return ref.name === pvc.metadata.name && (ref.namespace ?? 'default') === pvc.metadata.namespace;
}

function claimUsers(pods: readonly Pod[], claim: string): Pod[] {
	return pods.filter(p => !isTerminal(p) && (p.spec?.volumes ?? []).some(v => v.persistentVolumeClaim?.claimName === claim));
}

export class PersistentVolumeController implements Reconciler {
	readonly name = 'persistentvolume';
	private provisionerIdentity: {component: string} | undefined;

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		watchKind<PersistentVolumeClaim>(ctx.store, 'PersistentVolumeClaim', (type, pvc) => {
			ctx.runner.enqueue(this, claimKey(pvc.metadata.namespace, pvc.metadata.name));
			if (type === 'DELETED' && pvc.spec?.volumeName) ctx.runner.enqueue(this, VOLUME + pvc.spec.volumeName);
		});
		watchKind<PersistentVolume>(ctx.store, 'PersistentVolume', (type, pv, old) => {
			if (type === 'DELETED') return;
			ctx.runner.enqueue(this, VOLUME + pv.metadata.name);
			if (pv.status?.phase === 'Available' && old?.status?.phase !== 'Available') this.enqueuePendingClaims();
		});
		watchKind<StorageClass>(ctx.store, 'StorageClass', type => {
			if (type === 'ADDED') this.enqueuePendingClaims();
		});
		watchKind<Pod>(ctx.store, 'Pod', (type, pod) => {
			if (type !== 'DELETED' && !isTerminal(pod)) return;
			for (const v of pod.spec?.volumes ?? []) {
				const name = v.persistentVolumeClaim?.claimName;
				if (!name) continue;
				const pvc = ctx.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', pod.metadata.namespace, name);
				if (pvc?.metadata.deletionTimestamp) ctx.runner.enqueue(this, claimKey(pvc.metadata.namespace, name));
			}
		});
	}

	/** The provisioner's event source, `<provisioner>_<its pod>_<uuid>`, drawn on its first volume. */
	private get provisionerSource(): {component: string} {
		return (this.provisionerIdentity ??= {component: `rancher.io/local-path_local-path-provisioner-7577fdbbfb-${this.ctx.rng.suffix(5)}_${this.ctx.rng.uuid()}`});
	}

	private enqueuePendingClaims(): void {
		for (const c of this.ctx.store.list<PersistentVolumeClaim>('PersistentVolumeClaim'))
			if (c.status?.phase !== 'Bound') this.ctx.runner.enqueue(this, claimKey(c.metadata.namespace, c.metadata.name));
	}

	sync(key: string): void {
		if (key.startsWith(CLAIM)) {
			const [ns, name] = splitKey(key.slice(CLAIM.length));
			this.syncClaim(ns, name);
		} else if (key.startsWith(VOLUME)) {
			this.syncVolume(key.slice(VOLUME.length));
		}
	}

	// ------------------------------------------------------------------------------- claims

	private syncClaim(ns: string | undefined, name: string): void {
		const {store, api, events} = this.ctx;
		const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
		if (!pvc) return;
		if (pvc.metadata.deletionTimestamp) {
			if (pvc.metadata.finalizers?.includes(PVC_PROTECTION) && !claimUsers(store.list<Pod>('Pod', {namespace: ns}), name).length)
				api.removeFinalizer(pvc, PVC_PROTECTION);
			return;
		}
		if (pvc.status?.phase === 'Bound') {
			const pv = pvc.spec?.volumeName ? store.get<PersistentVolume>('PersistentVolume', undefined, pvc.spec.volumeName) : undefined;
			if (!pv) {
				api.setStatus(pvc, {...pvc.status, phase: 'Lost'});
				events.record(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', SOURCE);
			} else this.resize(pvc, pv);
			return;
		}
		if (pvc.status?.phase === 'Lost') return;
		const volumes = store.list<PersistentVolume>('PersistentVolume');
		if (pvc.spec?.volumeName) {
			const pv = volumes.find(v => v.metadata.name === pvc.spec.volumeName);
			if (pv && (!pv.spec?.claimRef || refersTo(pv, pvc))) this.bind(pvc, pv, false);
			return;
		}
		const match = this.findVolume(pvc, volumes);
		if (match) {
			this.bind(pvc, match, true);
			return;
		}
		const className = claimStorageClass(pvc);
		if (!className) {
			events.record(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', SOURCE);
			return;
		}
		const sc = store.get<StorageClass>('StorageClass', undefined, className);
		if (!sc) {
			events.record(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, SOURCE);
			return;
		}
		const node = pvc.metadata.annotations?.[SELECTED_NODE];
		if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !node) {
			events.record(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', SOURCE);
			return;
		}
		if (sc.provisioner === NO_PROVISIONER) {
			events.record(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', SOURCE);
			return;
		}
		this.provision(pvc, sc, node);
	}

	/**
	 * A bound claim asking for more than it has, in a class that allows expansion: the volume grows
	 * (the external resizer's part) and so does the claim's capacity (the kubelet's file system
	 * resize, done at once here).
	 */
	private resize(pvc: PersistentVolumeClaim, pv: PersistentVolume): void {
		const {store, api, events} = this.ctx;
		const wanted = pvc.spec?.resources?.requests?.storage;
		if (!wanted || bytes(wanted) <= bytes(pvc.status?.capacity?.storage ?? pv.spec?.capacity?.storage)) return;
		const className = claimStorageClass(pvc);
		const sc = className ? store.get<StorageClass>('StorageClass', undefined, className) : undefined;
		if (!sc?.allowVolumeExpansion) return;
		const resizer = {component: 'external-resizer ' + sc.provisioner};
		events.record(pvc, 'Normal', 'Resizing', `External resizer is resizing volume ${pv.metadata.name}`, resizer);
		if (bytes(pv.spec?.capacity?.storage) < bytes(wanted)) api.update({...pv, spec: {...pv.spec, capacity: {...pv.spec?.capacity, storage: wanted}}}, {trusted: true});
		api.setStatus(pvc, {...pvc.status, capacity: {...pvc.status?.capacity, storage: wanted}});
		events.record(pvc, 'Normal', 'FileSystemResizeSuccessful', `MountVolume.NodeExpandVolume succeeded for volume "${pv.metadata.name}"`, {component: 'kubelet'});
	}

	/** The smallest Available volume that fits the claim, or one already bound to it by its claimRef. */
	private findVolume(pvc: PersistentVolumeClaim, volumes: readonly PersistentVolume[]): PersistentVolume | undefined {
		const className = claimStorageClass(pvc);
		const want = bytes(pvc.spec?.resources?.requests?.storage);
		const modes = pvc.spec?.accessModes ?? [];
		const mode = pvc.spec?.volumeMode ?? 'Filesystem';
		const selector = pvc.spec?.selector ? fromLabelSelector(pvc.spec.selector) : undefined;
		let best: PersistentVolume | undefined;
		let bestSize = Infinity;
		for (const pv of volumes) {
			if (pv.metadata.deletionTimestamp) continue;
			if ((pv.spec?.storageClassName ?? '') !== className) continue;
			if (pv.spec?.claimRef) {
				if (refersTo(pv, pvc)) return pv;
				continue;
			}
			if (pv.status?.phase !== 'Available') continue;
			const size = bytes(pv.spec?.capacity?.storage);
			if (size < want) continue;
			const pvModes = pv.spec?.accessModes ?? [];
			if (!modes.every(m => pvModes.includes(m))) continue;
			if ((pv.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
			if (selector && !matches(selector, pv.metadata.labels ?? {})) continue;
			if (size < bestSize || (size === bestSize && best && pv.metadata.name < best.metadata.name)) {
				best = pv;
				bestSize = size;
			}
		}
		return best;
	}

	/** Binds both ways: the volume's claimRef and phase, then the claim's volumeName and status. */
	private bind(pvc: PersistentVolumeClaim, pv: PersistentVolume, byController: boolean): void {
		const {api} = this.ctx;
		let volume = pv;
		if (!refersTo(pv, pvc) || !pv.spec.claimRef?.uid) {
			volume = api.replace(pv, {
				...pv,
				metadata: {...pv.metadata, annotations: {...pv.metadata.annotations, 'pv.kubernetes.io/bound-by-controller': 'yes'}},
				spec: {
					...pv.spec,
					claimRef: {kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion},
				},
			});
		}
		if (volume.status?.phase !== 'Bound') volume = api.setStatus(volume, {...volume.status, phase: 'Bound', lastPhaseTransitionTime: this.ctx.clock.iso()});
		const annotations: Record<string, string> = {...pvc.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes'};
		if (byController) annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
		const claim = api.replace(pvc, {...pvc, metadata: {...pvc.metadata, annotations}, spec: {...pvc.spec, volumeName: volume.metadata.name}});
		api.setStatus(claim, {...claim.status, phase: 'Bound', accessModes: volume.spec.accessModes, capacity: volume.spec.capacity});
	}

	/** What the external provisioner does: a volume for the claim, on the selected node, bound to it from the start. */
	private provision(pvc: PersistentVolumeClaim, sc: StorageClass, node: string | undefined): void {
		const {api, events} = this.ctx;
		const ns = pvc.metadata.namespace!;
		const provisioner = sc.provisioner;
		events.record(
			pvc,
			'Normal',
			'ExternalProvisioning',
			`Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
			SOURCE,
		);
		const annotated = api.replace(pvc, {
			...pvc,
			metadata: {
				...pvc.metadata,
				annotations: {...pvc.metadata.annotations, 'volume.beta.kubernetes.io/storage-provisioner': provisioner, 'volume.kubernetes.io/storage-provisioner': provisioner},
			},
		});
		events.record(annotated, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${pvc.metadata.name}"`, this.provisionerSource);
		const name = `pvc-${pvc.metadata.uid}`;
		const volume: PersistentVolume = {
			apiVersion: 'v1',
			kind: 'PersistentVolume',
			metadata: {
				name,
				annotations: {
					...(node ? {'local.path.provisioner/selected-node': node} : {}),
					'pv.kubernetes.io/provisioned-by': provisioner,
				},
			},
			spec: {
				accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
				capacity: {storage: pvc.spec?.resources?.requests?.storage ?? '1Gi'},
				claimRef: {apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: ns, resourceVersion: annotated.metadata.resourceVersion, uid: pvc.metadata.uid},
				hostPath: {path: `/var/local-path-provisioner/${name}_${ns}_${pvc.metadata.name}`, type: 'DirectoryOrCreate'},
				...(node ? {nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: [node]}]}]}}} : {}),
				persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
				storageClassName: sc.metadata.name,
				volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
				...(sc.mountOptions ? {mountOptions: sc.mountOptions} : {}),
			},
		};
		let created: PersistentVolume;
		try {
			created = api.create(volume, {trusted: true});
		} catch (err) {
			events.record(annotated, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${(err as Error).message}`, this.provisionerSource);
			return;
		}
		events.record(annotated, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, this.provisionerSource);
		this.bind(annotated, created, true);
	}

	// ------------------------------------------------------------------------------ volumes

	private syncVolume(name: string): void {
		const {store, api} = this.ctx;
		const pv = store.get<PersistentVolume>('PersistentVolume', undefined, name);
		if (!pv) return;
		if (pv.metadata.deletionTimestamp) {
			if (pv.metadata.finalizers?.includes(PV_PROTECTION) && pv.status?.phase !== 'Bound') api.removeFinalizer(pv, PV_PROTECTION);
			return;
		}
		const ref = pv.spec?.claimRef;
		if (!ref) {
			if (pv.status?.phase !== 'Available') this.phase(pv, 'Available');
			return;
		}
		const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name ?? '');
		const claimGone = !pvc || (ref.uid && pvc.metadata.uid !== ref.uid);
		if (!claimGone) {
			if (pvc.spec?.volumeName === name) {
				if (pv.status?.phase !== 'Bound') this.phase(pv, 'Bound');
			} else {
				// pre-bound to a claim that has not taken it yet
				if (pv.status?.phase !== 'Available') this.phase(pv, 'Available');
				this.ctx.runner.enqueue(this, claimKey(pvc.metadata.namespace, pvc.metadata.name));
			}
			return;
		}
		if (!ref.uid) {
			if (pv.status?.phase !== 'Available') this.phase(pv, 'Available');
			return;
		}
		// the claim is gone: release, then reclaim as the policy says
		const released = pv.status?.phase === 'Released' ? pv : this.phase(pv, 'Released');
		const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
		if (policy === 'Delete') {
			api.delete('PersistentVolume', undefined, name);
		} else if (policy === 'Recycle') {
			const {claimRef: _gone, ...spec} = released.spec;
			const recycled = api.replace(released, {...released, spec: spec as PersistentVolume['spec']});
			this.phase(recycled, 'Available');
		}
	}

	private phase(pv: PersistentVolume, phase: NonNullable<PersistentVolume['status']>['phase']): PersistentVolume {
		return this.ctx.api.setStatus(pv, {...pv.status, phase, lastPhaseTransitionTime: this.ctx.clock.iso()});
	}
}

