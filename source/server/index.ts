// The Kubernetes-compatible HTTP API over a Cluster: discovery, resources (list, get, create,
// update, patch, delete, watch), server-side Tables, subresources (log, scale, status,
// eviction), the metrics API and OpenAPI v3 stubs, so the real kubectl works unchanged.
// Every handler runs synchronously against the cluster; real-time driving is the caller's job.
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {parse as parseYaml} from 'yaml';
import {StatusError, isStatusError, type Cluster, type KObject, type WatchEvent} from '../cluster/index.js';
import {errors} from '../cluster/core/errors.js';
import {APPLY_PATCH, applyPatch} from '../cluster/api/patch.js';
import {kindInfo, resourceName, type KindInfo, type RenderContext} from '../kinds/index.js';
import {AGGREGATED_CONTENT_TYPE, METRICS_GROUP, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, findResource, groupVersionsOf, resourcesOf, wantsAggregated, type ServedResource} from './discovery.js';
import {table, tableRow, columnDefinitions, wantsTable} from './table.js';
import {openapiDocument, openapiRoot} from './openapi.js';
import {decodeProtobuf} from './protobuf.js';
import {createExecHandler} from './exec.js';

export {writeKubeconfig, kubeconfigText, type KubeconfigOptions} from './kubeconfig.js';

export interface ApiServerOptions {
	/** When set, every API request needs `Authorization: Bearer <token>`. */
	token?: string;
	/** Real milliseconds between watch BOOKMARK events (default 10 s). */
	bookmarkIntervalMs?: number;
	/** Largest request body accepted (default 3 MiB). */
	maxBodyBytes?: number;
}

export interface KubeApiServer {
	/** Starts listening; resolves with the bound port (use port 0 for a free one). */
	listen(port?: number, address?: string): Promise<number>;
	close(): Promise<void>;
	/** `http://address:port` once listening. */
	url(): string;
	readonly server: Server;
	/** Handles one request (exposed for tests and embedding in another server). */
	handle(req: IncomingMessage, res: ServerResponse): void;
}

const CACHE_CONTROL = 'no-cache, private';
const MAX_BODY = 3 * 1024 * 1024;

class HttpError extends Error {
	constructor(
		readonly code: number,
		readonly reason: string,
		message: string,
	) {
		super(message);
	}
}

function failureStatus(code: number, reason: string, message: string) {
	return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code};
}

function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
	if (res.headersSent) {
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(code, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text)});
	res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
	if (isStatusError(e)) {
		sendJson(res, e.status.code, e.status);
	} else if (e instanceof HttpError) {
		sendJson(res, e.code, failureStatus(e.code, e.reason, e.message));
	} else {
		sendJson(res, 500, failureStatus(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`));
	}
}

function rfc3339(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function num(v: string | null, name: string): number | undefined {
	if (v === null || v === '') return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
	return n;
}

function bool(v: string | null): boolean {
	return v === 'true' || v === '1';
}

/** A parsed request path under /api or /apis. */
interface ResourcePath {
	group: string;
	version: string;
	resource: ServedResource;
	namespace?: string;
	name?: string;
	subresource?: string;
}

interface ContinueToken {
	rv: string;
	start: number;
}

export function createApiServer(cluster: Cluster, opts: ApiServerOptions = {}): KubeApiServer {
	const bookmarkMs = opts.bookmarkIntervalMs ?? 10_000;
	const maxBody = opts.maxBodyBytes ?? MAX_BODY;
	const openStreams = new Set<ServerResponse>();
	let address = '127.0.0.1';
	let port = 0;

	const ctx = (): RenderContext => ({
		now: cluster.now(),
		get: (kind, ns, name) => cluster.find(kind, ns, name),
		list: (kind, o) => cluster.list(kind, o),
	});

	function readBody(req: IncomingMessage): Promise<Buffer> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			let size = 0;
			let failed = false;
			req.on('data', (c: Buffer) => {
				if (failed) return;
				size += c.length;
				if (size > maxBody) {
					failed = true;
					reject(new HttpError(413, 'RequestEntityTooLarge', `the request body is too large: limit is ${maxBody} bytes`));
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

	/** Decodes a request body per its Content-Type: JSON or YAML, else 415. */
	function decode(body: Buffer, contentType: string | undefined, allowEmpty = false): any {
		const media = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
		const text = body.toString('utf8');
		if (!text.trim()) {
			if (allowEmpty) return undefined;
			throw errors.badRequest('the request body is empty: an object was expected');
		}
		if (media === 'application/vnd.kubernetes.protobuf') {
			try {
				return decodeProtobuf(body);
			} catch (e) {
				throw new HttpError(415, 'UnsupportedMediaType', (e as Error).message);
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
		throw new HttpError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
	}

	function parsePath(parts: string[]): ResourcePath | 'discovery' | undefined {
		let group: string;
		let version: string;
		let rest: string[];
		if (parts[0] === 'api') {
			if (parts.length < 2) return 'discovery';
			group = '';
			version = parts[1]!;
			rest = parts.slice(2);
		} else {
			if (parts.length < 3) return 'discovery';
			group = parts[1]!;
			version = parts[2]!;
			rest = parts.slice(3);
		}
		if (!rest.length) return 'discovery';
		let namespace: string | undefined;
		if (rest[0] === 'namespaces' && rest.length >= 3 && findResource(group, version, rest[2]!)?.namespaced) {
			namespace = rest[1];
			rest = rest.slice(2);
		}
		const resource = findResource(group, version, rest[0]!);
		if (!resource || rest.length > 3) return undefined;
		if (namespace === undefined && resource.namespaced && rest.length > 1) return undefined;
		return {group, version, resource, namespace, name: rest[1], subresource: rest[2]};
	}

	// ---------------------------------------------------------------- request entry

	const exec = createExecHandler(cluster, {token: opts.token});

	// ---------------------------------------------------------------- versions

	/** A stored object as the request's version serves it (converted when that is not the stored one). */
	function present(t: ResourcePath, k: KindInfo, o: KObject): KObject {
		const typed = withType(k, o);
		return t.resource.conversion ? t.resource.conversion.fromStored(typed) : typed;
	}

	/** A request object of the request's version, as the cluster stores it. */
	function toStored(t: ResourcePath, obj: any): any {
		return t.resource.conversion ? t.resource.conversion.toStored(obj) : obj;
	}

	/** The apiVersion the request's path serves. */
	function served(t: ResourcePath, k: KindInfo): string {
		return t.resource.conversion?.apiVersion ?? k.apiVersion;
	}

	function handle(req: IncomingMessage, res: ServerResponse): void {
		res.setHeader('Cache-Control', CACHE_CONTROL);
		if (exec.matches(req.url)) return exec.request(req, res);
		route(req, res).catch(e => {
			try {
				sendError(res, e);
			} catch {
				res.destroy();
			}
		});
	}

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const method = req.method ?? 'GET';
		const accept = req.headers.accept;

		if (path === '/version') return sendJson(res, 200, versionInfo(cluster.version));
		if (path === '/healthz' || path === '/readyz' || path === '/livez') {
			res.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8'});
			res.end('ok');
			return;
		}
		if (opts.token) {
			const auth = req.headers.authorization ?? '';
			if (auth !== `Bearer ${opts.token}`) {
				req.resume();
				return sendJson(res, 401, failureStatus(401, 'Unauthorized', 'Unauthorized'));
			}
		}
		if (path === '/openapi/v3') return sendJson(res, 200, openapiRoot());
		if (path.startsWith('/openapi/v3/')) {
			const p = path.slice('/openapi/v3/'.length).split('/');
			const doc = p[0] === 'api' ? openapiDocument('', p[1] ?? '') : p[0] === 'apis' ? openapiDocument(p[1] ?? '', p[2] ?? '') : undefined;
			if (doc && p.length === (p[0] === 'api' ? 2 : 3)) return sendJson(res, 200, doc);
			return notFound(res, path);
		}

		const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
		if (parts[0] !== 'api' && parts[0] !== 'apis') return notFound(res, path);

		if (parts.length === 1) {
			if (method !== 'GET') return methodNotAllowed(res, method, path);
			const core = parts[0] === 'api';
			if (wantsAggregated(accept)) return sendJson(res, 200, aggregatedDiscovery(core), AGGREGATED_CONTENT_TYPE);
			return sendJson(res, 200, core ? apiVersions(`${address}:${port}`) : apiGroupList());
		}
		if (parts[0] === 'apis' && parts.length === 2) {
			if (method !== 'GET') return methodNotAllowed(res, method, path);
			const versions = groupVersionsOf(parts[1]!);
			if (!versions.length) return notFound(res, path);
			return sendJson(res, 200, apiGroup(parts[1]!, versions));
		}

		const target = parsePath(parts);
		if (target === 'discovery') {
			if (method !== 'GET') return methodNotAllowed(res, method, path);
			const group = parts[0] === 'api' ? '' : parts[1]!;
			const version = parts[0] === 'api' ? parts[1]! : parts[2]!;
			if (!resourcesOf(group, version).length) return notFound(res, path);
			return sendJson(res, 200, apiResourceList(group, version));
		}
		if (!target) return notFound(res, path);
		if (target.group === METRICS_GROUP) {
			if (method !== 'GET') return methodNotAllowed(res, method, path);
			return metrics(res, target, url);
		}
		const k = target.resource.info!;
		const q = url.searchParams;
		const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
		const ct = req.headers['content-type'];

		if (target.subresource) return subresource(req, res, k, target, method, q, body, ct);
		if (!target.name) {
			switch (method) {
				case 'GET':
					if (bool(q.get('watch'))) return watch(req, res, k, target, q);
					return list(res, k, target, q, accept);
				case 'POST':
					return create(res, k, target, q, decode(body, ct));
				case 'DELETE':
					return deleteCollection(res, k, target, q, decode(body, ct, true));
				default:
					return methodNotAllowed(res, method, path);
			}
		}
		switch (method) {
			case 'GET': {
				if (bool(q.get('watch'))) {
					const fs = q.get('fieldSelector');
					q.set('fieldSelector', `metadata.name=${target.name}${fs ? `,${fs}` : ''}`);
					return watch(req, res, k, {...target, name: undefined}, q);
				}
				const obj = cluster.get(k.kind, target.namespace, target.name);
				if (wantsTable(accept))
					return sendJson(res, 200, table(k, [obj], ctx(), q.get('includeObject') ?? 'Metadata', {resourceVersion: obj.metadata.resourceVersion}, o => present(target, k, o)));
				return sendJson(res, 200, present(target, k, obj));
			}
			case 'PUT':
				return replace(res, k, target, q, decode(body, ct));
			case 'PATCH':
				return patch(res, k, target, q, body, ct);
			case 'DELETE':
				return del(res, k, target, q, decode(body, ct, true));
			default:
				return methodNotAllowed(res, method, path);
		}
	}

	function notFound(res: ServerResponse, path: string): void {
		sendJson(res, 404, {...failureStatus(404, 'NotFound', 'the server could not find the requested resource'), details: {causes: [{reason: 'UnexpectedServerResponse', message: `404 page not found: ${path}`}]}});
	}

	function methodNotAllowed(res: ServerResponse, method: string, path: string): void {
		sendJson(res, 405, failureStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method} ${path})`));
	}

	// ---------------------------------------------------------------- collections

	function list(res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams, accept: string | undefined): void {
		const {items, resourceVersion} = cluster.listWithVersion(k.kind, {
			namespace: t.namespace,
			labelSelector: q.get('labelSelector') ?? undefined,
			fieldSelector: q.get('fieldSelector') ?? undefined,
		});
		let start = 0;
		let rv = resourceVersion;
		const cont = q.get('continue');
		if (cont) {
			let token: ContinueToken;
			try {
				token = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8'));
				if (typeof token.start !== 'number' || typeof token.rv !== 'string') throw new Error('bad token');
			} catch {
				throw errors.badRequest('continue key is not valid: invalid continue token');
			}
			start = token.start;
			rv = token.rv;
		}
		const limit = num(q.get('limit'), 'limit') ?? 0;
		const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
		const page = items.slice(start, end);
		const metadata: Record<string, unknown> = {resourceVersion: rv};
		if (end < items.length) {
			metadata.continue = Buffer.from(JSON.stringify({rv, start: end} satisfies ContinueToken)).toString('base64url');
			metadata.remainingItemCount = items.length - end;
		}
		if (wantsTable(accept)) return sendJson(res, 200, table(k, page, ctx(), q.get('includeObject') ?? 'Metadata', metadata, o => present(t, k, o)));
		sendJson(res, 200, {kind: `${k.kind}List`, apiVersion: served(t, k), metadata, items: page.map(o => present(t, k, o))});
	}

	function create(res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams, body: any): void {
		checkBody(k, body, served(t, k));
		const obj = toStored(t, body);
		if (k.namespaced) {
			if (obj.metadata?.namespace && t.namespace && obj.metadata.namespace !== t.namespace)
				throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
			obj.metadata = {...obj.metadata, namespace: t.namespace ?? obj.metadata?.namespace};
		}
		const created = cluster.create(obj, writeOptions(q));
		sendJson(res, 201, present(t, k, created));
	}

	function deleteCollection(res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams, body: any): void {
		const items = cluster.list(k.kind, {namespace: t.namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined});
		const o = deleteOptions(q, body);
		const out: KObject[] = [];
		for (const item of items) {
			try {
				out.push(cluster.delete(k.kind, item.metadata.namespace, item.metadata.name, o));
			} catch (e) {
				if (!(isStatusError(e) && e.code === 404)) throw e;
			}
		}
		sendJson(res, 200, {kind: `${k.kind}List`, apiVersion: served(t, k), metadata: {resourceVersion: cluster.resourceVersion()}, items: out.map(o => present(t, k, o))});
	}

	// ---------------------------------------------------------------- items

	function replace(res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams, body: any): void {
		checkBody(k, body, served(t, k));
		checkName(body, t);
		const obj = toStored(t, body);
		if (k.namespaced) obj.metadata.namespace = t.namespace;
		sendJson(res, 200, present(t, k, cluster.update(obj, writeOptions(q))));
	}

	function patch(res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams, body: Buffer, ct: string | undefined, subresource?: 'status' | 'scale'): void {
		const media = (ct ?? '').split(';')[0]!.trim().toLowerCase();
		if (media === 'application/vnd.kubernetes.protobuf')
			throw new HttpError(415, 'UnsupportedMediaType', 'kubesim does not take protobuf (application/vnd.kubernetes.protobuf) patches; send a JSON, merge or apply patch instead');
		if (!body.length) throw errors.badRequest('the request body is empty: a patch was expected');
		const patchBody: unknown = decode(body, media === 'application/apply-patch+yaml' ? media : 'application/json');
		// JSON-patch values are whole objects as a typed client serialised them (kubectl's
		// rollout undo sends `creationTimestamp: null`): drop the nulls as typed decoding would.
		if (media === 'application/json-patch+json' && Array.isArray(patchBody))
			patchBody.forEach(op => op && typeof op === 'object' && 'value' in op && dropNulls(op.value));
		const existed = subresource ? true : !!cluster.find(k.kind, t.namespace, t.name!);
		const conv = t.resource.conversion;
		if (conv && media !== APPLY_PATCH && subresource !== 'scale') {
			// patch the served version of the current object, then store its conversion back
			const current = cluster.get(k.kind, t.namespace, t.name!);
			const patched = applyPatch(conv.fromStored(withType(k, current)), patchBody, media);
			const next = conv.toStored(patched);
			next.metadata = {...next.metadata, resourceVersion: patched.metadata?.resourceVersion ?? current.metadata.resourceVersion};
			if (next.metadata.name !== current.metadata.name) throw errors.badRequest('metadata.name cannot be changed by a patch');
			if (k.namespaced) next.metadata.namespace = t.namespace;
			const out = subresource === 'status' ? cluster.updateStatus(next) : cluster.update(next, writeOptions(q));
			return sendJson(res, 200, present(t, k, out));
		}
		// an apply configuration is a (partial) object of the served version: convert it whole
		const stored = conv && media === APPLY_PATCH ? conv.toStored(patchBody) : patchBody;
		const out = cluster.patch(k.kind, t.namespace, t.name!, stored, media, {...writeOptions(q), subresource});
		sendJson(res, existed ? 200 : 201, subresource === 'scale' ? out : present(t, k, out));
	}

	function del(res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams, body: any): void {
		const o = deleteOptions(q, body);
		const result = cluster.delete(k.kind, t.namespace, t.name!, o);
		const still = cluster.find(k.kind, t.namespace, t.name!);
		if (o.dryRun || (still && still.metadata.uid === result.metadata.uid)) return sendJson(res, 200, present(t, k, still ?? result));
		sendJson(res, 200, {
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Success',
			details: {name: t.name, ...(k.group ? {group: k.group} : {}), kind: k.plural, uid: result.metadata.uid},
		});
	}

	function checkBody(k: KindInfo, obj: any, apiVersion = k.apiVersion): void {
		if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw errors.badRequest('the request body must be a JSON object');
		dropNulls(obj);
		if (obj.kind === undefined) obj.kind = k.kind;
		if (obj.apiVersion === undefined) obj.apiVersion = apiVersion;
		if (obj.kind !== k.kind || obj.apiVersion !== apiVersion)
			throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion}) or kind (${obj.kind} is not ${k.kind})`);
		if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null)) throw errors.badRequest('metadata must be an object');
	}

	function checkName(obj: any, t: ResourcePath): void {
		obj.metadata = obj.metadata ?? {};
		if (!obj.metadata.name) obj.metadata.name = t.name;
		if (obj.metadata.name !== t.name)
			throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${t.name})`);
		if (t.namespace && obj.metadata.namespace && obj.metadata.namespace !== t.namespace)
			throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
	}

	function writeOptions(q: URLSearchParams) {
		const dry = q.getAll('dryRun');
		return {dryRun: dry.includes('All') ? true : undefined, fieldManager: q.get('fieldManager') ?? undefined};
	}

	function deleteOptions(q: URLSearchParams, body: any) {
		const b = body && typeof body === 'object' ? body : {};
		const grace = b.gracePeriodSeconds ?? num(q.get('gracePeriodSeconds'), 'gracePeriodSeconds');
		let policy = b.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
		if (policy === undefined && (b.orphanDependents === true || q.get('orphanDependents') === 'true')) policy = 'Orphan';
		if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy))
			throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
		const dry = [...(Array.isArray(b.dryRun) ? b.dryRun : []), ...q.getAll('dryRun')];
		return {
			gracePeriodSeconds: typeof grace === 'number' ? grace : undefined,
			propagationPolicy: policy,
			preconditions: b.preconditions ?? undefined,
			dryRun: dry.includes('All') ? true : undefined,
		};
	}

	// ---------------------------------------------------------------- subresources

	function subresource(req: IncomingMessage, res: ServerResponse, k: KindInfo, t: ResourcePath, method: string, q: URLSearchParams, body: Buffer, ct: string | undefined): void {
		const sub = t.subresource!;
		if (!t.resource.subresources.some(s => s.name === sub)) return notFound(res, `${k.plural}/${sub}`);
		const name = t.name!;
		if (sub === 'log') {
			if (method !== 'GET') return methodNotAllowed(res, method, sub);
			return logs(req, res, t, q);
		}
		if (sub === 'eviction') {
			if (method !== 'POST') return methodNotAllowed(res, method, sub);
			const ev = decode(body, ct);
			if (ev?.metadata?.name && ev.metadata.name !== name)
				throw errors.badRequest(`name in URL does not match name in Eviction object`);
			const o = deleteOptions(new URLSearchParams(), ev?.deleteOptions);
			cluster.evict(t.namespace ?? 'default', name, o);
			return sendJson(res, 201, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201});
		}
		if (sub === 'scale') {
			switch (method) {
				case 'GET':
					return sendJson(res, 200, cluster.getScale(k.kind, t.namespace, name));
				case 'PUT': {
					const scale = decode(body, ct);
					const replicas = scale?.spec?.replicas;
					if (typeof replicas !== 'number') throw errors.badRequest('Scale.spec.replicas must be a number');
					const current = cluster.getScale(k.kind, t.namespace, name);
					const rv = scale?.metadata?.resourceVersion;
					if (rv && rv !== current.metadata.resourceVersion) throw errors.conflict(resourceName(k), name);
					return sendJson(res, 200, cluster.scale(k.kind, t.namespace, name, replicas));
				}
				case 'PATCH':
					return patch(res, k, t, q, body, ct, 'scale');
				default:
					return methodNotAllowed(res, method, sub);
			}
		}
		if (sub === 'status') {
			switch (method) {
				case 'GET':
					return sendJson(res, 200, present(t, k, cluster.get(k.kind, t.namespace, name)));
				case 'PUT': {
					const sent = decode(body, ct);
					checkBody(k, sent, served(t, k));
					checkName(sent, t);
					const obj = toStored(t, sent);
					if (k.namespaced) obj.metadata.namespace = t.namespace;
					return sendJson(res, 200, present(t, k, cluster.updateStatus(obj)));
				}
				case 'PATCH':
					return patch(res, k, t, q, body, ct, 'status');
				default:
					return methodNotAllowed(res, method, sub);
			}
		}
		notFound(res, sub);
	}

	function logs(req: IncomingMessage, res: ServerResponse, t: ResourcePath, q: URLSearchParams): void {
		const sinceTime = q.get('sinceTime');
		const lopts = {
			container: q.get('container') || undefined,
			previous: bool(q.get('previous')),
			timestamps: bool(q.get('timestamps')),
			tailLines: num(q.get('tailLines'), 'tailLines'),
			sinceSeconds: num(q.get('sinceSeconds'), 'sinceSeconds'),
			sinceTime: sinceTime ? Date.parse(sinceTime) : undefined,
			limitBytes: num(q.get('limitBytes'), 'limitBytes'),
		};
		const ns = t.namespace ?? 'default';
		const pod = t.name!;
		if (!bool(q.get('follow'))) {
			const lines = cluster.logs(ns, pod, lopts);
			let text = lines.map(l => `${l}\n`).join('');
			if (lopts.limitBytes !== undefined && lopts.limitBytes >= 0) text = Buffer.from(text).subarray(0, lopts.limitBytes).toString('utf8');
			res.writeHead(200, {'Content-Type': 'text/plain'});
			res.end(text);
			return;
		}
		// validate first (errors become a Status), then stream
		cluster.logs(ns, pod, {...lopts, tailLines: 0});
		res.writeHead(200, {'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked'});
		res.flushHeaders();
		const uid = cluster.get('Pod', ns, pod).metadata.uid;
		let stopLogs: (() => void) | undefined;
		let stopWatch: (() => void) | undefined;
		const finish = () => {
			stopLogs?.();
			stopWatch?.();
			stopLogs = stopWatch = undefined;
			openStreams.delete(res);
			if (!res.writableEnded) res.end();
		};
		openStreams.add(res);
		res.on('close', finish);
		stopLogs = cluster.followLogs(ns, pod, lopts, line => {
			try {
				if (!res.writableEnded && !res.destroyed) res.write(`${line}\n`);
			} catch {
				setImmediate(finish);
			}
		});
		stopWatch = cluster.watch(
			'Pod',
			ev => {
				if (ev.type === 'DELETED' && ev.object.metadata.uid === uid) setImmediate(finish);
			},
			{namespace: ns, fieldSelector: `metadata.name=${pod}`},
		);
		void req;
	}

	// ---------------------------------------------------------------- watch

	function watch(req: IncomingMessage, res: ServerResponse, k: KindInfo, t: ResourcePath, q: URLSearchParams): void {
		const asTable = wantsTable(req.headers.accept);
		const includeObject = q.get('includeObject') ?? 'Metadata';
		const rv = q.get('resourceVersion') ?? '';
		const timeout = num(q.get('timeoutSeconds'), 'timeoutSeconds');
		const bookmarks = bool(q.get('allowWatchBookmarks'));
		const labelSelector = q.get('labelSelector') ?? undefined;
		const fieldSelector = q.get('fieldSelector') ?? undefined;
		res.writeHead(200, {'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked'});
		res.flushHeaders();
		let sentColumns = false;
		const encode = (ev: WatchEvent): string => {
			if (ev.type === 'ERROR' || ev.type === 'BOOKMARK' || !asTable)
				return JSON.stringify({type: ev.type, object: ev.type === 'ERROR' || ev.type === 'BOOKMARK' ? ev.object : present(t, k, ev.object)});
			const tbl = {
				kind: 'Table',
				apiVersion: 'meta.k8s.io/v1',
				metadata: {resourceVersion: ev.object.metadata.resourceVersion},
				columnDefinitions: sentColumns ? [] : columnDefinitions(k),
				rows: [tableRow(k, ev.object, ctx(), includeObject, o => present(t, k, o))],
			};
			sentColumns = true;
			return JSON.stringify({type: ev.type, object: tbl});
		};
		const send = (ev: WatchEvent) => {
			// runs inside the cluster's writes: never let a broken stream throw into them
			try {
				if (!res.writableEnded && !res.destroyed) res.write(`${encode(ev)}\n`);
			} catch {
				setImmediate(finish);
			}
		};
		let stop: (() => void) | undefined;
		const timers: Array<ReturnType<typeof setTimeout>> = [];
		const finish = () => {
			stop?.();
			stop = undefined;
			for (const tm of timers) clearTimeout(tm);
			openStreams.delete(res);
			if (!res.writableEnded) res.end();
		};
		openStreams.add(res);
		res.on('close', finish);
		try {
			if (rv === '' || rv === '0') {
				for (const o of cluster.list(k.kind, {namespace: t.namespace, labelSelector, fieldSelector})) send({type: 'ADDED', object: o});
			}
			stop = cluster.watch(k.kind, send, {namespace: t.namespace, labelSelector, fieldSelector, resourceVersion: rv === '0' ? undefined : rv || undefined});
		} catch (e) {
			const status = isStatusError(e) ? e.status : failureStatus(500, 'InternalError', String(e));
			send({type: 'ERROR', object: status as unknown as KObject});
			finish();
			return;
		}
		if (timeout !== undefined && timeout > 0) timers.push(setTimeout(finish, timeout * 1000));
		if (bookmarks && bookmarkMs > 0) {
			const tick = () => {
				send({type: 'BOOKMARK', object: {kind: k.kind, apiVersion: served(t, k), metadata: {name: '', resourceVersion: cluster.resourceVersion()}} as KObject});
				timers.push(setTimeout(tick, bookmarkMs));
			};
			timers.push(setTimeout(tick, bookmarkMs));
		}
	}

	// ---------------------------------------------------------------- metrics.k8s.io

	function metrics(res: ServerResponse, t: ResourcePath, url: URL): void {
		const q = url.searchParams;
		const labelSelector = q.get('labelSelector') ?? undefined;
		const kind = t.resource.kind;
		const apiVersion = `${METRICS_GROUP}/v1beta1`;
		const cpu = (m: number) => `${Math.max(0, Math.round(m * 1e6))}n`;
		const mem = (b: number) => `${Math.max(0, Math.round(b / 1024))}Ki`;
		const podMetrics = (pod: KObject) => {
			const ns = pod.metadata.namespace!;
			const usage = cluster.usage('Pod', ns, pod.metadata.name);
			const containers = cluster.containerUsage(ns, pod.metadata.name);
			if (!usage || !containers) return undefined;
			return {
				kind,
				apiVersion,
				metadata: {name: pod.metadata.name, namespace: ns, creationTimestamp: rfc3339(cluster.now()), labels: pod.metadata.labels},
				timestamp: rfc3339(usage.timestamp),
				window: '15s',
				containers: containers.map(c => ({name: c.name, usage: {cpu: cpu(c.cpuMilli), memory: mem(c.memoryBytes)}})),
			};
		};
		const nodeMetrics = (node: KObject) => {
			const usage = cluster.usage('Node', undefined, node.metadata.name);
			if (!usage) return undefined;
			return {
				kind,
				apiVersion,
				metadata: {name: node.metadata.name, creationTimestamp: rfc3339(cluster.now()), labels: node.metadata.labels},
				timestamp: rfc3339(usage.timestamp),
				window: '20s',
				usage: {cpu: cpu(usage.cpuMilli), memory: mem(usage.memoryBytes)},
			};
		};
		const isPods = kind === 'PodMetrics';
		const render = (o: KObject) => (isPods ? podMetrics(o) : nodeMetrics(o));
		if (t.name) {
			const obj = cluster.get(isPods ? 'Pod' : 'Node', t.namespace, t.name);
			const m = render(obj);
			if (!m) throw errors.notFound(`${t.resource.plural}.${METRICS_GROUP}`, t.name);
			return sendJson(res, 200, m);
		}
		const objs = cluster.list(isPods ? 'Pod' : 'Node', {namespace: t.namespace, labelSelector, fieldSelector: q.get('fieldSelector') ?? undefined});
		const items = objs.map(render).filter(Boolean);
		sendJson(res, 200, {kind: `${kind}List`, apiVersion, metadata: {}, items});
	}

	// ---------------------------------------------------------------- server

	const server = createServer((req, res) => {
		try {
			handle(req, res);
		} catch (e) {
			sendError(res, e);
		}
	});
	server.on('upgrade', (req, socket, head) => {
		if (exec.matches(req.url)) return exec.upgrade(req, socket, head);
		const text = JSON.stringify(failureStatus(400, 'BadRequest', 'upgrade is only supported for pods/exec'));
		socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
	});
	server.on('clientError', (_err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});

	return {
		server,
		handle,
		listen(p = 6443, addr = '127.0.0.1') {
			return new Promise<number>((resolve, reject) => {
				server.once('error', reject);
				server.listen(p, addr, () => {
					server.off('error', reject);
					address = addr;
					port = (server.address() as AddressInfo).port;
					resolve(port);
				});
			});
		},
		url() {
			const host = address.includes(':') ? `[${address}]` : address;
			return `http://${host}:${port}`;
		},
		close() {
			exec.close();
			for (const r of openStreams) r.destroy();
			openStreams.clear();
			return new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections?.();
			});
		},
	};
}

/** Removes null-valued keys in place (typed decoding turns them into omitted zero values). */
function dropNulls(v: unknown): unknown {
	if (Array.isArray(v)) v.forEach(dropNulls);
	else if (v && typeof v === 'object') {
		for (const [key, val] of Object.entries(v)) {
			if (val === null) delete (v as Record<string, unknown>)[key];
			else dropNulls(val);
		}
	}
	return v;
}

function withType(k: KindInfo, obj: KObject): KObject {
	if (obj.kind && obj.apiVersion) return obj;
	return {...obj, kind: k.kind, apiVersion: k.apiVersion};
}

export function versionInfo(version: string) {
	const m = /^v(\d+)\.(\d+)/.exec(version);
	return {
		major: m?.[1] ?? '1',
		minor: m?.[2] ?? '32',
		gitVersion: version,
		gitCommit: '0000000000000000000000000000000000000000',
		gitTreeState: 'clean',
		buildDate: '2025-02-12T21:19:37Z',
		goVersion: 'go1.23.6',
		compiler: 'gc',
		platform: 'linux/amd64',
	};
}

export {StatusError, kindInfo};
