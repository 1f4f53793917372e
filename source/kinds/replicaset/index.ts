// ReplicaSet: apps/v1 replicasets.
import type {LabelSelector, ReplicaSet, ReplicationController} from '../../cluster/types.js';
import type {Column, KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, controllerName, age, containerCells, formatSelector, selectorString, TEMPLATE_COLUMNS, SELECTOR_COLUMN} from '../format.js';
import {describeConditions, describePodTemplate, podPhaseCounts, writeEvents} from '../describe.js';
import {desiredReplicas} from '../deployment/index.js';
import {replicaSetApi} from './api.js';
import {replicaSetView} from './view.js';

/**
 * `kubectl describe` of a ReplicaSet, or of a ReplicationController with its selector read as a
 * LabelSelector (its map is none: the caller passes it converted).
 */
export function describeReplicas(
	rs: ReplicaSet | ReplicationController,
	ctx: RenderContext,
	selector: LabelSelector | undefined = rs.kind === 'ReplicationController' ? undefined : rs.spec?.selector,
): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', rs.metadata.name);
	w.item(0, 'Namespace', rs.metadata.namespace ?? '');
	w.item(0, 'Selector', formatSelector(selector));
	w.labels('Labels', rs.metadata.labels);
	w.annotations('Annotations', rs.metadata.annotations);
	const controlledBy = controllerName(rs);
	if (controlledBy) w.item(0, 'Controlled By', controlledBy);
	w.item(0, 'Replicas', `${rs.status?.replicas ?? 0} current / ${desiredReplicas(rs)} desired`);
	const pods = podPhaseCounts(rs, selectorString(selector), ctx);
	if (pods) w.item(0, 'Pods Status', pods);
	describePodTemplate(w, rs.spec?.template);
	describeConditions(w, rs.status?.conditions, ['Type', 'Status', 'Reason'], 1);
	writeEvents(w, rs, ctx);
	return w.toString();
}

/** The columns of `kubectl get` for kinds that keep a number of replicas of a template (ReplicaSet, ReplicationController). */
export const REPLICA_COLUMNS: Column[] = [
	{name: 'Name', type: 'string', priority: 0, format: 'name'},
	{name: 'Desired', type: 'integer', priority: 0, description: 'Replicas is the number of desired pods.'},
	{name: 'Current', type: 'integer', priority: 0, description: 'Replicas is the most recently observed number of non-terminating pods.'},
	{name: 'Ready', type: 'integer', priority: 0, description: 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'},
	{name: 'Age', type: 'date', priority: 0},
	...TEMPLATE_COLUMNS,
	SELECTOR_COLUMN,
];

export function replicaRow(obj: ReplicaSet | ReplicationController, ctx: RenderContext, selector: LabelSelector | undefined): Array<string | number> {
	const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
	return [obj.metadata.name, desiredReplicas(obj), obj.status?.replicas ?? 0, obj.status?.readyReplicas ?? 0, age(obj.metadata.creationTimestamp, ctx.now), names, images, formatSelector(selector)];
}

export const replicaSet: KindInfo = {
	kind: 'ReplicaSet',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'replicasets',
	singular: 'replicaset',
	namespaced: true,
	shortNames: ['rs'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	api: replicaSetApi,
	columns: REPLICA_COLUMNS,
	row: (obj: ReplicaSet, ctx) => replicaRow(obj, ctx, obj.spec?.selector),
	describe: (obj: ReplicaSet, ctx) => describeReplicas(obj, ctx),
	capabilities: {scalable: true, loggable: true},
	view: replicaSetView,
};
