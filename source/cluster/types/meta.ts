// meta/v1 (apimachinery): what every object has, metadata, owner references, label selectors,
// conditions, IntOrString and quantities, the Status of an error and watch events.

export type Labels = Record<string, string>;

/** An integer or a string (`3`, `'25%'`): maxSurge, maxUnavailable, minAvailable, targetPort. */
export type IntOrString = number | string;

/** A resource quantity as written: `'500m'`, `'128Mi'`, or a plain number. */
export type Quantity = string | number;

export interface OwnerReference {
	apiVersion: string;
	kind: string;
	name: string;
	uid: string;
	controller?: boolean;
	blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
	name: string;
	generateName?: string;
	namespace?: string;
	uid?: string;
	resourceVersion?: string;
	generation?: number;
	creationTimestamp?: string;
	deletionTimestamp?: string;
	deletionGracePeriodSeconds?: number;
	labels?: Labels;
	annotations?: Record<string, string>;
	ownerReferences?: OwnerReference[];
	finalizers?: string[];
	[extra: string]: unknown;
}

/** Any Kubernetes object. `spec` and `status` are kind-specific. */
export interface KObject {
	apiVersion: string;
	kind: string;
	metadata: ObjectMeta;
	spec?: unknown;
	status?: unknown;
	[extra: string]: unknown;
}

export interface LabelSelectorRequirement {
	key: string;
	operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
	values?: string[];
}

export interface LabelSelector {
	matchLabels?: Labels;
	matchExpressions?: LabelSelectorRequirement[];
}

/**
 * A status condition. One shape for every kind: the fields of metav1.Condition plus the
 * timestamps some kinds add (lastUpdateTime on Deployments, lastProbeTime on Pods and Jobs,
 * lastHeartbeatTime on Nodes).
 */
export interface Condition {
	type: string;
	status: 'True' | 'False' | 'Unknown';
	reason?: string;
	message?: string;
	observedGeneration?: number;
	lastTransitionTime?: string;
	lastUpdateTime?: string;
	lastProbeTime?: string | null;
	lastHeartbeatTime?: string;
}

/** A Kubernetes Status object, the shape of every API error. */
export interface Status {
	kind: 'Status';
	apiVersion: 'v1';
	metadata: Record<string, unknown>;
	status: 'Success' | 'Failure';
	message: string;
	reason: string;
	details?: {
		name?: string;
		group?: string;
		kind?: string;
		uid?: string;
		causes?: Array<{reason: string; message: string; field?: string}>;
		retryAfterSeconds?: number;
	};
	code: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KObject = KObject> {
	type: WatchEventType;
	object: T;
}
