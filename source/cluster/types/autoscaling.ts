// autoscaling: the HorizontalPodAutoscaler as autoscaling/v2 spells it (metrics and behavior),
// and the autoscaling/v1 Scale of the scale subresource.
import type {Condition, KObject, LabelSelector, Quantity} from './meta.js';

export interface CrossVersionObjectReference {
	apiVersion?: string;
	kind: string;
	name: string;
}

export interface MetricTarget {
	type: 'Utilization' | 'Value' | 'AverageValue';
	value?: Quantity;
	averageValue?: Quantity;
	/** A percentage of the pods' requests. */
	averageUtilization?: number;
}

export interface MetricIdentifier {
	name: string;
	selector?: LabelSelector;
}

export interface ResourceMetricSource {
	name: string;
	target: MetricTarget;
}

export interface ContainerResourceMetricSource {
	name: string;
	container: string;
	target: MetricTarget;
}

export interface PodsMetricSource {
	metric: MetricIdentifier;
	target: MetricTarget;
}

export interface ObjectMetricSource {
	describedObject: CrossVersionObjectReference;
	metric: MetricIdentifier;
	target: MetricTarget;
}

export interface ExternalMetricSource {
	metric: MetricIdentifier;
	target: MetricTarget;
}

export type MetricSourceType = 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';

export interface MetricSpec {
	type: MetricSourceType;
	resource?: ResourceMetricSource;
	containerResource?: ContainerResourceMetricSource;
	pods?: PodsMetricSource;
	object?: ObjectMetricSource;
	external?: ExternalMetricSource;
}

export interface HPAScalingPolicy {
	type: 'Pods' | 'Percent';
	value: number;
	periodSeconds: number;
}

export interface HPAScalingRules {
	stabilizationWindowSeconds?: number;
	selectPolicy?: 'Max' | 'Min' | 'Disabled';
	policies?: HPAScalingPolicy[];
	tolerance?: Quantity;
}

export interface HorizontalPodAutoscalerBehavior {
	scaleUp?: HPAScalingRules;
	scaleDown?: HPAScalingRules;
}

export interface HorizontalPodAutoscalerSpec {
	scaleTargetRef: CrossVersionObjectReference;
	minReplicas?: number;
	maxReplicas: number;
	metrics?: MetricSpec[];
	behavior?: HorizontalPodAutoscalerBehavior;
}

export interface MetricValueStatus {
	value?: Quantity;
	averageValue?: Quantity;
	averageUtilization?: number;
}

export interface MetricStatus {
	/** Empty for a metric the controller could not read (upstream reports it so). */
	type: MetricSourceType | '';
	resource?: {name: string; current: MetricValueStatus};
	containerResource?: {name: string; container: string; current: MetricValueStatus};
	pods?: {metric: MetricIdentifier; current: MetricValueStatus};
	object?: {describedObject: CrossVersionObjectReference; metric: MetricIdentifier; current: MetricValueStatus};
	external?: {metric: MetricIdentifier; current: MetricValueStatus};
}

export interface HorizontalPodAutoscalerStatus {
	observedGeneration?: number;
	lastScaleTime?: string;
	currentReplicas?: number;
	/** Always written by the controller; missing only in the {} a new object starts with. */
	desiredReplicas?: number;
	currentMetrics?: MetricStatus[];
	/** AbleToScale, ScalingActive, ScalingLimited. */
	conditions?: Condition[];
}

export interface HorizontalPodAutoscaler extends KObject {
	kind: 'HorizontalPodAutoscaler';
	spec: HorizontalPodAutoscalerSpec;
	status?: HorizontalPodAutoscalerStatus;
}

/** autoscaling/v1 Scale: what the scale subresource of a Deployment, ReplicaSet or StatefulSet reads and writes. */
export interface Scale extends KObject {
	kind: 'Scale';
	spec: {replicas?: number};
	status: {replicas: number; selector?: string};
}
