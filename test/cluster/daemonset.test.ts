import {describe, expect, it} from 'vitest';
import {createCluster} from '../../source/cluster/index.js';
import {advanceUntil, eventsFor, podsOf, smallCluster} from './helpers.js';

const agent = (extra = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
${extra}  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeSelector:
        disk: ssd
      containers:
        - name: agent
          image: nginx:1.27
`;

describe('DaemonSet', () => {
	it('runs kube-proxy on every node, the tainted control plane included', () => {
		const cluster = smallCluster();
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'kube-system', 'kube-proxy').status?.numberReady === 4);
		const pods = podsOf(cluster, 'k8s-app=kube-proxy', 'kube-system');
		expect(pods).toHaveLength(4);
		const nodes = cluster.list('Node').map(n => n.metadata.name).sort();
		expect(pods.map(p => p.spec.nodeName).sort()).toEqual(nodes);
		expect(nodes).toContain('kubesim-control-plane');
		for (const p of pods) {
			expect(p.metadata.name).toMatch(/^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
			expect(p.metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
			expect(p.metadata.labels?.['pod-template-generation']).toBe('1');
			expect(p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
				{matchFields: [{key: 'metadata.name', operator: 'In', values: [p.spec.nodeName]}]},
			]);
			const notReady = p.spec.tolerations!.find(t => t.key === 'node.kubernetes.io/not-ready');
			expect(notReady).toEqual({key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'});
			expect(p.spec.tolerations?.some(t => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule')).toBe(true);
		}
		const status = cluster.get('DaemonSet', 'kube-system', 'kube-proxy').status;
		expect(status).toMatchObject({desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, numberAvailable: 4, updatedNumberScheduled: 4, numberMisscheduled: 0, observedGeneration: 1});
		const created = eventsFor(cluster, {name: 'kube-proxy', reason: 'SuccessfulCreate', namespace: 'kube-system'}).map(e => e.message);
		expect(created.sort()).toEqual(pods.map(p => `Created pod: ${p.metadata.name}`).sort());
	});

	it('only lands on nodes its nodeSelector matches, and follows label changes', () => {
		const cluster = createCluster({
			seed: 3,
			nodes: [{name: 'n1', labels: {disk: 'ssd'}}, {name: 'n2'}, {name: 'n3', labels: {disk: 'ssd'}}],
		});
		cluster.apply(agent(), 'agent.yaml');
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'default', 'agent').status?.numberReady === 2);
		expect(podsOf(cluster, 'app=agent').map(p => p.spec.nodeName).sort()).toEqual(['n1', 'n3']);
		expect(cluster.get('DaemonSet', 'default', 'agent').status?.desiredNumberScheduled).toBe(2);

		cluster.patch('Node', undefined, 'n2', {metadata: {labels: {disk: 'ssd'}}}, 'application/merge-patch+json');
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'default', 'agent').status?.numberReady === 3);
		expect(podsOf(cluster, 'app=agent').map(p => p.spec.nodeName).sort()).toEqual(['n1', 'n2', 'n3']);

		cluster.patch('Node', undefined, 'n1', {metadata: {labels: {disk: null}}}, 'application/merge-patch+json');
		advanceUntil(cluster, () => podsOf(cluster, 'app=agent').length === 2, 120_000);
		expect(podsOf(cluster, 'app=agent').map(p => p.spec.nodeName).sort()).toEqual(['n2', 'n3']);
		expect(cluster.get('DaemonSet', 'default', 'agent').status?.desiredNumberScheduled).toBe(2);
		expect(eventsFor(cluster, {name: 'agent', reason: 'SuccessfulDelete'})).toHaveLength(1);
	});

	it('keeps off nodes with a taint it does not tolerate', () => {
		const cluster = createCluster({
			seed: 4,
			nodes: [{name: 'n1', labels: {disk: 'ssd'}}, {name: 'n2', labels: {disk: 'ssd'}, taints: [{key: 'dedicated', value: 'db', effect: 'NoSchedule'}]}],
		});
		cluster.apply(agent(), 'agent.yaml');
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'default', 'agent').status?.numberReady === 1);
		cluster.advance(5000);
		expect(podsOf(cluster, 'app=agent').map(p => p.spec.nodeName)).toEqual(['n1']);
		// kube-proxy tolerates everything
		expect(podsOf(cluster, 'k8s-app=kube-proxy', 'kube-system')).toHaveLength(3);
	});

	it('rolls a new template out one node at a time', () => {
		const cluster = createCluster({seed: 5, nodes: [1, 2, 3, 4].map(i => ({name: `n${i}`, labels: {disk: 'ssd'}}))});
		cluster.apply(agent(), 'agent.yaml');
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'default', 'agent').status?.numberAvailable === 4);
		const before = new Set(podsOf(cluster, 'app=agent').map(p => p.metadata.name));
		cluster.setImage('DaemonSet', 'default', 'agent', 'agent', 'nginx:1.26');
		let maxDown = 0;
		advanceUntil(
			cluster,
			() => {
				const live = podsOf(cluster, 'app=agent').filter(p => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
				maxDown = Math.max(maxDown, 4 - live.length);
				const s = cluster.get('DaemonSet', 'default', 'agent').status;
				return s!.updatedNumberScheduled === 4 && s!.numberAvailable === 4 && podsOf(cluster, 'app=agent').length === 4;
			},
			600_000,
			250,
		);
		expect(maxDown).toBe(1);
		const after = podsOf(cluster, 'app=agent');
		expect(after.every(p => p.spec.containers[0].image === 'nginx:1.26' && !before.has(p.metadata.name))).toBe(true);
		expect(new Set(after.map(p => p.spec.nodeName)).size).toBe(4);
		expect(after.every(p => p.metadata.labels?.['pod-template-generation'] === '2')).toBe(true);
		expect(eventsFor(cluster, {name: 'agent', reason: 'SuccessfulDelete'})).toHaveLength(4);
	});

	it('with OnDelete replaces a pod only when it is deleted', () => {
		const cluster = createCluster({seed: 6, nodes: [{name: 'n1', labels: {disk: 'ssd'}}, {name: 'n2', labels: {disk: 'ssd'}}]});
		cluster.apply(agent('  updateStrategy:\n    type: OnDelete\n'), 'agent.yaml');
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'default', 'agent').status?.numberAvailable === 2);
		cluster.setImage('DaemonSet', 'default', 'agent', 'agent', 'nginx:1.26');
		cluster.advance(30_000);
		expect(podsOf(cluster, 'app=agent').map(p => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27']);
		expect(cluster.get('DaemonSet', 'default', 'agent').status!.updatedNumberScheduled ?? 0).toBe(0);
		const victim = podsOf(cluster, 'app=agent').find(p => p.spec.nodeName === 'n1')!;
		cluster.delete('Pod', 'default', victim.metadata.name);
		advanceUntil(cluster, () => cluster.get('DaemonSet', 'default', 'agent').status?.updatedNumberScheduled === 1 && cluster.get('DaemonSet', 'default', 'agent').status?.numberAvailable === 2, 120_000);
		const images = Object.fromEntries(podsOf(cluster, 'app=agent').map(p => [p.spec.nodeName, p.spec.containers[0].image]));
		expect(images).toEqual({n1: 'nginx:1.26', n2: 'nginx:1.27'});
	});
});
