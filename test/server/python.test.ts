// The official Python client (Debian's python3-kubernetes) against kubesim serve in-process:
// it lists, creates, watches (events arrive: it sends watch=True), reads logs, execs and deletes.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {createCluster, type Cluster, type Driver} from '../../source/cluster/index.js';
import {realTimeHost} from '../../source/client/host.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {demoManifests} from '../ui/harness.js';
import {PYTHON, describeWithTool, pythonClientTool} from '../tools.js';

const run = promisify(execFile);

describeWithTool(pythonClientTool, 'the official Python client', () => {
	let cluster: Cluster;
	let driver: Driver;
	let server: KubeApiServer;
	let dir: string;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'kubesim-python-'));
		cluster = createCluster({nodes: 3, seed: 4, manifests: demoManifests(), startTime: Date.now()});
		cluster.advance(30_000);
		driver = cluster.drive(realTimeHost, 20);
		server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	});

	afterAll(async () => {
		driver?.stop();
		await server?.close();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('lists, creates, watches, reads logs, execs and deletes', async () => {
		const {stdout} = await run(PYTHON, ['test/server/python/client.py', join(dir, 'kubeconfig')], {timeout: 120_000});
		const steps = Object.fromEntries(stdout.trim().split('\n').map(l => JSON.parse(l) as {step: string}).map(s => [s.step, s]));
		const web = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).map(p => p.metadata.name).sort();
		expect(steps.list).toEqual({step: 'list', names: web, phases: ['Running', 'Running', 'Running']});
		expect(steps.create).toEqual({step: 'create', name: 'from-python', uid_set: true});
		expect(steps.watch).toEqual({step: 'watch', first: 'ADDED', last: ['MODIFIED', 'Running']});
		expect(steps.logs).toEqual({step: 'logs', text: 'hello from python\n'});
		expect(steps.exec).toEqual({step: 'exec', out: '42\nfrom-python\n'});
		expect(steps.delete).toEqual({step: 'delete', gone: true});
	}, 150_000);
});
