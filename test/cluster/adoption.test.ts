// Controllers adopt what their selector takes and nobody controls: a ReplicaSet its bare pods
// (keeping the count by deleting the pods ranked first for deletion, its own included), a
// Deployment the ReplicaSets a deletion with --cascade=orphan left behind.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';

const fixture = (path: string) => readFileSync(`test/fixtures/website/${path}`, 'utf8');

describe('adoption', () => {
	it('frontend.yaml adopts running bare pods and deletes its own unscheduled ones to keep three', () => {
		const cluster = smallCluster();
		for (const n of ['kubesim-worker', 'kubesim-worker2', 'kubesim-worker3']) cluster.cordon(n);
		cluster.apply(fixture('controllers/frontend.yaml'), 'frontend.yaml');
		cluster.advance(2000);
		const own = cluster.list('Pod', {namespace: 'default', labelSelector: 'tier=frontend'});
		expect(own.map(p => p.spec.nodeName)).toEqual([undefined, undefined, undefined]);
		// pod1 and pod2 of the concept page, bound by nodeName past the cordon
		cluster.apply(fixture('pods/pod-rs.yaml').replace(/spec: \{\n/g, 'spec: {\n    nodeName: "kubesim-worker2",\n'), 'pod-rs.yaml');
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: 'default', labelSelector: 'tier=frontend'}).filter(p => !p.metadata.deletionTimestamp).length === 3);
		const rs = cluster.get('ReplicaSet', 'default', 'frontend');
		const kept = cluster.list('Pod', {namespace: 'default', labelSelector: 'tier=frontend'}).filter(p => !p.metadata.deletionTimestamp);
		const names = kept.map(p => p.metadata.name).sort();
		expect(names.filter(n => n.startsWith('pod'))).toEqual(['pod1', 'pod2']);
		expect(kept.every(p => p.metadata.ownerReferences?.length === 1 && p.metadata.ownerReferences[0]!.uid === rs.metadata.uid && p.metadata.ownerReferences[0]!.controller === true)).toBe(true);
		// two of its own three unscheduled pods went, the bare running ones stayed
		const deleted = eventsFor(cluster, {name: 'frontend', kind: 'ReplicaSet', reason: 'SuccessfulDelete'}).map(e => e.message!.slice('Deleted pod: '.length));
		expect(deleted).toHaveLength(2);
		expect(deleted.every(n => own.some(p => p.metadata.name === n))).toBe(true);
		expect(cluster.get('ReplicaSet', 'default', 'frontend').status?.replicas).toBe(3);
	});

	it('nginx-deployment.yaml deleted with --cascade=orphan and applied again adopts its ReplicaSet and keeps the pods', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('controllers/nginx-deployment.yaml'), 'nginx-deployment.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'nginx-deployment').status?.availableReplicas === 3);
		const [rs] = cluster.list('ReplicaSet', {namespace: 'default'});
		const pods = cluster.list('Pod', {namespace: 'default', labelSelector: 'app.kubernetes.io/name=nginx'}).map(p => p.metadata.uid).sort();
		cluster.delete('Deployment', 'default', 'nginx-deployment', {propagationPolicy: 'Orphan'});
		advanceUntil(cluster, () => !cluster.find('Deployment', 'default', 'nginx-deployment'));
		cluster.advance(2000);
		expect(cluster.get('ReplicaSet', 'default', rs!.metadata.name).metadata.ownerReferences ?? []).toEqual([]);
		cluster.apply(fixture('controllers/nginx-deployment.yaml'), 'nginx-deployment.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'nginx-deployment').status?.availableReplicas === 3);
		const d = cluster.get('Deployment', 'default', 'nginx-deployment');
		const sets = cluster.list('ReplicaSet', {namespace: 'default'});
		expect(sets.map(s => s.metadata.name)).toEqual([rs!.metadata.name]);
		expect(sets[0]!.metadata.ownerReferences).toEqual([{apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx-deployment', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true}]);
		expect(cluster.list('Pod', {namespace: 'default', labelSelector: 'app.kubernetes.io/name=nginx'}).map(p => p.metadata.uid).sort()).toEqual(pods);
		expect(d.status).toMatchObject({replicas: 3, updatedReplicas: 3, readyReplicas: 3});
	});
});
