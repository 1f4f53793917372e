// Minimal OpenAPI v3 documents: enough for kubectl's client-side apply to learn that the server
// validates fields itself (PATCH operations with a fieldValidation parameter, tagged with
// x-kubernetes-group-version-kind). There is deliberately no strategic-merge-patch request body
// and no /openapi/v2, so kubectl computes apply patches from its own built-in types.
import {createHash} from 'node:crypto';
import {groupVersions, resourcesOf, METRICS_GROUP} from './discovery.js';

function gvPath(group: string, version: string): string {
	return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(name => ({
	name,
	in: 'query',
	schema: {type: 'string', uniqueItems: true},
}));

export function openapiDocument(group: string, version: string): object | undefined {
	const resources = resourcesOf(group, version);
	if (!resources.length || group === METRICS_GROUP) return undefined;
	const paths: Record<string, unknown> = {};
	const schemas: Record<string, unknown> = {};
	for (const r of resources) {
		const gvk = {group: r.group, version: r.version, kind: r.kind};
		const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
		const ref = {$ref: `#/components/schemas/${schemaName(r.group, r.version, r.kind)}`};
		const ok = {'200': {description: 'OK', content: {'application/json': {schema: ref}}}};
		paths[base] = {
			get: {operationId: `list${r.kind}`, 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk, responses: ok},
			post: {operationId: `create${r.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk, parameters: QUERY_PARAMS, responses: ok},
		};
		paths[`${base}/{name}`] = {
			get: {operationId: `read${r.kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, responses: ok},
			put: {operationId: `replace${r.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: QUERY_PARAMS, responses: ok},
			patch: {operationId: `patch${r.kind}`, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk, parameters: QUERY_PARAMS, responses: ok},
			delete: {operationId: `delete${r.kind}`, 'x-kubernetes-action': 'delete', 'x-kubernetes-group-version-kind': gvk, responses: ok},
		};
		schemas[schemaName(r.group, r.version, r.kind)] = {
			type: 'object',
			description: `${r.kind} (served by kubesim; fields are validated by the server)`,
			'x-kubernetes-group-version-kind': [gvk],
		};
	}
	return {
		openapi: '3.0.0',
		info: {title: 'Kubernetes', version: 'v1.32.2'},
		paths,
		components: {schemas},
	};
}

function schemaName(group: string, version: string, kind: string): string {
	const g = group ? group.split('.').reverse().join('.') : 'core';
	return `io.k8s.api.${g}.${version}.${kind}`;
}

const hashes = new Map<string, string>();

function hashOf(group: string, version: string): string {
	const key = `${group}/${version}`;
	let h = hashes.get(key);
	if (!h) {
		h = createHash('sha512').update(JSON.stringify(openapiDocument(group, version) ?? {})).digest('hex').toUpperCase().slice(0, 128);
		hashes.set(key, h);
	}
	return h;
}

export function openapiRoot() {
	const paths: Record<string, {serverRelativeURL: string}> = {};
	for (const gv of groupVersions()) {
		if (gv.group === METRICS_GROUP) continue;
		const p = gvPath(gv.group, gv.version);
		paths[p] = {serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(gv.group, gv.version)}`};
	}
	return {paths};
}
