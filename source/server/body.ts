// Request bodies: reading them within the size limit, and decoding them by Content-Type
// (JSON, YAML or protobuf; anything else is 415).
import type {IncomingMessage} from 'node:http';
import {parse as parseYaml} from 'yaml';
import {errors} from '../cluster/core/errors.js';
import {shapeProblem} from '../cluster/core/json.js';
import {decodeProtobuf} from './protobuf.js';
import {httpError} from './http.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
	return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let failed = false;
		req.on('data', (c: Buffer) => {
			if (failed) return;
			size += c.length;
			if (size > maxBytes) {
				failed = true;
				reject(httpError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${maxBytes}`));
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks));
		});
		req.on('error', err => {
			if (!failed) reject(err);
		});
	});
}

/**
 * The largest body read as YAML. Decoding YAML costs tens of microseconds per node and cannot
 * be interrupted, so a 3 MiB YAML body would hold the server for seconds; kubectl and the client
 * libraries send JSON, which has the full request limit.
 */
export const MAX_YAML_BYTES = 512 * 1024;

/** How many aliases a YAML body may expand (the yaml library's own default). */
const MAX_ALIASES = 100;

/** YAML text to a value, refusing alias bombs, recursive aliases and excessive nesting. */
export function parseYamlSafely(text: string): unknown {
	const value = parseYaml(text, {maxAliasCount: MAX_ALIASES, prettyErrors: false, logLevel: 'error'});
	const problem = shapeProblem(value);
	if (problem) throw new Error(problem);
	return value;
}

/** JSON text to a value, refusing excessive nesting. */
export function parseJsonSafely(text: string): unknown {
	const value: unknown = JSON.parse(text);
	const problem = shapeProblem(value);
	if (problem) throw new Error(problem);
	return value;
}

/** Decodes a request body per its Content-Type (JSON when none is given): JSON or YAML, else 415. */
export function decode(body: Buffer, contentType: string | undefined, allowEmpty = false): any {
	const media = mediaType(contentType ?? 'application/json');
	const text = body.toString('utf8');
	if (!text.trim()) {
		if (allowEmpty) return undefined;
		throw errors.badRequest('the request body is empty: an object was expected');
	}
	if (media === PROTOBUF) {
		try {
			return decodeProtobuf(body);
		} catch (e) {
			throw httpError(415, 'UnsupportedMediaType', (e as Error).message);
		}
	}
	if (media.endsWith('yaml')) {
		// JSON is YAML: what clients send as YAML (apply patches) is mostly JSON, decoded as such
		const start = text.trimStart()[0];
		if (start === '{' || start === '[') {
			let value: unknown;
			let json = true;
			try {
				value = JSON.parse(text);
			} catch {
				json = false; // not JSON after all: read as YAML below
			}
			if (json) {
				const problem = shapeProblem(value);
				if (problem) throw errors.badRequest(`error decoding YAML: ${problem}`);
				return value;
			}
		}
		if (body.length > MAX_YAML_BYTES)
			throw httpError(413, 'RequestEntityTooLarge', `the YAML body is too large: limit is ${MAX_YAML_BYTES} bytes for YAML (send larger objects as JSON)`);
		try {
			return parseYamlSafely(text);
		} catch (e) {
			throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
		}
	}
	if (media === 'application/json' || media.endsWith('+json') || media === '*/*' || media === '') {
		try {
			return parseJsonSafely(text);
		} catch (e) {
			throw errors.badRequest(`error decoding JSON: ${(e as Error).message}`);
		}
	}
	throw httpError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
}

/** Removes null-valued keys in place (typed decoding turns them into omitted zero values). */
export function dropNulls(v: unknown): unknown {
	if (Array.isArray(v)) v.forEach(dropNulls);
	else if (v && typeof v === 'object') {
		for (const [key, val] of Object.entries(v)) {
			if (val === null) delete (v as Record<string, unknown>)[key];
			else dropNulls(val);
		}
	}
	return v;
}
