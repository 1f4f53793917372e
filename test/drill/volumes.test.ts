// A volume that fills (the pvc-full drill's fault): the pods that mount it fail their probes with
// 507 until the claim grows; a bound claim grows only in a class that allows expansion, as the
// PersistentVolumeClaimResize admission plugin and the resizer do it.
import {describe, expect, it} from 'vitest';
import {createCluster, describeError} from '../../source/cluster/index.js';

const claim = (cls: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec:
  storageClassName: ${cls}
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: default}
spec:
  containers:
  - name: db
    image: nginx:1.27
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
    volumeMounts: [{name: data, mountPath: /var/lib/db}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
`;
const EXPANDABLE = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: expandable}\nprovisioner: rancher.io/local-path\nvolumeBindingMode: WaitForFirstConsumer\nallowVolumeExpansion: true\n';
const ready = (c: ReturnType<typeof createCluster>) => c.get('Pod', 'default', 'db').status.conditions?.find(x => x.type === 'Ready')?.status;

describe('a volume that fills', () => {
	it('makes its pod unready until the claim is expanded, and the resize is told in events', () => {
		const c = createCluster({seed: 2});
		c.apply(EXPANDABLE);
		c.apply(claim('expandable'));
		c.advance(20_000);
		expect(ready(c)).toBe('True');
		expect(c.fillVolume('default', 'data')).toBe(1);
		c.advance(20_000);
		expect(ready(c)).toBe('False');
		const pod = c.get('Pod', 'default', 'db');
		expect(c.list('Event', {namespace: 'default'}).filter(e => e.involvedObject.name === 'db' && e.reason === 'Unhealthy').map(e => e.message)).toEqual(['Readiness probe failed: HTTP probe failed with statuscode: 507']);
		expect(c.logs('default', 'db').at(-1)).toBe('write /var/lib/db/data: no space left on device');
		expect(pod.status.phase).toBe('Running');

		c.patch('PersistentVolumeClaim', 'default', 'data', {spec: {resources: {requests: {storage: '2Gi'}}}}, 'application/merge-patch+json');
		const pvc = c.get('PersistentVolumeClaim', 'default', 'data');
		expect(pvc.status?.capacity?.storage).toBe('2Gi');
		expect(c.get('PersistentVolume', undefined, pvc.spec!.volumeName!).spec?.capacity?.storage).toBe('2Gi');
		expect(c.list('Event', {namespace: 'default'}).filter(e => e.involvedObject.kind === 'PersistentVolumeClaim').map(e => e.reason).slice(-2)).toEqual(['Resizing', 'FileSystemResizeSuccessful']);
		c.advance(20_000);
		expect(ready(c)).toBe('True');
	});

	it('cannot be expanded in a class that does not allow it', () => {
		const c = createCluster({seed: 2});
		c.apply(claim('standard'));
		c.advance(20_000);
		expect(c.get('PersistentVolumeClaim', 'default', 'data').status?.phase).toBe('Bound');
		let message = '';
		try {
			c.patch('PersistentVolumeClaim', 'default', 'data', {spec: {resources: {requests: {storage: '2Gi'}}}}, 'application/merge-patch+json');
		} catch (e) {
			message = describeError(e);
		}
		expect(message).toBe('Error from server (Forbidden): persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
	});
});
