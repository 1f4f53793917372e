// StorageClass: storage.k8s.io/v1 storageclasses (cluster-scoped). The default class shows
// `(default)` after its name, as kubectl prints it.
import type {StorageClass} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, labelsToString, printBoolPtr} from '../format.js';
import {writeEvents} from '../describe.js';
import {defaultStorageClass, isDefaultClass, storageClassApi} from './api.js';

function describeStorageClass(sc: StorageClass, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', sc.metadata.name);
	w.item(0, 'IsDefaultClass', isDefaultClass(sc) ? 'Yes' : 'No');
	const annotations = {...sc.metadata.annotations};
	w.item(0, 'Annotations', labelsToString(annotations));
	w.item(0, 'Provisioner', sc.provisioner);
	w.item(0, 'Parameters', labelsToString(sc.parameters));
	w.item(0, 'AllowVolumeExpansion', printBoolPtr(sc.allowVolumeExpansion));
	w.item(0, 'MountOptions', sc.mountOptions?.length ? '' : '<none>');
	for (const o of sc.mountOptions ?? []) w.write(1, `${o}\n`);
	w.item(0, 'ReclaimPolicy', sc.reclaimPolicy ?? 'Delete');
	w.item(0, 'VolumeBindingMode', sc.volumeBindingMode ?? 'Immediate');
	if (sc.allowedTopologies?.length) {
		w.write(0, 'AllowedTopologies:\t\n');
		sc.allowedTopologies.forEach((t, i) => {
			const exprs = (t.matchLabelExpressions ?? []).map(m => `${m.key} in [${m.values.join(', ')}]`).join(', ');
			w.write(1, `Term ${i}:\t${exprs}\n`);
		});
	}
	writeEvents(w, sc, ctx);
	return w.toString();
}

export const storageClass: KindInfo = {
	kind: 'StorageClass',
	group: 'storage.k8s.io',
	version: 'v1',
	apiVersion: 'storage.k8s.io/v1',
	plural: 'storageclasses',
	singular: 'storageclass',
	namespaced: false,
	shortNames: ['sc'],
	categories: [],
	subresources: [],
	api: storageClassApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Provisioner', type: 'string', priority: 0, description: 'provisioner indicates the type of the provisioner.'},
		{name: 'ReclaimPolicy', type: 'string', priority: 0, description: 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'},
		{name: 'VolumeBindingMode', type: 'string', priority: 0, description: 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'},
		{name: 'AllowVolumeExpansion', type: 'string', priority: 0, description: 'allowVolumeExpansion shows whether the storage class allow volume expand.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: StorageClass, ctx) => [
		isDefaultClass(obj) ? `${obj.metadata.name} (default)` : obj.metadata.name,
		obj.provisioner,
		obj.reclaimPolicy ?? 'Delete',
		obj.volumeBindingMode ?? 'Immediate',
		obj.allowVolumeExpansion ? 'true' : 'false',
		age(obj.metadata.creationTimestamp, ctx.now),
	],
	describe: describeStorageClass,
	capabilities: {creatable: true},
	admission: [defaultStorageClass],
};
