// DaemonSet: apps/v1 daemonsets.
import type {DaemonSet, DaemonSetStatus} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, containerCells, formatLabels, formatSelector, selectorString, TEMPLATE_COLUMNS, SELECTOR_COLUMN} from '../format.js';
import {describePodTemplate, podPhaseCounts, writeEvents} from '../describe.js';
import {daemonSetApi} from './api.js';
import {daemonSetView} from './view.js';

function describeDaemonSet(ds: DaemonSet, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const s: DaemonSetStatus = ds.status ?? {};
	w.item(0, 'Name', ds.metadata.name);
	w.item(0, 'Selector', selectorString(ds.spec?.selector));
	w.item(0, 'Node-Selector', formatLabels(ds.spec?.template?.spec?.nodeSelector));
	w.labels('Labels', ds.metadata.labels);
	w.annotations('Annotations', ds.metadata.annotations);
	w.write(0, `Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled ?? 0}\n`);
	w.write(0, `Current Number of Nodes Scheduled: ${s.currentNumberScheduled ?? 0}\n`);
	w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled ?? 0}\n`);
	w.write(0, `Number of Nodes Scheduled with Available Pods: ${s.numberAvailable ?? 0}\n`);
	w.write(0, `Number of Nodes Misscheduled: ${s.numberMisscheduled ?? 0}\n`);
	const pods = podPhaseCounts(ds, selectorString(ds.spec?.selector), ctx);
	if (pods) w.item(0, 'Pods Status', pods);
	describePodTemplate(w, ds.spec?.template);
	writeEvents(w, ds, ctx);
	return w.toString();
}

export const daemonSet: KindInfo = {
	kind: 'DaemonSet',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'daemonsets',
	singular: 'daemonset',
	namespaced: true,
	shortNames: ['ds'],
	categories: ['all'],
	subresources: ['status'],
	api: daemonSetApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Desired', type: 'integer', priority: 0, description: 'The total number of nodes that should be running the daemon pod.'},
		{name: 'Current', type: 'integer', priority: 0, description: 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'},
		{name: 'Ready', type: 'integer', priority: 0, description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'},
		{name: 'Up-to-date', type: 'integer', priority: 0, description: 'The total number of nodes that are running updated daemon pod.'},
		{name: 'Available', type: 'integer', priority: 0, description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'},
		{name: 'Node Selector', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
		...TEMPLATE_COLUMNS,
		SELECTOR_COLUMN,
	],
	row: (obj: DaemonSet, ctx) => {
		const s: DaemonSetStatus = obj.status ?? {};
		const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
		return [
			obj.metadata.name,
			s.desiredNumberScheduled ?? 0,
			s.currentNumberScheduled ?? 0,
			s.numberReady ?? 0,
			s.updatedNumberScheduled ?? 0,
			s.numberAvailable ?? 0,
			formatLabels(obj.spec?.template?.spec?.nodeSelector),
			age(obj.metadata.creationTimestamp, ctx.now),
			names,
			images,
			formatSelector(obj.spec?.selector),
		];
	},
	describe: describeDaemonSet,
	capabilities: {restartable: true, loggable: true, perNode: true},
	view: daemonSetView,
};
