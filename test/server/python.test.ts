// The official Python client (Debian's python3-kubernetes) against kubesim serve in-process:
// it lists, creates, watches (events arrive: it sends watch=True), reads logs, execs and deletes.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {PYTHON, describeWithTool, pythonClientTool} from '../tools.js';
import {serveDemo, type Served} from '../served.js';

const run = promisify(execFile);

describeWithTool(pythonClientTool, 'the official Python client', () => {
	let served: Served;

	beforeAll(async () => {
		served = await serveDemo({seed: 4, speed: 20});
	});

	afterAll(async () => {
		await served?.close();
	});

	it('lists, creates, watches, reads logs, execs and deletes', async () => {
		const {stdout} = await run(PYTHON, ['test/server/python/client.py', served.kubeconfig], {timeout: 120_000});
		const steps = Object.fromEntries(stdout.trim().split('\n').map(l => JSON.parse(l) as {step: string}).map(s => [s.step, s]));
		const web = served.cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).map(p => p.metadata.name).sort();
		expect(steps.list).toEqual({step: 'list', names: web, phases: ['Running', 'Running', 'Running']});
		expect(steps.create).toEqual({step: 'create', name: 'from-python', uid_set: true});
		// from the create's resourceVersion the first change is the binding to a node
		expect(steps.watch).toEqual({step: 'watch', first: 'MODIFIED', last: ['MODIFIED', 'Running']});
		expect(steps.logs).toEqual({step: 'logs', text: 'hello from python\n'});
		expect(steps.exec).toEqual({step: 'exec', out: '42\nfrom-python\n'});
		expect(steps.delete).toEqual({step: 'delete', gone: true});
	}, 150_000);
});
