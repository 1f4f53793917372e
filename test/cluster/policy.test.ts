// Resource policies on the embedded cluster: LimitRange defaults and limits, ResourceQuota
// admission and status, PriorityClass admission, and preemption by a higher-priority pod.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';
import {isStatusError} from '../../source/cluster/core/errors.js';
import type {Cluster} from '../../source/cluster/index.js';
import type {KObject} from '../../source/cluster/types.js';
import {parse} from 'yaml';

const fixture = (path: string) => readFileSync(`test/fixtures/website/${path}`, 'utf8');

/** What the API server answers to creating the object a manifest holds (in `namespace`). */
function create(cluster: Cluster, text: string, _source?: undefined, namespace = 'default'): void {
	const obj = parse(text) as KObject;
	cluster.create({...obj, metadata: {...obj.metadata, namespace}});
}

function refusal(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		if (isStatusError(e)) return `${e.code} ${e.message}`;
		if (e instanceof Error) return e.message;
		throw e;
	}
	return 'accepted';
}

function namespace(cluster: Cluster, name: string): void {
	cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`);
}

const resourcesOf = (cluster: Cluster, ns: string, name: string) => cluster.get('Pod', ns, name).spec.containers.map(c => c.resources);

describe('Configure Default Memory Requests and Limits for a Namespace', () => {
	it('fills the LimitRange defaults; a limit alone also sets the request; a request alone gets the default limit', () => {
		const cluster = smallCluster();
		namespace(cluster, 'default-mem-example');
		const ns = 'default-mem-example';
		expect(cluster.apply(fixture('admin/resource/memory-defaults.yaml'), undefined, ns).map(r => r.message)).toEqual(['limitrange/mem-limit-range created']);
		const lr = cluster.get('LimitRange', ns, 'mem-limit-range');
		expect(lr.spec.limits).toEqual([{type: 'Container', default: {memory: '512Mi'}, defaultRequest: {memory: '256Mi'}}]);

		cluster.apply(fixture('admin/resource/memory-defaults-pod.yaml'), undefined, ns);
		expect(resourcesOf(cluster, ns, 'default-mem-demo')).toEqual([{limits: {memory: '512Mi'}, requests: {memory: '256Mi'}}]);
		expect(cluster.get('Pod', ns, 'default-mem-demo').metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
			'LimitRanger plugin set: memory request for container default-mem-demo-ctr; memory limit for container default-mem-demo-ctr',
		);

		cluster.apply(fixture('admin/resource/memory-defaults-pod-2.yaml'), undefined, ns);
		expect(resourcesOf(cluster, ns, 'default-mem-demo-2')).toEqual([{limits: {memory: '1Gi'}, requests: {memory: '1Gi'}}]);

		cluster.apply(fixture('admin/resource/memory-defaults-pod-3.yaml'), undefined, ns);
		expect(resourcesOf(cluster, ns, 'default-mem-demo-3')).toEqual([{limits: {memory: '512Mi'}, requests: {memory: '128Mi'}}]);
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: ns}).every(p => p.status.phase === 'Running'), 60_000);
		expect(cluster.get('Pod', ns, 'default-mem-demo').status.qosClass).toBe('Burstable');
	});

	it('defaults a LimitRange item from max and refuses pods outside min and max with the real texts', () => {
		const cluster = smallCluster();
		cluster.apply(`apiVersion: v1
kind: LimitRange
metadata:
  name: mem-min-max-demo-lr
spec:
  limits:
  - max:
      memory: 1Gi
    min:
      memory: 500Mi
    type: Container
`);
		expect(cluster.get('LimitRange', 'default', 'mem-min-max-demo-lr').spec.limits[0]).toEqual({type: 'Container', max: {memory: '1Gi'}, min: {memory: '500Mi'}, default: {memory: '1Gi'}, defaultRequest: {memory: '1Gi'}});
		const pod = (name: string, resources: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: ctr
    image: nginx
    resources:
${resources}`;
		expect(refusal(() => create(cluster, pod('constraints-mem-demo-2', '      limits:\n        memory: "1.5Gi"\n      requests:\n        memory: "800Mi"\n')))).toBe(
			'403 pods "constraints-mem-demo-2" is forbidden: maximum memory usage per Container is 1Gi, but limit is 1536Mi',
		);
		expect(refusal(() => create(cluster, pod('constraints-mem-demo-3', '      limits:\n        memory: "800Mi"\n      requests:\n        memory: "100Mi"\n')))).toBe(
			'403 pods "constraints-mem-demo-3" is forbidden: minimum memory usage per Container is 500Mi, but request is 100Mi',
		);
		expect(cluster.find('Pod', 'default', 'constraints-mem-demo-2')).toBeUndefined();
		cluster.apply(`apiVersion: v1
kind: LimitRange
metadata:
  name: cpu
spec:
  limits:
  - max:
      cpu: "1"
    maxLimitRequestRatio:
      cpu: "2"
    type: Container
`);
		expect(refusal(() => create(cluster, pod('two', '      limits:\n        cpu: "2"\n        memory: 1Gi\n      requests:\n        cpu: 500m\n        memory: 600Mi\n')))).toBe(
			'403 pods "two" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000]',
		);
	});

	it('refuses a LimitRange whose default request is above its default limit', () => {
		const cluster = smallCluster();
		expect(
			refusal(() =>
				create(cluster, `apiVersion: v1
kind: LimitRange
metadata:
  name: bad
spec:
  limits:
  - default:
      cpu: 500m
    defaultRequest:
      cpu: "1"
    type: Container
`),
			),
		).toBe('422 LimitRange "bad" is invalid: spec.limits[0].defaultRequest[cpu]: Invalid value: "1": default request value 1 is greater than default limit value 500m');
	});
});

describe('Configure Memory and CPU Quotas for a Namespace', () => {
	it('counts the first pod, refuses the second with the real message, and keeps status.used', () => {
		const cluster = smallCluster();
		const ns = 'quota-mem-cpu-example';
		namespace(cluster, ns);
		expect(cluster.apply(fixture('admin/resource/quota-mem-cpu.yaml'), undefined, ns).map(r => r.message)).toEqual(['resourcequota/mem-cpu-demo created']);
		cluster.advance(1000);
		expect(cluster.get('ResourceQuota', ns, 'mem-cpu-demo').status).toEqual({
			hard: {'limits.cpu': '2', 'limits.memory': '2Gi', 'requests.cpu': '1', 'requests.memory': '1Gi'},
			used: {'limits.cpu': '0', 'limits.memory': '0', 'requests.cpu': '0', 'requests.memory': '0'},
		});
		cluster.apply(fixture('admin/resource/quota-mem-cpu-pod.yaml'), undefined, ns);
		cluster.advance(1000);
		expect(cluster.get('ResourceQuota', ns, 'mem-cpu-demo').status?.used).toEqual({'limits.cpu': '800m', 'limits.memory': '800Mi', 'requests.cpu': '400m', 'requests.memory': '600Mi'});
		expect(refusal(() => create(cluster, fixture('admin/resource/quota-mem-cpu-pod-2.yaml'), undefined, ns))).toBe(
			'403 pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
		);
		expect(
			refusal(() => create(cluster, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n  - name: web\n    image: nginx\n`, undefined, ns)),
		).toBe('403 pods "bare" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: web; limits.memory for: web; requests.cpu for: web; requests.memory for: web');
		cluster.delete('Pod', ns, 'quota-mem-cpu-demo', {gracePeriodSeconds: 0});
		advanceUntil(cluster, () => cluster.get('ResourceQuota', ns, 'mem-cpu-demo').status?.used?.['requests.memory'] === '0', 60_000);
	});

	it('object counts: a Deployment whose pods exceed the pod quota reports FailedCreate', () => {
		const cluster = smallCluster();
		cluster.apply(`apiVersion: v1
kind: ResourceQuota
metadata:
  name: pod-demo
spec:
  hard:
    pods: "2"
    configmaps: "1"
    count/deployments.apps: "1"
`);
		cluster.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: pod-quota-demo
spec:
  selector:
    matchLabels: {purpose: quota-demo}
  replicas: 3
  template:
    metadata:
      labels: {purpose: quota-demo}
    spec:
      containers:
      - name: pod-quota-demo
        image: nginx
`);
		cluster.advance(5000);
		expect(cluster.list('Pod', {namespace: 'default', labelSelector: 'purpose=quota-demo'})).toHaveLength(2);
		const failed = eventsFor(cluster, {kind: 'ReplicaSet', reason: 'FailedCreate'});
		expect(failed[0]?.message).toMatch(/^Error creating: pods "pod-quota-demo-[a-z0-9]+-" is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2$/);
		expect(cluster.get('ResourceQuota', 'default', 'pod-demo').status?.used).toEqual({configmaps: '0', 'count/deployments.apps': '1', pods: '2'});
		cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n');
		cluster.advance(100);
		expect(cluster.get('ResourceQuota', 'default', 'pod-demo').status?.used?.configmaps).toBe('1');
		expect(refusal(() => create(cluster, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n'))).toBe(
			'403 configmaps "two" is forbidden: exceeded quota: pod-demo, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
		);
	});
});

describe('Limit Storage Consumption and Configure Quotas for API Objects', () => {
	it('a PersistentVolumeClaim LimitRange refuses claims below min and above max', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('admin/resource/storagelimits.yaml'));
		expect(refusal(() => create(cluster, fixture('admin/resource/pvc-limit-lower.yaml')))).toBe(
			'403 persistentvolumeclaims "pvc-limit-lower" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
		);
		expect(refusal(() => create(cluster, fixture('admin/resource/pvc-limit-greater.yaml')))).toBe(
			'403 persistentvolumeclaims "pvc-limit-greater" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
		);
		expect(cluster.list('PersistentVolumeClaim', {namespace: 'default'})).toEqual([]);
	});

	it('counts claims and services against object quotas', () => {
		const cluster = smallCluster();
		const ns = 'quota-object-example';
		namespace(cluster, ns);
		cluster.apply(fixture('admin/resource/quota-objects.yaml'), undefined, ns);
		expect(cluster.apply(fixture('admin/resource/quota-objects-pvc.yaml'), undefined, ns).map(r => r.message)).toEqual(['persistentvolumeclaim/pvc-quota-demo created']);
		expect(refusal(() => create(cluster, fixture('admin/resource/quota-objects-pvc-2.yaml'), undefined, ns))).toBe(
			'403 persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: object-quota-demo, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=1, limited: persistentvolumeclaims=1',
		);
		expect(
			refusal(() => create(cluster, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: np\nspec:\n  type: NodePort\n  selector: {app: x}\n  ports:\n  - port: 80\n', undefined, ns)),
		).toBe('403 services "np" is forbidden: exceeded quota: object-quota-demo, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0');
		// what admission allocated for a refused Service goes back: the same node port is free later
		const fixedPort = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: fixed\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n';
		expect(refusal(() => create(cluster, fixedPort, undefined, ns))).toMatch(/^403 services "fixed" is forbidden: exceeded quota/);
		expect(refusal(() => create(cluster, fixedPort, undefined, 'default'))).toBe('accepted');
		cluster.advance(1000);
		expect(cluster.get('ResourceQuota', ns, 'object-quota-demo').status?.used).toEqual({persistentvolumeclaims: '1', 'services.loadbalancers': '0', 'services.nodeports': '0'});
	});
});

describe('PriorityClass admission', () => {
	it('sets priority from the class, the global default, or refuses a class that does not exist', () => {
		const cluster = smallCluster();
		cluster.apply(`apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high-priority
value: 1000000
globalDefault: false
description: "This priority class should be used for XYZ service pods only."
`);
		const pod = (name: string, cls?: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${cls ? `  priorityClassName: ${cls}\n` : ''}  containers:\n  - name: c\n    image: nginx\n`;
		cluster.apply(pod('important', 'high-priority'));
		expect(cluster.get('Pod', 'default', 'important').spec).toMatchObject({priority: 1000000, priorityClassName: 'high-priority', preemptionPolicy: 'PreemptLowerPriority'});
		expect(refusal(() => create(cluster, pod('lost', 'nope')))).toBe('403 pods "lost" is forbidden: no PriorityClass with name nope was found');
		cluster.apply(pod('plain'));
		expect(cluster.get('Pod', 'default', 'plain').spec.priority).toBe(0);
		cluster.apply(`apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: everyone\nvalue: 10\nglobalDefault: true\npreemptionPolicy: Never\n`);
		expect(refusal(() => create(cluster, `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: another\nvalue: 5\nglobalDefault: true\n`))).toBe(
			'403 priorityclasses.scheduling.k8s.io "another" is forbidden: PriorityClass everyone is already marked as default. Only one default can exist',
		);
		cluster.apply(pod('defaulted'));
		expect(cluster.get('Pod', 'default', 'defaulted').spec).toMatchObject({priority: 10, priorityClassName: 'everyone', preemptionPolicy: 'Never'});
		expect(cluster.get('Pod', 'kube-system', 'kube-apiserver-kubesim-control-plane').spec.priority).toBe(2000001000);
		expect(refusal(() => create(cluster, `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: system-mine\nvalue: 5\n`))).toBe(
			"422 PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: priority class system-mine is not known",
		);
	});
});

describe('preemption', () => {
	it('evicts the fewest lower-priority pods of one node for a higher-priority pod, and nominates the node', () => {
		const cluster = smallCluster({nodes: 1, addons: false});
		const worker = cluster.get('Node', undefined, 'kubesim-worker');
		const cpu = worker.status?.allocatable?.cpu;
		expect(cpu).toBe('4');
		cluster.apply(`apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000\n`);
		cluster.apply(`apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: low\nvalue: 10\n`);
		const pod = (name: string, cls: string, millis: number) =>
			`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  priorityClassName: ${cls}\n  nodeSelector:\n    kubernetes.io/hostname: kubesim-worker\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: ${millis}m\n`;
		cluster.apply(pod('small', 'low', 1000));
		cluster.apply(pod('large', 'low', 2500));
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: 'default'}).every(p => p.status.phase === 'Running'), 60_000);
		cluster.apply(pod('vip', 'high', 2000));
		cluster.advance(100);
		const vip = cluster.get('Pod', 'default', 'vip');
		expect(vip.status.nominatedNodeName).toBe('kubesim-worker');
		expect(eventsFor(cluster, {name: 'large', reason: 'Preempted'}).map(e => [e.type, e.message, e.source?.component])).toEqual([
			['Normal', `Preempted by pod ${vip.metadata.uid} on node kubesim-worker`, 'default-scheduler'],
		]);
		expect(eventsFor(cluster, {name: 'small', reason: 'Preempted'})).toEqual([]);
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'vip').spec.nodeName === 'kubesim-worker', 120_000);
		expect(cluster.find('Pod', 'default', 'large')).toBeUndefined();
		expect(cluster.get('Pod', 'default', 'small').spec.nodeName).toBe('kubesim-worker');
	});

	it('a pod with preemptionPolicy Never says so', () => {
		const cluster = smallCluster({nodes: 1, addons: false});
		cluster.apply(`apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: polite\nvalue: 1000\npreemptionPolicy: Never\n`);
		cluster.apply(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  priorityClassName: polite\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: "64"\n`);
		cluster.advance(1000);
		expect(cluster.get('Pod', 'default', 'huge').status.conditions?.find(c => c.type === 'PodScheduled')?.message).toBe(
			'0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: not eligible due to preemptionPolicy=Never..',
		);
	});
});
