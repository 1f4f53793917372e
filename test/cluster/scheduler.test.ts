import {describe, expect, it} from 'vitest';
import {advanceUntil, deployment, eventsFor, podsOf, smallCluster} from './helpers.js';

const big = `apiVersion: v1
kind: Pod
metadata:
  name: huge
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: "64"
`;

describe('scheduler', () => {
	it('keeps a pod that fits nowhere Pending with the exact FailedScheduling message', () => {
		const cluster = smallCluster();
		cluster.apply(big, 'huge.yaml');
		cluster.advance(1000);
		const pod = cluster.get('Pod', 'default', 'huge');
		expect(pod.status.phase).toBe('Pending');
		const message =
			'0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..';
		expect(pod.status.conditions).toContainEqual(expect.objectContaining({type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message}));
		const ev = eventsFor(cluster, {name: 'huge', reason: 'FailedScheduling'});
		expect(ev).toHaveLength(1);
		expect(ev[0]).toMatchObject({type: 'Warning', message, source: {component: 'default-scheduler'}});
	});

	it('lists every reason, sorted, when nodes fail differently', () => {
		const cluster = smallCluster();
		cluster.cordon('kubesim-worker');
		cluster.apply(big.replace('"64"', '"3"').replace('app\n', 'app\n      ports:\n        - containerPort: 80\n').replace('spec:\n  containers', 'spec:\n  nodeSelector:\n    disk: ssd\n  containers'), 'huge.yaml');
		cluster.advance(1000);
		const pod = cluster.get('Pod', 'default', 'huge');
		expect(pod.status.conditions?.find(c => c.type === 'PodScheduled')?.message).toBe(
			"0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
		);
	});

	it('retries when the cluster changes and binds with a Scheduled event', () => {
		const cluster = smallCluster();
		cluster.cordon('kubesim-worker');
		cluster.cordon('kubesim-worker2');
		cluster.cordon('kubesim-worker3');
		cluster.apply(big.replace('"64"', '500m'), 'p.yaml');
		cluster.advance(2000);
		expect(cluster.get('Pod', 'default', 'huge').spec.nodeName).toBeUndefined();
		cluster.cordon('kubesim-worker2', false);
		cluster.advance(2000);
		const pod = cluster.get('Pod', 'default', 'huge');
		expect(pod.spec.nodeName).toBe('kubesim-worker2');
		expect(eventsFor(cluster, {name: 'huge', reason: 'Scheduled'})[0]!.message).toBe('Successfully assigned default/huge to kubesim-worker2');
	});

	it('spreads replicas over nodes', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 6, 'nginx:1.27'), 'web.yaml');
		cluster.advance(1000);
		const perNode = new Map<string, number>();
		for (const p of podsOf(cluster, 'app=web')) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
		expect([...perNode.values()].sort()).toEqual([2, 2, 2]);
	});

	it('evicts the pods of a failed node after 300 s and recreates them elsewhere', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 3, 'nginx:1.27'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 3);
		const victim = 'kubesim-worker2';
		const before = podsOf(cluster, 'app=web').filter(p => p.spec.nodeName === victim);
		expect(before).toHaveLength(1);
		const failedAt = cluster.elapsed();
		cluster.failNode(victim);
		advanceUntil(cluster, () => cluster.get('Node', undefined, victim).status!.conditions!.find(c => c.type === 'Ready')!.status === 'Unknown', 120_000, 1000);
		const unknownAfter = (cluster.elapsed() - failedAt) / 1000;
		// failed at 09:00:06; the lease was last renewed at 09:00:00.074 (every 10 s), its 50 s of
		// grace end at 09:00:50.074, and the node monitor (every 5 s) sees that at 09:00:55
		expect(failedAt).toBe(6000);
		expect(cluster.get('Lease', 'kube-node-lease', victim).spec?.renewTime).toBe('2025-01-06T09:00:00.074000Z');
		expect(unknownAfter).toBe(49);
		const node = cluster.get('Node', undefined, victim);
		expect(node.status?.conditions?.find(c => c.type === 'Ready')?.lastTransitionTime).toBe('2025-01-06T09:00:55Z');
		expect(node.spec?.taints?.map(t => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
		expect(node.status?.conditions?.find(c => c.type === 'Ready')?.message).toBe('Kubelet stopped posting node status.');
		const taintedAt = Date.parse(node.spec!.taints![1].timeAdded!);
		// not evicted before tolerationSeconds (300) run out
		cluster.advance(taintedAt + 299_000 - cluster.now());
		expect(cluster.get('Pod', 'default', before[0]!.metadata.name).metadata.deletionTimestamp).toBeUndefined();
		cluster.advance(2000);
		const evicted = cluster.get('Pod', 'default', before[0]!.metadata.name);
		// Terminating (its kubelet is gone): evicted at 09:05:55, 300 s after the taint, with the pod's 30 s of grace
		expect(evicted.metadata.deletionTimestamp).toBe('2025-01-06T09:06:25Z');
		expect(evicted.metadata.deletionGracePeriodSeconds).toBe(30);
		expect(eventsFor(cluster, {name: before[0]!.metadata.name, reason: 'TaintManagerEviction'})[0]!.message).toBe(`Marking for deletion Pod default/${before[0]!.metadata.name}`);
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 3, 60_000);
		const live = podsOf(cluster, 'app=web').filter(p => !p.metadata.deletionTimestamp);
		expect(live).toHaveLength(3);
		expect(live.every(p => p.spec.nodeName !== victim)).toBe(true);
		// the node comes back: its kubelet finishes the terminating pod
		cluster.recoverNode(victim);
		advanceUntil(cluster, () => !cluster.find('Pod', 'default', before[0]!.metadata.name), 120_000);
		advanceUntil(cluster, () => !cluster.get('Node', undefined, victim).spec!.taints, 30_000);
	});
});
