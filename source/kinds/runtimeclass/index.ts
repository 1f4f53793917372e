// RuntimeClass: node.k8s.io/v1 runtimeclasses (cluster-scoped): which CRI handler (runc, gVisor's
// runsc, Kata) a pod's containers run with.
import type {RuntimeClass} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {writeEvents} from '../describe.js';
import {runtimeClassAdmission, runtimeClassApi} from './api.js';

function describeRuntimeClass(rc: RuntimeClass, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', rc.metadata.name);
	w.labels('Labels', rc.metadata.labels);
	w.annotations('Annotations', rc.metadata.annotations);
	w.item(0, 'Handler', rc.handler);
	const fixed = rc.overhead?.podFixed;
	w.item(0, 'Overhead', fixed ? Object.entries(fixed).map(([k, v]) => `${k}=${v}`).join(', ') : '<none>');
	const sel = rc.scheduling?.nodeSelector;
	w.item(0, 'Node-Selector', sel ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>');
	w.item(0, 'Tolerations', rc.scheduling?.tolerations?.length ? rc.scheduling.tolerations.map(t => `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`).join(', ') : '<none>');
	writeEvents(w, rc, ctx);
	return w.toString();
}

export const runtimeClass: KindInfo = {
	kind: 'RuntimeClass',
	group: 'node.k8s.io',
	version: 'v1',
	apiVersion: 'node.k8s.io/v1',
	plural: 'runtimeclasses',
	singular: 'runtimeclass',
	namespaced: false,
	shortNames: [],
	categories: [],
	subresources: [],
	api: runtimeClassApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Handler', type: 'string', priority: 0, description: 'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: RuntimeClass, ctx) => [obj.metadata.name, obj.handler ?? '', age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeRuntimeClass,
	capabilities: {creatable: true},
	admission: [runtimeClassAdmission],
};
