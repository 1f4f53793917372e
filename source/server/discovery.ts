// API discovery documents: the group list, aggregated discovery (apidiscovery.k8s.io/v2) and
// the legacy APIResourceLists, all derived from the kinds registry plus the metrics API.
import {servedKinds, servedKindsGeneration, type KindInfo, type ServedVersion} from '../kinds/index.js';
import {REVIEW_RESOURCES} from './reviews.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_VERBS = ['get', 'list'];

interface SubresourceInfo {
	name: string;
	group: string;
	version: string;
	kind: string;
	verbs: string[];
}

/** What one served resource looks like in discovery. */
export interface ServedResource {
	group: string;
	version: string;
	plural: string;
	singular: string;
	kind: string;
	namespaced: boolean;
	verbs: string[];
	shortNames: string[];
	categories: string[];
	subresources: SubresourceInfo[];
	/** The registry entry, absent for the metrics API. */
	info?: KindInfo;
	/** Set when this version is not the stored one: how objects convert to and from it. */
	conversion?: ServedVersion;
}

function subresourceOf(k: KindInfo, sub: string): SubresourceInfo | undefined {
	switch (sub) {
		case 'status':
			return {name: 'status', group: k.group, version: k.version, kind: k.kind, verbs: ['get', 'patch', 'update']};
		case 'scale':
			return {name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update']};
		case 'log':
			return {name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get']};
		case 'eviction':
			return {name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create']};
		case 'token':
			return {name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create']};
		case 'proxy':
			return {name: 'proxy', group: '', version: 'v1', kind: `${k.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update']};
		case 'ephemeralcontainers':
			return {name: 'ephemeralcontainers', group: '', version: 'v1', kind: 'Pod', verbs: ['get', 'patch', 'update']};
		case 'approval':
			return {name: 'approval', group: k.group, version: k.version, kind: k.kind, verbs: ['get', 'patch', 'update']};
		default:
			return undefined;
	}
}

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';

function metricsResource(plural: string, singular: string, kind: string, namespaced: boolean): ServedResource {
	return {group: METRICS_GROUP, version: METRICS_VERSION, plural, singular, kind, namespaced, verbs: READ_VERBS, shortNames: [], categories: [], subresources: []};
}

const kindResource = (k: KindInfo): ServedResource => ({
	group: k.group,
	version: k.version,
	plural: k.plural,
	singular: k.singular,
	kind: k.kind,
	namespaced: k.namespaced,
	verbs: ALL_VERBS,
	shortNames: k.shortNames,
	categories: k.categories,
	subresources: k.subresources.map(s => subresourceOf(k, s)).filter((s): s is SubresourceInfo => !!s),
	info: k,
});

/** The other served versions of a stored kind, reached through their conversions. */
function convertedResources(k: KindInfo): ServedResource[] {
	if (!k.versions) return [];
	const r = kindResource(k);
	return k.versions.map(conversion => ({
		...r,
		version: conversion.version,
		subresources: r.subresources.map(s => (s.name === 'status' ? {...s, version: conversion.version} : s)),
		conversion,
	}));
}

const FIXED: ServedResource[] = [
	metricsResource('nodes', 'node', 'NodeMetrics', false),
	metricsResource('pods', 'pod', 'PodMetrics', true),
	...REVIEW_RESOURCES,
];

let built = -1;
let resources: ServedResource[] = [];
let byPath = new Map<string, ServedResource>();

/** Every served resource: the kinds served now (custom ones included), the metrics API, the reviews. */
export function servedResources(): ServedResource[] {
	const generation = servedKindsGeneration();
	if (generation !== built) {
		const kinds = servedKinds();
		resources = [...kinds.map(kindResource), ...kinds.flatMap(convertedResources), ...FIXED];
		byPath = new Map(resources.map(r => [`${r.group}/${r.version}/${r.plural}`, r]));
		built = generation;
	}
	return resources;
}

/** Group versions served, core first, then groups in a stable order. */
export function groupVersions(): Array<{group: string; version: string}> {
	const seen = new Map<string, {group: string; version: string}>();
	for (const r of servedResources()) {
		const key = `${r.group}/${r.version}`;
		if (!seen.has(key)) seen.set(key, {group: r.group, version: r.version});
	}
	return [...seen.values()];
}

export function resourcesOf(group: string, version: string): ServedResource[] {
	return servedResources().filter(r => r.group === group && r.version === version);
}

export function findResource(group: string, version: string, plural: string): ServedResource | undefined {
	servedResources();
	return byPath.get(`${group}/${version}/${plural}`);
}

export function apiVersions(serverAddress: string) {
	return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]};
}

export function apiGroupList() {
	const groups = new Map<string, string[]>();
	for (const gv of groupVersions()) {
		if (!gv.group) continue;
		groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv.version]);
	}
	return {
		kind: 'APIGroupList',
		apiVersion: 'v1',
		groups: [...groups].map(([name, versions]) => apiGroup(name, versions)),
	};
}

export function apiGroup(name: string, versions: string[]) {
	const vs = versions.map(v => ({groupVersion: `${name}/${v}`, version: v}));
	return {kind: 'APIGroup', apiVersion: 'v1', name, versions: vs, preferredVersion: vs[0]};
}

export function groupVersionsOf(group: string): string[] {
	return groupVersions()
		.filter(gv => gv.group === group)
		.map(gv => gv.version);
}

/** The legacy `/api/v1` or `/apis/<group>/<version>` document. */
export function apiResourceList(group: string, version: string) {
	const resources: unknown[] = [];
	for (const r of resourcesOf(group, version)) {
		resources.push({
			name: r.plural,
			singularName: r.singular,
			namespaced: r.namespaced,
			kind: r.kind,
			verbs: r.verbs,
			...(r.shortNames.length ? {shortNames: r.shortNames} : {}),
			...(r.categories.length ? {categories: r.categories} : {}),
		});
		for (const s of r.subresources) {
			resources.push({
				name: `${r.plural}/${s.name}`,
				singularName: '',
				namespaced: r.namespaced,
				...(s.group !== group || s.version !== version ? {group: s.group, version: s.version} : {}),
				kind: s.kind,
				verbs: s.verbs,
			});
		}
	}
	return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources};
}

function discoveryResource(r: ServedResource) {
	return {
		resource: r.plural,
		responseKind: {group: r.group, version: r.version, kind: r.kind},
		scope: r.namespaced ? 'Namespaced' : 'Cluster',
		singularResource: r.singular,
		verbs: r.verbs,
		...(r.shortNames.length ? {shortNames: r.shortNames} : {}),
		...(r.categories.length ? {categories: r.categories} : {}),
		...(r.subresources.length
			? {
					subresources: r.subresources.map(s => ({
						subresource: s.name,
						responseKind: {group: s.group, version: s.version, kind: s.kind},
						verbs: s.verbs,
					})),
				}
			: {}),
	};
}

/** Aggregated discovery: `/api` (core only) or `/apis` (every named group). */
export function aggregatedDiscovery(core: boolean) {
	const groups = new Map<string, string[]>();
	for (const gv of groupVersions()) {
		if (core !== (gv.group === '')) continue;
		groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv.version]);
	}
	return {
		kind: 'APIGroupDiscoveryList',
		apiVersion: 'apidiscovery.k8s.io/v2',
		metadata: {},
		items: [...groups].map(([group, versions]) => ({
			metadata: group ? {name: group} : {},
			versions: versions.map(version => ({
				version,
				resources: resourcesOf(group, version).map(discoveryResource),
				freshness: 'Current',
			})),
		})),
	};
}

/** Whether an Accept header asks for aggregated discovery. */
export function wantsAggregated(accept: string | undefined): boolean {
	if (!accept) return false;
	return accept.split(',').some(part => {
		const params = part.split(';').map(p => p.trim());
		return params.includes('g=apidiscovery.k8s.io') && params.includes('as=APIGroupDiscoveryList') && params.includes('v=v2');
	});
}
