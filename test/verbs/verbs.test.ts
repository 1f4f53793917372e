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

describe('label', () => {
	it('sets, overwrites and removes labels in kubectl words, refusing a changed value without --overwrite', async () => {
		const {cluster, client} = embedded();
		const labels = () => cluster.get('Node', undefined, 'kubesim-worker').metadata.labels ?? {};
		expect(await client.label('Node', undefined, 'kubesim-worker', 'disk=ssd tier=edge')).toBe('node/kubesim-worker labeled');
		expect(labels()).toMatchObject({disk: 'ssd', tier: 'edge'});
		await expect(client.label('Node', undefined, 'kubesim-worker', 'disk=hdd')).rejects.toThrow("error: 'disk' already has a value (ssd), and --overwrite is false");
		expect(await client.label('Node', undefined, 'kubesim-worker', 'disk=hdd --overwrite')).toBe('node/kubesim-worker labeled');
		expect(labels().disk).toBe('hdd');
		expect(await client.label('Node', undefined, 'kubesim-worker', 'disk=hdd')).toBe('node/kubesim-worker not labeled');
		expect(await client.label('Node', undefined, 'kubesim-worker', 'tier- gone-')).toBe('label "gone" not found. node/kubesim-worker unlabeled');
		expect(labels().tier).toBeUndefined();
		cluster.apply(deployment('web', 1, 'nginx:1.27'), 'web.yaml');
		expect(await client.label('Deployment', 'default', 'web', 'team=shop')).toBe('deployment.apps/web labeled');
		expect(cluster.get('Deployment', 'default', 'web').metadata.labels).toMatchObject({team: 'shop'});
		client.close();
	});

	it('refuses what kubectl refuses before sending anything, and lets the server judge keys', async () => {
		const {client} = embedded();
		const refuse = (text: string) => client.label('Node', undefined, 'kubesim-worker', text);
		await expect(refuse('')).rejects.toThrow('error: at least one label update is required');
		await expect(refuse('k=v=w')).rejects.toThrow('error: invalid label spec: k=v=w');
		await expect(refuse('disk')).rejects.toThrow('error: invalid label spec: disk (key=value sets a label, key- removes it)');
		await expect(refuse('k=bad!')).rejects.toThrow(`error: invalid label value: "k=bad!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
		await expect(refuse('k=1 k-')).rejects.toThrow('error: can not both modify and remove a label in the same command');
		await expect(refuse('k=1 --force')).rejects.toThrow('error: unknown flag: --force');
		await expect(refuse('Ab/c=1')).rejects.toThrow('Error from server (Invalid): Node "kubesim-worker" is invalid: metadata.labels: Invalid value: "Ab/c": prefix part a lowercase RFC 1123 subdomain must consist');
		await expect(client.label('Pod', 'default', 'nosuch', 'a=1')).rejects.toThrow('Error from server (NotFound): pods "nosuch" not found');
		client.close();
	});
});

describe('taint', () => {
	it('adds, overwrites and takes off taints as kubectl does, newest first', async () => {
		const {cluster, client} = embedded();
		const taints = () => cluster.get('Node', undefined, 'kubesim-worker').spec?.taints;
		expect(await client.taint('kubesim-worker', 'dedicated=gpu:NoSchedule')).toBe('node/kubesim-worker tainted');
		expect(await client.taint('kubesim-worker', 'dedicated=gpu:PreferNoSchedule spot:NoExecute')).toBe('node/kubesim-worker tainted');
		expect(taints()).toEqual([
			{key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule'},
			{key: 'spot', effect: 'NoExecute'},
			{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'},
		]);
		await expect(client.taint('kubesim-worker', 'dedicated=cpu:NoSchedule')).rejects.toThrow('error: node kubesim-worker already has dedicated taint(s) with same effect(s) and --overwrite is false');
		expect(await client.taint('kubesim-worker', 'dedicated=cpu:NoSchedule --overwrite')).toBe('node/kubesim-worker modified');
		expect(taints()![0]).toEqual({key: 'dedicated', value: 'cpu', effect: 'NoSchedule'});
		expect(await client.taint('kubesim-worker', 'spot:NoExecute-')).toBe('node/kubesim-worker untainted');
		await expect(client.taint('kubesim-worker', 'spot:NoExecute-')).rejects.toThrow('error: taint "spot:NoExecute" not found');
		expect(await client.taint('kubesim-worker', 'dedicated-')).toBe('node/kubesim-worker untainted');
		expect(taints()).toBeUndefined();
		client.close();
	});

	it('refuses a taint spec kubectl refuses', async () => {
		const {client} = embedded();
		const refuse = (text: string) => client.taint('kubesim-worker', text);
		await expect(refuse('x=1:Bogus')).rejects.toThrow('error: invalid taint effect: Bogus, unsupported taint effect');
		await expect(refuse('x=1')).rejects.toThrow('error: invalid taint spec: x=1 (want key=value:Effect, key:Effect- or key-)');
		await expect(refuse('k=v:NoSchedule:extra')).rejects.toThrow('error: invalid taint spec: k=v:NoSchedule:extra');
		await expect(refuse(':NoSchedule')).rejects.toThrow("error: invalid taint spec: :NoSchedule, name part must be non-empty; name part must consist of alphanumeric characters");
		await expect(refuse('k=bad!:NoSchedule')).rejects.toThrow('error: invalid taint spec: k=bad!:NoSchedule, a valid label must be an empty string');
		await expect(refuse('w=1:NoSchedule w=2:NoSchedule')).rejects.toThrow('error: duplicated taints with the same key and effect: w=2:NoSchedule');
		await expect(refuse('x=1:NoSchedule x-')).rejects.toThrow('error: can not both modify and remove the following taint(s) in the same command: x=1:NoSchedule');
		await expect(refuse('  ')).rejects.toThrow('error: at least one taint update is required');
		client.close();
	});
});
