// Field validation of request bodies, as the apiserver runs it on create, update and patch: the
// `fieldValidation` query parameter (Strict refuses unknown and duplicate fields, Warn answers
// with a warning for each, Ignore drops them silently; Warn when absent), the decoding error of a
// value of the wrong type (always refused), and the messages of each case.
import type {ServerResponse} from 'node:http';
import {StatusError, errors} from '../../cluster/core/errors.js';
import {goQuote} from '../../kinds/shared/fields.js';
import {definitions, type GVK} from './definitions.js';
import {strictCheck} from './strict.js';
import {kindInfo} from '../../kinds/index.js';
import {prune, type JSONSchema} from '../../kinds/crd/schema.js';

/** The fields a custom resource's schema does not declare, by path, for kinds that have one; undefined for other kinds. */
function customUnknown(gvk: GVK, obj: unknown): string[] | undefined {
	const schema = kindInfo(gvk.kind)?.openapiSchema?.(gvk.version);
	if (!schema || !obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
	return prune(structuredClone(obj) as Record<string, unknown>, schema as JSONSchema);
}

export type Directive = 'Strict' | 'Warn' | 'Ignore';
const DIRECTIVES: readonly Directive[] = ['Ignore', 'Strict', 'Warn'];

/** The request's directive; an unknown one is a 400. */
export function directiveOf(q: URLSearchParams): Directive {
	const v = q.get('fieldValidation');
	if (v === null || v === '') return 'Warn';
	if ((DIRECTIVES as readonly string[]).includes(v)) return v as Directive;
	throw errors.badRequest(`fieldValidation: Unsupported value: ${goQuote(v)}: supported values: "", ${DIRECTIVES.map(goQuote).join(', ')}`);
}

/** The class of the kind a request's path serves, when the schema module knows it. */
export function classFor(gvk: GVK): string | undefined {
	return definitions().classOf(gvk);
}

/** The problems strict decoding finds in `obj` (whose unknown fields are dropped in place): a type error, and the strict errors in order. */
export function findProblems(
	cls: string,
	obj: Record<string, unknown>,
	text?: string,
	current?: object,
): {typeError?: string; conversionError?: string; strict: string[]} {
	const keep = current ? new Set(strictCheck(cls, structuredClone(current) as Record<string, unknown>).unknown) : undefined;
	const r = strictCheck(cls, obj, {keep});
	const strict = [...(text ? duplicateFields(text).map(p => `duplicate field ${goQuote(p)}`) : []), ...r.unknown.map(p => `unknown field ${goQuote(p)}`)];
	return {typeError: r.typeError, conversionError: r.conversionError, strict};
}

/**
 * A create or update body: refused with the decoder's 400 on a type error, or under Strict on an
 * unknown or duplicate field; under Warn each of those becomes a warning. Unknown fields are
 * dropped from `obj` in every case, but for those `current` (the stored object, on an update)
 * already holds.
 */
export function validateBody(gvk: GVK, obj: Record<string, unknown>, text: string | undefined, directive: Directive, current?: object): string[] {
	const cls = classFor(gvk);
	const prefix = `${gvk.kind} in version ${goQuote(gvk.version)} cannot be handled as a ${gvk.kind}: `;
	if (!cls) {
		// a custom resource: what its schema prunes is what strict decoding reports
		const unknown = customUnknown(gvk, obj);
		if (!unknown || directive === 'Ignore') return [];
		const strict = [...(text ? duplicateFields(text).map(p => `duplicate field ${goQuote(p)}`) : []), ...unknown.map(p => `unknown field ${goQuote(p)}`)];
		if (strict.length && directive === 'Strict') throw errors.badRequest(`${prefix}strict decoding error: ${strict.join(', ')}`);
		return strict;
	}
	const {typeError, strict} = findProblems(cls, obj, directive === 'Ignore' ? undefined : text, current);
	if (typeError) throw errors.badRequest(prefix + typeError);
	if (!strict.length || directive === 'Ignore') return [];
	if (directive === 'Strict') throw errors.badRequest(`${prefix}strict decoding error: ${strict.join(', ')}`);
	return strict;
}

/**
 * A patched object: the same checks, refused as the patch handlers refuse them, a 422 on the
 * field `patch` whose value is `shown` (the patch as Go prints a map, or the patched JSON).
 */
export function validatePatched(
	cls: string,
	obj: Record<string, unknown>,
	shown: string,
	directive: Directive,
	strategic: {duplicates: string[]} | undefined,
	current?: object,
): {warnings: string[]; dropped: boolean} {
	const found = findProblems(cls, obj, undefined, current);
	// the strategic patch handler converts the merged map to the typed object, which reports
	// unknown fields sorted, after the duplicates of the patch itself
	const unknown = strategic ? [...found.strict].sort() : found.strict;
	const duplicates = strategic?.duplicates ?? [];
	const strict = directive === 'Ignore' ? [] : [...duplicates.map(p => `duplicate field ${goQuote(p)}`), ...unknown];
	const refuse = (detail: string) => errors.invalid('', '', [{reason: 'FieldValueInvalid', field: 'patch', message: `Invalid value: ${goQuote(shown)}: ${detail}`}]);
	const typeError = strategic ? found.conversionError : found.typeError;
	if (typeError) throw refuse(typeError);
	if (strict.length && directive === 'Strict') throw refuse(`strict decoding error: ${strict.join(', ')}`);
	return {warnings: directive === 'Warn' ? strict : [], dropped: unknown.length > 0};
}

/**
 * A server-side apply configuration: fields its schema does not declare are refused whatever the
 * directive, as the field manager refuses them, with its message.
 */
export function validateApplied(gvk: GVK, obj: unknown, namespace: string | undefined, name: string): void {
	const cls = classFor(gvk);
	if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
	const unknown = cls ? strictCheck(cls, structuredClone(obj) as Record<string, unknown>, {applyPaths: true}).unknown : (customUnknown(gvk, obj) ?? []).map(p => `.${p}`);
	if (!unknown.length) return;
	const problems = unknown.map(p => `${p}: field not declared in schema`);
	const detail = problems.length === 1 ? problems[0] : ['errors:', ...problems.map(p => `  ${p}`)].join('\n');
	const gv = gvk.group ? `${gvk.group}/${gvk.version}` : `/${gvk.version}`;
	throw new StatusError({
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: `failed to create typed patch object (${namespace ?? ''}/${name}; ${gv}, Kind=${gvk.kind}): ${detail}`,
		// kube-apiserver 1.32 still answers this with a bare 500 (kubernetes/kubernetes#139253); the
		// client sent the bad field, so it is a 400 BadRequest here, as the proposed fix makes it
		reason: 'BadRequest',
		code: 400,
	});
}

/** Adds the warnings to the response, one `Warning` header each, as the apiserver words them. */
export function addWarnings(res: ServerResponse, warnings: string[]): void {
	if (!warnings.length || res.headersSent) return;
	const prior = res.getHeader('Warning');
	const list = prior === undefined ? [] : Array.isArray(prior) ? prior.map(String) : [String(prior)];
	res.setHeader('Warning', [...list, ...warnings.map(w => `299 - ${goQuote(w)}`)]);
}

/** A decoded map as Go's `%+v` prints it: `map[spec:map[replicas:3]]`. */
export function goFormat(v: unknown): string {
	if (v === null || v === undefined) return '<nil>';
	if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
	if (typeof v === 'object') {
		const o = v as Record<string, unknown>;
		return `map[${Object.keys(o)
			.sort()
			.map(k => `${k}:${goFormat(o[k])}`)
			.join(' ')}]`;
	}
	return String(v);
}

/** JSON with its object keys sorted, as Go marshals a map. */
export function sortedJson(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
	if (v && typeof v === 'object') {
		const o = v as Record<string, unknown>;
		return `{${Object.keys(o)
			.sort()
			.filter(k => o[k] !== undefined)
			.map(k => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v) ?? 'null';
}

/**
 * The paths of the keys a JSON text gives twice in one object (`spec.replicas`,
 * `spec.containers[0].name`), in document order. Text that is not JSON has none.
 */
export function duplicateFields(text: string): string[] {
	const out: string[] = [];
	let i = 0;
	const ws = () => {
		while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
	};
	const str = (): string => {
		const start = i;
		i++;
		while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
		i++;
		return JSON.parse(text.slice(start, i)) as string;
	};
	const value = (path: string): void => {
		ws();
		const c = text[i];
		if (c === '{') {
			i++;
			const seen = new Set<string>();
			ws();
			if (text[i] === '}') {
				i++;
				return;
			}
			for (;;) {
				ws();
				if (text[i] !== '"') throw new Error('not JSON');
				const key = str();
				const p = path ? `${path}.${key}` : key;
				if (seen.has(key)) out.push(p);
				seen.add(key);
				ws();
				if (text[i++] !== ':') throw new Error('not JSON');
				value(p);
				ws();
				const sep = text[i++];
				if (sep === '}') return;
				if (sep !== ',') throw new Error('not JSON');
			}
		}
		if (c === '[') {
			i++;
			ws();
			if (text[i] === ']') {
				i++;
				return;
			}
			for (let n = 0; ; n++) {
				value(`${path}[${n}]`);
				ws();
				const sep = text[i++];
				if (sep === ']') return;
				if (sep !== ',') throw new Error('not JSON');
			}
		}
		if (c === '"') {
			str();
			return;
		}
		const start = i;
		while (i < text.length && !',]} \n\r\t'.includes(text[i]!)) i++;
		if (i === start) throw new Error('not JSON');
	};
	try {
		value('');
	} catch {
		return [];
	}
	return out;
}
