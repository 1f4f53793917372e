// The HorizontalPodAutoscaler's second served version. The cluster stores (and its controllers
// only know) autoscaling/v2; autoscaling/v1 is served by converting request bodies v1 → v2 and
// every response object v2 → v1, keeping the v2-only fields in the
// `autoscaling.alpha.kubernetes.io/*` annotations as upstream does.
import type {
	CrossVersionObjectReference,
	HorizontalPodAutoscaler,
	HorizontalPodAutoscalerSpec,
	KObject,
	MetricSpec,
	MetricStatus,
} from '../../cluster/types.js';
import type {ServedVersion} from '../types.js';
import type {Obj} from '../shared/fields.js';

/** An autoscaling/v1 HorizontalPodAutoscaler: one CPU utilization target; v2's other fields ride in annotations. */
export interface HorizontalPodAutoscalerV1 extends KObject {
	kind: 'HorizontalPodAutoscaler';
	spec: {
		scaleTargetRef?: CrossVersionObjectReference;
		minReplicas?: number;
		maxReplicas?: number;
		targetCPUUtilizationPercentage?: number;
	};
	status?: {
		observedGeneration?: number;
		lastScaleTime?: string;
		currentReplicas: number;
		desiredReplicas: number;
		currentCPUUtilizationPercentage?: number;
	};
}

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const HPA_ANNOTATIONS = [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR];

const isCpuUtilization = (m: MetricSpec | undefined): boolean =>
	m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization' && typeof m.resource.target.averageUtilization === 'number';

/** Any object of a decoded body (an array too, as the spreads below take it). */
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

function parseAnnotation(annotations: Record<string, string>, key: string): unknown {
	const text = annotations[key];
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** autoscaling/v2 → autoscaling/v1. */
export function hpaToV1(obj: HorizontalPodAutoscaler): HorizontalPodAutoscalerV1 {
	const spec: Partial<HorizontalPodAutoscalerSpec> = obj.spec ?? {};
	const status = obj.status;
	const metrics: MetricSpec[] = Array.isArray(spec.metrics) ? spec.metrics : [];
	const cpu = metrics.find(isCpuUtilization);
	const others = metrics.filter(m => m !== cpu);
	const annotations: Record<string, string> = {...(obj.metadata.annotations ?? {})};
	for (const key of HPA_ANNOTATIONS) delete annotations[key];
	if (others.length) annotations[METRICS] = JSON.stringify(others);
	if (spec.behavior) annotations[BEHAVIOR] = JSON.stringify(spec.behavior);
	const current: MetricStatus[] = Array.isArray(status?.currentMetrics) ? status.currentMetrics : [];
	const cpuCurrent = current.find(m => m?.type === 'Resource' && m.resource?.name === 'cpu' && typeof m.resource?.current?.averageUtilization === 'number');
	const otherCurrent = current.filter(m => m !== cpuCurrent);
	if (otherCurrent.length) annotations[CURRENT_METRICS] = JSON.stringify(otherCurrent);
	if (Array.isArray(status?.conditions) && status.conditions.length) annotations[CONDITIONS] = JSON.stringify(status.conditions);
	const metadata = {...obj.metadata};
	if (Object.keys(annotations).length) metadata.annotations = annotations;
	else delete metadata.annotations;
	const v1Spec: HorizontalPodAutoscalerV1['spec'] = {};
	if (spec.scaleTargetRef !== undefined) v1Spec.scaleTargetRef = spec.scaleTargetRef;
	if (spec.minReplicas !== undefined) v1Spec.minReplicas = spec.minReplicas;
	if (spec.maxReplicas !== undefined) v1Spec.maxReplicas = spec.maxReplicas;
	if (cpu) v1Spec.targetCPUUtilizationPercentage = cpu.resource?.target.averageUtilization;
	// The v2 status is replaced below, or deleted; `status: undefined` keeps the key's place.
	const out: HorizontalPodAutoscalerV1 = {...obj, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata, spec: v1Spec, status: undefined};
	if (status) {
		out.status = {
			...(status.observedGeneration !== undefined ? {observedGeneration: status.observedGeneration} : {}),
			...(status.lastScaleTime !== undefined ? {lastScaleTime: status.lastScaleTime} : {}),
			currentReplicas: status.currentReplicas ?? 0,
			desiredReplicas: status.desiredReplicas ?? 0,
			...(cpuCurrent ? {currentCPUUtilizationPercentage: cpuCurrent.resource?.current.averageUtilization} : {}),
		};
	} else {
		delete out.status;
	}
	return out;
}

/** autoscaling/v1 → autoscaling/v2 (a request body as decoded: anything may be missing or of another type). */
export function hpaFromV1(obj: unknown): unknown {
	if (!isObject(obj) || Array.isArray(obj)) return obj;
	const out: Obj = {...obj, apiVersion: 'autoscaling/v2', kind: obj.kind ?? 'HorizontalPodAutoscaler'};
	// Not validated yet: whatever metadata.annotations holds is spread as a map.
	const given = (isObject(obj.metadata) ? obj.metadata.annotations : undefined) as Record<string, string> | null | undefined;
	const annotations: Record<string, string> = {...(given ?? {})};
	const extraMetrics = parseAnnotation(annotations, METRICS);
	const behavior = parseAnnotation(annotations, BEHAVIOR);
	const currentMetrics = parseAnnotation(annotations, CURRENT_METRICS);
	const conditions = parseAnnotation(annotations, CONDITIONS);
	if (isObject(obj.metadata)) {
		const metadata: Obj = {...obj.metadata};
		for (const key of HPA_ANNOTATIONS) delete annotations[key];
		if (Object.keys(annotations).length) metadata.annotations = annotations;
		else delete metadata.annotations;
		out.metadata = metadata;
	}
	if (isObject(obj.spec)) {
		const {targetCPUUtilizationPercentage: cpu, ...rest} = obj.spec;
		const spec: Obj = {...rest};
		const metrics: unknown[] = [];
		if (typeof cpu === 'number') metrics.push({type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: cpu}}});
		if (Array.isArray(extraMetrics)) metrics.push(...extraMetrics);
		if (metrics.length) spec.metrics = metrics;
		if (behavior && typeof behavior === 'object') spec.behavior = behavior;
		out.spec = spec;
	}
	if (isObject(obj.status)) {
		const {currentCPUUtilizationPercentage: cpu, ...rest} = obj.status;
		const status: Obj = {...rest};
		const current: unknown[] = [];
		if (typeof cpu === 'number') current.push({type: 'Resource', resource: {name: 'cpu', current: {averageUtilization: cpu}}});
		if (Array.isArray(currentMetrics)) current.push(...currentMetrics);
		if (current.length) status.currentMetrics = current;
		if (Array.isArray(conditions)) status.conditions = conditions;
		out.status = status;
	}
	return out;
}

/** autoscaling/v1, served by converting to and from the stored autoscaling/v2. */
export const hpaV1: ServedVersion = {
	version: 'v1',
	apiVersion: 'autoscaling/v1',
	protobuf: 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler',
	toStored: hpaFromV1,
	fromStored: hpaToV1,
};
