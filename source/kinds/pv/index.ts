// PersistentVolume: v1 persistentvolumes (cluster-scoped), as `kubectl get pv` prints them.
import type {PersistentVolume} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {writeEvents} from '../describe.js';
import {canonicalQuantity} from '../resources.js';
import {accessModesString} from '../pvc/index.js';
import {persistentVolumeApi, volumeSource} from './api.js';

/** STATUS: the phase, or Terminating while being deleted. */
function volumeStatus(pv: PersistentVolume): string {
	return pv.metadata.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
}

function claimOf(pv: PersistentVolume): string {
	const ref = pv.spec?.claimRef;
	return ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : '';
}

function describeSource(w: DescribeWriter, pv: PersistentVolume): void {
	const spec = pv.spec ?? {};
	w.write(0, 'Source:\n');
	if (spec.hostPath) {
		w.write(1, 'Type:\tHostPath (bare host directory volume)\n');
		w.write(1, `Path:\t${spec.hostPath.path}\n`);
		w.write(1, `HostPathType:\t${spec.hostPath.type ?? ''}\n`);
	} else if (spec.local) {
		w.write(1, 'Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n');
		w.write(1, `Path:\t${spec.local.path}\n`);
	} else if (spec.nfs) {
		w.write(1, 'Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n');
		w.write(1, `Server:\t${spec.nfs.server}\n`);
		w.write(1, `Path:\t${spec.nfs.path}\n`);
		w.write(1, `ReadOnly:\t${spec.nfs.readOnly ? 'true' : 'false'}\n`);
	} else if (spec.csi) {
		w.write(1, 'Type:\tCSI (a Container Storage Interface (CSI) volume source)\n');
		w.write(1, `Driver:\t${spec.csi.driver}\n`);
		w.write(1, `FSType:\t${spec.csi.fsType ?? ''}\n`);
		w.write(1, `VolumeHandle:\t${spec.csi.volumeHandle}\n`);
		w.write(1, `ReadOnly:\t${spec.csi.readOnly ? 'true' : 'false'}\n`);
	} else {
		const source = volumeSource(spec as Record<string, unknown>);
		if (source) w.write(1, `Type:\t${source}\n`);
	}
}

function describeVolume(pv: PersistentVolume, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', pv.metadata.name);
	w.labels('Labels', pv.metadata.labels);
	w.annotations('Annotations', pv.metadata.annotations);
	w.item(0, 'Finalizers', `[${(pv.metadata.finalizers ?? []).join(' ')}]`);
	w.item(0, 'StorageClass', pv.spec?.storageClassName ?? '');
	if (pv.metadata.deletionTimestamp) w.item(0, 'Status', `Terminating (lasts ${age(pv.metadata.deletionTimestamp, ctx.now)})`);
	else w.item(0, 'Status', pv.status?.phase ?? '');
	w.item(0, 'Claim', claimOf(pv));
	w.item(0, 'Reclaim Policy', pv.spec?.persistentVolumeReclaimPolicy ?? '');
	w.item(0, 'Access Modes', accessModesString(pv.spec?.accessModes));
	w.item(0, 'VolumeMode', pv.spec?.volumeMode ?? 'Filesystem');
	w.item(0, 'Capacity', canonicalQuantity(pv.spec?.capacity?.storage));
	const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
	if (!terms?.length) w.item(0, 'Node Affinity', '<none>');
	else {
		w.write(0, 'Node Affinity:\t\n');
		w.write(1, 'Required Terms:\t\n');
		terms.forEach(t => {
			const exprs = (t.matchExpressions ?? []).map(m => `${m.key} ${m.operator.toLowerCase()} [${(m.values ?? []).join(' ')}]`);
			w.write(2, `Term 0:\t${exprs.join(', ')}\n`);
		});
	}
	w.item(0, 'Message', pv.status?.message ?? '');
	describeSource(w, pv);
	writeEvents(w, pv, ctx);
	return w.toString();
}

export const persistentVolume: KindInfo = {
	kind: 'PersistentVolume',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'persistentvolumes',
	singular: 'persistentvolume',
	namespaced: false,
	shortNames: ['pv'],
	categories: [],
	subresources: ['status'],
	api: persistentVolumeApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Capacity', type: 'string', priority: 0, description: 'capacity is the description of the persistent volume\'s resources and capacity.'},
		{name: 'Access Modes', type: 'string', priority: 0, description: 'accessModes contains all ways the volume can be mounted.'},
		{name: 'Reclaim Policy', type: 'string', priority: 0, description: 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'},
		{name: 'Status', type: 'string', priority: 0, description: 'phase indicates if a volume is available, bound to a claim, or released by a claim.'},
		{name: 'Claim', type: 'string', priority: 0, description: 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'},
		{name: 'StorageClass', type: 'string', priority: 0, description: 'storageClassName is the name of StorageClass to which this persistent volume belongs.'},
		{name: 'VolumeAttributesClass', type: 'string', priority: 0, description: 'VolumeAttributesClass of the pv'},
		{name: 'Reason', type: 'string', priority: 0, description: 'reason is a brief CamelCase string that describes any failure.'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'VolumeMode', type: 'string', priority: 1, description: 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'},
	],
	row: (obj: PersistentVolume, ctx) => [
		obj.metadata.name,
		canonicalQuantity(obj.spec?.capacity?.storage),
		accessModesString(obj.spec?.accessModes),
		obj.spec?.persistentVolumeReclaimPolicy ?? '',
		volumeStatus(obj),
		claimOf(obj),
		obj.spec?.storageClassName ?? '',
		obj.spec?.volumeAttributesClassName ?? '<unset>',
		obj.status?.reason ?? '',
		age(obj.metadata.creationTimestamp, ctx.now),
		obj.spec?.volumeMode ?? 'Filesystem',
	],
	describe: describeVolume,
	capabilities: {creatable: true},
	// a provisioned volume comes back with its claim; a static one is bound again
	exported: obj => {
		if (obj.metadata.annotations?.['pv.kubernetes.io/provisioned-by']) return undefined;
		delete (obj.spec as {claimRef?: unknown} | undefined)?.claimRef;
		return obj;
	},
};
