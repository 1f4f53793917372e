// The structural schema of a custom resource (a version's openAPIV3Schema) applied to an object
// as the apiextensions apiserver applies it: unknown fields pruned (their paths reported, for
// strict field validation), defaults filled, then every value checked (types, required, enum,
// bounds, lengths, patterns, item counts), each problem a cause with its field path and the
// validator's words.
import {FieldErrors, child, goQuote, index, isObj, type Obj} from '../shared/fields.js';

/** The subset of JSONSchemaProps a structural schema uses. */
export interface JSONSchema {
	type?: string;
	format?: string;
	description?: string;
	properties?: Record<string, JSONSchema>;
	additionalProperties?: JSONSchema | boolean;
	items?: JSONSchema;
	required?: string[];
	enum?: unknown[];
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: boolean;
	exclusiveMaximum?: boolean;
	minLength?: number;
	maxLength?: number;
	minItems?: number;
	maxItems?: number;
	minProperties?: number;
	maxProperties?: number;
	pattern?: string;
	nullable?: boolean;
	default?: unknown;
	'x-kubernetes-preserve-unknown-fields'?: boolean;
	'x-kubernetes-int-or-string'?: boolean;
	'x-kubernetes-embedded-resource'?: boolean;
	[more: string]: unknown;
}

/** The fields every object has at its root, which the schema never prunes. */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Whether a schema declares a property (its own, never one of Object's). */
function declares(s: JSONSchema, k: string): boolean {
	return !!s.properties && Object.hasOwn(s.properties, k);
}

function preserves(s: JSONSchema): boolean {
	return s['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * Drops, in place, the fields `schema` does not declare (unless it preserves unknown fields), and
 * returns their paths in document order (`spec.foo`, `spec.items[0].bar`).
 */
export function prune(obj: Obj, schema: JSONSchema | undefined): string[] {
	const out: string[] = [];
	if (!schema) return out;
	pruneObject(obj, schema, '', out, true);
	return out;
}

function pruneValue(v: unknown, s: JSONSchema | undefined, path: string, out: string[]): void {
	if (!s) return;
	if (Array.isArray(v)) {
		if (s.items) v.forEach((item, i) => pruneValue(item, s.items, index(path, i), out));
		return;
	}
	if (isObj(v)) pruneObject(v, s, path, out, false);
}

function pruneObject(o: Obj, s: JSONSchema, path: string, out: string[], root: boolean): void {
	const props = s.properties;
	const extra = s.additionalProperties;
	for (const k of Object.keys(o)) {
		const p = child(path, k);
		if (root && ROOT_FIELDS.has(k)) continue;
		const ps = props && Object.hasOwn(props, k) ? props[k] : undefined;
		// a null where the schema does not allow one is dropped, as before defaulting upstream
		if (ps && o[k] === null && !ps.nullable) delete o[k];
		else if (ps) pruneValue(o[k], ps, p, out);
		else if (isObj(extra)) pruneValue(o[k], extra, p, out);
		else if (extra === true || preserves(s)) continue;
		else {
			out.push(p);
			delete o[k];
		}
	}
}

/** Fills, in place, the defaults the schema declares for fields that are absent. */
export function applyDefaults(v: unknown, s: JSONSchema | undefined): void {
	if (!s) return;
	if (Array.isArray(v)) {
		if (s.items) for (const item of v) applyDefaults(item, s.items);
		return;
	}
	if (!isObj(v)) return;
	for (const [k, ps] of Object.entries(s.properties ?? {})) {
		if (!Object.hasOwn(v, k) && ps.default !== undefined) v[k] = structuredClone(ps.default);
		applyDefaults(v[k], ps);
	}
	if (isObj(s.additionalProperties)) for (const k of Object.keys(v)) if (!declares(s, k)) applyDefaults(v[k], s.additionalProperties);
}

/** The JSON type of a value as the validator names it. */
export function jsonTypeOf(v: unknown): string {
	if (v === null || v === undefined) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return typeof v;
}

function typeMatches(type: string, v: unknown): boolean {
	const t = jsonTypeOf(v);
	if (type === 'number') return t === 'number' || t === 'integer';
	return t === type;
}

/** A value of the wrong type, as the schema validator words it: the value's JSON type is shown, not the value. */
function typeInvalid(e: FieldErrors, path: string, v: unknown, expected: string): void {
	const actual = jsonTypeOf(v);
	e.list.push({reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: ${goQuote(actual)}: ${path || '<root>'} in body must be of type ${expected}: ${goQuote(actual)}`});
}

/** Every problem of `v` against `s`, as causes at `path` (the root object's path is ''). */
export function validateValue(e: FieldErrors, v: unknown, s: JSONSchema | undefined, path: string): void {
	if (!s) return;
	if (v === null) {
		if (!s.nullable && s['x-kubernetes-int-or-string']) typeInvalid(e, path, v, 'integer,string');
		else if (!s.nullable && s.type) typeInvalid(e, path, v, s.type);
		return;
	}
	if (s['x-kubernetes-int-or-string']) {
		if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) typeInvalid(e, path, v, 'integer,string');
	} else if (s.type && !typeMatches(s.type, v)) {
		typeInvalid(e, path, v, s.type);
		return;
	}
	const shown = path || '<root>';
	if (s.enum && !s.enum.some(x => JSON.stringify(x) === JSON.stringify(v)))
		e.notSupported(path, v, s.enum.map(x => (typeof x === 'string' ? x : JSON.stringify(x))));
	if (typeof v === 'number') {
		if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum))
			e.invalid(path, v, `${shown} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`);
		if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum))
			e.invalid(path, v, `${shown} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`);
	}
	if (typeof v === 'string') {
		const length = [...v].length;
		if (s.maxLength !== undefined && length > s.maxLength) e.tooLong(path, `may not be more than ${s.maxLength} bytes`);
		if (s.minLength !== undefined && length < s.minLength) e.invalid(path, v, `${shown} in body should be at least ${s.minLength} chars long`);
		if (s.pattern !== undefined) {
			const re = compilePattern(s.pattern);
			if (re && !re.test(v)) e.invalid(path, v, `${shown} in body should match '${s.pattern}'`);
		}
	}
	if (Array.isArray(v)) {
		if (s.maxItems !== undefined && v.length > s.maxItems) e.tooMany(path, v.length, s.maxItems);
		if (s.minItems !== undefined && v.length < s.minItems) e.invalid(path, v.length, `${shown} in body should have at least ${s.minItems} items`);
		if (s.items) v.forEach((item, i) => validateValue(e, item, s.items, index(path, i)));
	}
	if (isObj(v)) {
		const n = Object.keys(v).length;
		if (s.maxProperties !== undefined && n > s.maxProperties) e.tooMany(path, n, s.maxProperties);
		if (s.minProperties !== undefined && n < s.minProperties) e.invalid(path, n, `${shown} in body should have at least ${s.minProperties} properties`);
		for (const r of s.required ?? []) if (!Object.hasOwn(v, r) || v[r] === undefined) e.required(child(path, r));
		for (const [k, ps] of Object.entries(s.properties ?? {})) if (Object.hasOwn(v, k) && v[k] !== undefined && !(path === '' && k === 'metadata')) validateValue(e, v[k], ps, child(path, k));
		if (isObj(s.additionalProperties)) for (const k of Object.keys(v)) if (!declares(s, k)) validateValue(e, v[k], s.additionalProperties, child(path, k));
	}
}

const patterns = new Map<string, RegExp | null>();

/** An ECMA-262 pattern as the schema gives it (RE2 and JavaScript agree on the common subset); null when it does not compile. */
export function compilePattern(p: string): RegExp | null {
	let re = patterns.get(p);
	if (re === undefined) {
		try {
			re = new RegExp(p, 'u');
		} catch {
			try {
				re = new RegExp(p);
			} catch {
				re = null;
			}
		}
		patterns.set(p, re);
	}
	return re;
}

/** What the apiserver's strict decoder says of each unknown field. */
export function unknownFieldMessages(paths: string[]): string[] {
	return paths.map(p => `unknown field ${goQuote(p)}`);
}
