// The real kubectl against a ReplicationController: served at v1, with `kubectl get rc`'s
// columns, scale and describe (needs /usr/bin/kubectl: skipped with the reason outside CI,
// failed in CI).
import {afterAll, beforeAll, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from './run-kubectl.js';

describeWithTool(kubectlTool, 'kubectl and ReplicationControllers', () => {
	let cluster: Cluster;
	let server: KubeApiServer;
	let dir: string;

	beforeAll(async () => {
		cluster = createCluster({nodes: 2, seed: 1});
		server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		dir = mkdtempSync(join(tmpdir(), 'kubesim-rc-'));
		writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	});

	afterAll(async () => {
		await server?.close();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	const kubectl = (...args: string[]) => runKubectl(dir, args);

	it('applies the documentation manifest, lists, scales and describes it', async () => {
		const applied = await kubectl('apply', '-f', 'test/fixtures/website/controllers/replication.yaml');
		expect(applied.stderr).toBe('');
		expect(applied.stdout).toBe('replicationcontroller/nginx created\n');
		for (let i = 0; i < 60 && cluster.get('ReplicationController', 'default', 'nginx').status?.readyReplicas !== 3; i++) cluster.advance(1000);

		const listed = await kubectl('get', 'rc');
		expect(listed.stdout.split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/);
		expect(listed.stdout.split('\n')[1]).toMatch(/^nginx\s+3\s+3\s+3\s+\S+$/);
		const wide = await kubectl('get', 'replicationcontrollers', '-o', 'wide');
		expect(wide.stdout.split('\n')[1]).toMatch(/^nginx\s+3\s+3\s+3\s+\S+\s+nginx\s+nginx\s+app=nginx$/);

		const scaled = await kubectl('scale', 'rc', 'nginx', '--replicas=1');
		expect(scaled.stderr).toBe('');
		expect(scaled.stdout).toBe('replicationcontroller/nginx scaled\n');
		for (let i = 0; i < 60 && cluster.list('Pod', {namespace: 'default', labelSelector: 'app=nginx'}).length !== 1; i++) cluster.advance(1000);
		expect(cluster.get('ReplicationController', 'default', 'nginx').status).toMatchObject({replicas: 1, readyReplicas: 1});

		const described = await kubectl('describe', 'rc', 'nginx');
		expect(described.stderr).toBe('');
		const lines = described.stdout.split('\n');
		expect(lines.slice(0, 3)).toEqual(['Name:         nginx', 'Namespace:    default', 'Selector:     app=nginx']);
		expect(lines).toContain('Replicas:     1 current / 1 desired');
		expect(described.stdout).toMatch(/Normal\s+SuccessfulDelete\s+\S+\s+replication-controller\s+Deleted pod: nginx-/);
	});
});
