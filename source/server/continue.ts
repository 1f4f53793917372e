// Continue tokens of paged lists, in the apiserver's own format: unpadded base64url of
// `{"v":"meta.k8s.io/v1","rv":<resourceVersion>,"start":"<key after the last item>"}`, where
// the key is `namespace/name` (or `name` for a cluster-scoped kind) and ends in a NUL so that
// the next page starts strictly after the last item sent. An rv of -1 means "continue from the
// latest state" (what a 410 Expired hands back when the snapshot is gone).
import {errors} from '../cluster/core/errors.js';

export const CONTINUE_VERSION = 'meta.k8s.io/v1';

export interface ContinueToken {
	/** The resourceVersion the list was cut at; -1 for an inconsistent continuation. */
	rv: number;
	/** The key the next page starts at (inclusive). */
	start: string;
}

const INVALID = 'continue key is not valid';

export function encodeContinue(rv: number, start: string): string {
	return Buffer.from(JSON.stringify({v: CONTINUE_VERSION, rv, start}), 'utf8').toString('base64url');
}

/** The key of the item a page ended with, as the next page's start (just after it). */
export function keyAfter(namespace: string | undefined, name: string): string {
	return `${namespace ? `${namespace}/` : ''}${name}\u0000`;
}

/** Decodes a token; a forged or undecodable one throws a 400 BadRequest with the apiserver's text. */
export function decodeContinue(token: string): ContinueToken {
	const bad = base64Problem(token);
	if (bad !== undefined) throw errors.badRequest(`${INVALID}: illegal base64 data at input byte ${bad}`);
	const text = Buffer.from(token, 'base64url').toString('utf8');
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw errors.badRequest(`${INVALID}: ${jsonProblem(text)}`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		const what = parsed === null ? undefined : Array.isArray(parsed) ? 'array' : typeof parsed === 'string' ? 'string' : typeof parsed === 'boolean' ? 'bool' : 'number';
		// null decodes to the zero token, which has no version
		if (what === undefined) throw errors.badRequest(`${INVALID}: server does not recognize this encoded version `);
		throw errors.badRequest(`${INVALID}: json: cannot unmarshal ${what} into Go value of type storage.continueToken`);
	}
	const o = parsed as Record<string, unknown>;
	const field = (name: string, want: 'string' | 'number'): void => {
		const v = o[name];
		if (v === undefined || v === null || typeof v === want) return;
		const got = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
		throw errors.badRequest(`${INVALID}: json: cannot unmarshal ${got} into Go struct field continueToken.${name} of type ${want === 'number' ? 'int64' : 'string'}`);
	};
	field('v', 'string');
	field('rv', 'number');
	field('start', 'string');
	const rv = o.rv as number | undefined;
	if (rv !== undefined && rv !== null && !Number.isSafeInteger(rv)) throw errors.badRequest(`${INVALID}: json: cannot unmarshal number ${rv} into Go struct field continueToken.rv of type int64`);
	const v = (o.v as string | undefined) ?? '';
	if (v !== CONTINUE_VERSION) throw errors.badRequest(`${INVALID}: server does not recognize this encoded version ${v}`);
	if (!rv) throw errors.badRequest(`${INVALID}: incorrect encoded start resourceVersion (version ${CONTINUE_VERSION})`);
	const start = (o.start as string | undefined) ?? '';
	if (!start) throw errors.badRequest(`${INVALID}: encoded start key empty (version ${CONTINUE_VERSION})`);
	// a key may not climb out of the kind's prefix (`../secrets/...`), nor be spelled two ways
	if (cleanPath(`/${start.replace(/^\//, '')}`) !== `/${start.replace(/^\//, '')}`) throw errors.badRequest(`${INVALID}: ${start}`);
	return {rv, start: start.replace(/^\//, '')};
}

/** The index of the first byte that is not unpadded base64url, or undefined when all are. */
function base64Problem(s: string): number | undefined {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
		if (!ok) return i;
	}
	// four characters make three bytes; one left over cannot be a byte
	if (s.length % 4 === 1) return s.length - 1;
	return undefined;
}

function jsonProblem(text: string): string {
	const trimmed = text.trimStart();
	if (!trimmed) return 'unexpected end of JSON input';
	const c = trimmed[0]!;
	if (!'{["-0123456789tfn'.includes(c)) return `invalid character ${quoteChar(c)} looking for beginning of value`;
	return 'unexpected end of JSON input';
}

function quoteChar(c: string): string {
	if (c === "'") return `'\\''`;
	if (c === '"') return `'"'`;
	const code = c.codePointAt(0)!;
	if (code < 0x20) return `'\\x${code.toString(16).padStart(2, '0')}'`;
	return `'${c}'`;
}

/** A slash path with `.`, `..` and repeated slashes resolved, as a clean absolute path. */
function cleanPath(p: string): string {
	const out: string[] = [];
	for (const part of p.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return `/${out.join('/')}`;
}

/** Splits a start key into namespace and name (the NUL of "just after" kept on the name). */
export function splitKey(start: string, namespaced: boolean): {namespace: string; name: string} {
	if (!namespaced) return {namespace: '', name: start};
	const slash = start.indexOf('/');
	return slash < 0 ? {namespace: start, name: ''} : {namespace: start.slice(0, slash), name: start.slice(slash + 1)};
}
