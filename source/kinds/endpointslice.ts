// EndpointSlice: discovery.k8s.io/v1 endpointslices.
import type {KObject} from '../cluster/types.js';
import type {KindInfo, RenderContext} from './types.js';
import {DescribeWriter, age, listWithMore} from './format.js';
import {describeMeta, writeEvents} from './describe.js';

interface SlicePort {
	name?: string;
	port?: number;
	protocol?: string;
}

interface SliceEndpoint {
	addresses?: string[];
	conditions?: {ready?: boolean};
	hostname?: string;
	targetRef?: {kind: string; name: string};
	nodeName?: string;
	zone?: string;
}

/** The PORTS column: up to three port numbers (`*` when unset), then `+ N more...`. */
export function formatSlicePorts(slice: KObject): string {
	const ports: SlicePort[] = (slice as {ports?: SlicePort[]}).ports ?? [];
	const list: string[] = [];
	let more = false;
	for (const p of ports) {
		if (list.length < 3) list.push(p.port !== undefined ? String(p.port) : p.name ?? '*');
		else more = true;
	}
	return listWithMore(list, more, ports.length, 3);
}

/** The ENDPOINTS column: up to three addresses, then `+ N more...`; `<unset>` when none. */
export function formatSliceAddresses(slice: KObject): string {
	const list: string[] = [];
	let more = false;
	let count = 0;
	for (const e of ((slice as {endpoints?: SliceEndpoint[]}).endpoints ?? [])) {
		for (const a of e.addresses ?? []) {
			if (list.length < 3) list.push(a);
			else more = true;
			count++;
		}
	}
	return listWithMore(list, more, count, 3);
}

function describeEndpointSlice(slice: KObject, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const s = slice as KObject & {addressType?: string; ports?: SlicePort[]; endpoints?: SliceEndpoint[]};
	describeMeta(w, slice);
	w.item(0, 'AddressType', s.addressType ?? '');
	const ports = s.ports ?? [];
	if (!ports.length) {
		w.write(0, 'Ports: <unset>\n');
	} else {
		w.write(0, 'Ports:\n');
		w.table(1, ['Name', 'Port', 'Protocol'], ports.map(p => [p.name || '<unset>', p.port ?? '<unset>', p.protocol ?? 'TCP']));
	}
	const eps = s.endpoints ?? [];
	if (!eps.length) {
		w.write(0, 'Endpoints: <none>\n');
	} else {
		w.write(0, 'Endpoints:\n');
		for (const e of eps) {
			w.item(1, '- Addresses', (e.addresses ?? []).join(', ') || '<none>');
			w.write(2, 'Conditions:\n');
			const ready = e.conditions?.ready;
			w.item(3, 'Ready', ready === undefined ? '<unset>' : String(ready));
			w.item(2, 'Hostname', e.hostname ?? '<unset>');
			if (e.targetRef) w.item(2, 'TargetRef', `${e.targetRef.kind}/${e.targetRef.name}`);
			w.item(2, 'NodeName', e.nodeName ?? '<unset>');
			w.item(2, 'Zone', e.zone ?? '<unset>');
		}
	}
	writeEvents(w, slice, ctx);
	return w.toString();
}

export const endpointSlice: KindInfo = {
	kind: 'EndpointSlice',
	group: 'discovery.k8s.io',
	version: 'v1',
	apiVersion: 'discovery.k8s.io/v1',
	plural: 'endpointslices',
	singular: 'endpointslice',
	namespaced: true,
	shortNames: [],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'AddressType', type: 'string', priority: 0, description: 'addressType specifies the type of address carried by this EndpointSlice.'},
		{name: 'Ports', type: 'string', priority: 0, description: 'ports specifies the list of network ports exposed by each endpoint in this slice.'},
		{name: 'Endpoints', type: 'string', priority: 0, description: 'endpoints is a list of unique endpoints in this slice.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [
		obj.metadata.name,
		(obj as {addressType?: string}).addressType ?? '',
		formatSlicePorts(obj),
		formatSliceAddresses(obj),
		age(obj.metadata.creationTimestamp, ctx.now),
	],
	describe: describeEndpointSlice,
	capabilities: {},
	// the EndpointSlice controller writes them from the Services and pods
	exported: false,
	view: {aliases: ['eps']},
};
