// Node registration: the Node object a kubelet creates when it starts (labels, taints,
// capacity, addresses, node info) and the conditions it reports on it.
import type {NodeAddresses} from '../core/ipam.js';
import {bytes} from '../core/quantity.js';
import type {Rng} from '../core/rng.js';
import type {Condition, KObject, Taint} from '../types.js';

export interface NodeSpecInput {
	name: string;
	cpu?: string;
	memory?: string;
	pods?: number;
	labels?: Record<string, string>;
	taints?: Array<{key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'}>;
	controlPlane?: boolean;
	/** Where the node sits on the network; without it the node IPAM controller gives it addresses. */
	addresses?: NodeAddresses;
	/** Pod IPs come from the VPC (the AWS VPC CNI): the Node carries no podCIDR. */
	vpcCni?: boolean;
	/** Allocatable when the kubelet keeps resources back (kube-reserved, eviction threshold). */
	allocatable?: {cpu: string; memory: string};
	providerID?: string;
	/** Extra addresses after InternalIP (InternalDNS, ExternalIP...). */
	extraAddresses?: Array<{type: string; address: string}>;
	nodeInfo?: {osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string; kubeletVersion?: string};
	/**
	 * The CRI runtime handlers the node's containerd is configured with (default `runc`): a pod
	 * whose RuntimeClass names another fails to get its sandbox on this node.
	 */
	runtimeHandlers?: string[];
	/** Registers NotReady (the network plugin not ready yet) until the kubelet is told it is. */
	notReady?: boolean;
}

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** The Node a kubelet registers, with its podCIDR from the node IPAM controller. */
export function nodeObject(spec: NodeSpecInput, addresses: NodeAddresses, rng: Rng, version: string, now: string): KObject {
	const labels: Record<string, string> = {
		'beta.kubernetes.io/arch': 'amd64',
		'beta.kubernetes.io/os': 'linux',
		'kubernetes.io/arch': 'amd64',
		'kubernetes.io/hostname': spec.name,
		'kubernetes.io/os': 'linux',
		...(spec.controlPlane ? {[CONTROL_PLANE]: '', 'node.kubernetes.io/exclude-from-external-load-balancers': ''} : {}),
		...spec.labels,
	};
	const taints: Taint[] = [...(spec.taints ?? [])];
	if (spec.controlPlane && !taints.some(t => t.key === CONTROL_PLANE)) taints.push({key: CONTROL_PLANE, effect: 'NoSchedule'});
	if (spec.notReady) taints.push({key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'});
	const capacity = {
		cpu: spec.cpu ?? '4',
		'ephemeral-storage': '102626232Ki',
		'hugepages-1Gi': '0',
		'hugepages-2Mi': '0',
		memory: `${Math.round(bytes(spec.memory ?? '16Gi') / 1024)}Ki`,
		pods: String(spec.pods ?? 110),
	};
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name: spec.name,
			labels,
			annotations: {
				'node.alpha.kubernetes.io/ttl': '0',
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
			},
		},
		spec: {
			...(spec.vpcCni ? {} : {podCIDR: addresses.podCIDR, podCIDRs: [addresses.podCIDR]}),
			providerID: spec.providerID ?? `kubesim://${spec.name}`,
			...(taints.length ? {taints} : {}),
		},
		status: {
			capacity,
			allocatable: {...capacity, ...spec.allocatable},
			conditions: spec.notReady ? notReadyConditions(now) : nodeConditions(now),
			addresses: [{type: 'InternalIP', address: addresses.hostIP}, ...(spec.extraAddresses ?? []), {type: 'Hostname', address: spec.name}],
			daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
			nodeInfo: {
				architecture: 'amd64',
				bootID: rng.uuid(),
				containerRuntimeVersion: spec.nodeInfo?.containerRuntimeVersion ?? 'containerd://1.7.24',
				kernelVersion: spec.nodeInfo?.kernelVersion ?? '6.8.0-kubesim',
				kubeProxyVersion: spec.nodeInfo?.kubeletVersion ?? version,
				kubeletVersion: spec.nodeInfo?.kubeletVersion ?? version,
				machineID: rng.uuid().replace(/-/g, ''),
				operatingSystem: 'linux',
				osImage: spec.nodeInfo?.osImage ?? 'Debian GNU/Linux 12 (bookworm)',
				systemUUID: rng.uuid(),
			},
			images: [],
			runtimeHandlers: (spec.runtimeHandlers ?? ['runc']).map(name => ({name})),
		},
	};
}

/** The runtime handlers a registered Node reports (status.runtimeHandlers), or undefined when it reports none. */
export function reportedRuntimeHandlers(node: KObject): string[] | undefined {
	const list = (node as {status?: {runtimeHandlers?: unknown}}).status?.runtimeHandlers;
	if (!Array.isArray(list)) return undefined;
	const names = list.map(h => (typeof h === 'object' && h !== null ? (h as {name?: unknown}).name : undefined)).filter((n): n is string => typeof n === 'string' && n !== '');
	return names.length ? names : undefined;
}

/** The conditions of a healthy node, keeping the transition times of `previous` but Ready's. */
export function nodeConditions(now: string, previous?: Condition[]): Condition[] {
	const keep = (type: string) => previous?.find(c => c.type === type)?.lastTransitionTime ?? now;
	const condition = (type: string, status: 'True' | 'False', reason: string, message: string, since: string): Condition => ({type, status, lastHeartbeatTime: now, lastTransitionTime: since, reason, message});
	return [
		condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', keep('MemoryPressure')),
		condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', keep('DiskPressure')),
		condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', keep('PIDPressure')),
		condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now),
	];
}

/** A node whose kubelet runs but whose network plugin has not started yet. */
export function notReadyConditions(now: string): Condition[] {
	const conditions = nodeConditions(now);
	conditions[3] = {
		type: 'Ready',
		status: 'False',
		lastHeartbeatTime: now,
		lastTransitionTime: now,
		reason: 'KubeletNotReady',
		message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
	};
	return conditions;
}
