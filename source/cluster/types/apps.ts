// apps/v1: Deployments, ReplicaSets, DaemonSets and StatefulSets.
// The counters of a status are optional even where the API always sends them: the API server
// stores a new object's status as {}, and the controller fills it in with its first pass.
import type {Condition, IntOrString, KObject, LabelSelector} from './meta.js';
import type {PersistentVolumeClaimTemplate, PodTemplateSpec} from './core.js';

export interface RollingUpdateDeployment {
	/** Default 25%, rounded down. */
	maxUnavailable?: IntOrString;
	/** Default 25%, rounded up. */
	maxSurge?: IntOrString;
}

export interface DeploymentStrategy {
	type?: 'Recreate' | 'RollingUpdate';
	rollingUpdate?: RollingUpdateDeployment;
}

export interface DeploymentSpec {
	replicas?: number;
	selector: LabelSelector;
	template: PodTemplateSpec;
	strategy?: DeploymentStrategy;
	minReadySeconds?: number;
	revisionHistoryLimit?: number;
	paused?: boolean;
	progressDeadlineSeconds?: number;
}

export interface DeploymentStatus {
	observedGeneration?: number;
	replicas?: number;
	updatedReplicas?: number;
	readyReplicas?: number;
	availableReplicas?: number;
	unavailableReplicas?: number;
	terminatingReplicas?: number;
	/** Available and Progressing. */
	conditions?: Condition[];
	collisionCount?: number;
}

export interface Deployment extends KObject {
	kind: 'Deployment';
	spec: DeploymentSpec;
	status?: DeploymentStatus;
}

export interface ReplicaSetSpec {
	replicas?: number;
	minReadySeconds?: number;
	selector: LabelSelector;
	template: PodTemplateSpec;
}

export interface ReplicaSetStatus {
	replicas?: number;
	fullyLabeledReplicas?: number;
	readyReplicas?: number;
	availableReplicas?: number;
	terminatingReplicas?: number;
	observedGeneration?: number;
	conditions?: Condition[];
}

export interface ReplicaSet extends KObject {
	kind: 'ReplicaSet';
	spec: ReplicaSetSpec;
	status?: ReplicaSetStatus;
}

export interface RollingUpdateDaemonSet {
	/** Default 1. */
	maxUnavailable?: IntOrString;
	/** Default 0. */
	maxSurge?: IntOrString;
}

export interface DaemonSetUpdateStrategy {
	type?: 'RollingUpdate' | 'OnDelete';
	rollingUpdate?: RollingUpdateDaemonSet;
}

export interface DaemonSetSpec {
	selector: LabelSelector;
	template: PodTemplateSpec;
	updateStrategy?: DaemonSetUpdateStrategy;
	minReadySeconds?: number;
	revisionHistoryLimit?: number;
}

export interface DaemonSetStatus {
	currentNumberScheduled?: number;
	numberMisscheduled?: number;
	desiredNumberScheduled?: number;
	numberReady?: number;
	observedGeneration?: number;
	updatedNumberScheduled?: number;
	numberAvailable?: number;
	numberUnavailable?: number;
	collisionCount?: number;
	conditions?: Condition[];
}

export interface DaemonSet extends KObject {
	kind: 'DaemonSet';
	spec: DaemonSetSpec;
	status?: DaemonSetStatus;
}

export interface RollingUpdateStatefulSetStrategy {
	/** Pods with an ordinal below the partition keep the current revision. */
	partition?: number;
	maxUnavailable?: IntOrString;
}

export interface StatefulSetUpdateStrategy {
	type?: 'RollingUpdate' | 'OnDelete';
	rollingUpdate?: RollingUpdateStatefulSetStrategy;
}

export interface StatefulSetPersistentVolumeClaimRetentionPolicy {
	whenDeleted?: 'Retain' | 'Delete';
	whenScaled?: 'Retain' | 'Delete';
}

export interface StatefulSetSpec {
	replicas?: number;
	selector: LabelSelector;
	template: PodTemplateSpec;
	volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
	serviceName?: string;
	podManagementPolicy?: 'OrderedReady' | 'Parallel';
	updateStrategy?: StatefulSetUpdateStrategy;
	revisionHistoryLimit?: number;
	minReadySeconds?: number;
	persistentVolumeClaimRetentionPolicy?: StatefulSetPersistentVolumeClaimRetentionPolicy;
	ordinals?: {start?: number};
}

export interface StatefulSetStatus {
	observedGeneration?: number;
	replicas?: number;
	readyReplicas?: number;
	currentReplicas?: number;
	updatedReplicas?: number;
	currentRevision?: string;
	updateRevision?: string;
	collisionCount?: number;
	conditions?: Condition[];
	availableReplicas?: number;
}

export interface StatefulSet extends KObject {
	kind: 'StatefulSet';
	spec: StatefulSetSpec;
	status?: StatefulSetStatus;
}
