// What the apiserver's strict decoding finds in an object of a served kind, checked against the
// kind's schema: the first value of the wrong JSON type (a decoding error, reported as Go's JSON
// decoder words it), and every unknown field, by its path (`spec.template.spec.containers[0].x`),
// in document order. Unknown fields are removed from the object in place, as typed decoding
// drops them.
import {type Catalogue, type FieldType, definitions} from './definitions.js';

export interface StrictResult {
	/** `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`. */
	typeError?: string;
	/** The same problem as the unstructured converter (strategic merge patches) words it: `unrecognized type: int32`. */
	conversionError?: string;
	/** Paths of the unknown fields, in document order. */
	unknown: string[];
}


interface Walk {
	c: Catalogue;
	result: StrictResult;
	/**
	 * Paths as server-side apply prints them: a leading dot, and the elements of a list merged
	 * by a key named by that key (`.spec.containers[name="web"].x`).
	 */
	applyPaths?: boolean;
	/** Unknown fields to leave alone: those the stored object already holds (fields the simulator keeps). */
	keep?: ReadonlySet<string>;
}

/** Checks `obj` (a decoded body of the class `cls`) and drops its unknown fields. */
export function strictCheck(cls: string, obj: Record<string, unknown>, opts: {applyPaths?: boolean; keep?: ReadonlySet<string>} = {}): StrictResult {
	const w: Walk = {c: definitions(), result: {unknown: []}, applyPaths: opts.applyPaths, keep: opts.keep};
	walkModel(w, cls, obj, '', []);
	return w.result;
}

function jsonKind(v: unknown): string {
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return 'number';
	if (typeof v === 'boolean') return 'bool';
	if (typeof v === 'string') return 'string';
	return 'object';
}

function goType(w: Walk, t: FieldType): string {
	switch (t.t) {
		case 'string':
			return t.format === 'byte' ? '[]uint8' : 'string';
		case 'integer':
			return t.format;
		case 'number':
			return 'float64';
		case 'boolean':
			return 'bool';
		case 'time':
			return t.micro ? 'v1.MicroTime' : 'v1.Time';
		case 'intOrString':
			return 'intstr.IntOrString';
		case 'quantity':
			return 'resource.Quantity';
		case 'any':
			return 'interface {}';
		case 'model': {
			const d = w.c.defs.get(t.name);
			return d ? `${d.goPackage}.${d.short}` : 'struct';
		}
		case 'array':
			return `[]${goType(w, t.items)}`;
		case 'map':
			return `map[string]${goType(w, t.values)}`;
	}
}

function typeError(w: Walk, value: unknown, struct: string, stack: string[], t: FieldType, what = jsonKind(value)): void {
	if (w.result.typeError) return;
	w.result.typeError = `json: cannot unmarshal ${what} into Go struct field ${struct}.${stack.join('.')} of type ${goType(w, t)}`;
	w.result.conversionError = conversionError(w, value, t);
}

/** What the unstructured converter says when a decoded value does not fit a Go type. */
function conversionError(w: Walk, value: unknown, t: FieldType): string {
	const from = Array.isArray(value) ? 'slice' : typeof value === 'object' ? 'map' : typeof value === 'number' ? (Number.isInteger(value) ? 'int64' : 'float64') : typeof value === 'boolean' ? 'bool' : 'string';
	if (t.t === 'model') return `cannot restore struct from: ${from}`;
	if (t.t === 'array') return `cannot restore slice from ${from}`;
	if (t.t === 'map') return `cannot restore map from ${from}`;
	const to = goType(w, t);
	// numbers convert to strings in Go, so the converter gets further before it gives up
	if ((from === 'int64' || from === 'float64') && (to === 'string' || to === 'bool')) return `cannot convert ${from} to ${to}`;
	return `unrecognized type: ${to}`;
}

function walkModel(w: Walk, cls: string, obj: Record<string, unknown>, path: string, stack: string[]): void {
	const d = w.c.defs.get(cls);
	if (!d) return;
	for (const key of Object.keys(obj)) {
		const p = path || w.applyPaths ? `${path}.${key}` : key;
		const f = d.fields.get(key);
		if (!f) {
			if (w.keep?.has(p)) continue;
			w.result.unknown.push(p);
			delete obj[key];
			continue;
		}
		const merge = w.applyPaths ? w.c.mergeOf(cls, key) : undefined;
		walkValue(w, f.parsed, obj[key], p, [...stack, key], d.short, merge?.type === 'merge' ? merge.key : undefined);
	}
}

/** A value of type `t` at `path`; `struct` (the Go type holding the field) and `stack` say where it sits for a type error. */
function walkValue(w: Walk, t: FieldType, v: unknown, path: string, stack: string[], struct: string, mergeKey?: string): void {
	if (v === null || v === undefined) return;
	switch (t.t) {
		case 'string':
			if (typeof v === 'string') return;
			return typeError(w, v, struct, stack, t);
		case 'integer':
			if (typeof v === 'number' && Number.isInteger(v)) return;
			return typeError(w, v, struct, stack, t, typeof v === 'number' ? `number ${goNumber(v)}` : jsonKind(v));
		case 'number':
			if (typeof v === 'number') return;
			return typeError(w, v, struct, stack, t);
		case 'boolean':
			if (typeof v === 'boolean') return;
			return typeError(w, v, struct, stack, t);
		case 'time':
		case 'intOrString':
		case 'quantity':
		case 'any':
			return;
		case 'model':
			if (typeof v !== 'object' || Array.isArray(v)) return typeError(w, v, struct, stack, t);
			return walkModel(w, t.name, v as Record<string, unknown>, path, stack);
		case 'array':
			if (!Array.isArray(v)) return typeError(w, v, struct, stack, t);
			v.forEach((item, i) => walkValue(w, t.items, item, `${path}[${elementKey(item, i, mergeKey)}]`, stack, struct));
			return;
		case 'map':
			if (typeof v !== 'object' || Array.isArray(v)) return typeError(w, v, struct, stack, t);
			for (const [k, item] of Object.entries(v as Record<string, unknown>)) walkValue(w, t.values, item, `${path}[${k}]`, stack, struct);
			return;
	}
}

/** How a list element is named in a path: by its merge key when it has one (`name="web"`), else by its index. */
function elementKey(item: unknown, i: number, mergeKey: string | undefined): string {
	const v = mergeKey && item && typeof item === 'object' ? (item as Record<string, unknown>)[mergeKey] : undefined;
	if (typeof v === 'string') return `${mergeKey}=${JSON.stringify(v)}`;
	if (typeof v === 'number') return `${mergeKey}=${v}`;
	return String(i);
}

/** A float as Go's JSON decoder quotes it back (the literal as sent). */
function goNumber(n: number): string {
	return String(n);
}
