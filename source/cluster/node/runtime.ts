// Under a container: the chain that runs it (kubelet -> CRI (containerd) -> shim -> OCI runtime),
// the OCI lifecycle states it went through, its Linux namespaces (shared with the pod's sandbox
// or the host), its cgroup v2 limits as the kubelet sets them, and its image's layers on the node.
// Computed when asked, from what the kubelet already keeps.
import {bytes, milliCpu} from '../core/quantity.js';
import type {KObject, Pod} from '../types.js';
import type {ContainerRecord, NodeAgent, PodWorker} from './state.js';
import {sandboxImage} from './images.js';

/** A CRI runtime handler as containerd is configured for it: its shim and its OCI runtime. */
export interface HandlerInfo {
	/** containerd's runtime type. */
	runtimeType: string;
	shim: string;
	/** The OCI runtime (or sandbox) the shim drives. */
	runtime: string;
	/** How the container is isolated. */
	isolation: 'namespaces' | 'gvisor' | 'vm';
}

const RUNC: HandlerInfo = {runtimeType: 'io.containerd.runc.v2', shim: 'containerd-shim-runc-v2', runtime: 'runc 1.2.2', isolation: 'namespaces'};

/** The handlers kubesim knows: runc (the default), gVisor's runsc and Kata Containers. */
export function handlerInfo(handler: string): HandlerInfo {
	if (handler === '' || handler === 'runc') return RUNC;
	if (handler === 'runsc' || handler === 'gvisor') return {runtimeType: 'io.containerd.runsc.v1', shim: 'containerd-shim-runsc-v1', runtime: 'runsc (gVisor)', isolation: 'gvisor'};
	if (handler === 'kata' || handler.startsWith('kata-')) return {runtimeType: 'io.containerd.kata.v2', shim: 'containerd-shim-kata-v2', runtime: `Kata Containers (${handler === 'kata' ? 'kata-qemu' : handler})`, isolation: 'vm'};
	return {...RUNC, runtime: handler};
}

/** The handler a pod's RuntimeClass names: '' without a class, undefined when the class does not exist. */
export function runtimeHandler(className: string | undefined, get: (name: string) => KObject | undefined): string | undefined {
	if (!className) return '';
	const rc = get(className) as (KObject & {handler?: string}) | undefined;
	return rc ? (rc.handler ?? '') : undefined;
}

/** Inodes of the host's namespaces (the initial ones of a Linux 6.x kernel). */
export const HOST_NAMESPACES = {cgroup: 4026531835, ipc: 4026531839, mnt: 4026531841, net: 4026531840, pid: 4026531836, uts: 4026531838} as const;

export type NamespaceType = 'pid' | 'net' | 'ipc' | 'uts' | 'mnt' | 'cgroup';

export interface NamespaceInfo {
	type: NamespaceType;
	inode: number;
	/** Its own, the pod's (the sandbox's, shared by its containers) or the host's. */
	owner: 'container' | 'pod' | 'host';
}

export interface CgroupInfo {
	/** Under /sys/fs/cgroup, with the systemd cgroup driver. */
	path: string;
	/** `quota period` in microseconds, or `max 100000` without a CPU limit. */
	cpuMax: string;
	/** From the CPU request: shares (2 to 262144) as cgroup v2 converts them to a weight (1 to 10000). */
	cpuShares: number;
	cpuWeight: number;
	/** The memory limit in bytes, or `max`. */
	memoryMax: string;
}

export interface LayerInfo {
	digest: string;
	size: number;
	/** The node had this layer from another image when this one was pulled. */
	alreadyHad: boolean;
	/** Other images on the node using the same layer. */
	sharedWith: string[];
}

export interface ImageInfo {
	image: string;
	manifestDigest: string;
	configDigest: string;
	size: number;
	layers: LayerInfo[];
}

export type OciState = 'creating' | 'created' | 'running' | 'stopped';

export interface ContainerRuntimeInfo {
	node: string;
	namespace: string;
	pod: string;
	container: string;
	kubeletVersion: string;
	/** `containerd://1.7.24`, as the node reports it. */
	containerRuntimeVersion: string;
	handler: string;
	info: HandlerInfo;
	sandboxID: string;
	/** The image of the sandbox's pause container. */
	sandboxImage: string;
	containerID?: string;
	/** Its process on the host, while it runs. */
	pid?: number;
	states: Array<{state: OciState; at: number}>;
	exitCode?: number;
	namespaces: NamespaceInfo[];
	cgroup: CgroupInfo;
	image?: ImageInfo;
}

/** Kubernetes' CPU shares for a request in millicores (2 at least, 262144 at most). */
export function cpuShares(milli: number): number {
	if (milli <= 0) return 2;
	return Math.min(262144, Math.max(2, Math.floor((milli * 1024) / 1000)));
}

/** cgroup v2's cpu.weight for cpu shares, as runc converts them. */
export function cpuWeight(shares: number): number {
	return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** cpu.max for a CPU limit in millicores: the quota per 100 ms period. */
export function cpuMax(limitMilli: number): string {
	if (limitMilli <= 0) return 'max 100000';
	return `${Math.max(1000, Math.floor(limitMilli * 100))} 100000`;
}

function qosSlice(pod: Pod, uid: string): string {
	const id = uid.replace(/-/g, '_');
	const qos = pod.status?.qosClass ?? 'BestEffort';
	if (qos === 'Guaranteed') return `kubepods.slice/kubepods-pod${id}.slice`;
	const q = qos.toLowerCase();
	return `kubepods.slice/kubepods-${q}.slice/kubepods-${q}-pod${id}.slice`;
}

function bareID(id: string | undefined): string {
	return (id ?? '').replace(/^[a-z]+:\/\//, '');
}

/** The sandbox's ID: fixed by the pod's uid (it is not an object of its own). */
export function sandboxID(uid: string, hash: (s: string) => string): string {
	return hash(`sandbox\0${uid}`).slice(-64);
}

export function containerRuntimeInfo(w: PodWorker, c: ContainerRecord, agent: NodeAgent, node: KObject | undefined, hash: (s: string) => string): ContainerRuntimeInfo {
	const spec = w.pod.spec;
	const handler = w.sandbox?.handler ?? '';
	const info = handlerInfo(handler);
	const oci = c.oci;
	const states: ContainerRuntimeInfo['states'] = [];
	if (oci) {
		states.push({state: 'creating', at: oci.created}, {state: 'created', at: oci.created});
		if (oci.running !== undefined) states.push({state: 'running', at: oci.running});
		if (oci.stopped !== undefined) states.push({state: 'stopped', at: oci.stopped});
	}
	const sb = w.sandbox;
	const namespaces: NamespaceInfo[] = [];
	const ns = (type: NamespaceType, inode: number | undefined, owner: NamespaceInfo['owner']) => {
		if (inode !== undefined) namespaces.push({type, inode, owner});
	};
	const podNs = (offset: number) => (sb ? sb.ns + offset : undefined);
	if (spec.hostPID) ns('pid', HOST_NAMESPACES.pid, 'host');
	else if (spec.shareProcessNamespace) ns('pid', podNs(3), 'pod');
	else ns('pid', oci && oci.ns + 1, 'container');
	if (spec.hostNetwork) ns('net', HOST_NAMESPACES.net, 'host');
	else ns('net', podNs(0), 'pod');
	if (spec.hostIPC) ns('ipc', HOST_NAMESPACES.ipc, 'host');
	else ns('ipc', podNs(1), 'pod');
	if (spec.hostNetwork) ns('uts', HOST_NAMESPACES.uts, 'host');
	else ns('uts', podNs(2), 'pod');
	ns('mnt', oci?.ns, 'container');
	ns('cgroup', oci && oci.ns + 2, 'container');
	const res = c.spec.resources;
	const request = milliCpu(res?.requests?.cpu ?? res?.limits?.cpu);
	const shares = cpuShares(request);
	const memory = bytes(res?.limits?.memory);
	const cid = bareID(c.containerID);
	const cgroup: CgroupInfo = {
		path: `/sys/fs/cgroup/${qosSlice(w.pod, w.uid)}${cid ? `/cri-containerd-${cid}.scope` : ''}`,
		cpuMax: cpuMax(milliCpu(res?.limits?.cpu)),
		cpuShares: shares,
		cpuWeight: cpuWeight(shares),
		memoryMax: memory > 0 ? String(memory) : 'max',
	};
	let image: ImageInfo | undefined;
	const stored = c.ref ? agent.images.get(c.ref.fullName) : undefined;
	if (stored && c.ref) {
		const others = agent.images.list().filter(i => i !== stored);
		image = {
			image: c.ref.fullName,
			manifestDigest: stored.digest,
			configDigest: stored.configDigest,
			size: stored.sizeBytes,
			layers: stored.layers.map(l => ({
				digest: l.digest,
				size: l.size,
				alreadyHad: stored.had.includes(l.digest),
				sharedWith: others.filter(o => o.layers.some(x => x.digest === l.digest)).map(o => o.names[1] ?? o.names[0]!),
			})),
		};
	}
	const running = c.state === 'running' && oci?.stopped === undefined;
	const nodeInfo = (node?.status as {nodeInfo?: Record<string, string>} | undefined)?.nodeInfo;
	return {
		node: agent.name,
		namespace: w.namespace,
		pod: w.name,
		container: c.spec.name,
		kubeletVersion: nodeInfo?.kubeletVersion ?? '',
		containerRuntimeVersion: nodeInfo?.containerRuntimeVersion ?? 'containerd://1.7.24',
		handler: handler || 'runc',
		info,
		sandboxID: sandboxID(w.uid, hash),
		sandboxImage: sandboxImage((node as {spec?: {providerID?: string}} | undefined)?.spec?.providerID),
		...(cid ? {containerID: cid} : {}),
		...(running && oci ? {pid: oci.pid} : {}),
		states,
		...(oci?.stopped !== undefined ? {exitCode: c.exitCode} : {}),
		namespaces,
		cgroup,
		...(image ? {image} : {}),
	};
}
