// PersistentVolumeClaim: v1 persistentvolumeclaims.
import type {PersistentVolumeClaim, Pod} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, rfc1123z} from '../format.js';
import {writeEvents} from '../describe.js';
import {canonicalQuantity} from '../resources.js';
import {pvcApi} from './api.js';
import {whyClaim} from './why.js';

const ACCESS_MODES: Array<[string, string]> = [
	['ReadWriteOnce', 'RWO'],
	['ReadOnlyMany', 'ROX'],
	['ReadWriteMany', 'RWX'],
	['ReadWriteOncePod', 'RWOP'],
];

/** Access modes abbreviated and ordered as kubectl prints them: `RWO,RWX`. */
export function accessModesString(modes: readonly string[] | undefined): string {
	const set = new Set(modes ?? []);
	return ACCESS_MODES.filter(([mode]) => set.has(mode)).map(([, short]) => short).join(',');
}

/** The storage class: spec.storageClassName, or the legacy beta annotation. */
export function claimStorageClass(pvc: PersistentVolumeClaim): string {
	return pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
}

/** STATUS: the phase, or Terminating while being deleted. */
export function claimStatus(pvc: PersistentVolumeClaim): string {
	return pvc.metadata.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? 'Pending';
}

function bound(pvc: PersistentVolumeClaim): {capacity: string; accessModes: string} {
	if (!pvc.spec?.volumeName) return {capacity: '', accessModes: ''};
	const storage = pvc.status?.capacity?.storage;
	return {
		capacity: storage !== undefined ? canonicalQuantity(storage) : '0',
		accessModes: accessModesString(pvc.status?.accessModes),
	};
}

function describeClaim(pvc: PersistentVolumeClaim, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', pvc.metadata.name);
	w.item(0, 'Namespace', pvc.metadata.namespace ?? '');
	w.item(0, 'StorageClass', claimStorageClass(pvc));
	if (pvc.metadata.deletionTimestamp) w.item(0, 'Status', `Terminating (lasts ${age(pvc.metadata.deletionTimestamp, ctx.now)})`);
	else w.item(0, 'Status', pvc.status?.phase ?? '');
	w.item(0, 'Volume', pvc.spec?.volumeName ?? '');
	w.labels('Labels', pvc.metadata.labels);
	w.annotations('Annotations', pvc.metadata.annotations);
	w.item(0, 'Finalizers', `[${(pvc.metadata.finalizers ?? []).join(' ')}]`);
	const {capacity, accessModes} = bound(pvc);
	w.item(0, 'Capacity', capacity);
	w.item(0, 'Access Modes', accessModes);
	if (pvc.spec?.volumeMode) w.item(0, 'VolumeMode', pvc.spec.volumeMode);
	if (ctx.list) {
		const users = (ctx.list('Pod', {namespace: pvc.metadata.namespace}) as Pod[])
			.filter(p => (p.spec?.volumes ?? []).some(v => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
			.map(p => p.metadata.name)
			.sort();
		w.list('Used By', users);
	}
	const conditions = pvc.status?.conditions ?? [];
	if (conditions.length) {
		w.write(0, 'Conditions:\n');
		w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
		w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
		for (const c of conditions) {
			w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
		}
	}
	writeEvents(w, pvc, ctx);
	return w.toString();
}

export const persistentVolumeClaim: KindInfo = {
	kind: 'PersistentVolumeClaim',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'persistentvolumeclaims',
	singular: 'persistentvolumeclaim',
	namespaced: true,
	shortNames: ['pvc'],
	categories: [],
	subresources: ['status'],
	api: pvcApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Status', type: 'string', priority: 0, description: 'phase represents the current phase of PersistentVolumeClaim.'},
		{name: 'Volume', type: 'string', priority: 0, description: 'volumeName is the binding reference to the PersistentVolume backing this claim.'},
		{name: 'Capacity', type: 'string', priority: 0, description: 'capacity represents the actual resources of the underlying volume.'},
		{name: 'Access Modes', type: 'string', priority: 0, description: 'accessModes contains the actual access modes the volume backing the PVC has.'},
		{name: 'StorageClass', type: 'string', priority: 0, description: 'StorageClass of the pvc'},
		{name: 'VolumeAttributesClass', type: 'string', priority: 0, description: 'VolumeAttributesClass of the pvc'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'VolumeMode', type: 'string', priority: 1, description: 'volumeMode defines what type of volume is required by the claim.'},
	],
	row: (obj: PersistentVolumeClaim, ctx) => {
		const {capacity, accessModes} = bound(obj);
		return [
			obj.metadata.name,
			claimStatus(obj),
			obj.spec?.volumeName ?? '',
			capacity,
			accessModes,
			claimStorageClass(obj),
			obj.spec?.volumeAttributesClassName ?? '<unset>',
			age(obj.metadata.creationTimestamp, ctx.now),
			obj.spec?.volumeMode ?? '<unset>',
		];
	},
	describe: describeClaim,
	capabilities: {},
	// the binder chose its volume: created again, it is bound again
	exported: obj => {
		delete (obj.spec as {volumeName?: string} | undefined)?.volumeName;
		return obj;
	},
	view: {why: (obj, ctx) => whyClaim(obj as PersistentVolumeClaim, ctx)},
};
