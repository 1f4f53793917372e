// What keeps slow or idle clients from starving the others: timeouts on reading a request and on
// idle connections (node:http enforces them), a cap on open connections, and the API server's
// limit of requests in flight; past either, a request is answered 429 Too Many Requests with
// Retry-After, as the API server answers. Long-running requests (watch, logs -f, exec) are not
// cut: the timeouts cover only receiving a request, and an upgraded connection leaves the HTTP
// server.
import type {IncomingMessage, Server, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {failureStatus} from './http.js';

export interface ServerLimits {
	/** Real milliseconds to receive a request's headers (and, over TLS, to finish the handshake); the API server's ReadHeaderTimeout is 32 s. */
	headersTimeoutMs: number;
	/** Real milliseconds to receive a whole request, body included (the API server's --request-timeout is 1 min). */
	requestTimeoutMs: number;
	/** Real milliseconds a kept-alive connection may sit idle between requests (the API server's IdleTimeout is 90 s). */
	keepAliveTimeoutMs: number;
	/** Open connections answered normally; the ones past it get 429, and past twice it are closed at once. */
	maxConnections: number;
	/** The API server's --max-requests-inflight: reads at once, past which a request is 429. */
	maxRequestsInflight: number;
	/** The API server's --max-mutating-requests-inflight: writes at once. */
	maxMutatingRequestsInflight: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
	headersTimeoutMs: 32_000,
	requestTimeoutMs: 60_000,
	keepAliveTimeoutMs: 90_000,
	maxConnections: 1000,
	maxRequestsInflight: 400,
	maxMutatingRequestsInflight: 200,
};

/** The limits with `overrides`, checked: whole positive numbers, headers no longer than the request. */
export function resolveLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
	const limits = {...DEFAULT_LIMITS};
	for (const [name, value] of Object.entries(overrides)) {
		if (!(name in DEFAULT_LIMITS)) throw new Error(`unknown server limit ${JSON.stringify(name)} (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
		if (value === undefined) continue;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`server limit ${name} must be a whole number above 0, got ${JSON.stringify(value)}`);
		limits[name as keyof ServerLimits] = value;
	}
	if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new Error('server limit headersTimeoutMs must not exceed requestTimeoutMs');
	return limits;
}

/** The options node:http takes for these limits (https takes them too, with the handshake's). */
export function serverOptions(limits: ServerLimits) {
	return {
		headersTimeout: limits.headersTimeoutMs,
		requestTimeout: limits.requestTimeoutMs,
		// how often node:http looks for requests past their time: a few times within the header timeout
		connectionsCheckingInterval: Math.max(20, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
		handshakeTimeout: limits.headersTimeoutMs,
	};
}

export const RETRY_AFTER = '1';

/** The 429 the API server answers past its in-flight limit, as a Status. */
export function tooManyRequests() {
	return {...failureStatus(429, 'TooManyRequests', 'Too many requests, please try again later.'), details: {retryAfterSeconds: Number(RETRY_AFTER)}};
}

/** The 504 of a request not received within the request timeout, as the API server's timeout filter words it. */
export function requestTimedOut() {
	return failureStatus(504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded');
}

/**
 * The API server's max-in-flight filter: the requests being served, reads and writes counted
 * apart, each kind refused with 429 past its limit. The caller leaves out long-running requests
 * (watch, logs -f) and users in system:masters, as the API server does.
 */
export class Inflight {
	private reads = 0;
	private writes = 0;

	constructor(private readonly limits: Pick<ServerLimits, 'maxRequestsInflight' | 'maxMutatingRequestsInflight'>) {}

	/** Counts the request until its response closes; false when its kind is at its limit. */
	admit(res: ServerResponse, mutating: boolean): boolean {
		if (mutating ? this.writes >= this.limits.maxMutatingRequestsInflight : this.reads >= this.limits.maxRequestsInflight) return false;
		if (mutating) this.writes++;
		else this.reads++;
		res.once('close', () => (mutating ? this.writes-- : this.reads--));
		return true;
	}
}

export interface ConnectionGuard {
	/** Whether a request came over a connection opened past the cap. */
	overCap(req: IncomingMessage): boolean;
	/** Connections open now. */
	open(): number;
}

/**
 * Counts the server's open connections and marks the ones opened past `limits.maxConnections`
 * (over TLS, once their handshake is done, when they can first be answered).
 */
export function guardConnections(server: Server, limits: ServerLimits, tls: boolean): ConnectionGuard {
	let open = 0;
	const marked = new WeakSet<Socket>();
	server.maxConnections = limits.maxConnections * 2;
	server.keepAliveTimeout = limits.keepAliveTimeoutMs;
	server.on('connection', (socket: Socket) => {
		open++;
		socket.once('close', () => open--);
		if (!tls && open > limits.maxConnections) marked.add(socket);
	});
	if (tls)
		server.on('secureConnection', (socket: Socket) => {
			if (open > limits.maxConnections) marked.add(socket);
		});
	return {
		overCap: req => marked.has(req.socket),
		open: () => open,
	};
}
