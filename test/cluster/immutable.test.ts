// Immutable fields, as the API server refuses their changes on update: StatefulSet spec beyond
// what may change, Job selector, template and completions, a Service's cluster IP, the data of
// immutable ConfigMaps and Secrets (and a Secret's type), a PersistentVolumeClaim's spec.
import {describe, expect, it} from 'vitest';
import {isStatusError, type Cluster, type KObject} from '../../source/cluster/index.js';
import {smallCluster} from './helpers.js';

/** The message of the error an update answers, or undefined when it goes through. */
function updateError(cluster: Cluster, obj: KObject): string | undefined {
	try {
		cluster.update(obj);
		return undefined;
	} catch (e) {
		if (!isStatusError(e)) throw e;
		expect(e.code).toBe(422);
		return e.message;
	}
}

const changed = <T extends KObject>(obj: T, change: (o: any) => void): T => {
	const out = structuredClone(obj);
	// controllers write status meanwhile: an update without a resourceVersion does not conflict
	delete out.metadata.resourceVersion;
	change(out);
	return out;
};

const template = (app: string) => ({metadata: {labels: {app}}, spec: {containers: [{name: 'main', image: 'nginx:1.27'}]}});

describe('immutable fields', () => {
	it('StatefulSet: only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, the claim retention policy and minReadySeconds change', () => {
		const cluster = smallCluster();
		const sts = cluster.create({
			apiVersion: 'apps/v1',
			kind: 'StatefulSet',
			metadata: {name: 'db', namespace: 'default'},
			spec: {serviceName: 'db', replicas: 1, selector: {matchLabels: {app: 'db'}}, template: template('db')},
		});
		expect(updateError(cluster, changed(sts, o => (o.spec.serviceName = 'other')))).toBe(
			`StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
		);
		expect(updateError(cluster, changed(sts, o => ((o.spec.replicas = 3), (o.spec.minReadySeconds = 5), (o.spec.template.spec.containers[0].image = 'nginx:1.28'))))).toBeUndefined();
	});

	it('Job: selector, template and completions are fixed; an Indexed Job scales completions with parallelism', () => {
		const cluster = smallCluster();
		const job = cluster.create({
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {name: 'pi', namespace: 'default'},
			spec: {completions: 2, parallelism: 2, completionMode: 'Indexed', template: {spec: {restartPolicy: 'Never', containers: [{name: 'pi', image: 'perl:5.34'}]}}},
		});
		expect(updateError(cluster, changed(job, o => (o.spec.template.spec.containers[0].image = 'perl:5.36')))).toMatch(/^Job\.batch "pi" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
		expect(updateError(cluster, changed(job, o => (o.spec.completions = 3)))).toBe('Job.batch "pi" is invalid: spec.completions: Invalid value: 3: field is immutable');
		expect(updateError(cluster, changed(job, o => (o.spec.selector = {matchLabels: {a: 'b'}})))).toContain(
			'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
		);
		expect(updateError(cluster, changed(job, o => ((o.spec.completions = 4), (o.spec.parallelism = 4))))).toBeUndefined();
		// leaving the generated selector out keeps it
		expect(updateError(cluster, changed(cluster.get('Job', 'default', 'pi'), o => (delete o.spec.selector, (o.spec.backoffLimit = 2))))).toBeUndefined();
	});

	it('Service: the cluster IP may not change once set', () => {
		const cluster = smallCluster();
		const svc: any = cluster.create({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'default'}, spec: {selector: {app: 'web'}, ports: [{port: 80}]}});
		const ip = svc.spec.clusterIP;
		const other = ip === '10.96.200.200' ? '10.96.200.201' : '10.96.200.200';
		expect(updateError(cluster, changed(svc, o => ((o.spec.clusterIP = other), (o.spec.clusterIPs = [other]))))).toBe(
			`Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${other}"}: may not change once set`,
		);
		expect(updateError(cluster, changed(svc, o => (delete o.spec.clusterIP, delete o.spec.clusterIPs, (o.spec.ports[0].port = 8080))))).toBeUndefined();
		expect(cluster.get('Service', 'default', 'web').spec.clusterIP).toBe(ip);
	});

	it('ConfigMap and Secret: immutable data stays, and a Secret keeps its type', () => {
		const cluster = smallCluster();
		const cm = cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'default'}, data: {a: '1'}, immutable: true});
		expect(updateError(cluster, changed(cm, o => (o.data.a = '2')))).toBe('ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set');
		expect(updateError(cluster, changed(cm, o => (o.immutable = false)))).toBe('ConfigMap "c" is invalid: immutable: Forbidden: field is immutable when `immutable` is set');
		expect(updateError(cluster, changed(cm, o => (o.metadata.labels = {x: 'y'})))).toBeUndefined();
		const secret = cluster.create({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'default'}, stringData: {password: 'x'}, immutable: true});
		expect(updateError(cluster, changed(secret, o => (o.stringData = {password: 'y'})))).toBe('Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set');
		const open = cluster.create({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'o', namespace: 'default'}, data: {}});
		expect(updateError(cluster, changed(open, o => (o.type = 'example.com/custom')))).toBe('Secret "o" is invalid: type: Invalid value: "example.com/custom": field is immutable');
	});

	it('PersistentVolumeClaim: the spec is fixed, but a bound claim may grow its request', () => {
		const cluster = smallCluster();
		// a bound claim grows only in a class that allows expansion (PersistentVolumeClaimResize)
		cluster.create({apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: {name: 'manual'}, provisioner: 'kubernetes.io/no-provisioner', allowVolumeExpansion: true});
		const pvc = cluster.create({
			apiVersion: 'v1',
			kind: 'PersistentVolumeClaim',
			metadata: {name: 'data', namespace: 'default'},
			spec: {accessModes: ['ReadWriteOnce'], storageClassName: 'manual', resources: {requests: {storage: '1Gi'}}},
		});
		const message = 'PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
		expect(updateError(cluster, changed(pvc, o => (o.spec.accessModes = ['ReadWriteMany'])))).toBe(message);
		// bound by the volume controller to a volume of its class
		cluster.create({
			apiVersion: 'v1',
			kind: 'PersistentVolume',
			metadata: {name: 'pv1'},
			spec: {capacity: {storage: '1Gi'}, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: {path: '/mnt/data'}},
		});
		cluster.advance(5_000);
		const bound = cluster.get('PersistentVolumeClaim', 'default', 'data');
		expect(bound.status?.phase).toBe('Bound');
		expect(updateError(cluster, changed(bound, o => (o.spec.accessModes = ['ReadWriteMany'])))).toBe(message);
		expect(updateError(cluster, changed(bound, o => (o.spec.resources.requests.storage = '2Gi')))).toBeUndefined();
		expect(updateError(cluster, changed(cluster.get('PersistentVolumeClaim', 'default', 'data'), o => (o.spec.resources.requests.storage = '1Gi')))).toBe(
			'PersistentVolumeClaim "data" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
		);
	});
});
