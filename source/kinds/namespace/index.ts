// Namespace: v1 namespaces.
import type {Namespace} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, rfc1123z} from '../format.js';
import {namespaceApi} from './api.js';
import {namespaceView} from './view.js';

/** STATUS: the phase (Active, or Terminating while being deleted). */
export function namespacePhase(ns: Namespace): string {
	return ns.status?.phase ?? (ns.metadata.deletionTimestamp ? 'Terminating' : 'Active');
}

function describeNamespace(ns: Namespace, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', ns.metadata.name);
	w.labels('Labels', ns.metadata.labels);
	w.annotations('Annotations', ns.metadata.annotations);
	w.item(0, 'Status', namespacePhase(ns));
	const conditions = ns.status?.conditions ?? [];
	if (conditions.length) {
		w.write(0, 'Conditions:\n');
		w.table(1, ['Type', 'Status', 'LastTransitionTime', 'Reason', 'Message'],
			conditions.map(c => [c.type ?? '', c.status ?? '', rfc1123z(c.lastTransitionTime), c.reason ?? '', c.message ?? '']));
	}
	if (ctx.list) {
		w.write(0, '\n');
		w.write(0, 'No resource quota.\n');
		w.write(0, '\n');
		w.write(0, 'No LimitRange resource.\n');
	}
	return w.toString();
}

export const namespace: KindInfo = {
	kind: 'Namespace',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'namespaces',
	singular: 'namespace',
	namespaced: false,
	shortNames: ['ns'],
	categories: [],
	subresources: ['status'],
	api: namespaceApi,
	protobuf: 'k8s.io.api.core.v1.Namespace',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Status', type: 'string', priority: 0, description: 'The status of the namespace'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: Namespace, ctx) => [obj.metadata.name, namespacePhase(obj), age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeNamespace,
	capabilities: {},
	view: namespaceView,
};
