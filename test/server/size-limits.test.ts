// The API's size limits as the real API server applies them: a request body over 3 MiB is 413
// RequestEntityTooLarge, an object whose stored form exceeds etcd's 1.5 MiB request limit is
// etcd's own error passed on (500, no reason), and a ConfigMap or Secret holding more than 1 MiB
// of data is Invalid. Driven by the real kubectl and by a property over body sizes.
import {afterAll, beforeAll, expect, it} from 'vitest';
import fc from 'fast-check';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {runKubectl} from './run-kubectl.js';
import {describeWithTool, kubectlTool} from '../tools.js';

const MiB = 1024 * 1024;
let cluster: Cluster;
let server: KubeApiServer;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'kubesim-sizes-'));
	cluster = createCluster({nodes: 1, seed: 3});
	server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
});

afterAll(async () => {
	await server?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

async function post(path: string, body: string): Promise<{status: number; body: any}> {
	const res = await fetch(server.url() + path, {method: 'POST', body, headers: {'Content-Type': 'application/json'}});
	const text = await res.text();
	return {status: res.status, body: JSON.parse(text)};
}

const configMap = (name: string, value: string) => JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data: {file: value}});
const pod = (name: string, arg: string) =>
	JSON.stringify({apiVersion: 'v1', kind: 'Pod', metadata: {name}, spec: {containers: [{name: 'c', image: 'busybox:1.36', args: [arg]}]}});

it('answers a body over 3 MiB with the real 413 Status, and the object is not created', async () => {
	const r = await post('/api/v1/namespaces/default/configmaps', configMap('huge', 'x'.repeat(3 * MiB)));
	expect(r.status).toBe(413);
	expect(r.body).toMatchObject({kind: 'Status', status: 'Failure', reason: 'RequestEntityTooLarge', code: 413, message: 'Request entity too large: limit is 3145728'});
	expect(cluster.find('ConfigMap', 'default', 'huge')).toBeUndefined();
});

it('refuses an object larger than etcd takes with etcd’s error, changing nothing', async () => {
	const before = cluster.resourceVersion();
	const r = await post('/api/v1/namespaces/default/pods', pod('big-args', 'a'.repeat(1600 * 1024)));
	expect(r.status).toBe(500);
	expect(r.body).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: request is too large', code: 500});
	expect(cluster.find('Pod', 'default', 'big-args')).toBeUndefined();
	expect(cluster.resourceVersion()).toBe(before);
	// just under the limit is stored
	expect((await post('/api/v1/namespaces/default/pods', pod('fits', 'a'.repeat(1500 * 1024)))).status).toBe(201);
});

it('refuses a patch that grows an object past etcd’s limit, leaving it as it was', async () => {
	const deployment = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'grows'},
		spec: {replicas: 0, selector: {matchLabels: {app: 'grows'}}, template: {metadata: {labels: {app: 'grows'}}, spec: {containers: [{name: 'c', image: 'busybox:1.36'}]}}},
	};
	expect((await post('/apis/apps/v1/namespaces/default/deployments', JSON.stringify(deployment))).status).toBe(201);
	const before = JSON.stringify(cluster.find('Deployment', 'default', 'grows'));
	const patch = {spec: {template: {spec: {containers: [{name: 'c', image: 'busybox:1.36', args: ['a'.repeat(1600 * 1024)]}]}}}};
	const res = await fetch(`${server.url()}/apis/apps/v1/namespaces/default/deployments/grows`, {method: 'PATCH', body: JSON.stringify(patch), headers: {'Content-Type': 'application/merge-patch+json'}});
	expect(res.status).toBe(500);
	expect((await res.json()).message).toBe('etcdserver: request is too large');
	expect(JSON.stringify(cluster.find('Deployment', 'default', 'grows'))).toBe(before);
});

it('counts a ConfigMap’s data in bytes, with the real message naming the whole object', async () => {
	expect((await post('/api/v1/namespaces/default/configmaps', configMap('one-mib', 'x'.repeat(MiB)))).status).toBe(201);
	// 2-byte characters: half as many of them fill the limit
	const r = await post('/api/v1/namespaces/default/configmaps', configMap('wide', 'é'.repeat(MiB / 2 + 1)));
	expect(r.status).toBe(422);
	expect(r.body.message).toBe('ConfigMap "wide" is invalid: []: Too long: may not be more than 1048576 bytes');
	expect(r.body.details.causes).toEqual([{reason: 'FieldValueTooLong', message: 'Too long: may not be more than 1048576 bytes', field: '[]'}]);
});

it('counts a Secret’s data decoded, not as base64', async () => {
	const secret = (name: string, bytes: number) =>
		JSON.stringify({apiVersion: 'v1', kind: 'Secret', metadata: {name}, data: {blob: Buffer.alloc(bytes, 7).toString('base64')}});
	expect((await post('/api/v1/namespaces/default/secrets', secret('exact', MiB))).status).toBe(201);
	const r = await post('/api/v1/namespaces/default/secrets', secret('over', MiB + 1));
	expect(r.status).toBe(422);
	expect(r.body.message).toBe('Secret "over" is invalid: data: Too long: may not be more than 1048576 bytes');
});

it('property: no body size crashes the server; each size gets the answer its limits say', {timeout: 120_000}, async () => {
	let n = 0;
	await fc.assert(
		fc.asyncProperty(
			fc.oneof(fc.integer({min: 0, max: 4 * MiB}), fc.constantFrom(MiB, MiB + 1, 3 * MiB - 80, 3 * MiB - 60, 3 * MiB, 3 * MiB + 1)),
			fc.constantFrom('raw', 'configmap', 'pod'),
			async (size, shape) => {
				const name = `p${n++}`;
				const body = shape === 'raw' ? 'x'.repeat(size) : shape === 'configmap' ? configMap(name, 'x'.repeat(size)) : pod(name, 'a'.repeat(size));
				const resource = shape === 'pod' ? 'pods' : 'configmaps';
				const r = await post(`/api/v1/namespaces/default/${resource}`, body);
				expect(r.body.kind === 'Status' || r.body.metadata?.name === name).toBe(true);
				if (body.length > 3 * MiB) expect(r.status).toBe(413);
				else if (shape === 'raw') expect(r.status).toBe(400);
				else if (shape === 'configmap') expect(r.status).toBe(size > MiB ? 422 : 201);
				else if (size < 1400 * 1024) expect(r.status).toBe(201);
				else if (size > 1600 * 1024) expect(r.status).toBe(500);
				else expect([201, 500]).toContain(r.status);
				if (r.status !== 201) expect(cluster.find(shape === 'pod' ? 'Pod' : 'ConfigMap', 'default', name)).toBeUndefined();
				expect((await fetch(server.url() + '/version')).status).toBe(200);
			},
		),
		{seed: 1010, numRuns: 40},
	);
});

describeWithTool(kubectlTool, 'kubectl create configmap --from-file over the limits', () => {
	it('prints the real messages for 1 MiB of data, 3 MiB of body and etcd’s limit', {timeout: 60_000}, async () => {
		const file = (name: string, bytes: number) => {
			const path = join(dir, name);
			writeFileSync(path, 'k'.repeat(bytes));
			return path;
		};
		const fits = await runKubectl(dir, ['create', 'configmap', 'cm-fits', `--from-file=data.txt=${file('fits.txt', MiB)}`]);
		expect(fits.stdout).toBe('configmap/cm-fits created\n');
		const over = await runKubectl(dir, ['create', 'configmap', 'cm-over', `--from-file=${file('over.txt', MiB + 1)}`]);
		expect(over.code).toBe(1);
		expect(over.stderr).toBe('error: failed to create configmap: ConfigMap "cm-over" is invalid: []: Too long: may not be more than 1048576 bytes\n');
		const huge = await runKubectl(dir, ['create', 'configmap', 'cm-huge', `--from-file=${file('huge.txt', 3 * MiB)}`]);
		expect(huge.code).toBe(1);
		expect(huge.stderr).toBe('error: failed to create configmap: Request entity too large: limit is 3145728\n');
		const manifest = join(dir, 'pod.json');
		writeFileSync(manifest, pod('args', 'a'.repeat(1600 * 1024)));
		const big = await runKubectl(dir, ['create', '-f', manifest]);
		expect(big.code).toBe(1);
		expect(big.stderr).toBe(`Error from server: error when creating "${manifest}": etcdserver: request is too large\n`);
		expect(cluster.find('ConfigMap', 'default', 'cm-over')).toBeUndefined();
		expect(cluster.find('ConfigMap', 'default', 'cm-huge')).toBeUndefined();
	});
});
