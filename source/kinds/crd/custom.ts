// The kind a CustomResourceDefinition serves once established, built from its storage version:
// names, scope, subresources, the columns of `kubectl get` (additionalPrinterColumns, else NAME
// and AGE), and the API rules of its objects (pruning, schema defaults, schema validation). Other
// served versions are the same objects under another apiVersion (the None conversion).
import type {KObject} from '../../cluster/types.js';
import type {Column, KindInfo, ServedVersion} from '../types.js';
import {FieldErrors, isObj, type Obj} from '../shared/fields.js';
import {age} from '../format.js';
import {errors} from '../../cluster/core/errors.js';
import {describeGeneric} from '../describe.js';
import {type CrdColumn, type CustomResourceDefinition, storageVersion} from './api.js';
import {type JSONSchema, applyDefaults, prune, validateValue} from './schema.js';

const AGE: CrdColumn = {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'};

/** The segments of a simple JSONPath (`.spec.cronSpec`, `.status.conditions[0].type`, `.metadata.labels['app']`). */
export function jsonPathSegments(path: string): Array<string | number> | undefined {
	let p = path.trim();
	if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
	const out: Array<string | number> = [];
	const re = /\.([^.[\]]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]/y;
	let i = 0;
	while (i < p.length) {
		re.lastIndex = i;
		const m = re.exec(p);
		if (!m) return undefined;
		out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
		i = re.lastIndex;
	}
	return out;
}

/** The value at a simple JSONPath, or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
	const segs = jsonPathSegments(path);
	if (!segs) return undefined;
	let v: unknown = obj;
	for (const s of segs) {
		if (typeof s === 'number') v = Array.isArray(v) ? v[s] : undefined;
		else v = isObj(v) && Object.hasOwn(v, s) ? v[s] : undefined;
		if (v === undefined) return undefined;
	}
	return v;
}

/** A cell as the apiextensions table convertor prints it. */
function cell(c: CrdColumn, v: unknown, now: number): string | number {
	if (v === undefined || v === null) return '<none>';
	if (c.type === 'date') return typeof v === 'string' ? age(v, now) : '<invalid>';
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return c.type === 'integer' && !Number.isInteger(v) ? String(v) : v;
	if (typeof v === 'boolean') return String(v);
	return JSON.stringify(v);
}

function columnOf(c: CrdColumn): Column {
	const type = c.type === 'date' ? 'date' : (c.type as Column['type']);
	return {name: c.name, type, priority: c.priority && c.priority > 0 ? 1 : 0, ...(c.description ? {description: c.description} : {}), ...(c.format ? {format: c.format} : {})};
}

/** The schema of a version, when it has one. */
export function schemaOf(crd: CustomResourceDefinition, version: string): JSONSchema | undefined {
	return crd.spec.versions.find(v => v.name === version)?.schema?.openAPIV3Schema;
}

/** The kind an established definition serves. */
export function customKind(crd: CustomResourceDefinition): KindInfo {
	const {group, names, scope} = crd.spec;
	const stored = storageVersion(crd)!;
	const schema = stored.schema?.openAPIV3Schema;
	const cols = stored.additionalPrinterColumns?.length ? stored.additionalPrinterColumns : [AGE];
	const subresources: string[] = [];
	if (stored.subresources?.status) subresources.push('status');
	const scale = stored.subresources?.scale;
	if (scale) subresources.push('scale');
	const versions: ServedVersion[] = crd.spec.versions
		.filter(v => v.served && v !== stored)
		.map(v => ({
			version: v.name,
			apiVersion: `${group}/${v.name}`,
			toStored: (o: any) => ({...o, apiVersion: `${group}/${stored.name}`}),
			fromStored: (o: KObject) => ({...o, apiVersion: `${group}/${v.name}`}),
		}));
	const hasStatus = subresources.includes('status');
	return {
		kind: names.kind,
		group,
		version: stored.name,
		apiVersion: `${group}/${stored.name}`,
		plural: names.plural,
		singular: names.singular ?? names.kind.toLowerCase(),
		namespaced: scope === 'Namespaced',
		shortNames: names.shortNames ?? [],
		categories: names.categories ?? [],
		subresources,
		...(versions.length ? {versions} : {}),
		api: {
			defaults(obj) {
				if (!schema || !isObj(obj)) return;
				prune(obj, schema);
				applyDefaults(obj, schema);
			},
			validate(e: FieldErrors, obj: Obj) {
				if (!schema) return;
				// with a status subresource, status is written there and checked apart
				const checked = hasStatus && obj.status !== undefined ? {...obj, status: undefined} : obj;
				validateValue(e, checked, schema, '');
			},
			...(hasStatus && schema
				? {
						statusWrite(e: FieldErrors, obj: Obj) {
							const statusSchema = schema.properties?.status;
							if (!statusSchema) {
								delete obj.status;
								return;
							}
							const holder: Obj = {status: obj.status};
							prune(holder, {type: 'object', properties: {status: statusSchema}});
							applyDefaults(holder, {type: 'object', properties: {status: statusSchema}});
							if (holder.status === undefined) delete obj.status;
							else obj.status = holder.status;
							if (obj.status !== undefined) validateValue(e, obj.status, statusSchema, 'status');
						},
					}
				: {}),
			// every field but metadata counts (and status, when it has its own subresource)
			generationChanged(old: KObject, next: KObject) {
				const content = (o: KObject) => {
					const {metadata: _m, status, ...rest} = o as KObject & {status?: unknown};
					return JSON.stringify(hasStatus ? rest : {...rest, status});
				};
				return content(old) !== content(next);
			},
			admitCreate(obj: KObject, ctx) {
				// no new objects while the definition is being deleted (its objects are)
				const def = ctx.read.get('CustomResourceDefinition', undefined, crd.metadata.name);
				if (def?.metadata.deletionTimestamp) throw errors.methodNotAllowed(`create is not supported on resources of kind "${names.plural}.${group}"`);
				// with a status subresource, what a create says of status is dropped
				if (hasStatus) delete (obj as {status?: unknown}).status;
			},
			...(scale?.labelSelectorPath
				? {scaleSelector: (o: KObject) => String(valueAt(o, scale.labelSelectorPath!) ?? '')}
				: {}),
		},
		columns: [{name: 'Name', type: 'string', priority: 0, format: 'name', description: 'The name of the object, unique among the objects of its kind in its namespace.'}, ...cols.map(columnOf)],
		row: (obj, ctx) => [obj.metadata.name, ...cols.map(c => cell(c, valueAt(obj, c.jsonPath), ctx.now))],
		describe: describeGeneric,
		openapiSchema: version => schemaOf(crd, version),
		capabilities: {scalable: !!scale, creatable: true},
		view: {aliases: [`${names.plural}.${group}`]},
	};
}
