// LimitRange: v1 limitranges. `kubectl get` prints only the name and creation time; describe
// prints one table row per item and resource.
import type {LimitRange, ResourceList} from '../../cluster/types.js';
import type {KindInfo} from '../types.js';
import {DescribeWriter} from '../format.js';
import {canonicalQuantity} from '../resources.js';
import {limitRangeApi, limitRanger} from './api.js';

function describeLimitRange(lr: LimitRange): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', lr.metadata.name);
	w.item(0, 'Namespace', lr.metadata.namespace ?? '');
	w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
	w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
	for (const item of lr.spec?.limits ?? []) {
		const lists: Array<ResourceList | undefined> = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
		const names = [...new Set(lists.flatMap(l => Object.keys(l ?? {})))].sort();
		for (const r of names) {
			const cell = (l: ResourceList | undefined) => (l?.[r] === undefined ? '-' : canonicalQuantity(l[r]));
			w.write(0, `${item.type}\t${r}\t${lists.map(cell).join('\t')}\n`);
		}
	}
	return w.toString();
}

export const limitRange: KindInfo = {
	kind: 'LimitRange',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'limitranges',
	singular: 'limitrange',
	namespaced: true,
	shortNames: ['limits'],
	categories: [],
	subresources: [],
	api: limitRangeApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Created At', type: 'date', priority: 0, description: 'CreationTimestamp is a timestamp representing the server time when this object was created.'},
	],
	row: (obj: LimitRange) => [obj.metadata.name, obj.metadata.creationTimestamp ?? ''],
	describe: describeLimitRange,
	capabilities: {creatable: true},
	admission: [limitRanger],
};
