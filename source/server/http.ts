// Responses shared by every part of the API server: JSON bodies, Status failures, the 404 and 405
// the real server sends, and a raw HTTP answer on a socket that asked for an upgrade.
import {STATUS_CODES, type ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {StatusError, isStatusError} from '../cluster/index.js';
import {errors} from '../cluster/core/errors.js';

export const CACHE_CONTROL = 'no-cache, private';

/** A Status of kind Failure, as the real server sends it. */
export function failureStatus(code: number, reason: string, message: string) {
	return {kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const, message, reason, code};
}

/** An error the server answers with a Status it has no `errors` helper for (401, 413, 415). */
export function httpError(code: number, reason: string, message: string): StatusError {
	return new StatusError(failureStatus(code, reason, message));
}

/** The 500 for an unexpected exception. */
export function internalError(e: unknown) {
	return failureStatus(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
	if (res.headersSent) {
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(code, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text)});
	res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): void {
	if (isStatusError(e)) sendJson(res, e.status.code, e.status);
	else sendJson(res, 500, internalError(e));
}

export function notFound(res: ServerResponse, path: string): void {
	sendJson(res, 404, {
		...failureStatus(404, 'NotFound', 'the server could not find the requested resource'),
		details: {causes: [{reason: 'UnexpectedServerResponse', message: `404 page not found: ${path}`}]},
	});
}

export function methodNotAllowed(res: ServerResponse, method: string, path: string): void {
	sendJson(res, 405, failureStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method} ${path})`));
}

/** Answers an upgrade request with a plain HTTP response carrying `body`, and closes the socket. */
export function rejectUpgrade(socket: Duplex, code: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	const extra = Object.entries(headers)
		.map(([name, value]) => `${name}: ${value}\r\n`)
		.join('');
	socket.end(
		`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: application/json\r\n${extra}` +
			`Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
	);
}

/** A numeric query parameter, undefined when absent or empty. */
export function num(v: string | null, name: string): number | undefined {
	if (v === null || v === '') return undefined;
	const n = Number(v);
	// every numeric parameter of the API is an int64
	if (!/^-?\d+$/.test(v.trim()) || !Number.isFinite(n) || Math.abs(n) > 2 ** 63 - 1024) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
	return n;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** A boolean query parameter, read as Go's strconv.ParseBool reads it (the Python client sends `True`). */
export function bool(v: string | null): boolean {
	return v !== null && TRUE.has(v);
}

/**
 * The request's URL, parsed without trusting it: a target that is not a path (`//host:99999/`,
 * `*`, an absolute URL) is read as a path, so `pathname` is always what the client sent after
 * the authority. Undefined when it cannot be read at all (the caller answers 400).
 */
export function requestUrl(raw: string | undefined): URL | undefined {
	const target = raw ?? '/';
	try {
		return new URL(`http://localhost${target.startsWith('/') ? '' : '/'}${target}`);
	} catch {
		return undefined;
	}
}

/** The path segments of a URL path, percent-decoded; undefined for a malformed escape (`%E0%A4%A`). */
export function pathSegments(path: string): string[] | undefined {
	try {
		return path.split('/').filter(Boolean).map(decodeURIComponent);
	} catch {
		return undefined;
	}
}

/** The 400 for a request target that cannot be decoded. */
export function malformedPath(path: string) {
	return failureStatus(400, 'BadRequest', `the request path ${JSON.stringify(path)} is not a valid URI: a malformed percent escape`);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether a request's Host header names this server: a loopback name or IP literal, or the
 * address it listens on, with its port. A server without a token checks this so that a web page
 * whose name was re-pointed at 127.0.0.1 (DNS rebinding) cannot read the cluster through a browser.
 */
export function hostAllowed(host: string | undefined, listenAddress: string, port: number): boolean {
	if (!host) return false;
	const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.trim().toLowerCase());
	if (!m) return false;
	const name = m[1]!;
	const hostPort = m[2] === undefined ? 80 : Number(m[2]);
	if (hostPort !== port) return false;
	const bare = name.startsWith('[') ? name.slice(1, -1) : name;
	if (LOOPBACK_NAMES.has(name) || bare === listenAddress.toLowerCase()) return true;
	// an IP literal cannot be re-pointed by DNS: any address of this machine is fine
	return /^\d{1,3}(\.\d{1,3}){3}$/.test(bare) || (name.startsWith('[') && /^[0-9a-f:.]+$/.test(bare));
}

/** The 403 for a Host header that names another server. */
export function hostForbidden(host: string | undefined) {
	return failureStatus(
		403,
		'Forbidden',
		`forbidden: the Host header ${JSON.stringify(host ?? '')} does not name this server: without a token kubesim answers only requests addressed to its own address`,
	);
}
