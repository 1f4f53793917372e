import {describe, expect, it} from 'vitest';
import {advanceUntil, deployment, eventsFor, podsOf, smallCluster} from './helpers.js';
import type {Pod} from '../../source/cluster/types.js';

const rolling = `  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
`;

function rsOf(cluster: ReturnType<typeof smallCluster>, name: string) {
	return cluster.list('ReplicaSet', {namespace: 'default'}).filter(rs => rs.metadata.ownerReferences?.[0]?.name === name);
}

describe('Deployment rollouts', () => {
	it('rolls out 10 replicas within maxSurge 3 and maxUnavailable 2 at every step', () => {
		const cluster = smallCluster({nodes: 4});
		cluster.apply(deployment('shop', 10, 'nginx:1.26', rolling), 'shop.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'shop').status?.availableReplicas === 10);
		const before = eventsFor(cluster, {name: 'shop', reason: 'ScalingReplicaSet'}).length;
		expect(before).toBe(1);

		cluster.setImage('Deployment', 'default', 'shop', 'shop', 'nginx:1.27');
		let maxTotal = 0;
		let minAvailable = Infinity;
		advanceUntil(
			cluster,
			() => {
				const sets = rsOf(cluster, 'shop');
				const total = sets.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
				const available = sets.reduce((a, rs) => a + (rs.status?.availableReplicas ?? 0), 0);
				maxTotal = Math.max(maxTotal, total);
				minAvailable = Math.min(minAvailable, available);
				const d = cluster.get('Deployment', 'default', 'shop');
				return d.status?.updatedReplicas === 10 && d.status?.availableReplicas === 10 && d.status?.replicas === 10;
			},
			600_000,
			250,
		);
		expect(maxTotal).toBe(13); // replicas + maxSurge (25% of 10, rounded up)
		expect(minAvailable).toBe(8); // replicas - maxUnavailable (25% of 10, rounded down)

		const steps = eventsFor(cluster, {name: 'shop', reason: 'ScalingReplicaSet'}).slice(before).map(e => e.message);
		const [oldRs, newRs] = rsOf(cluster, 'shop').sort((a, b) => Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations!['deployment.kubernetes.io/revision']));
		// every step keeps within 13 pods and 8 available: up by the surge; down by what the
		// available pods beyond 8 allow (the new set's unready pods count against it); up to 13 again...
		const up = (from: number, to: number) => `Scaled up replica set ${newRs!.metadata.name} from ${from} to ${to}`;
		const down = (from: number, to: number) => `Scaled down replica set ${oldRs!.metadata.name} from ${from} to ${to}`;
		expect(steps).toEqual([up(0, 3), down(10, 8), up(3, 5), down(8, 4), up(5, 9), down(4, 0), up(9, 10)]);
		expect(newRs!.spec.replicas).toBe(10);
		expect(oldRs!.spec.replicas).toBe(0);
		expect(cluster.get('Deployment', 'default', 'shop').metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
		const progressing = cluster.get('Deployment', 'default', 'shop').status?.conditions?.find(c => c.type === 'Progressing');
		expect(progressing?.reason).toBe('NewReplicaSetAvailable');
		expect(progressing?.message).toBe(`ReplicaSet "${newRs!.metadata.name}" has successfully progressed.`);
		expect(podsOf(cluster, 'app=shop').filter(p => !p.metadata.deletionTimestamp).map(p => p.spec.containers[0].image)).toEqual(Array(10).fill('nginx:1.27'));
	});

	it('reports ErrImagePull then ImagePullBackOff for a missing tag, and rollback restores the previous revision', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 3, 'nginx:1.27'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 3);
		const reasons: string[] = [];
		const stop = cluster.watch('Pod', ev => {
			const pod = ev.object as Pod;
			const r = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
			if (r && pod.spec.containers[0].image === 'nginx:9.99-nope' && reasons.at(-1) !== r) reasons.push(r);
		}, {namespace: 'default', labelSelector: 'app=web'});
		cluster.setImage('Deployment', 'default', 'web', 'web', 'nginx:9.99-nope');
		advanceUntil(cluster, () => reasons.includes('ImagePullBackOff'), 60_000, 100);
		stop();
		// ContainerCreating while pulling, then the pull fails, then the kubelet backs off
		expect(reasons).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff']);
		const failed = eventsFor(cluster, {reason: 'Failed'}).map(e => e.message);
		expect(failed.some(m => m!.startsWith('Failed to pull image "nginx:9.99-nope": ') && m!.includes('not found'))).toBe(true);
		expect(failed).toContain('Error: ErrImagePull');
		expect(failed).toContain('Error: ImagePullBackOff');
		// the old pods keep serving: maxUnavailable 25% of 3 rounds down to 0
		expect(cluster.get('Deployment', 'default', 'web').status?.availableReplicas).toBe(3);

		expect(cluster.rollback('default', 'web')).toBe('deployment.apps/web rolled back');
		advanceUntil(cluster, () => {
			const d = cluster.get('Deployment', 'default', 'web');
			const pods = podsOf(cluster, 'app=web');
			return d.status?.availableReplicas === 3 && d.status?.updatedReplicas === 3 && pods.length === 3 && pods.every(p => p.spec.containers[0].image === 'nginx:1.27');
		});
		const d = cluster.get('Deployment', 'default', 'web');
		expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
		expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
		expect(cluster.history('default', 'web').map(h => h.revision)).toEqual([2, 3]);
	});

	it('deleting a Deployment deletes its ReplicaSets and pods', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 3, 'nginx:1.27'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 3);
		expect(rsOf(cluster, 'web')).toHaveLength(1);
		cluster.delete('Deployment', 'default', 'web');
		expect(cluster.find('Deployment', 'default', 'web')).toBeUndefined();
		advanceUntil(cluster, () => podsOf(cluster, 'app=web').length === 0, 120_000);
		expect(cluster.list('ReplicaSet', {namespace: 'default'})).toHaveLength(0);
		expect(eventsFor(cluster, {reason: 'Killing'}).some(e => e.message === 'Stopping container web')).toBe(true);
	});

	it('orphan propagation keeps the ReplicaSet and its pods', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('web', 2, 'nginx:1.27'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 2);
		cluster.delete('Deployment', 'default', 'web', {propagationPolicy: 'Orphan'});
		cluster.advance(5000);
		expect(cluster.find('Deployment', 'default', 'web')).toBeUndefined();
		const rs = cluster.list('ReplicaSet', {namespace: 'default'});
		expect(rs).toHaveLength(1);
		expect(rs[0]!.metadata.ownerReferences).toBeUndefined();
		expect(podsOf(cluster, 'app=web')).toHaveLength(2);
	});

	it('scales with the scale subresource and Recreate replaces all pods at once', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('db', 2, 'redis:7.4', '  strategy:\n    type: Recreate\n'), 'db.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'db').status?.availableReplicas === 2);
		cluster.scale('Deployment', 'default', 'db', 4);
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'db').status?.availableReplicas === 4);
		cluster.setImage('Deployment', 'default', 'db', 'db', 'redis:7.2');
		let overlap = false;
		advanceUntil(cluster, () => {
			const pods = podsOf(cluster, 'app=db');
			const images = new Set(pods.map(p => p.spec.containers[0].image));
			if (images.size > 1) overlap = true;
			return cluster.get('Deployment', 'default', 'db').status?.updatedReplicas === 4 && cluster.get('Deployment', 'default', 'db').status?.availableReplicas === 4;
		}, 300_000, 200);
		expect(overlap).toBe(false);
	});
});
