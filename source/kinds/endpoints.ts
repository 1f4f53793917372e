// Endpoints: v1 endpoints.
import type {KObject} from '../cluster/types.js';
import type {KindInfo, RenderContext} from './types.js';
import {DescribeWriter, age} from './format.js';
import {describeMeta, writeEvents} from './describe.js';

interface Subset {
	addresses?: Array<{ip: string}>;
	notReadyAddresses?: Array<{ip: string}>;
	ports?: Array<{name?: string; port: number; protocol?: string}>;
}

function joinHostPort(host: string, port: number): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The ENDPOINTS column: ready `ip:port` pairs, at most three, then `+ N more...`; `<none>` if empty. */
export function formatEndpoints(ep: KObject): string {
	const subsets: Subset[] = (ep as {subsets?: Subset[]}).subsets ?? [];
	if (!subsets.length) return '<none>';
	const list: string[] = [];
	const max = 3;
	let more = false;
	let count = 0;
	for (const ss of subsets) {
		const addresses = ss.addresses ?? [];
		if (!ss.ports || !ss.ports.length) {
			count += addresses.length;
			for (const a of addresses) {
				if (list.length === max) {
					more = true;
					break;
				}
				list.push(a.ip);
			}
			continue;
		}
		for (const port of ss.ports) {
			count += addresses.length;
			for (const a of addresses) {
				if (list.length === max) {
					more = true;
					break;
				}
				list.push(joinHostPort(a.ip, port.port));
			}
		}
	}
	const ret = list.join(',');
	return more ? `${ret} + ${count - max} more...` : ret;
}

function describeEndpoints(ep: KObject, ctx: RenderContext): string {
	const w = new DescribeWriter();
	describeMeta(w, ep);
	w.write(0, 'Subsets:\n');
	for (const ss of ((ep as {subsets?: Subset[]}).subsets ?? [])) {
		w.item(1, 'Addresses', (ss.addresses ?? []).map(a => a.ip).join(',') || '<none>');
		w.item(1, 'NotReadyAddresses', (ss.notReadyAddresses ?? []).map(a => a.ip).join(',') || '<none>');
		if (ss.ports && ss.ports.length) {
			w.write(1, 'Ports:\n');
			w.table(2, ['Name', 'Port', 'Protocol'], ss.ports.map(p => [p.name || '<unset>', p.port, p.protocol || 'TCP']));
		}
		w.write(0, '\n');
	}
	writeEvents(w, ep, ctx);
	return w.toString();
}

export const endpoints: KindInfo = {
	kind: 'Endpoints',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'endpoints',
	storagePrefix: 'services/endpoints',
	singular: 'endpoints',
	namespaced: true,
	shortNames: ['ep'],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Endpoints', type: 'string', priority: 0, description: 'The set of all endpoints is the union of all subsets.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, formatEndpoints(obj), age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeEndpoints,
	capabilities: {},
	// the endpoints controller writes them from the Services and pods
	exported: false,
};
