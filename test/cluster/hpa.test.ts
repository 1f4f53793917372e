import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {findImage, parseImageRef} from '../../source/cluster/apps/index.js';
import {HPA_SYNC_MS, milliQuantity, utilizationReplicas, type HpaSample, type PodSample} from '../../source/cluster/controllers/podautoscaler/controller.js';
import type {Condition, HorizontalPodAutoscaler, Pod} from '../../source/cluster/types.js';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';

const API_IMAGE = 'hashicorp/http-echo:1.0';
/** The api container's CPU request in manifests/30-api.yaml, in millicores. */
const API_REQUEST_MILLI = 100;

function demoCluster(): Cluster {
	const dir = 'manifests';
	const manifests = readdirSync(dir)
		.filter(f => f.endsWith('.yaml'))
		.sort()
		.map(f => ({source: join(dir, f), text: readFileSync(join(dir, f), 'utf8')}));
	return createCluster({seed: 1, manifests});
}

/** Requests per second on the api Service that give `utilization` % of the CPU request per pod over `pods` ready pods. */
function rpsFor(utilization: number, pods: number): number {
	const found = findImage(parseImageRef(API_IMAGE));
	if (!('profile' in found)) throw new Error(`no profile for ${API_IMAGE}`);
	const {idleCpuMilli, cpuMilliPerRps} = found.profile;
	const perPodMilli = (utilization * API_REQUEST_MILLI) / 100;
	// a precondition of the formula (for any utilization asked), not a result of a scenario
	expect(perPodMilli).toBeGreaterThan(idleCpuMilli);
	return Math.ceil(((perPodMilli - idleCpuMilli) * pods) / cpuMilliPerRps);
}

function hpaOf(cluster: Cluster, name = 'api'): HorizontalPodAutoscaler {
	return cluster.get('HorizontalPodAutoscaler', 'default', name);
}

function condition(hpa: HorizontalPodAutoscaler, type: string): Condition | undefined {
	return hpa.status?.conditions?.find(c => c.type === type);
}

function historyOf(cluster: Cluster, name = 'api'): HpaSample[] {
	return cluster['controllers'].hpa.history('default', name);
}

/** Advances to just after the next HPA sync (syncs run at multiples of 15 s of virtual time). */
function toNextSync(cluster: Cluster): void {
	const e = cluster.elapsed();
	cluster.advance(HPA_SYNC_MS - (e % HPA_SYNC_MS));
}

function rescales(cluster: Cluster, name = 'api'): string[] {
	return eventsFor(cluster, {kind: 'HorizontalPodAutoscaler', name, reason: 'SuccessfulRescale'}).map(e => e.message!);
}

const HPA_HEAD = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: app
  minReplicas: 1
  maxReplicas: 5
`;

/** A Deployment of the api image with or without a CPU request. */
function appDeployment(replicas: number, resources = 'requests:\n              cpu: 100m\n              memory: 32Mi'): string {
	return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: ${API_IMAGE}
          args: ["-text=hello", "-listen=:5678"]
          resources:
            ${resources}
---
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  selector:
    app: app
  ports:
    - port: 5678
`;
}

describe('HorizontalPodAutoscaler', () => {
	it('reports unknown metrics first, then the CPU utilization of the api pods', () => {
		const cluster = demoCluster();
		// synced on creation, before any pod has metrics
		let hpa = hpaOf(cluster);
		expect(hpa.status?.currentReplicas).toBe(2);
		expect(hpa.status?.desiredReplicas).toBe(0);
		expect(hpa.status?.currentMetrics).toEqual([{type: ''}]); // as the real controller reports a metric it could not read
		expect(condition(hpa, 'AbleToScale')).toMatchObject({status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale"});
		expect(condition(hpa, 'ScalingActive')).toMatchObject({
			status: 'False',
			reason: 'FailedGetResourceMetric',
			message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
		});
		expect(eventsFor(cluster, {name: 'api', reason: 'FailedGetResourceMetric'})[0]).toMatchObject({
			type: 'Warning',
			message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
			source: {component: 'horizontal-pod-autoscaler'},
		});
		expect(eventsFor(cluster, {name: 'api', reason: 'FailedComputeMetricsReplicas'})[0]!.message).toBe(
			'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
		);

		// a steady, light load
		const rps = rpsFor(20, 2);
		cluster.setTraffic('default', 'api', rps);
		advanceUntil(cluster, () => condition(hpaOf(cluster), 'ScalingActive')?.status === 'True', 120_000);
		toNextSync(cluster);
		hpa = hpaOf(cluster);
		expect(condition(hpa, 'ScalingActive')).toMatchObject({
			reason: 'ValidMetricFound',
			message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
		});
		expect(hpa.status?.currentReplicas).toBe(2);
		expect(hpa.status?.desiredReplicas).toBe(2);
		expect(hpa.status?.observedGeneration).toBe(1);
		const current = hpa.status!.currentMetrics![0];
		expect(current.type).toBe('Resource');
		expect(current.resource?.name).toBe('cpu');
		// usage / request averaged over the pods, truncated to a whole percent; the same as an average value
		const pods = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=api'});
		const usage = pods.map(p => Math.ceil(cluster.usage('Pod', 'default', p.metadata.name)!.cpuMilli));
		const total = usage.reduce((a, b) => a + b, 0);
		expect(current.resource?.current.averageUtilization).toBe(Math.trunc((total * 100) / (API_REQUEST_MILLI * pods.length)));
		expect(current.resource?.current.averageValue).toBe(`${Math.trunc(total / pods.length)}m`);
		// 134 rps at 0.3m each is 20.1m a pod; the scrape's seeded jitter (within 8%) and rounding up
		// per pod make it 22% with seed 1
		expect(current.resource?.current).toEqual({averageUtilization: 22, averageValue: '22m'});
		// below target, and ceil(2 * 22 / 50) = 1 is below minReplicas 2: the desired count stays 2
		expect(condition(hpa, 'ScalingLimited')).toMatchObject({status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range'});
		expect(rescales(cluster)).toEqual([]);
		expect(historyOf(cluster).at(-1)).toMatchObject({replicas: 2, desired: 2, utilization: current.resource!.current.averageUtilization, target: 50});
	});

	it('scales up within the rate limits and never beyond maxReplicas, then waits 300 s before scaling down', () => {
		const cluster = demoCluster();
		advanceUntil(cluster, () => condition(hpaOf(cluster), 'ScalingActive')?.status === 'True', 120_000);
		toNextSync(cluster);
		// 300% of the request on each of 2 pods: the metric alone would want 12 replicas
		const start = cluster.elapsed();
		const startTime = cluster.now();
		cluster.setTraffic('default', 'api', rpsFor(300, 2));
		const seen: Array<{t: number; replicas: number}> = [];
		advanceUntil(
			cluster,
			() => {
				seen.push({t: cluster.elapsed(), replicas: cluster.get('Deployment', 'default', 'api').spec.replicas!});
				return hpaOf(cluster).status!.currentReplicas === 10;
			},
			120_000,
			1000,
		);
		// syncs every 15 s: 2 -> 6 at the first after the load, 6 -> 10 two syncs later, seen at 10 by the next
		expect(cluster.elapsed() - start).toBe(60_000);
		const changes = seen.filter((s, i) => i === 0 || s.replicas !== seen[i - 1]!.replicas).map(s => [s.t - start, s.replicas]);
		expect(changes).toEqual([
			[0, 2],
			[15_000, 6],
			[45_000, 10],
		]);
		// +4 pods or +100% per 15 s, whichever is more: 6 (not the 12 the metric asks for), then
		// 10 (not 12, the limit from 6, nor 13, the metric): maxReplicas
		expect(rescales(cluster)).toEqual([
			'New size: 6; reason: cpu resource utilization (percentage of request) above target',
			'New size: 10; reason: cpu resource utilization (percentage of request) above target',
		]);
		// the rule behind that timeline, checked at every sampled second: a bound by design
		for (let i = 1; i < seen.length; i++) {
			const before = seen.filter(s => s.t <= seen[i]!.t - 15_000).at(-1)?.replicas ?? 2;
			expect(seen[i]!.replicas).toBeLessThanOrEqual(Math.max(before + 4, before * 2));
		}
		// the syncs: at 300% of the request 2 pods want 12, limited to 6; the 4 new pods count as 0%
		// while unready (100% over 6); at 102% 6 want 13, limited to 10 by maxReplicas; 10 at 61%
		const samples = historyOf(cluster)
			.filter(s => s.time >= startTime)
			.map(s => ({at: s.time - startTime, replicas: s.replicas, desired: s.desired, recommended: s.recommended, utilization: s.utilization}));
		expect(samples).toEqual([
			{at: 0, replicas: 2, desired: 2, recommended: 1, utilization: 10},
			{at: 15_000, replicas: 2, desired: 6, recommended: 12, utilization: 300},
			{at: 30_000, replicas: 6, desired: 6, recommended: 6, utilization: 100},
			{at: 45_000, replicas: 6, desired: 10, recommended: 13, utilization: 102},
			{at: 60_000, replicas: 10, desired: 10, recommended: 10, utilization: 61},
		]);

		// at the ceiling it stays there, limited
		cluster.advance(60_000);
		let hpa = hpaOf(cluster);
		expect(cluster.get('Deployment', 'default', 'api').spec.replicas).toBe(10);
		expect(hpa.status?.currentReplicas).toBe(10);
		expect(hpa.status?.desiredReplicas).toBe(10);
		expect(hpa.status?.lastScaleTime).toBe(new Date(startTime + 45_000).toISOString().replace('.000Z', 'Z'));
		expect(condition(hpa, 'ScalingLimited')).toMatchObject({status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count'});
		expect(condition(hpa, 'AbleToScale')).toMatchObject({status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size'});
		// 2000 rps at 0.3m each over 10 pods, 60m a pod, with the scrape's seeded jitter, rounded up
		expect(hpa.status?.currentMetrics?.[0].resource?.current).toEqual({averageUtilization: 61, averageValue: '61m'});
		expect(cluster.get('Deployment', 'default', 'api').status?.readyReplicas).toBe(10);

		// the load goes away just after a sync: the recommendations drop from the next one
		toNextSync(cluster);
		const dropped = cluster.now();
		const scaledAt = hpa.status!.lastScaleTime;
		cluster.setTraffic('default', 'api', 0);
		cluster.advance(299_000);
		hpa = hpaOf(cluster);
		expect(cluster.get('Deployment', 'default', 'api').spec.replicas).toBe(10);
		expect(hpa.status!.lastScaleTime).toBe(scaledAt);
		// no traffic and an idle CPU of 0 for http-echo
		expect(hpa.status?.currentMetrics?.[0].resource?.current).toEqual({averageUtilization: 0, averageValue: '0'});
		expect(condition(hpa, 'AbleToScale')).toMatchObject({
			status: 'True',
			reason: 'ScaleDownStabilized',
			message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
		});
		expect(rescales(cluster).some(m => m.includes('below target'))).toBe(false);
		cluster.advance(1000);
		expect(cluster.get('Deployment', 'default', 'api').spec.replicas).toBe(2);
		hpa = hpaOf(cluster);
		expect(rescales(cluster).at(-1)).toBe('New size: 2; reason: All metrics below target');
		expect(hpa.status?.desiredReplicas).toBe(2);
		expect(Date.parse(hpa.status!.lastScaleTime!) - dropped).toBe(300_000);
		expect(condition(hpa, 'AbleToScale')).toMatchObject({reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 2'});
		expect(condition(hpa, 'ScalingLimited')).toMatchObject({status: 'True', reason: 'TooFewReplicas'});
		// in the history: the last high recommendation is 300 s before the scale-down
		const h = historyOf(cluster);
		const lastHigh = h.filter(s => (s.recommended ?? 0) >= 10).at(-1)!;
		const down = h.find(s => s.time > lastHigh.time && s.desired < s.replicas)!;
		expect(down.time - lastHigh.time).toBe(300_000);
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=api'}).length === 2, 120_000);
	});

	it('does nothing within the 10% tolerance', () => {
		const cluster = demoCluster();
		advanceUntil(cluster, () => condition(hpaOf(cluster), 'ScalingActive')?.status === 'True', 120_000);
		cluster.setTraffic('default', 'api', rpsFor(50, 2));
		cluster.advance(180_000);
		expect(rescales(cluster)).toEqual([]);
		// the scrape's seeded jitter moves the load around 50% by a point or two, inside the
		// tolerance of 10% (45-55%): no change
		const h = historyOf(cluster).slice(-6);
		expect(h.map(s => [s.utilization, s.recommended, s.desired])).toEqual([
			[51, 2, 2],
			[50, 2, 2],
			[49, 2, 2],
			[50, 2, 2],
			[49, 2, 2],
			[48, 2, 2],
		]);
	});

	it('reports a missing target with FailedGetScale and recovers when it appears', () => {
		const cluster = smallCluster();
		cluster.apply(HPA_HEAD, 'hpa.yaml');
		const hpa = hpaOf(cluster, 'app');
		// the status still carries desiredReplicas (0: nothing was ever desired), as upstream sends it
		expect(hpa.status?.desiredReplicas).toBe(0);
		expect(condition(hpa, 'AbleToScale')).toMatchObject({
			status: 'False',
			reason: 'FailedGetScale',
			message: `the HPA controller was unable to get the target's current scale: deployments/scale.apps "app" not found`,
		});
		const ev = eventsFor(cluster, {name: 'app', reason: 'FailedGetScale'});
		expect(ev).toHaveLength(1);
		expect(ev[0]).toMatchObject({type: 'Warning', message: 'deployments/scale.apps "app" not found', source: {component: 'horizontal-pod-autoscaler'}});
		cluster.advance(45_000);
		expect(eventsFor(cluster, {name: 'app', reason: 'FailedGetScale'})[0]!.count).toBe(4);

		cluster.apply(appDeployment(1), 'app.yaml');
		toNextSync(cluster);
		expect(condition(hpaOf(cluster, 'app'), 'AbleToScale')?.status).toBe('True');
		expect(hpaOf(cluster, 'app').status?.currentReplicas).toBe(1);
	});

	it('scales a target below minReplicas up to it at once', () => {
		const cluster = smallCluster();
		cluster.apply(appDeployment(1), 'app.yaml');
		cluster.apply(HPA_HEAD.replace('minReplicas: 1', 'minReplicas: 3'), 'hpa.yaml');
		expect(cluster.get('Deployment', 'default', 'app').spec.replicas).toBe(3);
		expect(rescales(cluster, 'app')).toEqual(['New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
		expect(hpaOf(cluster, 'app').status).toMatchObject({currentReplicas: 1, desiredReplicas: 3});
	});

	it('needs a CPU request on every container', () => {
		const cluster = smallCluster();
		cluster.apply(appDeployment(2, 'requests:\n              memory: 32Mi'), 'app.yaml');
		cluster.apply(HPA_HEAD.replace('maxReplicas: 5', 'maxReplicas: 5\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 60\n'), 'hpa.yaml');
		cluster.advance(60_000);
		const hpa = hpaOf(cluster, 'app');
		const pod = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=app'}).map(p => p.metadata.name).sort()[0];
		expect(condition(hpa, 'ScalingActive')).toMatchObject({
			status: 'False',
			reason: 'FailedGetResourceMetric',
			message: `the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod ${pod}`,
		});
		expect(eventsFor(cluster, {name: 'app', reason: 'FailedGetResourceMetric'}).map(e => e.message)).toContain(`failed to get cpu utilization: missing request for cpu in container app of Pod ${pod}`);
		expect(cluster.get('Deployment', 'default', 'app').spec.replicas).toBe(2);
	});

	it('reports custom metrics as unavailable', () => {
		const cluster = smallCluster();
		cluster.apply(appDeployment(1), 'app.yaml');
		cluster.apply(
			HPA_HEAD + '  metrics:\n    - type: Pods\n      pods:\n        metric:\n          name: http_requests\n        target:\n          type: AverageValue\n          averageValue: "10"\n',
			'hpa.yaml',
		);
		cluster.advance(30_000);
		const hpa = hpaOf(cluster, 'app');
		const err = 'unable to get metric http_requests: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';
		expect(condition(hpa, 'ScalingActive')).toMatchObject({status: 'False', reason: 'FailedGetPodsMetric', message: `the HPA was unable to compute the replica count: ${err}`});
		expect(eventsFor(cluster, {name: 'app', reason: 'FailedGetPodsMetric'})[0]!.message).toBe(err);
		expect(eventsFor(cluster, {name: 'app', reason: 'FailedComputeMetricsReplicas'})[0]!.message).toBe(`invalid metrics (1 invalid out of 1), first error is: failed to get pods metric value: ${err}`);
		expect(hpa.status?.currentMetrics).toEqual([{type: ''}]);
	});

	it('follows spec.behavior: one pod per minute up, never down', () => {
		const cluster = smallCluster();
		cluster.apply(appDeployment(1), 'app.yaml');
		cluster.apply(
			HPA_HEAD +
				`  behavior:
    scaleUp:
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
    scaleDown:
      selectPolicy: Disabled
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 50
`,
			'hpa.yaml',
		);
		advanceUntil(cluster, () => condition(hpaOf(cluster, 'app'), 'ScalingActive')?.status === 'True', 120_000);
		cluster.setTraffic('default', 'app', rpsFor(400, 1));
		const ups: number[] = [];
		let last = 1;
		for (let i = 0; i < 3 * 60; i++) {
			cluster.advance(1000);
			const r = cluster.get('Deployment', 'default', 'app').spec.replicas;
			if (r !== last) {
				expect(r).toBe(last + 1);
				ups.push(cluster.elapsed());
				last = r!;
			}
		}
		// the first sync after the load, then one pod per periodSeconds (60 s), up to 4 by the end of the 3 minutes
		expect(ups).toEqual([45_000, 105_000, 165_000]);
		expect(condition(hpaOf(cluster, 'app'), 'ScalingLimited')).toMatchObject({
			status: 'True',
			reason: 'ScaleUpLimit',
			message: 'the desired replica count is increasing faster than the maximum scale rate',
		});
		cluster.setTraffic('default', 'app', 0);
		const before = cluster.get('Deployment', 'default', 'app').spec.replicas;
		cluster.advance(600_000);
		expect(cluster.get('Deployment', 'default', 'app').spec.replicas).toBe(before);
		expect(rescales(cluster, 'app')).toEqual([2, 3, 4].map(n => `New size: ${n}; reason: cpu resource utilization (percentage of request) above target`));
	});

	it('takes the largest proposal of several metrics and reports each', () => {
		const cluster = demoCluster();
		cluster.apply(
			`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: memory
        target:
          type: AverageValue
          averageValue: 1Gi
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 50
`,
			'hpa.yaml',
		);
		advanceUntil(cluster, () => condition(hpaOf(cluster), 'ScalingActive')?.status === 'True', 120_000);
		cluster.setTraffic('default', 'api', rpsFor(150, 2));
		advanceUntil(cluster, () => rescales(cluster).length > 0, 60_000);
		expect(rescales(cluster)[0]).toBe('New size: 6; reason: cpu resource utilization (percentage of request) above target');
		const hpa = hpaOf(cluster);
		expect(condition(hpa, 'ScalingActive')?.message).toBe('the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
		const [memory, cpu] = hpa.status!.currentMetrics!;
		expect(cpu.resource?.name).toBe('cpu');
		// 1000 rps over 2 pods is 150m each; with the scrape's seeded jitter 160% (7 pods wanted, limited to 6)
		expect(cpu.resource?.current).toEqual({averageUtilization: 160, averageValue: '160m'});
		const pods = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=api'}).filter(p => cluster.usage('Pod', 'default', p.metadata.name));
		const bytes = pods.map(p => Math.round(cluster.usage('Pod', 'default', p.metadata.name)!.memoryBytes) * 1000);
		expect(memory).toEqual({type: 'Resource', resource: {name: 'memory', current: {averageValue: milliQuantity(Math.trunc(bytes.reduce((a, b) => a + b, 0) / bytes.length))}}});
	});

	it('prints average values as canonical quantities', () => {
		expect(milliQuantity(22)).toBe('22m');
		expect(milliQuantity(1000)).toBe('1');
		expect(milliQuantity(1500)).toBe('1500m');
		expect(milliQuantity(33_554_432_000)).toBe('33554432');
		expect(milliQuantity(32_000_000_000)).toBe('32M');
		expect(milliQuantity(0)).toBe('0');
	});
});

describe('the replica calculator', () => {
	const NOW = Date.UTC(2025, 0, 6, 10, 0, 0);
	const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

	function pod(name: string, o: {phase?: string; ready?: boolean; startedAgo?: number; readyAgo?: number; deleting?: boolean; request?: string | null} = {}): Pod {
		const request = o.request === undefined ? '100m' : o.request;
		return {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name, namespace: 'default', ...(o.deleting ? {deletionTimestamp: iso(NOW - 1000)} : {})},
			spec: {containers: [{name: 'app', image: API_IMAGE, resources: request === null ? {} : {requests: {cpu: request}}}]},
			status: {
				phase: (o.phase ?? 'Running') as Pod['status']['phase'],
				startTime: iso(NOW - (o.startedAgo ?? 600_000)),
				conditions: [{type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: iso(NOW - (o.readyAgo ?? 590_000))}],
			},
		} as Pod;
	}

	function samples(values: Record<string, number>): Map<string, PodSample> {
		return new Map(Object.entries(values).map(([k, v]) => [k, {value: v, timestamp: NOW}]));
	}

	it('scales by the usage ratio, rounding up', () => {
		expect(utilizationReplicas(samples({a: 90, b: 90, c: 90}), [pod('a'), pod('b'), pod('c')], 'cpu', undefined, 3, 50, NOW)).toEqual({replicas: 6, utilization: 90, raw: 90});
		expect(utilizationReplicas(samples({a: 10, b: 10}), [pod('a'), pod('b')], 'cpu', undefined, 2, 50, NOW)).toMatchObject({replicas: 1, utilization: 10});
	});

	it('keeps the count within the tolerance', () => {
		expect(utilizationReplicas(samples({a: 54, b: 55}), [pod('a'), pod('b')], 'cpu', undefined, 2, 50, NOW)).toMatchObject({replicas: 2, utilization: 54});
		expect(utilizationReplicas(samples({a: 45, b: 46}), [pod('a'), pod('b')], 'cpu', undefined, 2, 50, NOW)).toMatchObject({replicas: 2});
	});

	it('counts pods without metrics as 100% on scale-down and 0% on scale-up', () => {
		// 10% measured; the third pod at 100% makes it 40%: ceil(0.8 * 3) = 3, no change
		expect(utilizationReplicas(samples({a: 10, b: 10}), [pod('a'), pod('b'), pod('c')], 'cpu', undefined, 3, 50, NOW)).toMatchObject({replicas: 3, utilization: 10});
		// 200% measured; the second pod at 0% makes it 100%: ceil(2 * 2) = 4
		expect(utilizationReplicas(samples({a: 200}), [pod('a'), pod('b')], 'cpu', undefined, 2, 50, NOW)).toMatchObject({replicas: 4, utilization: 200});
	});

	it('counts unready pods as 0% on scale-up, and keeps the count when that flips the direction', () => {
		const pods = [pod('a'), pod('b'), pod('c', {phase: 'Pending'}), pod('d', {ready: false, startedAgo: 20_000, readyAgo: 20_000})];
		expect(utilizationReplicas(samples({a: 100, b: 100, d: 100}), pods, 'cpu', undefined, 4, 50, NOW)).toMatchObject({replicas: 4, utilization: 100});
		expect(utilizationReplicas(samples({a: 200, b: 200, d: 100}), pods, 'cpu', undefined, 4, 50, NOW)).toMatchObject({replicas: 8, utilization: 200});
		// on scale-down the unready pods are simply left out
		expect(utilizationReplicas(samples({a: 10, b: 10, d: 100}), pods, 'cpu', undefined, 4, 50, NOW)).toMatchObject({replicas: 1});
	});

	it('ignores a sample taken before a new pod had been ready for a metric window', () => {
		const fresh = pod('b', {startedAgo: 60_000, readyAgo: 5_000});
		expect(utilizationReplicas(samples({a: 100, b: 500}), [pod('a'), fresh], 'cpu', undefined, 2, 50, NOW)).toMatchObject({utilization: 100});
		const settled = pod('b', {startedAgo: 60_000, readyAgo: 30_000});
		expect(utilizationReplicas(samples({a: 100, b: 500}), [pod('a'), settled], 'cpu', undefined, 2, 50, NOW)).toMatchObject({utilization: 300});
	});

	it('ignores terminating and failed pods', () => {
		const pods = [pod('a'), pod('b', {deleting: true}), pod('c', {phase: 'Failed'})];
		expect(utilizationReplicas(samples({a: 100, b: 900, c: 900}), pods, 'cpu', undefined, 1, 50, NOW)).toEqual({replicas: 2, utilization: 100, raw: 100});
	});

	it('explains why it cannot compute', () => {
		expect(utilizationReplicas(samples({a: 10}), [pod('a'), pod('b', {request: null})], 'cpu', undefined, 2, 50, NOW)).toBe('missing request for cpu in container app of Pod b');
		expect(utilizationReplicas(samples({}), [pod('a', {phase: 'Pending'})], 'cpu', undefined, 1, 50, NOW)).toBe('did not receive metrics for targeted pods (pods might be unready)');
		expect(utilizationReplicas(samples({}), [], 'cpu', undefined, 1, 50, NOW)).toBe('no pods returned by selector while calculating replica count');
	});
});
