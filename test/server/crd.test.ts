// End to end: CustomResourceDefinitions with the real kubectl, on the manifests of the
// Kubernetes documentation (the CronTab task page, the shirt examples): before the definition the
// kind is unknown, once established its objects are served, listed with their columns,
// validated by their schema and pruned, and deleting the definition deletes them. APIServices
// list every served group version. Needs /usr/bin/kubectl.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runKubectl} from './run-kubectl.js';
import {createCluster, type Cluster, type Driver} from '../../source/cluster/index.js';
import {realTimeHost} from '../../source/client/host.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {untilSimulated} from '../wait.js';

let cluster: Cluster;
let driver: Driver;
let server: KubeApiServer;
let dir: string;

const F = 'test/fixtures/crd';
const kubectl = (...args: string[]) => runKubectl(dir, args);
const until = (what: string, done: () => boolean) => untilSimulated(cluster, driver, what, done);

function established(name: string): boolean {
	const crd = cluster.api.store.get('CustomResourceDefinition', undefined, name) as {status?: {conditions?: Array<{type: string; status: string}>}} | undefined;
	return !!crd?.status?.conditions?.some(c => c.type === 'Established' && c.status === 'True');
}

describeWithTool(kubectlTool, 'CustomResourceDefinitions with kubectl', () => {
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'kubesim-crd-'));
		cluster = createCluster({nodes: 1, seed: 3});
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

	it('refuses a custom object before its definition exists, as kubectl does', async () => {
		const r = await kubectl('apply', '-f', `${F}/my-crontab.yaml`);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			`error: resource mapping not found for name: "my-new-cron-object" namespace: "" from "${F}/my-crontab.yaml": no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first\n`,
		);
	});

	it('creates the CronTab definition, establishes it and serves its objects', async () => {
		const r = await kubectl('apply', '-f', `${F}/resourcedefinition.yaml`);
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
		await until('the definition is established', () => established('crontabs.stable.example.com'));
		const created = await kubectl('apply', '-f', `${F}/my-crontab.yaml`);
		expect(created.stderr).toBe('');
		expect(created.stdout).toBe('crontab.stable.example.com/my-new-cron-object created\n');
		const get = await kubectl('get', 'crontab');
		expect(get.stdout).toMatch(/^NAME\s+AGE\nmy-new-cron-object\s+\d+s\n$/);
		const short = await kubectl('get', 'ct', '-o', 'jsonpath={.items[0].spec.cronSpec}');
		expect(short.stdout).toBe('* * * * */5');
	});
});
