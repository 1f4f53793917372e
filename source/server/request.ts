// What a handler works with: the server's shared state, and one resource request (its parsed
// path, query and body) with the version conversions and Table output of its resource.
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Cluster, KObject} from '../cluster/index.js';
import type {KindInfo, RenderContext, UserInfo} from '../kinds/index.js';
import type {TokenIssuer} from './tokens.js';
import type {Inflight} from './transport.js';
import type {TokenAuthenticator} from './auth.js';
import type {ServedResource} from './discovery.js';
import {decode} from './body.js';
import {sendJson} from './http.js';
import {table, wantsTable} from './table.js';

/** State shared by every request to one server. */
export interface ApiContext {
	readonly cluster: Cluster;
	/** When set, every request needs `Authorization: Bearer <token>`. */
	readonly token?: string;
	/** Real milliseconds between watch BOOKMARK events. */
	readonly bookmarkMs: number;
	/** Real milliseconds a list waits for a resourceVersion not reached yet before its 504. */
	readonly tooLargeWaitMs: number;
	/** Largest request body accepted. */
	readonly maxBody: number;
	/** Bytes a watch or log stream may have waiting for a client that does not read, before it is closed. */
	readonly streamBufferBytes: number;
	/** The responses of open watch and log streams, ended when the server closes. */
	readonly streams: Set<ServerResponse>;
	/** `address:port` the server listens on. */
	hostPort(): string;
	/** Signs and checks ServiceAccount tokens. */
	readonly tokens: TokenIssuer;
	/** The requests in flight, against the server's limits. */
	readonly inflight?: Inflight;
	/** The other bearer-token authenticators: static tokens, an EKS cluster's IAM tokens. */
	readonly authenticators: readonly TokenAuthenticator[];
}

/** A parsed request path under /api or /apis. */
export interface ResourcePath {
	group: string;
	version: string;
	resource: ServedResource;
	namespace?: string;
	name?: string;
	subresource?: string;
	/** What follows `/proxy/` of a node (`logs/`), with its trailing slash. */
	proxyPath?: string;
}

/** One request for a resource, a named object of it, or a subresource of that object. */
export interface ResourceRequest {
	readonly api: ApiContext;
	readonly cluster: Cluster;
	readonly req: IncomingMessage;
	readonly res: ServerResponse;
	readonly method: string;
	readonly target: ResourcePath;
	readonly query: URLSearchParams;
	/** The raw body (empty for GET and HEAD). */
	readonly body: Buffer;
	readonly contentType: string | undefined;
	/** The registry entry of the resource. */
	readonly kind: KindInfo;
	/** Who makes the request (after impersonation). */
	user?: UserInfo;
	/** The apiVersion the request's path serves. */
	readonly apiVersion: string;
	/** The body decoded per its Content-Type. */
	decoded(allowEmpty?: boolean): any;
	/** A stored object as the request's version serves it (converted when that is not the stored one). */
	present(obj: KObject): KObject;
	/** A request object of the request's version, as the cluster stores it. */
	toStored(obj: any): any;
	/** The namespace and selectors of a list or watch; a named request selects that name only. */
	selectors(): ReturnType<typeof selectors>;
	/** What the kinds registry needs to render table cells. */
	renderContext(): RenderContext;
	/** Whether the client asked for a Table. */
	wantsTable(): boolean;
	/** Sends `items` as a Table with the request's includeObject. */
	sendTable(items: KObject[], metadata: Record<string, unknown>): void;
	send(code: number, body: unknown): void;
}

export function resourceRequest(
	api: ApiContext,
	req: IncomingMessage,
	res: ServerResponse,
	target: ResourcePath,
	query: URLSearchParams,
	body: Buffer,
): ResourceRequest {
	const {cluster} = api;
	const kind = target.resource.info!;
	const conversion = target.resource.conversion;
	const contentType = req.headers['content-type'];
	const present = (obj: KObject): KObject => {
		const typed = withType(kind, obj);
		return conversion ? conversion.fromStored(typed) : typed;
	};
	const renderContext = (): RenderContext => ({
		now: cluster.now(),
		get: cluster.find.bind(cluster),
		list: cluster.list.bind(cluster),
	});
	return {
		api,
		cluster,
		req,
		res,
		method: req.method ?? 'GET',
		target,
		query,
		body,
		contentType,
		kind,
		apiVersion: conversion?.apiVersion ?? kind.apiVersion,
		decoded: allowEmpty => decode(body, contentType, allowEmpty),
		present,
		toStored: obj => (conversion ? conversion.toStored(obj) : obj),
		selectors: () => selectors(target, query),
		renderContext,
		wantsTable: () => wantsTable(req.headers.accept),
		sendTable: (items, metadata) => sendJson(res, 200, table(kind, items, renderContext(), includeObject(query), metadata, present)),
		send: (code, out) => sendJson(res, code, out),
	};
}

/** The namespace and selectors of a list or watch; a named request selects that name only. */
export function selectors(target: ResourcePath, query: URLSearchParams): {namespace?: string; labelSelector?: string; fieldSelector?: string} {
	const fs = query.get('fieldSelector');
	return {
		namespace: target.namespace,
		labelSelector: query.get('labelSelector') ?? undefined,
		fieldSelector: target.name ? `metadata.name=${target.name}${fs ? `,${fs}` : ''}` : (fs ?? undefined),
	};
}

/** What a Table row embeds: None, Metadata (the default) or Object. */
export function includeObject(query: URLSearchParams): string {
	return query.get('includeObject') ?? 'Metadata';
}

export function withType(k: KindInfo, obj: KObject): KObject {
	if (obj.kind && obj.apiVersion) return obj;
	return {...obj, kind: k.kind, apiVersion: k.apiVersion};
}
