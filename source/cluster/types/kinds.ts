// Kind names to their object types, so that `get('Deployment', ...)` returns a Deployment.
import type {
	ConfigMap,
	Endpoints,
	Event,
	Namespace,
	Node,
	PersistentVolumeClaim,
	Pod,
	PodTemplateSpec,
	ReplicationController,
	Secret,
	Service,
	ServiceAccount,
} from './core.js';
import type {DaemonSet, Deployment, ReplicaSet, StatefulSet} from './apps.js';
import type {CronJob, Job} from './batch.js';
import type {HorizontalPodAutoscaler} from './autoscaling.js';
import type {PodDisruptionBudget} from './policy.js';
import type {EndpointSlice} from './discovery.js';
import type {Lease} from './coordination.js';
import type {Ingress, IngressClass, NetworkPolicy} from './networking.js';
import type {ClusterRole, ClusterRoleBinding, Role, RoleBinding} from './rbac.js';
import type {CertificateSigningRequest} from './certificates.js';
import type {PersistentVolume, StorageClass} from './storage.js';
import type {PriorityClass} from './scheduling.js';
import type {RuntimeClass} from './runtimeclass.js';
import type {LimitRange, ResourceQuota} from './quota.js';
import type {KObject, LabelSelector, Labels} from './meta.js';

export interface KindMap {
	CertificateSigningRequest: CertificateSigningRequest;
	ClusterRole: ClusterRole;
	ClusterRoleBinding: ClusterRoleBinding;
	ConfigMap: ConfigMap;
	CronJob: CronJob;
	DaemonSet: DaemonSet;
	Deployment: Deployment;
	EndpointSlice: EndpointSlice;
	Endpoints: Endpoints;
	Event: Event;
	HorizontalPodAutoscaler: HorizontalPodAutoscaler;
	Ingress: Ingress;
	IngressClass: IngressClass;
	Job: Job;
	Lease: Lease;
	LimitRange: LimitRange;
	Namespace: Namespace;
	NetworkPolicy: NetworkPolicy;
	Node: Node;
	PersistentVolume: PersistentVolume;
	PersistentVolumeClaim: PersistentVolumeClaim;
	Pod: Pod;
	PodDisruptionBudget: PodDisruptionBudget;
	PriorityClass: PriorityClass;
	ReplicaSet: ReplicaSet;
	ReplicationController: ReplicationController;
	Role: Role;
	RuntimeClass: RuntimeClass;
	RoleBinding: RoleBinding;
	ResourceQuota: ResourceQuota;
	Secret: Secret;
	Service: Service;
	ServiceAccount: ServiceAccount;
	StatefulSet: StatefulSet;
	StorageClass: StorageClass;
}

/** A kind name with a typed object. */
export type KindName = keyof KindMap;

/** What the scale subresource reads of a kind that has one (Deployment, ReplicaSet, StatefulSet, RC). */
export interface Scalable extends KObject {
	spec?: {replicas?: number; selector?: LabelSelector};
	status?: {replicas?: number};
}

/**
 * A kind that holds a pod template: `spec.template` (workloads) or `spec.jobTemplate.spec.template`
 * (CronJob). Its selector is a LabelSelector, or a label map on a ReplicationController.
 */
export interface Templated extends KObject {
	spec?: {
		template?: PodTemplateSpec;
		jobTemplate?: {spec?: {template?: PodTemplateSpec}};
		selector?: LabelSelector | Labels;
		replicas?: number;
	};
}
