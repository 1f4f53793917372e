// core/v1: pods and their templates, ReplicationControllers, Services, Endpoints, Nodes,
// Namespaces, Events, PersistentVolumeClaims, ConfigMaps and Secrets.
import type {Condition, IntOrString, KObject, LabelSelector, Labels, ObjectMeta, Quantity} from './meta.js';

/** A reference to an object (involvedObject of an Event, targetRef of an endpoint, active Jobs of a CronJob). */
export interface ObjectReference {
	apiVersion?: string;
	kind?: string;
	namespace?: string;
	name?: string;
	uid?: string;
	resourceVersion?: string;
	fieldPath?: string;
}

// ------------------------------------------------------------------------------------ pods

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
	cpu?: Quantity;
	memory?: Quantity;
	[name: string]: Quantity | undefined;
}

export interface ContainerPort {
	name?: string;
	containerPort: number;
	protocol?: string;
	hostPort?: number;
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
	ports?: ContainerPort[];
	resources?: {requests?: ResourceList; limits?: ResourceList};
	livenessProbe?: Probe;
	readinessProbe?: Probe;
	startupProbe?: Probe;
	volumeMounts?: Array<{name: string; mountPath: string; readOnly?: boolean; subPath?: string}>;
	/** Only on init containers: `Always` makes one a sidecar that runs beside the main containers. */
	restartPolicy?: 'Always';
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

export interface DownwardAPIVolumeFile {
	path: string;
	fieldRef?: {apiVersion?: string; fieldPath: string};
	resourceFieldRef?: {containerName?: string; resource: string; divisor?: Quantity};
}

export interface VolumeProjection {
	secret?: {name: string; optional?: boolean; items?: Array<{key: string; path: string; mode?: number}>};
	configMap?: {name: string; optional?: boolean; items?: Array<{key: string; path: string; mode?: number}>};
	downwardAPI?: {items?: DownwardAPIVolumeFile[]};
	serviceAccountToken?: {audience?: string; expirationSeconds?: number; path: string};
}

export interface Volume {
	name: string;
	configMap?: {name: string; items?: Array<{key: string; path: string}>; optional?: boolean};
	secret?: {secretName: string; items?: Array<{key: string; path: string}>; optional?: boolean};
	emptyDir?: Record<string, unknown>;
	persistentVolumeClaim?: {claimName: string};
	hostPath?: {path: string};
	downwardAPI?: {items?: DownwardAPIVolumeFile[]};
	projected?: {sources?: VolumeProjection[]};
	nfs?: {server: string; path: string; readOnly?: boolean};
	csi?: {driver: string; fsType?: string; readOnly?: boolean};
	[extra: string]: unknown;
}

export interface NodeSelectorRequirement {
	key: string;
	operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
	values?: string[];
}

export interface NodeSelectorTerm {
	matchExpressions?: NodeSelectorRequirement[];
	matchFields?: NodeSelectorRequirement[];
}

export interface NodeSelector {
	nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
	weight: number;
	preference: NodeSelectorTerm;
}

export interface NodeAffinity {
	requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
	preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTerm {
	labelSelector?: LabelSelector | null;
	namespaces?: string[];
	namespaceSelector?: LabelSelector | null;
	topologyKey: string;
	matchLabelKeys?: string[];
	mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
	weight: number;
	podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
	requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
	preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
	nodeAffinity?: NodeAffinity;
	podAffinity?: PodAffinity;
	podAntiAffinity?: PodAffinity;
}

export interface TopologySpreadConstraint {
	maxSkew: number;
	topologyKey: string;
	whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
	labelSelector?: LabelSelector;
	minDomains?: number;
	matchLabelKeys?: string[];
	nodeAffinityPolicy?: 'Honor' | 'Ignore';
	nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export interface PodSpec {
	containers: Container[];
	initContainers?: Container[];
	imagePullSecrets?: Array<{name: string}>;
	restartPolicy?: 'Always' | 'OnFailure' | 'Never';
	terminationGracePeriodSeconds?: number;
	nodeName?: string;
	nodeSelector?: Labels;
	affinity?: Affinity;
	tolerations?: Toleration[];
	volumes?: Volume[];
	schedulerName?: string;
	priority?: number;
	hostname?: string;
	subdomain?: string;
	hostNetwork?: boolean;
	serviceAccountName?: string;
	/** Deprecated alias of serviceAccountName. */
	serviceAccount?: string;
	dnsPolicy?: string;
	priorityClassName?: string;
	runtimeClassName?: string;
	readinessGates?: Array<{conditionType: string}>;
	topologySpreadConstraints?: TopologySpreadConstraint[];
	schedulingGates?: Array<{name: string}>;
	overhead?: ResourceList;
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
		containerID?: string;
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

/** A Pod as the store holds it: the API server gives every pod a status when it is created. */
export interface Pod extends KObject {
	kind: 'Pod';
	spec: PodSpec;
	status: PodStatus;
}

/** A Pod as a controller asks for it, before the API server has given it a status. */
export interface NewPod extends KObject {
	kind: 'Pod';
	spec: PodSpec;
	status?: PodStatus;
}

export interface PodTemplateSpec {
	metadata?: Partial<ObjectMeta>;
	spec: PodSpec;
}

// ------------------------------------------------------------------------ replication controllers

export interface ReplicationControllerSpec {
	replicas?: number;
	minReadySeconds?: number;
	/** A plain map (not a LabelSelector), unlike ReplicaSets; defaults to the template's labels. */
	selector: Labels;
	template: PodTemplateSpec;
}

export interface ReplicationControllerStatus {
	replicas?: number;
	fullyLabeledReplicas?: number;
	readyReplicas?: number;
	availableReplicas?: number;
	observedGeneration?: number;
	conditions?: Condition[];
}

export interface ReplicationController extends KObject {
	kind: 'ReplicationController';
	spec: ReplicationControllerSpec;
	status?: ReplicationControllerStatus;
}

// ------------------------------------------------------------------------------------ services

export interface ServicePort {
	name?: string;
	protocol?: 'TCP' | 'UDP' | 'SCTP';
	appProtocol?: string;
	port: number;
	targetPort?: IntOrString;
	nodePort?: number;
}

export interface ServiceSpec {
	type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
	selector?: Labels;
	ports?: ServicePort[];
	clusterIP?: string;
	clusterIPs?: string[];
	externalName?: string;
	externalIPs?: string[];
	sessionAffinity?: 'ClientIP' | 'None';
	externalTrafficPolicy?: 'Cluster' | 'Local';
	internalTrafficPolicy?: 'Cluster' | 'Local';
	ipFamilies?: Array<'IPv4' | 'IPv6'>;
	ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
	publishNotReadyAddresses?: boolean;
	loadBalancerIP?: string;
	loadBalancerSourceRanges?: string[];
	healthCheckNodePort?: number;
}

export interface LoadBalancerIngress {
	ip?: string;
	hostname?: string;
	ipMode?: 'VIP' | 'Proxy';
	ports?: Array<{port: number; protocol: 'TCP' | 'UDP' | 'SCTP'; error?: string}>;
}

export interface ServiceStatus {
	loadBalancer?: {ingress?: LoadBalancerIngress[]};
	conditions?: Condition[];
}

export interface Service extends KObject {
	kind: 'Service';
	spec: ServiceSpec;
	status?: ServiceStatus;
}

export interface EndpointAddress {
	ip: string;
	hostname?: string;
	nodeName?: string;
	targetRef?: ObjectReference;
}

export interface EndpointPort {
	name?: string;
	port: number;
	protocol?: 'TCP' | 'UDP' | 'SCTP';
	appProtocol?: string;
}

export interface EndpointSubset {
	addresses?: EndpointAddress[];
	notReadyAddresses?: EndpointAddress[];
	ports?: EndpointPort[];
}

export interface Endpoints extends KObject {
	kind: 'Endpoints';
	subsets?: EndpointSubset[];
}

// --------------------------------------------------------------------------------------- nodes

export interface NodeSpec {
	podCIDR?: string;
	podCIDRs?: string[];
	providerID?: string;
	unschedulable?: boolean;
	taints?: Taint[];
}

export interface NodeAddress {
	type: 'Hostname' | 'InternalIP' | 'ExternalIP' | 'InternalDNS' | 'ExternalDNS';
	address: string;
}

export interface ContainerImage {
	names?: string[];
	sizeBytes?: number;
}

export interface NodeSystemInfo {
	machineID?: string;
	systemUUID?: string;
	bootID?: string;
	kernelVersion?: string;
	osImage?: string;
	containerRuntimeVersion?: string;
	kubeletVersion?: string;
	kubeProxyVersion?: string;
	operatingSystem?: string;
	architecture?: string;
}

export interface NodeStatus {
	capacity?: ResourceList;
	allocatable?: ResourceList;
	conditions?: Condition[];
	addresses?: NodeAddress[];
	images?: ContainerImage[];
	nodeInfo?: NodeSystemInfo;
}

export interface Node extends KObject {
	kind: 'Node';
	spec?: NodeSpec;
	status?: NodeStatus;
}

// ---------------------------------------------------------------------------------- namespaces

export interface Namespace extends KObject {
	kind: 'Namespace';
	spec?: {finalizers?: string[]};
	status?: {phase?: 'Active' | 'Terminating'; conditions?: Condition[]};
}

// -------------------------------------------------------------------------------------- events

export interface EventSource {
	component?: string;
	host?: string;
}

/** A core/v1 Event, what `kubectl get events` and `describe` show. */
export interface Event extends KObject {
	kind: 'Event';
	involvedObject: ObjectReference;
	reason?: string;
	message?: string;
	source?: EventSource;
	firstTimestamp?: string;
	lastTimestamp?: string;
	count?: number;
	type?: 'Normal' | 'Warning';
	eventTime?: string | null;
	series?: {count: number; lastObservedTime: string};
	action?: string;
	related?: ObjectReference;
	reportingComponent?: string;
	reportingInstance?: string;
}

// --------------------------------------------------------------------------------- storage

export type PersistentVolumeAccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

export interface PersistentVolumeClaimSpec {
	accessModes?: PersistentVolumeAccessMode[];
	selector?: LabelSelector;
	resources?: {requests?: ResourceList; limits?: ResourceList};
	volumeName?: string;
	storageClassName?: string;
	volumeMode?: 'Filesystem' | 'Block';
	volumeAttributesClassName?: string;
}

export interface PersistentVolumeClaimStatus {
	phase?: 'Pending' | 'Bound' | 'Lost';
	accessModes?: PersistentVolumeAccessMode[];
	capacity?: ResourceList;
	conditions?: Condition[];
}

export interface PersistentVolumeClaim extends KObject {
	kind: 'PersistentVolumeClaim';
	spec: PersistentVolumeClaimSpec;
	status?: PersistentVolumeClaimStatus;
}

/** A claim as a StatefulSet's volumeClaimTemplates hold it: kind and apiVersion may be left out. */
export interface PersistentVolumeClaimTemplate {
	apiVersion?: string;
	kind?: string;
	metadata?: ObjectMeta;
	spec?: PersistentVolumeClaimSpec;
}

// -------------------------------------------------------------------------- config and secrets

export interface ConfigMap extends KObject {
	kind: 'ConfigMap';
	data?: Record<string, string>;
	binaryData?: Record<string, string>;
	immutable?: boolean;
}

export interface Secret extends KObject {
	kind: 'Secret';
	type?: string;
	/** Values base64-encoded. */
	data?: Record<string, string>;
	/** Write-only: merged into data on write. */
	stringData?: Record<string, string>;
	immutable?: boolean;
}

export interface ServiceAccount extends KObject {
	kind: 'ServiceAccount';
	secrets?: ObjectReference[];
	imagePullSecrets?: Array<{name: string}>;
	automountServiceAccountToken?: boolean;
}
