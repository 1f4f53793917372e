// The error list validation hooks write into, and what it needs: the paths of fields, how a bad
// value is printed (as Go's field.Error prints it), typed accessors that report a value of the
// wrong JSON type once and read on, and the checks many kinds share (quantities, resource
// lists, counts or percentages, data keys, base64).
import type {Cause} from '../../cluster/core/errors.js';
import {parseQuantity} from '../../cluster/core/quantity.js';
import {PERCENT_RE, QUANTITY_MESSAGE, isConfigMapKey, isPercent, isQualifiedName} from './formats.js';

export type Obj = Record<string, unknown>;

/** A Go `%#v`-like literal, printed as is in an `Invalid value:` message. */
export class GoLiteral {
	constructor(readonly text: string) {}
}

export function goQuote(s: string): string {
	return JSON.stringify(s);
}

export function goStringMap(m: Record<string, string> | undefined): GoLiteral {
	if (!m) return new GoLiteral('map[string]string(nil)');
	const body = Object.keys(m)
		.sort()
		.map(k => `${goQuote(k)}:${goQuote(m[k]!)}`)
		.join(', ');
	return new GoLiteral(`map[string]string{${body}}`);
}

/** How field.Error prints a bad value. */
export function formatValue(v: unknown): string {
	if (v instanceof GoLiteral) return v.text;
	if (v === undefined || v === null) return 'null';
	if (typeof v === 'string') return goQuote(v);
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (Array.isArray(v)) return `[]interface {}{${v.map(formatValue).join(', ')}}`;
	const o = v as Obj;
	const body = Object.keys(o)
		.sort()
		.map(k => `${goQuote(k)}:${formatValue(o[k])}`)
		.join(', ');
	return `map[string]interface {}{${body}}`;
}

function jsonType(v: unknown): string {
	if (v === null || v === undefined) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return typeof v;
}

export function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isIntOrString = (v: unknown): v is number | string => isString(v) || isInteger(v);

const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;
// the int64 bounds as doubles: 2^63 itself is out of range
const INT64 = [-(2 ** 63), 2 ** 63 - 1024] as const;

/**
 * The reason of a cause that the real server reports from its decoder, not from validation: a
 * number that does not fit the field's Go type. The object is refused with 400, not 422.
 */
export const DECODE_ERROR = 'DecodeError';

/** A number as it was written in JSON (Go prints the literal): 1e308, not 1e+308. */
function goNumber(v: number): string {
	return String(v).replace('e+', 'e');
}

export const child = (path: string, name: string) => (path ? `${path}.${name}` : name);
export const index = (path: string, i: number) => `${path}[${i}]`;
export const key = (path: string, k: string) => `${path}[${k}]`;

// ---------------------------------------------------------------------------------------------
// The error list, with typed accessors that report a wrong JSON type once and read on.

export class FieldErrors {
	readonly list: Cause[] = [];

	private push(reason: string, field: string, message: string): void {
		this.list.push({reason, message, field});
	}

	required(field: string, detail = ''): void {
		this.push('FieldValueRequired', field, detail ? `Required value: ${detail}` : 'Required value');
	}

	invalid(field: string, value: unknown, detail: string): void {
		this.push('FieldValueInvalid', field, `Invalid value: ${formatValue(value)}${detail ? `: ${detail}` : ''}`);
	}

	/** An Invalid cause that shows no value, as Go's field.OmitValueType. */
	invalidOmitted(field: string, detail: string): void {
		this.push('FieldValueInvalid', field, `Invalid value: ${detail}`);
	}

	tooMany(field: string, actual: number, max: number): void {
		this.push('FieldValueTooMany', field, `Too many: ${actual}: must have at most ${max} items`);
	}

	notSupported(field: string, value: unknown, supported: readonly string[]): void {
		const detail = supported.length ? `: supported values: ${supported.map(goQuote).join(', ')}` : '';
		this.push('FieldValueNotSupported', field, `Unsupported value: ${formatValue(value)}${detail}`);
	}

	duplicate(field: string, value: unknown): void {
		this.push('FieldValueDuplicate', field, `Duplicate value: ${formatValue(value)}`);
	}

	notFound(field: string, value: unknown): void {
		this.push('FieldValueNotFound', field, `Not found: ${formatValue(value)}`);
	}

	forbidden(field: string, detail: string): void {
		this.push('FieldValueForbidden', field, `Forbidden: ${detail}`);
	}

	tooLong(field: string, detail: string): void {
		this.push('FieldValueTooLong', field, `Too long: ${detail}`);
	}

	typeInvalid(field: string, value: unknown, expected: string): void {
		const actual = jsonType(value);
		const shown = actual === 'object' || actual === 'array' ? goQuote(actual) : formatValue(value);
		this.push('FieldValueTypeInvalid', field, `Invalid value: ${shown}: ${field} in body must be of type ${expected}: ${goQuote(actual)}`);
	}

	/** Each message of a format check as an Invalid cause. */
	each(field: string, value: unknown, msgs: string[]): boolean {
		for (const m of msgs) this.invalid(field, value, m);
		return msgs.length === 0;
	}

	/** `v` when it is of the type `is` checks; absent reads as undefined, another type is reported. */
	private typed<T>(v: unknown, field: string, is: (v: unknown) => v is T, expected: string): T | undefined {
		if (v === undefined || v === null) return undefined;
		if (is(v)) return v;
		this.typeInvalid(field, v, expected);
		return undefined;
	}

	obj(v: unknown, field: string): Obj | undefined {
		return this.typed(v, field, isObj, 'object');
	}

	arr(v: unknown, field: string): unknown[] | undefined {
		return this.typed(v, field, Array.isArray, 'array');
	}

	str(v: unknown, field: string): string | undefined {
		return this.typed(v, field, isString, 'string');
	}

	/**
	 * An int32 field. A whole number out of its range (2147483648, 1e308) fails as the real
	 * server's JSON decoder fails on it, before any validation: see decodeFailure.
	 */
	int(v: unknown, field: string): number | undefined {
		return this.sized(v, field, 'int32');
	}

	/** An int64 field (grace periods, deadlines, toleration seconds). */
	int64(v: unknown, field: string): number | undefined {
		return this.sized(v, field, 'int64');
	}

	private sized(v: unknown, field: string, type: 'int32' | 'int64'): number | undefined {
		if (typeof v === 'number' && Number.isInteger(v)) {
			const [min, max] = type === 'int32' ? INT32 : INT64;
			if (v >= min && v <= max) return v;
			this.list.push({reason: DECODE_ERROR, field, message: `json: cannot unmarshal number ${goNumber(v)} into Go struct field ${field} of type ${type}`});
			return undefined;
		}
		return this.typed(v, field, isInteger, 'integer');
	}

	bool(v: unknown, field: string): boolean | undefined {
		return this.typed(v, field, isBoolean, 'boolean');
	}

	intOrString(v: unknown, field: string): number | string | undefined {
		return this.typed(v, field, isIntOrString, 'integer-or-string');
	}

	/** A map of strings (labels, annotations, ConfigMap data); entries of another type are reported and dropped. */
	strMap(v: unknown, field: string): Record<string, string> | undefined {
		const o = this.obj(v, field);
		if (!o) return undefined;
		const out: Record<string, string> = {};
		for (const [k, val] of Object.entries(o)) {
			if (val === null || val === undefined) continue;
			if (typeof val === 'string') out[k] = val;
			else this.typeInvalid(key(field, k), val, 'string');
		}
		return out;
	}

	/**
	 * A list of strings. A null element decodes as the empty string, as Go's decoder reads
	 * `[null]` into a []string, and is stored so.
	 */
	strList(v: unknown, field: string): string[] | undefined {
		const a = this.arr(v, field);
		if (!a) return undefined;
		const out: string[] = [];
		a.forEach((item, i) => {
			if (item === null || item === undefined) a[i] = item = '';
			const s = this.str(item, index(field, i));
			if (s !== undefined) out.push(s);
		});
		return out;
	}

	/** Array elements that are objects, with their paths. A null element reads as an empty object. */
	objList(v: unknown, field: string): Array<[Obj, string]> {
		const a = this.arr(v, field);
		if (!a) return [];
		const out: Array<[Obj, string]> = [];
		a.forEach((item, i) => {
			const p = index(field, i);
			const o = item === null || item === undefined ? {} : this.obj(item, p);
			if (o) out.push([o, p]);
		});
		return out;
	}

	nonNegative(v: unknown, field: string, type: 'int32' | 'int64' = 'int32'): number | undefined {
		const n = this.sized(v, field, type);
		if (n !== undefined && n < 0) this.invalid(field, n, 'must be greater than or equal to 0');
		return n;
	}

	oneOf(v: unknown, field: string, supported: readonly string[]): string | undefined {
		const s = this.str(v, field);
		if (s !== undefined && !supported.includes(s)) this.notSupported(field, s, supported);
		return s;
	}
}

// ---------------------------------------------------------------------------------------------
// Checks several kinds share.

export const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** A quantity as the API prints it back. */
export function quantityString(v: string | number): string {
	return typeof v === 'number' ? String(v) : v.trim();
}

export function isValidQuantity(v: string | number): boolean {
	if (typeof v === 'number') return Number.isFinite(v);
	if (v !== v.trim() || v === '') return false;
	return Number.isFinite(parseQuantity(v));
}

/** A ResourceList (`limits`, `requests`): names and quantities. Returns the parsed values. */
export function resourceList(e: FieldErrors, raw: unknown, p: string, forContainer: boolean): Map<string, {value: number; text: string}> {
	const out = new Map<string, {value: number; text: string}>();
	const o = e.obj(raw, p);
	if (!o) return out;
	for (const [name, q] of Object.entries(o)) {
		if (q === null || q === undefined) continue;
		if (forContainer) {
			const standard = STANDARD_CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-');
			if (!standard && !name.includes('/')) {
				e.invalid(key(p, name), name, 'must be a standard resource for containers');
				continue;
			}
			if (name.includes('/')) e.each(key(p, name), name, isQualifiedName(name));
		}
		if (typeof q !== 'string' && typeof q !== 'number') {
			e.typeInvalid(child(p, name), q, 'string');
			continue;
		}
		if (!isValidQuantity(q)) {
			e.invalid(child(p, name), q, QUANTITY_MESSAGE);
			continue;
		}
		const value = parseQuantity(q);
		const text = quantityString(q);
		if (value < 0) {
			e.invalid(key(p, name), text, 'must be greater than or equal to 0');
			continue;
		}
		out.set(name, {value, text});
	}
	return out;
}

/** The number of a count or of a valid percentage (`25%`: 25). */
export function percentValue(v: number | string | undefined): number | undefined {
	if (v === undefined) return undefined;
	if (typeof v === 'number') return v;
	return PERCENT_RE.test(v) ? Number(v.slice(0, -1)) : undefined;
}

/** maxSurge, maxUnavailable, minAvailable: a non-negative count or a percentage. */
export function intOrPercent(e: FieldErrors, raw: unknown, p: string): number | string | undefined {
	const v = e.intOrString(raw, p);
	if (typeof v === 'string') {
		e.each(p, v, isPercent(v));
	} else if (v !== undefined && v < 0) {
		e.invalid(p, v, 'must be greater than or equal to 0');
	}
	return v;
}

/** A percentage above 100%. */
export function notMoreThan100Percent(e: FieldErrors, v: number | string | undefined, p: string): void {
	if (typeof v === 'string' && PERCENT_RE.test(v) && Number(v.slice(0, -1)) > 100) e.invalid(p, v, 'must not be greater than 100%');
}

/** Keys of ConfigMap and Secret data. */
export function dataKeys(e: FieldErrors, m: Record<string, string> | undefined, field: string): void {
	for (const k of Object.keys(m ?? {})) e.each(key(field, k), k, isConfigMapKey(k));
}

/** The most a ConfigMap's or a Secret's data may hold (core.MaxSecretSize, 1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;

/** How many bytes base64 text decodes to (line breaks and padding not counted). */
export function base64Bytes(text: string): number {
	let chars = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 61) chars++;
	}
	return Math.floor((chars * 3) / 4);
}

/** Offset of the first byte Go's strict base64 decoder rejects, or -1 when the text decodes. */
export function base64ErrorOffset(text: string): number {
	const chars: Array<[string, number]> = [];
	for (let i = 0; i < text.length; i++) if (text[i] !== '\r' && text[i] !== '\n') chars.push([text[i]!, i]);
	const at = (n: number) => (n < chars.length ? chars[n]![1] : text.length);
	let n = 0;
	while (n < chars.length) {
		// One quantum of four characters.
		for (let j = 0; j < 4; j++) {
			if (n + j >= chars.length) return j === 0 ? -1 : at(n);
			const c = chars[n + j]![0];
			if (c === '=') {
				if (j < 2) return at(n + j);
				if (j === 2) {
					if (n + 3 >= chars.length || chars[n + 3]![0] !== '=') return at(Math.min(n + 3, chars.length));
				}
				// Padding ends the input.
				const end = n + 4;
				return end < chars.length ? at(end) : -1;
			}
			if (!/[A-Za-z0-9+/]/.test(c)) return at(n + j);
		}
		n += 4;
	}
	return -1;
}

/** A validate hook for what is under `spec`: `{}` when absent; something else than an object is reported. */
export function specRules(check: (e: FieldErrors, spec: Obj) => void): (e: FieldErrors, obj: Obj) => void {
	return (e, obj) => {
		const spec = obj.spec === undefined || obj.spec === null ? {} : e.obj(obj.spec, 'spec');
		if (spec) check(e, spec);
	};
}

/** A JSON value absent as Go reads it: undefined, null or an empty list (nil and empty slices compare equal). */
function absent(v: unknown): boolean {
	return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

/** Semantic equality of decoded JSON, in the spirit of apimachinery's: key order and absent values do not count. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (absent(a) && absent(b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) || Array.isArray(b)) {
		if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
		return true;
	}
	const x = a as Obj;
	const y = b as Obj;
	for (const k in x) if (!sameValue(x[k], y[k])) return false;
	for (const k in y) if (!(k in x) && !absent(y[k])) return false;
	return true;
}
