// The shapes of Kubernetes objects as the simulator stores them: plain JSON, the same
// field names as the real API. Only the fields the simulator reads are typed; everything
// else passes through untouched.

export type Labels = Record<string, string>;

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
	spec?: any;
	status?: any;
	[extra: string]: any;
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

export interface Condition {
	type: string;
	status: 'True' | 'False' | 'Unknown';
	reason?: string;
	message?: string;
	lastTransitionTime?: string;
	lastUpdateTime?: string;
	lastProbeTime?: string | null;
	lastHeartbeatTime?: string;
}

export interface EnvVar {
	name: string;
	value?: string;
	valueFrom?: {
		configMapKeyRef?: {name: string; key: string; optional?: boolean};
		secretKeyRef?: {name: string; key: string; optional?: boolean};
		fieldRef?: {fieldPath: string};
		resourceFieldRef?: {resource: string; containerName?: string};
	};
}

export interface Probe {
	httpGet?: {path?: string; port: number | string; scheme?: string};
	tcpSocket?: {port: number | string};
	exec?: {command: string[]};
	grpc?: {port: number};
	initialDelaySeconds?: number;
	periodSeconds?: number;
	timeoutSeconds?: number;
	successThreshold?: number;
	failureThreshold?: number;
}

export interface ResourceList {
	cpu?: string | number;
	memory?: string | number;
	[name: string]: string | number | undefined;
}

export interface Container {
	name: string;
	image: string;
	imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
	command?: string[];
	args?: string[];
	env?: EnvVar[];
	envFrom?: Array<{
		prefix?: string;
		configMapRef?: {name: string; optional?: boolean};
		secretRef?: {name: string; optional?: boolean};
	}>;
	ports?: Array<{name?: string; containerPort: number; protocol?: string; hostPort?: number}>;
	resources?: {requests?: ResourceList; limits?: ResourceList};
	livenessProbe?: Probe;
	readinessProbe?: Probe;
	startupProbe?: Probe;
	volumeMounts?: Array<{name: string; mountPath: string; readOnly?: boolean; subPath?: string}>;
	[extra: string]: unknown;
}

export interface Toleration {
	key?: string;
	operator?: 'Exists' | 'Equal';
	value?: string;
	effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | '';
	tolerationSeconds?: number;
}

export interface Taint {
	key: string;
	value?: string;
	effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
	timeAdded?: string;
}

export interface Volume {
	name: string;
	configMap?: {name: string; items?: Array<{key: string; path: string}>; optional?: boolean};
	secret?: {secretName: string; items?: Array<{key: string; path: string}>; optional?: boolean};
	emptyDir?: Record<string, unknown>;
	persistentVolumeClaim?: {claimName: string};
	hostPath?: {path: string};
	[extra: string]: unknown;
}

export interface NodeSelectorTerm {
	matchExpressions?: LabelSelectorRequirement[];
	matchFields?: LabelSelectorRequirement[];
}

export interface PodSpec {
	containers: Container[];
	initContainers?: Container[];
	restartPolicy?: 'Always' | 'OnFailure' | 'Never';
	terminationGracePeriodSeconds?: number;
	nodeName?: string;
	nodeSelector?: Labels;
	affinity?: {
		nodeAffinity?: {
			requiredDuringSchedulingIgnoredDuringExecution?: {nodeSelectorTerms: NodeSelectorTerm[]};
			preferredDuringSchedulingIgnoredDuringExecution?: Array<{weight: number; preference: NodeSelectorTerm}>;
		};
		podAffinity?: unknown;
		podAntiAffinity?: unknown;
	};
	tolerations?: Toleration[];
	volumes?: Volume[];
	schedulerName?: string;
	priority?: number;
	hostname?: string;
	subdomain?: string;
	serviceAccountName?: string;
	dnsPolicy?: string;
	[extra: string]: unknown;
}

export interface ContainerState {
	waiting?: {reason: string; message?: string};
	running?: {startedAt: string};
	terminated?: {
		exitCode: number;
		reason: string;
		message?: string;
		startedAt?: string;
		finishedAt?: string;
		signal?: number;
	};
}

export interface ContainerStatus {
	name: string;
	image: string;
	imageID: string;
	containerID?: string;
	ready: boolean;
	started?: boolean;
	restartCount: number;
	state: ContainerState;
	lastState: ContainerState;
}

export interface PodStatus {
	phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
	conditions?: Condition[];
	hostIP?: string;
	hostIPs?: Array<{ip: string}>;
	podIP?: string;
	podIPs?: Array<{ip: string}>;
	startTime?: string;
	containerStatuses?: ContainerStatus[];
	initContainerStatuses?: ContainerStatus[];
	qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort';
	reason?: string;
	message?: string;
	nominatedNodeName?: string;
}

export interface Pod extends KObject {
	spec: PodSpec;
	status: PodStatus;
}

export interface PodTemplateSpec {
	metadata?: Partial<ObjectMeta>;
	spec: PodSpec;
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
