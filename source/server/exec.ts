// `kubectl exec` over the API server: GET|POST /api/v1/namespaces/{ns}/pods/{name}/exec upgraded
// to a WebSocket (subprotocol v5.channel.k8s.io, else v4), frames prefixed by a channel byte
// (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close in v5), ending with a Status on
// channel 3. The command runs in the container's simulated shell; the cluster-aware programs a
// learner tries (nslookup, wget, curl, ps) are answered here from the cluster's Services,
// Endpoints and pods, through a simulated kube-proxy that spreads requests round-robin.
import {STATUS_CODES, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {randomBytes} from 'node:crypto';
import {WebSocketServer, type WebSocket} from 'ws';
import {isStatusError, type Cluster, type KObject, type Pod} from '../cluster/index.js';
import type {ExecResult, ProcessContext, Step} from '../cluster/apps/index.js';

const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)\/?$/;
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const CLUSTER_DOMAIN = 'cluster.local';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;

type Tools = NonNullable<ProcessContext['tools']>;

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

function status(code: number, reason: string, message: string) {
	return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code};
}

function rejectSocket(socket: Duplex, code: number, body: unknown): void {
	const text = JSON.stringify(body);
	socket.end(
		`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\n` +
			`Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
	);
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

export function createExecHandler(cluster: Cluster, opts: {token?: string} = {}): ExecHandler {
	const wss = new WebSocketServer({
		noServer: true,
		handleProtocols: offered => PROTOCOLS.find(p => offered.has(p)) ?? false,
	});
	const roundRobin = new Map<string, number>();
	const sessions = new Set<WebSocket>();

	function parse(req: IncomingMessage): {req: ExecRequest; attach: boolean} {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const m = EXEC_PATH.exec(url.pathname)!;
		const q = url.searchParams;
		const flag = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
		return {
			attach: m[3] === 'attach',
			req: {
				namespace: decodeURIComponent(m[1]!),
				pod: decodeURIComponent(m[2]!),
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
	function refusal(r: ExecRequest, attach: boolean): {code: number; body: unknown} | undefined {
		let pod: Pod;
		try {
			pod = cluster.get<Pod>('Pod', r.namespace, r.pod);
		} catch (e) {
			if (isStatusError(e)) return {code: e.status.code, body: e.status};
			throw e;
		}
		if (attach) return {code: 400, body: status(400, 'BadRequest', 'attach is not supported by kubesim: use kubectl exec or kubectl logs -f')};
		const name = r.container || pod.spec.containers[0]!.name;
		if (!pod.spec.containers.some(c => c.name === name))
			return {code: 400, body: status(400, 'BadRequest', `container ${name} is not valid for pod ${r.pod}`)};
		if (!r.argv.length) return {code: 400, body: status(400, 'BadRequest', 'you must specify at least 1 command')};
		if (!cluster.containerProcess(r.namespace, r.pod, name)) return {code: 400, body: status(400, 'BadRequest', `container not found ("${name}")`)};
		r.container = name;
		return undefined;
	}

	function authorized(req: IncomingMessage): boolean {
		return !opts.token || req.headers.authorization === `Bearer ${opts.token}`;
	}

	return {
		matches(url) {
			return EXEC_PATH.test(new URL(url ?? '/', 'http://localhost').pathname);
		},
		request(req, res) {
			req.resume();
			const body = authorized(req) ? status(400, 'BadRequest', 'Upgrade request required') : status(401, 'Unauthorized', 'Unauthorized');
			const text = JSON.stringify(body);
			res.writeHead(body.code, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private'});
			res.end(text);
		},
		upgrade(req, socket, head) {
			socket.on('error', () => socket.destroy());
			if (!authorized(req)) return rejectSocket(socket, 401, status(401, 'Unauthorized', 'Unauthorized'));
			let parsed: ReturnType<typeof parse>;
			let refused: ReturnType<typeof refusal>;
			try {
				parsed = parse(req);
				refused = refusal(parsed.req, parsed.attach);
			} catch (e) {
				return rejectSocket(socket, 500, status(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`));
			}
			if (refused) return rejectSocket(socket, refused.code, refused.body);
			const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
			const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
				.split(',')
				.map(s => s.trim());
			if (!websocket || !PROTOCOLS.some(p => protocols.includes(p)))
				return rejectSocket(socket, 400, status(400, 'BadRequest', `kubesim serves exec over WebSocket (${PROTOCOLS.join(', ')}) only: use kubectl 1.30 or later`));
			wss.handleUpgrade(req, socket, head, ws => {
				sessions.add(ws);
				ws.on('close', () => sessions.delete(ws));
				session(ws, parsed.req);
			});
		},
		close() {
			for (const ws of sessions) ws.terminate();
			sessions.clear();
			wss.close();
		},
	};

	// ---------------------------------------------------------------- one session

	function session(ws: WebSocket, r: ExecRequest): void {
		const v5 = ws.protocol === 'v5.channel.k8s.io';
		let done = false;
		const send = (channel: number, data: string | Buffer) => {
			if (ws.readyState !== ws.OPEN) return;
			const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
			ws.send(Buffer.concat([Buffer.from([channel]), payload]));
		};
		const tty = (s: string) => (r.tty ? s.replace(/\r?\n/g, '\r\n') : s);
		const finish = (result: ExecResult | {status: unknown}) => {
			if (done) return;
			done = true;
			if ('exitCode' in result) {
				const st = exitStatus(r, result);
				if (st.reason === 'InternalError') result = {...result, stdout: '', stderr: ''};
				if (r.stdout && result.stdout) send(STDOUT, tty(result.stdout));
				if (result.stderr) {
					if (r.tty) send(STDOUT, tty(result.stderr));
					else if (r.stderr) send(STDERR, result.stderr);
				}
				send(STATUS, JSON.stringify(st));
			} else send(STATUS, JSON.stringify(result.status));
			ws.close(1000);
		};
		const run = (argv: string[], stdin?: string): ExecResult | {status: unknown} => {
			try {
				return cluster.exec(r.namespace, r.pod, r.container, argv, {stdin, tools: tools(r.namespace, r.pod, r.container)});
			} catch (e) {
				return {status: isStatusError(e) ? e.status : status(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`)};
			}
		};

		if (!r.stdin) {
			finish(run(r.argv));
			return;
		}
		if (r.tty && isShell(r.argv)) {
			interactive(ws, r, send, finish, run);
			return;
		}
		// Piped stdin: collect until the client closes the stream (v5) or the connection.
		const chunks: Buffer[] = [];
		ws.on('message', (data: Buffer, isBinary: boolean) => {
			const buf = isBinary ? data : Buffer.from(data);
			if (!buf.length) return;
			if (buf[0] === STDIN) chunks.push(buf.subarray(1));
			else if (v5 && buf[0] === CLOSE && buf[1] === STDIN) finish(run(r.argv, Buffer.concat(chunks).toString('utf8')));
		});
		ws.on('close', () => {
			done = true;
		});
	}

	/** `kubectl exec -it pod -- sh`: a prompt, echoed keystrokes, each line run as a command. */
	function interactive(
		ws: WebSocket,
		r: ExecRequest,
		send: (channel: number, data: string) => void,
		finish: (result: ExecResult | {status: unknown}) => void,
		run: (argv: string[], stdin?: string) => ExecResult | {status: unknown},
	): void {
		const shell = r.argv[0]!;
		const proc = cluster.containerProcess(r.namespace, r.pod, r.container);
		const prompt = /bash$/.test(shell) ? `root@${proc?.ctx.hostname ?? r.pod}:/# ` : '/ # ';
		let line = '';
		let last = 0;
		send(STDOUT, prompt);
		const exit = (code: number) => finish({exitCode: code, stdout: '', stderr: '', durationMs: 0});
		ws.on('message', (data: Buffer) => {
			if (!data.length || data[0] !== STDIN) return;
			for (const ch of data.subarray(1).toString('utf8')) {
				if (ch === '\r' || ch === '\n') {
					send(STDOUT, '\r\n');
					const cmd = line.trim();
					line = '';
					const m = /^exit(?:\s+(\d+))?$/.exec(cmd);
					if (m) return exit(m[1] !== undefined ? Number(m[1]) & 255 : last);
					if (cmd) {
						const res = run([shell, '-c', cmd]);
						if (!('exitCode' in res)) return finish(res);
						const out = res.stdout + res.stderr;
						if (out) send(STDOUT, out.replace(/\r?\n/g, '\r\n'));
						last = res.exitCode;
					}
					send(STDOUT, prompt);
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
		});
	}

	// ---------------------------------------------------------------- cluster-aware programs

	function tools(namespace: string, podName: string, container: string): Tools {
		return (argv, _env, os) => {
			const base = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
			const busybox = os === 'busybox' || os === 'alpine';
			const gnu = os === 'debian' || os === 'ubuntu';
			const self = cluster.find<Pod>('Pod', namespace, podName);
			const from = {namespace, ip: self?.status?.podIP ?? ''};
			if (base === 'nslookup' && busybox) return steps(() => nslookup(argv.slice(1), namespace));
			if (base === 'wget' && busybox) return steps(() => wget(argv.slice(1), from, namespace, podName, container));
			if (base === 'curl' && gnu) return steps(() => curl(argv.slice(1), from, namespace, podName, container));
			if (base === 'ps' && busybox) return steps(() => ps(namespace, podName, container));
			return undefined;
		};
	}

	function dnsServer(): string {
		return cluster.find('Service', 'kube-system', 'kube-dns')?.spec?.clusterIP ?? '10.96.0.10';
	}

	/** Cluster DNS: a Service name (with the search path of `namespace`) or an IP. */
	function resolve(host: string, namespace: string): {name: string; ips: string[]; service?: KObject; cname?: string} | undefined {
		host = host.replace(/\.$/, '').toLowerCase();
		if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return {name: host, ips: [host]};
		if (host === 'localhost') return {name: host, ips: ['127.0.0.1']};
		const parts = host.split('.');
		let svc: string | undefined;
		let ns = namespace;
		const suffix = `svc.${CLUSTER_DOMAIN}`.split('.');
		const rest = parts.slice(2);
		if (parts.length === 1) svc = parts[0];
		else if (parts.length >= 2 && suffix.slice(0, rest.length).join('.') === rest.join('.')) {
			svc = parts[0];
			ns = parts[1]!;
		}
		const service = svc ? cluster.find('Service', ns, svc) : undefined;
		if (!service) return undefined;
		const name = `${svc}.${ns}.svc.${CLUSTER_DOMAIN}`;
		if (service.spec?.type === 'ExternalName') return {name, ips: [], service, cname: service.spec.externalName};
		const ip = service.spec?.clusterIP;
		if (ip && ip !== 'None') return {name, ips: [ip], service};
		return {name, ips: readyEndpoints(service).map(e => e.ip), service};
	}

	function readyEndpoints(service: KObject, port?: {name?: string; port: number}): Array<{ip: string; pod: string; port: number}> {
		const ep = cluster.find('Endpoints', service.metadata.namespace, service.metadata.name);
		const out: Array<{ip: string; pod: string; port: number}> = [];
		for (const s of ep?.subsets ?? []) {
			const p = port ? (s.ports ?? []).find((x: any) => (x.name ?? '') === (port.name ?? '')) ?? (s.ports?.length === 1 ? s.ports[0] : undefined) : s.ports?.[0];
			for (const a of s.addresses ?? []) if (a.targetRef?.name) out.push({ip: a.ip, pod: a.targetRef.name, port: p?.port ?? port?.port ?? 80});
		}
		return out;
	}

	function* nslookup(args: string[], namespace: string): Generator<Step, number> {
		const host = args.find(a => !a.startsWith('-'));
		if (!host) {
			yield err('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]');
			return 1;
		}
		const dns = dnsServer();
		yield* lines(`Server:\t\t${dns}\nAddress:\t${dns}:53\n\n`);
		const r = resolve(host, namespace);
		if (r?.cname) {
			yield* lines(`${r.name}\tcanonical name = ${r.cname}\n`);
			return 0;
		}
		if (!r || !r.ips.length) {
			yield* lines(`** server can't find ${r?.name ?? host}: NXDOMAIN\n`);
			return 1;
		}
		if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
			const svc = cluster.list('Service').find(s => s.spec?.clusterIP === host);
			const pod = svc ? undefined : cluster.list<Pod>('Pod').find(p => p.status?.podIP === host);
			const rev = host.split('.').reverse().join('.') + '.in-addr.arpa';
			if (svc) yield* lines(`${rev}\tname = ${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}\n`);
			else if (pod) yield* lines(`${rev}\tname = ${host.replace(/\./g, '-')}.${pod.metadata.namespace}.pod.${CLUSTER_DOMAIN}\n`);
			else {
				yield* lines(`** server can't find ${rev}: NXDOMAIN\n`);
				return 1;
			}
			return 0;
		}
		for (const ip of r.ips) yield* lines(`Name:\t${r.name}\nAddress: ${ip}\n\n`);
		return 0;
	}

	/** One HTTP request from a pod through kube-proxy: the answering server's response. */
	function request(method: string, rawUrl: string, from: {namespace: string; ip: string}, userAgent: string, selfPod: string, _selfContainer: string):
		| {ok: true; status: number; body: string; host: string; ip: string; port: number}
		| {ok: false; error: 'resolve' | 'refused' | 'protocol'; host: string; ip?: string; port: number} {
		const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(rawUrl);
		const scheme = (m?.[1] ?? 'http').toLowerCase();
		const host = m?.[2] ?? rawUrl;
		const port = m?.[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
		let path = m?.[4] || '/';
		if (!path.startsWith('/')) path = `/${path}`;
		const r = resolve(host, from.namespace);
		if (!r || !r.ips.length) return {ok: false, error: 'resolve', host, port};
		const ip = r.ips[0]!;
		let target: {namespace: string; pod: string; port: number} | undefined;
		if (host === 'localhost' || ip === '127.0.0.1' || ip === from.ip) target = {namespace: from.namespace, pod: selfPod, port};
		else {
			const service = r.service ?? cluster.list('Service').find(s => s.spec?.clusterIP === ip);
			if (service && service.spec?.clusterIP !== 'None') {
				const sp = (service.spec.ports ?? []).find((p: any) => p.port === port);
				const eps = sp ? readyEndpoints(service, {name: sp.name, port: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port}) : [];
				if (!eps.length) return {ok: false, error: 'refused', host, ip, port};
				const key = `${service.metadata.namespace}/${service.metadata.name}`;
				const n = roundRobin.get(key) ?? 0;
				roundRobin.set(key, n + 1);
				const ep = eps[n % eps.length]!;
				target = {namespace: service.metadata.namespace!, pod: ep.pod, port: ep.port};
			} else {
				const pod = cluster.list<Pod>('Pod').find(p => p.status?.podIP === ip && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''));
				if (pod) target = {namespace: pod.metadata.namespace!, pod: pod.metadata.name, port};
			}
		}
		if (!target) return {ok: false, error: 'refused', host, ip, port};
		const pod = cluster.find<Pod>('Pod', target.namespace, target.pod);
		for (const c of pod?.spec.containers ?? []) {
			const proc = cluster.containerProcess(target.namespace, target.pod, c.name);
			const listen = proc?.profile.listen?.(proc.ctx);
			if (!proc || !listen || !listen.ports.includes(target.port) || proc.uptimeMs < listen.afterMs) continue;
			const answer = proc.profile.respond?.(method, path, proc.ctx);
			if (!answer) return {ok: false, error: 'protocol', host, ip, port};
			cluster.recordRequests(target.namespace, target.pod, [{method, path, status: answer.status, bytes: answer.bytes, clientIP: from.ip, userAgent, time: cluster.now()}]);
			const body = answer.body ?? defaultBody(proc.profile.repository, proc.profile.version, answer.status);
			return {ok: true, status: answer.status, body: method === 'HEAD' ? '' : body, host, ip, port};
		}
		return {ok: false, error: 'refused', host, ip, port};
	}

	function* wget(args: string[], from: {namespace: string; ip: string}, ns: string, pod: string, container: string): Generator<Step, number> {
		let quiet = false;
		let output: string | undefined;
		let spider = false;
		const urls: string[] = [];
		for (let i = 0; i < args.length; i++) {
			const a = args[i]!;
			if (a === '--spider') spider = true;
			else if (a === '-q' || a === '--quiet') quiet = true;
			else if (a.startsWith('--output-document=')) output = a.slice(18);
			else if (a.startsWith('--')) {
				if (!a.includes('=') && ['--timeout', '--header', '--user-agent', '--post-data'].includes(a)) i++;
			} else if (a.startsWith('-') && a.length > 1) {
				for (let j = 1; j < a.length; j++) {
					const c = a[j];
					if (c === 'q') quiet = true;
					else if (c === 'O' || c === 'T' || c === 'U' || c === 'Y' || c === 'P' || c === 'e') {
						const v = a.slice(j + 1) || args[++i] || '';
						if (c === 'O') output = v;
						break;
					}
				}
			} else urls.push(a);
		}
		if (!urls.length) {
			yield err('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...');
			return 1;
		}
		let code = 0;
		for (const url of urls) {
			const r = request(spider ? 'HEAD' : 'GET', url, from, 'Wget', pod, container);
			if (!r.ok && r.error === 'resolve') {
				yield err(`wget: bad address '${r.host}${r.port === 80 ? '' : `:${r.port}`}'`);
				code = 1;
				continue;
			}
			if (!quiet) yield err(`Connecting to ${r.host}${/:\d+/.test(url.replace(/^\w+:\/\//, '')) ? `:${r.port}` : ''} (${r.ip}:${r.port})`);
			if (!r.ok) {
				yield err(r.error === 'refused' ? `wget: can't connect to remote host (${r.ip}): Connection refused` : 'wget: error getting response: Connection reset by peer');
				code = 1;
				continue;
			}
			if (r.status >= 400) {
				yield err(`wget: server returned error: HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}`);
				code = 1;
				continue;
			}
			if (spider) {
				if (!quiet) yield err('remote file exists');
				continue;
			}
			const size = Buffer.byteLength(r.body);
			const progress = (name: string) => `${name.padEnd(20).slice(0, 20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA`;
			if (output === '-') {
				if (!quiet) yield err('writing to stdout');
				yield* lines(r.body);
				if (!quiet) yield err(`${progress('-')}\nwritten to stdout`);
			} else {
				const file = output ?? (/\/([^/?#]+)(?:[?#].*)?$/.exec(url.replace(/^\w+:\/\/[^/]+/, ''))?.[1] || 'index.html');
				const path = file.startsWith('/') ? file : `/${file}`;
				const proc = cluster.containerProcess(ns, pod, container);
				if (proc) proc.ctx.files[path] = r.body;
				if (!quiet) yield err(`saving to '${file}'\n${progress(file)}\n'${file}' saved`);
			}
		}
		return code;
	}

	function* curl(args: string[], from: {namespace: string; ip: string}, ns: string, pod: string, container: string): Generator<Step, number> {
		let silent = false;
		let showErrors = false;
		let fail = false;
		let include = false;
		let method: string | undefined;
		let output: string | undefined;
		const urls: string[] = [];
		const withValue = new Set(['-X', '--request', '-o', '--output', '-H', '--header', '-d', '--data', '-m', '--max-time', '-w', '--write-out', '--connect-timeout', '-A', '--user-agent', '-u', '--user']);
		for (let i = 0; i < args.length; i++) {
			const a = args[i]!;
			if (withValue.has(a)) {
				const v = args[++i] ?? '';
				if (a === '-X' || a === '--request') method = v.toUpperCase();
				else if (a === '-o' || a === '--output') output = v;
				else if ((a === '-d' || a === '--data') && !method) method = 'POST';
			} else if (a === '--silent') silent = true;
			else if (a === '--fail') fail = true;
			else if (a === '--include') include = true;
			else if (a === '--head') method = 'HEAD';
			else if (a.startsWith('--')) continue;
			else if (a.startsWith('-') && a.length > 1) {
				for (const c of a.slice(1)) {
					if (c === 's') silent = true;
					else if (c === 'S') showErrors = true;
					else if (c === 'f') fail = true;
					else if (c === 'i') include = true;
					else if (c === 'I') {
						method = 'HEAD';
						include = true;
					}
				}
			} else urls.push(a);
		}
		if (!urls.length) {
			yield err("curl: try 'curl --help' or 'curl --manual' for more information");
			return 2;
		}
		const quietErrors = silent && !showErrors;
		let code = 0;
		for (const url of urls) {
			const r = request(method ?? 'GET', url, from, 'curl/7.88.1', pod, container);
			if (!r.ok) {
				if (r.error === 'resolve') {
					if (!quietErrors) yield err(`curl: (6) Could not resolve host: ${r.host}`);
					code = 6;
				} else if (r.error === 'refused') {
					if (!quietErrors) yield err(`curl: (7) Failed to connect to ${r.host} port ${r.port} after 0 ms: Couldn't connect to server`);
					code = 7;
				} else {
					if (!quietErrors) yield err('curl: (1) Received HTTP/0.9 when not allowed');
					code = 1;
				}
				continue;
			}
			if (fail && r.status >= 400) {
				if (!quietErrors) yield err(`curl: (22) The requested URL returned error: ${r.status}`);
				code = 22;
				continue;
			}
			let text = '';
			if (include) {
				text += `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}\r\nDate: ${new Date(cluster.now()).toUTCString()}\r\n`;
				text += `Content-Type: ${r.body.trimStart().startsWith('<') ? 'text/html' : 'text/plain; charset=utf-8'}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n\r\n`;
			}
			text += r.body;
			if (output && output !== '-') {
				const proc = cluster.containerProcess(ns, pod, container);
				if (proc) proc.ctx.files[output.startsWith('/') ? output : `/${output}`] = text;
				if (!silent) yield err(progressMeter(Buffer.byteLength(text)));
			} else yield* lines(text);
		}
		return code;
	}

	function* ps(namespace: string, podName: string, container: string): Generator<Step, number> {
		const proc = cluster.containerProcess(namespace, podName, container);
		const seconds = Math.floor((proc?.uptimeMs ?? 0) / 1000);
		const cpu = `${Math.floor(seconds / 6000)}:${String(Math.floor(seconds / 100) % 60).padStart(2, '0')}`;
		yield out('PID   USER     TIME  COMMAND');
		yield out(`    1 root      ${cpu.padStart(4)} ${(proc?.argv ?? ['sh']).join(' ')}`);
		yield out(`${String(7 + (seconds % 50)).padStart(5)} root      0:00 ps`);
		return 0;
	}
}

// ---------------------------------------------------------------- helpers

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

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The page a server sends when its profile gives only a size (nginx's default pages). */
function defaultBody(repository: string, version: string | undefined, code: number): string {
	if (repository !== 'nginx') return '';
	if (code === 200) return NGINX_WELCOME;
	const title = `${code} ${STATUS_CODES[code] ?? ''}`;
	return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx/${version ?? '1.27.5'}</center>\n</body>\n</html>\n`;
}

function progressMeter(size: number): string {
	return `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100  ${String(size).padStart(4)}  100  ${String(size).padStart(4)}    0     0   ${String(size * 100).padStart(5)}      0 --:--:-- --:--:-- --:--:-- ${String(size * 100).padStart(5)}`;
}

function out(line: string): Step {
	return {out: line};
}

function err(text: string): Step {
	return {out: text, stream: 'stderr'};
}

/** A text as output lines (the last newline ends the last line). */
function* lines(text: string, stream: 'stdout' | 'stderr' = 'stdout'): Generator<Step> {
	if (!text) return;
	const parts = text.replace(/\n$/, '').split('\n');
	for (const p of parts) yield stream === 'stderr' ? err(p) : out(p);
}

/** A program's steps: the generator's lines, then its return value as the exit code. */
function steps(body: () => Generator<Step, number>): Iterator<Step> {
	return (function* () {
		const code = yield* body();
		yield {exit: code} as Step;
	})();
}
