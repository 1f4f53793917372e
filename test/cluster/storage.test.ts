// Storage on the embedded cluster: the default StorageClass, static binding of the
// documentation's PersistentVolume tutorial, dynamic provisioning for WaitForFirstConsumer and
// Immediate classes, reclaim policies, protection finalizers, and the scheduler's volume checks.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';
import {isStatusError} from '../../source/cluster/core/errors.js';

const fixture = (path: string) => readFileSync(`test/fixtures/website/${path}`, 'utf8');

const claim = (name: string, extra = '') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
${extra}`;

const podWithClaim = (name: string, claimName: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx:1.27
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claimName}
`;

describe('storage classes', () => {
	it('the cluster starts with the default class standard, as kind installs it', () => {
		const cluster = smallCluster();
		const sc = cluster.get('StorageClass', undefined, 'standard');
		expect(sc).toMatchObject({
			apiVersion: 'storage.k8s.io/v1',
			provisioner: 'rancher.io/local-path',
			reclaimPolicy: 'Delete',
			volumeBindingMode: 'WaitForFirstConsumer',
			metadata: {annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}},
		});
		expect(cluster.list('PriorityClass').map(p => [p.metadata.name, p.value])).toEqual([
			['system-cluster-critical', 2000000000],
			['system-node-critical', 2000001000],
		]);
	});

	it('a claim without a class gets the default one and starts Pending with the protection finalizer', () => {
		const cluster = smallCluster();
		cluster.apply(claim('data'));
		const pvc = cluster.get('PersistentVolumeClaim', 'default', 'data');
		expect(pvc.spec.storageClassName).toBe('standard');
		expect(pvc.status?.phase).toBe('Pending');
		expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
		const empty = cluster.apply(claim('none', '  storageClassName: ""\n'));
		expect(empty.map(r => r.message)).toEqual(['persistentvolumeclaim/none created']);
		expect(cluster.get('PersistentVolumeClaim', 'default', 'none').spec.storageClassName).toBe('');
	});

	it('refuses changes to a class provisioner or binding mode', () => {
		const cluster = smallCluster();
		const sc = cluster.get('StorageClass', undefined, 'standard');
		try {
			cluster.update({...sc, provisioner: 'example.com/other'});
			expect.unreachable();
		} catch (e) {
			expect(isStatusError(e) && e.message).toBe('StorageClass.storage.k8s.io "standard" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.');
		}
		try {
			cluster.update({...sc, volumeBindingMode: 'Immediate'});
			expect.unreachable();
		} catch (e) {
			expect(isStatusError(e) && e.message).toBe('StorageClass.storage.k8s.io "standard" is invalid: volumeBindingMode: Invalid value: "Immediate": field is immutable');
		}
	});
});

describe('Configure a Pod to Use a PersistentVolume for Storage', () => {
	it('binds task-pv-claim to task-pv-volume, runs the pod, and releases the volume when the claim goes (Retain)', () => {
		const cluster = smallCluster();
		expect(cluster.apply(fixture('pods/storage/pv-volume.yaml')).map(r => r.message)).toEqual(['persistentvolume/task-pv-volume created']);
		cluster.advance(1000);
		const pv = cluster.get('PersistentVolume', undefined, 'task-pv-volume');
		expect(pv.status?.phase).toBe('Available');
		expect(pv.spec).toMatchObject({persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', storageClassName: 'manual'});
		expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);

		cluster.apply(fixture('pods/storage/pv-claim.yaml'));
		cluster.advance(1000);
		const pvc = cluster.get('PersistentVolumeClaim', 'default', 'task-pv-claim');
		expect(pvc.spec.volumeName).toBe('task-pv-volume');
		expect(pvc.status).toEqual({phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: {storage: '10Gi'}});
		expect(pvc.metadata.annotations).toMatchObject({'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes'});
		const bound = cluster.get('PersistentVolume', undefined, 'task-pv-volume');
		expect(bound.status?.phase).toBe('Bound');
		expect(bound.spec.claimRef).toMatchObject({kind: 'PersistentVolumeClaim', namespace: 'default', name: 'task-pv-claim', uid: pvc.metadata.uid});

		cluster.apply(fixture('pods/storage/pv-pod.yaml'));
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'task-pv-pod').status.phase === 'Running', 60_000);

		// the claim in use stays, Terminating, until its pod is gone
		cluster.delete('PersistentVolumeClaim', 'default', 'task-pv-claim');
		cluster.advance(1000);
		expect(cluster.get('PersistentVolumeClaim', 'default', 'task-pv-claim').metadata.deletionTimestamp).toBeDefined();
		cluster.delete('Pod', 'default', 'task-pv-pod');
		advanceUntil(cluster, () => !cluster.find('PersistentVolumeClaim', 'default', 'task-pv-claim'), 60_000);
		cluster.advance(1000);
		expect(cluster.get('PersistentVolume', undefined, 'task-pv-volume').status?.phase).toBe('Released');
	});

	it('takes the smallest volume that fits, with matching class, modes and selector', () => {
		const cluster = smallCluster();
		const volume = (name: string, size: string, modes: string, labels = '') => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
${labels}spec:
  storageClassName: manual
  accessModes: [${modes}]
  capacity:
    storage: ${size}
  hostPath:
    path: /mnt/${name}
`;
		cluster.apply([volume('big', '20Gi', 'ReadWriteOnce'), volume('small', '2Gi', 'ReadWriteOnce'), volume('fit', '5Gi', 'ReadWriteOnce'), volume('rox', '3Gi', 'ReadOnlyMany'), volume('fast', '4Gi', 'ReadWriteOnce', '  labels:\n    speed: fast\n')].join('---\n'));
		cluster.advance(1000);
		cluster.apply(fixture('pods/storage/pv-claim.yaml'));
		cluster.apply(claim('picky', '  storageClassName: manual\n  selector:\n    matchLabels:\n      speed: fast\n'));
		cluster.advance(1000);
		expect(cluster.get('PersistentVolumeClaim', 'default', 'task-pv-claim').spec.volumeName).toBe('fast');
		expect(cluster.get('PersistentVolumeClaim', 'default', 'picky').status?.phase).toBe('Pending');
	});
});

describe('dynamic provisioning', () => {
	it('WaitForFirstConsumer: waits, then provisions pvc-<uid> on the node the pod is scheduled to', () => {
		const cluster = smallCluster();
		cluster.apply(claim('data'));
		cluster.advance(1000);
		expect(eventsFor(cluster, {name: 'data'}).map(e => [e.type, e.reason, e.message])).toEqual([['Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding']]);
		expect(cluster.list('PersistentVolume')).toEqual([]);

		cluster.apply(podWithClaim('app', 'data'));
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'app').status.phase === 'Running', 60_000);
		const pvc = cluster.get('PersistentVolumeClaim', 'default', 'data');
		const node = cluster.get('Pod', 'default', 'app').spec.nodeName!;
		const name = `pvc-${pvc.metadata.uid}`;
		expect(pvc.metadata.annotations).toMatchObject({
			'volume.kubernetes.io/selected-node': node,
			'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
			'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
		});
		expect(pvc.spec.volumeName).toBe(name);
		expect(pvc.status?.phase).toBe('Bound');
		const pv = cluster.get('PersistentVolume', undefined, name);
		expect(pv.spec).toMatchObject({
			capacity: {storage: '1Gi'},
			persistentVolumeReclaimPolicy: 'Delete',
			storageClassName: 'standard',
			hostPath: {path: `/var/local-path-provisioner/${name}_default_data`, type: 'DirectoryOrCreate'},
			nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: [node]}]}]}},
		});
		expect(pv.status?.phase).toBe('Bound');
		const reasons = eventsFor(cluster, {name: 'data'}).map(e => [e.reason, e.message, e.source?.component?.startsWith('rancher.io/local-path_local-path-provisioner-') ? 'provisioner' : e.source?.component]);
		expect(reasons.slice(1)).toEqual([
			['ExternalProvisioning', "Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.", 'persistentvolume-controller'],
			['Provisioning', 'External provisioner is provisioning volume for claim "default/data"', 'provisioner'],
			['ProvisioningSucceeded', `Successfully provisioned volume ${name}`, 'provisioner'],
		]);

		// Delete: the volume goes with its claim
		cluster.delete('Pod', 'default', 'app');
		cluster.delete('PersistentVolumeClaim', 'default', 'data');
		advanceUntil(cluster, () => !cluster.find('PersistentVolume', undefined, name), 60_000);
		expect(cluster.find('PersistentVolumeClaim', 'default', 'data')).toBeUndefined();
	});

	it('Immediate: provisions at once; a pod on an unbound immediate claim waits with the real message', () => {
		const cluster = smallCluster();
		cluster.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: rancher.io/local-path
reclaimPolicy: Retain
volumeBindingMode: Immediate
`);
		cluster.apply(claim('now', '  storageClassName: fast\n'));
		cluster.advance(1000);
		const pvc = cluster.get('PersistentVolumeClaim', 'default', 'now');
		expect(pvc.status?.phase).toBe('Bound');
		expect(cluster.get('PersistentVolume', undefined, pvc.spec.volumeName!).spec.persistentVolumeReclaimPolicy).toBe('Retain');

		cluster.apply(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: nothing
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
`);
		cluster.apply(claim('stuck', '  storageClassName: nothing\n'));
		cluster.apply(podWithClaim('waits', 'stuck'));
		cluster.advance(2000);
		const pod = cluster.get('Pod', 'default', 'waits');
		expect(pod.spec.nodeName).toBeUndefined();
		expect(pod.status.conditions?.find(c => c.type === 'PodScheduled')?.message).toBe(
			'0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..',
		);
	});

	it('a claim naming a class that does not exist stays Pending with ProvisioningFailed', () => {
		const cluster = smallCluster();
		cluster.apply(claim('lost', '  storageClassName: gold\n'));
		cluster.advance(5000);
		expect(cluster.get('PersistentVolumeClaim', 'default', 'lost').status?.phase).toBe('Pending');
		expect(eventsFor(cluster, {name: 'lost'}).map(e => [e.type, e.reason, e.message])).toEqual([['Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "gold" not found']]);
	});

	it('a pod whose claim is missing is unschedulable, then runs once the claim appears', () => {
		const cluster = smallCluster();
		cluster.apply(podWithClaim('early', 'later'));
		cluster.advance(1000);
		expect(eventsFor(cluster, {name: 'early', reason: 'FailedScheduling'}).map(e => e.message)).toEqual([
			'0/4 nodes are available: persistentvolumeclaim "later" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..',
		]);
		cluster.apply(claim('later'));
		// the new claim sends the pod back to the scheduler at once (not after the minute's retry)
		cluster.advance(1000);
		expect(cluster.get('Pod', 'default', 'early').spec.nodeName).toBeDefined();
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'early').status.phase === 'Running', 60_000);
		expect(cluster.get('PersistentVolumeClaim', 'default', 'later').status?.phase).toBe('Bound');
	});

	it('StatefulSet claims from volumeClaimTemplates are provisioned by the default class', () => {
		const cluster = smallCluster();
		cluster.apply(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: nginx:1.27
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 2Gi
`);
		advanceUntil(cluster, () => cluster.get('StatefulSet', 'default', 'db').status?.readyReplicas === 2, 120_000);
		const claims = cluster.list('PersistentVolumeClaim', {namespace: 'default'});
		expect(claims.map(c => [c.metadata.name, c.spec.storageClassName, c.status?.phase, c.spec.volumeName === `pvc-${c.metadata.uid}`])).toEqual([
			['data-db-0', 'standard', 'Bound', true],
			['data-db-1', 'standard', 'Bound', true],
		]);
		expect(cluster.list('PersistentVolume').map(p => p.status?.phase)).toEqual(['Bound', 'Bound']);
	});
});
