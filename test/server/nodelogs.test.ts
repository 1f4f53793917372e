// The kubelet's log query through the API server's node proxy: /api/v1/nodes/N/proxy/logs/?query=kubelet
// over HTTP, and the real kubectl's `get --raw` of it; RuntimeClasses as kubectl sees them.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from './run-kubectl.js';

let cluster: Cluster;
let server: KubeApiServer;
let dir: string;

beforeAll(async () => {
	cluster = createCluster({nodes: 1, controlPlane: false, addons: false, seed: 7});
	cluster.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n');
	cluster.advance(5000);
	server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	dir = mkdtempSync(join(tmpdir(), 'kubesim-nodelogs-'));
	writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
});

afterAll(async () => {
	await server?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

const get = async (path: string) => {
	const r = await fetch(server.url() + path);
	return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
};

describe('nodes/NAME/proxy/logs/', () => {
	it('?query=kubelet answers the journal in short-precise form; tailLines keeps the last lines', async () => {
		const all = await get('/api/v1/nodes/kubesim-worker/proxy/logs/?query=kubelet');
		expect(all.status).toBe(200);
		expect(all.type).toBe('text/plain; charset=utf-8');
		const lines = all.text.trimEnd().split('\n');
		expect(lines).toEqual(cluster.nodeJournal('kubesim-worker', {format: 'short-precise'}));
		expect(lines[0]).toBe('Jan 06 09:00:00.000000 kubesim-worker kubelet[920]: I0106 09:00:00.000000     920 kubelet_node_status.go:75] "Attempting to register node" node="kubesim-worker"');
		const tail = await get('/api/v1/nodes/kubesim-worker/proxy/logs/?query=kubelet&tailLines=2');
		expect(tail.text).toBe(lines.slice(-2).map(l => `${l}\n`).join(''));
		expect(tail.text).toContain('"SyncLoop (PLEG): event for pod" pod="default/web"');
		const grep = await get('/api/v1/nodes/kubesim-worker/proxy/logs/?query=kubelet&pattern=Pulled');
		expect(grep.text.trimEnd().split('\n').length).toBe(1);
		expect(grep.text).toContain('reason="Pulled"');
	});

	it('lists /var/log without a query, says -- No entries -- for another unit, 404 for other paths and nodes', async () => {
		const listing = await get('/api/v1/nodes/kubesim-worker/proxy/logs/');
		expect(listing.type).toBe('text/html; charset=utf-8');
		expect(listing.text).toBe('<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n<a href="containers/">containers/</a>\n<a href="journal/">journal/</a>\n<a href="pods/">pods/</a>\n</pre>\n');
		expect((await get('/api/v1/nodes/kubesim-worker/proxy/logs/?query=containerd')).text).toBe('-- No entries --\n');
		expect((await get('/api/v1/nodes/kubesim-worker/proxy/healthz')).text).toBe('ok');
		expect((await get('/api/v1/nodes/kubesim-worker/proxy/configz')).status).toBe(404);
		const missing = await get('/api/v1/nodes/nowhere/proxy/logs/?query=kubelet');
		expect(missing.status).toBe(404);
		expect(JSON.parse(missing.text).message).toBe('nodes "nowhere" not found');
		const bad = await get('/api/v1/nodes/kubesim-worker/proxy/logs/?query=kubelet&tailLines=x');
		expect(bad.status).toBe(400);
	});
});

describeWithTool(kubectlTool, 'kubectl: the node log query and RuntimeClasses', () => {
	it('applies and lists a RuntimeClass; a pod naming a missing one is refused', async () => {
		const rc = 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n';
		const applied = await runKubectl(dir, ['apply', '-f', '-'], rc);
		expect(applied.stderr).toBe('');
		expect(applied.stdout).toBe('runtimeclass.node.k8s.io/gvisor created\n');
		const listed = await runKubectl(dir, ['get', 'runtimeclass']);
		expect(listed.stdout.split('\n')[0]).toMatch(/^NAME\s+HANDLER\s+AGE$/);
		expect(listed.stdout.split('\n')[1]).toMatch(/^gvisor\s+runsc\s+\d+s$/);
		const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sandboxed\nspec:\n  runtimeClassName: kata\n  containers:\n    - name: app\n      image: nginx:1.27\n';
		const refused = await runKubectl(dir, ['apply', '-f', '-'], pod);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe('Error from server (Forbidden): error when creating "STDIN": pods "sandboxed" is forbidden: pod rejected: RuntimeClass "kata" not found\n');
	});

	it('prints the last lines of the kubelet journal', async () => {
		const r = await runKubectl(dir, ['get', '--raw', '/api/v1/nodes/kubesim-worker/proxy/logs/?query=kubelet&tailLines=3']);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout).toBe(
			cluster
				.nodeJournal('kubesim-worker', {format: 'short-precise', tailLines: 3})!
				.map(l => `${l}\n`)
				.join(''),
		);
	});
});
