// StatefulSet: apps/v1 statefulsets.
import type {PersistentVolumeClaimTemplate, StatefulSet, StatefulSetUpdateStrategy} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, containerCells, intOrString, rfc1123z, selectorString, TEMPLATE_COLUMNS} from '../format.js';
import {describePodTemplate, podPhaseCounts, writeEvents} from '../describe.js';
import {canonicalQuantity} from '../resources.js';
import {deploymentReady, desiredReplicas} from '../deployment/index.js';
import {statefulSetApi} from './api.js';
import {statefulSetView} from './view.js';

function describeStatefulSet(sts: StatefulSet, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const selector = selectorString(sts.spec?.selector);
	w.item(0, 'Name', sts.metadata.name);
	w.item(0, 'Namespace', sts.metadata.namespace ?? '');
	w.item(0, 'CreationTimestamp', rfc1123z(sts.metadata.creationTimestamp));
	w.item(0, 'Selector', selector);
	w.labels('Labels', sts.metadata.labels);
	w.annotations('Annotations', sts.metadata.annotations);
	w.item(0, 'Replicas', `${desiredReplicas(sts)} desired | ${sts.status?.replicas ?? 0} total`);
	const strategy: StatefulSetUpdateStrategy = sts.spec?.updateStrategy ?? {};
	const type: string = strategy.type ?? 'RollingUpdate';
	w.item(0, 'Update Strategy', type);
	if (type === 'RollingUpdate') {
		const ru = strategy.rollingUpdate ?? {partition: 0};
		if (ru.partition !== undefined && ru.partition !== null) {
			w.item(1, 'Partition', ru.partition);
			if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.item(1, 'MaxUnavailable', intOrString(ru.maxUnavailable));
		}
	}
	const pods = podPhaseCounts(sts, selector, ctx);
	if (pods) w.item(0, 'Pods Status', pods);
	describePodTemplate(w, sts.spec?.template);
	const claims: PersistentVolumeClaimTemplate[] = sts.spec?.volumeClaimTemplates ?? [];
	if (!claims.length) {
		w.item(0, 'Volume Claims', '<none>');
	} else {
		w.write(0, 'Volume Claims:\n');
		for (const pvc of claims) {
			w.item(1, 'Name', pvc.metadata?.name ?? '');
			w.item(1, 'StorageClass', pvc.spec?.storageClassName ?? '');
			w.labels('Labels', pvc.metadata?.labels, '  ');
			w.labels('Annotations', pvc.metadata?.annotations, '  ');
			const storage = pvc.spec?.resources?.requests?.storage;
			w.item(1, 'Capacity', storage !== undefined ? canonicalQuantity(storage) : '<default>');
			w.item(1, 'Access Modes', `[${(pvc.spec?.accessModes ?? []).join(' ')}]`);
		}
	}
	writeEvents(w, sts, ctx);
	return w.toString();
}

export const statefulSet: KindInfo = {
	kind: 'StatefulSet',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'statefulsets',
	singular: 'statefulset',
	namespaced: true,
	shortNames: ['sts'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	api: statefulSetApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Ready', type: 'string', priority: 0, description: 'Number of the pod with ready state'},
		{name: 'Age', type: 'date', priority: 0},
		...TEMPLATE_COLUMNS,
	],
	row: (obj: StatefulSet, ctx) => {
		const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
		return [obj.metadata.name, deploymentReady(obj), age(obj.metadata.creationTimestamp, ctx.now), names, images];
	},
	describe: describeStatefulSet,
	capabilities: {scalable: true, restartable: true, loggable: true},
	view: statefulSetView,
};
