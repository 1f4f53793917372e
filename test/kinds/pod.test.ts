import {describe, expect, it} from 'vitest';
import {pod, podReady, podRestarts, podStatus} from '../../source/kinds/pod/index.js';
import {NOW, ago, ctx, event, runningPod} from './fixtures.js';

function waiting(reason: string, message?: string) {
	return {waiting: {reason, message}};
}

describe('pod STATUS', () => {
	it('is the phase for a healthy pod', () => {
		expect(podStatus(runningPod())).toBe('Running');
		expect(podStatus(runningPod('p', p => {
			p.status = {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable'}]};
		}))).toBe('Pending');
	});

	it('shows CrashLoopBackOff from the waiting container', () => {
		const p = runningPod('p', p => {
			const cs = p.status.containerStatuses![0];
			cs.ready = false;
			cs.restartCount = 4;
			cs.state = waiting('CrashLoopBackOff', 'back-off 40s restarting failed container=web');
			cs.lastState = {terminated: {exitCode: 1, reason: 'Error', startedAt: ago(80), finishedAt: ago(45)}};
		});
		expect(podStatus(p)).toBe('CrashLoopBackOff');
		expect(podReady(p)).toBe('0/1');
		expect(podRestarts(p, NOW)).toBe('4 (45s ago)');
	});

	it('shows image pull errors', () => {
		const p = runningPod('p', p => {
			p.status.phase = 'Pending';
			p.status.containerStatuses![0].ready = false;
			p.status.containerStatuses![0].state = waiting('ErrImagePull', 'failed to pull image');
		});
		expect(podStatus(p)).toBe('ErrImagePull');
		p.status.containerStatuses![0].state = waiting('ImagePullBackOff');
		expect(podStatus(p)).toBe('ImagePullBackOff');
	});

	it('shows init progress and init failures', () => {
		const p = runningPod('p', p => {
			p.spec.initContainers = [{name: 'migrate', image: 'busybox'}];
			p.status.phase = 'Pending';
			p.status.conditions = [{type: 'Initialized', status: 'False'}, {type: 'PodScheduled', status: 'True'}];
			p.status.initContainerStatuses = [{name: 'migrate', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: {running: {startedAt: ago(5)}}, lastState: {}}];
			p.status.containerStatuses![0].ready = false;
			p.status.containerStatuses![0].state = waiting('PodInitializing');
		});
		expect(podStatus(p)).toBe('Init:0/1');
		expect(podReady(p)).toBe('0/1');
		p.status.initContainerStatuses![0].state = waiting('CrashLoopBackOff');
		p.status.initContainerStatuses![0].restartCount = 2;
		expect(podStatus(p)).toBe('Init:CrashLoopBackOff');
		expect(podRestarts(p, NOW)).toBe('2');
		p.status.initContainerStatuses![0].state = {terminated: {exitCode: 2, reason: ''}};
		expect(podStatus(p)).toBe('Init:ExitCode:2');
		p.status.initContainerStatuses![0].state = {terminated: {exitCode: 0, reason: 'Completed'}};
		expect(podStatus(p)).toBe('PodInitializing');
	});

	it('shows OOMKilled, Error, Signal and ExitCode from terminated containers', () => {
		const p = runningPod('p', p => {
			p.status.containerStatuses![0].ready = false;
			p.status.containerStatuses![0].state = {terminated: {exitCode: 137, reason: 'OOMKilled', startedAt: ago(100), finishedAt: ago(20)}};
		});
		expect(podStatus(p)).toBe('OOMKilled');
		p.status.containerStatuses![0].state = {terminated: {exitCode: 9, reason: '', signal: 9}};
		expect(podStatus(p)).toBe('Signal:9');
		p.status.containerStatuses![0].state = {terminated: {exitCode: 3, reason: ''}};
		expect(podStatus(p)).toBe('ExitCode:3');
	});

	it('shows Completed for a finished pod and Running/NotReady while a sidecar still runs', () => {
		const p = runningPod('job-abc', p => {
			p.status.phase = 'Succeeded';
			p.status.containerStatuses![0].ready = false;
			p.status.containerStatuses![0].state = {terminated: {exitCode: 0, reason: 'Completed', startedAt: ago(100), finishedAt: ago(90)}};
		});
		expect(podStatus(p)).toBe('Completed');
		expect(podReady(p)).toBe('0/1');

		const two = runningPod('two', p => {
			p.spec.containers.push({name: 'side', image: 'envoy'});
			p.status.containerStatuses!.push({...p.status.containerStatuses![0], name: 'side'});
			p.status.containerStatuses![0].ready = false;
			p.status.containerStatuses![0].state = {terminated: {exitCode: 0, reason: 'Completed'}};
		});
		expect(podStatus(two)).toBe('Running');
		expect(podReady(two)).toBe('1/2');
		two.status.conditions = two.status.conditions!.map(c => (c.type === 'Ready' ? {type: 'Ready', status: 'False'} : c));
		expect(podStatus(two)).toBe('NotReady');
	});

	it('shows the status reason (Evicted) over the phase', () => {
		const p = runningPod('p', p => {
			p.status = {
				phase: 'Failed',
				reason: 'Evicted',
				message: 'The node was low on resource: memory.',
				containerStatuses: [],
			};
		});
		expect(podStatus(p)).toBe('Evicted');
		expect(podReady(p)).toBe('0/1');
	});

	it('shows Terminating for a deleted pod unless it already finished', () => {
		const p = runningPod('p', p => {
			p.metadata.deletionTimestamp = ago(-20);
			p.metadata.deletionGracePeriodSeconds = 30;
		});
		expect(podStatus(p)).toBe('Terminating');
		p.status.phase = 'Succeeded';
		p.status.containerStatuses![0].state = {terminated: {exitCode: 0, reason: 'Completed'}};
		expect(podStatus(p)).toBe('Completed');
	});

	it('shows Unknown for a deleted pod on a lost node', () => {
		const p = runningPod('p', p => {
			p.metadata.deletionTimestamp = ago(10);
			p.status.reason = 'NodeLost';
		});
		expect(podStatus(p)).toBe('Unknown');
	});

	it('counts restarts of all containers and shows the latest restart', () => {
		const p = runningPod('p', p => {
			p.spec.containers.push({name: 'side', image: 'envoy'});
			p.status.containerStatuses![0].restartCount = 2;
			p.status.containerStatuses![0].lastState = {terminated: {exitCode: 1, reason: 'Error', finishedAt: ago(300)}};
			p.status.containerStatuses!.push({
				...p.status.containerStatuses![0],
				name: 'side',
				restartCount: 1,
				lastState: {terminated: {exitCode: 137, reason: 'OOMKilled', finishedAt: ago(125)}},
			});
		});
		expect(podRestarts(p, NOW)).toBe('3 (2m5s ago)');
		expect(podRestarts(runningPod(), NOW)).toBe('0');
	});
});

describe('pod row', () => {
	it('has kubectl cells including -o wide', () => {
		expect(pod.columns.map(c => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
		expect(pod.columns.filter(c => c.priority === 1).map(c => c.name)).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
		expect(pod.row(runningPod(), ctx())).toEqual(['web-6d4c8b7f9-x2x8z', '1/1', 'Running', '0', '10m', '10.244.1.7', 'node-1', '<none>', '<none>']);
	});

	it('prints <none> for an unscheduled pod and counts readiness gates', () => {
		const p = runningPod('p', p => {
			p.spec.nodeName = undefined;
			p.spec.readinessGates = [{conditionType: 'example.com/lb'}];
			p.status = {phase: 'Pending', conditions: [{type: 'example.com/lb', status: 'False'}]};
		});
		expect(pod.row(p, ctx()).slice(5)).toEqual(['<none>', '<none>', '<none>', '0/1']);
	});
});

describe('pod describe', () => {
	it('prints the whole text like kubectl', () => {
		const p = runningPod('web-6d4c8b7f9-x2x8z', p => {
			const c = p.spec.containers[0];
			c.livenessProbe = {httpGet: {path: '/healthz', port: 8080}, initialDelaySeconds: 5};
			c.env = [
				{name: 'MODE', value: 'prod'},
				{name: 'DB_HOST', valueFrom: {configMapKeyRef: {name: 'web-config', key: 'db_host'}}},
				{name: 'DB_PASSWORD', valueFrom: {secretKeyRef: {name: 'web-secret', key: 'password', optional: true}}},
				{name: 'POD_NAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
			];
			c.volumeMounts = [
				{name: 'kube-api-access-7xk2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true},
				{name: 'config', mountPath: '/etc/web'},
			];
			p.spec.volumes = [
				{name: 'config', configMap: {name: 'web-config'}},
				{name: 'kube-api-access-7xk2p', projected: {sources: [
					{serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
					{configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
					{downwardAPI: {items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}]}},
				]}},
			];
			const cs = p.status.containerStatuses![0];
			cs.restartCount = 1;
			cs.lastState = {terminated: {exitCode: 137, reason: 'OOMKilled', startedAt: ago(900), finishedAt: ago(595)}};
		});
		const events = [
			event({reason: 'Scheduled', message: 'Successfully assigned default/web-6d4c8b7f9-x2x8z to node-1', first: 600, component: 'default-scheduler'}),
			event({reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine', first: 598, count: 2, last: 590}),
			event({reason: 'Unhealthy', type: 'Warning', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', first: 580, count: 5, last: 180}),
		];
		const text = pod.describe!(p, ctx({events: () => events}));
		expect(text).toBe([
			'Name:             web-6d4c8b7f9-x2x8z',
			'Namespace:        default',
			'Priority:         0',
			'Service Account:  default',
			'Node:             node-1/10.0.0.11',
			'Start Time:       Sat, 01 Mar 2025 11:50:00 +0000',
			'Labels:           app=web',
			'                  pod-template-hash=6d4c8b7f9',
			'Annotations:      <none>',
			'Status:           Running',
			'IP:               10.244.1.7',
			'IPs:',
			'  IP:           10.244.1.7',
			'Controlled By:  ReplicaSet/web-6d4c8b7f9',
			'Containers:',
			'  web:',
			'    Container ID:   containerd://1f0e0c3a9b',
			'    Image:          nginx:1.27',
			'    Image ID:       docker.io/library/nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac',
			'    Port:           80/TCP',
			'    Host Port:      0/TCP',
			'    State:          Running',
			'      Started:      Sat, 01 Mar 2025 11:50:10 +0000',
			'    Last State:     Terminated',
			'      Reason:       OOMKilled',
			'      Exit Code:    137',
			'      Started:      Sat, 01 Mar 2025 11:45:00 +0000',
			'      Finished:     Sat, 01 Mar 2025 11:50:05 +0000',
			'    Ready:          True',
			'    Restart Count:  1',
			'    Limits:',
			'      memory:  256Mi',
			'    Requests:',
			'      cpu:      100m',
			'      memory:   128Mi',
			'    Liveness:   http-get http://:8080/healthz delay=5s timeout=1s period=10s #success=1 #failure=3',
			'    Readiness:  http-get http://:80/ delay=0s timeout=1s period=5s #success=1 #failure=3',
			'    Environment:',
			'      MODE:         prod',
			"      DB_HOST:      <set to the key 'db_host' of config map 'web-config'>  Optional: false",
			"      DB_PASSWORD:  <set to the key 'password' in secret 'web-secret'>     Optional: true",
			'      POD_NAME:     web-6d4c8b7f9-x2x8z (v1:metadata.name)',
			'    Mounts:',
			'      /etc/web from config (rw)',
			'      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)',
			'Conditions:',
			'  Type                        Status',
			'  PodReadyToStartContainers   True ',
			'  Initialized                 True ',
			'  Ready                       True ',
			'  ContainersReady             True ',
			'  PodScheduled                True ',
			'Volumes:',
			'  config:',
			'    Type:      ConfigMap (a volume populated by a ConfigMap)',
			'    Name:      web-config',
			'    Optional:  false',
			'  kube-api-access-7xk2p:',
			'    Type:                    Projected (a volume that contains injected data from multiple sources)',
			'    TokenExpirationSeconds:  3607',
			'    ConfigMapName:           kube-root-ca.crt',
			'    ConfigMapOptional:       <nil>',
			'    DownwardAPI:             true',
			'QoS Class:                   Burstable',
			'Node-Selectors:              <none>',
			'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
			'                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
			'Events:',
			'  Type     Reason     Age                    From               Message',
			'  ----     ------     ----                   ----               -------',
			'  Normal   Scheduled  10m                    default-scheduler  Successfully assigned default/web-6d4c8b7f9-x2x8z to node-1',
			'  Normal   Pulled     9m50s (x2 over 9m58s)  kubelet            Container image "nginx:1.27" already present on machine',
			'  Warning  Unhealthy  3m (x5 over 9m40s)     kubelet            Readiness probe failed: HTTP probe failed with statuscode: 503',
			'',
		].join('\n'));
	});

	it('prints Terminating with its grace period (kubectl shows <invalid> while the deadline is ahead)', () => {
		const p = runningPod('p', p => {
			p.metadata.deletionTimestamp = ago(-25);
			p.metadata.deletionGracePeriodSeconds = 30;
			p.spec.tolerations = [];
		});
		const text = pod.describe!(p, ctx({events: () => []}));
		expect(text).toContain('\nStatus:                    Terminating (lasts <invalid>)\n');
		expect(text).toContain('\nTermination Grace Period:  30s\n');
		expect(text).toMatch(/\nVolumes:\s+<none>\n/);
		expect(text).toMatch(/\nTolerations:\s+<none>\nEvents:\s+<none>\n$/);
	});

	it('leaves out Events when the context cannot list them', () => {
		expect(pod.describe!(runningPod(), ctx())).not.toContain('Events:');
	});
});
