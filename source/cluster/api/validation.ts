// Object validation with the API server's field paths and messages. `validate` accepts an
// object as a user wrote it (before defaults) as well as one the server has defaulted, checks
// the types of the fields it reads, and returns every problem it finds, in field order.
import {isIP} from 'node:net';
import type {KObject} from '../types.js';
import type {Cause} from '../core/errors.js';
import {kindInfo} from '../../kinds/index.js';
import {fromLabelSelector, matches} from '../core/selectors.js';
import {parseQuantity} from '../core/quantity.js';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Formats and messages of k8s.io/apimachinery's validation helpers.

function regexError(msg: string, fmt: string, ...examples: string[]): string {
	if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
	let out = `${msg} (e.g. `;
	examples.forEach((ex, i) => {
		if (i > 0) out += ' or ';
		out += `'${ex}', `;
	});
	return `${out}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;
const EMPTY_ERROR = 'must be non-empty';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const PERCENT_FMT = '[0-9]+%';
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'";
const WILDCARD_SUBDOMAIN_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_SUBDOMAIN_MSG = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const HTTP_HEADER_FMT = '[-A-Za-z0-9]+';
const HTTP_HEADER_MSG = "a valid HTTP header must consist of alphanumeric characters or '-'";

const anchored = (fmt: string) => new RegExp(`^(?:${fmt})$`);
const DNS1123_LABEL_RE = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = anchored(DNS1035_LABEL_FMT);
const QUALIFIED_NAME_RE = anchored(QUALIFIED_NAME_FMT);
const LABEL_VALUE_RE = anchored(LABEL_VALUE_FMT);
const ENV_VAR_NAME_RE = anchored(ENV_VAR_NAME_FMT);
const CONFIG_KEY_RE = anchored(CONFIG_KEY_FMT);
const PERCENT_RE = anchored(PERCENT_FMT);
const WILDCARD_SUBDOMAIN_RE = anchored(WILDCARD_SUBDOMAIN_FMT);
const HTTP_HEADER_RE = anchored(HTTP_HEADER_FMT);

export const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export function isDNS1123Label(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 63) errs.push(maxLenError(63));
	if (!DNS1123_LABEL_RE.test(v)) errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
	return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 253) errs.push(maxLenError(253));
	if (!DNS1123_SUBDOMAIN_RE.test(v)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
	return errs;
}

export function isDNS1035Label(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 63) errs.push(maxLenError(63));
	if (!DNS1035_LABEL_RE.test(v)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
	return errs;
}

function isWildcardSubdomain(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 253) errs.push(maxLenError(253));
	if (!WILDCARD_SUBDOMAIN_RE.test(v)) errs.push(regexError(WILDCARD_SUBDOMAIN_MSG, WILDCARD_SUBDOMAIN_FMT, '*.example.com'));
	return errs;
}

/** Names used in URL paths (HPA names, scale target kinds): anything but `.`, `..`, `/` and `%`. */
export function isPathSegmentName(v: string): string[] {
	if (v === '.' || v === '..') return [`may not be '${v}'`];
	const errs: string[] = [];
	for (const ch of ['/', '%']) if (v.includes(ch)) errs.push(`may not contain '${ch}'`);
	return errs;
}

/** Label keys, annotation keys, taint keys: `[prefix/]name`. */
export function isQualifiedName(v: string): string[] {
	const errs: string[] = [];
	const parts = v.split('/');
	let name: string;
	if (parts.length === 1) {
		name = parts[0]!;
	} else if (parts.length === 2) {
		const prefix = parts[0]!;
		name = parts[1]!;
		if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
		else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
	} else {
		return [
			`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		];
	}
	if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
	else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
	if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
	return errs;
}

export function isValidLabelValue(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 63) errs.push(maxLenError(63));
	if (!LABEL_VALUE_RE.test(v)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
	return errs;
}

/** IANA service names, as container and service port names. */
export function isValidPortName(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 15) errs.push('must be no more than 15 characters');
	if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
	if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
	if (v.includes('--')) errs.push('must not contain consecutive hyphens');
	if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) errs.push('must not begin or end with a hyphen');
	return errs;
}

export function isValidPortNum(n: number): string[] {
	return n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

function dotPrefixErrors(v: string): string[] {
	if (v === '.') return ["must not be '.'"];
	if (v === '..') return ["must not be '..'"];
	if (v.startsWith('..')) return ["must not start with '..'"];
	return [];
}

export function isEnvVarName(v: string): string[] {
	const errs: string[] = [];
	if (!ENV_VAR_NAME_RE.test(v)) errs.push(regexError(ENV_VAR_NAME_MSG, ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
	return [...errs, ...dotPrefixErrors(v)];
}

export function isConfigMapKey(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 253) errs.push(maxLenError(253));
	if (!CONFIG_KEY_RE.test(v)) errs.push(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
	return [...errs, ...dotPrefixErrors(v)];
}

function isValidIP(v: string): boolean {
	return isIP(v) !== 0;
}

function isValidCIDR(v: string): boolean {
	const slash = v.indexOf('/');
	if (slash < 0) return false;
	const ip = v.slice(0, slash);
	const bits = v.slice(slash + 1);
	const family = isIP(ip);
	if (!family || !/^[0-9]+$/.test(bits)) return false;
	return Number(bits) <= (family === 4 ? 32 : 128);
}

/** A Go `%#v`-like literal, printed as is in an `Invalid value:` message. */
class GoLiteral {
	constructor(readonly text: string) {}
}

function goQuote(s: string): string {
	return JSON.stringify(s);
}

function goStringMap(m: Record<string, string> | undefined): GoLiteral {
	if (!m) return new GoLiteral('map[string]string(nil)');
	const body = Object.keys(m)
		.sort()
		.map(k => `${goQuote(k)}:${goQuote(m[k]!)}`)
		.join(', ');
	return new GoLiteral(`map[string]string{${body}}`);
}

/** How field.Error prints a bad value. */
function formatValue(v: unknown): string {
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

function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const child = (path: string, name: string) => (path ? `${path}.${name}` : name);
const index = (path: string, i: number) => `${path}[${i}]`;
const key = (path: string, k: string) => `${path}[${k}]`;

// ---------------------------------------------------------------------------------------------
// The error list, with typed accessors that report a wrong JSON type once and read on.

class Errs {
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

	obj(v: unknown, field: string): Obj | undefined {
		if (v === undefined || v === null) return undefined;
		if (isObj(v)) return v;
		this.typeInvalid(field, v, 'object');
		return undefined;
	}

	arr(v: unknown, field: string): unknown[] | undefined {
		if (v === undefined || v === null) return undefined;
		if (Array.isArray(v)) return v;
		this.typeInvalid(field, v, 'array');
		return undefined;
	}

	str(v: unknown, field: string): string | undefined {
		if (v === undefined || v === null) return undefined;
		if (typeof v === 'string') return v;
		this.typeInvalid(field, v, 'string');
		return undefined;
	}

	int(v: unknown, field: string): number | undefined {
		if (v === undefined || v === null) return undefined;
		if (typeof v === 'number' && Number.isInteger(v)) return v;
		this.typeInvalid(field, v, 'integer');
		return undefined;
	}

	bool(v: unknown, field: string): boolean | undefined {
		if (v === undefined || v === null) return undefined;
		if (typeof v === 'boolean') return v;
		this.typeInvalid(field, v, 'boolean');
		return undefined;
	}

	intOrString(v: unknown, field: string): number | string | undefined {
		if (v === undefined || v === null) return undefined;
		if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return v;
		this.typeInvalid(field, v, 'integer-or-string');
		return undefined;
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

	strList(v: unknown, field: string): string[] | undefined {
		const a = this.arr(v, field);
		if (!a) return undefined;
		const out: string[] = [];
		a.forEach((item, i) => {
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

	nonNegative(v: unknown, field: string): number | undefined {
		const n = this.int(v, field);
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
// Metadata.

type NameCheck = (name: string) => string[];

const cronJobName: NameCheck = n => {
	const errs = isDNS1123Subdomain(n);
	if (n.length > 52) errs.push('must be no more than 52 characters');
	return errs;
};

function nameCheck(kind: string): NameCheck {
	switch (kind) {
		case 'Namespace':
			return isDNS1123Label;
		case 'Service':
			return isDNS1035Label;
		case 'HorizontalPodAutoscaler':
			return isPathSegmentName;
		case 'CronJob':
			return cronJobName;
		default:
			return isDNS1123Subdomain;
	}
}

function labels(e: Errs, raw: unknown, path: string): Record<string, string> | undefined {
	const m = e.strMap(raw, path);
	if (!m) return undefined;
	for (const [k, v] of Object.entries(m)) {
		e.each(path, k, isQualifiedName(k));
		e.each(path, v, isValidLabelValue(v));
	}
	return m;
}

function annotations(e: Errs, raw: unknown, path: string): void {
	const m = e.strMap(raw, path);
	if (!m) return;
	let size = 0;
	for (const [k, v] of Object.entries(m)) {
		e.each(path, k, isQualifiedName(k.toLowerCase()));
		size += k.length + v.length;
	}
	if (size > 256 * 1024) e.tooLong(path, `must have at most ${256 * 1024} bytes`);
}

function objectMeta(e: Errs, obj: Obj, kind: string, namespaced: boolean | undefined): void {
	if (obj.metadata === undefined || obj.metadata === null) {
		e.required('metadata.name', 'name or generateName is required');
		return;
	}
	const meta = e.obj(obj.metadata, 'metadata');
	if (!meta) return;
	const check = nameCheck(kind);
	const name = e.str(meta.name, 'metadata.name');
	const generateName = e.str(meta.generateName, 'metadata.generateName');
	if (generateName) {
		const prefix = generateName.endsWith('-') ? generateName.slice(0, -1) : generateName;
		e.each('metadata.generateName', generateName, check(prefix));
	}
	if (name) e.each('metadata.name', name, check(name));
	else if (!generateName && (meta.name === undefined || meta.name === null || meta.name === '')) {
		e.required('metadata.name', 'name or generateName is required');
	}
	const ns = e.str(meta.namespace, 'metadata.namespace');
	if (ns) {
		if (namespaced === false) e.forbidden('metadata.namespace', 'not allowed on this type');
		else e.each('metadata.namespace', ns, isDNS1123Label(ns));
	}
	labels(e, meta.labels, 'metadata.labels');
	annotations(e, meta.annotations, 'metadata.annotations');
	const finalizers = e.strList(meta.finalizers, 'metadata.finalizers');
	finalizers?.forEach((f, i) => e.each(index('metadata.finalizers', i), f, isQualifiedName(f)));
	for (const [o, p] of e.objList(meta.ownerReferences, 'metadata.ownerReferences')) {
		for (const f of ['apiVersion', 'kind', 'name', 'uid']) {
			const v = e.str(o[f], child(p, f));
			if (!v) e.required(child(p, f));
		}
		e.bool(o.controller, child(p, 'controller'));
		e.bool(o.blockOwnerDeletion, child(p, 'blockOwnerDeletion'));
	}
}

// ---------------------------------------------------------------------------------------------
// Selectors.

function selectorRequirement(e: Errs, o: Obj, p: string, ops: 'label' | 'node'): void {
	const k = e.str(o.key, child(p, 'key'));
	const op = e.str(o.operator, child(p, 'operator'));
	const values = e.strList(o.values, child(p, 'values')) ?? [];
	if (op === 'In' || op === 'NotIn') {
		if (values.length === 0) e.required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
	} else if (op === 'Exists' || op === 'DoesNotExist') {
		if (values.length > 0) e.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
	} else if (ops === 'node' && (op === 'Gt' || op === 'Lt')) {
		if (values.length !== 1) e.required(child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'");
	} else {
		e.invalid(child(p, 'operator'), op ?? '', 'not a valid selector operator');
	}
	e.each(child(p, 'key'), k ?? '', isQualifiedName(k ?? ''));
	if (ops === 'label') values.forEach((v, i) => e.each(index(child(p, 'values'), i), v, isValidLabelValue(v)));
}

/** A metav1.LabelSelector. Returns it when it is well formed. */
function labelSelector(e: Errs, raw: unknown, p: string): Obj | undefined {
	const sel = e.obj(raw, p);
	if (!sel) return undefined;
	const before = e.list.length;
	labels(e, sel.matchLabels, child(p, 'matchLabels'));
	for (const [o, ep] of e.objList(sel.matchExpressions, child(p, 'matchExpressions'))) selectorRequirement(e, o, ep, 'label');
	return e.list.length === before ? sel : undefined;
}

function selectorIsEmpty(sel: Obj): boolean {
	const ml = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
	const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
	return ml === 0 && me === 0;
}

const EMPTY_SELECTOR = new GoLiteral('v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}');

// ---------------------------------------------------------------------------------------------
// Pods.

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function quantityString(v: string | number): string {
	return typeof v === 'number' ? String(v) : v.trim();
}

function isValidQuantity(v: string | number): boolean {
	if (typeof v === 'number') return Number.isFinite(v);
	if (v !== v.trim() || v === '') return false;
	return Number.isFinite(parseQuantity(v));
}

/** A ResourceList (`limits`, `requests`): names and quantities. Returns the parsed values. */
function resourceList(e: Errs, raw: unknown, p: string, forContainer: boolean): Map<string, {value: number; text: string}> {
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

function isOvercommitAllowed(name: string): boolean {
	return STANDARD_CONTAINER_RESOURCES.includes(name);
}

function resourceRequirements(e: Errs, raw: unknown, p: string): void {
	const r = e.obj(raw, p);
	if (!r) return;
	const limits = resourceList(e, r.limits, child(p, 'limits'), true);
	const requests = resourceList(e, r.requests, child(p, 'requests'), true);
	for (const [name, req] of requests) {
		const lim = limits.get(name);
		if (!lim) continue;
		if (!isOvercommitAllowed(name) && req.value !== lim.value) {
			e.invalid(child(p, 'requests'), req.text, `must be equal to ${name} limit of ${lim.text}`);
		} else if (req.value > lim.value) {
			e.invalid(child(p, 'requests'), req.text, `must be less than or equal to ${name} limit of ${lim.text}`);
		}
	}
}

function portNumOrName(e: Errs, raw: unknown, p: string): void {
	const v = e.intOrString(raw, p);
	if (typeof v === 'number' || v === undefined) {
		e.each(p, v ?? 0, isValidPortNum(v ?? 0));
	} else {
		e.each(p, v, isValidPortName(v));
	}
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function probe(e: Errs, raw: unknown, p: string, kind: 'liveness' | 'readiness' | 'startup'): void {
	const o = e.obj(raw, p);
	if (!o) return;
	const present = PROBE_HANDLERS.filter(h => o[h] !== undefined && o[h] !== null);
	if (present.length === 0) e.required(p, 'must specify a handler type');
	for (const h of present.slice(1)) e.forbidden(child(p, h), 'may not specify more than 1 handler type');
	const exec = e.obj(o.exec, child(p, 'exec'));
	if (exec) {
		const cmd = e.strList(exec.command, child(p, 'exec.command'));
		if (!cmd || cmd.length === 0) e.required(child(p, 'exec.command'));
	}
	const http = e.obj(o.httpGet, child(p, 'httpGet'));
	if (http) {
		const hp = child(p, 'httpGet');
		e.str(http.path, child(hp, 'path'));
		portNumOrName(e, http.port, child(hp, 'port'));
		e.str(http.host, child(hp, 'host'));
		const scheme = e.str(http.scheme, child(hp, 'scheme'));
		if (scheme !== undefined && scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') e.notSupported(child(hp, 'scheme'), scheme, ['HTTP', 'HTTPS']);
		for (const [h, pp] of e.objList(http.httpHeaders, child(hp, 'httpHeaders'))) {
			const name = e.str(h.name, child(pp, 'name')) ?? '';
			if (!HTTP_HEADER_RE.test(name)) e.invalid(child(pp, 'name'), name, regexError(HTTP_HEADER_MSG, HTTP_HEADER_FMT, 'X-Header-Name'));
			e.str(h.value, child(pp, 'value'));
		}
	}
	const tcp = e.obj(o.tcpSocket, child(p, 'tcpSocket'));
	if (tcp) portNumOrName(e, tcp.port, child(p, 'tcpSocket.port'));
	const grpc = e.obj(o.grpc, child(p, 'grpc'));
	if (grpc) {
		const port = e.int(grpc.port, child(p, 'grpc.port'));
		e.each(child(p, 'grpc.port'), port ?? 0, isValidPortNum(port ?? 0));
		e.str(grpc.service, child(p, 'grpc.service'));
	}
	for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
		e.nonNegative(o[f], child(p, f));
	}
	const success = o.successThreshold;
	if ((kind === 'liveness' || kind === 'startup') && typeof success === 'number' && success !== 0 && success !== 1) {
		e.invalid(child(p, 'successThreshold'), success, 'must be 1');
	}
	const grace = e.int(o.terminationGracePeriodSeconds, child(p, 'terminationGracePeriodSeconds'));
	if (grace !== undefined && grace <= 0) e.invalid(child(p, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0');
}

const FIELD_REF_PATHS = [
	'metadata.name',
	'metadata.namespace',
	'metadata.uid',
	'spec.nodeName',
	'spec.serviceAccountName',
	'status.hostIP',
	'status.hostIPs',
	'status.podIP',
	'status.podIPs',
];
const RESOURCE_FIELD_REFS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

function keySelector(e: Errs, raw: unknown, p: string): void {
	const o = e.obj(raw, p);
	if (!o) return;
	const name = e.str(o.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'));
	const k = e.str(o.key, child(p, 'key'));
	if (!k) e.required(child(p, 'key'));
	else e.each(child(p, 'key'), k, isConfigMapKey(k));
	e.bool(o.optional, child(p, 'optional'));
}

function envVar(e: Errs, o: Obj, p: string): void {
	const name = e.str(o.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'));
	else e.each(child(p, 'name'), name, isEnvVarName(name));
	const value = e.str(o.value, child(p, 'value'));
	const vfp = child(p, 'valueFrom');
	const from = e.obj(o.valueFrom, vfp);
	if (!from) return;
	const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(s => from[s] !== undefined && from[s] !== null);
	if (sources.length === 0) {
		e.invalid(vfp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
	} else if (value) {
		e.invalid(vfp, '', 'may not be specified when `value` is not empty');
	} else if (sources.length > 1) {
		e.invalid(vfp, '', 'may not have more than one field specified at a time');
	}
	const fieldRef = e.obj(from.fieldRef, child(vfp, 'fieldRef'));
	if (fieldRef) {
		const fp = child(vfp, 'fieldRef.fieldPath');
		const path = e.str(fieldRef.fieldPath, fp);
		e.str(fieldRef.apiVersion, child(vfp, 'fieldRef.apiVersion'));
		if (!path) e.required(fp);
		else {
			const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
			if (m) e.each(fp, m[2]!, isQualifiedName(m[1] === 'annotations' ? m[2]!.toLowerCase() : m[2]!));
			else if (!FIELD_REF_PATHS.includes(path)) e.notSupported(fp, path, FIELD_REF_PATHS);
		}
	}
	const resRef = e.obj(from.resourceFieldRef, child(vfp, 'resourceFieldRef'));
	if (resRef) {
		const rp = child(vfp, 'resourceFieldRef.resource');
		const res = e.str(resRef.resource, rp);
		if (!res) e.required(rp);
		else if (!RESOURCE_FIELD_REFS.includes(res)) e.notSupported(rp, res, RESOURCE_FIELD_REFS);
		e.str(resRef.containerName, child(vfp, 'resourceFieldRef.containerName'));
	}
	keySelector(e, from.configMapKeyRef, child(vfp, 'configMapKeyRef'));
	keySelector(e, from.secretKeyRef, child(vfp, 'secretKeyRef'));
}

function envFrom(e: Errs, raw: unknown, p: string): void {
	for (const [o, ip] of e.objList(raw, p)) {
		const prefix = e.str(o.prefix, child(ip, 'prefix'));
		if (prefix) e.each(child(ip, 'prefix'), prefix, isEnvVarName(prefix));
		let sources = 0;
		for (const src of ['configMapRef', 'secretRef']) {
			const ref = e.obj(o[src], child(ip, src));
			if (!ref) continue;
			sources++;
			const name = e.str(ref.name, child(ip, `${src}.name`));
			if (!name) e.required(child(ip, `${src}.name`));
			else e.each(child(ip, `${src}.name`), name, isDNS1123Subdomain(name));
			e.bool(ref.optional, child(ip, `${src}.optional`));
		}
		if (sources === 0) e.invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`');
		else if (sources > 1) e.invalid(p, '', 'may not have more than one field specified at a time');
	}
}

interface ContainerContext {
	volumes: Set<string>;
	names: Set<string>;
	init: boolean;
}

function container(e: Errs, o: Obj, p: string, ctx: ContainerContext): void {
	const name = e.str(o.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'));
	else if (e.each(child(p, 'name'), name, isDNS1123Label(name))) {
		if (ctx.names.has(name)) e.duplicate(child(p, 'name'), name);
		ctx.names.add(name);
	}
	const image = e.str(o.image, child(p, 'image'));
	if (!image) e.required(child(p, 'image'));
	else if (image !== image.trim()) e.invalid(child(p, 'image'), image, 'must not have leading or trailing whitespace');
	e.strList(o.command, child(p, 'command'));
	e.strList(o.args, child(p, 'args'));
	e.str(o.workingDir, child(p, 'workingDir'));
	e.oneOf(o.imagePullPolicy, child(p, 'imagePullPolicy'), ['Always', 'IfNotPresent', 'Never']);
	const restart = e.str(o.restartPolicy, child(p, 'restartPolicy'));
	if (restart !== undefined) {
		if (!ctx.init) e.forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers');
		else if (restart !== 'Always') e.notSupported(child(p, 'restartPolicy'), restart, ['Always']);
	}
	const sidecar = ctx.init && restart === 'Always';

	// Ports.
	const portNames = new Set<string>();
	for (const [port, pp] of e.objList(o.ports, child(p, 'ports'))) {
		const pname = e.str(port.name, child(pp, 'name'));
		if (pname) {
			if (e.each(child(pp, 'name'), pname, isValidPortName(pname))) {
				if (portNames.has(pname)) e.duplicate(child(pp, 'name'), pname);
				portNames.add(pname);
			}
		}
		const cp = e.int(port.containerPort, child(pp, 'containerPort'));
		if (port.containerPort === undefined || port.containerPort === null || cp === 0) e.required(child(pp, 'containerPort'));
		else if (cp !== undefined) e.each(child(pp, 'containerPort'), cp, isValidPortNum(cp));
		const hp = e.int(port.hostPort, child(pp, 'hostPort'));
		if (hp) e.each(child(pp, 'hostPort'), hp, isValidPortNum(hp));
		e.str(port.hostIP, child(pp, 'hostIP'));
		e.oneOf(port.protocol, child(pp, 'protocol'), ['SCTP', 'TCP', 'UDP']);
	}

	// Environment.
	for (const [env, ep] of e.objList(o.env, child(p, 'env'))) envVar(e, env, ep);
	envFrom(e, o.envFrom, child(p, 'envFrom'));

	resourceRequirements(e, o.resources, child(p, 'resources'));

	// Probes: init containers have none, unless they are sidecars (restartPolicy Always).
	for (const [f, kind] of [
		['livenessProbe', 'liveness'],
		['readinessProbe', 'readiness'],
		['startupProbe', 'startup'],
	] as const) {
		if (o[f] === undefined || o[f] === null) continue;
		if (ctx.init && !sidecar) {
			e.forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always');
			continue;
		}
		probe(e, o[f], child(p, f), kind);
	}

	// Volume mounts.
	const mountPaths = new Set<string>();
	for (const [m, mp] of e.objList(o.volumeMounts, child(p, 'volumeMounts'))) {
		const vname = e.str(m.name, child(mp, 'name'));
		if (!vname) e.required(child(mp, 'name'));
		else if (!ctx.volumes.has(vname)) e.notFound(child(mp, 'name'), vname);
		const path = e.str(m.mountPath, child(mp, 'mountPath'));
		if (!path) e.required(child(mp, 'mountPath'));
		else {
			if (mountPaths.has(path)) e.invalid(child(mp, 'mountPath'), path, 'must be unique');
			mountPaths.add(path);
		}
		const sub = e.str(m.subPath, child(mp, 'subPath'));
		if (sub && (sub.startsWith('/') || sub.split('/').includes('..'))) {
			e.invalid(child(mp, 'subPath'), sub, sub.startsWith('/') ? 'must be a relative path' : "must not contain '..'");
		}
		e.bool(m.readOnly, child(mp, 'readOnly'));
	}

	e.bool(o.stdin, child(p, 'stdin'));
	e.bool(o.tty, child(p, 'tty'));
	e.obj(o.securityContext, child(p, 'securityContext'));
	e.obj(o.lifecycle, child(p, 'lifecycle'));
	e.oneOf(o.terminationMessagePolicy, child(p, 'terminationMessagePolicy'), ['File', 'FallbackToLogsOnError']);
}

/** Volume sources every cluster knows; any other key besides `name` counts as a source too. */
function volumes(e: Errs, raw: unknown, p: string): Set<string> {
	const names = new Set<string>();
	for (const [v, vp] of e.objList(raw, p)) {
		const name = e.str(v.name, child(vp, 'name'));
		if (!name) e.required(child(vp, 'name'));
		else if (e.each(child(vp, 'name'), name, isDNS1123Label(name))) {
			if (names.has(name)) e.duplicate(child(vp, 'name'), name);
		}
		if (name) names.add(name);
		const sources = Object.keys(v).filter(k => k !== 'name' && v[k] !== undefined && v[k] !== null);
		for (const extra of sources.slice(1)) e.forbidden(child(vp, extra), 'may not specify more than 1 volume type');
		const cm = e.obj(v.configMap, child(vp, 'configMap'));
		if (cm) {
			const n = e.str(cm.name, child(vp, 'configMap.name'));
			if (!n) e.required(child(vp, 'configMap.name'));
			keyToPaths(e, cm.items, child(vp, 'configMap.items'));
		}
		const secret = e.obj(v.secret, child(vp, 'secret'));
		if (secret) {
			const n = e.str(secret.secretName, child(vp, 'secret.secretName'));
			if (!n) e.required(child(vp, 'secret.secretName'));
			keyToPaths(e, secret.items, child(vp, 'secret.items'));
		}
		const pvc = e.obj(v.persistentVolumeClaim, child(vp, 'persistentVolumeClaim'));
		if (pvc) {
			const n = e.str(pvc.claimName, child(vp, 'persistentVolumeClaim.claimName'));
			if (!n) e.required(child(vp, 'persistentVolumeClaim.claimName'));
		}
		const host = e.obj(v.hostPath, child(vp, 'hostPath'));
		if (host) {
			const n = e.str(host.path, child(vp, 'hostPath.path'));
			if (!n) e.required(child(vp, 'hostPath.path'));
		}
		const empty = e.obj(v.emptyDir, child(vp, 'emptyDir'));
		if (empty) {
			e.oneOf(empty.medium, child(vp, 'emptyDir.medium'), ['', 'Memory', 'HugePages']);
			const size = empty.sizeLimit;
			if (size !== undefined && size !== null) {
				if ((typeof size !== 'string' && typeof size !== 'number') || !isValidQuantity(size)) e.invalid(child(vp, 'emptyDir.sizeLimit'), size, QUANTITY_MESSAGE);
			}
		}
	}
	return names;
}

function keyToPaths(e: Errs, raw: unknown, p: string): void {
	for (const [item, ip] of e.objList(raw, p)) {
		const k = e.str(item.key, child(ip, 'key'));
		if (!k) e.required(child(ip, 'key'));
		const path = e.str(item.path, child(ip, 'path'));
		if (!path) e.required(child(ip, 'path'));
		else if (path.startsWith('/')) e.invalid(child(ip, 'path'), path, 'must be a relative path');
		else if (path.split('/').includes('..')) e.invalid(child(ip, 'path'), path, "must not contain '..'");
	}
}

function tolerations(e: Errs, raw: unknown, p: string): void {
	for (const [t, tp] of e.objList(raw, p)) {
		const k = e.str(t.key, child(tp, 'key')) ?? '';
		const op = e.str(t.operator, child(tp, 'operator')) ?? '';
		const value = e.str(t.value, child(tp, 'value')) ?? '';
		const effect = e.str(t.effect, child(tp, 'effect')) ?? '';
		const seconds = e.int(t.tolerationSeconds, child(tp, 'tolerationSeconds'));
		if (k) e.each(child(tp, 'key'), k, isQualifiedName(k));
		if (!k && op !== 'Exists') {
			e.invalid(child(tp, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
		}
		if (seconds !== undefined && effect !== 'NoExecute') {
			e.invalid(child(tp, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
		}
		if (op === 'Equal' || op === '') {
			const errs = isValidLabelValue(value);
			if (errs.length) e.invalid(child(tp, 'operator'), value, errs.join(';'));
		} else if (op === 'Exists') {
			if (value) e.invalid(child(tp, 'operator'), t, "value must be empty when `operator` is 'Exists'");
		} else {
			e.notSupported(child(tp, 'operator'), op, ['Equal', 'Exists']);
		}
		if (effect) e.oneOf(effect, child(tp, 'effect'), TAINT_EFFECTS);
	}
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function nodeSelectorTerm(e: Errs, o: Obj, p: string): void {
	for (const [r, rp] of e.objList(o.matchExpressions, child(p, 'matchExpressions'))) selectorRequirement(e, r, rp, 'node');
	for (const [r, rp] of e.objList(o.matchFields, child(p, 'matchFields'))) {
		selectorRequirement(e, r, rp, 'node');
		const k = r.key;
		if (typeof k === 'string' && k !== 'metadata.name') e.notSupported(child(rp, 'key'), k, ['metadata.name']);
	}
}

function podAffinityTerm(e: Errs, o: Obj, p: string): void {
	labelSelector(e, o.labelSelector, child(p, 'labelSelector'));
	labelSelector(e, o.namespaceSelector, child(p, 'namespaceSelector'));
	e.strList(o.namespaces, child(p, 'namespaces'));
	const tk = e.str(o.topologyKey, child(p, 'topologyKey'));
	if (!tk) e.required(child(p, 'topologyKey'), 'can not be empty');
	else e.each(child(p, 'topologyKey'), tk, isQualifiedName(tk));
}

function weight(e: Errs, raw: unknown, p: string): void {
	const w = e.int(raw, p);
	if (w === undefined || w < 1 || w > 100) e.invalid(p, w ?? 0, 'must be in the range 1-100');
}

function affinity(e: Errs, raw: unknown, p: string): void {
	const a = e.obj(raw, p);
	if (!a) return;
	const na = e.obj(a.nodeAffinity, child(p, 'nodeAffinity'));
	if (na) {
		const np = child(p, 'nodeAffinity');
		const reqPath = child(np, 'requiredDuringSchedulingIgnoredDuringExecution');
		const req = e.obj(na.requiredDuringSchedulingIgnoredDuringExecution, reqPath);
		if (req) {
			const terms = e.objList(req.nodeSelectorTerms, child(reqPath, 'nodeSelectorTerms'));
			if (terms.length === 0) e.required(child(reqPath, 'nodeSelectorTerms'), 'must have at least one node selector term');
			for (const [t, tp] of terms) nodeSelectorTerm(e, t, tp);
		}
		for (const [pref, pp] of e.objList(na.preferredDuringSchedulingIgnoredDuringExecution, child(np, 'preferredDuringSchedulingIgnoredDuringExecution'))) {
			weight(e, pref.weight, child(pp, 'weight'));
			const term = e.obj(pref.preference, child(pp, 'preference'));
			if (term) nodeSelectorTerm(e, term, child(pp, 'preference'));
		}
	}
	for (const kind of ['podAffinity', 'podAntiAffinity']) {
		const pa = e.obj(a[kind], child(p, kind));
		if (!pa) continue;
		const pap = child(p, kind);
		for (const [t, tp] of e.objList(pa.requiredDuringSchedulingIgnoredDuringExecution, child(pap, 'requiredDuringSchedulingIgnoredDuringExecution'))) {
			podAffinityTerm(e, t, tp);
		}
		for (const [w, wp] of e.objList(pa.preferredDuringSchedulingIgnoredDuringExecution, child(pap, 'preferredDuringSchedulingIgnoredDuringExecution'))) {
			weight(e, w.weight, child(wp, 'weight'));
			const term = e.obj(w.podAffinityTerm, child(wp, 'podAffinityTerm'));
			if (!term) e.required(child(wp, 'podAffinityTerm'));
			else podAffinityTerm(e, term, child(wp, 'podAffinityTerm'));
		}
	}
}

function topologySpread(e: Errs, raw: unknown, p: string): void {
	for (const [c, cp] of e.objList(raw, p)) {
		const skew = e.int(c.maxSkew, child(cp, 'maxSkew'));
		if (skew === undefined || skew <= 0) e.invalid(child(cp, 'maxSkew'), skew ?? 0, 'must be greater than zero');
		const tk = e.str(c.topologyKey, child(cp, 'topologyKey'));
		if (!tk) e.required(child(cp, 'topologyKey'), 'can not be empty');
		const wu = e.str(c.whenUnsatisfiable, child(cp, 'whenUnsatisfiable'));
		if (!wu) e.required(child(cp, 'whenUnsatisfiable'));
		else if (wu !== 'DoNotSchedule' && wu !== 'ScheduleAnyway') e.notSupported(child(cp, 'whenUnsatisfiable'), wu, ['DoNotSchedule', 'ScheduleAnyway']);
		labelSelector(e, c.labelSelector, child(cp, 'labelSelector'));
		const min = e.int(c.minDomains, child(cp, 'minDomains'));
		if (min !== undefined && min <= 0) e.invalid(child(cp, 'minDomains'), min, 'must be greater than 0');
	}
}

/** Which restart policies the owner of a pod template allows. */
type PodOwner = 'Pod' | 'Workload' | 'Job';

/** `claims`: names a StatefulSet's volumeClaimTemplates add to the pod's volumes. */
function podSpec(e: Errs, raw: unknown, p: string, owner: PodOwner, claims: string[] = []): void {
	const spec = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!spec) return;
	const vols = volumes(e, spec.volumes, child(p, 'volumes'));
	for (const c of claims) vols.add(c);
	const names = new Set<string>();
	for (const [c, cp] of e.objList(spec.initContainers, child(p, 'initContainers'))) container(e, c, cp, {volumes: vols, names, init: true});
	const containers = e.arr(spec.containers, child(p, 'containers'));
	if (!containers) {
		if (spec.containers === undefined || spec.containers === null) e.required(child(p, 'containers'));
	} else {
		if (containers.length === 0) e.required(child(p, 'containers'));
		for (const [c, cp] of e.objList(containers, child(p, 'containers'))) container(e, c, cp, {volumes: vols, names, init: false});
	}

	const rp = child(p, 'restartPolicy');
	const restart = e.str(spec.restartPolicy, rp);
	if (owner === 'Job') {
		if (restart !== 'OnFailure' && restart !== 'Never') e.required(rp, 'valid values: "OnFailure", "Never"');
	} else if (restart !== undefined && restart !== '') {
		const allowed = owner === 'Pod' ? ['Always', 'OnFailure', 'Never'] : ['Always'];
		if (!allowed.includes(restart)) e.notSupported(rp, restart, allowed);
	}

	e.oneOf(spec.dnsPolicy, child(p, 'dnsPolicy'), ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
	const grace = e.int(spec.terminationGracePeriodSeconds, child(p, 'terminationGracePeriodSeconds'));
	if (grace !== undefined && grace < 0) e.invalid(child(p, 'terminationGracePeriodSeconds'), grace, 'must be greater than or equal to 0');
	const deadline = e.int(spec.activeDeadlineSeconds, child(p, 'activeDeadlineSeconds'));
	if (deadline !== undefined) {
		if (owner === 'Workload') e.forbidden(child(p, 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicaSet is not Supported');
		else if (deadline < 1) e.invalid(child(p, 'activeDeadlineSeconds'), deadline, 'must be between 1 and 2147483647, inclusive');
	}
	labels(e, spec.nodeSelector, child(p, 'nodeSelector'));
	for (const f of ['nodeName', 'serviceAccountName', 'serviceAccount', 'schedulerName', 'priorityClassName']) {
		const v = e.str(spec[f], child(p, f));
		if (v && f !== 'schedulerName' && f !== 'priorityClassName') e.each(child(p, f), v, isDNS1123Subdomain(v));
	}
	for (const f of ['hostname', 'subdomain']) {
		const v = e.str(spec[f], child(p, f));
		if (v) e.each(child(p, f), v, isDNS1123Label(v));
	}
	for (const f of ['hostNetwork', 'hostPID', 'hostIPC', 'enableServiceLinks', 'automountServiceAccountToken', 'shareProcessNamespace']) {
		e.bool(spec[f], child(p, f));
	}
	e.int(spec.priority, child(p, 'priority'));
	tolerations(e, spec.tolerations, child(p, 'tolerations'));
	affinity(e, spec.affinity, child(p, 'affinity'));
	topologySpread(e, spec.topologySpreadConstraints, child(p, 'topologySpreadConstraints'));
	for (const [s, sp] of e.objList(spec.imagePullSecrets, child(p, 'imagePullSecrets'))) e.str(s.name, child(sp, 'name'));
	e.obj(spec.securityContext, child(p, 'securityContext'));
}

/** A pod template (`spec.template`): its labels and annotations, then its pod spec. */
function podTemplate(e: Errs, raw: unknown, p: string, owner: PodOwner, claims: string[] = []): Record<string, string> | undefined {
	const t = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!t) return undefined;
	const meta = e.obj(t.metadata, child(p, 'metadata'));
	const tl = meta ? labels(e, meta.labels, child(p, 'metadata.labels')) : undefined;
	if (meta) annotations(e, meta.annotations, child(p, 'metadata.annotations'));
	podSpec(e, t.spec, child(p, 'spec'), owner, claims);
	return tl;
}

// ---------------------------------------------------------------------------------------------
// Workloads.

function percentValue(v: number | string | undefined): number | undefined {
	if (v === undefined) return undefined;
	if (typeof v === 'number') return v;
	return PERCENT_RE.test(v) ? Number(v.slice(0, -1)) : undefined;
}

/** maxSurge, maxUnavailable, minAvailable: a non-negative count or a percentage. */
function intOrPercent(e: Errs, raw: unknown, p: string): number | string | undefined {
	const v = e.intOrString(raw, p);
	if (typeof v === 'string') {
		if (!PERCENT_RE.test(v)) e.invalid(p, v, regexError(PERCENT_MSG, PERCENT_FMT, '1%', '93%'));
	} else if (v !== undefined && v < 0) {
		e.invalid(p, v, 'must be greater than or equal to 0');
	}
	return v;
}

function notMoreThan100Percent(e: Errs, v: number | string | undefined, p: string): void {
	if (typeof v === 'string' && PERCENT_RE.test(v) && Number(v.slice(0, -1)) > 100) e.invalid(p, v, 'must not be greater than 100%');
}

/** Selector, template labels matching it, and the template itself. */
function selectorAndTemplate(e: Errs, spec: Obj, kind: string, owner: PodOwner, requireSelector: boolean, claims: string[] = []): void {
	let selector: Obj | undefined;
	let selectorOk = false;
	if (spec.selector === undefined || spec.selector === null) {
		if (requireSelector) e.required('spec.selector');
	} else {
		const before = e.list.length;
		selector = labelSelector(e, spec.selector, 'spec.selector');
		if (selector && selectorIsEmpty(selector)) e.invalid('spec.selector', EMPTY_SELECTOR, `empty selector is invalid for ${kind.toLowerCase()}`);
		selectorOk = selector !== undefined && e.list.length === before;
	}
	const before = e.list.length;
	const tmplLabels = podTemplate(e, spec.template, 'spec.template', owner, claims);
	const labelsOk = !e.list.slice(before).some(c => c.field?.startsWith('spec.template.metadata.labels'));
	if (selector && selectorOk && labelsOk) {
		const sel = fromLabelSelector(selector as never);
		if (!matches(sel, tmplLabels)) {
			// Reported ahead of the template's own problems, as the API server does.
			const cause: Cause = {
				reason: 'FieldValueInvalid',
				field: 'spec.template.metadata.labels',
				message: `Invalid value: ${goStringMap(tmplLabels).text}: \`selector\` does not match template \`labels\``,
			};
			e.list.splice(before, 0, cause);
		}
	}
}

function deploymentStrategy(e: Errs, raw: unknown): void {
	const p = 'spec.strategy';
	const s = e.obj(raw, p);
	if (!s) return;
	const type = e.str(s.type, child(p, 'type'));
	const ru = s.rollingUpdate;
	if (type === 'Recreate') {
		if (ru !== undefined && ru !== null) e.forbidden(child(p, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'");
		return;
	}
	if (type !== undefined && type !== '' && type !== 'RollingUpdate') {
		e.notSupported(child(p, 'type'), type, ['Recreate', 'RollingUpdate']);
		return;
	}
	const r = e.obj(ru, child(p, 'rollingUpdate'));
	if (!r) return;
	const rp = child(p, 'rollingUpdate');
	const before = e.list.length;
	const unavailable = intOrPercent(e, r.maxUnavailable, child(rp, 'maxUnavailable'));
	const surge = intOrPercent(e, r.maxSurge, child(rp, 'maxSurge'));
	if (e.list.length !== before) return;
	if (percentValue(unavailable) === 0 && percentValue(surge) === 0) {
		e.invalid(child(rp, 'maxUnavailable'), unavailable, 'may not be 0 when `maxSurge` is 0');
	}
	notMoreThan100Percent(e, unavailable, child(rp, 'maxUnavailable'));
}

function deployment(e: Errs, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	selectorAndTemplate(e, spec, 'Deployment', 'Workload', true);
	deploymentStrategy(e, spec.strategy);
	const minReady = e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds') ?? 0;
	e.nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
	const deadline = e.nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds');
	if (deadline !== undefined && deadline >= 0 && deadline <= minReady) {
		e.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds');
	}
	e.bool(spec.paused, 'spec.paused');
}

function replicaSet(e: Errs, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	selectorAndTemplate(e, spec, 'ReplicaSet', 'Workload', true);
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
}

function daemonSet(e: Errs, spec: Obj): void {
	selectorAndTemplate(e, spec, 'DaemonSet', 'Workload', true);
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
	e.nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
	const p = 'spec.updateStrategy';
	const s = e.obj(spec.updateStrategy, p);
	if (!s) return;
	const type = e.str(s.type, child(p, 'type'));
	if (type !== undefined && type !== '' && type !== 'RollingUpdate' && type !== 'OnDelete') {
		e.notSupported(child(p, 'type'), type, ['OnDelete', 'RollingUpdate']);
		return;
	}
	if (type === 'OnDelete') return;
	const rp = child(p, 'rollingUpdate');
	const r = e.obj(s.rollingUpdate, rp);
	if (!r) return;
	const before = e.list.length;
	const unavailable = intOrPercent(e, r.maxUnavailable, child(rp, 'maxUnavailable'));
	const surge = intOrPercent(e, r.maxSurge, child(rp, 'maxSurge'));
	if (e.list.length !== before) return;
	// Unset, maxUnavailable is 1 and maxSurge 0.
	if ((percentValue(unavailable) ?? 1) === 0 && (percentValue(surge) ?? 0) === 0) {
		e.invalid(child(rp, 'maxUnavailable'), unavailable, 'may not be 0 when `maxSurge` is 0');
	}
	notMoreThan100Percent(e, unavailable, child(rp, 'maxUnavailable'));
	notMoreThan100Percent(e, surge, child(rp, 'maxSurge'));
}

function statefulSet(e: Errs, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	const claims = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [])
		.map(t => (isObj(t) && isObj(t.metadata) ? t.metadata.name : undefined))
		.filter((n): n is string => typeof n === 'string' && n !== '');
	selectorAndTemplate(e, spec, 'StatefulSet', 'Workload', true, claims);
	const svc = e.str(spec.serviceName, 'spec.serviceName');
	if (svc) e.each('spec.serviceName', svc, isDNS1123Label(svc));
	const pmp = e.str(spec.podManagementPolicy, 'spec.podManagementPolicy');
	if (pmp !== undefined && pmp !== '' && pmp !== 'OrderedReady' && pmp !== 'Parallel') {
		e.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'");
	}
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
	e.nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
	const p = 'spec.updateStrategy';
	const s = e.obj(spec.updateStrategy, p);
	if (s) {
		const type = e.str(s.type, child(p, 'type'));
		const rp = child(p, 'rollingUpdate');
		if (type !== undefined && type !== '' && type !== 'RollingUpdate' && type !== 'OnDelete') {
			e.notSupported(child(p, 'type'), type, ['OnDelete', 'RollingUpdate']);
		} else if (type === 'OnDelete' && s.rollingUpdate !== undefined && s.rollingUpdate !== null) {
			e.invalid(rp, s.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'");
		} else {
			const r = e.obj(s.rollingUpdate, rp);
			if (r) {
				e.nonNegative(r.partition, child(rp, 'partition'));
				if (r.maxUnavailable !== undefined && r.maxUnavailable !== null) {
					const before = e.list.length;
					const mu = intOrPercent(e, r.maxUnavailable, child(rp, 'maxUnavailable'));
					if (e.list.length === before && percentValue(mu) === 0) e.invalid(child(rp, 'maxUnavailable'), mu, 'must be greater than 0');
					notMoreThan100Percent(e, mu, child(rp, 'maxUnavailable'));
				}
			}
		}
	}
	const retention = e.obj(spec.persistentVolumeClaimRetentionPolicy, 'spec.persistentVolumeClaimRetentionPolicy');
	if (retention) {
		for (const f of ['whenDeleted', 'whenScaled']) e.oneOf(retention[f], `spec.persistentVolumeClaimRetentionPolicy.${f}`, ['Retain', 'Delete']);
	}
	const ordinals = e.obj(spec.ordinals, 'spec.ordinals');
	if (ordinals) e.nonNegative(ordinals.start, 'spec.ordinals.start');
	const seen = new Set<string>();
	for (const [t, tp] of e.objList(spec.volumeClaimTemplates, 'spec.volumeClaimTemplates')) {
		const meta = e.obj(t.metadata, child(tp, 'metadata'));
		const name = meta ? e.str(meta.name, child(tp, 'metadata.name')) : undefined;
		if (!name) e.required(child(tp, 'metadata.name'));
		else if (e.each(child(tp, 'metadata.name'), name, isDNS1123Subdomain(name))) {
			if (seen.has(name)) e.duplicate(child(tp, 'metadata.name'), name);
			seen.add(name);
		}
		pvcSpec(e, t.spec, child(tp, 'spec'));
	}
}

function jobSpec(e: Errs, raw: unknown, p: string): void {
	const spec = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!spec) return;
	e.nonNegative(spec.parallelism, child(p, 'parallelism'));
	const completions = e.nonNegative(spec.completions, child(p, 'completions'));
	e.nonNegative(spec.backoffLimit, child(p, 'backoffLimit'));
	e.nonNegative(spec.backoffLimitPerIndex, child(p, 'backoffLimitPerIndex'));
	e.nonNegative(spec.maxFailedIndexes, child(p, 'maxFailedIndexes'));
	e.nonNegative(spec.ttlSecondsAfterFinished, child(p, 'ttlSecondsAfterFinished'));
	const deadline = e.int(spec.activeDeadlineSeconds, child(p, 'activeDeadlineSeconds'));
	if (deadline !== undefined && deadline <= 0) e.invalid(child(p, 'activeDeadlineSeconds'), deadline, 'must be greater than 0');
	const mode = e.str(spec.completionMode, child(p, 'completionMode'));
	if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
		e.notSupported(child(p, 'completionMode'), mode, ['NonIndexed', 'Indexed']);
	}
	if (mode === 'Indexed' && completions === undefined) e.required(child(p, 'completions'), 'when completion mode is Indexed');
	e.bool(spec.suspend, child(p, 'suspend'));
	const manual = e.bool(spec.manualSelector, child(p, 'manualSelector'));
	e.oneOf(spec.podReplacementPolicy, child(p, 'podReplacementPolicy'), ['TerminatingOrFailed', 'Failed']);
	let selector: Obj | undefined;
	if (spec.selector !== undefined && spec.selector !== null) selector = labelSelector(e, spec.selector, child(p, 'selector'));
	else if (manual === true) e.required(child(p, 'selector'));
	const tp = child(p, 'template');
	const before = e.list.length;
	const tmplLabels = podTemplate(e, spec.template, tp, 'Job');
	if (manual === true && selector && e.list.length === before && !matches(fromLabelSelector(selector as never), tmplLabels)) {
		e.invalid(child(tp, 'metadata.labels'), goStringMap(tmplLabels), '`selector` does not match template `labels`');
	}
}

// ---------------------------------------------------------------------------------------------
// CronJob schedules: the five-field format of robfig/cron's standard parser, which the
// CronJob controller uses, with its error messages.

interface CronBounds {
	min: number;
	max: number;
	names?: Record<string, number>;
}

const MONTH_NAMES: Record<string, number> = {jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12};
const DAY_NAMES: Record<string, number> = {sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6};
const CRON_FIELDS: CronBounds[] = [
	{min: 0, max: 59},
	{min: 0, max: 23},
	{min: 1, max: 31},
	{min: 1, max: 12, names: MONTH_NAMES},
	{min: 0, max: 6, names: DAY_NAMES},
];
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

class CronError extends Error {}

function cronInt(text: string): number {
	if (!/^[+-]?[0-9]+$/.test(text)) {
		throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
	}
	const n = Number(text);
	if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${text}`);
	return n;
}

function cronRange(expr: string, b: CronBounds): void {
	const rangeAndStep = expr.split('/');
	const lowAndHigh = rangeAndStep[0]!.split('-');
	const single = lowAndHigh.length === 1;
	let start: number;
	let end: number;
	if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
		start = b.min;
		end = b.max;
	} else {
		const word = (t: string) => (b.names && b.names[t.toLowerCase()] !== undefined ? b.names[t.toLowerCase()]! : cronInt(t));
		start = word(lowAndHigh[0]!);
		if (lowAndHigh.length === 1) end = start;
		else if (lowAndHigh.length === 2) end = word(lowAndHigh[1]!);
		else throw new CronError(`too many hyphens: ${expr}`);
	}
	let step = 1;
	if (rangeAndStep.length === 2) {
		step = cronInt(rangeAndStep[1]!);
		if (single) end = b.max;
	} else if (rangeAndStep.length > 2) {
		throw new CronError(`too many slashes: ${expr}`);
	}
	if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
	if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
	if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
	if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
}

/** Why a CronJob schedule is not valid, or undefined when it is. */
export function cronScheduleError(schedule: string): string | undefined {
	const spec = schedule.trim();
	if (spec === '') return 'empty spec string';
	try {
		if (spec.startsWith('@')) {
			if (CRON_DESCRIPTORS.includes(spec)) return undefined;
			if (spec.startsWith('@every ')) {
				const d = spec.slice(7).trim();
				if (!/^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/.test(d) || d === '') {
					return `failed to parse duration ${spec}: time: invalid duration ${goQuote(d)}`;
				}
				return undefined;
			}
			return `unrecognized descriptor: ${spec}`;
		}
		const fields = spec.split(/\s+/);
		if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
		fields.forEach((f, i) => {
			for (const expr of f.split(',')) cronRange(expr, CRON_FIELDS[i]!);
		});
		return undefined;
	} catch (err) {
		if (err instanceof CronError) return err.message;
		throw err;
	}
}

function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', {timeZone: tz});
		return true;
	} catch {
		return false;
	}
}

function cronJob(e: Errs, spec: Obj): void {
	const schedule = e.str(spec.schedule, 'spec.schedule');
	if (spec.schedule === undefined || spec.schedule === null || schedule === '') e.required('spec.schedule');
	else if (schedule !== undefined) {
		if (/(^|\s)(CRON_)?TZ=/.test(schedule)) {
			e.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
		} else {
			const err = cronScheduleError(schedule);
			if (err) e.invalid('spec.schedule', schedule, err);
		}
	}
	const tz = e.str(spec.timeZone, 'spec.timeZone');
	if (tz !== undefined) {
		if (tz === '' || !isTimeZone(tz)) e.invalid('spec.timeZone', tz, `unknown time zone ${tz}`);
	}
	e.oneOf(spec.concurrencyPolicy, 'spec.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']);
	e.nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds');
	e.nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit');
	e.nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit');
	e.bool(spec.suspend, 'spec.suspend');
	const tmpl = spec.jobTemplate === undefined || spec.jobTemplate === null ? {} : e.obj(spec.jobTemplate, 'spec.jobTemplate');
	if (!tmpl) return;
	const meta = e.obj(tmpl.metadata, 'spec.jobTemplate.metadata');
	if (meta) {
		labels(e, meta.labels, 'spec.jobTemplate.metadata.labels');
		annotations(e, meta.annotations, 'spec.jobTemplate.metadata.annotations');
	}
	jobSpec(e, tmpl.spec, 'spec.jobTemplate.spec');
}

// ---------------------------------------------------------------------------------------------
// Services and networking.

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function service(e: Errs, spec: Obj): void {
	const typeRaw = e.str(spec.type, 'spec.type');
	if (typeRaw !== undefined && typeRaw !== '' && !SERVICE_TYPES.includes(typeRaw)) e.notSupported('spec.type', typeRaw, SERVICE_TYPES);
	const type = typeRaw || 'ClusterIP';
	const clusterIP = e.str(spec.clusterIP, 'spec.clusterIP');
	const clusterIPs = e.strList(spec.clusterIPs, 'spec.clusterIPs') ?? [];
	const headless = clusterIP === 'None' || clusterIPs[0] === 'None';

	if (type === 'ExternalName') {
		const name = e.str(spec.externalName, 'spec.externalName');
		if (!name) e.required('spec.externalName');
		else {
			const clean = name.endsWith('.') ? name.slice(0, -1) : name;
			e.each('spec.externalName', name, isDNS1123Subdomain(clean));
		}
		if (clusterIP) e.forbidden('spec.clusterIP', 'may not be set for ExternalName services');
	} else {
		if (clusterIP && clusterIP !== 'None' && !isValidIP(clusterIP)) e.invalid('spec.clusterIP', clusterIP, IP_MESSAGE);
		clusterIPs.forEach((ip, i) => {
			if (ip !== 'None' && !isValidIP(ip)) e.invalid(index('spec.clusterIPs', i), ip, IP_MESSAGE);
		});
		if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
			e.invalid('spec.clusterIP', 'None', `may not be set to 'None' for ${type} services`);
		}
	}

	const ports = e.objList(spec.ports, 'spec.ports');
	const portsTyped = spec.ports === undefined || spec.ports === null || Array.isArray(spec.ports);
	if (ports.length === 0 && portsTyped && type !== 'ExternalName' && !headless) e.required('spec.ports');
	const names = new Set<string>();
	const numbers = new Set<string>();
	for (const [port, pp] of ports) {
		const name = e.str(port.name, child(pp, 'name'));
		if (!name) {
			if (ports.length > 1) e.required(child(pp, 'name'));
		} else if (e.each(child(pp, 'name'), name, isDNS1123Label(name))) {
			if (names.has(name)) e.duplicate(child(pp, 'name'), name);
			names.add(name);
		}
		const num = e.int(port.port, child(pp, 'port'));
		if (num !== undefined || port.port === undefined || port.port === null) e.each(child(pp, 'port'), num ?? 0, isValidPortNum(num ?? 0));
		const protocol = e.oneOf(port.protocol, child(pp, 'protocol'), ['SCTP', 'TCP', 'UDP']);
		if (num !== undefined) {
			const id = `${num}/${protocol || 'TCP'}`;
			if (numbers.has(id)) e.duplicate(pp, id);
			numbers.add(id);
		}
		const target = e.intOrString(port.targetPort, child(pp, 'targetPort'));
		if (typeof target === 'number') {
			if (target !== 0) e.each(child(pp, 'targetPort'), target, isValidPortNum(target));
		} else if (typeof target === 'string') {
			e.each(child(pp, 'targetPort'), target, isValidPortName(target));
		}
		const nodePort = e.int(port.nodePort, child(pp, 'nodePort'));
		if (nodePort) {
			if (type === 'ClusterIP' || type === 'ExternalName') {
				e.forbidden(child(pp, 'nodePort'), `may not be used when \`type\` is '${type}'`);
			} else if (nodePort < 30000 || nodePort > 32767) {
				e.invalid(child(pp, 'nodePort'), nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767');
			}
		}
		e.str(port.appProtocol, child(pp, 'appProtocol'));
	}
	labels(e, spec.selector, 'spec.selector');
	e.oneOf(spec.sessionAffinity, 'spec.sessionAffinity', ['ClientIP', 'None']);
	const etp = e.str(spec.externalTrafficPolicy, 'spec.externalTrafficPolicy');
	if (etp) {
		if (type !== 'NodePort' && type !== 'LoadBalancer') {
			e.invalid('spec.externalTrafficPolicy', etp, "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
		} else if (etp !== 'Cluster' && etp !== 'Local') {
			e.notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']);
		}
	}
	e.oneOf(spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', ['Cluster', 'Local']);
	e.oneOf(spec.ipFamilyPolicy, 'spec.ipFamilyPolicy', ['SingleStack', 'PreferDualStack', 'RequireDualStack']);
	(e.strList(spec.ipFamilies, 'spec.ipFamilies') ?? []).forEach((f, i) => {
		if (f !== 'IPv4' && f !== 'IPv6') e.notSupported(index('spec.ipFamilies', i), f, ['IPv4', 'IPv6']);
	});
	(e.strList(spec.externalIPs, 'spec.externalIPs') ?? []).forEach((ip, i) => {
		if (!isValidIP(ip)) e.invalid(index('spec.externalIPs', i), ip, IP_MESSAGE);
	});
	(e.strList(spec.loadBalancerSourceRanges, 'spec.loadBalancerSourceRanges') ?? []).forEach((r, i) => {
		if (!isValidCIDR(r)) e.invalid(index('spec.loadBalancerSourceRanges', i), r, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
	});
	e.bool(spec.publishNotReadyAddresses, 'spec.publishNotReadyAddresses');
	e.bool(spec.allocateLoadBalancerNodePorts, 'spec.allocateLoadBalancerNodePorts');
}

function ingressBackend(e: Errs, raw: unknown, p: string): void {
	const b = e.obj(raw, p);
	if (!b) return;
	const hasService = b.service !== undefined && b.service !== null;
	const hasResource = b.resource !== undefined && b.resource !== null;
	if (hasService && hasResource) {
		e.invalid(p, '', 'cannot set both service and resource backends');
		return;
	}
	if (hasResource) {
		const r = e.obj(b.resource, child(p, 'resource'));
		if (r) {
			for (const f of ['kind', 'name']) {
				const v = e.str(r[f], child(p, `resource.${f}`));
				if (!v) e.required(child(p, `resource.${f}`));
			}
		}
		return;
	}
	if (!hasService) {
		e.invalid(p, '', 'one backend (service or resource) must be specified');
		return;
	}
	const sp = child(p, 'service');
	const s = e.obj(b.service, sp);
	if (!s) return;
	const name = e.str(s.name, child(sp, 'name'));
	if (!name) e.required(child(sp, 'name'));
	else e.each(child(sp, 'name'), name, isDNS1035Label(name));
	const port = e.obj(s.port, child(sp, 'port'));
	const pname = port ? e.str(port.name, child(sp, 'port.name')) : undefined;
	const pnum = port ? e.int(port.number, child(sp, 'port.number')) : undefined;
	if (pname && pnum) e.invalid(child(sp, 'port'), '', 'cannot set both port name & port number');
	else if (pname) e.each(child(sp, 'port.name'), pname, isValidPortName(pname));
	else if (pnum) e.each(child(sp, 'port.number'), pnum, isValidPortNum(pnum));
	else e.required(child(sp, 'port'), 'port name or number is required');
}

function ingress(e: Errs, spec: Obj): void {
	const cls = e.str(spec.ingressClassName, 'spec.ingressClassName');
	if (cls) e.each('spec.ingressClassName', cls, isDNS1123Subdomain(cls));
	const hasDefault = spec.defaultBackend !== undefined && spec.defaultBackend !== null;
	ingressBackend(e, spec.defaultBackend, 'spec.defaultBackend');
	const rules = e.objList(spec.rules, 'spec.rules');
	if (!hasDefault && rules.length === 0) e.invalid('spec', spec, 'either `defaultBackend` or `rules` must be specified');
	for (const [rule, rp] of rules) {
		const host = e.str(rule.host, child(rp, 'host'));
		if (host) {
			if (isValidIP(host)) e.invalid(child(rp, 'host'), host, 'must be a DNS name, not an IP address');
			else if (host.includes('*')) e.each(child(rp, 'host'), host, isWildcardSubdomain(host));
			else e.each(child(rp, 'host'), host, isDNS1123Subdomain(host));
		}
		const hp = child(rp, 'http');
		const http = e.obj(rule.http, hp);
		if (!http) continue;
		const paths = e.objList(http.paths, child(hp, 'paths'));
		if (paths.length === 0) e.required(child(hp, 'paths'));
		for (const [path, pp] of paths) {
			const type = e.str(path.pathType, child(pp, 'pathType'));
			const value = e.str(path.path, child(pp, 'path'));
			if (!type) e.required(child(pp, 'pathType'), 'pathType must be specified');
			else if (type !== 'Exact' && type !== 'Prefix' && type !== 'ImplementationSpecific') {
				e.notSupported(child(pp, 'pathType'), type, ['Exact', 'ImplementationSpecific', 'Prefix']);
			} else if (type === 'ImplementationSpecific' ? value !== undefined && value !== '' && !value.startsWith('/') : !value || !value.startsWith('/')) {
				e.invalid(child(pp, 'path'), value ?? '', 'must be an absolute path');
			}
			if (path.backend === undefined || path.backend === null) e.required(child(pp, 'backend'));
			else ingressBackend(e, path.backend, child(pp, 'backend'));
		}
	}
	for (const [tls, tp] of e.objList(spec.tls, 'spec.tls')) {
		(e.strList(tls.hosts, child(tp, 'hosts')) ?? []).forEach((h, i) => {
			e.each(index(child(tp, 'hosts'), i), h, h.includes('*') ? isWildcardSubdomain(h) : isDNS1123Subdomain(h));
		});
		const secret = e.str(tls.secretName, child(tp, 'secretName'));
		if (secret) e.each(child(tp, 'secretName'), secret, isDNS1123Subdomain(secret));
	}
}

// ---------------------------------------------------------------------------------------------
// Autoscaling.

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const METRIC_SOURCE_FIELD: Record<string, string> = {
	Object: 'object',
	Pods: 'pods',
	Resource: 'resource',
	ContainerResource: 'containerResource',
	External: 'external',
};

function metricTarget(e: Errs, raw: unknown, p: string): Obj {
	const t = raw === undefined || raw === null ? {} : e.obj(raw, p) ?? {};
	const type = e.str(t.type, child(p, 'type'));
	if (!type) e.required(child(p, 'type'), 'must specify a metric target type');
	if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
		e.invalid(child(p, 'type'), type ?? '', 'must be either Utilization, Value, or AverageValue');
	}
	for (const f of ['value', 'averageValue']) {
		const q = t[f];
		if (q === undefined || q === null) continue;
		if ((typeof q !== 'string' && typeof q !== 'number') || !isValidQuantity(q)) e.invalid(child(p, f), q, QUANTITY_MESSAGE);
		else if (!(parseQuantity(q) > 0)) e.invalid(child(p, f), quantityString(q), 'must be positive');
	}
	const util = e.int(t.averageUtilization, child(p, 'averageUtilization'));
	if (util !== undefined && util < 1) e.invalid(child(p, 'averageUtilization'), util, 'must be greater than 0');
	return t;
}

function metricIdentifier(e: Errs, raw: unknown, p: string): void {
	const m = raw === undefined || raw === null ? {} : e.obj(raw, p) ?? {};
	const name = e.str(m.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'), 'must specify a metric name');
	else e.each(child(p, 'name'), name, isPathSegmentName(name));
	labelSelector(e, m.selector, child(p, 'selector'));
}

function metricSpec(e: Errs, m: Obj, p: string): void {
	const type = e.str(m.type, child(p, 'type'));
	if (!type) {
		e.required(child(p, 'type'), 'must specify a metric source type');
	} else if (!METRIC_TYPES.includes(type)) {
		e.notSupported(child(p, 'type'), type, METRIC_TYPES);
	}
	const expected = type ? METRIC_SOURCE_FIELD[type] : undefined;
	for (const f of Object.values(METRIC_SOURCE_FIELD)) {
		if (f !== expected && m[f] !== undefined && m[f] !== null) e.forbidden(child(p, f), 'must populate the given metric source only');
	}
	if (!expected) return;
	const sp = child(p, expected);
	if (m[expected] === undefined || m[expected] === null) {
		e.required(sp, 'must populate information for the given metric source');
		return;
	}
	const src = e.obj(m[expected], sp);
	if (!src) return;
	switch (type) {
		case 'Resource':
		case 'ContainerResource': {
			const name = e.str(src.name, child(sp, 'name'));
			if (!name) e.required(child(sp, 'name'), 'must specify a resource name');
			if (type === 'ContainerResource') {
				const c = e.str(src.container, child(sp, 'container'));
				if (!c) e.required(child(sp, 'container'), 'must specify a container');
				else e.each(child(sp, 'container'), c, isDNS1123Label(c));
			}
			const t = metricTarget(e, src.target, child(sp, 'target'));
			const hasUtil = t.averageUtilization !== undefined && t.averageUtilization !== null;
			const hasAvg = t.averageValue !== undefined && t.averageValue !== null;
			if (!hasUtil && !hasAvg) e.required(child(sp, 'target.averageUtilization'), 'must set either a target raw value or a target utilization');
			if (hasUtil && hasAvg) e.forbidden(child(sp, 'target.averageValue'), 'may not set both a target raw value and a target utilization');
			break;
		}
		case 'Pods': {
			metricIdentifier(e, src.metric, child(sp, 'metric'));
			const t = metricTarget(e, src.target, child(sp, 'target'));
			if (t.averageValue === undefined || t.averageValue === null) {
				e.required(child(sp, 'target.averageValue'), 'must specify a positive target averageValue');
			}
			break;
		}
		case 'Object': {
			const dp = child(sp, 'describedObject');
			const d = e.obj(src.describedObject, dp) ?? {};
			for (const f of ['kind', 'name']) {
				const v = e.str(d[f], child(dp, f));
				if (!v) e.required(child(dp, f));
				else e.each(child(dp, f), v, isPathSegmentName(v));
			}
			metricIdentifier(e, src.metric, child(sp, 'metric'));
			const t = metricTarget(e, src.target, child(sp, 'target'));
			if ((t.value === undefined || t.value === null) && (t.averageValue === undefined || t.averageValue === null)) {
				e.required(child(sp, 'target.averageValue'), 'must set either a target value or averageValue');
			}
			break;
		}
		case 'External': {
			metricIdentifier(e, src.metric, child(sp, 'metric'));
			const t = metricTarget(e, src.target, child(sp, 'target'));
			const hasValue = t.value !== undefined && t.value !== null;
			const hasAvg = t.averageValue !== undefined && t.averageValue !== null;
			if (!hasValue && !hasAvg) e.required(child(sp, 'target.averageValue'), 'must set either a target value for metric or a per-pod target');
			if (hasValue && hasAvg) e.forbidden(child(sp, 'target.value'), 'may not set both a target value for metric and a per-pod target');
			break;
		}
	}
}

function scalingRules(e: Errs, raw: unknown, p: string): void {
	const r = e.obj(raw, p);
	if (!r) return;
	const window = e.int(r.stabilizationWindowSeconds, child(p, 'stabilizationWindowSeconds'));
	if (window !== undefined) {
		if (window < 0) e.invalid(child(p, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero');
		else if (window > 3600) e.invalid(child(p, 'stabilizationWindowSeconds'), window, 'must be less than or equal to 3600');
	}
	const select = e.str(r.selectPolicy, child(p, 'selectPolicy'));
	if (select !== undefined && select !== 'Max' && select !== 'Min' && select !== 'Disabled') {
		e.notSupported(child(p, 'selectPolicy'), select, ['Disabled', 'Max', 'Min']);
	}
	if (r.policies === undefined || r.policies === null) return;
	const policies = e.objList(r.policies, child(p, 'policies'));
	if (Array.isArray(r.policies) && r.policies.length === 0) e.required(child(p, 'policies'), 'must specify at least one Policy');
	for (const [pol, pp] of policies) {
		const type = e.str(pol.type, child(pp, 'type'));
		if (type !== 'Pods' && type !== 'Percent') e.notSupported(child(pp, 'type'), type ?? '', ['Percent', 'Pods']);
		const value = e.int(pol.value, child(pp, 'value'));
		if (value === undefined || value <= 0) e.invalid(child(pp, 'value'), value ?? 0, 'must be greater than zero');
		const period = e.int(pol.periodSeconds, child(pp, 'periodSeconds'));
		if (period === undefined || period <= 0) e.invalid(child(pp, 'periodSeconds'), period ?? 0, 'must be greater than zero');
		else if (period > 1800) e.invalid(child(pp, 'periodSeconds'), period, 'must be less than or equal to 1800');
	}
}

function hpa(e: Errs, spec: Obj): void {
	const rp = 'spec.scaleTargetRef';
	const ref = spec.scaleTargetRef === undefined || spec.scaleTargetRef === null ? {} : e.obj(spec.scaleTargetRef, rp);
	if (ref) {
		for (const f of ['kind', 'name']) {
			const v = e.str(ref[f], child(rp, f));
			if (!v) e.required(child(rp, f));
			else e.each(child(rp, f), v, isPathSegmentName(v));
		}
		e.str(ref.apiVersion, child(rp, 'apiVersion'));
	}
	const min = e.int(spec.minReplicas, 'spec.minReplicas');
	if (min !== undefined && min < 1) e.invalid('spec.minReplicas', min, 'must be greater than or equal to 1');
	const maxRaw = e.int(spec.maxReplicas, 'spec.maxReplicas');
	const typedMax = spec.maxReplicas === undefined || spec.maxReplicas === null || maxRaw !== undefined;
	const max = maxRaw ?? 0;
	if (typedMax) {
		if (max < 1) e.invalid('spec.maxReplicas', max, 'must be greater than 0');
		if (min !== undefined && max < min) e.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`');
	}
	for (const [m, mp] of e.objList(spec.metrics, 'spec.metrics')) metricSpec(e, m, mp);
	const behavior = e.obj(spec.behavior, 'spec.behavior');
	if (behavior) {
		scalingRules(e, behavior.scaleUp, 'spec.behavior.scaleUp');
		scalingRules(e, behavior.scaleDown, 'spec.behavior.scaleDown');
	}
}

function pdb(e: Errs, spec: Obj): void {
	const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
	const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
	if (hasMin && hasMax) e.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set');
	for (const f of ['minAvailable', 'maxUnavailable']) {
		const before = e.list.length;
		const v = intOrPercent(e, spec[f], `spec.${f}`);
		if (e.list.length === before) notMoreThan100Percent(e, v, `spec.${f}`);
	}
	labelSelector(e, spec.selector, 'spec.selector');
	e.oneOf(spec.unhealthyPodEvictionPolicy, 'spec.unhealthyPodEvictionPolicy', ['AlwaysAllow', 'IfHealthyBudget']);
}

// ---------------------------------------------------------------------------------------------
// Configuration and storage.

function dataKeys(e: Errs, m: Record<string, string> | undefined, field: string): void {
	for (const k of Object.keys(m ?? {})) e.each(key(field, k), k, isConfigMapKey(k));
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

function configMap(e: Errs, obj: Obj): void {
	const data = e.strMap(obj.data, 'data');
	const binary = e.strMap(obj.binaryData, 'binaryData');
	dataKeys(e, data, 'data');
	dataKeys(e, binary, 'binaryData');
	let size = 0;
	for (const k of Object.keys(data ?? {})) {
		size += k.length + data![k]!.length;
		if (binary && k in binary) e.invalid(key('data', k), k, 'duplicate of key present in binaryData');
	}
	for (const [k, v] of Object.entries(binary ?? {})) {
		size += k.length + v.length;
		const off = base64ErrorOffset(v);
		if (off >= 0) e.invalid(key('binaryData', k), '<binary data>', `illegal base64 data at input byte ${off}`);
	}
	if (size > 1024 * 1024) e.tooLong('data', `may not be more than ${1024 * 1024} bytes`);
	e.bool(obj.immutable, 'immutable');
}

function secret(e: Errs, obj: Obj): void {
	const type = e.str(obj.type, 'type') ?? 'Opaque';
	const data = e.strMap(obj.data, 'data') ?? {};
	const stringData = e.strMap(obj.stringData, 'stringData') ?? {};
	dataKeys(e, data, 'data');
	dataKeys(e, stringData, 'stringData');
	let size = 0;
	for (const [k, v] of Object.entries(data)) {
		size += v.length;
		const off = base64ErrorOffset(v);
		if (off >= 0) e.invalid(key('data', k), '<secret contents redacted>', `illegal base64 data at input byte ${off}`);
	}
	for (const v of Object.values(stringData)) size += v.length;
	if (size > 1024 * 1024) e.tooLong('data', `may not be more than ${1024 * 1024} bytes`);
	const has = (k: string) => k in data || k in stringData;
	const requireKeys = (...keys: string[]) => {
		for (const k of keys) if (!has(k)) e.required(key('data', k));
	};
	switch (type) {
		case 'kubernetes.io/tls':
			requireKeys('tls.crt', 'tls.key');
			break;
		case 'kubernetes.io/dockerconfigjson':
			requireKeys('.dockerconfigjson');
			break;
		case 'kubernetes.io/dockercfg':
			requireKeys('.dockercfg');
			break;
		case 'kubernetes.io/ssh-auth':
			requireKeys('ssh-privatekey');
			break;
		case 'kubernetes.io/basic-auth':
			if (!has('username') && !has('password')) requireKeys('username', 'password');
			break;
		case 'kubernetes.io/service-account-token': {
			const meta = isObj(obj.metadata) ? obj.metadata : {};
			const ann = isObj(meta.annotations) ? meta.annotations : {};
			if (!ann['kubernetes.io/service-account.name']) e.required('metadata.annotations[kubernetes.io/service-account.name]');
			break;
		}
	}
	e.bool(obj.immutable, 'immutable');
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function pvcSpec(e: Errs, raw: unknown, p: string): void {
	const spec = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!spec) return;
	const modes = e.strList(spec.accessModes, child(p, 'accessModes'));
	if (!modes || modes.length === 0) e.required(child(p, 'accessModes'), 'at least 1 access mode is required');
	for (const m of modes ?? []) if (!ACCESS_MODES.includes(m)) e.notSupported(child(p, 'accessModes'), m, ACCESS_MODES);
	const rp = child(p, 'resources');
	const res = e.obj(spec.resources, rp);
	const requests = res ? resourceList(e, res.requests, child(rp, 'requests'), false) : new Map();
	const storage = requests.get('storage');
	const rawStorage = res && isObj(res.requests) ? res.requests.storage : undefined;
	if (rawStorage === undefined || rawStorage === null) e.required(key(rp, 'storage'));
	else if (storage && storage.value <= 0) e.invalid(key(rp, 'storage'), storage.text, 'must be greater than zero');
	e.oneOf(spec.volumeMode, child(p, 'volumeMode'), ['Block', 'Filesystem']);
	const cls = e.str(spec.storageClassName, child(p, 'storageClassName'));
	if (cls) e.each(child(p, 'storageClassName'), cls, isDNS1123Subdomain(cls));
	e.str(spec.volumeName, child(p, 'volumeName'));
	labelSelector(e, spec.selector, child(p, 'selector'));
}

// ---------------------------------------------------------------------------------------------
// Cluster objects.

function node(e: Errs, spec: Obj): void {
	const seen = new Set<string>();
	for (const [t, tp] of e.objList(spec.taints, 'spec.taints')) {
		const k = e.str(t.key, child(tp, 'key'));
		if (!k) e.required(child(tp, 'key'));
		else e.each(child(tp, 'key'), k, isQualifiedName(k));
		const value = e.str(t.value, child(tp, 'value'));
		if (value) e.each(child(tp, 'value'), value, isValidLabelValue(value));
		const effect = e.str(t.effect, child(tp, 'effect'));
		if (!effect) e.required(child(tp, 'effect'));
		else if (!TAINT_EFFECTS.includes(effect)) e.notSupported(child(tp, 'effect'), effect, TAINT_EFFECTS);
		if (k && effect) {
			const id = `${k}:${effect}`;
			if (seen.has(id)) {
				e.list.push({
					reason: 'FieldValueDuplicate',
					field: tp,
					message: `Duplicate value: ${formatValue(t)}: taints must be unique by key and effect pair`,
				});
			}
			seen.add(id);
		}
	}
	e.bool(spec.unschedulable, 'spec.unschedulable');
	const cidr = e.str(spec.podCIDR, 'spec.podCIDR');
	if (cidr && !isValidCIDR(cidr)) e.invalid('spec.podCIDR', cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
	(e.strList(spec.podCIDRs, 'spec.podCIDRs') ?? []).forEach((c, i) => {
		if (!isValidCIDR(c)) e.invalid(index('spec.podCIDRs', i), c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
	});
	e.str(spec.providerID, 'spec.providerID');
}

function namespace(e: Errs, spec: Obj): void {
	(e.strList(spec.finalizers, 'spec.finalizers') ?? []).forEach((f, i) => e.each(index('spec.finalizers', i), f, isQualifiedName(f)));
}

// ---------------------------------------------------------------------------------------------

/**
 * Every problem with an object, as the API server reports it in an Invalid (422) Status:
 * `{reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be
 * greater than or equal to 0'}`. An empty list means the object is valid. Works on objects
 * before and after applyDefaults; never looks at `status`.
 */
export function validate(obj: KObject): Cause[] {
	const e = new Errs();
	if (!isObj(obj)) {
		e.typeInvalid('', obj, 'object');
		return e.list;
	}
	const o = obj as Obj;
	const kind = typeof o.kind === 'string' ? o.kind : '';
	const info = kindInfo(kind);
	objectMeta(e, o, kind, info?.namespaced);

	const specOf = (): Obj | undefined => (o.spec === undefined || o.spec === null ? {} : e.obj(o.spec, 'spec'));
	let spec: Obj | undefined;
	switch (kind) {
		case 'Pod':
			podSpec(e, o.spec, 'spec', 'Pod');
			break;
		case 'Deployment':
			if ((spec = specOf())) deployment(e, spec);
			break;
		case 'ReplicaSet':
			if ((spec = specOf())) replicaSet(e, spec);
			break;
		case 'DaemonSet':
			if ((spec = specOf())) daemonSet(e, spec);
			break;
		case 'StatefulSet':
			if ((spec = specOf())) statefulSet(e, spec);
			break;
		case 'Job':
			jobSpec(e, o.spec, 'spec');
			break;
		case 'CronJob':
			if ((spec = specOf())) cronJob(e, spec);
			break;
		case 'Service':
			if ((spec = specOf())) service(e, spec);
			break;
		case 'Ingress':
			if ((spec = specOf())) ingress(e, spec);
			break;
		case 'HorizontalPodAutoscaler':
			if ((spec = specOf())) hpa(e, spec);
			break;
		case 'PodDisruptionBudget':
			if ((spec = specOf())) pdb(e, spec);
			break;
		case 'ConfigMap':
			configMap(e, o);
			break;
		case 'Secret':
			secret(e, o);
			break;
		case 'PersistentVolumeClaim':
			pvcSpec(e, o.spec, 'spec');
			break;
		case 'Node':
			if ((spec = specOf())) node(e, spec);
			break;
		case 'Namespace':
			if ((spec = specOf())) namespace(e, spec);
			break;
		case 'ServiceAccount':
			e.bool(o.automountServiceAccountToken, 'automountServiceAccountToken');
			break;
	}
	return e.list;
}
