import {describe, it, expect} from 'vitest';
import type {DaemonSetSpec, KindMap, KindName, KObject, ServiceSpec} from '../../source/cluster/types.js';
import {applyDefaults, defaultPullPolicy} from '../../source/cluster/api/defaults.js';

/** A defaulted copy, typed as its kind. */
function defaulted<K extends KindName>(obj: Record<string, unknown> & {kind: K}): KindMap[K] {
	const copy = structuredClone<Record<string, unknown>>(obj) as KObject;
	applyDefaults(copy);
	return copy as KindMap[K];
}

const template = (spec: Record<string, unknown> = {}) => ({metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.27'}], ...spec}});

describe('applyDefaults', () => {
	it('defaults a pod and its containers', () => {
		const pod = defaulted({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'web'},
			spec: {
				containers: [
					{
						name: 'web',
						image: 'nginx',
						ports: [{containerPort: 80}],
						resources: {limits: {cpu: '500m', memory: '128Mi'}},
						livenessProbe: {httpGet: {port: 80}},
						readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 5},
					},
				],
				initContainers: [{name: 'init', image: 'busybox:1.36'}],
				volumes: [{name: 'scratch'}, {name: 'cfg', configMap: {name: 'cfg'}}],
			},
		});
		const spec = pod.spec;
		expect(spec.restartPolicy).toBe('Always');
		expect(spec.terminationGracePeriodSeconds).toBe(30);
		expect(spec.dnsPolicy).toBe('ClusterFirst');
		expect(spec.schedulerName).toBe('default-scheduler');
		expect(spec.securityContext).toEqual({});
		expect(spec.serviceAccountName).toBe('default');
		expect(spec.serviceAccount).toBe('default');
		expect(spec.enableServiceLinks).toBe(true);
		expect(spec.priority).toBe(0);
		const c = spec.containers[0];
		expect(c.imagePullPolicy).toBe('Always');
		expect(c.terminationMessagePath).toBe('/dev/termination-log');
		expect(c.terminationMessagePolicy).toBe('File');
		expect(c.ports?.[0].protocol).toBe('TCP');
		expect(c.resources?.requests).toEqual({cpu: '500m', memory: '128Mi'});
		expect(c.livenessProbe).toEqual({
			httpGet: {port: 80, path: '/', scheme: 'HTTP'},
			timeoutSeconds: 1,
			periodSeconds: 10,
			successThreshold: 1,
			failureThreshold: 3,
		});
		expect(c.readinessProbe?.periodSeconds).toBe(5);
		expect(spec.initContainers?.[0].imagePullPolicy).toBe('IfNotPresent');
		expect(spec.volumes?.[0]).toEqual({name: 'scratch', emptyDir: {}});
		expect((spec.volumes?.[1].configMap as {defaultMode?: number} | undefined)?.defaultMode).toBe(420);
		expect(spec.tolerations).toEqual([
			{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
			{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
		]);
	});

	it('keeps what the user set', () => {
		const pod = defaulted({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'web'},
			spec: {
				restartPolicy: 'Never',
				terminationGracePeriodSeconds: 5,
				serviceAccountName: 'builder',
				containers: [{name: 'web', image: 'nginx', imagePullPolicy: 'Never', resources: {requests: {cpu: '100m'}, limits: {cpu: '1'}}}],
				tolerations: [{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'}],
			},
		});
		expect(pod.spec.restartPolicy).toBe('Never');
		expect(pod.spec.terminationGracePeriodSeconds).toBe(5);
		expect(pod.spec.serviceAccountName).toBe('builder');
		expect(pod.spec.containers[0].imagePullPolicy).toBe('Never');
		expect(pod.spec.containers[0].resources?.requests?.cpu).toBe('100m');
		expect(pod.spec.tolerations).toEqual([
			{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'},
			{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
		]);
	});

	it('picks the pull policy from the image tag', () => {
		expect(defaultPullPolicy('nginx')).toBe('Always');
		expect(defaultPullPolicy('nginx:latest')).toBe('Always');
		expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
		expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
		expect(defaultPullPolicy('localhost:5000/app:v2')).toBe('IfNotPresent');
		expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
	});

	it('defaults a deployment and its template, without pod-only fields', () => {
		const d = defaulted({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {selector: {matchLabels: {app: 'web'}}, template: template()}});
		expect(d.spec.replicas).toBe(1);
		expect(d.spec.strategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}});
		expect(d.spec.revisionHistoryLimit).toBe(10);
		expect(d.spec.progressDeadlineSeconds).toBe(600);
		const ps = d.spec.template.spec;
		expect(ps.restartPolicy).toBe('Always');
		expect(ps.dnsPolicy).toBe('ClusterFirst');
		expect(ps.containers[0].imagePullPolicy).toBe('IfNotPresent');
		expect(ps.serviceAccountName).toBeUndefined();
		expect(ps.tolerations).toBeUndefined();
		const recreate = defaulted({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {strategy: {type: 'Recreate'}, template: template()}});
		expect(recreate.spec.strategy).toEqual({type: 'Recreate'});
		const partial = defaulted({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {replicas: 0, strategy: {rollingUpdate: {maxSurge: 1}}}});
		expect(partial.spec.replicas).toBe(0);
		expect(partial.spec.strategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: '25%'}});
	});

	it('defaults replica sets, stateful sets and daemon sets', () => {
		const rs = defaulted({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'r'}, spec: {template: template()}});
		expect(rs.spec.replicas).toBe(1);
		expect(rs.spec.template.spec.restartPolicy).toBe('Always');
		const sts = defaulted({
			apiVersion: 'apps/v1',
			kind: 'StatefulSet',
			metadata: {name: 'db'},
			spec: {template: template(), volumeClaimTemplates: [{metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce']}}]},
		});
		expect(sts.spec.replicas).toBe(1);
		expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
		expect(sts.spec.updateStrategy).toEqual({type: 'RollingUpdate', rollingUpdate: {partition: 0}});
		expect(sts.spec.revisionHistoryLimit).toBe(10);
		expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({whenDeleted: 'Retain', whenScaled: 'Retain'});
		expect(sts.spec.volumeClaimTemplates?.[0].spec?.volumeMode).toBe('Filesystem');
		const ds = defaulted({apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent'}, spec: {template: template()}});
		expect(ds.spec.updateStrategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1, maxSurge: 0}});
		expect(ds.spec.revisionHistoryLimit).toBe(10);
		expect((ds.spec as DaemonSetSpec & {replicas?: number}).replicas).toBeUndefined();
		const onDelete = defaulted({apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent'}, spec: {updateStrategy: {type: 'OnDelete'}}});
		expect(onDelete.spec.updateStrategy).toEqual({type: 'OnDelete'});
	});

	it('defaults jobs and cron jobs, leaving restartPolicy to the user', () => {
		const job = defaulted({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'pi'}, spec: {template: template()}});
		expect(job.spec.completions).toBe(1);
		expect(job.spec.parallelism).toBe(1);
		expect(job.spec.backoffLimit).toBe(6);
		expect(job.spec.completionMode).toBe('NonIndexed');
		expect(job.spec.suspend).toBe(false);
		expect(job.spec.template.spec.restartPolicy).toBeUndefined();
		expect(job.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
		const parallel = defaulted({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'work'}, spec: {parallelism: 3, template: template()}});
		expect(parallel.spec.completions).toBeUndefined();
		expect(parallel.spec.parallelism).toBe(3);
		const cj = defaulted({apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'tick'}, spec: {schedule: '@hourly', jobTemplate: {spec: {template: template()}}}});
		expect(cj.spec.concurrencyPolicy).toBe('Allow');
		expect(cj.spec.suspend).toBe(false);
		expect(cj.spec.successfulJobsHistoryLimit).toBe(3);
		expect(cj.spec.failedJobsHistoryLimit).toBe(1);
		expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBeUndefined();
		expect(cj.spec.jobTemplate.spec.template.spec.schedulerName).toBe('default-scheduler');
	});

	it('defaults services', () => {
		const svc = defaulted({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {selector: {app: 'web'}, ports: [{port: 80}, {port: 443, targetPort: 'https'}]}});
		expect(svc.spec).toEqual({
			selector: {app: 'web'},
			ports: [
				{port: 80, protocol: 'TCP', targetPort: 80},
				{port: 443, targetPort: 'https', protocol: 'TCP'},
			],
			type: 'ClusterIP',
			sessionAffinity: 'None',
			internalTrafficPolicy: 'Cluster',
			ipFamilies: ['IPv4'],
			ipFamilyPolicy: 'SingleStack',
		});
		const np = defaulted({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {type: 'NodePort', ports: [{port: 80}]}});
		expect(np.spec.externalTrafficPolicy).toBe('Cluster');
		const lb = defaulted({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {type: 'LoadBalancer', ports: [{port: 80}]}});
		expect(lb.spec.externalTrafficPolicy).toBe('Cluster');
		expect((lb.spec as ServiceSpec & {allocateLoadBalancerNodePorts?: boolean}).allocateLoadBalancerNodePorts).toBe(true);
		const ext = defaulted({apiVersion: 'v1', kind: 'Service', metadata: {name: 'db'}, spec: {type: 'ExternalName', externalName: 'db.example.com'}});
		expect(ext.spec).toEqual({type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None'});
	});

	it('defaults autoscalers', () => {
		const hpa = defaulted({
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: {name: 'web'},
			spec: {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'web'}, maxReplicas: 5},
		});
		expect(hpa.spec.minReplicas).toBe(1);
		expect(hpa.spec.metrics).toEqual([{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}}]);
		expect(hpa.spec.behavior).toBeUndefined();
		const withBehavior = defaulted({
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: {name: 'web'},
			spec: {minReplicas: 2, maxReplicas: 5, metrics: [{type: 'Pods', pods: {metric: {name: 'qps'}, target: {type: 'AverageValue', averageValue: '10'}}}], behavior: {scaleDown: {stabilizationWindowSeconds: 60}}},
		});
		expect(withBehavior.spec.minReplicas).toBe(2);
		expect(withBehavior.spec.metrics?.[0].type).toBe('Pods');
		expect(withBehavior.spec.behavior).toEqual({
			scaleDown: {stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{type: 'Percent', value: 100, periodSeconds: 15}]},
			scaleUp: {
				stabilizationWindowSeconds: 0,
				selectPolicy: 'Max',
				policies: [
					{type: 'Pods', value: 4, periodSeconds: 15},
					{type: 'Percent', value: 100, periodSeconds: 15},
				],
			},
		});
	});

	it('defaults secrets, namespaces and claims', () => {
		expect(defaulted({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}}).type).toBe('Opaque');
		expect(defaulted({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, type: 'kubernetes.io/tls'}).type).toBe('kubernetes.io/tls');
		expect(defaulted({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod'}}).spec).toEqual({finalizers: ['kubernetes']});
		expect(defaulted({apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce']}}).spec.volumeMode).toBe('Filesystem');
	});

	it('leaves malformed fields for validation to report', () => {
		const bad = defaulted({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {strategy: 'fast', template: {spec: {containers: 'web'}}}});
		expect(bad.spec.strategy).toBe('fast');
		expect(bad.spec.template.spec.containers).toBe('web');
		expect(() => defaulted({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: 7})).not.toThrow();
	});
});
