// PriorityClass: scheduling.k8s.io/v1 priorityclasses (cluster-scoped).
import type {PriorityClass} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {writeEvents} from '../describe.js';
import {priorityAdmission, priorityClassApi} from './api.js';

function describePriorityClass(pc: PriorityClass, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', pc.metadata.name);
	w.item(0, 'Value', pc.value);
	w.item(0, 'GlobalDefault', pc.globalDefault ? 'true' : 'false');
	w.item(0, 'PreemptionPolicy', pc.preemptionPolicy ?? 'PreemptLowerPriority');
	w.item(0, 'Description', pc.description ?? '');
	w.annotations('Annotations', pc.metadata.annotations);
	writeEvents(w, pc, ctx);
	return w.toString();
}

export const priorityClass: KindInfo = {
	kind: 'PriorityClass',
	group: 'scheduling.k8s.io',
	version: 'v1',
	apiVersion: 'scheduling.k8s.io/v1',
	plural: 'priorityclasses',
	singular: 'priorityclass',
	namespaced: false,
	shortNames: ['pc'],
	categories: [],
	subresources: [],
	api: priorityClassApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Value', type: 'integer', priority: 0, description: 'value represents the integer value of this priority class.'},
		{name: 'Global-Default', type: 'boolean', priority: 0, description: 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'PreemptionPolicy', type: 'string', priority: 0, description: 'preemptionPolicy is the Policy for preempting pods with lower priority.'},
	],
	row: (obj: PriorityClass, ctx) => [
		obj.metadata.name,
		obj.value,
		obj.globalDefault ? 'true' : 'false',
		age(obj.metadata.creationTimestamp, ctx.now),
		obj.preemptionPolicy ?? 'PreemptLowerPriority',
	],
	describe: describePriorityClass,
	capabilities: {creatable: true},
	admission: [priorityAdmission],
};
