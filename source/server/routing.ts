// Routing: the non-resource paths (/version, health, /openapi/v3), authentication, discovery,
// and the parse of /api/{version}/... and /apis/{group}/{version}/... into group, version,
// namespace, resource, name and subresource, dispatched to the handler of the verb.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {
	AGGREGATED_CONTENT_TYPE,
	METRICS_GROUP,
	aggregatedDiscovery,
	apiGroup,
	apiGroupList,
	apiResourceList,
	apiVersions,
	findResource,
	groupVersionsOf,
	resourcesOf,
	wantsAggregated,
} from './discovery.js';
import {OPENAPI_V2_CONTENT_TYPE, openapiRoot, openapiV2, openapiV3Text} from './openapi.js';
import {ANONYMOUS_USER, authenticate, enforce, impersonate, isPrivileged, requestVerb, unauthorized} from './auth.js';
import {RETRY_AFTER, tooManyRequests} from './transport.js';
import {REVIEW_RESOURCES, reviewRequest} from './reviews.js';
import {readBody} from './body.js';
import {bool, malformedPath, methodNotAllowed, notFound, pathSegments, requestUrl, sendJson} from './http.js';
import {metrics} from './metrics.js';
import {resourceRequest, type ApiContext, type ResourcePath, type ResourceRequest} from './request.js';
import {create, del, deleteCollection, get, list, patch, replace} from './resources.js';
import {subresource} from './subresources.js';
import {isWatch, watch, whenFresh} from './watch.js';

export async function route(api: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = requestUrl(req.url);
	if (!url) {
		req.resume();
		return sendJson(res, 400, malformedPath(req.url ?? ''));
	}
	const path = url.pathname.replace(/\/+$/, '') || '/';
	const method = req.method ?? 'GET';

	const caller = authenticate(req, api.cluster, api.token, api.tokens, api.authenticators);
	if (path === '/version' || path === '/healthz' || path === '/readyz' || path === '/livez') {
		// public information: a request without credentials may read it as system:anonymous, as
		// far as RBAC lets system:unauthenticated (system:public-info-viewer); bad credentials are 401
		if (!caller && req.headers.authorization !== undefined) return sendJson(res, 401, unauthorized());
		enforce(api.cluster, caller ?? ANONYMOUS_USER, {verb: requestVerb(method, true, false), nonResourceURL: path});
		if (path === '/version') return sendJson(res, 200, versionInfo(api.cluster.version));
		res.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8'});
		res.end('ok');
		return;
	}
	if (!caller) {
		req.resume();
		return sendJson(res, 401, unauthorized());
	}
	const user = impersonate(req, api.cluster, caller);
	// the API server's in-flight limit, after impersonation and before authorization
	const longRunning = isWatch(url.searchParams) || (path.endsWith('/log') && bool(url.searchParams.get('follow')));
	if (api.inflight && !longRunning && !isPrivileged(user) && !api.inflight.admit(res, MUTATING.has(method))) {
		req.resume();
		res.setHeader('Retry-After', RETRY_AFTER);
		return sendJson(res, 429, tooManyRequests());
	}
	const nonResource = () => enforce(api.cluster, user, {verb: requestVerb(method, true, false), nonResourceURL: path});
	if (path === '/openapi/v3' || path.startsWith('/openapi/v3/') || path === '/openapi/v2') {
		nonResource();
		if (path === '/openapi/v2') return openapiV2Response(req, res);
		return path === '/openapi/v3' ? sendJson(res, 200, openapiRoot()) : openapi(res, path);
	}

	const parts = pathSegments(path);
	if (!parts) {
		req.resume();
		return sendJson(res, 400, malformedPath(path));
	}
	if (parts[0] !== 'api' && parts[0] !== 'apis') {
		nonResource();
		return notFound(res, path);
	}
	const target = parsePath(parts, url.pathname.endsWith('/'));
	if (target === 'discovery' || !target) nonResource();
	else {
		const watching = isWatch(url.searchParams);
		enforce(api.cluster, user, {
			verb: requestVerb(method, !!target.name, watching),
			resource: target.resource.plural,
			apiGroup: target.group,
			subresource: target.subresource,
			name: target.name,
			namespace: target.namespace,
		});
	}
	if (target === 'discovery' || target?.group === METRICS_GROUP) {
		if (method !== 'GET') return methodNotAllowed(res, method, path);
		if (target === 'discovery') return discovery(api, req, res, parts, path);
		return metrics(api.cluster, res, target, url.searchParams);
	}
	if (!target) return notFound(res, path);
	const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, api.maxBody);
	if (REVIEW_RESOURCES.includes(target.resource))
		return reviewRequest({cluster: api.cluster, tokens: api.tokens, authenticators: api.authenticators, user, resource: target.resource, namespace: target.namespace}, req, res, body, path);
	const r = resourceRequest(api, req, res, target, url.searchParams, body);
	r.user = user;
	const handler = target.subresource ? subresource : (target.name ? ITEM_VERBS : COLLECTION_VERBS).get(method);
	if (!handler) return methodNotAllowed(res, method, path);
	handler(r);
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Handler = (r: ResourceRequest) => void;

/** The verbs on a collection (`/pods`); GET with watch=true is a watch. */
const COLLECTION_VERBS = new Map<string, Handler>([
	['GET', r => (isWatch(r.query) ? watch(r) : whenFresh(r, () => list(r)))],
	['POST', create],
	['DELETE', deleteCollection],
]);

/** The verbs on a named object (`/pods/web-1`); a watch of one is a watch of its name. */
const ITEM_VERBS = new Map<string, Handler>([
	['GET', r => (isWatch(r.query) ? watch(r) : get(r))],
	['PUT', replace],
	['PATCH', r => patch(r)],
	['DELETE', del],
]);

function openapi(res: ServerResponse, path: string): void {
	const p = path.slice('/openapi/v3/'.length).split('/');
	const core = p[0] === 'api';
	const text = core ? openapiV3Text('', p[1] ?? '') : p[0] === 'apis' ? openapiV3Text(p[1] ?? '', p[2] ?? '') : undefined;
	if (!text || p.length !== (core ? 2 : 3)) return notFound(res, path);
	res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
	res.end(text);
}

/** Swagger 2.0: the protobuf kubectl asks for, else JSON. */
function openapiV2Response(req: IncomingMessage, res: ServerResponse): void {
	const doc = openapiV2();
	if ((req.headers.accept ?? '').includes('protobuf')) {
		res.writeHead(200, {'Content-Type': OPENAPI_V2_CONTENT_TYPE, 'Content-Length': doc.proto.byteLength});
		res.end(doc.proto);
		return;
	}
	res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(doc.json)});
	res.end(doc.json);
}

/** /api, /apis, /apis/{group} and the resource list of a group version. */
function discovery(api: ApiContext, req: IncomingMessage, res: ServerResponse, parts: string[], path: string): void {
	const core = parts[0] === 'api';
	if (parts.length === 1) {
		if (wantsAggregated(req.headers.accept)) return sendJson(res, 200, aggregatedDiscovery(core), AGGREGATED_CONTENT_TYPE);
		return sendJson(res, 200, core ? apiVersions(api.hostPort()) : apiGroupList());
	}
	if (!core && parts.length === 2) {
		const versions = groupVersionsOf(parts[1]!);
		if (!versions.length) return notFound(res, path);
		return sendJson(res, 200, apiGroup(parts[1]!, versions));
	}
	const group = core ? '' : parts[1]!;
	const version = core ? parts[1]! : parts[2]!;
	if (!resourcesOf(group, version).length) return notFound(res, path);
	sendJson(res, 200, apiResourceList(group, version));
}

/** A path under /api or /apis: a resource, a discovery document, or undefined when it names neither. */
function parsePath(parts: string[], trailingSlash = false): ResourcePath | 'discovery' | undefined {
	const core = parts[0] === 'api';
	if (parts.length < (core ? 3 : 4)) return 'discovery';
	const group = core ? '' : parts[1]!;
	const version = core ? parts[1]! : parts[2]!;
	let rest = parts.slice(core ? 2 : 3);
	let namespace: string | undefined;
	if (rest[0] === 'namespaces' && rest.length >= 3 && findResource(group, version, rest[2]!)?.namespaced) {
		namespace = rest[1];
		rest = rest.slice(2);
	}
	const resource = findResource(group, version, rest[0]!);
	// a node's proxy: the path after it goes to the kubelet (`nodes/N/proxy/logs/`)
	if (resource && rest[2] === 'proxy' && resource.subresources.some(s => s.name === 'proxy')) {
		const proxyPath = rest.slice(3).join('/') + (trailingSlash && rest.length > 3 ? '/' : '');
		return {group, version, resource, namespace, name: rest[1], subresource: 'proxy', proxyPath};
	}
	if (!resource || rest.length > 3) return undefined;
	if (namespace === undefined && resource.namespaced && rest.length > 1) return undefined;
	return {group, version, resource, namespace, name: rest[1], subresource: rest[2]};
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
