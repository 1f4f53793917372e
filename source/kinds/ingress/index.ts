// Ingress: networking.k8s.io/v1 ingresses.
import type {Ingress, IngressBackend, IngressSpec, Service} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {writeEvents} from '../describe.js';
import {endpointSlicesOf, formatSliceEndpoints} from '../service/index.js';
import {ingressApi} from './api.js';

/** HOSTS: up to three hosts, `*` when no rule names one. */
export function ingressHosts(ing: Ingress): string {
	const rules = ing.spec?.rules ?? [];
	const list: string[] = [];
	let more = false;
	for (const rule of rules) {
		if (list.length === 3) more = true;
		if (!more && rule.host) list.push(rule.host);
	}
	if (!list.length) return '*';
	return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

/** ADDRESS: the load balancer's IPs or hostnames, sorted. */
export function ingressAddress(ing: Ingress): string {
	const set = new Set<string>();
	for (const i of ing.status?.loadBalancer?.ingress ?? []) {
		if (i.ip) set.add(i.ip);
		else if (i.hostname) set.add(i.hostname);
	}
	return [...set].sort().join(',');
}

function describeBackend(ing: Ingress, backend: IngressBackend, ctx: RenderContext): string {
	if (backend.service) {
		const b = backend.service;
		const port = b.port?.number ? String(b.port.number) : b.port?.name ?? '';
		const label = `${b.name}:${port}`;
		if (!ctx.get || !ctx.list) return label;
		const svc = ctx.get('Service', ing.metadata.namespace, b.name) as Service | undefined;
		if (!svc) return `${label} (<error: services "${b.name}" not found>)`;
		let portName = '';
		for (const sp of svc.spec?.ports ?? []) {
			if (b.port?.number && b.port.number === sp.port) portName = sp.name ?? '';
			else if (b.port?.name && b.port.name === sp.name) portName = sp.name;
		}
		return `${label} (${formatSliceEndpoints(endpointSlicesOf(svc, ctx) ?? [], portName)})`;
	}
	if (backend.resource) {
		const r = backend.resource;
		return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
	}
	return '';
}

function describeIngress(ing: Ingress, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const spec: IngressSpec = ing.spec ?? {};
	w.item(0, 'Name', ing.metadata.name);
	w.labels('Labels', ing.metadata.labels);
	w.item(0, 'Namespace', ing.metadata.namespace ?? '');
	w.item(0, 'Address', ingressAddress(ing));
	w.item(0, 'Ingress Class', spec.ingressClassName ?? '<none>');
	const def = spec.defaultBackend ? describeBackend(ing, spec.defaultBackend, ctx) : '<default>';
	w.item(0, 'Default backend', def);
	const tls = spec.tls ?? [];
	if (tls.length) {
		w.write(0, 'TLS:\n');
		for (const t of tls) {
			const hosts = (t.hosts ?? []).join(',');
			w.write(1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
		}
	}
	w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
	w.write(1, '----\t----\t--------\n');
	let count = 0;
	for (const rule of spec.rules ?? []) {
		if (!rule.http) continue;
		count++;
		w.write(1, `${rule.host || '*'}\t\n`);
		for (const p of rule.http.paths) w.write(2, `\t${p.path ?? ''} \t${describeBackend(ing, p.backend, ctx)}\n`);
	}
	if (!count) w.write(1, `*\t*\t${def}\n`);
	w.annotations('Annotations', ing.metadata.annotations);
	writeEvents(w, ing, ctx);
	return w.toString();
}

export const ingress: KindInfo = {
	kind: 'Ingress',
	group: 'networking.k8s.io',
	version: 'v1',
	apiVersion: 'networking.k8s.io/v1',
	plural: 'ingresses',
	storagePrefix: 'ingress',
	singular: 'ingress',
	namespaced: true,
	shortNames: ['ing'],
	categories: [],
	subresources: ['status'],
	api: ingressApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Class', type: 'string', priority: 0, description: 'The name of the IngressClass resource that should be used for additional configuration'},
		{name: 'Hosts', type: 'string', priority: 0, description: 'Hosts that incoming requests are matched against before the ingress rule'},
		{name: 'Address', type: 'string', priority: 0, description: 'Address is a list containing ingress points for the load-balancer'},
		{name: 'Ports', type: 'string', priority: 0, description: 'Ports of TLS configurations that open'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: Ingress, ctx) => [
		obj.metadata.name,
		obj.spec?.ingressClassName ?? '<none>',
		ingressHosts(obj),
		ingressAddress(obj),
		(obj.spec?.tls ?? []).length ? '80, 443' : '80',
		age(obj.metadata.creationTimestamp, ctx.now),
	],
	describe: describeIngress,
	capabilities: {},
};
