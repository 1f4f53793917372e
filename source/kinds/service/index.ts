// Service: v1 services.
import type {EndpointSlice, Endpoints, Service, ServiceSpec} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, formatLabels, formatPorts} from '../format.js';
import {writeEvents} from '../describe.js';
import {serviceApi} from './api.js';
import {serviceView} from './view.js';

/** The TYPE of a service, with the API default. */
export function serviceType(svc: Service): string {
	return svc.spec?.type ?? 'ClusterIP';
}

/** The CLUSTER-IP column: the first cluster IP (`None` for headless), or `<none>`. */
export function serviceClusterIP(svc: Service): string {
	return svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>';
}

function loadBalancerAddresses(svc: Service): string[] {
	const set = new Set<string>();
	for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
		if (ing.ip) set.add(ing.ip);
		else if (ing.hostname) set.add(ing.hostname);
	}
	return [...set].sort();
}

/**
 * The EXTERNAL-IP column: external IPs for ClusterIP/NodePort (`<none>` without), load-balancer
 * addresses then external IPs for LoadBalancer (`<pending>` until the cloud assigns one), the
 * external name for ExternalName.
 */
export function serviceExternalIP(svc: Service): string {
	const externalIPs = svc.spec?.externalIPs ?? [];
	switch (serviceType(svc)) {
		case 'ClusterIP':
		case 'NodePort':
			return externalIPs.length ? externalIPs.join(',') : '<none>';
		case 'LoadBalancer': {
			const lb = loadBalancerAddresses(svc);
			if (externalIPs.length) return [...lb, ...externalIPs].join(',');
			return lb.length ? lb.join(',') : '<pending>';
		}
		case 'ExternalName':
			return svc.spec?.externalName ?? '';
		default:
			return '<unknown>';
	}
}

export interface SliceLike {
	ports: Array<{name: string; port?: number}>;
	endpoints: Array<{address: string; ready: boolean}>;
}

/** The service's EndpointSlices, or its Endpoints seen the same way when there are no slices. */
export function endpointSlicesOf(svc: Service, ctx: RenderContext): SliceLike[] | undefined {
	if (!ctx.list) return undefined;
	const ns = svc.metadata.namespace;
	const slices = (ctx.list('EndpointSlice', {namespace: ns, labelSelector: `kubernetes.io/service-name=${svc.metadata.name}`}) as EndpointSlice[])
		.filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
	if (slices.length) {
		return slices.map(s => ({
			ports: (s.ports ?? []).map(p => ({name: p.name ?? '', port: p.port})),
			endpoints: (s.endpoints ?? []).map(e => ({
				address: e.addresses?.[0] ?? '',
				ready: e.conditions?.ready !== false,
			})),
		}));
	}
	const ep = ctx.get?.('Endpoints', ns, svc.metadata.name) as Endpoints | undefined;
	if (!ep) return [];
	return (ep.subsets ?? []).map(ss => ({
		ports: (ss.ports ?? []).map(p => ({name: p.name ?? '', port: p.port})),
		endpoints: [
			...(ss.addresses ?? []).map(a => ({address: a.ip, ready: true})),
			...(ss.notReadyAddresses ?? []).map(a => ({address: a.ip, ready: false})),
		],
	}));
}

function joinHostPort(host: string, port: number | undefined): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The `Endpoints:` value of describe service for one port: ready addresses, at most three shown. */
export function formatSliceEndpoints(slices: SliceLike[], portName: string): string {
	if (!slices.length) return '<none>';
	const list: string[] = [];
	const max = 3;
	let more = false;
	let count = 0;
	for (const slice of slices) {
		if (!slice.ports.length) {
			for (const e of slice.endpoints) {
				if (list.length === max) more = true;
				if (!e.ready) continue;
				if (!more) list.push(e.address);
				count++;
			}
			continue;
		}
		for (const port of slice.ports) {
			if (port.name !== portName) continue;
			for (const e of slice.endpoints) {
				if (list.length === max) more = true;
				if (!e.ready) continue;
				if (!more) list.push(joinHostPort(e.address, port.port));
				count++;
			}
		}
	}
	const ret = list.join(',');
	return more ? `${ret} + ${count - max} more...` : ret;
}

function describeService(svc: Service, ctx: RenderContext): string {
	const spec: ServiceSpec = svc.spec ?? {};
	const type = serviceType(svc);
	const w = new DescribeWriter();
	w.item(0, 'Name', svc.metadata.name);
	w.item(0, 'Namespace', svc.metadata.namespace ?? '');
	w.labels('Labels', svc.metadata.labels);
	w.annotations('Annotations', svc.metadata.annotations);
	w.item(0, 'Selector', formatLabels(spec.selector));
	w.item(0, 'Type', type);
	const hasClusterIP = type !== 'ExternalName';
	const ipFamilyPolicy = spec.ipFamilyPolicy ?? (hasClusterIP ? 'SingleStack' : undefined);
	if (ipFamilyPolicy) w.item(0, 'IP Family Policy', ipFamilyPolicy);
	const families: string[] = spec.ipFamilies ?? (hasClusterIP ? ['IPv4'] : []);
	w.item(0, 'IP Families', families.length ? families.join(',') : '<none>');
	w.item(0, 'IP', spec.clusterIP ?? '');
	const clusterIPs: string[] = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
	w.item(0, 'IPs', clusterIPs.length ? clusterIPs.join(',') : '<none>');
	if (spec.externalIPs?.length) w.item(0, 'External IPs', spec.externalIPs.join(','));
	if (spec.loadBalancerIP) w.item(0, 'Desired LoadBalancer IP', spec.loadBalancerIP);
	if (spec.externalName) w.item(0, 'External Name', spec.externalName);
	const ingress = svc.status?.loadBalancer?.ingress ?? [];
	if (ingress.length) {
		w.item(0, 'LoadBalancer Ingress', ingress.map(i => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : i.hostname ?? '')).join(', '));
	}
	const slices = endpointSlicesOf(svc, ctx);
	for (const p of spec.ports ?? []) {
		const name = p.name || '<unset>';
		const protocol = p.protocol || 'TCP';
		w.write(0, `Port:\t${name}\t${p.port}/${protocol}\n`);
		w.item(0, 'TargetPort', `${p.targetPort ?? p.port}/${protocol}`);
		if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
		if (slices) w.item(0, 'Endpoints', formatSliceEndpoints(slices, p.name ?? ''));
	}
	w.item(0, 'Session Affinity', spec.sessionAffinity ?? 'None');
	const externalTrafficPolicy = spec.externalTrafficPolicy ?? (type === 'NodePort' || type === 'LoadBalancer' ? 'Cluster' : undefined);
	if (externalTrafficPolicy) w.item(0, 'External Traffic Policy', externalTrafficPolicy);
	const internalTrafficPolicy = spec.internalTrafficPolicy ?? (hasClusterIP ? 'Cluster' : undefined);
	if (internalTrafficPolicy) w.item(0, 'Internal Traffic Policy', internalTrafficPolicy);
	if (spec.healthCheckNodePort) w.item(0, 'HealthCheck NodePort', spec.healthCheckNodePort);
	if (spec.loadBalancerSourceRanges?.length) w.item(0, 'LoadBalancer Source Ranges', spec.loadBalancerSourceRanges.join(','));
	writeEvents(w, svc, ctx);
	return w.toString();
}

export const service: KindInfo = {
	kind: 'Service',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'services',
	storagePrefix: 'services/specs',
	singular: 'service',
	namespaced: true,
	shortNames: ['svc'],
	categories: ['all'],
	subresources: ['status', 'proxy'],
	api: serviceApi,
	protobuf: 'k8s.io.api.core.v1.Service',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Type', type: 'string', priority: 0, description: 'type determines how the Service is exposed.'},
		{name: 'Cluster-IP', type: 'string', priority: 0, description: 'clusterIP is the IP address of the service.'},
		{name: 'External-IP', type: 'string', priority: 0, keep: 1, description: 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'},
		{name: 'Port(s)', type: 'string', priority: 0, description: 'The list of ports that are exposed by this service.'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'Selector', type: 'string', priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.'},
	],
	row: (obj: Service, ctx) => [
		obj.metadata.name,
		serviceType(obj),
		serviceClusterIP(obj),
		serviceExternalIP(obj),
		formatPorts(obj.spec?.ports),
		age(obj.metadata.creationTimestamp, ctx.now),
		formatLabels(obj.spec?.selector),
	],
	describe: describeService,
	capabilities: {},
	// the cluster IPs were allocated: a create allocates them again (a headless Service keeps None)
	exported: obj => {
		const spec = obj.spec as {clusterIP?: string; clusterIPs?: string[]} | undefined;
		if (spec && spec.clusterIP !== 'None') {
			delete spec.clusterIP;
			delete spec.clusterIPs;
		}
		return obj;
	},
	view: serviceView,
};
