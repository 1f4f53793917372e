// kubectl's verbs as the dashboard runs them on the embedded cluster: the same functions serve
// the kubeconfig client (test/client/kubeconfig.test.tsx drives them over HTTP).
import {describe, expect, it} from 'vitest';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {rollbackChange, drainEvicts, setImagePatch} from '../../source/verbs/index.js';
import {manualHost} from '../ui/harness.js';
import {advanceUntil, deployment, smallCluster} from '../cluster/helpers.js';
import type {KObject} from '../../source/cluster/index.js';
import type {Deployment} from '../../source/cluster/types.js';

function embedded(cluster = smallCluster()) {
	return {cluster, client: new EmbeddedClient(cluster, {host: manualHost().host, paused: true})};
}

describe('rollout undo', () => {
	it('puts back the template and the change-cause of the previous revision, keeping the Deployment-only annotations', async () => {
		const {cluster, client} = embedded();
		cluster.apply(deployment('web', 2, 'nginx:1.27'), 'web.yaml');
		cluster.patch('Deployment', 'default', 'web', {metadata: {annotations: {'kubernetes.io/change-cause': 'first'}}}, 'application/merge-patch+json');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.readyReplicas === 2);
		cluster.patch('Deployment', 'default', 'web', {metadata: {annotations: {'kubernetes.io/change-cause': 'second'}}, spec: {template: {spec: {containers: [{name: 'web', image: 'nginx:1.28'}]}}}}, 'application/strategic-merge-patch+json');
		cluster.advance(1000);
		expect((await client.history('default', 'web')).map(r => [r.revision, r.changeCause])).toEqual([
			[1, 'first'],
			[2, 'second'],
		]);
		expect(await client.rollback('default', 'web')).toBe('deployment.apps/web rolled back');
		cluster.advance(1000);
		const d = cluster.get('Deployment', 'default', 'web');
		expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
		expect(d.metadata.annotations!['kubernetes.io/change-cause']).toBe('first');
		expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
		expect(d.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toContain('"name":"web"');
		expect(await client.rollback('default', 'web', 3)).toBe('deployment.apps/web skipped rollback (current template already matches revision 3)');
		await expect(client.rollback('default', 'web', 9)).rejects.toThrow('error: unable to find specified revision 9 in history');
		client.close();
	});

	it('refuses without history', () => {
		const d = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', uid: 'u1'}, spec: {template: {}}} as Deployment;
		expect(() => rollbackChange(d, [])).toThrow('error: no rollout history found for deployment "web"');
	});
});

describe('set image and restart', () => {
	it('sets the image of a CronJob through its job template, and of an init container', async () => {
		const {cluster, client} = embedded();
		cluster.apply(`apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
          - name: prep
            image: busybox:1.36
          containers:
          - name: tick
            image: busybox:1.36
`, 'cj.yaml');
		expect(await client.setImage('CronJob', 'default', 'tick', 'tick', 'busybox:1.37')).toBe('cronjob.batch/tick image updated');
		expect(await client.setImage('CronJob', 'default', 'tick', 'prep', 'alpine:3.20')).toBe('cronjob.batch/tick image updated');
		const spec = cluster.get('CronJob', 'default', 'tick').spec.jobTemplate.spec.template.spec;
		expect([spec.containers[0].image, spec.initContainers?.[0].image]).toEqual(['busybox:1.37', 'alpine:3.20']);
		await expect(client.setImage('CronJob', 'default', 'tick', 'nope', 'x:1')).rejects.toThrow('error: unable to find container named "nope"');
		await expect(client.restart('CronJob', 'default', 'tick')).rejects.toThrow('error: cronjobs.batch "tick" restarting is not supported');
		client.close();
	});

	it('builds the patch at the pod spec of each shape', () => {
		const pod: KObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'c', image: 'a'}]}};
		expect(setImagePatch(pod, 'c', 'b')).toEqual({spec: {containers: [{name: 'c', image: 'b'}]}});
		const rs: KObject = {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'r'}, spec: {template: {spec: {containers: [{name: 'c', image: 'a'}]}}}};
		expect(setImagePatch(rs, 'c', 'b')).toEqual({spec: {template: {spec: {containers: [{name: 'c', image: 'b'}]}}}});
	});
});

describe('drain', () => {
	it('evicts what it may, leaves DaemonSet pods, and reports every refusal', async () => {
		const {cluster, client} = embedded(smallCluster({nodes: [{name: 'n1'}, {name: 'n2'}], controlPlane: false}));
		// two single-pod Deployments that may not lose a pod, and one that may
		for (const name of ['a', 'b', 'c']) cluster.apply(deployment(name, 2, 'nginx:1.27'), `${name}.yaml`);
		for (const name of ['a', 'b'])
			cluster.apply(`apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: ${name}\n`, `${name}-pdb.yaml`);
		advanceUntil(cluster, () => ['a', 'b', 'c'].every(n => cluster.get('Deployment', 'default', n).status?.readyReplicas === 2));
		expect(cluster.list('Pod', {fieldSelector: 'spec.nodeName=n1'}).map(p => [p.metadata.name, drainEvicts(p)])).toEqual([
			['a-cb8ddccd-lv4lk', true],
			['b-575894c9f4-qwcpm', true],
			['c-658f7b5698-ls4wv', true],
			['coredns-844d56ff89-zkkwt', true],
			['kube-proxy-22xq2', false],
		]);
		const refusal = "Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.";
		await expect(client.drain('n1')).rejects.toThrow(`error: node/n1 not fully drained (2 evicted; cannot evict a-cb8ddccd-lv4lk: ${refusal}; b-575894c9f4-qwcpm: ${refusal})`);
		expect(cluster.now()).toBe(Date.UTC(2025, 0, 6, 9, 0, 11));
		expect(cluster.get('Pod', 'default', 'c-658f7b5698-ls4wv').metadata).toMatchObject({deletionTimestamp: '2025-01-06T09:00:41Z', deletionGracePeriodSeconds: 30}); // evicted now, 30 s of grace
		expect(cluster.find('Pod', 'default', 'a-cb8ddccd-lv4lk')?.metadata.deletionTimestamp).toBeUndefined();
		expect(cluster.get('Node', undefined, 'n1').spec?.unschedulable).toBe(true);
		client.close();
	});
});
