// autoscaling/v1 HorizontalPodAutoscalers: a second served version of the stored autoscaling/v2
// kind, over plain HTTP and with the real `kubectl autoscale` (that suite needs /usr/bin/kubectl:
// skipped with the reason outside CI, failed in CI).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runKubectl} from './run-kubectl.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {hpaFromV1, hpaToV1} from '../../source/kinds/hpa/conversion.js';
import type {HorizontalPodAutoscaler} from '../../source/cluster/types.js';
import {describeWithTool, kubectlTool} from '../tools.js';

let cluster: Cluster;
let server: KubeApiServer;
let base: string;

beforeAll(async () => {
	cluster = createCluster({nodes: 2, seed: 1});
	server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	base = server.url();
});

afterAll(async () => {
	await server?.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
	const r = await fetch(base + path, {headers});
	return {status: r.status, body: (await r.json()) as any};
}

async function send(method: string, path: string, body: unknown, contentType = 'application/json') {
	const r = await fetch(base + path, {method, headers: {'Content-Type': contentType}, body: JSON.stringify(body)});
	return {status: r.status, body: (await r.json()) as any};
}

const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';

const v1Hpa = (name: string, cpu?: number) => ({
	apiVersion: 'autoscaling/v1',
	kind: 'HorizontalPodAutoscaler',
	metadata: {name},
	spec: {
		scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name},
		minReplicas: 2,
		maxReplicas: 5,
		...(cpu !== undefined ? {targetCPUUtilizationPercentage: cpu} : {}),
	},
});

describe('autoscaling/v1 discovery', () => {
	it('lists v2 (preferred) and v1 for the autoscaling group', async () => {
		const group = await get('/apis/autoscaling');
		expect(group.body.versions.map((v: any) => v.version)).toEqual(['v2', 'v1']);
		expect(group.body.preferredVersion.version).toBe('v2');
		const all = await get('/apis');
		const autoscaling = all.body.groups.find((g: any) => g.name === 'autoscaling');
		expect(autoscaling.versions.map((v: any) => v.version)).toEqual(['v2', 'v1']);
		expect(autoscaling.preferredVersion.version).toBe('v2');
	});

	it('serves /apis/autoscaling/v1 with horizontalpodautoscalers and their status', async () => {
		const list = await get('/apis/autoscaling/v1');
		expect(list.status).toBe(200);
		expect(list.body.groupVersion).toBe('autoscaling/v1');
		const hpa = list.body.resources.find((r: any) => r.name === 'horizontalpodautoscalers');
		expect(hpa).toMatchObject({kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa']});
		expect(hpa.verbs).toContain('create');
		expect(list.body.resources.find((r: any) => r.name === 'horizontalpodautoscalers/status')).toBeTruthy();
	});

	it('includes v1 in aggregated discovery', async () => {
		const r = await get('/apis', {Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'});
		const autoscaling = r.body.items.find((g: any) => g.metadata.name === 'autoscaling');
		expect(autoscaling.versions.map((v: any) => v.version)).toEqual(['v2', 'v1']);
		const v1 = autoscaling.versions.find((v: any) => v.version === 'v1');
		const hpa = v1.resources.find((res: any) => res.resource === 'horizontalpodautoscalers');
		expect(hpa.responseKind).toEqual({group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler'});
		expect(hpa.subresources[0]).toMatchObject({subresource: 'status', responseKind: {version: 'v1'}});
	});
});

describe('autoscaling/v1 conversion', () => {
	it('round-trips v2-only fields through the alpha annotations', () => {
		const v2 = {
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: {name: 'x', namespace: 'default', annotations: {keep: 'me'}},
			spec: {
				scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'x'},
				minReplicas: 1,
				maxReplicas: 3,
				metrics: [
					{type: 'Resource', resource: {name: 'memory', target: {type: 'AverageValue', averageValue: '100Mi'}}},
					{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 50}}},
				],
				behavior: {scaleDown: {stabilizationWindowSeconds: 60}},
			},
			status: {
				currentReplicas: 2,
				desiredReplicas: 3,
				currentMetrics: [{type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: 70, averageValue: '70m'}}}],
				conditions: [{type: 'AbleToScale', status: 'True'}],
			},
		};
		const v1 = hpaToV1(v2 as any);
		expect(v1.apiVersion).toBe('autoscaling/v1');
		expect(v1.spec).toEqual({scaleTargetRef: v2.spec.scaleTargetRef, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50});
		expect(v1.status).toEqual({currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 70});
		expect(v1.metadata.annotations!.keep).toBe('me');
		expect(JSON.parse(v1.metadata.annotations!['autoscaling.alpha.kubernetes.io/metrics']!)).toEqual([v2.spec.metrics[0]]);
		const back = hpaFromV1(v1) as HorizontalPodAutoscaler;
		expect(back.apiVersion).toBe('autoscaling/v2');
		expect(back.metadata.annotations).toEqual({keep: 'me'});
		expect(back.spec.behavior).toEqual(v2.spec.behavior);
		expect(back.spec.metrics).toEqual([v2.spec.metrics[1], v2.spec.metrics[0]]);
		expect(back.status!.conditions).toEqual(v2.status.conditions);
	});
});

describe('autoscaling/v1 over HTTP', () => {
	it('creates a v1 HPA, stores it as v2 and serves it as v1 and v2', async () => {
		const created = await send('POST', V1, v1Hpa('web', 60));
		expect(created.status).toBe(201);
		expect(created.body.apiVersion).toBe('autoscaling/v1');
		expect(created.body.spec).toMatchObject({minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60});
		expect(created.body.spec.metrics).toBeUndefined();

		const stored = cluster.get('HorizontalPodAutoscaler', 'default', 'web');
		expect(stored.apiVersion).toBe('autoscaling/v2');
		expect(stored.spec.metrics).toEqual([{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 60}}}]);

		const one = await get(`${V1}/web`);
		expect(one.status).toBe(200);
		expect(one.body).toMatchObject({apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', spec: {targetCPUUtilizationPercentage: 60}});
		const asV2 = await get(`${V2}/web`);
		expect(asV2.body.apiVersion).toBe('autoscaling/v2');
		expect(asV2.body.spec.metrics[0].resource.target.averageUtilization).toBe(60);

		const list = await get(V1);
		expect(list.body.apiVersion).toBe('autoscaling/v1');
		expect(list.body.kind).toBe('HorizontalPodAutoscalerList');
		expect(list.body.items.map((i: any) => [i.apiVersion, i.metadata.name, i.spec.targetCPUUtilizationPercentage])).toEqual([['autoscaling/v1', 'web', 60]]);

		const tbl = await get(`${V1}?includeObject=Object`, {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io'});
		expect(tbl.body.kind).toBe('Table');
		expect(tbl.body.rows[0].cells.slice(0, 3)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/60%']);
		expect(tbl.body.rows[0].object.apiVersion).toBe('autoscaling/v1');
	});

	it('defaults a v1 HPA without a cpu target to 80%', async () => {
		const created = await send('POST', V1, v1Hpa('plain'));
		expect(created.status).toBe(201);
		expect(created.body.spec.targetCPUUtilizationPercentage).toBe(80);
	});

	it('updates and patches through v1', async () => {
		const current = (await get(`${V1}/web`)).body;
		current.spec.maxReplicas = 7;
		const put = await send('PUT', `${V1}/web`, current);
		expect(put.status).toBe(200);
		expect(put.body.spec.maxReplicas).toBe(7);
		const merge = await send('PATCH', `${V1}/web`, {spec: {targetCPUUtilizationPercentage: 70}}, 'application/merge-patch+json');
		expect(merge.status).toBe(200);
		expect(merge.body).toMatchObject({apiVersion: 'autoscaling/v1', spec: {maxReplicas: 7, targetCPUUtilizationPercentage: 70}});
		const strategic = await send('PATCH', `${V1}/web`, {spec: {minReplicas: 3}}, 'application/strategic-merge-patch+json');
		expect(strategic.body.spec).toMatchObject({minReplicas: 3, targetCPUUtilizationPercentage: 70});
		const stored = cluster.get('HorizontalPodAutoscaler', 'default', 'web');
		expect(stored.spec).toMatchObject({minReplicas: 3, maxReplicas: 7});
		expect(stored.spec.metrics?.[0].resource?.target.averageUtilization).toBe(70);
		const wrong = await send('POST', V1, {...v1Hpa('bad', 50), apiVersion: 'autoscaling/v2'});
		expect(wrong.status).toBe(400);
	});

	it('watches in v1 and deletes', async () => {
		const r = await fetch(`${base}${V1}?watch=true&timeoutSeconds=1`);
		const text = await r.text();
		const events = text.trim().split('\n').map(l => JSON.parse(l));
		// no resourceVersion: the HPAs made above, as ADDED events, then nothing until the timeout
		expect(events.map(ev => [ev.type, ev.object.apiVersion, ev.object.metadata.name])).toEqual([
			['ADDED', 'autoscaling/v1', 'plain'],
			['ADDED', 'autoscaling/v1', 'web'],
		]);
		const del = await fetch(`${base}${V1}/plain`, {method: 'DELETE'});
		expect(del.status).toBe(200);
		expect(cluster.find('HorizontalPodAutoscaler', 'default', 'plain')).toBeUndefined();
	});
});

describeWithTool(kubectlTool, 'kubectl autoscale (autoscaling/v1)', () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'kubesim-hpav1-'));
		writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	});

	afterAll(() => {
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	const kubectl = (...args: string[]) => runKubectl(dir, args);

	it('autoscales a deployment', async () => {
		const dep = await kubectl('create', 'deployment', 'hello', '--image=nginx:1.27');
		expect(dep.stderr).toBe('');
		expect(dep.stdout).toBe('deployment.apps/hello created\n');
		const r = await kubectl('autoscale', 'deployment', 'hello', '--min=2', '--max=5', '--cpu-percent=60');
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe('horizontalpodautoscaler.autoscaling/hello autoscaled\n');
		const hpa = cluster.get('HorizontalPodAutoscaler', 'default', 'hello');
		expect(hpa.spec).toMatchObject({minReplicas: 2, maxReplicas: 5, scaleTargetRef: {kind: 'Deployment', name: 'hello'}});
		expect(hpa.spec.metrics).toEqual([{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 60}}}]);
		const listed = await kubectl('get', 'hpa', 'hello');
		expect(listed.stdout).toMatch(/hello\s+Deployment\/hello\s+cpu: <unknown>\/60%\s+2\s+5/);
	});
});
