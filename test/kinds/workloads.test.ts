import {describe, expect, it} from 'vitest';
import type {CronJob, DaemonSet, Deployment, Job, PodTemplateSpec, ReplicaSet, StatefulSet} from '../../source/cluster/types.js';
import {deployment, deploymentReady, deploymentReplicaSets} from '../../source/kinds/deployment/index.js';
import {replicaSet} from '../../source/kinds/replicaset/index.js';
import {daemonSet} from '../../source/kinds/daemonset/index.js';
import {statefulSet} from '../../source/kinds/statefulset/index.js';
import {job, jobStatus} from '../../source/kinds/job/index.js';
import {cronJob} from '../../source/kinds/cronjob/index.js';
import {ago, ctx, event, fakeGet, fakeList, runningPod} from './fixtures.js';

const template = {
	metadata: {labels: {app: 'web'}},
	spec: {containers: [{name: 'web', image: 'nginx:1.27', ports: [{containerPort: 80, protocol: 'TCP'}]}, {name: 'log', image: 'busybox:1.36'}]},
};

function webDeployment(): Deployment {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name: 'web',
			namespace: 'default',
			uid: 'dep-uid-1',
			generation: 2,
			creationTimestamp: ago(10),
			labels: {app: 'web'},
			annotations: {'deployment.kubernetes.io/revision': '2'},
		},
		spec: {replicas: 3, selector: {matchLabels: {app: 'web'}}, template, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}}},
		status: {
			observedGeneration: 2,
			replicas: 3,
			updatedReplicas: 3,
			readyReplicas: 3,
			availableReplicas: 3,
			conditions: [
				{type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.'},
				{type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-6d4c8b7f9" has successfully progressed.'},
			],
		},
	};
}

function rs(name: string, hash: string, replicas: number, tmpl: PodTemplateSpec, created: number): ReplicaSet {
	return {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {
			name,
			namespace: 'default',
			uid: `${name}-uid`,
			creationTimestamp: ago(created),
			labels: {app: 'web', 'pod-template-hash': hash},
			ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'dep-uid-1', controller: true}],
		},
		spec: {
			replicas,
			selector: {matchLabels: {app: 'web', 'pod-template-hash': hash}},
			template: {metadata: {labels: {...tmpl.metadata?.labels, 'pod-template-hash': hash}}, spec: tmpl.spec},
		},
		status: {replicas, readyReplicas: replicas, availableReplicas: replicas},
	};
}

describe('deployments', () => {
	it('prints `3/3 3 3 10s` and the wide cells', () => {
		expect(deployment.row(webDeployment(), ctx())).toEqual(['web', '3/3', 3, 3, '10s', 'web,log', 'nginx:1.27,busybox:1.36', 'app=web']);
		expect(deployment.columns.map(c => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
	});

	it('shows a rollout in progress', () => {
		const d = webDeployment();
		d.status = {replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2};
		expect(deployment.row(d, ctx()).slice(1, 4)).toEqual(['2/3', 1, 2]);
		expect(deploymentReady({...d, spec: {...d.spec, replicas: undefined}})).toBe('2/1');
	});

	it('finds the new and old ReplicaSets', () => {
		const old = rs('web-5f7c9', '5f7c9', 1, {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.26'}]}}, 600);
		const cur = rs('web-6d4c8b7f9', '6d4c8b7f9', 3, template, 60);
		const gone = rs('web-4a1b2', '4a1b2', 0, {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.25'}]}}, 900);
		const found = deploymentReplicaSets(webDeployment(), ctx({list: () => [old, cur, gone]}));
		expect(found.newRS?.metadata.name).toBe('web-6d4c8b7f9');
		expect(found.oldActive.map(r => r.metadata.name)).toEqual(['web-5f7c9']);
		expect(found.old.map(r => r.metadata.name)).toEqual(['web-4a1b2', 'web-5f7c9']);
	});

	it('describes like kubectl', () => {
		const cur = rs('web-6d4c8b7f9', '6d4c8b7f9', 3, template, 10);
		const text = deployment.describe!(webDeployment(), ctx({
			list: fakeList(kind => (kind === 'ReplicaSet' ? [cur] : [])),
			events: () => [event({kind: 'Deployment', name: 'web', reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-6d4c8b7f9 from 0 to 3', first: 10, component: 'deployment-controller'})],
		}));
		expect(text).toBe([
			'Name:                   web',
			'Namespace:              default',
			'CreationTimestamp:      Sat, 01 Mar 2025 11:59:50 +0000',
			'Labels:                 app=web',
			'Annotations:            deployment.kubernetes.io/revision: 2',
			'Selector:               app=web',
			'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
			'StrategyType:           RollingUpdate',
			'MinReadySeconds:        0',
			'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
			'Pod Template:',
			'  Labels:  app=web',
			'  Containers:',
			'   web:',
			'    Image:        nginx:1.27',
			'    Port:         80/TCP',
			'    Host Port:    0/TCP',
			'    Environment:  <none>',
			'    Mounts:       <none>',
			'   log:',
			'    Image:         busybox:1.36',
			'    Port:          <none>',
			'    Host Port:     <none>',
			'    Environment:   <none>',
			'    Mounts:        <none>',
			'  Volumes:         <none>',
			'  Node-Selectors:  <none>',
			'  Tolerations:     <none>',
			'Conditions:',
			'  Type           Status  Reason',
			'  ----           ------  ------',
			'  Available      True    MinimumReplicasAvailable',
			'  Progressing    True    NewReplicaSetAvailable',
			'OldReplicaSets:  <none>',
			'NewReplicaSet:   web-6d4c8b7f9 (3/3 replicas created)',
			'Events:',
			'  Type    Reason             Age   From                   Message',
			'  ----    ------             ----  ----                   -------',
			'  Normal  ScalingReplicaSet  10s   deployment-controller  Scaled up replica set web-6d4c8b7f9 from 0 to 3',
			'',
		].join('\n'));
	});

	it('prints the Recreate strategy without rolling-update parameters', () => {
		const d = webDeployment();
		d.spec.strategy = {type: 'Recreate'};
		const text = deployment.describe!(d, ctx());
		expect(text).toContain('StrategyType:       Recreate\n');
		expect(text).not.toContain('RollingUpdateStrategy');
		expect(text).not.toContain('NewReplicaSet:');
	});
});

describe('replicasets', () => {
	it('prints desired, current and ready counts', () => {
		const r = rs('web-6d4c8b7f9', '6d4c8b7f9', 3, template, 3600 * 5);
		r.status = {replicas: 3, readyReplicas: 2};
		expect(replicaSet.row(r, ctx())).toEqual(['web-6d4c8b7f9', 3, 3, 2, '5h', 'web,log', 'nginx:1.27,busybox:1.36', 'app=web,pod-template-hash=6d4c8b7f9']);
	});

	it('describes with Controlled By and pod counts', () => {
		const r = rs('web-6d4c8b7f9', '6d4c8b7f9', 2, template, 60);
		const pods = [
			runningPod('web-6d4c8b7f9-a', p => (p.metadata.ownerReferences![0]!.uid = 'web-6d4c8b7f9-uid')),
			runningPod('web-6d4c8b7f9-b', p => {
				p.metadata.ownerReferences![0]!.uid = 'web-6d4c8b7f9-uid';
				p.status.phase = 'Pending';
			}),
			runningPod('orphan'),
		];
		const text = replicaSet.describe!(r, ctx({list: () => pods, events: () => []}));
		expect(text).toContain('\nControlled By:  Deployment/web\n');
		expect(text).toContain('\nReplicas:       2 current / 2 desired\n');
		expect(text).toContain('\nPods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n');
		expect(text).toContain('\nSelector:       app=web,pod-template-hash=6d4c8b7f9\n');
	});
});

describe('daemonsets and statefulsets', () => {
	it('prints daemonset counts and node selector', () => {
		const ds: DaemonSet = {
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name: 'kube-proxy', namespace: 'kube-system', creationTimestamp: ago(3 * 86400 + 4 * 3600)},
			spec: {
				selector: {matchLabels: {'k8s-app': 'kube-proxy'}},
				template: {metadata: {labels: {'k8s-app': 'kube-proxy'}}, spec: {nodeSelector: {'kubernetes.io/os': 'linux'}, containers: [{name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0'}]}},
			},
			status: {desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2},
		};
		expect(daemonSet.row(ds, ctx())).toEqual(['kube-proxy', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '3d4h', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0', 'k8s-app=kube-proxy']);
	});

	it('prints statefulset readiness and describes the partition', () => {
		const sts: StatefulSet = {
			apiVersion: 'apps/v1',
			kind: 'StatefulSet',
			metadata: {name: 'db', namespace: 'default', creationTimestamp: ago(12 * 86400)},
			spec: {
				replicas: 3,
				serviceName: 'db',
				selector: {matchLabels: {app: 'db'}},
				template: {metadata: {labels: {app: 'db'}}, spec: {containers: [{name: 'postgres', image: 'postgres:16'}]}},
				updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 0}},
				volumeClaimTemplates: [{metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '10Gi'}}, storageClassName: 'standard'}}],
			},
			status: {replicas: 3, readyReplicas: 1},
		};
		expect(statefulSet.row(sts, ctx())).toEqual(['db', '1/3', '12d', 'postgres', 'postgres:16']);
		const text = statefulSet.describe!(sts, ctx());
		expect(text).toContain('\nReplicas:           3 desired | 3 total\n');
		expect(text).toContain('\nUpdate Strategy:    RollingUpdate\n  Partition:        0\n');
		expect(text).toContain('\nVolume Claims:\n  Name:          data\n  StorageClass:  standard\n');
		expect(text).toContain('\n  Capacity:      10Gi\n  Access Modes:  [ReadWriteOnce]\n');
	});
});

describe('jobs and cronjobs', () => {
	function pi(patch: (j: Job) => void = () => {}): Job {
		const j: Job = {
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {name: 'pi', namespace: 'default', creationTimestamp: ago(300)},
			spec: {
				completions: 1,
				parallelism: 1,
				backoffLimit: 6,
				selector: {matchLabels: {'batch.kubernetes.io/controller-uid': 'c0ffee'}},
				template: {spec: {restartPolicy: 'Never', containers: [{name: 'pi', image: 'perl:5.34'}]}},
			},
			status: {startTime: ago(290), active: 1},
		};
		patch(j);
		return j;
	}

	it('prints Running with a growing duration', () => {
		expect(job.row(pi(), ctx())).toEqual(['pi', 'Running', '0/1', '4m50s', '5m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=c0ffee']);
	});

	it('prints Complete with the run time', () => {
		const j = pi(j => {
			j.status = {startTime: ago(290), completionTime: ago(250), succeeded: 1, conditions: [{type: 'SuccessCriteriaMet', status: 'True'}, {type: 'Complete', status: 'True'}]};
		});
		expect(job.row(j, ctx()).slice(1, 4)).toEqual(['Complete', '1/1', '40s']);
	});

	it('prints Failed, Suspended and work-queue completions', () => {
		expect(jobStatus(pi(j => (j.status!.conditions = [{type: 'FailureTarget', status: 'True'}, {type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded'}])))).toBe('Failed');
		expect(jobStatus(pi(j => (j.status!.conditions = [{type: 'Suspended', status: 'True'}])))).toBe('Suspended');
		expect(jobStatus(pi(j => (j.metadata.deletionTimestamp = ago(1))))).toBe('Terminating');
		const queue = pi(j => {
			j.spec.completions = undefined;
			j.spec.parallelism = 4;
			j.status = {};
		});
		expect(job.row(queue, ctx()).slice(1, 4)).toEqual(['Running', '0/1 of 4', '']);
	});

	it('prints cronjob schedule, suspend and last schedule', () => {
		const cj: CronJob = {
			apiVersion: 'batch/v1',
			kind: 'CronJob',
			metadata: {name: 'report', namespace: 'default', creationTimestamp: ago(86400 * 2)},
			spec: {
				schedule: '*/5 * * * *',
				suspend: false,
				jobTemplate: {spec: {template: {spec: {containers: [{name: 'report', image: 'busybox:1.36'}]}}}},
			},
			status: {active: [{name: 'report-28990000'}], lastScheduleTime: ago(65)},
		};
		expect(cronJob.row(cj, ctx())).toEqual(['report', '*/5 * * * *', '<none>', 'False', 1, '65s', '2d', 'report', 'busybox:1.36', '<none>']);
		cj.spec.timeZone = 'Europe/Paris';
		cj.spec.suspend = true;
		cj.status = {};
		expect(cronJob.row(cj, ctx()).slice(2, 6)).toEqual(['Europe/Paris', 'True', 0, '<none>']);
	});
});
