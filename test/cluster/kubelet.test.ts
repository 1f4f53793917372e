import {describe, expect, it} from 'vitest';
import {advanceUntil, deployment, eventsFor, podsOf, smallCluster} from './helpers.js';
import type {Pod} from '../../source/cluster/types.js';

const crashing = `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "echo starting; sleep 2; echo giving up; exit 1"]
`;

describe('kubelet', () => {
	it('restarts a crashing container with back-off 10 s, 20 s, 40 s... and shows CrashLoopBackOff', () => {
		const cluster = smallCluster();
		cluster.apply(crashing, 'crasher.yaml');
		const starts: number[] = [];
		const statuses = new Set<string>();
		let lastCount = -1;
		advanceUntil(
			cluster,
			() => {
				const pod = cluster.get('Pod', 'default', 'crasher');
				const cs = pod.status?.containerStatuses?.[0];
				if (cs?.state?.waiting) statuses.add(cs.state.waiting.reason);
				if (cs?.state?.running && cs.restartCount !== lastCount) {
					lastCount = cs.restartCount;
					starts.push(Date.parse(cs.state.running.startedAt));
				}
				return starts.length >= 6;
			},
			900_000,
			100,
		);
		const gaps = starts.slice(1).map((t, i) => (t - starts[i]!) / 1000);
		// each instance runs 2 s; the waits after crashes 2.. are 10, 20, 40, 80 s
		expect(gaps).toEqual([2, 12, 22, 42, 82]);
		expect(statuses.has('CrashLoopBackOff')).toBe(true);
		const pod = cluster.get('Pod', 'default', 'crasher');
		expect(pod.status.containerStatuses?.[0].restartCount).toBe(5);
		expect(pod.status.containerStatuses?.[0].lastState.terminated).toMatchObject({exitCode: 1, reason: 'Error'});
		expect(pod.status.phase).toBe('Running');
		const backoff = eventsFor(cluster, {name: 'crasher', reason: 'BackOff'});
		expect(backoff[0]!.message).toBe(`Back-off restarting failed container app in pod crasher_default(${pod.metadata.uid})`);
		expect(backoff[0]!.type).toBe('Warning');
		expect(cluster.logs('default', 'crasher', {previous: true})).toEqual(['starting', 'giving up']);
	});

	it('caps the back-off at 300 s', () => {
		const cluster = smallCluster();
		cluster.apply(crashing.replace('sleep 2; ', ''), 'crasher.yaml');
		const bumps: number[] = [];
		let last = 0;
		const stop = cluster.watch('Pod', ev => {
			const rc = (ev.object as Pod).status?.containerStatuses?.[0]?.restartCount ?? 0;
			if (rc > last) {
				last = rc;
				bumps.push(cluster.now());
			}
		}, {fieldSelector: 'metadata.name=crasher', namespace: 'default'});
		advanceUntil(cluster, () => last >= 8, 3_600_000, 5000);
		stop();
		const gaps = bumps.slice(1).map((t, i) => Math.round((t - bumps[i]!) / 1000));
		expect(gaps).toEqual([10, 20, 40, 80, 160, 300, 300]);
	});

	it('removes a pod whose readiness probe fails from the Service endpoints, without restarting it', () => {
		const cluster = smallCluster();
		cluster.apply(
			`${deployment('web', 2, 'nginx:1.27')}          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`,
			'web.yaml',
		);
		const ready = () => cluster.get('Endpoints', 'default', 'web').subsets?.[0]?.addresses?.length ?? 0;
		advanceUntil(cluster, () => ready() === 2);
		const victim = podsOf(cluster, 'app=web')[0]!;
		cluster.setProbesFailing('default', victim.metadata.name, true);
		advanceUntil(cluster, () => ready() === 1, 60_000);
		const ep = cluster.get('Endpoints', 'default', 'web');
		expect(ep.subsets?.[0].notReadyAddresses?.map(a => a.targetRef!.name)).toEqual([victim.metadata.name]);
		const slice = cluster.list('EndpointSlice', {namespace: 'default', labelSelector: 'kubernetes.io/service-name=web'})[0]!;
		expect(slice.endpoints.find(e => e.targetRef!.name === victim.metadata.name)?.conditions?.ready).toBe(false);
		const pod = cluster.get('Pod', 'default', victim.metadata.name);
		expect(pod.status.containerStatuses?.[0].restartCount).toBe(0);
		expect(pod.status.conditions?.find(c => c.type === 'Ready')?.status).toBe('False');
		expect(eventsFor(cluster, {name: victim.metadata.name, reason: 'Unhealthy'})[0]!.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 500');
		cluster.setProbesFailing('default', victim.metadata.name, false);
		advanceUntil(cluster, () => ready() === 2, 60_000);
	});

	it('restarts a container whose liveness probe fails', () => {
		const cluster = smallCluster();
		cluster.apply(
			`${deployment('web', 1, 'nginx:1.27')}          livenessProbe:
            httpGet:
              path: /
              port: 80
`,
			'web.yaml',
		);
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 1);
		const pod = podsOf(cluster, 'app=web')[0]!;
		cluster.setProbesFailing('default', pod.metadata.name, true);
		advanceUntil(cluster, () => (cluster.get('Pod', 'default', pod.metadata.name).status.containerStatuses![0].restartCount ?? 0) >= 1, 120_000);
		const killing = eventsFor(cluster, {name: pod.metadata.name, reason: 'Killing'});
		expect(killing[0]!.message).toBe('Container web failed liveness probe, will be restarted');
		const unhealthy = eventsFor(cluster, {name: pod.metadata.name, reason: 'Unhealthy'});
		expect(unhealthy[0]!.message).toBe('Liveness probe failed: HTTP probe failed with statuscode: 500');
		expect(unhealthy[0]!.count).toBe(3);
	});

	it('reports image pulls with shared layers and the image cache', () => {
		const cluster = smallCluster({nodes: 1});
		cluster.apply(deployment('web', 1, 'nginx:1.27'), 'web.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 1);
		cluster.scale('Deployment', 'default', 'web', 2);
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'web').status?.availableReplicas === 2);
		const pulled = eventsFor(cluster, {reason: 'Pulled'}).filter(e => e.involvedObject.name!.startsWith('web-')).map(e => e.message);
		// the pull queues behind the node's earlier pulls (one at a time, like serializeImagePulls)
		expect(pulled[0]).toBe('Successfully pulled image "nginx:1.27" in 2.152s (5.454s including waiting). Image size: 70208483 bytes.');
		expect(pulled[1]).toBe('Container image "nginx:1.27" already present on machine');
		const node = cluster.get('Node', undefined, 'kubesim-worker');
		expect(node.status?.images?.some(i => i.names!.includes('docker.io/library/nginx:1.27'))).toBe(true);
	});

	it('waits with CreateContainerConfigError for a missing ConfigMap key, then starts when it appears', () => {
		const cluster = smallCluster();
		cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: cfg
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "echo mode=$MODE; sleep 3600"]
      env:
        - name: MODE
          valueFrom:
            configMapKeyRef:
              name: settings
              key: mode
`,
			'cfg.yaml',
		);
		cluster.advance(3000);
		let cs = cluster.get('Pod', 'default', 'cfg').status.containerStatuses![0];
		expect(cs.state.waiting).toEqual({reason: 'CreateContainerConfigError', message: 'configmap "settings" not found'});
		cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  other: x\n', 'cm.yaml');
		cluster.advance(1000);
		cs = cluster.get('Pod', 'default', 'cfg').status.containerStatuses![0];
		expect(cs.state.waiting?.message).toBe("couldn't find key mode in ConfigMap default/settings");
		cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  other: x\n  mode: fast\n', 'cm.yaml');
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'cfg').status.phase === 'Running', 30_000, 500);
		cluster.advance(1000);
		expect(cluster.logs('default', 'cfg')).toEqual(['mode=fast']);
	});

	it('OOM-kills a container that uses more memory than its limit', () => {
		const cluster = smallCluster();
		cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  containers:
    - name: stress
      image: polinux/stress
      command: ["stress"]
      args: ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]
      resources:
        limits:
          memory: 100Mi
`,
			'hog.yaml',
		);
		advanceUntil(cluster, () => !!cluster.get('Pod', 'default', 'hog').status?.containerStatuses?.[0]?.lastState?.terminated, 120_000, 500);
		const t = cluster.get('Pod', 'default', 'hog').status.containerStatuses![0].lastState.terminated;
		expect(t?.reason).toBe('OOMKilled');
		expect(t?.exitCode).toBe(137);
	});

	it('terminates gracefully: Terminating until the containers stop', () => {
		const cluster = smallCluster();
		cluster.apply(`apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  terminationGracePeriodSeconds: 20
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
`, 'sleeper.yaml');
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'sleeper').status.phase === 'Running');
		cluster.delete('Pod', 'default', 'sleeper');
		expect(cluster.now()).toBe(Date.UTC(2025, 0, 6, 9, 0, 3));
		expect(cluster.get('Pod', 'default', 'sleeper').metadata.deletionTimestamp).toBe('2025-01-06T09:00:23Z'); // now + the 20 s grace period
		cluster.advance(19_000);
		expect(cluster.find('Pod', 'default', 'sleeper')).toBeDefined();
		cluster.advance(2000);
		expect(cluster.find('Pod', 'default', 'sleeper')).toBeUndefined();
	});
});
