import {describe, expect, it} from 'vitest';
import type {Event, HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, MetricSpec, MetricStatus} from '../../source/cluster/types.js';
import {horizontalPodAutoscaler as hpa, hpaTargets} from '../../source/kinds/hpa/index.js';
import {event as eventKind, eventInterval, eventLastSeen} from '../../source/kinds/event.js';
import {NOW, ago, ctx, event} from './fixtures.js';

function api(metrics: MetricSpec[], currentMetrics?: MetricStatus[]): HorizontalPodAutoscaler & {status: HorizontalPodAutoscalerStatus} {
	return {
		apiVersion: 'autoscaling/v2',
		kind: 'HorizontalPodAutoscaler',
		metadata: {name: 'api', namespace: 'default', creationTimestamp: ago(3600 * 2)},
		spec: {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'api'}, minReplicas: 2, maxReplicas: 10, metrics},
		status: {currentReplicas: 3, desiredReplicas: 3, currentMetrics},
	};
}

const cpu50: MetricSpec = {type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 50}}};
const mem70: MetricSpec = {type: 'Resource', resource: {name: 'memory', target: {type: 'Utilization', averageUtilization: 70}}};
const memAvg: MetricSpec = {type: 'Resource', resource: {name: 'memory', target: {type: 'AverageValue', averageValue: '512Mi'}}};
const rps: MetricSpec = {type: 'Pods', pods: {metric: {name: 'http_requests_per_second'}, target: {type: 'AverageValue', averageValue: '100'}}};

describe('hpa TARGETS', () => {
	it('prints cpu: <unknown>/50% before metrics arrive, then the utilization', () => {
		expect(hpaTargets(api([cpu50]))).toBe('cpu: <unknown>/50%');
		expect(hpaTargets(api([cpu50], [{type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: 45, averageValue: '22m'}}}]))).toBe('cpu: 45%/50%');
	});

	it('prints several metrics, memory in the same style, and average values', () => {
		const statuses: MetricStatus[] = [
			{type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: 120, averageValue: '60m'}}},
			{type: 'Resource', resource: {name: 'memory', current: {averageUtilization: 41, averageValue: '105Mi'}}},
		];
		expect(hpaTargets(api([cpu50, mem70], statuses))).toBe('cpu: 120%/50%, memory: 41%/70%');
		expect(hpaTargets(api([memAvg], [{type: 'Resource', resource: {name: 'memory', current: {averageValue: '268435456'}}}]))).toBe('memory: 268435456/512Mi');
		expect(hpaTargets(api([cpu50, mem70, rps]))).toBe('cpu: <unknown>/50%, memory: <unknown>/70% + 1 more...');
		expect(hpaTargets(api([]))).toBe('<none>');
	});

	it('prints the row', () => {
		expect(hpa.row(api([cpu50]), ctx())).toEqual(['api', 'Deployment/api', 'cpu: <unknown>/50%', '2', 10, 3, '120m']);
	});

	it('describes metrics, replicas and conditions', () => {
		const h = api([cpu50, rps], [{type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: 45, averageValue: '22m'}}}]);
		h.status.conditions = [
			{type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size'},
			{type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'},
		];
		const text = hpa.describe!(h, ctx({events: () => [event({kind: 'HorizontalPodAutoscaler', name: 'api', reason: 'SuccessfulRescale', message: 'New size: 3; reason: cpu resource utilization (percentage of request) above target', first: 600, component: 'horizontal-pod-autoscaler'})]}));
		expect(text).toBe([
			'Name:                                                  api',
			'Namespace:                                             default',
			'Labels:                                                <none>',
			'Annotations:                                           <none>',
			'CreationTimestamp:                                     Sat, 01 Mar 2025 10:00:00 +0000',
			'Reference:                                             Deployment/api',
			'Metrics:                                               ( current / target )',
			'  resource cpu on pods  (as a percentage of request):  45% (22m) / 50%',
			'  "http_requests_per_second" on pods:                  <unknown> / 100',
			'Min replicas:                                          2',
			'Max replicas:                                          10',
			'Deployment pods:                                       3 current / 3 desired',
			'Conditions:',
			'  Type           Status  Reason            Message',
			'  ----           ------  ------            -------',
			'  AbleToScale    True    ReadyForNewScale  recommended size matches current size',
			'  ScalingActive  True    ValidMetricFound  the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
			'Events:',
			'  Type    Reason             Age   From                       Message',
			'  ----    ------             ----  ----                       -------',
			'  Normal  SuccessfulRescale  10m   horizontal-pod-autoscaler  New size: 3; reason: cpu resource utilization (percentage of request) above target',
			'',
		].join('\n'));
	});
});

describe('events', () => {
	it('prints the kubectl get events row, with the -o wide cells', () => {
		const ev = event({reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container web in pod web-6d4c8b7f9-x2x8z_default(pod-uid-1)', count: 5, first: 600, last: 180, host: 'node-1'});
		ev.involvedObject.fieldPath = 'spec.containers{web}';
		expect(eventKind.columns.map(c => `${c.name}${c.priority ? '*' : ''}`)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*']);
		expect(eventKind.row(ev, ctx())).toEqual([
			'3m',
			'Warning',
			'BackOff',
			'pod/web-6d4c8b7f9-x2x8z',
			'spec.containers{web}',
			'kubelet, node-1',
			'Back-off restarting failed container web in pod web-6d4c8b7f9-x2x8z_default(pod-uid-1)',
			'10m',
			5,
			'web-6d4c8b7f9-x2x8z.181a2b3c4d5e6f70',
		]);
	});

	it('shows repeats as `3m (x5 over 10m)` where kubectl describe does', () => {
		const ev = event({reason: 'BackOff', message: 'x', count: 5, first: 600, last: 180});
		expect(eventInterval(ev, NOW)).toBe('3m (x5 over 10m)');
		expect(eventInterval(event({reason: 'Pulled', message: 'x', first: 42}), NOW)).toBe('42s');
	});

	it('reads new-API events from eventTime and series', () => {
		const ev: Event = {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name: 'x.1', namespace: 'default'},
			involvedObject: {kind: 'Deployment', name: 'web'},
			reason: 'ScalingReplicaSet',
			message: 'Scaled up replica set web-6d4c8b7f9 from 0 to 3 ',
			type: 'Normal',
			eventTime: '2025-03-01T11:55:00.000000Z',
			reportingComponent: 'deployment-controller',
			series: {count: 3, lastObservedTime: '2025-03-01T11:59:00.000000Z'},
		};
		expect(eventLastSeen(ev, NOW)).toBe('60s');
		expect(eventInterval(ev, NOW)).toBe('60s (x3 over 5m)');
		const row = eventKind.row(ev, ctx());
		expect(row.slice(0, 4)).toEqual(['60s', 'Normal', 'ScalingReplicaSet', 'deployment/web']);
		expect(row.slice(5, 9)).toEqual(['deployment-controller', 'Scaled up replica set web-6d4c8b7f9 from 0 to 3', '5m', 3]);
	});
});
