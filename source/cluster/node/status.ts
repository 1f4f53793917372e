// The status manager: builds a pod's status from its worker (phase, conditions, container
// statuses, IPs) and writes it to the API server, at most once per instant and only when it
// changed.
import type {Clock} from '../clock.js';
import {setCondition} from '../core/conditions.js';
import {sameJson} from '../core/json.js';
import type {Condition, ContainerState, ContainerStatus, Pod, PodStatus} from '../types.js';
import {heldWhileDown, type ContainerRecord, type KubeletContext, type PodWorker} from './state.js';

export class StatusManager {
	constructor(private readonly k: KubeletContext) {}

	/** Asks for the pod's status to be written once the current instant's work is done. */
	markDirty(w: PodWorker): void {
		if (w.flushScheduled || w.gone) return;
		w.flushScheduled = true;
		this.k.clock.after(0, () => {
			w.flushScheduled = false;
			this.flush(w);
		});
	}

	/** Writes the pod's status at once: its last word before the worker goes (a terminal phase). */
	flushNow(w: PodWorker): void {
		this.flush(w);
	}

	private flush(w: PodWorker): void {
		if (w.gone || heldWhileDown(this.k, w)) return;
		const pod = this.k.store.get<Pod>('Pod', w.namespace, w.name);
		if (!pod || pod.metadata.uid !== w.uid) return;
		const status = this.build(w, pod);
		if (w.lastWritten && sameJson(status, w.lastWritten)) return;
		w.lastWritten = status;
		this.k.api.setStatus(pod, status);
	}

	private build(w: PodWorker, pod: Pod): PodStatus {
		const clock = this.k.clock;
		const hostIP = this.k.agents.get(w.node)?.hostIP;
		return {
			phase: podPhase(w),
			conditions: podConditions(w, pod.status.conditions ?? [], clock.iso()),
			hostIP,
			hostIPs: [{ip: hostIP ?? ''}],
			...(w.ip ? {podIP: w.ip, podIPs: [{ip: w.ip}]} : {}),
			...(w.startTime !== undefined ? {startTime: clock.iso(w.startTime)} : {}),
			...(w.inits.length ? {initContainerStatuses: w.inits.map(c => containerStatus(c, clock))} : {}),
			containerStatuses: w.ctrs.map(c => containerStatus(c, clock)),
			...(w.ephemerals.length ? {ephemeralContainerStatuses: w.ephemerals.map(c => containerStatus(c, clock))} : {}),
			qosClass: pod.status.qosClass,
		};
	}
}

function containerStatus(c: ContainerRecord, clock: Clock): ContainerStatus {
	let state: ContainerState;
	if (c.state === 'running') state = {running: {startedAt: clock.iso(c.startedAt)}};
	else if (c.state === 'terminated')
		state = {terminated: {exitCode: c.exitCode, reason: c.reason, startedAt: clock.iso(c.startedAt), finishedAt: clock.iso(c.finishedAt), ...(c.containerID ? {containerID: c.containerID} : {})}};
	else state = {waiting: c.message ? {reason: c.reason, message: c.message} : {reason: c.reason}};
	return {
		name: c.spec.name,
		image: c.spec.image,
		imageID: c.imageID,
		...(c.containerID ? {containerID: c.containerID} : {}),
		ready: c.ready,
		started: c.state === 'running' && c.started,
		restartCount: c.restartCount,
		state,
		lastState: c.last ?? {},
	};
}

function podConditions(w: PodWorker, previous: Condition[], now: string): Condition[] {
	const initDone = w.initIndex >= w.inits.length;
	const allReady = initDone && !w.terminating && w.ctrs.every(c => c.ready && c.state === 'running');
	const unready = w.ctrs.filter(c => !(c.ready && c.state === 'running')).map(c => c.spec.name);
	const incomplete = `containers with incomplete status: [${w.inits.slice(w.initIndex).map(c => c.spec.name).join(' ')}]`;
	const at = {lastProbeTime: null, lastTransitionTime: now};
	let conditions = setCondition(previous, {type: 'PodReadyToStartContainers', status: w.ip ? 'True' : 'False', ...at});
	conditions = setCondition(
		conditions,
		initDone ? {type: 'Initialized', status: 'True', ...at} : {type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: incomplete, ...at},
	);
	const ready = allReady
		? {status: 'True' as const}
		: {status: 'False' as const, reason: initDone ? 'ContainersNotReady' : 'ContainersNotInitialized', message: initDone ? `containers with unready status: [${unready.join(' ')}]` : incomplete};
	conditions = setCondition(conditions, {type: 'Ready', ...ready, ...at});
	conditions = setCondition(conditions, {type: 'ContainersReady', ...ready, ...at});
	conditions = setCondition(conditions, {type: 'PodScheduled', status: 'True', ...at});
	return orderConditions(conditions);
}

function podPhase(w: PodWorker): PodStatus['phase'] {
	const policy = w.pod.spec.restartPolicy ?? 'Always';
	if (w.initIndex < w.inits.length) {
		const c = w.inits[w.initIndex]!;
		if (c.state === 'terminated' && c.exitCode !== 0 && policy === 'Never') return 'Failed';
		return 'Pending';
	}
	let running = 0;
	let neverRan = 0;
	let restarting = 0;
	let failed = 0;
	let succeeded = 0;
	for (const c of w.ctrs) {
		if (c.state === 'running') running++;
		else if (c.state === 'waiting') (c.everStarted ? restarting++ : neverRan++);
		else if (c.exitCode === 0) succeeded++;
		else failed++;
	}
	const willRestart = (c: ContainerRecord) => policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
	if (running || restarting) return 'Running';
	if (neverRan) return 'Pending';
	if (!w.terminating && w.ctrs.some(c => c.state === 'terminated' && willRestart(c))) return 'Running';
	if (failed) return 'Failed';
	return succeeded ? 'Succeeded' : 'Pending';
}

const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

function orderConditions<T extends {type: string}>(list: T[]): T[] {
	const sorted = [...list].sort((a, b) => rank(a.type) - rank(b.type));
	return sorted.every((c, i) => c === list[i]) ? list : sorted;
}

function rank(t: string): number {
	const i = CONDITION_ORDER.indexOf(t);
	return i < 0 ? 99 : i;
}
