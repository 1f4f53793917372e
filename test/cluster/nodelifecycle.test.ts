import {describe, expect, it} from 'vitest';
import {smallCluster} from './helpers.js';

const ready = (cluster: ReturnType<typeof smallCluster>, node: string) =>
	cluster.get('Node', undefined, node).status!.conditions!.find((c: {type: string}) => c.type === 'Ready');

describe('node lifecycle', () => {
	it('treats a node Lease that lost its spec as never renewed, without stopping the simulation', () => {
		const cluster = smallCluster();
		cluster.advance(10_000);
		cluster.failNode('kubesim-worker2');
		// someone strips the lease: the monitor must neither throw nor trust it
		cluster.patch('Lease', 'kube-node-lease', 'kubesim-worker2', [{op: 'remove', path: '/spec'}], 'application/json-patch+json');
		expect(() => cluster.advance(60_000)).not.toThrow();
		expect(ready(cluster, 'kubesim-worker2')).toMatchObject({status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'});
		expect(ready(cluster, 'kubesim-worker')).toMatchObject({status: 'True'});
	});
});
