// ResourceQuota: v1 resourcequotas. `kubectl get quota` shows used/hard of request and limit
// resources; describe prints the Resource/Used/Hard table.
import type {ResourceQuota} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {canonicalQuantity} from '../resources.js';
import {resourceQuotaAdmission, resourceQuotaApi} from './api.js';

function usedOf(rq: ResourceQuota, name: string): string {
	const used = rq.status?.used?.[name];
	return used === undefined ? '0' : canonicalQuantity(used);
}

/** The REQUEST and LIMIT cells: `requests.cpu: 0/1, requests.memory: 0/1Gi` and the limits.* ones. */
function quotaCells(rq: ResourceQuota): [string, string] {
	const hard = rq.status?.hard ?? {};
	const requests: string[] = [];
	const limits: string[] = [];
	for (const name of Object.keys(hard).sort()) {
		const cell = `${name}: ${usedOf(rq, name)}/${canonicalQuantity(hard[name])}`;
		(name.split('.').length > 1 && name.split('.')[0] === 'limits' ? limits : requests).push(cell);
	}
	return [requests.join(', '), limits.join(', ')];
}

function describeQuota(rq: ResourceQuota, _ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', rq.metadata.name);
	w.item(0, 'Namespace', rq.metadata.namespace ?? '');
	if (rq.spec?.scopes?.length) w.item(0, 'Scopes', [...rq.spec.scopes].sort().join(', '));
	w.write(0, 'Resource\tUsed\tHard\n');
	w.write(0, '--------\t----\t----\n');
	const hard = rq.status?.hard ?? {};
	for (const name of Object.keys(hard).sort()) w.write(0, `${name}\t${usedOf(rq, name)}\t${canonicalQuantity(hard[name])}\n`);
	return w.toString();
}

export const resourceQuota: KindInfo = {
	kind: 'ResourceQuota',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'resourcequotas',
	singular: 'resourcequota',
	namespaced: true,
	shortNames: ['quota'],
	categories: [],
	subresources: ['status'],
	protobuf: 'k8s.io.api.core.v1.ResourceQuota',
	api: resourceQuotaApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'Request', type: 'string', priority: 0, description: 'Request represents a minimum amount of cpu/memory that a container may consume.'},
		{name: 'Limit', type: 'string', priority: 0, description: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'},
	],
	row: (obj: ResourceQuota, ctx) => {
		const [request, limit] = quotaCells(obj);
		return [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now), request, limit];
	},
	describe: describeQuota,
	capabilities: {creatable: true},
	admission: [resourceQuotaAdmission],
};
