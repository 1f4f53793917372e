// A StatefulSet of a huge size: with podManagementPolicy Parallel its pods come in the real
// controller's slow-start batches (1, 2, 4, ...), at most 500 per sync and the rest 100 ms of
// virtual time later; OrderedReady stays one pod at a time. The API keeps answering meanwhile.
import {describe, expect, it} from 'vitest';
import {realTimeHost} from '../../source/client/host.js';
import {createApiServer} from '../../source/server/index.js';
import {eventsFor, smallCluster} from './helpers.js';
import {untilSimulated} from '../wait.js';

const statefulSet = (replicas: number, podManagementPolicy?: 'Parallel' | 'OrderedReady') => ({
	apiVersion: 'apps/v1',
	kind: 'StatefulSet',
	metadata: {name: 'many', namespace: 'default'},
	spec: {
		replicas,
		...(podManagementPolicy ? {podManagementPolicy} : {}),
		serviceName: 'many',
		selector: {matchLabels: {app: 'many'}},
		template: {metadata: {labels: {app: 'many'}}, spec: {containers: [{name: 'c', image: 'busybox:1.36', command: ['sleep', '3600']}]}},
	},
});

describe('a Parallel StatefulSet of 100,000 replicas', () => {
	it('creates 500 pods per sync, lowest ordinals first, one sync per 100 ms of virtual time', () => {
		const cluster = smallCluster({nodes: 1});
		const pods = (live = false) => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=many'}).filter(p => !live || !p.metadata.deletionTimestamp);
		cluster.create(statefulSet(100_000, 'Parallel'));
		cluster.advance(0);
		expect(pods().length).toBe(500);
		expect(new Set(pods().map(p => p.metadata.name))).toEqual(new Set(Array.from({length: 500}, (_, i) => `many-${i}`)));
		cluster.advance(100);
		expect(pods().length).toBe(1000);
		cluster.advance(100);
		expect(pods().length).toBe(1500);
		expect(cluster.find('Pod', 'default', 'many-1499')).toBeDefined();
		// scaled down: the surplus goes 500 per sync as well, highest ordinals first
		cluster.update({...cluster.get('StatefulSet', 'default', 'many'), spec: {...statefulSet(100, 'Parallel').spec}});
		cluster.advance(0);
		expect(pods(true).length).toBe(1000);
		const highest = () => Math.max(...pods(true).map(p => Number(p.metadata.name.slice('many-'.length))));
		expect(highest()).toBe(999);
		for (const left of [500, 100]) {
			cluster.advance(100);
			expect(pods(true).length).toBe(left);
		}
	});

	it('stops after the batch of the first refusal: 1 + 2 + 4 tried under a quota of 5 pods', () => {
		const cluster = smallCluster({nodes: 1});
		cluster.create({apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: 'five', namespace: 'default'}, spec: {hard: {pods: '5'}}});
		cluster.advance(1000);
		cluster.create(statefulSet(1000, 'Parallel'));
		cluster.advance(0);
		expect(cluster.list('Pod', {namespace: 'default', labelSelector: 'app=many'}).length).toBe(5);
		const failed = eventsFor(cluster, {name: 'many', reason: 'FailedCreate'});
		expect(failed.map(e => (e.message ?? "").split(' failed error:')[0])).toEqual(['create Pod many-5 in StatefulSet many', 'create Pod many-6 in StatefulSet many']);
	});
});

describe('an OrderedReady StatefulSet of 100,000 replicas', () => {
	it('creates one pod and waits for it', () => {
		const cluster = smallCluster({nodes: 1});
		cluster.create(statefulSet(100_000));
		cluster.advance(0);
		expect(cluster.list('Pod', {namespace: 'default', labelSelector: 'app=many'}).map(p => p.metadata.name)).toEqual(['many-0']);
	});
});

describe('served while a Parallel StatefulSet of 100,000 grows', () => {
	it('answers /version between the bursts', {timeout: 30_000}, async () => {
		const cluster = smallCluster({nodes: 1});
		const driver = cluster.drive(realTimeHost, 1);
		const server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		try {
			const r = await fetch(`${server.url()}/apis/apps/v1/namespaces/default/statefulsets`, {method: 'POST', body: JSON.stringify(statefulSet(100_000, 'Parallel')), headers: {'Content-Type': 'application/json'}});
			expect(r.status).toBe(201);
			const pods = () => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=many'}).length;
			// wait (on the clock's own progress) for the first bursts, then ask while the rest is to come
			await untilSimulated(cluster, driver, '1,000 pods', () => pods() >= 1000, 10_000);
			const version = await fetch(`${server.url()}/version`);
			expect(version.status).toBe(200);
			expect(pods()).toBeLessThan(100_000);
		} finally {
			driver.stop();
			await server.close();
		}
	});
});
