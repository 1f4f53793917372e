// The OpenAPI definitions of the served kinds, built from the generated client's models: names as
// the apiserver publishes them (`io.k8s.api.apps.v1.DeploymentSpec`), field types, descriptions,
// required fields, the group-version-kind of each top-level kind, and the strategic-merge list
// rules the patch code knows. Any built-in kind the registry serves is covered from its group,
// version and kind alone; a kind the client does not know (a custom resource) has no schema.
import {listMergeAt} from '../../cluster/api/patch.js';
import {KINDS} from '../../kinds/index.js';
import {type Model, type ModelField, apiModels, models} from './models.js';

export interface GVK {
	group: string;
	version: string;
	kind: string;
}

/** What a field's client type says. */
export type FieldType =
	| {t: 'string'; format?: string}
	| {t: 'integer'; format: string}
	| {t: 'number'; format?: string}
	| {t: 'boolean'}
	| {t: 'time'; micro: boolean}
	| {t: 'intOrString'}
	| {t: 'quantity'}
	| {t: 'any'}
	| {t: 'model'; name: string}
	| {t: 'array'; items: FieldType}
	| {t: 'map'; values: FieldType};

/** A parsed client type: `Array<V1Container>`, `{ [key: string]: string; }`, `number` + int32. */
export function fieldType(type: string, format = ''): FieldType {
	const arr = /^Array<(.+)>$/.exec(type);
	if (arr) return {t: 'array', items: fieldType(arr[1]!)};
	const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
	if (map) return {t: 'map', values: fieldType(map[1]!)};
	switch (type) {
		case 'string':
			return format ? {t: 'string', format} : {t: 'string'};
		case 'number':
			if (format === 'int32' || format === 'int64') return {t: 'integer', format};
			return format ? {t: 'number', format} : {t: 'number'};
		case 'boolean':
			return {t: 'boolean'};
		case 'Date':
		case 'V1MicroTime':
			return {t: 'time', micro: format === 'date-time-micro'};
		case 'IntOrString':
			return {t: 'intOrString'};
		case 'any':
		case 'object':
			return {t: 'any'};
		default:
			return {t: 'model', name: type};
	}
}

const CLASS = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;

/** The types of meta/v1 (apimachinery), which every group uses. */
const META = new Set([
	'APIGroup',
	'APIGroupList',
	'APIResource',
	'APIResourceList',
	'APIVersions',
	'Condition',
	'DeleteOptions',
	'GroupVersionForDiscovery',
	'LabelSelector',
	'LabelSelectorRequirement',
	'ListMeta',
	'ManagedFieldsEntry',
	'ObjectMeta',
	'OwnerReference',
	'Preconditions',
	'ServerAddressByClientCIDR',
	'Status',
	'StatusCause',
	'StatusDetails',
	'WatchEvent',
]);

/**
 * Fields whose strings are quantities (`500m`, `1Gi`, or a plain number): the client types them as
 * strings, the API as resource.Quantity. Resource lists are maps of them.
 */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'hard', 'used', 'overhead', 'min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio', 'allocatedResources']);
const QUANTITY_SCALARS = new Set(['sizeLimit', 'divisor']);

/** A field's type, with the quantities the client types as strings restored. */
function typeOfField(f: ModelField): FieldType {
	const t = fieldType(f.type, f.format);
	if (t.t === 'map' && t.values.t === 'string' && QUANTITY_MAPS.has(f.name)) return {t: 'map', values: {t: 'quantity'}};
	if (t.t === 'string' && !t.format && QUANTITY_SCALARS.has(f.name)) return {t: 'quantity'};
	return t;
}

const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** The definitions that are not client models: their schemas, in our words. */
const SCALARS: Record<string, object> = {
	[TIME]: {type: 'string', format: 'date-time', description: 'A point in time, serialised as an RFC 3339 date and time in UTC, to the second.'},
	[MICRO_TIME]: {type: 'string', format: 'date-time', description: 'A point in time, serialised as an RFC 3339 date and time in UTC, to the microsecond.'},
	[INT_OR_STRING]: {type: 'string', format: 'int-or-string', description: 'Either an integer or a string (a port number or a port name, a count or a percentage).'},
	[QUANTITY]: {type: 'string', description: 'An amount: a number with an optional suffix, binary (Ki, Mi, Gi...), decimal (k, M, G...) or an exponent (1e3); CPU is often given in thousandths (500m).'},
};

export interface Definition {
	/** The client's class name. */
	cls: string;
	/** The published name: `io.k8s.api.apps.v1.DeploymentSpec`. */
	name: string;
	/** The type's own name: `DeploymentSpec`. */
	short: string;
	/** The Go package the type lives in (its version): `v1`. */
	goPackage: string;
	model: Model;
	fields: Map<string, ModelField & {parsed: FieldType}>;
}

class Catalogue {
	readonly defs = new Map<string, Definition>();
	/** Strategic-merge rules found for array fields, by `class.field`. */
	private readonly merges = new Map<string, {type: 'merge'; key: string} | {type: 'set'}>();
	private readonly mergesDone = new Set<string>();

	constructor() {
		const all = models();
		const pkgOf = new Map<string, string>();
		for (const {pkg, models: roots} of apiModels()) {
			const queue = roots.filter(r => all.has(r));
			for (let i = 0; i < queue.length; i++) {
				const cls = queue[i]!;
				if (pkgOf.has(cls)) continue;
				pkgOf.set(cls, pkg);
				for (const f of all.get(cls)!.fields) for (const m of modelNames(fieldType(f.type, f.format))) if (all.has(m) && !pkgOf.has(m)) queue.push(m);
			}
		}
		for (const [cls, model] of all) {
			const m = CLASS.exec(cls);
			if (!m) continue;
			const [, prefix, v, short] = m as unknown as [string, string | undefined, string, string];
			const version = v.toLowerCase();
			const pkg = prefix ? prefix.toLowerCase() : (pkgOf.get(cls) ?? 'core');
			const name = META.has(short) && !prefix ? `io.k8s.apimachinery.pkg.apis.meta.${version}.${short}` : qualified(pkg, version, short);
			const fields = new Map(model.fields.map(f => [f.name, {...f, parsed: typeOfField(f)}]));
			this.defs.set(cls, {cls, name, short, goPackage: version, model, fields});
		}
		for (const k of KINDS)
			for (const version of [k.version, ...(k.versions ?? []).map(v => v.version)]) {
				const root = this.classOf({group: k.group, version, kind: k.kind});
				if (root) this.noteMerges(k.kind, root);
			}
	}

	/** The class of a top-level kind (`V1Deployment`, `CoreV1Event`), when the client has it. */
	classOf(gvk: GVK): string | undefined {
		const v = gvk.version.charAt(0).toUpperCase() + gvk.version.slice(1);
		const first = gvk.group ? gvk.group.split('.')[0]! : 'core';
		const prefix = first.charAt(0).toUpperCase() + first.slice(1);
		for (const cls of [`${prefix}${v}${gvk.kind}`, `${v}${gvk.kind}`]) {
			const d = this.defs.get(cls);
			if (d && d.fields.has('kind') && d.fields.has('apiVersion')) return cls;
		}
		return undefined;
	}

	/** Records the list rules of the kind rooted at `cls`, walking its fields from the root (every served kind's, at construction). */
	private noteMerges(kind: string, cls: string): void {
		if (this.mergesDone.has(cls)) return;
		this.mergesDone.add(cls);
		const seen = new Set<string>();
		const walk = (c: string, path: string[]) => {
			if (seen.has(c) || path.length > 12) return;
			seen.add(c);
			const d = this.defs.get(c);
			if (!d) return;
			for (const f of d.fields.values()) {
				const p = [...path, f.name];
				const t = f.parsed;
				if (t.t === 'array') {
					const rule = listMergeAt(kind, p);
					if (rule && !this.merges.has(`${c}.${f.name}`)) this.merges.set(`${c}.${f.name}`, rule);
				}
				for (const m of modelNames(t)) walk(m, p);
			}
		};
		walk(cls, []);
	}

	mergeOf(cls: string, field: string) {
		return this.merges.get(`${cls}.${field}`);
	}

	/** The classes `roots` refer to, directly or not, roots first. */
	closure(roots: string[]): string[] {
		const out: string[] = [];
		const seen = new Set<string>();
		const queue = [...roots];
		for (let i = 0; i < queue.length; i++) {
			const cls = queue[i]!;
			if (seen.has(cls) || !this.defs.has(cls)) continue;
			seen.add(cls);
			out.push(cls);
			for (const f of this.defs.get(cls)!.fields.values()) queue.push(...modelNames(f.parsed));
		}
		return out;
	}
}

function qualified(pkg: string, version: string, short: string): string {
	if (pkg === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${short}`;
	if (pkg === 'apiregistration') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}.${short}`;
	return `io.k8s.api.${pkg}.${version}.${short}`;
}

function modelNames(t: FieldType): string[] {
	if (t.t === 'model') return [t.name];
	if (t.t === 'array') return modelNames(t.items);
	if (t.t === 'map') return modelNames(t.values);
	return [];
}

let catalogue: Catalogue | undefined;

/** The definitions of every client model, built on first use. */
export function definitions(): Catalogue {
	return (catalogue ??= new Catalogue());
}

export type {Catalogue};

/** Which OpenAPI dialect a schema is written for. */
export type Dialect = 'v2' | 'v3';

function refTo(name: string, dialect: Dialect): {$ref: string} {
	return {$ref: dialect === 'v2' ? `#/definitions/${name}` : `#/components/schemas/${name}`};
}

/** The schema of a field type; a reference to another definition adds `name` to `used`. */
function typeSchema(c: Catalogue, t: FieldType, dialect: Dialect): Record<string, unknown> {
	switch (t.t) {
		case 'string':
			return t.format ? {type: 'string', format: t.format} : {type: 'string'};
		case 'integer':
			return {type: 'integer', format: t.format};
		case 'number':
			return t.format ? {type: 'number', format: t.format} : {type: 'number'};
		case 'boolean':
			return {type: 'boolean'};
		case 'time':
			return refTo(t.micro ? MICRO_TIME : TIME, dialect);
		case 'intOrString':
			return refTo(INT_OR_STRING, dialect);
		case 'quantity':
			return refTo(QUANTITY, dialect);
		case 'any':
			return {type: 'object'};
		case 'model': {
			const d = c.defs.get(t.name);
			return d ? refTo(d.name, dialect) : {type: 'object'};
		}
		case 'array':
			return {type: 'array', items: itemSchema(c, t.items, dialect)};
		case 'map':
			return {type: 'object', additionalProperties: itemSchema(c, t.values, dialect)};
	}
}

/** Items and map values: a reference stays bare; v3 documents give them a default as upstream does. */
function itemSchema(c: Catalogue, t: FieldType, dialect: Dialect): Record<string, unknown> {
	const s = typeSchema(c, t, dialect);
	if (dialect === 'v3' && '$ref' in s) return {allOf: [s], default: {}};
	if (dialect === 'v3' && t.t === 'string') return {...s, default: ''};
	return s;
}

/** The schema of one definition, with the group-version-kinds it serves as (`gvks`). */
export function definitionSchema(c: Catalogue, cls: string, dialect: Dialect, gvks: GVK[] = []): Record<string, unknown> {
	const d = c.defs.get(cls)!;
	const properties: Record<string, unknown> = {};
	const required: string[] = [];
	for (const f of d.fields.values()) {
		const t = typeSchema(c, f.parsed, dialect);
		let s: Record<string, unknown>;
		if ('$ref' in t) {
			// a reference cannot carry a description beside it in OpenAPI 3.0
			s = dialect === 'v3' ? {allOf: [t], ...(f.description ? {description: f.description} : {})} : {...t, ...(f.description ? {description: f.description} : {})};
			if (dialect === 'v3' && f.required) s.default = {};
		} else {
			s = {...(f.description ? {description: f.description} : {}), ...t};
			if (dialect === 'v3' && t.type === 'array' && '$ref' in (t.items as object)) s.items = {allOf: [t.items], default: {}};
		}
		const merge = c.mergeOf(cls, f.name);
		if (merge?.type === 'merge') {
			s['x-kubernetes-list-map-keys'] = [merge.key];
			s['x-kubernetes-list-type'] = 'map';
			s['x-kubernetes-patch-merge-key'] = merge.key;
			s['x-kubernetes-patch-strategy'] = 'merge';
		} else if (merge?.type === 'set') {
			s['x-kubernetes-list-type'] = 'set';
			s['x-kubernetes-patch-strategy'] = 'merge';
		}
		properties[f.name] = s;
		if (f.required) required.push(f.name);
	}
	const out: Record<string, unknown> = {};
	if (d.model.description) out.description = d.model.description;
	out.type = 'object';
	if (d.fields.size) out.properties = properties;
	if (required.length) out.required = required;
	if (gvks.length) out['x-kubernetes-group-version-kind'] = gvks;
	return out;
}

/** The definitions a document needs for `roots` (top-level kinds with their GVKs), by published name. */
export function schemasFor(roots: Array<{cls: string; gvks: GVK[]}>, dialect: Dialect): Record<string, unknown> {
	const c = definitions();
	const gvksOf = new Map<string, GVK[]>();
	for (const r of roots) gvksOf.set(r.cls, [...(gvksOf.get(r.cls) ?? []), ...r.gvks]);
	const out: Record<string, unknown> = {};
	const classes = c.closure(roots.map(r => r.cls));
	const names = classes.map(cls => [c.defs.get(cls)!.name, cls] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	let scalarsUsed = false;
	for (const [name, cls] of names) {
		out[name] = definitionSchema(c, cls, dialect, gvksOf.get(cls));
		scalarsUsed ||= [...c.defs.get(cls)!.fields.values()].some(f => usesScalar(f.parsed));
	}
	if (scalarsUsed) for (const [name, s] of Object.entries(SCALARS)) out[name] = s;
	return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function usesScalar(t: FieldType): boolean {
	if (t.t === 'time' || t.t === 'intOrString' || t.t === 'quantity') return true;
	if (t.t === 'array') return usesScalar(t.items);
	if (t.t === 'map') return usesScalar(t.values);
	return false;
}
