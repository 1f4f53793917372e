// What the kubelet keeps: one record per node, per pod and per container, and the context its
// parts (pod workers, containers, image manager, probes, status manager) share.
import type {ApiServer} from '../api/apiserver.js';
import type {Clock, TimerId} from '../clock.js';
import type {EventRecorder, EventSource, EventType} from '../events.js';
import type {Rng} from '../core/rng.js';
import type {Store} from '../store/store.js';
import type {PodAddressPool} from '../core/ipam.js';
import type {Container, ContainerState, KObject, Pod, PodStatus} from '../types.js';
import type {ImageProfile, ImageRef, Listening, ProcessContext, Step} from '../apps/types.js';
import type {ImageStore} from './images.js';
import type {LogStore} from './logs.js';
import type {Journal} from './journal.js';
import type {Tally} from '../core/tally.js';

export const SOURCE = 'kubelet';
/** Back-off after a crash or a failed pull: 10 s, doubling, capped at 300 s. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** One node's kubelet. */
export interface NodeAgent {
	name: string;
	/** Registration order: 0 for the first node. */
	index: number;
	alive: boolean;
	hostIP: string;
	images: ImageStore;
	podIPs: PodAddressPool;
	leaseTimer?: TimerId;
	/** Keys (namespace/name) of the pods it runs. */
	pods: Set<string>;
	/** Work held back while the kubelet is down. */
	pendingWhileDown: Set<string>;
	/** What `journalctl -u kubelet` shows on the node. */
	journal: Journal;
	/** The CRI runtime handlers containerd is configured with (`runc`; `runsc`, `kata` where installed). */
	handlers: readonly string[];
	/** The next inode number the kernel gives a new namespace, and the next PID. */
	nsNext: number;
	pidNext: number;
	/** Image pulls asked for and not finished (waiting for the node's pull queue included). */
	pullsInFlight: number;
	/** Counts each pull started (the control plane's counters). */
	pulls: Tally;
}

/** An OCI container as runc (or another OCI runtime) ran it: the times of its lifecycle states. */
export interface OciRecord {
	/** `creating` and `created` (runtime create), then `running` (runtime start): virtual epoch ms. */
	created: number;
	running?: number;
	stopped?: number;
	/** Its process's PID on the host. */
	pid: number;
	/** Inode of its mount namespace; its pid namespace is ns + 1, its cgroup namespace ns + 2. */
	ns: number;
}

/** A pod's sandbox (its pause container), holding the namespaces the pod's containers share. */
export interface SandboxRecord {
	created: number;
	pid: number;
	/** Inode of its network namespace; ipc is ns + 1, uts ns + 2, pid ns + 3, mnt ns + 4. */
	ns: number;
	/** The runtime handler it runs with ('' for the default, runc). */
	handler: string;
}

/** One container of a pod, as the runtime runs it. */
export interface ContainerRecord {
	spec: Container;
	init: boolean;
	/** An ephemeral container (`kubectl debug`): started once, never restarted. */
	ephemeral?: boolean;
	ref?: ImageRef;
	profile?: ImageProfile;
	imageID: string;
	containerID?: string;
	state: 'waiting' | 'running' | 'terminated';
	reason: string;
	message?: string;
	startedAt: number;
	finishedAt: number;
	exitCode: number;
	last?: ContainerState;
	restartCount: number;
	everStarted: boolean;
	ready: boolean;
	started: boolean;
	proc?: Iterator<Step>;
	ctx?: ProcessContext;
	stepTimer?: TimerId;
	probeTimers: TimerId[];
	liveFails: number;
	readyFails: number;
	readyOks: number;
	startupFails: number;
	backoffMs: number;
	pullBackoffMs: number;
	waitTimer?: TimerId;
	stopping: boolean;
	probesFail: boolean;
	memoryDemand: number;
	cpuDemand: number;
	listening?: Listening;
	/** The current instance as the OCI runtime ran it. */
	oci?: OciRecord;
}

/** One pod on its node: its sandbox, its containers and what was last reported. */
export interface PodWorker {
	key: string;
	uid: string;
	namespace: string;
	name: string;
	node: string;
	pod: Pod;
	inits: ContainerRecord[];
	ctrs: ContainerRecord[];
	/** Ephemeral containers added through the pods/ephemeralcontainers subresource. */
	ephemerals: ContainerRecord[];
	initIndex: number;
	ip?: string;
	startTime?: number;
	terminating: boolean;
	gone: boolean;
	flushScheduled: boolean;
	/** The status last written (a flush that builds the same one writes nothing). */
	lastWritten: PodStatus | undefined;
	configTimer?: TimerId;
	configBlocked: boolean;
	rps: number;
	/** Requests its servers answered from the pod network: the current second and the one before. */
	served?: {second: number; count: number; last: number};
	files: Record<string, string>;
	env: Record<string, string>;
	sandbox?: SandboxRecord;
}

/** What every part of the kubelet works with. */
export interface KubeletContext {
	api: ApiServer;
	store: Store;
	clock: Clock;
	rng: Rng;
	events: Pick<EventRecorder, 'record'>;
	logs: LogStore;
	agents: Map<string, NodeAgent>;
	workers: Map<string, PodWorker>;
	/** Claims whose volume is full (`namespace/claim`), with the bytes written: full until the claim's capacity is more. */
	fullVolumes: Map<string, number>;
	/** The files of emptyDir volumes (`pod:UID/volume`, gone with the pod) and of claims (`claim:namespace/name`, outliving pods): path in the volume -> content. */
	volumeFiles: Map<string, Record<string, string>>;
	/** The cluster-aware executables (wget, nslookup...) a container's own processes may run, when a pod network is attached. */
	tools?: (namespace: string, pod: string, container: string) => NonNullable<ProcessContext['tools']>;
}

export function newContainer(spec: Container, init: boolean): ContainerRecord {
	return {
		spec,
		init,
		imageID: '',
		state: 'waiting',
		reason: init ? 'PodInitializing' : 'ContainerCreating',
		startedAt: 0,
		finishedAt: 0,
		exitCode: 0,
		restartCount: 0,
		everStarted: false,
		ready: false,
		started: false,
		probeTimers: [],
		liveFails: 0,
		readyFails: 0,
		readyOks: 0,
		startupFails: 0,
		backoffMs: 0,
		pullBackoffMs: 0,
		stopping: false,
		probesFail: false,
		memoryDemand: 0,
		cpuDemand: 0,
	};
}

/** True when the pod's kubelet is down: the work waits in pendingWhileDown until it is back. */
export function heldWhileDown(k: KubeletContext, w: PodWorker): boolean {
	const agent = k.agents.get(w.node);
	if (agent?.alive) return false;
	agent?.pendingWhileDown.add(w.key);
	return true;
}

/** The journal of the pod's node. */
export function journalOf(k: KubeletContext, w: PodWorker): Journal | undefined {
	return k.agents.get(w.node)?.journal;
}

/** `namespace/name`, as klog.KObj prints a pod. */
export function podRef(w: PodWorker): string {
	return w.key;
}

/** The source of the kubelet's events about a pod. */
export function eventSource(w: PodWorker): {component: string; host: string} {
	return {component: SOURCE, host: w.node};
}

/** The field path of a container as events name it: spec.containers{web}, spec.initContainers{init}. */
export function containerPath(c: ContainerRecord): string {
	return `spec.${c.ephemeral ? 'ephemeralContainers' : c.init ? 'initContainers' : 'containers'}{${c.spec.name}}`;
}

/** The same path for events that name every container as spec.containers{...}. */
export function mainPath(c: ContainerRecord): string {
	return `spec.containers{${c.spec.name}}`;
}

/** Go's time.Duration formatting as the kubelet prints it: 529ms, 1.387s, 1m2.5s. */
export function goDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	const totalSeconds = ms / 1000;
	if (totalSeconds < 60) return `${trim(totalSeconds.toFixed(3))}s`;
	const m = Math.floor(totalSeconds / 60);
	const s = totalSeconds - m * 60;
	return `${m}m${trim(s.toFixed(3))}s`;
}

function trim(s: string): string {
	return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * The kubelet's event recorder: every event also goes to the node's journal, as the kubelet's
 * event broadcaster logs it (at --v=3, which the simulated kubelets run with).
 */
export class JournaledEvents {
	constructor(
		private readonly inner: EventRecorder,
		private readonly clock: Clock,
		private readonly agents: Map<string, NodeAgent>,
	) {}

	record(obj: KObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
		const journal = source.host ? this.agents.get(source.host)?.journal : undefined;
		if (journal) {
			const ns = obj.metadata.namespace;
			const object = ns ? `${ns}/${obj.metadata.name}` : obj.metadata.name;
			const kv: unknown[] = ['object', object];
			if (fieldPath) kv.push('fieldPath', fieldPath);
			kv.push('kind', obj.kind, 'apiVersion', obj.apiVersion, 'type', type, 'reason', reason, 'message', message);
			journal.add(this.clock.now(), 'I', 'event.go:389', 'Event occurred', ...kv);
		}
		this.inner.record(obj, type, reason, message, source, fieldPath);
	}
}
