// The four ways a client can PATCH an object, applied the way kube-apiserver applies them:
// JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch with its
// directives, and server-side apply (approximated as a strategic merge of the applied
// configuration, without field ownership). Every function here returns a fresh value and
// leaves its arguments untouched.
import {parse as parseYaml} from 'yaml';
import type {KObject} from '../types.js';
import {errors, StatusError} from '../core/errors.js';
import {type ListMerge, kindInfo} from '../../kinds/index.js';

type JsonMap = Record<string, unknown>;

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The media types a PATCH may carry, in the order the apiserver lists them. */
export const PATCH_CONTENT_TYPES = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH, STRATEGIC_MERGE_PATCH] as const;
export type PatchContentType = (typeof PATCH_CONTENT_TYPES)[number];

// ---------------------------------------------------------------------------------------------
// Dispatch

/**
 * Applies `patch` to `target` according to the request's Content-Type. The patch may be the
 * decoded body or its text (JSON for the JSON types, YAML for apply).
 */
export function applyPatch(target: KObject, patch: unknown, contentType: string): KObject {
	switch (mediaType(contentType)) {
		case JSON_PATCH:
			return asObject(jsonPatch(target, decodeBody(patch, 'json')));
		case MERGE_PATCH: {
			const body = decodeBody(patch, 'json');
			if (!isMap(body)) throw cannotUnmarshal(body, 'map[string]interface {}');
			return asObject(jsonMergePatch(target, body));
		}
		case STRATEGIC_MERGE_PATCH:
			return strategicMergePatch(target, decodeBody(patch, 'json'));
		case APPLY_PATCH:
			return serverSideApply(target, decodeBody(patch, 'yaml'));
		default:
			throw new StatusError({
				kind: 'Status',
				apiVersion: 'v1',
				metadata: {},
				status: 'Failure',
				message: `the body of the request was in an unknown format - accepted media types include: ${PATCH_CONTENT_TYPES.join(', ')}`,
				reason: 'UnsupportedMediaType',
				code: 415,
			});
	}
}

function mediaType(contentType: string): string {
	return String(contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function decodeBody(body: unknown, format: 'json' | 'yaml'): unknown {
	let text: string;
	if (typeof body === 'string') text = body;
	else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
	else return body;
	try {
		return format === 'json' ? JSON.parse(text) : parseYaml(text);
	} catch (e) {
		throw errors.badRequest(`error decoding patch: ${e instanceof Error ? e.message : String(e)}`);
	}
}

function asObject(value: unknown): KObject {
	if (!isMap(value)) throw cannotUnmarshal(value, 'map[string]interface {}');
	return value as KObject;
}

/**
 * Server-side apply without managed fields: the applied configuration names the fields the
 * applier wants, and those are merged into the live object with strategic semantics. Fields it
 * does not mention keep their live values; `null` in an applied configuration means "not
 * mine", so it clears nothing.
 */
function serverSideApply(target: KObject, body: unknown): KObject {
	if (!isMap(body)) throw cannotUnmarshal(body, 'map[string]interface {}');
	const kind = body['kind'];
	if (kind !== undefined && kind !== null && kind !== target.kind) {
		throw errors.badRequest(`the kind of the applied object (${String(kind)}) does not match the kind of the object being patched (${target.kind})`);
	}
	const meta = body['metadata'];
	if (isMap(meta)) {
		const name = meta['name'];
		if (typeof name === 'string' && name && name !== target.metadata.name) {
			throw errors.badRequest(`the name of the object (${name}) does not match the name on the URL (${target.metadata.name})`);
		}
		const namespace = meta['namespace'];
		if (typeof namespace === 'string' && namespace && target.metadata.namespace && namespace !== target.metadata.namespace) {
			throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
		}
	}
	return strategicMergePatch(target, appliedConfiguration(body));
}

/** The applied configuration as plain desired state: no nulls, no patch directives. */
function appliedConfiguration(value: unknown): unknown {
	if (Array.isArray(value)) return value.filter(v => v !== null && v !== undefined).map(appliedConfiguration);
	if (!isMap(value)) return value;
	const out: JsonMap = {};
	for (const [k, v] of Object.entries(value)) {
		if (v === null || v === undefined || isDirectiveKey(k)) continue;
		setKey(out, k, appliedConfiguration(v));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// JSON merge patch, RFC 7386

/** RFC 7386: objects merge recursively, `null` removes a member, everything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
	return mergeInto(clone(target), patch);
}

/** `target` is owned by the caller (already a copy) and may be reused. */
function mergeInto(target: unknown, patch: unknown): unknown {
	if (!isMap(patch)) return clone(patch);
	const out: JsonMap = isMap(target) ? target : {};
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) continue;
		if (v === null) delete out[k];
		else setKey(out, k, mergeInto(getKey(out, k), v));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// JSON patch, RFC 6902

type OpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OP_NAMES: ReadonlySet<string> = new Set<OpName>(['add', 'remove', 'replace', 'move', 'copy', 'test']);

interface Operation {
	op: OpName;
	path: string;
	at: string[];
	from?: string;
	source?: string[];
	value?: unknown;
}

/**
 * RFC 6902. The operations run in order against a copy of `target`; the first one that does
 * not apply aborts the whole patch with a 422 Invalid, as the apiserver answers. A body that is
 * not a list of well-formed operations is a 400 BadRequest.
 */
export function jsonPatch(target: unknown, ops: unknown): unknown {
	let doc = clone(target);
	for (const op of decodeOperations(ops)) doc = applyOperation(doc, op);
	return doc;
}

function decodeOperations(ops: unknown): Operation[] {
	if (!Array.isArray(ops)) throw cannotUnmarshal(ops, 'jsonpatch.Patch');
	return ops.map((raw): Operation => {
		if (!isMap(raw)) throw cannotUnmarshal(raw, 'jsonpatch.Operation');
		const op = raw['op'];
		if (typeof op !== 'string' || !OP_NAMES.has(op)) throw errors.badRequest(`Unexpected kind: ${typeof op === 'string' ? op : 'unknown'}`);
		const name = op as OpName;
		const path = raw['path'];
		if (typeof path !== 'string') throw errors.badRequest(`jsonpatch ${name} operation is missing the path field`);
		const out: Operation = {op: name, path, at: parsePointer(path)};
		if (name === 'move' || name === 'copy') {
			const from = raw['from'];
			if (typeof from !== 'string') throw errors.badRequest(`jsonpatch ${name} operation is missing the from field`);
			out.from = from;
			out.source = parsePointer(from);
		}
		if (name === 'add' || name === 'replace' || name === 'test') {
			if (!Object.hasOwn(raw, 'value') || raw['value'] === undefined) throw errors.badRequest(`jsonpatch ${name} operation is missing the value field`);
			out.value = raw['value'];
		}
		return out;
	});
}

/** RFC 6901: `""` is the whole document, otherwise `/`-separated tokens with `~1` for `/` and `~0` for `~`. */
function parsePointer(pointer: string): string[] {
	if (pointer === '') return [];
	if (!pointer.startsWith('/')) throw errors.badRequest(`jsonpatch: invalid JSON pointer ${JSON.stringify(pointer)}: it must be empty or start with "/"`);
	return pointer
		.slice(1)
		.split('/')
		.map(token => {
			if (/~(?![01])/.test(token)) throw errors.badRequest(`jsonpatch: invalid escape in JSON pointer ${JSON.stringify(pointer)}`);
			return token.replace(/~1/g, '/').replace(/~0/g, '~');
		});
}

const MISSING = Symbol('missing');

function arrayIndex(token: string): number | undefined {
	return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

function lookup(doc: unknown, at: readonly string[]): unknown {
	let cur = doc;
	for (const token of at) {
		if (Array.isArray(cur)) {
			const i = arrayIndex(token);
			if (i === undefined || i >= cur.length) return MISSING;
			cur = cur[i];
		} else if (isMap(cur)) {
			if (!Object.hasOwn(cur, token)) return MISSING;
			cur = cur[token];
		} else {
			return MISSING;
		}
	}
	return cur;
}

function doesNotApply(op: OpName, why: string): StatusError {
	const message = `jsonpatch ${op} operation does not apply: ${why}`;
	return new StatusError({
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message,
		reason: 'Invalid',
		details: {causes: [{reason: 'UnexpectedServerResponse', message}]},
		code: 422,
	});
}

function missingPath(op: OpName, path: string): StatusError {
	return doesNotApply(op, `doc is missing path: ${JSON.stringify(path)}`);
}

function applyOperation(doc: unknown, op: Operation): unknown {
	switch (op.op) {
		case 'add':
			return insert(doc, op.at, clone(op.value), 'add', op.path);
		case 'remove':
			take(doc, op.at, 'remove', op.path);
			return doc;
		case 'replace': {
			if (lookup(doc, op.at) === MISSING) throw doesNotApply('replace', `doc is missing key: ${op.path}`);
			if (op.at.length === 0) return clone(op.value);
			const parent = lookup(doc, op.at.slice(0, -1));
			const last = op.at[op.at.length - 1]!;
			if (Array.isArray(parent)) parent[arrayIndex(last)!] = clone(op.value);
			else setKey(parent as JsonMap, last, clone(op.value));
			return doc;
		}
		case 'move': {
			const source = op.source!;
			if (lookup(doc, source) === MISSING) throw doesNotApply('move', `doc is missing from path: ${JSON.stringify(op.from)}`);
			if (op.from === op.path) return doc;
			if (op.path.startsWith(`${op.from}/`)) throw doesNotApply('move', `cannot move ${JSON.stringify(op.from)} into its own child ${JSON.stringify(op.path)}`);
			const value = take(doc, source, 'move', op.from!);
			return insert(doc, op.at, value, 'move', op.path);
		}
		case 'copy': {
			const value = lookup(doc, op.source!);
			if (value === MISSING) throw doesNotApply('copy', `doc is missing from path: ${JSON.stringify(op.from)}`);
			return insert(doc, op.at, clone(value), 'copy', op.path);
		}
		case 'test': {
			const value = lookup(doc, op.at);
			if (value === MISSING) throw missingPath('test', op.path);
			if (!jsonEqual(value, op.value)) throw doesNotApply('test', 'is not equal');
			return doc;
		}
	}
}

/** Adds `value` at `at` (inserting into arrays, `-` appends) and returns the document. */
function insert(doc: unknown, at: readonly string[], value: unknown, op: OpName, path: string): unknown {
	if (at.length === 0) return value;
	const parent = lookup(doc, at.slice(0, -1));
	const last = at[at.length - 1]!;
	if (Array.isArray(parent)) {
		const i = last === '-' ? parent.length : arrayIndex(last);
		if (i === undefined || i > parent.length) throw missingPath(op, path);
		parent.splice(i, 0, value);
	} else if (isMap(parent)) {
		setKey(parent, last, value);
	} else {
		throw missingPath(op, path);
	}
	return doc;
}

/** Removes and returns the value at `at`. */
function take(doc: unknown, at: readonly string[], op: OpName, path: string): unknown {
	if (at.length === 0) throw doesNotApply(op, 'cannot remove the whole document');
	const parent = lookup(doc, at.slice(0, -1));
	const last = at[at.length - 1]!;
	if (Array.isArray(parent)) {
		const i = arrayIndex(last);
		if (i === undefined || i >= parent.length) throw missingPath(op, path);
		return parent.splice(i, 1)[0];
	}
	if (isMap(parent) && Object.hasOwn(parent, last)) {
		const value = parent[last];
		delete parent[last];
		return value;
	}
	throw missingPath(op, path);
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch

const PATCH_DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

function isDirectiveKey(key: string): boolean {
	return key === PATCH_DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

/** How a list field merges: by a key field of its elements, as a set of primitives, or not at all. */
type ListStrategy = ListMerge | {type: 'replace'};

interface ListRule {
	/** The list's own field name: the last segment of its path. */
	field: string;
	/** The field that encloses it (for lists inside list elements, the enclosing list's field). */
	parent?: readonly string[];
	strategy: ListStrategy;
}

const byKey = (key: string): ListStrategy => ({type: 'merge', key});
const AS_SET: ListStrategy = {type: 'set'};
const REPLACE: ListStrategy = {type: 'replace'};
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/**
 * The merge strategies of the lists every kind may hold; a kind's own lists are its module's
 * (KindApi.listMerges). A list matching no rule is replaced whole.
 */
const LIST_RULES: readonly ListRule[] = [
	// ObjectMeta, at the root and in every template.
	{field: 'finalizers', parent: ['metadata'], strategy: AS_SET},
	{field: 'ownerReferences', parent: ['metadata'], strategy: byKey('uid')},
	// PodSpec, in pods and in every pod template.
	...CONTAINER_LISTS.map((field): ListRule => ({field, parent: ['spec'], strategy: byKey('name')})),
	{field: 'volumes', parent: ['spec'], strategy: byKey('name')},
	{field: 'hostAliases', parent: ['spec'], strategy: byKey('ip')},
	{field: 'topologySpreadConstraints', parent: ['spec'], strategy: byKey('topologyKey')},
	{field: 'schedulingGates', parent: ['spec'], strategy: byKey('name')},
	{field: 'resourceClaims', parent: ['spec'], strategy: byKey('name')},
	{field: 'tolerations', strategy: REPLACE},
	{field: 'imagePullSecrets', strategy: byKey('name')},
	// Container.
	{field: 'ports', parent: CONTAINER_LISTS, strategy: byKey('containerPort')},
	{field: 'env', parent: CONTAINER_LISTS, strategy: byKey('name')},
	{field: 'envFrom', parent: CONTAINER_LISTS, strategy: REPLACE},
	{field: 'volumeMounts', parent: CONTAINER_LISTS, strategy: byKey('mountPath')},
	{field: 'volumeDevices', parent: CONTAINER_LISTS, strategy: byKey('devicePath')},
	// Status conditions of every kind.
	{field: 'conditions', strategy: byKey('type')},
];

function listStrategy(ctx: MergeContext, path: readonly string[]): ListStrategy {
	const field = path[path.length - 1];
	const parent = path[path.length - 2];
	for (const rule of LIST_RULES) {
		if (rule.field !== field) continue;
		if (rule.parent && (parent === undefined || !rule.parent.includes(parent))) continue;
		return rule.strategy;
	}
	return ctx.lists?.[path.join('.')] ?? REPLACE;
}

/** How a strategic merge patch merges the list at `path` in an object of `kind`: undefined when it replaces it whole. */
export function listMergeAt(kind: string, path: readonly string[]): ListMerge | undefined {
	const s = listStrategy({lists: kindInfo(kind)?.api?.listMerges}, path);
	return s.type === 'replace' ? undefined : s;
}

interface MergeContext {
	/** The lists of the target's kind, by path; none when the kind is unknown. */
	lists: Readonly<Record<string, ListMerge>> | undefined;
}

/** Returned by a merge when a `$patch: delete` directive removes the value altogether. */
const DELETE = Symbol('delete');

/**
 * Kubernetes' strategic merge patch for the built-in kinds. Maps merge recursively and `null`
 * removes a field. Lists merge according to where they sit (see LIST_RULES): by a merge key
 * (containers by name, env by name, ...), as a set (finalizers), or they are replaced. The
 * directives `$patch` (replace, delete, merge), `$retainKeys`, `$setElementOrder/<list>` and
 * `$deleteFromPrimitiveList/<list>` are honoured and never appear in the result.
 */
export function strategicMergePatch(target: KObject, patch: unknown): KObject {
	if (!isMap(patch)) throw cannotUnmarshal(patch, 'map[string]interface {}');
	const kind = typeof target?.kind === 'string' && target.kind ? target.kind : typeof patch['kind'] === 'string' ? patch['kind'] : '';
	const base = clone(target) as unknown;
	const merged = mergeMap(isMap(base) ? base : undefined, patch, [], {lists: kindInfo(kind)?.api?.listMerges});
	if (merged === DELETE) throw errors.badRequest('a strategic merge patch cannot delete the whole object');
	return merged as KObject;
}

/** Merges `patch` into `original`, which the caller owns (a copy) and which may be reused. */
function mergeMap(original: JsonMap | undefined, patch: JsonMap, path: readonly string[], ctx: MergeContext): JsonMap | typeof DELETE {
	const directive = getKey(patch, PATCH_DIRECTIVE);
	if (directive !== undefined) {
		if (directive === 'delete') return DELETE;
		if (directive === 'replace') {
			const rest: JsonMap = {};
			for (const [k, v] of Object.entries(patch)) if (k !== PATCH_DIRECTIVE) setKey(rest, k, v);
			return mergeMap(undefined, rest, path, ctx);
		}
		if (directive !== 'merge') throw errors.badRequest(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`);
	}

	const out: JsonMap = original ?? {};

	const retain = getKey(patch, RETAIN_KEYS);
	if (retain !== undefined) {
		if (!Array.isArray(retain) || !retain.every(k => typeof k === 'string')) {
			throw errors.badRequest(`invalid ${RETAIN_KEYS} directive at ${describePath(path)}: expected a list of field names`);
		}
		const keep = new Set<string>(retain);
		for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
	}

	// `$deleteFromPrimitiveList` runs before the lists merge, so a patch can drop and add at once;
	// `$setElementOrder` runs after, on the merged lists.
	const orders: Array<[string, unknown[]]> = [];
	for (const [k, v] of Object.entries(patch)) {
		if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
			const field = k.slice(DELETE_FROM_PRIMITIVE_LIST.length);
			if (!Array.isArray(v)) throw errors.badRequest(`invalid ${k} directive at ${describePath(path)}: expected a list`);
			const current = getKey(out, field);
			if (Array.isArray(current)) setKey(out, field, current.filter(x => !v.some(d => jsonEqual(d, x))));
		} else if (k.startsWith(SET_ELEMENT_ORDER)) {
			if (!Array.isArray(v)) throw errors.badRequest(`invalid ${k} directive at ${describePath(path)}: expected a list`);
			orders.push([k.slice(SET_ELEMENT_ORDER.length), v]);
		}
	}

	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined || isDirectiveKey(k)) continue;
		if (v === null) {
			delete out[k];
			continue;
		}
		const current = getKey(out, k);
		let next: unknown;
		if (isMap(v)) next = mergeMap(isMap(current) ? current : undefined, v, [...path, k], ctx);
		else if (Array.isArray(v)) next = mergeList(Array.isArray(current) ? current : [], v, [...path, k], ctx);
		else next = v;
		if (next === DELETE) delete out[k];
		else setKey(out, k, next);
	}

	for (const [field, order] of orders) {
		const current = getKey(out, field);
		if (Array.isArray(current)) setKey(out, field, reorder(current, order, [...path, field], ctx));
	}
	return out;
}

function mergeList(original: unknown[], patch: unknown[], path: readonly string[], ctx: MergeContext): unknown[] | typeof DELETE {
	// Elements that are nothing but a `$patch` directive speak for the whole list.
	let replace = false;
	const items: unknown[] = [];
	for (const el of patch) {
		if (isMap(el) && Object.hasOwn(el, PATCH_DIRECTIVE) && Object.keys(el).length === 1) {
			const directive = el[PATCH_DIRECTIVE];
			if (directive === 'delete') return DELETE;
			if (directive === 'replace') replace = true;
			else if (directive !== 'merge') throw errors.badRequest(`unknown patch type: ${JSON.stringify(directive)} in list: ${describePath(path)}`);
			continue;
		}
		items.push(el);
	}

	const strategy = listStrategy(ctx, path);
	if (replace || strategy.type === 'replace') {
		const out: unknown[] = [];
		for (const el of items) {
			const value = isMap(el) ? mergeMap(undefined, el, path, ctx) : clone(el);
			if (value !== DELETE) out.push(value);
		}
		return out;
	}

	const out = original.slice();
	if (strategy.type === 'set') {
		for (const el of items) if (!out.some(x => jsonEqual(x, el))) out.push(clone(el));
		return out;
	}

	const key = strategy.key;
	for (const el of items) {
		if (!isMap(el)) throw errors.badRequest(`invalid element ${JSON.stringify(el)} in ${describePath(path)}: expected an object with the merge key ${JSON.stringify(key)}`);
		if (!Object.hasOwn(el, key)) throw errors.badRequest(`map: ${JSON.stringify(el)} does not contain declared merge key: ${key}`);
		const same = (x: unknown) => isMap(x) && Object.hasOwn(x, key) && jsonEqual(x[key], el[key]);
		const i = out.findIndex(same);
		const merged = mergeMap(i >= 0 ? (out[i] as JsonMap) : undefined, el, path, ctx);
		if (merged === DELETE) {
			for (let j = out.length - 1; j >= 0; j--) if (same(out[j])) out.splice(j, 1);
		} else if (i >= 0) {
			out[i] = merged;
		} else {
			out.push(merged);
		}
	}
	return out;
}

/** `$setElementOrder`: the listed elements first, in the listed order, then the rest as they were. */
function reorder(list: unknown[], order: unknown[], path: readonly string[], ctx: MergeContext): unknown[] {
	const strategy = listStrategy(ctx, path);
	if (strategy.type === 'replace') return list;
	const identity = (x: unknown): unknown => (strategy.type === 'merge' ? (isMap(x) ? getKey(x, strategy.key) : MISSING) : x);
	const wanted = order.map(o => {
		if (strategy.type === 'merge' && !(isMap(o) && Object.hasOwn(o, strategy.key))) {
			throw errors.badRequest(`invalid $setElementOrder/${path[path.length - 1]} element ${JSON.stringify(o)}: it must contain the merge key ${JSON.stringify(strategy.key)}`);
		}
		return identity(o);
	});
	const used = new Set<number>();
	const out: unknown[] = [];
	for (const id of wanted) {
		const i = list.findIndex((x, j) => !used.has(j) && identity(x) !== MISSING && jsonEqual(identity(x), id));
		if (i < 0) continue;
		used.add(i);
		out.push(list[i]);
	}
	list.forEach((x, j) => {
		if (!used.has(j)) out.push(x);
	});
	return out;
}

function describePath(path: readonly string[]): string {
	return path.length ? path.join('.') : '<root>';
}

// ---------------------------------------------------------------------------------------------
// JSON values

function isMap(v: unknown): v is JsonMap {
	return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Own members only, so a `__proto__` key in a patch stays data. */
function getKey(m: JsonMap, k: string): unknown {
	return Object.hasOwn(m, k) ? m[k] : undefined;
}

function setKey(m: JsonMap, k: string, v: unknown): void {
	if (k === '__proto__') Object.defineProperty(m, k, {value: v, writable: true, enumerable: true, configurable: true});
	else m[k] = v;
}

function clone<T>(v: T): T {
	if (Array.isArray(v)) return v.map(clone) as T;
	if (isMap(v)) {
		const out: JsonMap = {};
		for (const [k, x] of Object.entries(v)) setKey(out, k, clone(x));
		return out as T;
	}
	return v;
}

function jsonEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
	if (isMap(a)) {
		if (!isMap(b)) return false;
		const keys = Object.keys(a).filter(k => a[k] !== undefined);
		if (keys.length !== Object.keys(b).filter(k => b[k] !== undefined).length) return false;
		return keys.every(k => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
	}
	return false;
}

/** The error encoding/json gives the apiserver for a body of the wrong shape. */
function cannotUnmarshal(value: unknown, goType: string): StatusError {
	const jsonType =
		value === null || value === undefined
			? 'null'
			: Array.isArray(value)
				? 'array'
				: typeof value === 'boolean'
					? 'bool'
					: typeof value === 'object'
						? 'object'
						: typeof value;
	return errors.badRequest(`json: cannot unmarshal ${jsonType} into Go value of type ${goType}`);
}
