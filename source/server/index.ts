// The Kubernetes-compatible HTTP API over a Cluster: discovery, resources (list, get, create,
// update, patch, delete, watch), server-side Tables, subresources (log, scale, status,
// eviction, exec), the metrics API and OpenAPI v3 stubs, so the real kubectl works unchanged.
// Every handler runs synchronously against the cluster; real-time driving is the caller's job.
//
// routing.ts parses and dispatches a request; resources.ts, watch.ts, subresources.ts and
// metrics.ts answer it; exec.ts serves the exec upgrade.
import {createTools} from './tools.js';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import {StatusError, type Cluster} from '../cluster/index.js';
import {kindInfo} from '../kinds/index.js';
import {createExecHandler} from './exec.js';
import {createPortForwardHandler} from './portforward.js';
import {CACHE_CONTROL, failureStatus, hostAllowed, hostForbidden, rejectUpgrade, sendError, sendJson} from './http.js';
import type {ApiContext} from './request.js';
import {route} from './routing.js';
import {TOO_LARGE_WAIT_MS} from './watch.js';
import {TokenIssuer} from './tokens.js';
import {authenticate, enforce, impersonate, unauthorized} from './auth.js';
import {Inflight, RETRY_AFTER, guardConnections, requestTimedOut, resolveLimits, serverOptions, tooManyRequests, type ServerLimits} from './transport.js';
import {iamAuthenticator} from './iam.js';
import {staticTokenAuthenticator, type StaticUser} from './static-tokens.js';

export {writeKubeconfig, kubeconfigText, type KubeconfigOptions} from './kubeconfig.js';
export {versionInfo} from './routing.js';
export {DEFAULT_LIMITS, type ServerLimits} from './transport.js';

export interface ApiServerOptions {
	/** When set, every API request needs `Authorization: Bearer <token>`. */
	token?: string;
	/** Users of static bearer tokens (`kubesim serve --user`, a --token-auth-file's lines). */
	users?: readonly StaticUser[];
	/** The real time IAM tokens are checked against (default Date.now). */
	iamNow?: () => number;
	/** Real milliseconds between watch BOOKMARK events (default 10 s). */
	bookmarkIntervalMs?: number;
	/** Real milliseconds a list waits for a resourceVersion not reached yet before answering 504 (default 3 s, as the watch cache waits). */
	tooLargeWaitMs?: number;
	/** Largest request body accepted (default 3 MiB). */
	maxBodyBytes?: number;
	/** Bytes a watch may have queued for a client that stopped reading before it is closed (default 16 MiB). */
	streamBufferBytes?: number;
	/** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
	tls?: {key: string; cert: string};
	/** Timeouts and the connection cap (defaults: DEFAULT_LIMITS). */
	limits?: Partial<ServerLimits>;
	/**
	 * With a state file: resolves once every write so far is on disk. A request that may write
	 * (any method but GET, HEAD and OPTIONS) is answered only after it resolves.
	 */
	durable?: () => Promise<void>;
}

export interface KubeApiServer {
	/** Starts listening; resolves with the bound port (use port 0 for a free one). */
	listen(port?: number, address?: string): Promise<number>;
	close(): Promise<void>;
	/** `http://address:port` (or https) once listening. */
	url(): string;
	readonly server: Server;
	/** Handles one request (exposed for tests and embedding in another server). */
	handle(req: IncomingMessage, res: ServerResponse): void;
}

const MAX_BODY = 3 * 1024 * 1024;

export function createApiServer(cluster: Cluster, opts: ApiServerOptions = {}): KubeApiServer {
	const limits = resolveLimits(opts.limits);
	// a pod's own command reaches Services over the same pod network as kubectl exec does
	cluster.attachPodNetworkTools(createTools(cluster));
	let address = '127.0.0.1';
	let port = 0;
	const api: ApiContext = {
		cluster,
		token: opts.token,
		bookmarkMs: opts.bookmarkIntervalMs ?? 10_000,
		tooLargeWaitMs: opts.tooLargeWaitMs ?? TOO_LARGE_WAIT_MS,
		maxBody: opts.maxBodyBytes ?? MAX_BODY,
		streamBufferBytes: opts.streamBufferBytes ?? 16 * 1024 * 1024,
		streams: new Set(),
		hostPort: () => `${address}:${port}`,
		tokens: new TokenIssuer(),
		inflight: new Inflight(limits),
		authenticators: [staticTokenAuthenticator(opts.users ?? []), iamAuthenticator(cluster, opts.iamNow)],
	};
	/** Who may open a stream to a pod (`create` on its subresource): the refusing Status, or undefined. */
	const admitStream = (req: IncomingMessage, namespace: string, pod: string, subresource: string) => {
		try {
			const caller = authenticate(req, cluster, opts.token, api.tokens, api.authenticators);
			if (!caller) return unauthorized();
			enforce(cluster, impersonate(req, cluster, caller), {verb: 'create', resource: 'pods', subresource, apiGroup: '', namespace, name: pod});
			return undefined;
		} catch (e) {
			if (e instanceof StatusError) return e.status;
			throw e;
		}
	};
	const exec = createExecHandler(cluster, {token: opts.token, admit: admitStream});
	const portForward = createPortForwardHandler(cluster, {
		admit: (req, namespace, pod) => admitStream(req, namespace, pod, 'portforward'),
		authenticated: req => !!authenticate(req, cluster, opts.token, api.tokens, api.authenticators),
	});

	/** Without a token, only requests addressed to this server's own name are answered. */
	const misdirected = (req: IncomingMessage): boolean => !opts.token && port !== 0 && !hostAllowed(req.headers.host, address, port);

	/** The latest request on each connection, so a request timeout while its body comes in can answer it. */
	const reading = new WeakMap<Socket, ServerResponse>();

	function handle(req: IncomingMessage, res: ServerResponse): void {
		res.setHeader('Cache-Control', CACHE_CONTROL);
		if (guard.overCap(req)) {
			req.resume();
			res.shouldKeepAlive = false;
			res.setHeader('Retry-After', RETRY_AFTER);
			return sendJson(res, 429, tooManyRequests());
		}
		reading.set(req.socket, res);
		if (misdirected(req)) {
			req.resume();
			return sendJson(res, 403, hostForbidden(req.headers.host));
		}
		if (exec.matches(req.url)) return exec.request(req, res);
		if (portForward.matches(req.url)) return portForward.request(req, res);
		if (opts.durable && req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') answerWhenDurable(res, opts.durable);
		route(api, req, res).catch(e => {
			try {
				sendError(res, e);
			} catch {
				res.destroy();
			}
		});
	}

	const listener = (req: IncomingMessage, res: ServerResponse) => {
		try {
			handle(req, res);
		} catch (e) {
			try {
				sendError(res, e);
			} catch {
				res.destroy();
			}
		}
	};
	const options = serverOptions(limits);
	const server: Server = opts.tls ? (createHttpsServer({...options, key: opts.tls.key, cert: opts.tls.cert}, listener) as unknown as Server) : createServer(options, listener);
	const guard = guardConnections(server, limits, !!opts.tls);
	server.on('upgrade', (req, socket, head) => {
		try {
			if (guard.overCap(req)) return rejectUpgrade(socket, 429, tooManyRequests(), {'Cache-Control': CACHE_CONTROL, 'Retry-After': RETRY_AFTER});
			if (misdirected(req)) return rejectUpgrade(socket, 403, hostForbidden(req.headers.host), {'Cache-Control': CACHE_CONTROL});
			if (exec.matches(req.url)) return exec.upgrade(req, socket, head);
			if (portForward.matches(req.url)) return portForward.upgrade(req, socket, head);
			// any other upgrade needs credentials before it is refused for what it asks
			if (opts.token && !authenticate(req, cluster, opts.token, api.tokens, api.authenticators)) return rejectUpgrade(socket, 401, unauthorized(), {'Cache-Control': CACHE_CONTROL});
			rejectUpgrade(socket, 400, failureStatus(400, 'BadRequest', 'upgrade is only supported for pods/exec, pods/attach and pods/portforward'));
		} catch {
			socket.destroy();
		}
	});
	// plain HTTP on the HTTPS port is told so in plain text, as Go's server tells it; any other
	// client that does not finish its handshake (within the header timeout) is dropped
	server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: Socket) => {
		const raw = (socket as Socket & {_parent?: Socket})._parent;
		if (err.code === 'ERR_SSL_HTTP_REQUEST' && raw?.writable) {
			raw.once('error', () => raw.destroy());
			raw.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n');
		} else socket.destroy();
	});
	server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
		if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
			// headers not in within the header timeout: dropped without an answer, as Go's server
			// drops them; a body not in within the request timeout: the API server's 504
			const res = reading.get(socket as Socket);
			if (!res || res.req.complete || res.headersSent || !socket.writable) return socket.destroy();
			socket.once('finish', () => socket.destroy());
			return rejectUpgrade(socket, 504, requestTimedOut(), {'Cache-Control': CACHE_CONTROL});
		}
		if (!socket.writable) return socket.destroy();
		// headers over the limit are 431 as Go's server answers them; anything else unreadable is 400
		const code = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
		const status =
			code === 431
				? failureStatus(431, 'RequestHeaderFieldsTooLarge', 'the request headers are too large: the limit is 16 KiB')
				: failureStatus(400, 'BadRequest', 'the request could not be read as HTTP/1.1');
		rejectUpgrade(socket, code, status);
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
			return `${opts.tls ? 'https' : 'http'}://${host}:${port}`;
		},
		close() {
			exec.close();
			portForward.close();
			for (const r of api.streams) r.destroy();
			api.streams.clear();
			return new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections?.();
			});
		},
	};
}

/** Holds a response's end (its headers go with it) until the writes before it are durable. */
function answerWhenDurable(res: ServerResponse, durable: () => Promise<void>): void {
	const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
	(res as unknown as {end: (...args: unknown[]) => ServerResponse}).end = (...args: unknown[]) => {
		durable().then(
			() => end(...args),
			() => res.destroy(),
		);
		return res;
	};
}

export {StatusError, kindInfo};
