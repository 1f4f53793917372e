// `kubesim serve` with a token, as a user runs it (dist/cli.js): HTTPS with a CA of its own in the
// kubeconfig, the token from --token-file, every endpoint behind it, a non-loopback address
// refused without one, and the limits that keep idle, slow and too many clients from starving
// the others. The real kubectl and the official Python client talk to it; raw sockets play the
// idle and slow clients. Short limits come from KUBESIM_SERVE_LIMITS.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {request as httpRequest} from 'node:http';
import {request} from 'node:https';
import {connect as connectTcp, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {connect as connectTls, type TLSSocket} from 'node:tls';
import {X509Certificate} from 'node:crypto';
import {WebSocket} from 'ws';
import {KUBECTL, PYTHON, describeWithTool, kubectlTool, pythonClientTool} from '../tools.js';
import {once} from '../wait.js';

const root = resolve(import.meta.dirname, '../..');
const home = mkdtempSync(join(tmpdir(), 'kubesim-tls-'));
const TOKEN = 'kubesim-e2e-0123456789abcdef';
const tokenFile = join(home, 'token');
writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
const children: ChildProcess[] = [];

afterAll(() => {
	for (const c of children) c.kill();
	rmSync(home, {recursive: true, force: true});
});

interface Serving {
	child: ChildProcess;
	url: string;
	port: number;
	kubeconfig: string;
	/** The CA of the kubeconfig (PEM). */
	ca: string;
	out: string;
}

/** Starts dist/cli.js serve with these flags and limits; resolves once it says it serves. */
function serve(name: string, args: string[], limits?: object): Promise<Serving> {
	const kubeconfig = join(home, `${name}.kubeconfig`);
	const env = {...process.env, XDG_CONFIG_HOME: home, ...(limits ? {KUBESIM_SERVE_LIMITS: JSON.stringify(limits)} : {})};
	const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--port', '0', '--kubeconfig-out', kubeconfig, ...args], {cwd: home, env});
	children.push(child);
	return new Promise((res, rej) => {
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /serving the simulated cluster at (https:\/\/127\.0\.0\.1:(\d+))/.exec(out);
			if (m && out.includes('Ctrl-C stops.')) {
				const data = /certificate-authority-data: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))![1]!;
				res({child, url: m[1]!, port: Number(m[2]), kubeconfig, ca: Buffer.from(data, 'base64').toString(), out});
			}
		});
		child.stderr.on('data', (d: Buffer) => (out += d.toString()));
		child.on('exit', code => rej(new Error(`kubesim serve exited (${code}): ${out}`)));
	});
}

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
	return new Promise(res => {
		const child = execFile(file, args, {timeout: 90_000, env}, (err, stdout, stderr) => {
			const code = err ? (typeof (err as {code?: unknown}).code === 'number' ? (err as {code: number}).code : 1) : 0;
			res({code, stdout, stderr});
		});
		child.stdin?.end(input);
	});
}

function kubectlEnv(kubeconfig: string): NodeJS.ProcessEnv {
	return {...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: `${kubeconfig}.cache`, HOME: home};
}

const kubectl = (s: Serving, ...args: string[]) => run(KUBECTL, args, kubectlEnv(s.kubeconfig));

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
}

/** One HTTPS request verified against the server's CA. */
function https(s: Serving, path: string, opts: {method?: string; token?: string; headers?: Record<string, string>; body?: string} = {}): Promise<Answer> {
	return new Promise((res, rej) => {
		const headers: Record<string, string> = {...opts.headers};
		if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
		const req = request({host: '127.0.0.1', port: s.port, path, method: opts.method ?? 'GET', ca: s.ca, headers, agent: false}, r => {
			let text = '';
			r.setEncoding('utf8');
			r.on('data', (c: string) => (text += c));
			r.on('end', () => res({status: r.statusCode!, headers: r.headers, text}));
			r.on('error', rej);
		});
		req.on('error', rej);
		req.end(opts.body);
	});
}

/** A TLS connection (verified) that has finished its handshake, so the server has counted it. */
async function tlsSocket(s: Serving): Promise<TLSSocket> {
	const socket = connectTls({host: '127.0.0.1', port: s.port, ca: s.ca});
	await once(socket, 'secureConnect');
	return socket;
}

/** Everything the server writes on a socket until it closes it. */
function received(socket: Socket): Promise<string> {
	let text = '';
	socket.setEncoding('utf8');
	socket.on('data', (c: string) => (text += c));
	socket.on('error', () => undefined);
	return new Promise(res => socket.on('close', () => res(text)));
}

function statusOf(response: string): {code: number; headers: string; body: any} {
	const split = response.indexOf('\r\n\r\n');
	return {code: Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1]), headers: response.slice(0, split), body: JSON.parse(response.slice(split + 4))};
}

const UNAUTHORIZED = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401};

describeWithTool(kubectlTool, 'kubesim serve --token-file over HTTPS', () => {
	let a: Serving;

	beforeAll(async () => {
		a = await serve('a', ['--token-file', tokenFile, '--speed', '20']);
	});

	it('serves HTTPS with a CA of its own in the kubeconfig, the token from the file, for the loopback names', () => {
		const config = readFileSync(a.kubeconfig, 'utf8');
		expect(config).toContain(`    server: "${a.url}"\n`);
		expect(config).toContain(`    token: "${TOKEN}"\n`);
		expect(config).not.toContain('insecure-skip-tls-verify');
		expect(a.out).toMatch(/^certificates: .*kubesim-pki \(made the CA and serving certificate in \d+ ms\)$/m);
		const cert = readFileSync(join(home, 'kubesim-pki', 'server.crt'), 'utf8');
		const x = new X509Certificate(cert);
		expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
		expect(x.verify(new X509Certificate(a.ca).publicKey)).toBe(true);
	});

	it('kubectl get pods works with the kubeconfig', async () => {
		const r = await kubectl(a, 'get', 'pods', '-l', 'app=web', '-o', 'name');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout.trim().split('\n')).toHaveLength(3);
	});

	it('a wrong token is 401: kubectl says it must log in', async () => {
		const wrong = join(home, 'wrong.kubeconfig');
		writeFileSync(wrong, readFileSync(a.kubeconfig, 'utf8').replace(TOKEN, 'not-the-token'));
		// with the discovery kubectl cached from the right token: the list is refused
		const cached = await run(KUBECTL, ['get', 'pods'], {...kubectlEnv(wrong), KUBECACHEDIR: kubectlEnv(a.kubeconfig).KUBECACHEDIR});
		expect({code: cached.code, stderr: cached.stderr}).toEqual({code: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n'});
		// with nothing cached: discovery is refused first, and kubectl words it so
		const fresh = await run(KUBECTL, ['get', 'pods'], kubectlEnv(wrong));
		expect(fresh.code).toBe(1);
		expect(fresh.stderr.trim().split('\n').at(-1)).toBe('error: You must be logged in to the server (the server has asked for the client to provide credentials)');
	});

	it('every endpoint asks for the token: 401 with a Status without it or with a wrong one', async () => {
		const paths = [
			['GET', '/api'],
			['GET', '/api/v1'],
			['GET', '/apis'],
			['GET', '/apis/apps/v1'],
			['GET', '/api/v1/namespaces/default/pods'],
			['GET', '/api/v1/namespaces/default/pods?watch=true'],
			['GET', '/apis/apps/v1/namespaces/default/deployments/web'],
			['POST', '/api/v1/namespaces/default/configmaps'],
			['DELETE', '/api/v1/namespaces/default/pods/x'],
			['GET', '/api/v1/namespaces/default/pods/x/log?follow=true'],
			['GET', '/api/v1/namespaces/default/pods/x/exec?command=sh'],
			['GET', '/apis/metrics.k8s.io/v1beta1/pods'],
			['GET', '/openapi/v2'],
			['GET', '/openapi/v3'],
			['GET', '/openapi/v3/api/v1'],
			['GET', '/metrics'],
			['GET', '/no/such/path'],
		];
		for (const [method, path] of paths) {
			for (const token of [undefined, 'not-the-token']) {
				const r = await https(a, path!, {method, token, headers: {'Content-Type': 'application/json'}, body: method === 'POST' ? '{}' : undefined});
				expect({path, token, status: r.status, body: JSON.parse(r.text)}).toEqual({path, token, status: 401, body: UNAUTHORIZED});
			}
		}
		// the upgrades: exec, attach and port-forward over WebSocket, and SPDY
		for (const sub of ['exec?command=sh&stdout=true', 'attach?stdout=true', 'portforward?ports=80']) {
			const upgrades: Array<Record<string, string>> = [
				{Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io'},
				{Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io'},
			];
			for (const upgrade of upgrades) {
				for (const token of [undefined, 'not-the-token']) {
					const r = await https(a, `/api/v1/namespaces/default/pods/x/${sub}`, {token, headers: upgrade});
					expect({sub, token, status: r.status, body: JSON.parse(r.text)}).toEqual({sub, token, status: 401, body: UNAUTHORIZED});
				}
			}
		}
		// with the token the same paths are answered (here: a pod that does not exist)
		expect((await https(a, '/api/v1/namespaces/default/pods/x', {token: TOKEN})).status).toBe(404);
	});

	it('plain HTTP on the HTTPS port is a 400 saying so', async () => {
		const r = await new Promise<{status: number; text: string}>((res, rej) => {
			const req = httpRequest({host: '127.0.0.1', port: a.port, path: '/version'}, r => {
				let text = '';
				r.on('data', (c: Buffer) => (text += c.toString()));
				r.on('end', () => res({status: r.statusCode!, text}));
			});
			req.on('error', rej);
			req.end();
		});
		expect(r).toEqual({status: 400, text: 'Client sent an HTTP request to an HTTPS server.\n'});
	});

	it('/version and the health paths are public information without credentials (system:public-info-viewer), 401 with bad ones', async () => {
		for (const path of ['/version', '/healthz', '/livez', '/readyz']) {
			const anonymous = await https(a, path);
			expect({path, status: anonymous.status}).toEqual({path, status: 200});
			const wrong = await https(a, path, {token: 'not-the-token'});
			expect({path, status: wrong.status, body: JSON.parse(wrong.text)}).toEqual({path, status: 401, body: UNAUTHORIZED});
		}
		expect(JSON.parse((await https(a, '/version')).text).gitVersion).toBe('v1.32.2');
	});

	it('200 idle connections (100 TCP only, 100 after the TLS handshake) do not block kubectl get pods', async () => {
		const tcp = await Promise.all(
			Array.from({length: 100}, async () => {
				const s = connectTcp(a.port, '127.0.0.1');
				await once(s, 'connect');
				return s;
			}),
		);
		const tls = await Promise.all(Array.from({length: 100}, () => tlsSocket(a)));
		const idle = [...tcp, ...tls];
		let closed = 0;
		for (const s of idle) s.on('close', () => closed++);
		try {
			const r = await kubectl(a, 'get', 'pods', '-l', 'app=web', '-o', 'name');
			expect(r.code).toBe(0);
			expect(r.stdout.trim().split('\n')).toHaveLength(3);
			// all 200 were held open while kubectl was answered
			expect(closed).toBe(0);
		} finally {
			for (const s of idle) s.destroy();
		}
	});

	it('exec and its shell see the simulated files, not the host: cat /etc/passwd', async () => {
		const host = readFileSync('/etc/passwd', 'utf8');
		const web = await kubectl(a, 'exec', 'deploy/web', '--', 'cat', '/etc/passwd');
		expect(web.code).toBe(0);
		expect(web.stdout).toBe(DEBIAN_PASSWD);
		expect(web.stdout).not.toBe(host);
		expect((await kubectl(a, 'run', 'box', '--image=busybox:1.36', '--', 'sleep', '3600')).code).toBe(0);
		expect((await kubectl(a, 'wait', '--for=condition=Ready', 'pod/box', '--timeout=60s')).code).toBe(0);
		const box = await kubectl(a, 'exec', 'box', '--', 'sh', '-c', 'cat /etc/passwd; cat /etc/shadow');
		expect(box.stdout).toBe(BUSYBOX_PASSWD);
		expect(box.stderr).toContain("cat: can't open '/etc/shadow': No such file or directory");
	});

	describeWithTool(pythonClientTool, 'the official Python client over HTTPS', () => {
		it('lists, creates, watches, reads logs, execs and deletes with the token and CA of the kubeconfig', async () => {
			expect((await kubectl(a, 'wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s')).code).toBe(0);
			const r = await run(PYTHON, [join(root, 'test/server/python/client.py'), a.kubeconfig], process.env);
			expect(r.stderr).toBe('');
			const steps = Object.fromEntries(r.stdout.trim().split('\n').map(l => JSON.parse(l) as {step: string}).map(s => [s.step, s]));
			expect(steps.list).toMatchObject({step: 'list', phases: ['Running', 'Running', 'Running']});
			expect(steps.create).toEqual({step: 'create', name: 'from-python', uid_set: true});
			expect(steps.logs).toEqual({step: 'logs', text: 'hello from python\n'});
			expect(steps.exec).toEqual({step: 'exec', out: '42\nfrom-python\n'});
			expect(steps.delete).toEqual({step: 'delete', gone: true});
		}, 150_000);

		it('without the token it gets 401', async () => {
			const script = [
				'import sys',
				'from kubernetes import client, config',
				'config.load_kube_config(config_file=sys.argv[1])',
				'c = client.Configuration.get_default_copy()',
				'c.api_key = {}',
				'try:',
				'    client.CoreV1Api(client.ApiClient(c)).list_namespaced_pod("default")',
				'    print("listed")',
				'except client.exceptions.ApiException as e:',
				'    print(e.status, e.reason)',
			].join('\n');
			const r = await run(PYTHON, ['-c', script, a.kubeconfig], process.env);
			expect(r.stdout).toBe('401 Unauthorized\n');
		});
	});
});

describe('kubesim serve refuses to serve beyond this machine without a token', () => {
	it('an address other than loopback without a token exits 1 with the reason, and an empty KUBESIM_TOKEN is an error', async () => {
		const empty = await run(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--address', '0.0.0.0', '--port', '0', '--kubeconfig-out', join(home, 'never.kubeconfig')], {
			...process.env,
			KUBESIM_TOKEN: '',
			XDG_CONFIG_HOME: home,
		});
		expect({code: empty.code, stderr: empty.stderr}).toEqual({code: 1, stderr: 'kubesim: the token of KUBESIM_TOKEN is empty\n'});
		const none: NodeJS.ProcessEnv = {...process.env, XDG_CONFIG_HOME: home};
		delete none.KUBESIM_TOKEN;
		for (const address of ['0.0.0.0', '::', '192.0.2.10']) {
			const refused = await run(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--address', address, '--port', '0', '--kubeconfig-out', join(home, 'never.kubeconfig')], none);
			expect({address, code: refused.code, stderr: refused.stderr}).toEqual({
				address,
				code: 1,
				stderr: `kubesim: --address ${address} is not a loopback address: serving the cluster beyond this machine needs a token (--token-file F or KUBESIM_TOKEN), and then kubesim serves HTTPS\n`,
			});
		}
	});

	it('kubesim kubeconfig with KUBESIM_TOKEN writes an https cluster with the CA kept beside it', async () => {
		const out = join(home, 'written.kubeconfig');
		const r = await run(process.execPath, [join(root, 'dist/cli.js'), 'kubeconfig', '--address', '192.0.2.10', '--port', '7443', '--out', out], {
			...process.env,
			KUBESIM_TOKEN: 'from-the-environment',
		});
		expect(r.code).toBe(0);
		const text = readFileSync(out, 'utf8');
		expect(text).toContain('    server: "https://192.0.2.10:7443"\n');
		expect(text).toContain('    token: "from-the-environment"\n');
		const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(text)![1]!, 'base64').toString();
		expect(ca).toBe(readFileSync(join(home, 'kubesim-pki', 'ca.crt'), 'utf8'));
	});
});

describeWithTool(kubectlTool, 'slow and idle clients against kubesim serve over HTTPS', () => {
	const LIMITS = {headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1500};
	let b: Serving;

	beforeAll(async () => {
		b = await serve('b', ['--token-file', tokenFile], LIMITS);
	});

	it('a restart in the same folder reuses the CA and serving certificate', () => {
		expect(b.out).toMatch(/^certificates: .*kubesim-pki \(reused\)$/m);
		expect(b.ca).toBe(readFileSync(join(home, 'kubesim-pki', 'ca.crt'), 'utf8'));
	});

	it('a slowloris client trickling its headers byte by byte is dropped after the header timeout, unanswered', async () => {
		const socket = await tlsSocket(b);
		const answer = received(socket);
		const headers = `GET /version HTTP/1.1\r\nHost: 127.0.0.1:${b.port}\r\nAuthorization: Bearer ${TOKEN}\r\nX-Padding: ${'a'.repeat(2000)}\r\n\r\n`;
		let sent = 0;
		const start = performance.now();
		// the attacker's pace: a byte every 20 ms would take over 40 s for these headers
		const trickle = setInterval(() => {
			if (!socket.writable) return;
			socket.write(headers[sent++]!);
		}, 20);
		try {
			expect(await answer).toBe('');
		} finally {
			clearInterval(trickle);
		}
		expect(performance.now() - start).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 50);
		expect(sent).toBeLessThan(headers.length);
		// and the server still answers
		expect((await https(b, '/version', {token: TOKEN})).status).toBe(200);
	});

	it('a connection that never starts its TLS handshake is dropped too', async () => {
		const socket = connectTcp(b.port, '127.0.0.1');
		const answer = received(socket);
		await once(socket, 'connect');
		expect(await answer).toBe('');
	});

	it('a body not in within the request timeout is a 504 Timeout, while a watch and an exec session outlive it', async () => {
		// a watch (kubectl get -w), seen working once before the slow request starts
		const env = kubectlEnv(b.kubeconfig);
		const watch = spawn(KUBECTL, ['get', 'configmaps', '--watch-only', '-o', 'name'], {env});
		children.push(watch);
		let watched = '';
		watch.stdout.on('data', (d: Buffer) => (watched += d.toString()));
		const seen = async (line: string) => {
			while (!watched.includes(line)) await once(watch.stdout, 'data');
		};
		// the watch may start after the first create: create until it reports one
		for (let i = 0; !watched; i++) {
			expect((await kubectl(b, 'create', 'configmap', `before-${i}`)).code).toBe(0);
			if (!watched) await Promise.race([once(watch.stdout, 'data'), kubectl(b, 'get', 'configmap', `before-${i}`)]);
		}
		// an exec session with its stdin open, over the WebSocket kubectl uses
		const query = ['sh', '-c', 'read line; echo "got $line"'].map(c => `command=${encodeURIComponent(c)}`).join('&');
		// (exec needs a running container: wait for the pods of web to be ready)
		expect((await kubectl(b, 'wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s')).code).toBe(0);
		const pod = JSON.parse((await kubectl(b, 'get', 'pods', '-l', 'app=web', '-o', 'json')).stdout).items[0].metadata.name as string;
		const ws = new WebSocket(`wss://127.0.0.1:${b.port}/api/v1/namespaces/default/pods/${pod}/exec?${query}&stdin=true&stdout=true&stderr=true`, ['v5.channel.k8s.io'], {
			ca: b.ca,
			headers: {Authorization: `Bearer ${TOKEN}`},
		});
		const frames: Buffer[] = [];
		ws.on('message', (d: Buffer) => frames.push(d));
		const wsClosed = once(ws, 'close');
		await once(ws, 'open');

		const socket = await tlsSocket(b);
		const answer = received(socket);
		const body = JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'slow'}});
		socket.write(
			`POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1:${b.port}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
				`Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
		);
		let sent = 0;
		const start = performance.now();
		// the slow client's pace: a byte every 20 ms, never the last one
		const trickle = setInterval(() => {
			if (socket.writable && sent < body.length - 1) socket.write(body[sent++]!);
		}, 20);
		let response: string;
		try {
			response = await answer;
		} finally {
			clearInterval(trickle);
		}
		expect(performance.now() - start).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 50);
		const {code, body: status} = statusOf(response);
		expect(code).toBe(504);
		expect(status).toEqual({
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Failure',
			message: 'Timeout: request did not complete within requested timeout - context deadline exceeded',
			reason: 'Timeout',
			code: 504,
		});
		// past the request timeout the watch still reports, and the exec session still reads its input
		expect((await kubectl(b, 'create', 'configmap', 'after-timeout')).code).toBe(0);
		await seen('configmap/after-timeout\n');
		expect(watch.exitCode).toBe(null);
		watch.kill();
		ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello\n')]));
		ws.send(Buffer.from([255, 0]));
		await wsClosed;
		const stdout = frames.filter(f => f[0] === 1).map(f => f.subarray(1).toString()).join('');
		const statusFrame = frames.find(f => f[0] === 3);
		expect(stdout).toBe('got hello\n');
		expect(JSON.parse(statusFrame!.subarray(1).toString())).toEqual({metadata: {}, status: 'Success'});
	});

	it('a kept-alive connection idle past the keep-alive timeout is closed by the server', async () => {
		const socket = await tlsSocket(b);
		const answer = received(socket);
		socket.write(`GET /version HTTP/1.1\r\nHost: 127.0.0.1:${b.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
		const start = performance.now();
		const text = await answer;
		expect(statusOf(text).code).toBe(200);
		expect(performance.now() - start).toBeGreaterThanOrEqual(LIMITS.keepAliveTimeoutMs - 50);
	});
});

describeWithTool(kubectlTool, 'the connection cap of kubesim serve', () => {
	const MAX = 5;
	let c: Serving;

	beforeAll(async () => {
		c = await serve('c', ['--token-file', tokenFile, '--no-manifests'], {maxConnections: MAX});
	});

	it('past the cap a request is 429 Too Many Requests with Retry-After and a Status; kept connections still work', async () => {
		// MAX kept-alive connections, each answered once
		const held = await Promise.all(Array.from({length: MAX}, () => tlsSocket(c)));
		const ask = (s: TLSSocket) =>
			new Promise<string>(res => {
				let text = '';
				const onData = (d: Buffer) => {
					text += d.toString();
					const m = /Content-Length: (\d+)\r\n/i.exec(text);
					const split = text.indexOf('\r\n\r\n');
					if (m && split >= 0 && text.length - split - 4 >= Number(m[1])) {
						s.off('data', onData);
						res(text);
					}
				};
				s.on('data', onData);
				s.write(`GET /version HTTP/1.1\r\nHost: 127.0.0.1:${c.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
			});
		for (const s of held) expect(statusOf(await ask(s)).code).toBe(200);
		const over = await https(c, '/api/v1/namespaces/default/pods', {token: TOKEN});
		expect(over.status).toBe(429);
		expect(over.headers['retry-after']).toBe('1');
		expect(over.headers.connection).toBe('close');
		expect(JSON.parse(over.text)).toEqual({
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Failure',
			message: 'Too many requests, please try again later.',
			reason: 'TooManyRequests',
			code: 429,
			details: {retryAfterSeconds: 1},
		});
		// a held connection is still answered
		expect(statusOf(await ask(held[0]!)).code).toBe(200);
		// once one closes, a new connection is served again (the server sees the close first)
		const gone = received(held[1]!);
		held[1]!.end();
		await gone;
		let again = await https(c, '/api/v1/namespaces/default/pods', {token: TOKEN});
		for (let tries = 0; again.status === 429 && tries < 100; tries++) again = await https(c, '/api/v1/namespaces/default/pods', {token: TOKEN});
		expect(again.status).toBe(200);
		for (const s of held) s.destroy();
	});
});

const BUSYBOX_PASSWD = [
	'root:x:0:0:root:/root:/bin/sh',
	'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
	'bin:x:2:2:bin:/bin:/bin/false',
	'sys:x:3:3:sys:/dev:/bin/false',
	'sync:x:4:100:sync:/bin:/bin/sync',
	'mail:x:8:8:mail:/var/spool/mail:/bin/false',
	'www-data:x:33:33:www-data:/var/www:/bin/false',
	'operator:x:37:37:Operator:/var:/bin/false',
	'nobody:x:65534:65534:nobody:/home:/bin/false',
	'',
].join('\n');

const DEBIAN_PASSWD = [
	'root:x:0:0:root:/root:/bin/bash',
	'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
	'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
	'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
	'sync:x:4:65534:sync:/bin:/bin/sync',
	'games:x:5:60:games:/usr/games:/usr/sbin/nologin',
	'man:x:6:12:man:/var/cache/man:/usr/sbin/nologin',
	'lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin',
	'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin',
	'news:x:9:9:news:/var/spool/news:/usr/sbin/nologin',
	'uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin',
	'proxy:x:13:13:proxy:/bin:/usr/sbin/nologin',
	'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
	'backup:x:34:34:backup:/var/backups:/usr/sbin/nologin',
	'list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin',
	'irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin',
	'_apt:x:42:65534::/nonexistent:/usr/sbin/nologin',
	'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
	'',
].join('\n');
