// The scheduler's cache: per node, what is allocatable and what bound pods already request,
// kept up to date incrementally from watch events (never by rescanning pods).
import type {Labels, Node, Pod, Taint} from '../types.js';
import {bytes, milliCpu, parseQuantity} from '../core/quantity.js';

export interface NodeInfo {
	name: string;
	node: Node;
	allocCpu: number;
	allocMem: number;
	allocPods: number;
	reqCpu: number;
	reqMem: number;
	/** Requests with the scheduler's non-zero defaults (100m / 200MB) for pods that set none; used by scores. */
	nzCpu: number;
	nzMem: number;
	pods: number;
	hostPorts: Map<string, number>;
	unschedulable: boolean;
	taints: Taint[];
	labels: Labels;
	images: Map<string, number>;
	/** Every other resource the node offers (ephemeral-storage, hugepages, extended resources) and what bound pods request of each. */
	allocScalar: Map<string, number>;
	reqScalar: Map<string, number>;
}

export interface PodRequests {
	cpu: number;
	mem: number;
	nzCpu: number;
	nzMem: number;
	ports: string[];
	/** Requests of resources other than cpu and memory (`example.com/dongle`, `ephemeral-storage`), when there are any. */
	scalar?: Map<string, number>;
}

/** Resources with fields of their own; every other name is counted as a scalar. */
const OWN_FIELDS = new Set(['cpu', 'memory', 'pods']);

function addScalars(into: Map<string, number> | undefined, r: Record<string, unknown>, l: Record<string, unknown>, max: boolean): Map<string, number> | undefined {
	for (const k in r) if (!OWN_FIELDS.has(k)) into = addScalar(into, k, r[k], max);
	// a limit without a request defaults the request to the limit (extended resources too)
	for (const k in l) if (!OWN_FIELDS.has(k) && r[k] === undefined) into = addScalar(into, k, l[k], max);
	return into;
}

function addScalar(into: Map<string, number> | undefined, k: string, q: unknown, max: boolean): Map<string, number> | undefined {
	const v = parseQuantity(q as string | number);
	if (!(v > 0)) return into;
	into ??= new Map();
	const cur = into.get(k) ?? 0;
	into.set(k, max ? Math.max(cur, v) : cur + v);
	return into;
}

export const DEFAULT_CPU_REQUEST = 100;
export const DEFAULT_MEM_REQUEST = 200 * 1024 * 1024;

/** Effective requests: the sum over containers, or the largest init container if that is more. */
export function podRequests(pod: Pod): PodRequests {
	let cpu = 0;
	let mem = 0;
	let nzCpu = 0;
	let nzMem = 0;
	const ports: string[] = [];
	let scalar: Map<string, number> | undefined;
	for (const c of pod.spec.containers ?? []) {
		const r = c.resources?.requests ?? {};
		const l = c.resources?.limits ?? {};
		// A limit without a request defaults the request to the limit.
		const ccpu = milliCpu(r.cpu ?? l.cpu);
		const cmem = bytes(r.memory ?? l.memory);
		cpu += ccpu;
		mem += cmem;
		nzCpu += r.cpu ?? l.cpu ? ccpu : DEFAULT_CPU_REQUEST;
		nzMem += r.memory ?? l.memory ? cmem : DEFAULT_MEM_REQUEST;
		for (const p of c.ports ?? []) if (p.hostPort) ports.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
		scalar = addScalars(scalar, r, l, false);
	}
	let init: Map<string, number> | undefined;
	for (const c of pod.spec.initContainers ?? []) {
		const r = c.resources?.requests ?? {};
		const l = c.resources?.limits ?? {};
		cpu = Math.max(cpu, milliCpu(r.cpu ?? l.cpu));
		mem = Math.max(mem, bytes(r.memory ?? l.memory));
		init = addScalars(init, r, l, true);
	}
	if (init) for (const [k, v] of init) if (v > (scalar?.get(k) ?? 0)) (scalar ??= new Map()).set(k, v);
	const out: PodRequests = {cpu, mem, nzCpu, nzMem, ports};
	if (scalar) out.scalar = scalar;
	return out;
}

export function newNodeInfo(node: Node): NodeInfo {
	const info: NodeInfo = {
		name: node.metadata.name,
		node,
		allocCpu: 0,
		allocMem: 0,
		allocPods: 0,
		reqCpu: 0,
		reqMem: 0,
		nzCpu: 0,
		nzMem: 0,
		pods: 0,
		hostPorts: new Map(),
		unschedulable: false,
		taints: [],
		labels: {},
		images: new Map(),
		allocScalar: new Map(),
		reqScalar: new Map(),
	};
	refreshNode(info, node);
	return info;
}

/** The allocatable and capacity objects a node's scalar resources were last read from. */
const scalarSource = new WeakMap<NodeInfo, object>();
const scalarCapacity = new WeakMap<NodeInfo, object>();

export function refreshNode(info: NodeInfo, node: Node): void {
	info.node = node;
	const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
	info.allocCpu = milliCpu(alloc.cpu);
	info.allocMem = bytes(alloc.memory);
	info.allocPods = Number(alloc.pods ?? 110);
	info.unschedulable = !!node.spec?.unschedulable;
	info.taints = node.spec?.taints ?? [];
	info.labels = node.metadata.labels ?? {};
	// the other resources, recounted only when allocatable or capacity changed (not on image or condition updates)
	const capacity = node.status?.capacity ?? {};
	if (scalarSource.get(info) !== alloc || scalarCapacity.get(info) !== capacity) {
		scalarSource.set(info, alloc);
		scalarCapacity.set(info, capacity);
		info.allocScalar.clear();
		for (const k in alloc) if (!OWN_FIELDS.has(k)) info.allocScalar.set(k, parseQuantity(alloc[k]));
		// an extended resource advertised in capacity (a status patch) is allocatable as a whole:
		// the kubelet reports it so within its next status update
		for (const k in capacity) if (!OWN_FIELDS.has(k) && alloc[k] === undefined) info.allocScalar.set(k, parseQuantity(capacity[k]));
	}
	info.images.clear();
	for (const img of node.status?.images ?? []) for (const n of img.names ?? []) info.images.set(n, img.sizeBytes ?? 0);
}

export function addPod(info: NodeInfo, r: PodRequests, sign: 1 | -1): void {
	info.reqCpu += sign * r.cpu;
	info.reqMem += sign * r.mem;
	info.nzCpu += sign * r.nzCpu;
	info.nzMem += sign * r.nzMem;
	info.pods += sign;
	for (const p of r.ports) info.hostPorts.set(p, (info.hostPorts.get(p) ?? 0) + sign);
	if (r.scalar) for (const [k, v] of r.scalar) info.reqScalar.set(k, (info.reqScalar.get(k) ?? 0) + sign * v);
}
