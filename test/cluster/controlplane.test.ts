// The control plane's counters against what the store, the scheduler and the test itself can
// count on their own: etcd writes are resourceVersion increments, bindings are pods given a
// node, reads are the requests the test made, and a rate is the window's count over its seconds.
import {describe, expect, it, vi} from 'vitest';
import {RATE_WINDOW_S, type Cluster} from '../../source/cluster/index.js';
import {DeploymentController} from '../../source/cluster/controllers/deployment.js';
import {ServiceLoadBalancerController} from '../../source/cluster/controllers/service.js';
import {Scheduler} from '../../source/cluster/scheduler/scheduler.js';
import {deployment, podsOf, smallCluster} from './helpers.js';

/** Advances to 1 ms before the next whole second of virtual time (nothing of that second has run yet). */
function toSecondEdge(cluster: Cluster): void {
	const ms = cluster.elapsed() % 1000;
	cluster.advance(999 - ms);
}

describe('the control plane counters', () => {
	it('count etcd writes, bindings and API requests as the store and the caller see them', () => {
		const cluster = smallCluster();
		cluster.advance(30_000);
		// every write since start is a resourceVersion
		expect(cluster.controlPlane().writes.total).toBe(Number(cluster.resourceVersion()));

		// the window starts at a whole second: everything after rv0 falls in it
		toSecondEdge(cluster);
		const rv0 = Number(cluster.resourceVersion());
		const before = cluster.controlPlane();
		cluster.advance(1);
		// the requests this test makes: a CREATE, 4 GETs (find counts as one), 2 LISTs, 1 WATCH
		cluster.create(web(3));
		// the Deployment is the test's CREATE; its ReplicaSet and pods are the controllers'
		const made = cluster.controlPlane([], 64).recentRequests.filter(r => r.verb === 'CREATE' && r.kind !== 'Event');
		expect(made.map(r => `${r.kind}/${r.subresource ?? ''}`).reverse().slice(0, 3)).toEqual(['Deployment/', 'ReplicaSet/', 'Pod/']);
		cluster.get('Deployment', 'default', 'web');
		cluster.get('Deployment', 'default', 'web');
		cluster.find('Service', 'default', 'kubernetes');
		cluster.find('Pod', 'default', 'absent');
		cluster.list('Pod', {namespace: 'default'});
		cluster.list('Node');
		const stop = cluster.watch('Pod', () => {});
		stop();
		// and a ConfigMap made and deleted: one more CREATE, the only DELETE
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'default'}, data: {mode: 'demo'}});
		cluster.delete('ConfigMap', 'default', 'settings');
		// the dashboard's cache reads are not requests
		cluster.cachedList('Pod');
		cluster.cached('Deployment', 'default', 'web');
		cluster.advance(RATE_WINDOW_S * 1000 - 1);
		expect(cluster.elapsed() % 1000).toBe(999);

		const after = cluster.controlPlane();
		const rv1 = Number(cluster.resourceVersion());
		expect(after.resourceVersion).toBe(rv1);
		expect(after.writes.window).toBe(rv1 - rv0);
		expect(after.writes.total - before.writes.total).toBe(rv1 - rv0);
		expect(after.writes.rate).toBe((rv1 - rv0) / RATE_WINDOW_S);

		// the three pods were bound in the window, and nothing else was
		const pods = podsOf(cluster, 'app=web');
		expect(pods.map(p => p.spec.nodeName).filter(Boolean)).toHaveLength(3);
		expect(after.bindings.window).toBe(3);
		expect(after.bindings.total - before.bindings.total).toBe(3);
		expect(cluster.stats().scheduled).toBe(after.bindings.total);

		// the reads are the test's: controllers, the scheduler and kubelets read their caches
		expect(after.requests.GET.window).toBe(4);
		expect(after.requests.LIST.window).toBe(2);
		expect(after.requests.WATCH.window).toBe(1);
		expect(after.requests.DELETE.window).toBe(1);
		expect(after.recentWrites.length).toBeGreaterThan(0);
		// a CREATE either adds an object or binds a pod (pods/binding)
		expect(after.requests.CREATE.window).toBe(addedIn(cluster, rv0) + 3);
		expect(made.filter(r => r.subresource === 'binding')).toHaveLength(3);
	});

	it('count reconciles per controller as the controllers run them, with the cloud part under cloud-controller-manager', () => {
		// the syncs themselves, counted apart from the counters
		const deploymentSyncs = vi.spyOn(DeploymentController.prototype, 'sync');
		const serviceSyncs = vi.spyOn(ServiceLoadBalancerController.prototype, 'sync');
		const schedulerSyncs = vi.spyOn(Scheduler.prototype, 'sync');
		try {
			const cluster = smallCluster();
			cluster.advance(20_000);
			cluster.apply(deployment('web', 2, 'nginx:1.27'));
			cluster.scale('Deployment', 'default', 'web', 4);
			cluster.advance(5_000);
			const status = cluster.controlPlane();
			const count = (name: string) => status.controllers.find(c => c.name === name)!;
			expect(count('deployment').total).toBe(deploymentSyncs.mock.calls.length);
			expect(count('deployment').total).toBeGreaterThan(0);
			expect(count('deployment').manager).toBe('kube-controller-manager');
			expect(count('service-lb').total).toBe(serviceSyncs.mock.calls.length);
			expect(count('service-lb').manager).toBe('cloud-controller-manager');
			expect(status.schedulingAttempts.total).toBe(schedulerSyncs.mock.calls.length);
			expect(status.schedulingAttempts.total).toBeGreaterThanOrEqual(status.bindings.total);
		} finally {
			vi.restoreAllMocks();
		}
	});

	it('count image pulls in flight per node until each pull ends', () => {
		const cluster = smallCluster();
		cluster.advance(20_000);
		cluster.apply(deployment('web', 3, 'nginx:1.27'));
		cluster.advance(100);
		const nodes = podsOf(cluster, 'app=web').map(p => p.spec.nodeName!);
		const status = cluster.controlPlane(nodes);
		// one pod per node: each node pulls nginx:1.27 once
		const pulling = cluster.list('Event', {namespace: 'default'}).filter(e => e.reason === 'Pulling' && e.involvedObject.name?.startsWith('web-'));
		expect(status.nodes.reduce((n, x) => n + x.pullsInFlight, 0)).toBe(pulling.length);
		expect(status.nodes.reduce((n, x) => n + x.pulls.window, 0)).toBe(pulling.length);
		cluster.advance(60_000);
		expect(cluster.controlPlane(nodes).nodes.every(x => x.pullsInFlight === 0)).toBe(true);
	});
});

function web(replicas: number) {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'web', namespace: 'default'},
		spec: {
			replicas,
			selector: {matchLabels: {app: 'web'}},
			template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.27', resources: {requests: {cpu: '50m', memory: '32Mi'}}}]}},
		},
	};
}

/** Objects added to the store after rv (events included), from its replay window. */
function addedIn(cluster: Cluster, rv: number): number {
	let n = 0;
	for (const w of cluster.controlPlane(undefined, 1_000_000).recentWrites) if (w.resourceVersion > rv && w.type === 'ADDED') n++;
	return n;
}
