// `kubectl port-forward`: GET|POST /api/v1/namespaces/{ns}/pods/{name}/portforward upgraded to
// SPDY/3.1 (`X-Stream-Protocol-Version: portforward.k8s.io`) or to a WebSocket that tunnels the
// same SPDY frames (`SPDY/3.1+portforward.k8s.io`, kubectl 1.31+). Each local connection opens
// an error stream and a data stream (headers streamtype, port, requestid); the bytes of the data
// stream are HTTP/1.x requests, answered by the pod's simulated server on that port, as the
// pod network answers a request from inside the pod. Nothing reaches a host port.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {STATUS_CODES} from 'node:http';
import type {Duplex} from 'node:stream';
import {createHash} from 'node:crypto';
import {WebSocketServer, type WebSocket} from 'ws';
import {isStatusError, type Cluster, type Pod} from '../cluster/index.js';
import {CACHE_CONTROL, failureStatus, internalError, malformedPath, pathSegments, rejectUpgrade, requestUrl, sendJson} from './http.js';
import {createPodNetwork, type PodNetwork} from './network.js';
import {SpdySession, type SpdyStream} from './spdy.js';

const PORTFORWARD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward\/?$/;
export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
export const TUNNEL_PROTOCOL = `SPDY/3.1+${PORTFORWARD_PROTOCOL}`;

/** Largest request head (request line and headers) read from a forwarded connection. */
const MAX_REQUEST_HEAD = 64 * 1024;

export interface UpgradeHandler {
	matches(url: string | undefined): boolean;
	upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	request(req: IncomingMessage, res: ServerResponse): void;
	close(): void;
}

export interface PortForwardOptions {
	/** Who may forward: the Status refusing the request (401, 403), or undefined. */
	admit(req: IncomingMessage, namespace: string, pod: string): {code: number} | undefined;
	/** Whether the request carries credentials the server accepts (for a plain, non-upgrade request). */
	authenticated(req: IncomingMessage): boolean;
}

export function createPortForwardHandler(cluster: Cluster, opts: PortForwardOptions): UpgradeHandler {
	// `SPDY/3.1+portforward.k8s.io` is not an RFC 6455 token, so ws would refuse it: the offer is
	// checked here, taken off the request, and the answer added to the handshake's headers
	const wss = new WebSocketServer({noServer: true});
	const tunnelled = new WeakSet<IncomingMessage>();
	wss.on('headers', (headers: string[], req: IncomingMessage) => {
		if (tunnelled.has(req)) headers.push(`Sec-WebSocket-Protocol: ${TUNNEL_PROTOCOL}`);
	});
	const sessions = new Set<SpdySession>();
	let network: PodNetwork | undefined;

	function target(req: IncomingMessage): {namespace: string; pod: string} | {code: number} {
		const url = requestUrl(req.url);
		const m = url && PORTFORWARD_PATH.exec(url.pathname);
		const names = m && pathSegments(`${m[1]}/${m[2]}`);
		if (!url || !m || !names || names.length !== 2) return malformedPath(req.url ?? '');
		return {namespace: names[0]!, pod: names[1]!};
	}

	function refusal(namespace: string, name: string): {code: number} | undefined {
		let pod: Pod;
		try {
			pod = cluster.get<Pod>('Pod', namespace, name);
		} catch (e) {
			if (isStatusError(e)) return e.status;
			throw e;
		}
		if (pod.status?.phase !== 'Running') return failureStatus(400, 'BadRequest', `pod ${name} is not running: its phase is ${pod.status?.phase ?? 'Pending'}`);
		return undefined;
	}

	function begin(namespace: string, pod: string): (s: SpdyStream) => boolean | (() => void) {
		// the error and data streams of one forwarded connection share a request id
		const pairs = new Map<string, {error?: SpdyStream; data?: SpdyStream}>();
		return s => {
			const type = s.headers.get('streamtype');
			const id = s.headers.get('requestid') ?? '';
			const port = s.headers.get('port') ?? '';
			if (type !== 'error' && type !== 'data') return false;
			const pair = pairs.get(id) ?? {};
			if (pair[type]) return false;
			pair[type] = s;
			pairs.set(id, pair);
			if (!pair.error || !pair.data) return true;
			pairs.delete(id);
			const {error, data} = pair;
			return () => forward(namespace, pod, port, error, data);
		};
	}

	function forward(namespace: string, pod: string, portText: string, errors: SpdyStream, data: SpdyStream): void {
		const port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
		const fail = (message: string) => {
			errors.end(message);
			data.end();
		};
		if (port < 1 || port > 65535) return fail(`invalid port ${JSON.stringify(portText)}`);
		const p = cluster.find<Pod>('Pod', namespace, pod);
		if (!p || p.status?.phase !== 'Running') return fail(`pod ${pod} is gone`);
		if (!listening(namespace, p, port)) {
			const uid = p.metadata.uid ?? '';
			const netns = `cni-${hashedId(uid)}`;
			return fail(
				`error forwarding port ${port} to pod ${sandboxId(uid)}, uid : failed to execute portforward in network namespace "/var/run/netns/${netns}": ` +
					`failed to connect to localhost:${port} inside namespace "${sandboxId(uid)}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused ` +
					`IPv6 dial tcp6 [::1]:${port}: connect: cannot assign requested address `,
			);
		}
		let buf = Buffer.alloc(0);
		let closing = false;
		const finish = () => {
			data.end();
			errors.end();
		};
		data.onEnd(finish);
		data.onData(chunk => {
			if (closing) return;
			buf = Buffer.concat([buf, chunk]);
			for (;;) {
				const parsed = readRequest(buf);
				if (parsed === 'incomplete') {
					if (buf.length > MAX_REQUEST_HEAD) {
						closing = true;
						data.write(httpResponse(431, 'Request Header Fields Too Large\n', {close: true, now: cluster.now()}));
						return finish();
					}
					return;
				}
				if (parsed === 'bad') {
					closing = true;
					data.write(httpResponse(400, 'Bad Request\n', {close: true, now: cluster.now()}));
					return finish();
				}
				buf = buf.subarray(parsed.length);
				network ??= createPodNetwork(cluster);
				const r = network.request(parsed.method, `http://localhost:${port}${parsed.path}`, {namespace, pod, container: '', ip: '127.0.0.1'}, parsed.headers.get('user-agent') ?? '');
				if (!r.ok) {
					// a server that does not speak HTTP (or went away) closes the connection
					closing = true;
					return finish();
				}
				const server = serverHeader(cluster, namespace, pod, port);
				data.write(httpResponse(r.status, r.body, {close: parsed.close, now: cluster.now(), server, html: server?.startsWith('nginx') ?? false, head: parsed.method === 'HEAD'}));
				if (parsed.close) {
					closing = true;
					return finish();
				}
			}
		});
	}

	function listening(namespace: string, pod: Pod, port: number): boolean {
		return pod.spec.containers.some(c => {
			const proc = cluster.containerProcess(namespace, pod.metadata.name, c.name);
			const l = proc?.profile.listen?.(proc.ctx);
			return !!proc && !!l && l.ports.includes(port) && proc.uptimeMs >= l.afterMs;
		});
	}

	function start(session: SpdySession): void {
		sessions.add(session);
		session.onClose(() => sessions.delete(session));
	}

	return {
		matches(url) {
			const parsed = requestUrl(url);
			return !!parsed && PORTFORWARD_PATH.test(parsed.pathname);
		},
		request(req, res) {
			req.resume();
			const body = opts.authenticated(req) ? failureStatus(400, 'BadRequest', 'Upgrade request required') : failureStatus(401, 'Unauthorized', 'Unauthorized');
			sendJson(res, body.code, body);
		},
		upgrade(req, socket, head) {
			socket.on('error', () => socket.destroy());
			const reject = (status: {code: number}) => rejectUpgrade(socket, status.code, status, {'Cache-Control': CACHE_CONTROL});
			let t: ReturnType<typeof target>;
			try {
				t = target(req);
				if ('code' in t) return reject(t);
				const refused = opts.admit(req, t.namespace, t.pod) ?? refusal(t.namespace, t.pod);
				if (refused) return reject(refused);
			} catch (e) {
				return reject(internalError(e));
			}
			const {namespace, pod} = t;
			const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
			if (upgrade === 'websocket') {
				const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map(s => s.trim());
				if (!offered.includes(TUNNEL_PROTOCOL)) return reject(failureStatus(400, 'BadRequest', `unable to upgrade: the port-forward WebSocket protocol is ${TUNNEL_PROTOCOL}`));
				delete req.headers['sec-websocket-protocol'];
				tunnelled.add(req);
				wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
					const session: SpdySession = new SpdySession(
						{
							write: bytes => {
								if (ws.readyState === ws.OPEN) ws.send(bytes, {binary: true});
							},
							close: () => ws.close(1000),
						},
						s => accept(s),
					);
					const accept = begin(namespace, pod);
					start(session);
					ws.on('message', (d: Buffer, binary: boolean) => session.receive(binary ? d : Buffer.from(d)));
					ws.on('close', () => session.close());
					ws.on('error', () => session.close());
				});
				return;
			}
			if (upgrade !== 'spdy/3.1') return reject(failureStatus(400, 'BadRequest', 'unable to upgrade: missing upgrade headers in request'));
			const versions = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map(s => s.trim());
			if (!versions.includes(PORTFORWARD_PROTOCOL))
				return reject(failureStatus(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(versions)}, server supports ["${PORTFORWARD_PROTOCOL}"]`));
			socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORTFORWARD_PROTOCOL}\r\n\r\n`);
			const session: SpdySession = new SpdySession(
				{
					write: bytes => {
						if (socket.writable) socket.write(bytes);
					},
					close: () => socket.end(),
				},
				s => accept(s),
			);
			const accept = begin(namespace, pod);
			start(session);
			socket.on('data', (d: Buffer) => session.receive(d));
			socket.on('close', () => session.close());
			if (head.length) session.receive(head);
		},
		close() {
			for (const s of [...sessions]) s.close();
			sessions.clear();
			wss.close();
		},
	};
}

// ---------------------------------------------------------------- HTTP on the forwarded port

export interface ForwardedRequest {
	method: string;
	path: string;
	headers: Map<string, string>;
	/** Bytes of the request, head and body. */
	length: number;
	/** The client asked to close after this answer (HTTP/1.0, `Connection: close`). */
	close: boolean;
}

/** One HTTP/1.x request at the start of `buf`: 'incomplete' until it is all there, 'bad' when it cannot be read. */
export function readRequest(buf: Buffer): ForwardedRequest | 'incomplete' | 'bad' {
	const end = buf.indexOf('\r\n\r\n');
	if (end < 0) return 'incomplete';
	const lines = buf.toString('latin1', 0, end).split('\r\n');
	const m = /^([A-Z]{1,20}) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? '');
	if (!m) return 'bad';
	const headers = new Map<string, string>();
	for (const line of lines.slice(1)) {
		const i = line.indexOf(':');
		if (i <= 0) return 'bad';
		headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
	}
	if (headers.has('transfer-encoding')) return 'bad';
	const lengthText = headers.get('content-length') ?? '0';
	if (!/^\d{1,9}$/.test(lengthText)) return 'bad';
	const bodyLength = Number(lengthText);
	const length = end + 4 + bodyLength;
	if (buf.length < length) return bodyLength > 16 * 1024 * 1024 ? 'bad' : 'incomplete';
	const connection = (headers.get('connection') ?? '').toLowerCase();
	const close = m[3] === '0' ? connection !== 'keep-alive' : connection === 'close';
	const target = m[2]!;
	const path = target.startsWith('/') ? target : target.replace(/^https?:\/\/[^/]*/i, '') || '/';
	return {method: m[1]!, path, headers, length, close};
}

function httpResponse(status: number, body: string, o: {close: boolean; now: number; server?: string; html?: boolean; head?: boolean}): string {
	const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
	if (o.server) lines.push(`Server: ${o.server}`);
	lines.push(`Date: ${new Date(o.now).toUTCString()}`);
	lines.push(`Content-Type: ${o.html ? 'text/html' : 'text/plain; charset=utf-8'}`);
	lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
	lines.push(`Connection: ${o.close ? 'close' : 'keep-alive'}`);
	return `${lines.join('\r\n')}\r\n\r\n${o.head ? '' : body}`;
}

/** The Server header of the container answering on `port` (nginx names itself). */
function serverHeader(cluster: Cluster, namespace: string, pod: string, port: number): string | undefined {
	const p = cluster.find<Pod>('Pod', namespace, pod);
	for (const c of p?.spec.containers ?? []) {
		const proc = cluster.containerProcess(namespace, pod, c.name);
		if (!proc?.profile.listen?.(proc.ctx)?.ports.includes(port)) continue;
		return proc.profile.repository === 'nginx' ? `nginx/${proc.profile.version ?? ''}` : undefined;
	}
	return undefined;
}

const hashedId = (uid: string) => {
	const h = createHash('sha256').update(`netns\0${uid}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const sandboxId = (uid: string) => createHash('sha256').update(`sandbox\0${uid}`).digest('hex');
