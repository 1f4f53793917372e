// The real kubectl walking the documentation's storage and resource-policy tutorials against
// kubesim serve: "Configure a Pod to Use a PersistentVolume for Storage", "Configure Default
// Memory Requests and Limits for a Namespace", "Configure Memory and CPU Quotas for a
// Namespace", and PriorityClasses (needs /usr/bin/kubectl: skipped with the reason outside CI,
// failed in CI).
import {afterAll, beforeAll, expect, it} from 'vitest';
import {dirname} from 'node:path';
import {serveDemo, type Served} from '../served.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from './run-kubectl.js';

const EX = 'test/fixtures/website';

describeWithTool(kubectlTool, 'kubectl and storage, limits, quotas and priorities', () => {
	let served: Served;
	let dir: string;
	const kubectl = (...args: string[]) => runKubectl(dir, args);
	const settle = (ms = 5000) => served.cluster.advance(ms);

	beforeAll(async () => {
		served = await serveDemo({seed: 3, nodes: 2});
		dir = dirname(served.kubeconfig);
	});

	afterAll(async () => {
		await served?.close();
	});

	it('lists the default StorageClass and the system PriorityClasses as kubectl prints them', async () => {
		const sc = await kubectl('get', 'sc');
		expect(sc.stderr).toBe('');
		const lines = sc.stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE$/);
		expect(lines.slice(1).map(l => l.split(/\s{2,}/).slice(0, 5))).toEqual([['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false']]);
		const pc = await kubectl('get', 'priorityclasses');
		const rows = pc.stdout.trimEnd().split('\n');
		expect(rows[0]).toMatch(/^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY$/);
		expect(rows.slice(1).map(l => l.split(/\s+/).filter((_, i) => i !== 3))).toEqual([
			['system-cluster-critical', '2000000000', 'false', 'PreemptLowerPriority'],
			['system-node-critical', '2000001000', 'false', 'PreemptLowerPriority'],
		]);
		const described = await kubectl('describe', 'sc', 'standard');
		expect(described.stdout).toBe(
			[
				'Name:                  standard',
				'IsDefaultClass:        Yes',
				'Annotations:           storageclass.kubernetes.io/is-default-class=true',
				'Provisioner:           rancher.io/local-path',
				'Parameters:            <none>',
				'AllowVolumeExpansion:  <unset>',
				'MountOptions:          <none>',
				'ReclaimPolicy:         Delete',
				'VolumeBindingMode:     WaitForFirstConsumer',
				'Events:                <none>',
				'',
			].join('\n'),
		);
	});

	it('Configure a Pod to Use a PersistentVolume for Storage', async () => {
		expect((await kubectl('apply', '-f', `${EX}/pods/storage/pv-volume.yaml`)).stdout).toBe('persistentvolume/task-pv-volume created\n');
		settle(1000);
		const pv = await kubectl('get', 'pv', 'task-pv-volume');
		expect(pv.stdout.split('\n')[0]).toMatch(/^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE$/);
		expect(pv.stdout.split('\n')[1]).toMatch(/^task-pv-volume\s+10Gi\s+RWO\s+Retain\s+Available\s+manual\s+<unset>\s+\d+s$/);

		expect((await kubectl('apply', '-f', `${EX}/pods/storage/pv-claim.yaml`)).stdout).toBe('persistentvolumeclaim/task-pv-claim created\n');
		settle(1000);
		expect((await kubectl('get', 'pv', 'task-pv-volume')).stdout.split('\n')[1]).toMatch(/^task-pv-volume\s+10Gi\s+RWO\s+Retain\s+Bound\s+default\/task-pv-claim\s+manual\s+<unset>\s+\d+s$/);
		expect((await kubectl('get', 'pvc', 'task-pv-claim')).stdout.split('\n')[1]).toMatch(/^task-pv-claim\s+Bound\s+task-pv-volume\s+10Gi\s+RWO\s+manual\s+<unset>\s+\d+s$/);

		expect((await kubectl('apply', '-f', `${EX}/pods/storage/pv-pod.yaml`)).stdout).toBe('pod/task-pv-pod created\n');
		settle(20_000);
		expect((await kubectl('get', 'pod', 'task-pv-pod', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Running');

		const described = await kubectl('describe', 'pv', 'task-pv-volume');
		const text = described.stdout;
		expect(text).toMatch(/^Name:\s+task-pv-volume\nLabels:\s+type=local\nAnnotations:\s+pv.kubernetes.io\/bound-by-controller: yes\nFinalizers:\s+\[kubernetes.io\/pv-protection\]\nStorageClass:\s+manual\nStatus:\s+Bound\nClaim:\s+default\/task-pv-claim\nReclaim Policy:\s+Retain\nAccess Modes:\s+RWO\nVolumeMode:\s+Filesystem\nCapacity:\s+10Gi\nNode Affinity:\s+<none>\nMessage:\s*\nSource:\n\s+Type:\s+HostPath \(bare host directory volume\)\n\s+Path:\s+\/mnt\/data\n\s+HostPathType:\s*\nEvents:\s+<none>\n$/);

		// clean up as the tutorial does: pod, claim, then the volume
		expect((await kubectl('delete', 'pod', 'task-pv-pod', '--wait=false')).stdout).toBe('pod "task-pv-pod" deleted\n');
		expect((await kubectl('delete', 'pvc', 'task-pv-claim', '--wait=false')).stdout).toBe('persistentvolumeclaim "task-pv-claim" deleted\n');
		settle(40_000);
		expect((await kubectl('get', 'pv', 'task-pv-volume', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Released');
		expect((await kubectl('delete', 'pv', 'task-pv-volume')).stdout).toBe('persistentvolume "task-pv-volume" deleted\n');
	});

	it('a claim of the default class is provisioned when its pod is scheduled', async () => {
		const claim = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n';
		expect((await runKubectl(dir, ['apply', '-f', '-'], claim)).stdout).toBe('persistentvolumeclaim/data created\n');
		settle(1000);
		expect((await kubectl('get', 'pvc', 'data')).stdout.split('\n')[1]).toMatch(/^data\s+Pending\s+standard\s+<unset>\s+\d+s$/);
		const events = await kubectl('get', 'events', '--field-selector', 'involvedObject.name=data', '-o', 'jsonpath={.items[*].reason}');
		expect(events.stdout).toBe('WaitForFirstConsumer');
		const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: uses-data\nspec:\n  containers:\n  - name: app\n    image: nginx\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n      claimName: data\n';
		await runKubectl(dir, ['apply', '-f', '-'], pod);
		settle(20_000);
		const uid = served.cluster.get('PersistentVolumeClaim', 'default', 'data').metadata.uid;
		expect((await kubectl('get', 'pvc', 'data')).stdout.split('\n')[1]).toMatch(new RegExp(`^data\\s+Bound\\s+pvc-${uid}\\s+1Gi\\s+RWO\\s+standard\\s+<unset>\\s+\\d+s$`));
		expect((await kubectl('get', 'pv', `pvc-${uid}`)).stdout.split('\n')[1]).toMatch(new RegExp(`^pvc-${uid}\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+default/data\\s+standard\\s+<unset>\\s+\\d+s$`));
		const missing = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: no-claim\nspec:\n  containers:\n  - name: app\n    image: nginx\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n      claimName: nowhere\n';
		await runKubectl(dir, ['apply', '-f', '-'], missing);
		settle(2000);
		const cond = await kubectl('get', 'pod', 'no-claim', '-o', 'jsonpath={.status.conditions[0].message}');
		expect(cond.stdout).toBe('0/3 nodes are available: persistentvolumeclaim "nowhere" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..');
	});

	it('Configure Default Memory Requests and Limits for a Namespace', async () => {
		const ns = 'default-mem-example';
		expect((await kubectl('create', 'namespace', ns)).stdout).toBe(`namespace/${ns} created\n`);
		expect((await kubectl('apply', '-f', `${EX}/admin/resource/memory-defaults.yaml`, '--namespace', ns)).stdout).toBe('limitrange/mem-limit-range created\n');
		expect((await kubectl('apply', '-f', `${EX}/admin/resource/memory-defaults-pod.yaml`, '--namespace', ns)).stdout).toBe('pod/default-mem-demo created\n');
		const resources = await kubectl('get', 'pod', 'default-mem-demo', '--output=jsonpath={.spec.containers[0].resources}', '--namespace', ns);
		expect(JSON.parse(resources.stdout)).toEqual({limits: {memory: '512Mi'}, requests: {memory: '256Mi'}});
		await kubectl('apply', '-f', `${EX}/admin/resource/memory-defaults-pod-2.yaml`, '--namespace', ns);
		expect(JSON.parse((await kubectl('get', 'pod', 'default-mem-demo-2', '-o', 'jsonpath={.spec.containers[0].resources}', '-n', ns)).stdout)).toEqual({limits: {memory: '1Gi'}, requests: {memory: '1Gi'}});
		await kubectl('apply', '-f', `${EX}/admin/resource/memory-defaults-pod-3.yaml`, '--namespace', ns);
		expect(JSON.parse((await kubectl('get', 'pod', 'default-mem-demo-3', '-o', 'jsonpath={.spec.containers[0].resources}', '-n', ns)).stdout)).toEqual({limits: {memory: '512Mi'}, requests: {memory: '128Mi'}});
		const listed = await kubectl('get', 'limits', '-n', ns);
		expect(listed.stdout.split('\n')[0]).toMatch(/^NAME\s+CREATED AT$/);
		expect(listed.stdout.split('\n')[1]).toMatch(/^mem-limit-range\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect((await kubectl('describe', 'limitrange', 'mem-limit-range', '-n', ns)).stdout).toBe(
			[
				'Name:       mem-limit-range',
				'Namespace:  default-mem-example',
				'Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
				'----        --------  ---  ---  ---------------  -------------  -----------------------',
				'Container   memory    -    -    256Mi            512Mi          -',
				'',
			].join('\n'),
		);
		settle(20_000);
		expect(served.cluster.list('Pod', {namespace: ns}).map(p => p.status.phase)).toEqual(['Running', 'Running', 'Running']);
	});

	it('Configure Memory and CPU Quotas for a Namespace', async () => {
		const ns = 'quota-mem-cpu-example';
		await kubectl('create', 'namespace', ns);
		expect((await kubectl('apply', '-f', `${EX}/admin/resource/quota-mem-cpu.yaml`, '--namespace', ns)).stdout).toBe('resourcequota/mem-cpu-demo created\n');
		expect((await kubectl('apply', '-f', `${EX}/admin/resource/quota-mem-cpu-pod.yaml`, '--namespace', ns)).stdout).toBe('pod/quota-mem-cpu-demo created\n');
		settle(2000);
		const status = await kubectl('get', 'resourcequota', 'mem-cpu-demo', '--namespace', ns, '--output=jsonpath={.status}');
		expect(JSON.parse(status.stdout)).toEqual({
			hard: {'limits.cpu': '2', 'limits.memory': '2Gi', 'requests.cpu': '1', 'requests.memory': '1Gi'},
			used: {'limits.cpu': '800m', 'limits.memory': '800Mi', 'requests.cpu': '400m', 'requests.memory': '600Mi'},
		});
		const refused = await kubectl('apply', '-f', `${EX}/admin/resource/quota-mem-cpu-pod-2.yaml`, '--namespace', ns);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe(
			`Error from server (Forbidden): error when creating "${EX}/admin/resource/quota-mem-cpu-pod-2.yaml": pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi\n`,
		);
		const quota = await kubectl('get', 'quota', '-n', ns);
		expect(quota.stdout.split('\n')[0]).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
		expect(quota.stdout.split('\n')[1]).toMatch(/^mem-cpu-demo\s+\d+s\s+requests\.cpu: 400m\/1, requests\.memory: 600Mi\/1Gi\s+limits\.cpu: 800m\/2, limits\.memory: 800Mi\/2Gi$/);
		expect((await kubectl('describe', 'quota', 'mem-cpu-demo', '-n', ns)).stdout).toBe(
			[
				'Name:            mem-cpu-demo',
				'Namespace:       quota-mem-cpu-example',
				'Resource         Used   Hard',
				'--------         ----   ----',
				'limits.cpu       800m   2',
				'limits.memory    800Mi  2Gi',
				'requests.cpu     400m   1',
				'requests.memory  600Mi  1Gi',
				'',
			].join('\n'),
		);
	});

	it('refuses a pod naming a PriorityClass that does not exist', async () => {
		const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: vip\nspec:\n  priorityClassName: high-priority\n  containers:\n  - name: app\n    image: nginx\n';
		const r = await runKubectl(dir, ['apply', '-f', '-'], pod);
		expect(r.stderr).toBe('Error from server (Forbidden): error when creating "STDIN": pods "vip" is forbidden: no PriorityClass with name high-priority was found\n');
		const pc = 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high-priority\nvalue: 1000000\nglobalDefault: false\ndescription: "This priority class should be used for XYZ service pods only."\n';
		expect((await runKubectl(dir, ['apply', '-f', '-'], pc)).stdout).toBe('priorityclass.scheduling.k8s.io/high-priority created\n');
		expect((await runKubectl(dir, ['apply', '-f', '-'], pod)).stdout).toBe('pod/vip created\n');
		expect((await kubectl('get', 'pod', 'vip', '-o', 'jsonpath={.spec.priority}')).stdout).toBe('1000000');
	});
});
