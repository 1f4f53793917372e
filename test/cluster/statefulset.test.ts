import {describe, expect, it} from 'vitest';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';

function web(replicas: number, extra = '', image = 'nginx:1.27'): string {
	return `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: web
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
${extra}  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: ${image}
          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 2
          volumeMounts:
            - name: data
              mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
`;
}

type C = ReturnType<typeof smallCluster>;
const pods = (cluster: C) => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'});
const ready = (p: any) => p.status?.phase === 'Running' && p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

describe('StatefulSet', () => {
	it('creates web-0, web-1, web-2 in order, each after the previous is Ready, with a claim each', () => {
		const cluster = smallCluster();
		cluster.apply(web(3), 'web.yaml');
		// watch the order pods appear and what was ready then
		const order: Array<{name: string; readyBefore: string[]}> = [];
		const seen = new Set<string>();
		advanceUntil(
			cluster,
			() => {
				const all = pods(cluster);
				for (const p of all)
					if (!seen.has(p.metadata.name)) {
						seen.add(p.metadata.name);
						order.push({name: p.metadata.name, readyBefore: all.filter(q => q !== p && ready(q)).map(q => q.metadata.name).sort()});
					}
				return cluster.get('StatefulSet', 'default', 'web').status?.readyReplicas === 3;
			},
			300_000,
			100,
		);
		expect(order).toEqual([
			{name: 'web-0', readyBefore: []},
			{name: 'web-1', readyBefore: ['web-0']},
			{name: 'web-2', readyBefore: ['web-0', 'web-1']},
		]);
		const sts = cluster.get('StatefulSet', 'default', 'web');
		expect(sts.status).toMatchObject({replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1});
		expect(sts.status?.currentRevision).toMatch(/^web-[a-z0-9]+$/);
		expect(sts.status?.updateRevision).toBe(sts.status!.currentRevision);
		const p1 = cluster.get('Pod', 'default', 'web-1');
		expect(p1.spec.hostname).toBe('web-1');
		expect(p1.spec.subdomain).toBe('nginx');
		expect(p1.metadata.labels).toMatchObject({'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': sts.status!.updateRevision});
		expect(p1.spec.volumes).toEqual([{name: 'data', persistentVolumeClaim: {claimName: 'data-web-1'}}]);
		const pvc = cluster.get('PersistentVolumeClaim', 'default', 'data-web-1');
		expect(pvc.status).toEqual({phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: {storage: '1Gi'}});
		expect(pvc.spec.volumeName).toBe(`pvc-${pvc.metadata.uid}`);
		expect(pvc.metadata.labels).toEqual({app: 'web'});
		const created = eventsFor(cluster, {name: 'web', kind: 'StatefulSet', reason: 'SuccessfulCreate'}).map(e => e.message);
		expect(created).toEqual([
			'create Claim data-web-0 Pod web-0 in StatefulSet web success',
			'create Pod web-0 in StatefulSet web successful',
			'create Claim data-web-1 Pod web-1 in StatefulSet web success',
			'create Pod web-1 in StatefulSet web successful',
			'create Claim data-web-2 Pod web-2 in StatefulSet web success',
			'create Pod web-2 in StatefulSet web successful',
		]);
	});

	it('scales down from the highest ordinal one at a time and keeps the claims', () => {
		const cluster = smallCluster();
		cluster.apply(web(3), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('StatefulSet', 'default', 'web').status?.readyReplicas === 3, 300_000);
		cluster.scale('StatefulSet', 'default', 'web', 1);
		let overlap = false;
		advanceUntil(
			cluster,
			() => {
				const terminating = pods(cluster).filter(p => p.metadata.deletionTimestamp);
				if (terminating.length > 1) overlap = true;
				return pods(cluster).length === 1;
			},
			300_000,
			100,
		);
		expect(overlap).toBe(false);
		expect(pods(cluster).map(p => p.metadata.name)).toEqual(['web-0']);
		expect(eventsFor(cluster, {name: 'web', kind: 'StatefulSet', reason: 'SuccessfulDelete'}).map(e => e.message)).toEqual([
			'delete Pod web-2 in StatefulSet web successful',
			'delete Pod web-1 in StatefulSet web successful',
		]);
		expect(cluster.list('PersistentVolumeClaim', {namespace: 'default'}).map(c => c.metadata.name)).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
		// scaling up again reuses the claims
		const uid = cluster.get('PersistentVolumeClaim', 'default', 'data-web-2').metadata.uid;
		cluster.scale('StatefulSet', 'default', 'web', 3);
		advanceUntil(cluster, () => cluster.get('StatefulSet', 'default', 'web').status?.readyReplicas === 3, 300_000);
		expect(cluster.get('PersistentVolumeClaim', 'default', 'data-web-2').metadata.uid).toBe(uid);
		expect(eventsFor(cluster, {name: 'web', kind: 'StatefulSet', reason: 'SuccessfulCreate'}).filter(e => e.message!.startsWith('create Claim'))).toHaveLength(3);
	});

	it('Parallel creates every pod at once', () => {
		const cluster = smallCluster();
		cluster.apply(web(3, '  podManagementPolicy: Parallel\n'), 'web.yaml');
		cluster.advance(100);
		expect(pods(cluster).map(p => p.metadata.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
	});

	it('rolls a new template from the highest ordinal down, respecting the partition', () => {
		const cluster = smallCluster();
		cluster.apply(web(3, '  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 1\n'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('StatefulSet', 'default', 'web').status?.readyReplicas === 3, 300_000);
		const before = cluster.get('StatefulSet', 'default', 'web').status!.currentRevision;
		cluster.setImage('StatefulSet', 'default', 'web', 'nginx', 'nginx:1.26');
		advanceUntil(
			cluster,
			() => {
				const s = cluster.get('StatefulSet', 'default', 'web').status;
				return s!.updatedReplicas === 2 && s!.readyReplicas === 3;
			},
			300_000,
			100,
		);
		cluster.advance(30_000);
		const images = Object.fromEntries(pods(cluster).map(p => [p.metadata.name, p.spec.containers[0].image]));
		expect(images).toEqual({'web-0': 'nginx:1.27', 'web-1': 'nginx:1.26', 'web-2': 'nginx:1.26'});
		let s = cluster.get('StatefulSet', 'default', 'web').status;
		expect(s!.currentRevision).toBe(before);
		expect(s!.updateRevision).not.toBe(before);
		expect(s?.currentReplicas).toBe(1);
		expect(eventsFor(cluster, {name: 'web', kind: 'StatefulSet', reason: 'SuccessfulDelete'}).map(e => e.message)).toEqual([
			'delete Pod web-2 in StatefulSet web successful',
			'delete Pod web-1 in StatefulSet web successful',
		]);
		// lowering the partition finishes the rollout
		cluster.patch('StatefulSet', 'default', 'web', {spec: {updateStrategy: {rollingUpdate: {partition: 0}}}}, 'application/merge-patch+json');
		advanceUntil(cluster, () => cluster.get('StatefulSet', 'default', 'web').status!.currentRevision !== before, 300_000);
		s = cluster.get('StatefulSet', 'default', 'web').status;
		expect(s).toMatchObject({currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3});
		expect(s?.currentRevision).toBe(s!.updateRevision);
		expect(pods(cluster).map(p => p.spec.containers[0].image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
	});

	it('whenScaled: Delete removes the claims of the pods it scales away', () => {
		const cluster = smallCluster();
		cluster.apply(web(2, '  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('StatefulSet', 'default', 'web').status?.readyReplicas === 2, 300_000);
		cluster.scale('StatefulSet', 'default', 'web', 1);
		advanceUntil(cluster, () => !cluster.find('PersistentVolumeClaim', 'default', 'data-web-1'), 300_000);
		expect(cluster.list('PersistentVolumeClaim', {namespace: 'default'}).map(c => c.metadata.name)).toEqual(['data-web-0']);
	});
});
