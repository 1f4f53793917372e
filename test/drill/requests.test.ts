// The writes a drill's report lists: those asked of the cluster through its public face, with
// who asked (the user kubesim serve authenticated, kubectl's field manager), never the
// controllers', the scheduler's or the kubelets' writes that follow.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dirname} from 'node:path';
import {createCluster, type ApiRequest} from '../../source/cluster/index.js';
import {serveDemo, type Served} from '../served.js';
import {runKubectl} from '../server/run-kubectl.js';

describe('the request log', () => {
	it('has each write of a client and none of the control plane', () => {
		const c = createCluster({seed: 1});
		const seen: ApiRequest[] = [];
		c.onRequest(r => seen.push(r));
		c.apply('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n');
		c.advance(30_000);
		c.scale('Deployment', 'default', 'web', 3);
		c.advance(30_000);
		c.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a', namespace: 'default'}, data: {}}, {user: {username: 'alice', groups: []}, fieldManager: 'kubectl-create'});
		expect(seen).toEqual([
			{elapsed: 0, verb: 'apply', kind: 'Deployment', namespace: 'default', name: 'web'},
			{elapsed: 30_000, verb: 'update', kind: 'Deployment', namespace: 'default', name: 'web', subresource: 'scale'},
			{elapsed: 60_000, verb: 'create', kind: 'ConfigMap', namespace: 'default', name: 'a', user: 'alice', fieldManager: 'kubectl-create'},
		]);
		// the ReplicaSet, the Pods, their bindings and statuses were written all the same
		expect(c.list('Pod', {namespace: 'default'}).length).toBe(3);
	});
});

describe('the request log behind kubesim serve', () => {
	let served: Served;
	beforeAll(async () => {
		served = await serveDemo({seed: 5});
	});
	afterAll(() => served?.close());

	it('names the user kubectl authenticated as and its field manager', async () => {
		const seen: ApiRequest[] = [];
		const stop = served.cluster.onRequest(r => seen.push(r));
		const dir = dirname(served.kubeconfig);
		const scaled = await runKubectl(dir, ['scale', 'deployment/web', '--replicas=4']);
		expect(scaled.stderr).toBe('');
		const label = await runKubectl(dir, ['label', 'deployment/web', 'drill=yes']);
		expect(label.stderr).toBe('');
		stop();
		// (kubectl scale sends no field manager; kubectl label does)
		expect(seen.map(r => [r.verb, r.kind, r.name, r.subresource, r.user, r.fieldManager])).toEqual([
			['patch', 'Deployment', 'web', 'scale', 'kubernetes-admin', undefined],
			['patch', 'Deployment', 'web', undefined, 'kubernetes-admin', 'kubectl-label'],
		]);
	});
});
