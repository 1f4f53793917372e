// Request bodies: reading them within the size limit, and decoding them by Content-Type
// (JSON, YAML or protobuf; anything else is 415).
import type {IncomingMessage} from 'node:http';
import {parse as parseYaml} from 'yaml';
import {errors} from '../cluster/core/errors.js';
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
				reject(httpError(413, 'RequestEntityTooLarge', `the request body is too large: limit is ${maxBytes} bytes`));
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
		try {
			return parseYaml(text);
		} catch (e) {
			throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
		}
	}
	if (media === 'application/json' || media.endsWith('+json') || media === '*/*' || media === '') {
		try {
			return JSON.parse(text);
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
