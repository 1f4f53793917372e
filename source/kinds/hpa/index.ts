// HorizontalPodAutoscaler: autoscaling/v2 horizontalpodautoscalers.
import type {
	CrossVersionObjectReference,
	HorizontalPodAutoscaler,
	HorizontalPodAutoscalerSpec,
	HorizontalPodAutoscalerStatus,
	HPAScalingRules,
	MetricSpec,
	MetricStatus,
	Quantity,
} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, rfc1123z} from '../format.js';
import {writeEvents} from '../describe.js';
import {canonicalQuantity} from '../resources.js';
import {hpaApi} from './api.js';
import {hpaV1} from './conversion.js';
import {hpaView} from './view.js';

const q = (v: Quantity | undefined): string => (v === undefined ? '0' : canonicalQuantity(v));

function metricCell(spec: MetricSpec, status: MetricStatus | undefined): string {
	switch (spec.type) {
		case 'External': {
			const t = spec.external!.target;
			if (t.averageValue !== undefined) {
				const cur = status?.external?.current?.averageValue;
				return `${cur !== undefined ? q(cur) : '<unknown>'}/${q(t.averageValue)} (avg)`;
			}
			return `${status?.external ? q(status.external.current?.value) : '<unknown>'}/${q(t.value)}`;
		}
		case 'Pods':
			return `${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods!.target.averageValue)}`;
		case 'Object': {
			const t = spec.object!.target;
			if (t.averageValue !== undefined) {
				const cur = status?.object?.current?.averageValue;
				return `${cur !== undefined ? q(cur) : '<unknown>'}/${q(t.averageValue)} (avg)`;
			}
			return `${status?.object ? q(status.object.current?.value) : '<unknown>'}/${q(t.value)}`;
		}
		case 'Resource':
		case 'ContainerResource': {
			const src = spec.type === 'Resource' ? spec.resource! : spec.containerResource!;
			const cur = spec.type === 'Resource' ? status?.resource : status?.containerResource;
			if (src.target.averageValue !== undefined) {
				return `${src.name}: ${cur ? q(cur.current?.averageValue) : '<unknown>'}/${q(src.target.averageValue)}`;
			}
			const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : '<unknown>';
			const target = src.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
			return `${src.name}: ${current}/${target}`;
		}
		default:
			return '<unknown type>';
	}
}

/**
 * The TARGETS column: `cpu: 45%/50%`, `cpu: <unknown>/50%` before metrics, several metrics joined
 * by `, ` (two at most, then `+ N more...`), `<none>` without metrics.
 */
export function hpaTargets(hpa: HorizontalPodAutoscaler): string {
	const specs: MetricSpec[] = hpa.spec?.metrics ?? [];
	if (!specs.length) return '<none>';
	const statuses: MetricStatus[] = hpa.status?.currentMetrics ?? [];
	const list = specs.map((spec, i) => metricCell(spec, statuses[i]));
	const max = 2;
	if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
	return list.join(', ');
}

/** The REFERENCE column: `Deployment/api`. */
export function hpaReference(hpa: HorizontalPodAutoscaler): string {
	const ref: Partial<CrossVersionObjectReference> = hpa.spec?.scaleTargetRef ?? {};
	return `${ref.kind ?? ''}/${ref.name ?? ''}`;
}

function describeMetric(w: DescribeWriter, spec: MetricSpec, status: MetricStatus | undefined): void {
	switch (spec.type) {
		case 'External': {
			const t = spec.external!.target;
			const name = JSON.stringify(spec.external!.metric.name);
			if (t.averageValue !== undefined) {
				const cur = status?.external?.current?.averageValue;
				w.write(1, `${name} (target average value):\t${cur !== undefined ? q(cur) : '<unknown>'} / ${q(t.averageValue)}\n`);
			} else {
				w.write(1, `${name} (target value):\t${status?.external ? q(status.external.current?.value) : '<unknown>'} / ${q(t.value)}\n`);
			}
			return;
		}
		case 'Pods':
			w.write(1, `${JSON.stringify(spec.pods!.metric.name)} on pods:\t${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'} / ${q(spec.pods!.target.averageValue)}\n`);
			return;
		case 'Object': {
			const o = spec.object!;
			w.write(1, `"${o.metric.name}" on ${o.describedObject.kind}/${o.describedObject.name} `);
			if (o.target.type === 'AverageValue') {
				w.write(0, `(target average value):\t${status?.object ? q(status.object.current?.averageValue) : '<unknown>'} / ${q(o.target.averageValue)}\n`);
			} else {
				w.write(0, `(target value):\t${status?.object ? q(status.object.current?.value) : '<unknown>'} / ${q(o.target.value)}\n`);
			}
			return;
		}
		case 'Resource':
		case 'ContainerResource': {
			const src = spec.type === 'Resource' ? spec.resource! : spec.containerResource!;
			const cur = spec.type === 'Resource' ? status?.resource : status?.containerResource;
			if (spec.type === 'Resource') w.write(1, `resource ${src.name} on pods`);
			else w.write(1, `resource ${src.name} of container "${spec.containerResource!.container}" on pods`);
			if (src.target.averageValue !== undefined) {
				w.write(0, `:\t${cur ? q(cur.current?.averageValue) : '<unknown>'} / ${q(src.target.averageValue)}\n`);
			} else {
				const current = cur?.current?.averageUtilization !== undefined
					? `${cur.current.averageUtilization}% (${q(cur.current.averageValue)})`
					: '<unknown>';
				const target = src.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
				w.write(1, `(as a percentage of request):\t${current} / ${target}\n`);
			}
			return;
		}
		default:
			w.write(1, `<unknown metric type ${JSON.stringify(spec.type)}>\n`);
	}
}

function describeBehavior(w: DescribeWriter, title: string, rules: HPAScalingRules | undefined): void {
	if (!rules) return;
	w.write(1, `${title}:\n`);
	if (rules.stabilizationWindowSeconds !== undefined) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
	const policies = rules.policies ?? [];
	if (policies.length) {
		w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
		w.write(2, 'Policies:\n');
		for (const p of policies) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
	}
}

function describeHPA(hpa: HorizontalPodAutoscaler, ctx: RenderContext): string {
	const spec: Partial<HorizontalPodAutoscalerSpec> = hpa.spec ?? {};
	const status: HorizontalPodAutoscalerStatus = hpa.status ?? {};
	const w = new DescribeWriter();
	w.item(0, 'Name', hpa.metadata.name);
	w.item(0, 'Namespace', hpa.metadata.namespace ?? '');
	w.labels('Labels', hpa.metadata.labels);
	w.annotations('Annotations', hpa.metadata.annotations);
	w.item(0, 'CreationTimestamp', rfc1123z(hpa.metadata.creationTimestamp));
	w.item(0, 'Reference', hpaReference(hpa));
	w.item(0, 'Metrics', '( current / target )');
	const statuses: MetricStatus[] = status.currentMetrics ?? [];
	(spec.metrics ?? []).forEach((m, i) => describeMetric(w, m, statuses[i]));
	w.item(0, 'Min replicas', spec.minReplicas ?? 1);
	w.item(0, 'Max replicas', spec.maxReplicas ?? 0);
	if (spec.behavior) {
		w.write(0, 'Behavior:\n');
		describeBehavior(w, 'Scale Up', spec.behavior.scaleUp);
		describeBehavior(w, 'Scale Down', spec.behavior.scaleDown);
	}
	w.item(0, `${spec.scaleTargetRef?.kind ?? ''} pods`, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired`);
	const conditions = status.conditions ?? [];
	if (conditions.length) {
		w.write(0, 'Conditions:\n');
		w.table(1, ['Type', 'Status', 'Reason', 'Message'], conditions.map(c => [c.type ?? '', c.status ?? '', c.reason ?? '', c.message ?? '']));
	}
	writeEvents(w, hpa, ctx);
	return w.toString();
}

export const horizontalPodAutoscaler: KindInfo = {
	kind: 'HorizontalPodAutoscaler',
	group: 'autoscaling',
	version: 'v2',
	apiVersion: 'autoscaling/v2',
	plural: 'horizontalpodautoscalers',
	singular: 'horizontalpodautoscaler',
	namespaced: true,
	shortNames: ['hpa'],
	categories: ['all'],
	subresources: ['status'],
	api: hpaApi,
	protobuf: 'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler',
	versions: [hpaV1],
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Reference', type: 'string', priority: 0, keep: 1, description: 'scaleTargetRef points to the target resource to scale.'},
		{name: 'Targets', type: 'string', priority: 0, description: 'metrics contains the specifications for which to use to calculate the desired replica count.'},
		{name: 'MinPods', type: 'string', priority: 0, keep: 1, description: 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'},
		{name: 'MaxPods', type: 'string', priority: 0, keep: 1, description: 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'},
		{name: 'Replicas', type: 'string', priority: 0, description: 'currentReplicas is current number of replicas of pods managed by this autoscaler.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: HorizontalPodAutoscaler, ctx) => [
		obj.metadata.name,
		hpaReference(obj),
		hpaTargets(obj),
		String(obj.spec?.minReplicas ?? 1),
		obj.spec?.maxReplicas ?? 0,
		obj.status?.currentReplicas ?? 0,
		age(obj.metadata.creationTimestamp, ctx.now),
	],
	describe: describeHPA,
	capabilities: {},
	view: hpaView,
};
