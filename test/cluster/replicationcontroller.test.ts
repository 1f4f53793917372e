// ReplicationController, from the manifest of the Kubernetes documentation
// (kubernetes/website content/en/examples/controllers/replication.yaml, JSON in YAML flow style).
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {isStatusError} from '../../source/cluster/index.js';
import {kindInfo} from '../../source/kinds/index.js';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';

const MANIFEST = readFileSync('test/fixtures/website/controllers/replication.yaml', 'utf8');

describe('ReplicationController', () => {
	it('keeps its pods running as the documentation describes, and scales', () => {
		const cluster = smallCluster();
		expect(cluster.apply(MANIFEST, 'replication.yaml').map(r => r.message)).toEqual(['replicationcontroller/nginx created']);
		const rc = cluster.get('ReplicationController', 'default', 'nginx');
		// labels default to the template's
		expect(rc.metadata.labels).toEqual({app: 'nginx'});
		advanceUntil(cluster, () => cluster.get('ReplicationController', 'default', 'nginx').status?.readyReplicas === 3);
		const pods = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=nginx'});
		expect(pods.length).toBe(3);
		for (const p of pods) {
			expect(p.metadata.name).toMatch(/^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
			expect(p.metadata.ownerReferences).toEqual([{apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true}]);
		}
		expect(cluster.get('ReplicationController', 'default', 'nginx').status).toEqual({replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1});
		const created = eventsFor(cluster, {name: 'nginx', kind: 'ReplicationController', reason: 'SuccessfulCreate'});
		expect(created.map(e => [e.source?.component, e.message]).sort()).toEqual(pods.map(p => ['replication-controller', `Created pod: ${p.metadata.name}`]).sort());

		// a deleted pod is replaced
		cluster.delete('Pod', 'default', pods[0]!.metadata.name, {gracePeriodSeconds: 0});
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=nginx'}).filter(p => !p.metadata.deletionTimestamp).length === 3);

		// the scale subresource, with the map selector spelled as a selector string
		expect(cluster.getScale('ReplicationController', 'default', 'nginx')).toMatchObject({spec: {replicas: 3}, status: {replicas: 3, selector: 'app=nginx'}});
		cluster.scale('ReplicationController', 'default', 'nginx', 1);
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=nginx'}).length === 1);
		expect(eventsFor(cluster, {name: 'nginx', kind: 'ReplicationController', reason: 'SuccessfulDelete'}).length).toBe(2);

		// the table kubectl prints
		const row = kindInfo('ReplicationController')!.row(cluster.get('ReplicationController', 'default', 'nginx'), {now: cluster.now()});
		expect(row.slice(0, 4)).toEqual(['nginx', 1, 1, 1]);
		expect(row.slice(5)).toEqual(['nginx', 'nginx', 'app=nginx']);
	});

	it('defaults its selector from the template and refuses one that does not match it', () => {
		const cluster = smallCluster();
		cluster.apply('apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n', 'web.yaml');
		expect(cluster.get('ReplicationController', 'default', 'web').spec).toMatchObject({replicas: 1, selector: {app: 'web'}});
		try {
			cluster.create({apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'bad'}, spec: {selector: {app: 'x'}, template: {metadata: {labels: {app: 'y'}}, spec: {containers: [{name: 'c', image: 'nginx:1.27'}]}}}});
			expect.unreachable();
		} catch (e) {
			expect(isStatusError(e) && e.status.code).toBe(422);
			expect((e as Error).message).toBe('ReplicationController "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`');
		}
		expect(() => cluster.create({apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'none'}, spec: {template: {spec: {containers: [{name: 'c', image: 'nginx:1.27'}]}}}})).toThrow(
			'ReplicationController "none" is invalid: spec.selector: Required value',
		);
	});
});
