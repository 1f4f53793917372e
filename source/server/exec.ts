// `kubectl exec` over the API server: GET|POST /api/v1/namespaces/{ns}/pods/{name}/exec upgraded
// to a WebSocket (subprotocol v5.channel.k8s.io, else v4), frames prefixed by a channel byte
// (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close in v5), ending with a Status on
// channel 3. The command runs in the container's simulated shell, with the cluster-aware
// programs of tools.ts; `-it` with a shell gets an interactive prompt. The command runs in
// slices of a few milliseconds per event-loop turn, so a busy loop never holds the server, and
// it stops when the client goes away (or presses Ctrl-C in a terminal).
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {randomBytes} from 'node:crypto';
import {WebSocketServer} from 'ws';
import {SpdySession, type SpdyStream} from './spdy.js';
import {hasContainer, isStatusError, type Cluster, type Pod} from '../cluster/index.js';
import type {ExecResult, ExecRun} from '../cluster/apps/index.js';
import {authorized, unauthorized} from './auth.js';
import {CACHE_CONTROL, bool, failureStatus, internalError, malformedPath, pathSegments, rejectUpgrade, requestUrl, sendJson} from './http.js';
import {createTools} from './tools.js';

const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)\/?$/;
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** Real time one exec session may run per event-loop turn before the server answers others. */
const SLICE_MS = 5;
/** Steps of a command between two looks at the clock. */
const STEPS_PER_CALL = 4;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;

interface ExecRequest {
	namespace: string;
	pod: string;
	container: string;
	argv: string[];
	stdin: boolean;
	stdout: boolean;
	stderr: boolean;
	tty: boolean;
}

function rejectSocket(socket: Duplex, code: number, body: unknown): void {
	rejectUpgrade(socket, code, body, {'Cache-Control': CACHE_CONTROL});
}

export interface ExecHandler {
	/** True for the exec and attach paths this module answers. */
	matches(url: string | undefined): boolean;
	/** An HTTP upgrade request (WebSocket or SPDY) to exec/attach. */
	upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** A plain request to exec/attach (no upgrade): 400 like the real server. */
	request(req: IncomingMessage, res: ServerResponse): void;
	close(): void;
}

export interface ExecOptions {
	token?: string;
	/** Who may exec or attach into a pod: the Status refusing the request (401, 403), or undefined. */
	admit?(req: IncomingMessage, namespace: string, pod: string, subresource: 'exec' | 'attach'): {code: number} | undefined;
}

export function createExecHandler(cluster: Cluster, opts: ExecOptions = {}): ExecHandler {
	const wss = new WebSocketServer({
		noServer: true,
		handleProtocols: offered => PROTOCOLS.find(p => offered.has(p)) ?? false,
	});
	const tools = createTools(cluster);
	const sessions = new Set<Channel>();

	/** The exec request of a matching URL, or the Status that refuses a URL it cannot read. */
	function parse(req: IncomingMessage): {req: ExecRequest; attach: boolean} | {code: number} {
		const url = requestUrl(req.url);
		const m = url && EXEC_PATH.exec(url.pathname);
		const names = m && pathSegments(`${m[1]}/${m[2]}`);
		if (!url || !m || !names || names.length !== 2) return malformedPath(req.url ?? '');
		const q = url.searchParams;
		const flag = (n: string) => bool(q.get(n));
		return {
			attach: m[3] === 'attach',
			req: {
				namespace: names[0]!,
				pod: names[1]!,
				container: q.get('container') ?? '',
				argv: q.getAll('command'),
				stdin: flag('stdin'),
				stdout: flag('stdout'),
				stderr: flag('stderr'),
				tty: flag('tty'),
			},
		};
	}

	/** The Status that refuses the request before any upgrade, or undefined when it may run. */
	function refusal(r: ExecRequest, attach: boolean): {code: number} | undefined {
		let pod: Pod;
		try {
			pod = cluster.get<Pod>('Pod', r.namespace, r.pod);
		} catch (e) {
			if (isStatusError(e)) return e.status;
			throw e;
		}
		const name = r.container || pod.spec.containers[0]!.name;
		if (!hasContainer(pod, name))
			return failureStatus(400, 'BadRequest', `container ${name} is not valid for pod ${r.pod}`);
		if (!attach && !r.argv.length) return failureStatus(400, 'BadRequest', 'you must specify at least 1 command');
		const proc = cluster.containerProcess(r.namespace, r.pod, name);
		if (!proc) return failureStatus(400, 'BadRequest', `container not found ("${name}")`);
		r.container = name;
		// attach reaches the container's own process: its command is what a shell prompt names
		if (attach) r.argv = proc.argv;
		return undefined;
	}

	return {
		matches(url) {
			const parsed = requestUrl(url);
			return !!parsed && EXEC_PATH.test(parsed.pathname);
		},
		request(req, res) {
			req.resume();
			const body = authorized(req, opts.token) ? failureStatus(400, 'BadRequest', 'Upgrade request required') : unauthorized();
			sendJson(res, body.code, body);
		},
		upgrade(req, socket, head) {
			socket.on('error', () => socket.destroy());
			if (!opts.admit && !authorized(req, opts.token)) return rejectSocket(socket, 401, unauthorized());
			let parsed: {req: ExecRequest; attach: boolean};
			let refused: ReturnType<typeof refusal>;
			try {
				const p = parse(req);
				if ('code' in p) return rejectSocket(socket, p.code, p);
				parsed = p;
				refused = opts.admit?.(req, parsed.req.namespace, parsed.req.pod, parsed.attach ? 'attach' : 'exec') ?? refusal(parsed.req, parsed.attach);
			} catch (e) {
				return rejectSocket(socket, 500, internalError(e));
			}
			if (refused) return rejectSocket(socket, refused.code, refused);
			const upgrade = (req.headers.upgrade ?? '').toLowerCase();
			const begin = (ws: Channel) => {
				sessions.add(ws);
				ws.on('close', () => sessions.delete(ws));
				if (parsed.attach) attachSession(ws, parsed.req);
				else session(ws, parsed.req);
			};
			if (upgrade === 'spdy/3.1') return spdyUpgrade(req, socket, head, parsed.req, begin);
			const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
				.split(',')
				.map(s => s.trim());
			if (upgrade !== 'websocket' || !PROTOCOLS.some(p => protocols.includes(p)))
				return rejectSocket(socket, 400, failureStatus(400, 'BadRequest', `unable to upgrade: kubesim serves exec and attach over WebSocket (${PROTOCOLS.join(', ')}) and SPDY/3.1`));
			wss.handleUpgrade(req, socket, head, ws => begin(ws as unknown as Channel));
		},
		close() {
			for (const ws of sessions) ws.terminate();
			sessions.clear();
			wss.close();
		},
	};

	// ---------------------------------------------------------------- one session

	function session(ws: Channel, r: ExecRequest): void {
		const v5 = ws.protocol === 'v5.channel.k8s.io';
		const {send, finish, run, interrupt} = channels(ws, r);
		if (!r.stdin) {
			run(r.argv, undefined, finish);
			return;
		}
		if (r.tty && isShell(r.argv)) {
			interactive(ws, r, send, finish, run, interrupt);
			return;
		}
		// Piped stdin: collect until the client closes the stream (v5) or the connection.
		const chunks: Buffer[] = [];
		let started = false;
		ws.on('message', (data: Buffer, isBinary: boolean) => {
			const buf = isBinary ? data : Buffer.from(data);
			if (!buf.length) return;
			if (buf[0] === STDIN) chunks.push(buf.subarray(1));
			else if (v5 && buf[0] === CLOSE && buf[1] === STDIN && !started) {
				started = true;
				run(r.argv, Buffer.concat(chunks).toString('utf8'), finish);
			}
		});
	}

	/**
	 * `kubectl attach` (and `kubectl run -it`): the container's own process. A shell waiting on
	 * its open stdin takes typed lines and its `exit` ends the container; otherwise the session
	 * carries what the process writes from now on, until the container stops.
	 */
	function attachSession(ws: Channel, r: ExecRequest): void {
		const {send, finish, run, interrupt} = channels(ws, r);
		const pod = cluster.find<Pod>('Pod', r.namespace, r.pod);
		const spec = [...(pod?.spec.containers ?? []), ...((pod?.spec.ephemeralContainers ?? []) as Pod['spec']['containers'])].find(c => c.name === r.container);
		const shell = r.argv.length === 1 && isShell(r.argv) && spec?.stdin === true;
		// the session ends when the container stops (or the pod goes away)
		const stopWatch = cluster.watch(
			'Pod',
			ev => {
				const p = ev.object as Pod;
				const ephemeral = (p.status as {ephemeralContainerStatuses?: typeof p.status.containerStatuses} | undefined)?.ephemeralContainerStatuses ?? [];
				const st = [...(p.status?.containerStatuses ?? []), ...ephemeral].find(s => s.name === r.container);
				if (ev.type === 'DELETED' || st?.state?.terminated) end();
			},
			{namespace: r.namespace, fieldSelector: `metadata.name=${r.pod}`},
		);
		let stopLogs = () => {};
		const end = () => {
			stopWatch();
			stopLogs();
			setImmediate(() => finish({exitCode: 0, stdout: '', stderr: '', durationMs: 0}));
		};
		ws.on('close', () => {
			stopWatch();
			stopLogs();
			// a client that leaves closes the stdin of a `stdinOnce` container: its shell reads the end and exits
			if (shell && r.stdin && spec?.stdinOnce === true) cluster.endContainerProcess(r.namespace, r.pod, r.container, 0);
		});
		if (shell && r.stdin && r.tty) {
			interactive(ws, r, send, result => {
				if ('exitCode' in result) cluster.endContainerProcess(r.namespace, r.pod, r.container, result.exitCode);
				else finish(result);
			}, run, interrupt);
			return;
		}
		try {
			stopLogs = cluster.followLogs(r.namespace, r.pod, {container: r.container, tailLines: 0}, line => {
				if (r.stdout || r.tty) send(STDOUT, tty(r, `${line}\n`));
			});
		} catch (e) {
			finish({status: isStatusError(e) ? e.status : internalError(e)});
		}
	}

	/** The channels of a session: output, the final Status, and commands run a slice at a time. */
	function channels(ws: Channel, r: ExecRequest) {
		let done = false;
		const send = (channel: number, data: string | Buffer) => {
			if (ws.readyState !== ws.OPEN) return;
			const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
			ws.send(Buffer.concat([Buffer.from([channel]), payload]));
		};
		const finish = (result: ExecResult | {status: unknown}) => {
			if (done) return;
			done = true;
			if ('exitCode' in result) {
				const st = exitStatus(r, result);
				if (st.reason === 'InternalError') result = {...result, stdout: '', stderr: ''};
				if (r.stdout && result.stdout) send(STDOUT, tty(r, result.stdout));
				if (result.stderr) {
					if (r.tty) send(STDOUT, tty(r, result.stderr));
					else if (r.stderr) send(STDERR, result.stderr);
				}
				send(STATUS, JSON.stringify(st));
			} else send(STATUS, JSON.stringify(result.status));
			ws.close(1000);
		};
		// the running command, stepped a slice per event-loop turn; stopped when the client goes
		let running: ExecRun | undefined;
		ws.on('close', () => {
			done = true;
			running?.stop();
			running = undefined;
		});
		let interrupt: (() => void) | undefined;
		const run = (argv: string[], stdin: string | undefined, then: (result: ExecResult | {status: unknown}) => void): void => {
			const fail = (e: unknown) => then({status: isStatusError(e) ? e.status : internalError(e)});
			// Ctrl-C in a terminal: the command ends where it is, with the status of SIGINT
			interrupt = () => {
				const command = running;
				running = undefined;
				interrupt = undefined;
				if (command) then({...command.stop(), exitCode: 130});
			};
			try {
				running = cluster.startExec(r.namespace, r.pod, r.container, argv, {stdin, tools: tools(r.namespace, r.pod, r.container)});
			} catch (e) {
				return fail(e);
			}
			const slice = () => {
				const command = running;
				if (!command) return;
				let result: ExecResult | undefined;
				try {
					const until = performance.now() + SLICE_MS;
					do result = command.step(STEPS_PER_CALL);
					while (!result && performance.now() < until);
				} catch (e) {
					running = undefined;
					return fail(e);
				}
				if (!result) return void setImmediate(slice);
				running = undefined;
				interrupt = undefined;
				then(result);
			};
			slice();
		};
		return {send, finish, run, interrupt: () => interrupt?.()};
	}

	/** `kubectl exec -it pod -- sh`: a prompt, echoed keystrokes, each line run as a command. */
	function interactive(
		ws: Channel,
		r: ExecRequest,
		send: (channel: number, data: string) => void,
		finish: (result: ExecResult | {status: unknown}) => void,
		run: (argv: string[], stdin: string | undefined, then: (result: ExecResult | {status: unknown}) => void) => void,
		interrupt: () => void,
	): void {
		const shell = r.argv[0]!;
		const proc = cluster.containerProcess(r.namespace, r.pod, r.container);
		const prompt = /bash$/.test(shell) ? `root@${proc?.ctx.hostname ?? r.pod}:/# ` : '/ # ';
		let line = '';
		let last = 0;
		send(STDOUT, prompt);
		const exit = (code: number) => finish({exitCode: code, stdout: '', stderr: '', durationMs: 0});
		// keystrokes that arrive while a command runs wait for it, as a terminal's input does
		let pending = '';
		let busy = false;
		const type = (text: string): void => {
			pending += text;
			while (pending && !busy) {
				const ch = pending[0]!;
				pending = pending.slice(1);
				if (ch === '\r' || ch === '\n') {
					send(STDOUT, '\r\n');
					const cmd = line.trim();
					line = '';
					const m = /^exit(?:\s+(\d+))?$/.exec(cmd);
					if (m) return exit(m[1] !== undefined ? Number(m[1]) & 255 : last);
					if (!cmd) {
						send(STDOUT, prompt);
						continue;
					}
					busy = true;
					run([shell, '-c', cmd], undefined, res => {
						busy = false;
						if (!('exitCode' in res)) return finish(res);
						const out = res.stdout + res.stderr;
						if (out) send(STDOUT, out.replace(/\r?\n/g, '\r\n'));
						last = res.exitCode;
						send(STDOUT, prompt);
						type('');
					});
				} else if (ch === '\x7f' || ch === '\b') {
					if (line.length) {
						line = line.slice(0, -1);
						send(STDOUT, '\b \b');
					}
				} else if (ch === '\x03') {
					line = '';
					send(STDOUT, `^C\r\n${prompt}`);
				} else if (ch === '\x04') {
					if (!line) return exit(last);
				} else if (ch === '\x1b') {
					// escape sequences (arrows) are ignored
				} else if (ch >= ' ') {
					line += ch;
					send(STDOUT, ch);
				}
			}
		};
		ws.on('message', (data: Buffer) => {
			if (!data.length || data[0] !== STDIN) return;
			const text = data.subarray(1).toString('utf8');
			const ctrlC = busy ? text.indexOf('\x03') : -1;
			if (ctrlC < 0) return type(text);
			// typed ahead before the Ctrl-C is dropped with the command it was waiting for
			pending = '';
			send(STDOUT, '^C\r\n');
			interrupt();
			type(text.slice(ctrlC + 1));
		});
	}
}

// ---------------------------------------------------------------- SPDY (kubectl 1.27-1.29)

/** What a session needs of its connection: a WebSocket, or the SPDY streams dressed as one. */
interface Channel {
	readonly protocol: string;
	readonly readyState: number;
	readonly OPEN: number;
	send(data: Buffer): void;
	close(code?: number): void;
	terminate(): void;
	on(event: 'message', cb: (data: Buffer, isBinary: boolean) => void): void;
	on(event: 'close', cb: () => void): void;
}

/** The remote-command protocols over SPDY, newest first; v4 ends with a Status on the error stream. */
const SPDY_PROTOCOLS = ['v4.channel.k8s.io'];

/**
 * The streams of one SPDY exec or attach as a channel-prefixed connection: stdin data arrives as
 * channel 0 and its end as a v5 close, stdout and stderr go to their streams, the Status to the
 * error stream; closing ends every stream, then the connection.
 */
class SpdyChannels implements Channel {
	readonly protocol = 'v5.channel.k8s.io';
	readonly OPEN = 1;
	readyState = 1;
	private readonly handlers = {message: [] as Array<(d: Buffer, b: boolean) => void>, close: [] as Array<() => void>};

	constructor(
		private readonly spdy: SpdySession,
		private readonly streams: Map<string, SpdyStream>,
	) {
		const stdin = streams.get('stdin');
		stdin?.onData(d => this.emit(Buffer.concat([Buffer.from([STDIN]), d])));
		stdin?.onEnd(() => this.emit(Buffer.from([CLOSE, STDIN])));
		spdy.onClose(() => {
			this.readyState = 3;
			for (const cb of this.handlers.close.splice(0)) cb();
		});
	}

	private emit(data: Buffer): void {
		if (this.readyState === this.OPEN) for (const cb of this.handlers.message) cb(data, true);
	}

	on(event: 'message' | 'close', cb: ((d: Buffer, b: boolean) => void) | (() => void)): void {
		if (event === 'message') this.handlers.message.push(cb as (d: Buffer, b: boolean) => void);
		else this.handlers.close.push(cb as () => void);
	}

	send(data: Buffer): void {
		const target = {[STDOUT]: 'stdout', [STDERR]: 'stderr', [STATUS]: 'error'}[data[0]!];
		if (target) this.streams.get(target)?.write(data.subarray(1));
	}

	close(): void {
		if (this.readyState !== this.OPEN) return;
		for (const s of this.streams.values()) s.end();
		this.spdy.close();
	}

	terminate(): void {
		this.spdy.close();
	}
}

/** Upgrades to SPDY/3.1, waits for the streams the query asked for, then runs the session. */
function spdyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, r: ExecRequest, begin: (c: Channel) => void): void {
	const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map(s => s.trim());
	const protocol = SPDY_PROTOCOLS.find(p => offered.includes(p));
	if (!protocol)
		return rejectSocket(socket, 403, failureStatus(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server supports ${JSON.stringify(SPDY_PROTOCOLS)}`));
	socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
	const expected = ['error', ...(r.stdin ? ['stdin'] : []), ...(r.stdout ? ['stdout'] : []), ...(r.stderr && !r.tty ? ['stderr'] : []), ...(r.tty ? ['resize'] : [])];
	const streams = new Map<string, SpdyStream>();
	let started = false;
	const spdy = new SpdySession(
		{
			write: bytes => {
				if (socket.writable) socket.write(bytes);
			},
			close: () => socket.end(),
		},
		s => {
			const type = s.headers.get('streamtype') ?? '';
			if (started || !expected.includes(type) || streams.has(type)) return false;
			streams.set(type, s);
			if (streams.size < expected.length) return true;
			started = true;
			return () => begin(new SpdyChannels(spdy, streams));
		},
	);
	socket.on('data', (d: Buffer) => spdy.receive(d));
	socket.on('close', () => spdy.close());
	if (head.length) spdy.receive(head);
}

// ---------------------------------------------------------------- helpers

/** Line ends as a terminal shows them. */
function tty(r: ExecRequest, s: string): string {
	return r.tty ? s.replace(/\r?\n/g, '\r\n') : s;
}

function isShell(argv: string[]): boolean {
	return /(^|\/)(sh|ash|bash|dash)$/.test(argv[0] ?? '') && argv.length === 1;
}

function exitStatus(r: ExecRequest, result: ExecResult): {status: string; reason?: string; [k: string]: unknown} {
	if (result.exitCode === 0) return {metadata: {}, status: 'Success'};
	if (result.exitCode === 126 && !result.stdout && result.stderr.startsWith('OCI runtime exec failed')) {
		const message = `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": ${result.stderr.trim()}`;
		return {metadata: {}, status: 'Failure', message, reason: 'InternalError', details: {causes: [{message}]}, code: 500};
	}
	const code = result.exitCode < 0 ? 137 : result.exitCode;
	return {
		metadata: {},
		status: 'Failure',
		message: `command terminated with non-zero exit code: error executing command [${r.argv.join(' ')}], exit code ${code}`,
		reason: 'NonZeroExitCode',
		details: {causes: [{reason: 'ExitCode', message: String(code)}]},
	};
}
