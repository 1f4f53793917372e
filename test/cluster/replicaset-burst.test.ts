// A ReplicaSet of a huge size is work spread over syncs: at most 500 pods created or deleted per
// sync, in slow-start batches, the rest 100 ms of virtual time later, never one blocking loop.
import {describe, expect, it} from 'vitest';
import {slowStartBatch} from '../../source/cluster/core/pods.js';
import {smallCluster} from './helpers.js';

const replicaSet = (replicas: number) => ({
	apiVersion: 'apps/v1',
	kind: 'ReplicaSet',
	metadata: {name: 'many', namespace: 'default'},
	spec: {replicas, selector: {matchLabels: {app: 'many'}}, template: {metadata: {labels: {app: 'many'}}, spec: {containers: [{name: 'c', image: 'busybox:1.36', command: ['sleep', '3600']}]}}},
});

describe('slowStartBatch', () => {
	it('runs batches of 1, 2, 4... and stops after the batch of the first failure', () => {
		let calls = 0;
		expect(slowStartBatch(10, () => void calls++)).toBe(10);
		expect(calls).toBe(10);
		calls = 0;
		expect(() =>
			slowStartBatch(100, () => {
				calls++;
				if (calls === 5) throw new Error('quota');
			}),
		).toThrow('quota');
		// 1 + 2 succeeded, the batch of 4 ran whole and failed: nothing after it
		expect(calls).toBe(7);
		expect(slowStartBatch(0, () => void calls++)).toBe(0);
	});
});

describe('a ReplicaSet of 100,000 replicas', () => {
	it('creates 500 pods per sync, one sync per 100 ms of virtual time', () => {
		const cluster = smallCluster({nodes: 1});
		const pods = (live = false) => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=many'}).filter(p => !live || !p.metadata.deletionTimestamp).length;
		cluster.create(replicaSet(100_000));
		cluster.advance(0);
		expect(pods()).toBe(500);
		cluster.advance(100);
		expect(pods()).toBe(1000);
		cluster.advance(100);
		expect(pods()).toBe(1500);
		cluster.advance(100);
		expect(pods()).toBe(2000);
		// scaled down: the surplus goes 500 per sync as well
		cluster.update({...cluster.get('ReplicaSet', 'default', 'many'), spec: {...replicaSet(100).spec}});
		cluster.advance(0);
		expect(pods(true)).toBe(1500);
		for (const left of [1000, 500, 100]) {
			cluster.advance(100);
			expect(pods(true)).toBe(left);
		}
	});
});

describe('a Job of a huge parallelism', () => {
	const job = (name: string, parallelism: number, completions: number, indexed = false) => ({
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name, namespace: 'default'},
		spec: {parallelism, completions, ...(indexed ? {completionMode: 'Indexed'} : {}), template: {spec: {restartPolicy: 'Never', containers: [{name: 'c', image: 'busybox:1.36', command: ['sleep', '3600']}]}}},
	});

	it('creates 500 pods per sync, the rest 100 ms of virtual time later', () => {
		const cluster = smallCluster({nodes: 1});
		const pods = (name: string) => cluster.list('Pod', {namespace: 'default', labelSelector: `job-name=${name}`}).length;
		cluster.create(job('wide', 100_000, 100_000));
		cluster.create(job('indexed', 600, 600, true));
		cluster.advance(0);
		expect(pods('wide')).toBe(500);
		expect(pods('indexed')).toBe(500);
		cluster.advance(100);
		expect(pods('wide')).toBe(1000);
		expect(pods('indexed')).toBe(600);
		cluster.advance(100);
		expect(pods('wide')).toBe(1500);
	});
});
