// The real kubectl's streaming commands against kubesim serve: port-forward (the WebSocket
// tunnel of kubectl 1.31+, and SPDY/3.1 as kubectl 1.27-1.30 speak it), with curl on the
// forwarded port answered by the pod's simulated server; attach and `run -it --rm` in a
// terminal; cp both ways through the images' tar; debug with ephemeral containers and node
// pods; and RBAC on each subresource. The
// demo shop runs in real time; every wait is on kubectl's output or the cluster's state.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import type {Pod} from '../../source/cluster/index.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {serveDemo, type Served} from '../served.js';
import {untilSimulated} from '../wait.js';
import {KUBECTL, kubectlEnv, runKubectl} from '../server/run-kubectl.js';

let served: Served;
let dir: string;
const kubectl = (...args: string[]) => runKubectl(dir, args);
const children = new Set<ChildProcess>();

const ready = (p: Pod) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True');
const podOf = (app: string) => served.cluster.list('Pod', {namespace: 'default', labelSelector: `app=${app}`}).find(ready)!.metadata.name;

/** A long-running kubectl whose output a test waits on. */
interface Running {
	child: ChildProcess;
	output(): string;
	/** Resolves with the output once `re` matches it (or rejects when kubectl exits first). */
	until(re: RegExp): Promise<RegExpExecArray>;
	exited: Promise<number>;
}

function start(args: string[], binary = KUBECTL, terminal = false): Running {
	// `script` gives kubectl a terminal, as a user's shell does, and types what the test writes
	const child = terminal ? spawn('script', ['-q', '-e', '-c', [binary, ...args].map(a => `'${a}'`).join(' '), '/dev/null'], {env: kubectlEnv(dir)}) : spawn(binary, args, {env: kubectlEnv(dir)});
	children.add(child);
	let out = '';
	const waiters: Array<() => void> = [];
	const changed = () => {
		for (const w of waiters.splice(0)) w();
	};
	child.stdout.on('data', (d: Buffer) => ((out += d.toString()), changed()));
	child.stderr.on('data', (d: Buffer) => ((out += d.toString()), changed()));
	let code: number | undefined;
	const exited = new Promise<number>(resolve =>
		child.on('exit', c => {
			code = c ?? 1;
			children.delete(child);
			changed();
			resolve(code);
		}),
	);
	return {
		child,
		output: () => out,
		exited,
		async until(re) {
			for (;;) {
				const m = re.exec(out);
				if (m) return m;
				if (code !== undefined) throw new Error(`kubectl ${args.join(' ')} exited (${code}) before ${re}: ${out}`);
				await new Promise<void>(resolve => waiters.push(resolve));
			}
		},
	};
}

function curl(url: string, ...flags: string[]): Promise<{code: number; stdout: string}> {
	return new Promise(resolve => {
		execFile('curl', ['-sS', '--max-time', '20', ...flags, url], (err, stdout, stderr) => resolve({code: err ? 1 : 0, stdout: stdout + stderr}));
	});
}

/** `kubectl port-forward TARGET :REMOTE`: resolves with the local port it prints. */
async function forward(target: string, remote: number, extra: string[] = [], binary = KUBECTL): Promise<{port: number; run: Running}> {
	const run = start(['port-forward', target, `:${remote}`, ...extra], binary);
	const m = await run.until(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)\n/);
	expect(Number(m[2])).toBe(remote);
	return {port: Number(m[1]), run};
}

describeWithTool(kubectlTool, 'kubectl streams against kubesim serve', () => {
	beforeAll(async () => {
		served = await serveDemo({seed: 11, speed: 20});
		dir = dirname(served.kubeconfig);
		await untilSimulated(served.cluster, served.driver!, 'web and api ready', () => {
			const pods = served.cluster.list('Pod', {namespace: 'default'}).filter(ready).map(p => p.metadata.name);
			return pods.some(n => n.startsWith('web-')) && pods.some(n => n.startsWith('api-'));
		});
	});

	afterAll(async () => {
		for (const c of children) c.kill('SIGKILL');
		await served?.close();
	});

	it('port-forward to a pod: curl gets nginx\'s welcome page, and its 404 for another path', async () => {
		const pod = podOf('web');
		const {port, run} = await forward(`pod/${pod}`, 80);
		const page = await curl(`http://127.0.0.1:${port}/`, '-i');
		expect(page.code).toBe(0);
		expect(page.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.\d+\r\nDate: .+ GMT\r\nContent-Type: text\/html\r\nContent-Length: 615\r\nConnection: keep-alive\r\n\r\n<!DOCTYPE html>/);
		expect(page.stdout).toContain('<h1>Welcome to nginx!</h1>');
		const missing = await curl(`http://127.0.0.1:${port}/missing`);
		expect(missing.stdout).toContain('<head><title>404 Not Found</title></head>');
		await run.until(/(Handling connection for \d+\n){2}/);
		expect(run.output()).toBe(`Forwarding from 127.0.0.1:${port} -> 80\nForwarding from [::1]:${port} -> 80\nHandling connection for ${port}\nHandling connection for ${port}\n`);
		run.child.kill('SIGINT');
		expect(await run.exited).toBe(0);
		// the requests reached the pod's server as requests from inside its network namespace
		const logs = (await kubectl('logs', pod)).stdout.split('\n').filter(l => l.startsWith('127.0.0.1 '));
		expect(logs).toHaveLength(2);
		expect(logs[0]).toMatch(/^127\.0\.0\.1 - - \[.+\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/[\d.]+" "-"$/);
		expect(logs[1]).toMatch(/^127\.0\.0\.1 - - \[.+\] "GET \/missing HTTP\/1\.1" 404 153 "-" "curl\/[\d.]+" "-"$/);
	});

	it('port-forward to a Service and a Deployment picks their pod and the target port', async () => {
		const svc = await forward('svc/api', 5678);
		expect((await curl(`http://127.0.0.1:${svc.port}/`)).stdout).toBe('hello from the shop api\n');
		svc.run.child.kill('SIGINT');
		const deploy = await forward('deploy/web', 80);
		expect((await curl(`http://127.0.0.1:${deploy.port}/`)).stdout).toContain('<title>Welcome to nginx!</title>');
		deploy.run.child.kill('SIGINT');
		await Promise.all([svc.run.exited, deploy.run.exited]);
	});

	it('kubectl 1.27-1.30 forward over SPDY/3.1, 1.31 and later over the WebSocket tunnel', async () => {
		const pod = podOf('api');
		const protocols: string[] = [];
		for (const v of ['1.27', '1.30', '1.31', '1.33']) {
			const {port, run} = await forward(`pod/${pod}`, 5678, ['-v=6'], `/usr/lib/google-cloud-sdk/bin/kubectl.${v}`);
			expect((await curl(`http://127.0.0.1:${port}/`)).stdout).toBe('hello from the shop api\n');
			// the tunnelling dialer logs the protocol it negotiated over the WebSocket
			protocols.push(`${v} ${run.output().includes('negotiated protocol: portforward.k8s.io') ? 'websocket' : 'spdy'}`);
			run.child.kill('SIGINT');
			await run.exited;
		}
		expect(protocols).toEqual(['1.27 spdy', '1.30 spdy', '1.31 websocket', '1.33 websocket']);
	});

	it('a port nothing listens on: the kubelet\'s connection refused, and kubectl gives up as it does', async () => {
		const pod = podOf('web');
		const {port, run} = await forward(`pod/${pod}`, 81);
		const r = await curl(`http://127.0.0.1:${port}/`);
		// kubectl drops the local connection: curl sees it closed, or reset when kubectl exits first
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^curl: \((52\) Empty reply from server|56\) Recv failure: Connection reset by peer)\n$/);
		expect(await run.exited).toBe(1);
		expect(run.output()).toContain(`"Unhandled Error" err="an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod `);
		expect(run.output()).toContain('IPv4: dial tcp4 127.0.0.1:81: connect: connection refused');
		expect(run.output().endsWith('error: lost connection to pod\n')).toBe(true);
	});

	it('errors as real: a missing pod, a pod that is not running', async () => {
		expect(await kubectl('port-forward', 'pod/nope', '8080:80')).toEqual({code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n'});
		expect((await kubectl('run', 'stuck', '--image=nginx:1.27', '--overrides={"spec":{"nodeSelector":{"no":"such-node"}}}')).stdout).toBe('pod/stuck created\n');
		expect(await kubectl('port-forward', 'pod/stuck', '8080:80')).toEqual({code: 1, stdout: '', stderr: 'error: unable to forward port because pod is not running. Current status=Pending\n'});
	});

	it('kubectl run -i --tty --rm: a busybox shell, its exit ends the pod, and --rm deletes it', async () => {
		const run = start(['run', '-i', '--tty', '--rm', 'busybox', '--image=busybox:1.28', '--restart=Never', '--', 'sh'], KUBECTL, true);
		await run.until(/\/ # /);
		run.child.stdin!.write('echo hello $((6*7)) from $(hostname)\r');
		await run.until(/hello 42 from busybox\r\n\/ # /);
		run.child.stdin!.write('exit\r');
		expect(await run.exited).toBe(0);
		expect(run.output()).toBe(
			"If you don't see a command prompt, try pressing enter.\r\n/ # echo hello $((6*7)) from $(hostname)\r\nhello 42 from busybox\r\n/ # exit\r\npod \"busybox\" deleted\r\n",
		);
		expect((await kubectl('get', 'pod', 'busybox')).stderr).toBe('Error from server (NotFound): pods "busybox" not found\n');
	});

	it('kubectl attach -it to a shell started with -it: `exit 3` ends the container with its code', async () => {
		expect((await kubectl('run', 'shell', '--image=busybox:1.28', '--restart=Never', '--stdin', '--tty', '--attach=false', '--', 'sh')).stdout).toBe('pod/shell created\n');
		await untilSimulated(served.cluster, served.driver!, 'shell running', () => served.cluster.find<Pod>('Pod', 'default', 'shell')?.status?.phase === 'Running');
		const run = start(['attach', '-it', 'shell'], KUBECTL, true);
		await run.until(/\/ # /);
		run.child.stdin!.write('exit 3\r');
		await run.exited;
		await untilSimulated(served.cluster, served.driver!, 'shell failed', () => served.cluster.find<Pod>('Pod', 'default', 'shell')?.status?.phase === 'Failed');
		const st = served.cluster.find<Pod>('Pod', 'default', 'shell')!.status!.containerStatuses![0]!.state!.terminated!;
		expect([st.exitCode, st.reason]).toEqual([3, 'Error']);
	});

	it('kubectl attach to a process that writes: its output from now on, until it exits', async () => {
		expect((await kubectl('run', 'ticker', '--image=busybox:1.28', '--restart=Never', '--', 'sh', '-c', 'sleep 60; for i in 1 2 3; do echo tick $i; sleep 1; done')).code).toBe(0);
		await untilSimulated(served.cluster, served.driver!, 'ticker running', () => served.cluster.find<Pod>('Pod', 'default', 'ticker')?.status?.phase === 'Running');
		const run = start(['attach', 'ticker']);
		expect(await run.exited).toBe(0);
		expect(run.output()).toBe("If you don't see a command prompt, try pressing enter.\ntick 1\ntick 2\ntick 3\n");
	});

	it('kubectl cp both ways: a file and a directory into a busybox pod, and back out, byte for byte', async () => {
		expect((await kubectl('run', 'files', '--image=busybox:1.28', '--restart=Never', '--', 'sleep', '3600')).code).toBe(0);
		await untilSimulated(served.cluster, served.driver!, 'files running', () => served.cluster.find<Pod>('Pod', 'default', 'files')?.status?.phase === 'Running');
		const local = mkdtempSync(join(tmpdir(), 'kubesim-cp-'));
		try {
			writeFileSync(join(local, 'notes.txt'), 'hello from the host\nline two: ü\n');
			mkdirSync(join(local, 'site/css'), {recursive: true});
			writeFileSync(join(local, 'site/index.html'), '<h1>copied</h1>\n');
			writeFileSync(join(local, 'site/css/main.css'), 'body { margin: 0 }\n');
			expect(await kubectl('cp', join(local, 'notes.txt'), 'files:/tmp/notes.txt')).toEqual({code: 0, stdout: '', stderr: ''});
			expect(await kubectl('cp', join(local, 'site'), 'files:/home/site')).toEqual({code: 0, stdout: '', stderr: ''});
			expect((await kubectl('exec', 'files', '--', 'cat', '/tmp/notes.txt', '/home/site/css/main.css')).stdout).toBe('hello from the host\nline two: ü\nbody { margin: 0 }\n');
			// tar's warning comes after the archive on its own channel: kubectl passes it on unless it has hung up by then
			const back = await kubectl('cp', 'files:/tmp/notes.txt', join(local, 'back.txt'));
			expect(back.code).toBe(0);
			expect(['', "tar: removing leading '/' from member names\n"]).toContain(back.stdout + back.stderr);
			expect(readFileSync(join(local, 'back.txt'), 'utf8')).toBe('hello from the host\nline two: ü\n');
			expect((await kubectl('cp', 'files:/home/site', join(local, 'back'))).code).toBe(0);
			expect(readFileSync(join(local, 'back/css/main.css'), 'utf8')).toBe('body { margin: 0 }\n');
			expect(readFileSync(join(local, 'back/index.html'), 'utf8')).toBe('<h1>copied</h1>\n');
			// nginx's image is Debian's: GNU tar and its words
			const web = podOf('web');
			const conf = await kubectl('cp', `${web}:/etc/nginx/conf.d/default.conf`, join(local, 'default.conf'));
			expect(conf.code).toBe(0);
			expect(['', "tar: Removing leading `/' from member names\n"]).toContain(conf.stdout + conf.stderr);
			expect(readFileSync(join(local, 'default.conf'), 'utf8')).toContain('listen 80;');
			// http-echo's image has no tar at all
			const r = await kubectl('cp', join(local, 'notes.txt'), `${podOf('api')}:/tmp/notes.txt`);
			expect(r.code).toBe(1);
			expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/);
		} finally {
			rmSync(local, {recursive: true, force: true});
		}
	});

	it('kubectl 1.27-1.29 exec, cp and run -it over SPDY/3.1 (v4.channel.k8s.io)', async () => {
		const local = mkdtempSync(join(tmpdir(), 'kubesim-spdy-'));
		try {
			writeFileSync(join(local, 'in.txt'), 'over spdy\n');
			for (const v of ['1.27', '1.29']) {
				const old = `/usr/lib/google-cloud-sdk/bin/kubectl.${v}`;
				const oldKubectl = (...args: string[]) =>
					new Promise<{code: number; stdout: string; stderr: string}>(resolve =>
						execFile(old, args, {env: kubectlEnv(dir)}, (err, stdout, stderr) => resolve({code: err ? ((err as {code?: number}).code ?? 1) : 0, stdout, stderr})),
					);
				expect(await oldKubectl('exec', 'files', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3')).toEqual({code: 3, stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n'});
				expect(await oldKubectl('cp', join(local, 'in.txt'), `files:/tmp/${v}.txt`)).toEqual({code: 0, stdout: '', stderr: ''});
				expect((await oldKubectl('cp', `files:/tmp/${v}.txt`, join(local, `${v}.txt`))).code).toBe(0);
				expect(readFileSync(join(local, `${v}.txt`), 'utf8')).toBe('over spdy\n');
				const run = start(['run', '-i', '--tty', '--rm', `old-${v.replace('.', '-')}`, '--image=busybox:1.28', '--restart=Never', '--', 'sh'], old, true);
				await run.until(/\/ # /);
				run.child.stdin!.write('echo spdy $((40+2))\r');
				await run.until(/spdy 42\r\n\/ # /);
				run.child.stdin!.write('exit\r');
				expect(await run.exited).toBe(0);
				expect(run.output()).toContain(`pod "old-${v.replace('.', '-')}" deleted`);
			}
		} finally {
			rmSync(local, {recursive: true, force: true});
		}
	});

	it('kubectl debug -it POD --target: an ephemeral busybox container in the pod, attached', async () => {
		const pod = podOf('web');
		const run = start(['debug', '-it', `pod/${pod}`, '--image=busybox:1.28', '--target=web'], KUBECTL, true);
		const name = (await run.until(/Defaulting debug container name to (debugger-[a-z0-9]{5})\.\r\n/))[1]!;
		await run.until(/\/ # /);
		run.child.stdin!.write('echo debugging $(hostname)\r');
		await run.until(new RegExp(`debugging ${pod}\\r\\n/ # `));
		run.child.stdin!.write('exit\r');
		expect(await run.exited).toBe(0);
		expect(run.output()).toContain(`Targeting container "web". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\r\n`);
		await untilSimulated(served.cluster, served.driver!, 'debugger terminated', () => {
			const st = (served.cluster.find<Pod>('Pod', 'default', pod)?.status as {ephemeralContainerStatuses?: Array<{name: string; state: {terminated?: unknown}}>}).ephemeralContainerStatuses;
			return !!st?.some(s => s.name === name && s.state.terminated);
		});
		const spec = (served.cluster.get<Pod>('Pod', 'default', pod).spec.ephemeralContainers as Array<Record<string, unknown>>).find(c => c.name === name);
		expect(spec).toMatchObject({image: 'busybox:1.28', targetContainerName: 'web', stdin: true, tty: true});
		// the pod's own container ran on, untouched
		expect(served.cluster.get<Pod>('Pod', 'default', pod).status.phase).toBe('Running');
	});

	it('kubectl debug node/N -it: a pod on that node, attached', async () => {
		const node = served.cluster.list('Node')[1]!.metadata.name;
		const run = start(['debug', `node/${node}`, '-it', '--image=busybox:1.28'], KUBECTL, true);
		const name = (await run.until(new RegExp(`Creating debugging pod (node-debugger-${node}-[a-z0-9]{5}) with container debugger on node ${node}\\.`)))[1]!;
		await run.until(/\/ # /);
		run.child.stdin!.write('exit\r');
		expect(await run.exited).toBe(0);
		const p = served.cluster.get<Pod>('Pod', 'default', name);
		expect([p.spec.nodeName, p.spec.hostPID, p.spec.hostNetwork]).toEqual([node, true, true]);
	});

	it('needs create on pods/portforward and pods/attach, patch on pods/ephemeralcontainers', async () => {
		const pod = podOf('web');
		expect((await kubectl('create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods')).code).toBe(0);
		expect((await kubectl('create', 'rolebinding', 'jane-reads', '--role=pod-reader', '--user=jane')).code).toBe(0);
		const r = await kubectl('port-forward', `pod/${pod}`, '8080:80', '--as=jane');
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(`error: error upgrading connection: pods "${pod}" is forbidden: User "jane" cannot create resource "pods/portforward" in API group "" in the namespace "default"\n`);
		const a = await kubectl('attach', pod, '--as=jane');
		expect(a.code).toBe(1);
		expect(a.stderr).toContain(`pods "${pod}" is forbidden: User "jane" cannot create resource "pods/attach" in API group "" in the namespace "default"`);
		const d = await kubectl('debug', `pod/${pod}`, '--image=busybox:1.28', '--as=jane');
		expect(d.code).toBe(1);
		expect(d.stderr).toContain(`pods "${pod}" is forbidden: User "jane" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"`);
	});
});
