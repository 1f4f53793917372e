// The OpenAPI documents: /openapi/v3 (the root listing each group version with its hash) and one
// document per group version, and /openapi/v2 (swagger 2.0, as JSON or as the protobuf kubectl
// asks for). Their schemas come from the schema module, with the descriptions kubectl explain
// prints. PATCH operations carry x-kubernetes-group-version-kind and a fieldValidation parameter,
// which tells kubectl the server validates fields itself. No operation declares a
// strategic-merge-patch body, so kubectl computes apply patches from its own built-in types.
import {createHash} from 'node:crypto';
import protobuf from 'protobufjs';
import {stringify as toYaml} from 'yaml';
import {groupVersions, resourcesOf, servedResources as allResources, METRICS_GROUP, type ServedResource} from './discovery.js';
import {isCustomKind, servedKindsGeneration} from '../kinds/index.js';
import {type GVK, definitions, schemasFor} from './schema/definitions.js';
import {modelsVersion} from './schema/models.js';

/** How the protobuf v2 document is labelled (what clients ask for has an `@`, which a media type cannot carry). */
export const OPENAPI_V2_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const INFO = {title: 'Kubernetes', version: 'v1.32.2'};

function gvPath(group: string, version: string): string {
	return group ? `apis/${group}/${version}` : `api/${version}`;
}

const served = (r: ServedResource) => r.group !== METRICS_GROUP && !!r.info;

/** The top-level definitions of some resources: each kind and its list, with their GVKs. */
function roots(resources: ServedResource[]): {known: Array<{cls: string; gvks: GVK[]}>; unknown: GVK[]} {
	const c = definitions();
	const known: Array<{cls: string; gvks: GVK[]}> = [];
	const unknown: GVK[] = [];
	for (const r of resources) {
		for (const kind of [r.kind, `${r.kind}List`]) {
			const gvk = {group: r.group, kind, version: r.version};
			const cls = c.classOf(gvk);
			if (cls) known.push({cls, gvks: [gvk]});
			else unknown.push(gvk);
		}
	}
	return {known, unknown};
}

/** A schema for a kind the client has no model of: any object, tagged with its GVK. */
function opaqueSchema(gvk: GVK) {
	return {type: 'object', 'x-kubernetes-group-version-kind': [gvk], 'x-kubernetes-preserve-unknown-fields': true};
}

function schemaName(gvk: GVK): string {
	const c = definitions();
	const cls = c.classOf(gvk);
	if (cls) return c.defs.get(cls)!.name;
	const g = gvk.group ? gvk.group.split('.').reverse().join('.') : 'core';
	if (isCustomKind(gvk.kind.replace(/List$/, ''))) return `${g}.${gvk.version}.${gvk.kind}`;
	return `io.k8s.api.${g}.${gvk.version}.${gvk.kind}`;
}

const OBJECT_META = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** A custom resource's schema as the apiextensions server publishes it: its own, with the fields every object has. */
function customSchemas(r: ServedResource): Record<string, unknown> {
	const schema = r.info?.openapiSchema?.(r.version);
	if (!schema) return {};
	const gvk = {group: r.group, kind: r.kind, version: r.version};
	const listGvk = {...gvk, kind: `${r.kind}List`};
	const s = structuredClone(schema) as Record<string, any>;
	s.properties = {
		apiVersion: {type: 'string', description: 'The group and version of the object: group/version.'},
		kind: {type: 'string', description: 'The kind of the object, as its definition names it.'},
		metadata: {allOf: [{$ref: OBJECT_META}], description: 'The name, namespace, labels and annotations of the object, and what the server records about it.'},
		...s.properties,
	};
	s['x-kubernetes-group-version-kind'] = [gvk];
	return {
		[schemaName(gvk)]: s,
		[schemaName(listGvk)]: {
			type: 'object',
			required: ['items'],
			properties: {
				apiVersion: {type: 'string'},
				items: {type: 'array', items: {$ref: `#/components/schemas/${schemaName(gvk)}`}},
				kind: {type: 'string'},
				metadata: {allOf: [{$ref: LIST_META}]},
			},
			'x-kubernetes-group-version-kind': [listGvk],
		},
	};
}

/** Documents built from the served kinds are dropped when those change (a definition established or gone). */
let builtFor = -1;
function fresh(): void {
	const g = servedKindsGeneration();
	if (g === builtFor) return;
	documents.clear();
	v2 = undefined;
	builtFor = g;
}

function queryParam(name: string, description: string) {
	return {name, in: 'query', description, schema: {type: 'string', uniqueItems: true}};
}

const DRY_RUN = queryParam('dryRun', 'When present, the request is checked and answered but nothing is stored. The one valid value is All.');
const FIELD_MANAGER = queryParam('fieldManager', 'The name of the actor making the change, recorded for field ownership.');
const FIELD_VALIDATION = queryParam(
	'fieldValidation',
	'What the server does with fields it does not know and with fields given twice: Ignore drops them silently, Warn drops them and answers with a warning for each, Strict refuses the request. Strict is the default.',
);
const FORCE = {name: 'force', in: 'query', description: 'Server-side apply only: take over fields other managers own.', schema: {type: 'boolean', uniqueItems: true}};
const PRETTY = queryParam('pretty', 'When true, the output is indented.');

function pathParam(name: string, description: string) {
	return {name, in: 'path', description, required: true, schema: {type: 'string', uniqueItems: true}};
}

const RESPONSE_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function responses(ref: string, codes: string[]) {
	const content = Object.fromEntries(RESPONSE_TYPES.map(t => [t, {schema: {$ref: ref}}]));
	return Object.fromEntries(codes.map(code => [code, {description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', content}]));
}

function requestBody(ref: string) {
	return {content: {'*/*': {schema: {$ref: ref}}}, required: true};
}

function resourcePaths(r: ServedResource, group: string, version: string): Record<string, unknown> {
	const gvk = {group: r.group, kind: r.kind, version: r.version};
	const listGvk = {...gvk, kind: `${r.kind}List`};
	const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
	const ref = `#/components/schemas/${schemaName(gvk)}`;
	const listRef = `#/components/schemas/${schemaName(listGvk)}`;
	const scope = r.namespaced ? 'Namespaced' : '';
	const common = [...(r.namespaced ? [pathParam('namespace', 'The namespace of the objects.')] : []), PRETTY];
	const op = (id: string, action: string, extra: object, g: GVK = gvk) => ({
		operationId: `${id}${scope}${r.kind}`,
		tags: [group ? `${group.split('.')[0]}_${version}` : `core_${version}`],
		'x-kubernetes-action': action,
		'x-kubernetes-group-version-kind': g,
		...extra,
	});
	const write = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
	return {
		[base]: {
			get: op('list', 'list', {responses: responses(listRef, ['200'])}, listGvk),
			post: op('create', 'post', {parameters: write, requestBody: requestBody(ref), responses: responses(ref, ['200', '201', '202'])}),
			delete: op('deletecollection', 'deletecollection', {parameters: [DRY_RUN], responses: responses('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status', ['200'])}),
			parameters: common,
		},
		[`${base}/{name}`]: {
			get: op('read', 'get', {responses: responses(ref, ['200'])}),
			put: op('replace', 'put', {parameters: write, requestBody: requestBody(ref), responses: responses(ref, ['200', '201'])}),
			patch: op('patch', 'patch', {parameters: [...write, FORCE], responses: responses(ref, ['200', '201'])}),
			delete: op('delete', 'delete', {parameters: [DRY_RUN], responses: responses('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status', ['200', '202'])}),
			parameters: [pathParam('name', `The name of the ${r.kind}.`), ...common],
		},
	};
}

const documents = new Map<string, string | null>();

/** The OpenAPI v3 document of a group version, undefined when it is not served. */
export function openapiDocument(group: string, version: string): object | undefined {
	const text = openapiV3Text(group, version);
	return text ? JSON.parse(text) : undefined;
}

function servedResources(group: string, version: string): ServedResource[] {
	return group === METRICS_GROUP ? [] : resourcesOf(group, version).filter(served);
}

/** The text of a group version's v3 document, when served; built on first use. */
export function openapiV3Text(group: string, version: string): string | undefined {
	fresh();
	const key = `${group}/${version}`;
	const known = documents.get(key);
	if (known !== undefined) return known ?? undefined;
	const resources = servedResources(group, version);
	if (!resources.length) {
		documents.set(key, null);
		return undefined;
	}
	const paths: Record<string, unknown> = {};
	for (const r of resources) Object.assign(paths, resourcePaths(r, group, version));
	const {known: kinds, unknown} = roots(resources);
	const c = definitions();
	const status = c.classOf({group: '', version: 'v1', kind: 'Status'});
	const schemas: Record<string, unknown> = schemasFor(status ? [...kinds, {cls: status, gvks: [{group: '', kind: 'Status', version: 'v1'}]}] : kinds, 'v3');
	for (const gvk of unknown) schemas[schemaName(gvk)] = opaqueSchema(gvk);
	for (const r of resources) Object.assign(schemas, customSchemas(r));
	if (resources.some(r => r.info?.openapiSchema)) {
		const meta = ['ObjectMeta', 'ListMeta'].map(kind => c.classOf({group: '', version: 'v1', kind})).filter((x): x is string => !!x);
		for (const [name, def] of Object.entries(schemasFor(meta.map(cls => ({cls, gvks: []})), 'v3'))) if (!(name in schemas)) schemas[name] = def;
	}
	const text = JSON.stringify({openapi: '3.0.0', info: INFO, paths, components: {schemas}});
	documents.set(key, text);
	return text;
}

/**
 * The hash a group version's document is listed with. Clients only compare it, so it is taken
 * from what the document is built from (the resources served, the models' version), not from the
 * document itself: listing the root builds no document.
 */
function hashOf(group: string, version: string, resources: ServedResource[]): string {
	const identity = resources.map(r => [r.kind, r.plural, r.namespaced, r.conversion?.apiVersion ?? '', r.info?.openapiSchema?.(r.version) ?? '']);
	return createHash('sha512').update(JSON.stringify([INFO, modelsVersion(), group, version, identity])).digest('hex').toUpperCase().slice(0, 128);
}

export function openapiRoot() {
	fresh();
	const paths: Record<string, {serverRelativeURL: string}> = {};
	for (const gv of groupVersions()) {
		const resources = servedResources(gv.group, gv.version);
		if (!resources.length) continue;
		const p = gvPath(gv.group, gv.version);
		paths[p] = {serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(gv.group, gv.version, resources)}`};
	}
	return {paths};
}

let v2: {json: string; proto: Uint8Array} | undefined;

/** The swagger 2.0 document of every served kind: definitions only, as JSON and as gnostic protobuf. */
export function openapiV2(): {json: string; proto: Uint8Array} {
	fresh();
	if (v2) return v2;
	const {known, unknown} = roots(allResources().filter(served));
	const defs: Record<string, unknown> = schemasFor(known, 'v2');
	for (const gvk of unknown) defs[schemaName(gvk)] = opaqueSchema(gvk);
	const doc = {swagger: '2.0', info: INFO, paths: {}, definitions: defs};
	v2 = {json: JSON.stringify(doc), proto: encodeDocument(doc)};
	return v2;
}

// ---------------------------------------------------------------------------------------------
// The gnostic openapi_v2.Document message, written field by field (field numbers of its
// OpenAPIv2.proto). Only what the documents above hold is encoded.

type W = protobuf.Writer;

function str(w: W, field: number, s: string | undefined): void {
	if (s !== undefined && s !== '') w.uint32((field << 3) | 2).string(s);
}

function msg(w: W, field: number, body: (w: W) => void): void {
	w.uint32((field << 3) | 2).fork();
	body(w);
	w.ldelim();
}

function encodeDocument(doc: {swagger: string; info: {title: string; version: string}; definitions: Record<string, unknown>}): Uint8Array {
	const w = protobuf.Writer.create();
	str(w, 1, doc.swagger);
	msg(w, 2, i => {
		str(i, 1, doc.info.title);
		str(i, 2, doc.info.version);
	});
	msg(w, 8, () => undefined);
	msg(w, 9, d => {
		for (const [name, s] of Object.entries(doc.definitions)) namedSchema(d, 1, name, s as Record<string, unknown>);
	});
	return w.finish();
}

function namedSchema(w: W, field: number, name: string, s: Record<string, unknown>): void {
	msg(w, field, n => {
		str(n, 1, name);
		msg(n, 2, v => schema(v, s));
	});
}

function schema(w: W, s: Record<string, unknown>): void {
	str(w, 1, s.$ref as string | undefined);
	str(w, 2, s.format as string | undefined);
	str(w, 4, s.description as string | undefined);
	for (const r of (s.required as string[] | undefined) ?? []) str(w, 19, r);
	if (s.additionalProperties && typeof s.additionalProperties === 'object')
		msg(w, 21, a => msg(a, 1, v => schema(v, s.additionalProperties as Record<string, unknown>)));
	if (typeof s.type === 'string') msg(w, 22, t => str(t, 1, s.type as string));
	if (s.items && typeof s.items === 'object') msg(w, 23, i => msg(i, 1, v => schema(v, s.items as Record<string, unknown>)));
	for (const a of (s.allOf as Array<Record<string, unknown>> | undefined) ?? []) msg(w, 24, v => schema(v, a));
	if (s.properties && typeof s.properties === 'object')
		msg(w, 25, p => {
			for (const [name, ps] of Object.entries(s.properties as Record<string, unknown>)) namedSchema(p, 1, name, ps as Record<string, unknown>);
		});
	for (const [name, value] of Object.entries(s)) {
		if (!name.startsWith('x-')) continue;
		msg(w, 31, e => {
			str(e, 1, name);
			msg(e, 2, a => str(a, 2, toYaml(value)));
		});
	}
}
