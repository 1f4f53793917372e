// The compiled command, as `npm start`, `npm run serve` and bin/kubesim.js run it: dist/, built by
// `npm install` (the prepare script) and rebuilt by the tests' global setup when a source
// changed. It runs on Node alone, from any folder, and finds the files it reads at run time
// (the demo manifests, the protobuf schemas) in the package.
import {afterAll, describe, expect, it} from 'vitest';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {protoRoot} from '../../source/server/protobuf.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const home = mkdtempSync(join(tmpdir(), 'kubesim-build-'));
const env = {...process.env, XDG_CONFIG_HOME: home};
const children: ChildProcess[] = [];

afterAll(() => {
	for (const c of children) c.kill();
	rmSync(home, {recursive: true, force: true});
});

const SUMMARY_AT_5S = [
	'kubesim v1.32.2: 4 nodes, 17 pods after 5s of simulated time',
	'  deployment default/api: 0/2 ready',
	'  deployment default/redis: 0/1 ready',
	'  deployment default/web: 0/3 ready',
	'  deployment kube-system/coredns: 2/2 ready',
	'',
].join('\n');

describe('the build in dist/', () => {
	it('node dist/cli.js --summary prints the demo cluster after 5 simulated seconds', async () => {
		const {stdout, stderr} = await run(process.execPath, [join(root, 'dist/cli.js'), '--summary', '--warmup', '5'], {cwd: root, env});
		expect(stdout).toBe(SUMMARY_AT_5S);
		expect(stderr).toBe('');
	});

	it('bin/kubesim.js runs it from another folder, with the demo manifests of the package', async () => {
		const {stdout} = await run(process.execPath, [join(root, 'bin/kubesim.js'), '--summary', '--warmup', '5'], {cwd: home, env});
		expect(stdout).toBe(SUMMARY_AT_5S);
	});

	it('kubesim learn of a lesson that needs the eks profile starts on it, unless --profile says otherwise', async () => {
		const summary = async (...args: string[]) => (await run(process.execPath, [join(root, 'dist/cli.js'), ...args, '--summary', '--no-manifests', '--warmup', '5'], {cwd: root, env})).stdout.split('\n')[0];
		expect(await summary('learn', 'cluster-autoscaler')).toBe('kubesim v1.32.2: 2 nodes, 7 pods after 5s of simulated time');
		expect(await summary('learn', 'cluster-autoscaler', '--profile', 'kind')).toBe('kubesim v1.32.2: 4 nodes, 10 pods after 5s of simulated time');
		expect(await summary('learn', 'pod')).toBe('kubesim v1.32.2: 4 nodes, 10 pods after 5s of simulated time');
	});

	it('an unknown flag exits 1 with the help', async () => {
		const err = await run(process.execPath, [join(root, 'dist/cli.js'), '--bogus'], {cwd: root, env}).then(
			() => undefined,
			(e: {code: number; stderr: string}) => e,
		);
		expect(err?.code).toBe(1);
		expect(err?.stderr).toMatch(/^kubesim: unknown flag --bogus\n\nkubesim: a k9s-style dashboard/);
	});

	it('kubesim serve decodes a protobuf body, its .proto files read from the package', async () => {
		const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--port', '0', '--kubeconfig-out', join(home, 'kubeconfig')], {cwd: home, env});
		children.push(child);
		let out = '';
		const url = await new Promise<string>((res, rej) => {
			child.stdout.on('data', (d: Buffer) => {
				out += d.toString();
				const m = /serving the simulated cluster at (http:\/\/\S+)/.exec(out);
				if (m) res(m[1]!);
			});
			child.on('exit', code => rej(new Error(`kubesim serve exited (${code}): ${out}`)));
		});
		// a Namespace as `kubectl create namespace` sends it
		const proto = protoRoot();
		const ns = proto.lookupType('k8s.io.api.core.v1.Namespace');
		const unknown = proto.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
		const raw = ns.encode(ns.fromObject({metadata: {name: 'from-protobuf'}})).finish();
		const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.encode(unknown.fromObject({typeMeta: {apiVersion: 'v1', kind: 'Namespace'}, raw})).finish()]);
		const created = await fetch(`${url}/api/v1/namespaces`, {method: 'POST', headers: {'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/json'}, body});
		expect(created.status).toBe(201);
		const got = await fetch(`${url}/api/v1/namespaces/from-protobuf`);
		expect(((await got.json()) as {metadata: {name: string}}).metadata.name).toBe('from-protobuf');
	});
});
