// ReplicationController: v1 replicationcontrollers, the ancestor of the ReplicaSet. It keeps a
// number of pods of its template running, like a ReplicaSet, but selects them with a plain map
// of labels (`app: web`) rather than a LabelSelector, and has no Deployment above it.
import type {KObject} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, containerCells, formatSelector, selectorString, TEMPLATE_COLUMNS, SELECTOR_COLUMN} from '../format.js';
import {describeConditions, describePodTemplate, podPhaseCounts, writeEvents} from '../describe.js';
import {desiredReplicas} from '../deployment/index.js';
import {asLabelSelector, replicationControllerApi} from './api.js';
import {replicationControllerView} from './view.js';


function describeReplicationController(rc: KObject, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const selector = asLabelSelector(rc);
	w.item(0, 'Name', rc.metadata.name);
	w.item(0, 'Namespace', rc.metadata.namespace ?? '');
	w.item(0, 'Selector', formatSelector(selector));
	w.labels('Labels', rc.metadata.labels);
	w.annotations('Annotations', rc.metadata.annotations);
	w.item(0, 'Replicas', `${rc.status?.replicas ?? 0} current / ${desiredReplicas(rc)} desired`);
	const pods = podPhaseCounts(rc, selectorString(selector), ctx);
	if (pods) w.item(0, 'Pods Status', pods);
	describePodTemplate(w, rc.spec?.template);
	describeConditions(w, rc.status?.conditions, ['Type', 'Status', 'Reason'], 1);
	writeEvents(w, rc, ctx);
	return w.toString();
}

export const replicationController: KindInfo = {
	kind: 'ReplicationController',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'replicationcontrollers',
	singular: 'replicationcontroller',
	namespaced: true,
	shortNames: ['rc'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	api: replicationControllerApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Desired', type: 'integer', priority: 0, description: 'The number of pods the controller wants.'},
		{name: 'Current', type: 'integer', priority: 0, description: 'The number of pods it last saw that are not terminating.'},
		{name: 'Ready', type: 'integer', priority: 0, description: 'The number of its pods that are ready.'},
		{name: 'Age', type: 'date', priority: 0},
		...TEMPLATE_COLUMNS,
		SELECTOR_COLUMN,
	],
	row: (obj, ctx) => {
		const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
		return [
			obj.metadata.name,
			desiredReplicas(obj),
			obj.status?.replicas ?? 0,
			obj.status?.readyReplicas ?? 0,
			age(obj.metadata.creationTimestamp, ctx.now),
			names,
			images,
			formatSelector(asLabelSelector(obj)),
		];
	},
	describe: describeReplicationController,
	capabilities: {scalable: true, loggable: true},
	view: replicationControllerView,
};
