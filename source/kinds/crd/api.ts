// A CustomResourceDefinition in the API server (apiextensions.k8s.io/v1): its defaults (singular
// and listKind names, the None conversion), the validation of its spec with the apiextensions
// messages (group, scope, names, versions with exactly one storage version, a structural schema
// for each), what an update may not change, and what a create sets (the cleanup finalizer, the
// stored versions).
import type {KObject} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {FieldErrors, GoLiteral, type Obj, child, goQuote, index, isObj, key} from '../shared/fields.js';
import {dflt, objAt, objects} from '../shared/defaults.js';
import {isDNS1035Label, isDNS1123Subdomain} from '../shared/formats.js';
import type {JSONSchema} from './schema.js';

/** The finalizer the apiextensions server puts on every definition: its objects are deleted first. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export interface CrdNames {
	plural: string;
	singular?: string;
	kind: string;
	listKind?: string;
	shortNames?: string[];
	categories?: string[];
}

export interface CrdColumn {
	name: string;
	type: string;
	jsonPath: string;
	description?: string;
	format?: string;
	priority?: number;
}

export interface CrdVersion {
	name: string;
	served: boolean;
	storage: boolean;
	deprecated?: boolean;
	deprecationWarning?: string;
	schema?: {openAPIV3Schema?: JSONSchema};
	subresources?: {status?: object; scale?: {specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string}};
	additionalPrinterColumns?: CrdColumn[];
}

export interface CrdCondition {
	type: string;
	status: 'True' | 'False' | 'Unknown';
	lastTransitionTime?: string;
	reason?: string;
	message?: string;
}

export interface CustomResourceDefinition extends KObject {
	spec: {
		group: string;
		names: CrdNames;
		scope: 'Namespaced' | 'Cluster';
		versions: CrdVersion[];
		conversion?: {strategy: string};
		preserveUnknownFields?: boolean;
	};
	status?: {
		conditions?: CrdCondition[];
		acceptedNames?: Partial<CrdNames>;
		storedVersions?: string[];
	};
}

function defaults(obj: Record<string, any>): void {
	const spec = objAt(obj, 'spec');
	if (!spec) return;
	const names = objAt(spec, 'names');
	if (names && typeof names.kind === 'string' && names.kind) {
		dflt(names, 'singular', names.kind.toLowerCase());
		dflt(names, 'listKind', `${names.kind}List`);
	}
	const conversion = objAt(spec, 'conversion');
	if (conversion) dflt(conversion, 'strategy', 'None');
}

/** A version as Go's `%#v` prints it (what the storage-version messages show). */
function goVersions(versions: unknown[]): GoLiteral {
	const body = versions
		.map(v => {
			const o = isObj(v) ? v : {};
			return `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(String(o.name ?? ''))}, Served:${o.served === true}, Storage:${o.storage === true}, Deprecated:${o.deprecated === true}, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(${o.schema ? '0xc000000001' : 'nil'}), Subresources:(*apiextensions.CustomResourceSubresources)(${o.subresources ? '0xc000000002' : 'nil'}), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}`;
		})
		.join(', ');
	return new GoLiteral(`[]apiextensions.CustomResourceDefinitionVersion{${body}}`);
}

function dns1035(e: FieldErrors, path: string, v: string | undefined, prefix = ''): void {
	if (!v) return;
	const errs = isDNS1035Label(prefix ? v.toLowerCase() : v);
	if (errs.length) e.invalid(path, v, prefix + errs.join(','));
}

function validateNames(e: FieldErrors, names: Obj, path: string): void {
	const plural = e.str(names.plural, child(path, 'plural'));
	const singular = e.str(names.singular, child(path, 'singular'));
	const kind = e.str(names.kind, child(path, 'kind'));
	const listKind = e.str(names.listKind, child(path, 'listKind'));
	if (!plural) e.required(child(path, 'plural'));
	if (!singular) e.required(child(path, 'singular'));
	if (!kind) e.required(child(path, 'kind'));
	if (!listKind) e.required(child(path, 'listKind'));
	dns1035(e, child(path, 'plural'), plural);
	dns1035(e, child(path, 'singular'), singular);
	dns1035(e, child(path, 'kind'), kind, 'may have mixed case, but should otherwise match: ');
	dns1035(e, child(path, 'listKind'), listKind, 'may have mixed case, but should otherwise match: ');
	e.strList(names.shortNames, child(path, 'shortNames'))?.forEach((s, i) => dns1035(e, index(child(path, 'shortNames'), i), s));
	if (kind && kind === listKind) e.invalid(child(path, 'listKind'), listKind, 'kind and listKind may not be the same');
	e.strList(names.categories, child(path, 'categories'))?.forEach((s, i) => dns1035(e, index(child(path, 'categories'), i), s));
}

/** A structural schema: every node has a type (or says it holds anything), the root is an object. */
function validateSchema(e: FieldErrors, s: unknown, path: string, where: 'root' | 'field' | 'items'): void {
	if (!isObj(s)) {
		e.typeInvalid(path, s, 'object');
		return;
	}
	const type = e.str(s.type, child(path, 'type'));
	const anything = s['x-kubernetes-preserve-unknown-fields'] === true || s['x-kubernetes-int-or-string'] === true;
	if (where === 'root') {
		if (!type) e.required(child(path, 'type'), 'must not be empty at the root');
		else if (type !== 'object') e.invalid(child(path, 'type'), type, 'must be object at the root');
	} else if (!type && !anything) {
		e.required(child(path, 'type'), where === 'items' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields');
	}
	if (type && !['object', 'array', 'string', 'integer', 'number', 'boolean'].includes(type))
		e.notSupported(child(path, 'type'), type, ['array', 'boolean', 'integer', 'number', 'object', 'string']);
	if (s.uniqueItems === true) e.forbidden(child(path, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
	if (typeof s.pattern === 'string') {
		try {
			new RegExp(s.pattern, 'u');
		} catch {
			e.invalid(child(path, 'pattern'), s.pattern, 'must be a valid regular expression');
		}
	}
	const props = s.properties;
	if (props !== undefined) {
		const p = e.obj(props, child(path, 'properties'));
		if (p) for (const [k, v] of Object.entries(p)) validateSchema(e, v, key(child(path, 'properties'), k), 'field');
		if (isObj(s.additionalProperties) && p && Object.keys(p).length)
			e.forbidden(child(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive');
	}
	if (isObj(s.additionalProperties)) validateSchema(e, s.additionalProperties, child(path, 'additionalProperties'), 'field');
	if (type === 'array') {
		if (s.items === undefined) e.required(child(path, 'items'), 'must be specified');
		else validateSchema(e, s.items, child(path, 'items'), 'items');
	}
	e.strList(s.required, child(path, 'required'));
}

function validateColumns(e: FieldErrors, raw: unknown, path: string): void {
	for (const [c, p] of e.objList(raw, path)) {
		if (!e.str(c.name, child(p, 'name'))) e.required(child(p, 'name'));
		const type = e.str(c.type, child(p, 'type'));
		if (!type) e.required(child(p, 'type'));
		else if (!['integer', 'number', 'string', 'boolean', 'date'].includes(type)) e.notSupported(child(p, 'type'), type, ['integer', 'number', 'string', 'boolean', 'date']);
		const jp = e.str(c.jsonPath, child(p, 'jsonPath'));
		if (!jp) e.required(child(p, 'jsonPath'));
		e.int(c.priority, child(p, 'priority'));
	}
}

function validate(e: FieldErrors, obj: Obj): void {
	const spec = e.obj(obj.spec, 'spec');
	if (!spec) {
		if (obj.spec === undefined) e.required('spec');
		return;
	}
	const group = e.str(spec.group, 'spec.group');
	const names = isObj(spec.names) ? spec.names : {};
	const name = (obj.metadata as Obj | undefined)?.name;
	if (typeof name === 'string' && name && name !== `${names.plural ?? ''}.${group ?? ''}`)
		e.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group');
	if (!group) e.required('spec.group');
	else {
		const errs = isDNS1123Subdomain(group);
		if (errs.length) e.invalid('spec.group', group, errs.join(','));
		else if (group.split('.').length < 2) e.invalid('spec.group', group, 'should be a domain with at least one dot');
	}
	const scope = e.str(spec.scope, 'spec.scope');
	if (!scope) e.required('spec.scope');
	else if (scope !== 'Cluster' && scope !== 'Namespaced') e.notSupported('spec.scope', scope, ['Cluster', 'Namespaced']);

	const versions = e.objList(spec.versions, 'spec.versions');
	const seen = new Set<string>();
	let unique = true;
	let storage = 0;
	for (const [v, p] of versions) {
		const vname = e.str(v.name, child(p, 'name'));
		if (!vname) e.required(child(p, 'name'));
		else {
			const errs = isDNS1035Label(vname);
			if (errs.length) e.invalid(child(p, 'name'), vname, errs.join(','));
			if (seen.has(vname)) unique = false;
			seen.add(vname);
		}
		if (e.bool(v.storage, child(p, 'storage'))) storage++;
		e.bool(v.served, child(p, 'served'));
		const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
		if (schema === undefined) e.required(child(p, 'schema.openAPIV3Schema'), 'schemas are required');
		else validateSchema(e, schema, child(p, 'schema.openAPIV3Schema'), 'root');
		validateColumns(e, v.additionalPrinterColumns, child(p, 'additionalPrinterColumns'));
		const sub = isObj(v.subresources) ? v.subresources : undefined;
		const scale = sub && isObj(sub.scale) ? sub.scale : undefined;
		if (scale) {
			for (const f of ['specReplicasPath', 'statusReplicasPath']) {
				const path = e.str(scale[f], child(p, `subresources.scale.${f}`));
				if (!path) e.required(child(p, `subresources.scale.${f}`));
				else if (!path.startsWith('.')) e.invalid(child(p, `subresources.scale.${f}`), path, 'should be a json path under .spec');
			}
		}
	}
	const rawVersions = Array.isArray(spec.versions) ? spec.versions : [];
	if (!rawVersions.length) e.required('spec.versions', 'must have exactly one version marked as storage version');
	else {
		if (!unique) e.invalid('spec.versions', goVersions(rawVersions), 'must contain unique version names');
		if (storage !== 1) e.invalid('spec.versions', goVersions(rawVersions), 'must have exactly one version marked as storage version');
	}
	validateNames(e, names, 'spec.names');
	if (spec.preserveUnknownFields === true)
		e.invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead');
	const conversion = isObj(spec.conversion) ? spec.conversion : undefined;
	if (conversion) {
		const strategy = e.str(conversion.strategy, 'spec.conversion.strategy');
		if (strategy && strategy !== 'None' && strategy !== 'Webhook') e.notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']);
		if (strategy === 'Webhook') e.forbidden('spec.conversion.strategy', 'webhook conversion is not served by this cluster: use None');
	}
}

function validateUpdate(e: FieldErrors, obj: Obj, old: KObject): void {
	const spec = isObj(obj.spec) ? obj.spec : {};
	const before = (old as CustomResourceDefinition).spec;
	const names = isObj(spec.names) ? spec.names : {};
	const established = (old as CustomResourceDefinition).status?.conditions?.some(c => c.type === 'Established' && c.status === 'True');
	if (established) {
		if (spec.scope !== before.scope) e.invalid('spec.scope', spec.scope, 'field is immutable');
		if (names.kind !== before.names.kind) e.invalid('spec.names.kind', names.kind, 'field is immutable');
	}
	if (spec.group !== before.group) e.invalid('spec.group', spec.group, 'field is immutable');
	if (names.plural !== before.names.plural) e.invalid('spec.names.plural', names.plural, 'field is immutable');
	const stored = (old as CustomResourceDefinition).status?.storedVersions ?? [];
	const listed = new Set(objects(spec.versions).map(v => v.name));
	stored.forEach((v, i) => {
		if (!listed.has(v)) e.invalid(index('status.storedVersions', i), v, 'must appear in spec.versions');
	});
}

/** The version objects are stored in. */
export function storageVersion(crd: CustomResourceDefinition): CrdVersion | undefined {
	return crd.spec.versions.find(v => v.storage);
}

export const crdApi: KindApi = {
	defaults,
	validate,
	validateUpdate,
	admitCreate(obj) {
		const crd = obj as CustomResourceDefinition;
		const fin = crd.metadata.finalizers ?? [];
		if (!fin.includes(CLEANUP_FINALIZER)) crd.metadata.finalizers = [...fin, CLEANUP_FINALIZER];
		const stored = storageVersion(crd)?.name;
		crd.status = {conditions: [], acceptedNames: {plural: '', kind: ''}, storedVersions: stored ? [stored] : []};
	},
	admitUpdate(old, obj) {
		const crd = obj as CustomResourceDefinition;
		const stored = storageVersion(crd)?.name;
		const prev = (old as CustomResourceDefinition).status?.storedVersions ?? [];
		if (stored && !prev.includes(stored)) crd.status = {...crd.status, storedVersions: [...prev, stored]};
	},
};
