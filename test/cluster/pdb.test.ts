import {describe, expect, it} from 'vitest';
import {isStatusError} from '../../source/cluster/index.js';
import {advanceUntil, deployment, eventsFor, podsOf, smallCluster} from './helpers.js';

function pdb(name: string, budget: string, app = 'web'): string {
	return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  ${budget}
  selector:
    matchLabels:
      app: ${app}
`;
}

const status = (cluster: ReturnType<typeof smallCluster>, name: string) => cluster.get('PodDisruptionBudget', 'default', name).status!;

describe('PodDisruptionBudget', () => {
	it('computes its status from minAvailable and maxUnavailable, integers and percentages', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 4, 'nginx:1.27'), 'web.yaml');
		cluster.apply(pdb('min2', 'minAvailable: 2'), 'min2.yaml');
		cluster.apply(pdb('max1', 'maxUnavailable: 1'), 'max1.yaml');
		cluster.apply(pdb('half', 'minAvailable: "50%"'), 'half.yaml');
		cluster.apply(pdb('max30', 'maxUnavailable: "30%"'), 'max30.yaml');
		// before any pod is ready nothing may be disrupted
		let s = status(cluster, 'min2');
		expect(s.disruptionsAllowed).toBe(0);
		expect(s.conditions).toEqual([{type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: expect.any(String)}]);

		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.readyReplicas === 4);
		expect(status(cluster, 'min2')).toMatchObject({currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptionsAllowed: 2, observedGeneration: 1});
		expect(status(cluster, 'max1')).toMatchObject({currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 1});
		expect(status(cluster, 'half')).toMatchObject({currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptionsAllowed: 2});
		// 30% of 4 rounds up to 2
		expect(status(cluster, 'max30')).toMatchObject({currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptionsAllowed: 2});
		s = status(cluster, 'max1');
		expect(s.conditions).toEqual([{type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: expect.any(String)}]);

		// expected pods follow the Deployment's replicas, not the pods that exist yet
		cluster.scale('Deployment', 'default', 'web', 6);
		expect(status(cluster, 'max1')).toMatchObject({expectedPods: 6, desiredHealthy: 5, currentHealthy: 4, disruptionsAllowed: 0});
		expect(status(cluster, 'min2')).toMatchObject({expectedPods: 6, desiredHealthy: 2});
		advanceUntil(cluster, () => status(cluster, 'max1').currentHealthy === 6);
		expect(status(cluster, 'max1').disruptionsAllowed).toBe(1);
	});

	it('the eviction API answers 429 once the budget is spent', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 3, 'nginx:1.27'), 'web.yaml');
		cluster.apply(pdb('web', 'maxUnavailable: 1'), 'pdb.yaml');
		advanceUntil(cluster, () => status(cluster, 'web').disruptionsAllowed === 1);
		const [a, b] = podsOf(cluster, 'app=web');
		cluster.evict('default', a!.metadata.name);
		expect(cluster.now()).toBe(Date.UTC(2025, 0, 6, 9, 0, 6));
		expect(cluster.get('Pod', 'default', a!.metadata.name).metadata).toMatchObject({deletionTimestamp: '2025-01-06T09:00:36Z', deletionGracePeriodSeconds: 30});
		expect(status(cluster, 'web')).toMatchObject({currentHealthy: 2, disruptionsAllowed: 0});
		let error: unknown;
		try {
			cluster.evict('default', b!.metadata.name);
		} catch (err) {
			error = err;
		}
		expect(isStatusError(error) && error.code).toBe(429);
		expect(cluster.get('Pod', 'default', b!.metadata.name).metadata.deletionTimestamp).toBeUndefined();
		// once the replacement is ready, the budget allows one again
		advanceUntil(cluster, () => status(cluster, 'web').disruptionsAllowed === 1, 120_000);
		cluster.evict('default', b!.metadata.name);
	});

	it('counts a selection with no pods, and pods without a controller, as the real controller does', () => {
		const cluster = smallCluster();
		cluster.apply(pdb('empty', 'minAvailable: 1', 'nothing'), 'empty.yaml');
		expect(status(cluster, 'empty')).toMatchObject({currentHealthy: 0, desiredHealthy: 1, expectedPods: 0, disruptionsAllowed: 0});
		expect(eventsFor(cluster, {name: 'empty', reason: 'NoPods'}).map(e => e.message)).toEqual(['No matching pods found']);
		cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: lonely
  labels:
    app: lonely
spec:
  containers:
    - name: c
      image: nginx:1.27
`,
			'lonely.yaml',
		);
		cluster.apply(pdb('lonely', 'minAvailable: 1', 'lonely'), 'lonely-pdb.yaml');
		advanceUntil(cluster, () => status(cluster, 'lonely').currentHealthy === 1);
		expect(status(cluster, 'lonely')).toMatchObject({expectedPods: 1, desiredHealthy: 1, disruptionsAllowed: 0});
		cluster.apply(pdb('lonely-max', 'maxUnavailable: 1', 'lonely'), 'lonely-max.yaml');
		expect(status(cluster, 'lonely-max')).toMatchObject({expectedPods: 0, disruptionsAllowed: 0});
		expect(eventsFor(cluster, {name: 'lonely-max', reason: 'UnmanagedPods'})).toHaveLength(1);
	});

	it('allows nothing, with zero counts, when its pods have no controller to count them from', () => {
		const cluster = smallCluster();
		cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: orphan
  labels: {app: ghost}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: gone, uid: 00000000-0000-0000-0000-000000000000, controller: true}
spec:
  containers:
  - {name: c, image: nginx:1.27}
---
${pdb('ghost', 'minAvailable: "50%"', 'ghost')}`,
			'ghost.yaml',
		);
		expect(status(cluster, 'ghost')).toEqual({
			disruptionsAllowed: 0,
			currentHealthy: 0,
			desiredHealthy: 0,
			expectedPods: 0,
			conditions: [{type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: '2025-01-06T09:00:00Z', reason: 'SyncFailed', message: 'found no controllers for pod "orphan"'}],
		});
		expect(eventsFor(cluster, {name: 'ghost', reason: 'CalculateExpectedPodCountFailed'}).map(e => e.message)).toEqual(['Failed to calculate the number of expected pods: found no controllers for pod "orphan"']);
	});
});
