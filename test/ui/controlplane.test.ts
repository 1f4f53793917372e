// The causal chains and recent actions of the `:cluster` view, read from what the components
// recorded: a scale-up travels from the Deployment to its ReplicaSet, the scheduler and the
// kubelets, in words; with no events recorded there is no chain to tell.
import {describe, expect, it} from 'vitest';
import {EmbeddedClient} from '../../source/client/embedded.js';
import type {ClusterOptions} from '../../source/cluster/index.js';
import {causalChains, eventsInOrder, recentActions} from '../../source/ui/controlplane.js';
import {deployment, smallCluster} from '../cluster/helpers.js';
import {manualHost} from './harness.js';

function setup(options: ClusterOptions = {}) {
	const cluster = smallCluster(options);
	const client = new EmbeddedClient(cluster, {host: manualHost().host, paused: true});
	return {cluster, client, chains: (n = 5) => causalChains(eventsInOrder(client), n)};
}

describe('causal chains', () => {
	it('tell a scale-up from the Deployment to the kubelets pulling its image, then starting it', () => {
		const {cluster, client, chains} = setup();
		cluster.advance(20_000);
		cluster.apply(deployment('web', 1, 'nginx:1.27'));
		cluster.advance(60_000);
		const first = cluster.list('Pod', {namespace: 'default'})[0]!;
		expect(first.spec.nodeName).toBe('kubesim-worker2');
		expect(chains(1)).toEqual(['deployment/web scaled to 1 → replicaset/web-dbf79f85d created 1 pod → scheduler bound it to kubesim-worker2 → kubelet on kubesim-worker2 started 1 pod']);

		cluster.scale('Deployment', 'default', 'web', 3);
		cluster.advance(100);
		// the two new pods went to the nodes without the image: their kubelets pull it
		const added = cluster.list('Pod', {namespace: 'default'}).filter(p => p.metadata.name !== first.metadata.name);
		expect(added.map(p => p.spec.nodeName).sort()).toEqual(['kubesim-worker', 'kubesim-worker3']);
		expect(chains(1)).toEqual([
			'deployment/web scaled to 3 → replicaset/web-dbf79f85d created 2 pods → scheduler bound them to kubesim-worker, kubesim-worker3 → kubelet on kubesim-worker pulling nginx:1.27, kubelet on kubesim-worker3 pulling nginx:1.27',
		]);
		cluster.advance(60_000);
		expect(chains(2)).toEqual([
			'deployment/web scaled to 3 → replicaset/web-dbf79f85d created 2 pods → scheduler bound them to kubesim-worker, kubesim-worker3 → kubelet on kubesim-worker started 1 pod, kubelet on kubesim-worker3 started 1 pod',
			'deployment/web scaled to 1 → replicaset/web-dbf79f85d created 1 pod → scheduler bound it to kubesim-worker2 → kubelet on kubesim-worker2 started 1 pod',
		]);

		cluster.scale('Deployment', 'default', 'web', 1);
		cluster.advance(100);
		// the newer pods go first; the first one stays
		expect(chains(1)).toEqual(['deployment/web scaled to 1 → replicaset/web-dbf79f85d deleted 2 pods → kubelet on kubesim-worker stopped 1 pod, kubelet on kubesim-worker3 stopped 1 pod']);
		cluster.advance(60_000);
		expect(cluster.list('Pod', {namespace: 'default'}).map(p => p.metadata.name)).toEqual([first.metadata.name]);
		client.close();
	});

	it('are about the last 15 minutes of cluster time', () => {
		const {cluster, client, chains} = setup();
		cluster.apply(deployment('web', 1, 'nginx:1.27'));
		cluster.advance(60_000);
		expect(chains(10).filter(c => c.startsWith('deployment/web '))).toHaveLength(1);
		cluster.advance(16 * 60_000);
		expect(chains(10)).toEqual([]);
		cluster.scale('Deployment', 'default', 'web', 2);
		cluster.advance(60_000);
		expect(chains(10)).toEqual(['deployment/web scaled to 2 → replicaset/web-dbf79f85d created 1 pod → scheduler bound it to kubesim-worker → kubelet on kubesim-worker started 1 pod']);
		client.close();
	});

	it('are told only from what was recorded: without events there is none', () => {
		const {cluster, client, chains} = setup({events: false});
		cluster.apply(deployment('web', 2, 'nginx:1.27'));
		cluster.scale('Deployment', 'default', 'web', 4);
		cluster.advance(30_000);
		expect(chains()).toEqual([]);
		client.close();
	});
});

describe('recent actions', () => {
	it('of etcd are the store\'s latest writes, of the API server its latest requests, of the others their events', () => {
		const {cluster, client} = setup();
		cluster.advance(20_000);
		cluster.apply(deployment('web', 2, 'nginx:1.27'));
		const status = client.sim.controlPlane([], 3);
		const rv = Number(cluster.resourceVersion());
		const etcd = recentActions(client, 'etcd', status, [], 3);
		expect(etcd[0]).toMatch(new RegExp(`^rv ${rv} PUT /registry/`));
		expect(etcd.map(l => Number(/^rv (\d+)/.exec(l)![1]))).toEqual([rv, rv - 1, rv - 2]);
		const api = recentActions(client, 'kube-apiserver', status, [], 3);
		expect(api).toHaveLength(3);
		api.forEach((line, i) => {
			const r = status.recentRequests[i]!;
			expect(line.startsWith(`${r.verb} `)).toBe(true);
			expect(line.endsWith(` ${r.namespace ? `${r.namespace}/` : ''}${r.name}`)).toBe(true);
		});
		const events = eventsInOrder(client);
		const scheduler = recentActions(client, 'kube-scheduler', status, events, 2);
		expect(scheduler).toHaveLength(2);
		for (const line of scheduler) expect(line).toMatch(/^Scheduled pod\/web-dbf79f85d-\w{5}: Successfully assigned default\/web-dbf79f85d-\w{5} to kubesim-worker\d?$/);
		const kubelet = recentActions(client, 'node/kubesim-worker2', status, events, 50);
		expect(kubelet.length).toBeGreaterThan(0);
		expect(kubelet.every(l => l.endsWith('kubesim-worker2') || !/to kubesim-worker\d?$/.test(l))).toBe(true);
		client.close();
	});
});
