// Pod: v1 pods.
import type {Container, ContainerStatus, Pod, PodSpec, PodStatus} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, controllerName, age, formatSelector, humanDuration, rfc1123z, timeOf} from '../format.js';
import {describeContainers, describeVolumes, writeEvents} from '../describe.js';
import {podQOS} from '../resources.js';
import {podApi} from './api.js';
import {podView} from './view.js';

/** What the READY, STATUS and RESTARTS columns of a pod summarise. */
export interface PodSummary {
	readyContainers: number;
	totalContainers: number;
	/** The STATUS column: Running, CrashLoopBackOff, Init:0/1, Terminating, Completed... */
	status: string;
	restarts: number;
	/** When the last restarted container last terminated (epoch ms), if known. */
	lastRestart?: number;
}

function isSidecar(c: Container | undefined): boolean {
	return c?.restartPolicy === 'Always';
}

function conditionTrue(pod: Pod, type: string): boolean {
	return (pod.status?.conditions ?? []).some(c => c.type === type && c.status === 'True');
}

function initializedTrue(pod: Pod): boolean {
	const c = (pod.status?.conditions ?? []).find(c => c.type === 'Initialized');
	return c?.status === 'True';
}

function laterOf(current: number | undefined, ts: string | undefined): number | undefined {
	const t = timeOf(ts);
	if (t === undefined) return current;
	return current === undefined || t > current ? t : current;
}

/**
 * Summarises a pod the way `kubectl get pods` does: ready containers, the STATUS reason (phase,
 * then status.reason, init containers, then main containers from last to first, Terminating or
 * Unknown when deleted) and restarts with the time of the latest one.
 */
export function podSummary(pod: Pod): PodSummary {
	const spec: Partial<PodSpec> = pod.spec ?? {};
	const status: Partial<PodStatus> = pod.status ?? {};
	const containers: Container[] = spec.containers ?? [];
	const initContainers: Container[] = spec.initContainers ?? [];
	const phase: string = status.phase ?? 'Pending';
	let reason: string = status.reason || phase;
	for (const c of status.conditions ?? []) {
		if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
	}
	const initByName = new Map(initContainers.map(c => [c.name, c]));
	const total = containers.length + initContainers.filter(isSidecar).length;
	let ready = 0;
	let restarts = 0;
	let lastRestart: number | undefined;
	let sidecarRestarts = 0;
	let sidecarLastRestart: number | undefined;

	let initializing = false;
	const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
	for (let i = 0; i < initStatuses.length; i++) {
		const cs = initStatuses[i]!;
		restarts += cs.restartCount ?? 0;
		lastRestart = laterOf(lastRestart, cs.lastState?.terminated?.finishedAt);
		const sidecar = isSidecar(initByName.get(cs.name));
		if (sidecar) {
			sidecarRestarts += cs.restartCount ?? 0;
			sidecarLastRestart = laterOf(sidecarLastRestart, cs.lastState?.terminated?.finishedAt);
		}
		const terminated = cs.state?.terminated;
		const waiting = cs.state?.waiting;
		if (terminated && terminated.exitCode === 0) continue;
		if (sidecar && cs.started) {
			if (cs.ready) ready++;
			continue;
		}
		if (terminated) {
			if (!terminated.reason) {
				reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
			} else {
				reason = `Init:${terminated.reason}`;
			}
		} else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
			reason = `Init:${waiting.reason}`;
		} else {
			reason = `Init:${i}/${initContainers.length}`;
		}
		initializing = true;
		break;
	}

	if (!initializing || initializedTrue(pod)) {
		restarts = sidecarRestarts;
		lastRestart = sidecarLastRestart;
		let hasRunning = false;
		const statuses: ContainerStatus[] = status.containerStatuses ?? [];
		for (let i = statuses.length - 1; i >= 0; i--) {
			const cs = statuses[i]!;
			restarts += cs.restartCount ?? 0;
			lastRestart = laterOf(lastRestart, cs.lastState?.terminated?.finishedAt);
			const waiting = cs.state?.waiting;
			const terminated = cs.state?.terminated;
			if (waiting && waiting.reason) {
				reason = waiting.reason;
			} else if (terminated && terminated.reason) {
				reason = terminated.reason;
			} else if (terminated) {
				reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
			} else if (cs.ready && cs.state?.running) {
				hasRunning = true;
				ready++;
			}
		}
		if (reason === 'Completed' && hasRunning) {
			reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
		}
	}

	if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') {
		reason = 'Unknown';
	} else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
		reason = 'Terminating';
	}

	return {readyContainers: ready, totalContainers: total, status: reason, restarts, lastRestart};
}

/** The STATUS column of `kubectl get pods`. */
export function podStatus(pod: Pod): string {
	return podSummary(pod).status;
}

/** The READY column of `kubectl get pods`: `2/3`. */
export function podReady(pod: Pod): string {
	const s = podSummary(pod);
	return `${s.readyContainers}/${s.totalContainers}`;
}

/** The RESTARTS column: `0`, or `3 (45s ago)` when the last restart time is known. */
export function podRestarts(pod: Pod, now: number): string {
	return formatRestarts(podSummary(pod), now);
}

function formatRestarts(s: PodSummary, now: number): string {
	if (s.restarts !== 0 && s.lastRestart !== undefined) return `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)`;
	return String(s.restarts);
}


/** The IP column: the first pod IP, or `<none>`. */
export function podIP(pod: Pod): string {
	return pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
}

function readinessGates(pod: Pod): string {
	const gates = pod.spec?.readinessGates ?? [];
	if (!gates.length) return '<none>';
	let trueCount = 0;
	for (const g of gates) {
		const c = (pod.status?.conditions ?? []).find(c => c.type === g.conditionType);
		if (c?.status === 'True') trueCount++;
	}
	return `${trueCount}/${gates.length}`;
}

function describePod(pod: Pod, ctx: RenderContext): string {
	const spec: Partial<PodSpec> = pod.spec ?? {};
	const status: Partial<PodStatus> = pod.status ?? {};
	const w = new DescribeWriter();
	w.item(0, 'Name', pod.metadata.name);
	w.item(0, 'Namespace', pod.metadata.namespace ?? '');
	// Admission always sets these on a real pod: priority 0 without a class, the default account.
	w.item(0, 'Priority', spec.priority ?? 0);
	if (spec.priorityClassName) w.item(0, 'Priority Class Name', spec.priorityClassName);
	if (spec.runtimeClassName) w.item(0, 'Runtime Class Name', spec.runtimeClassName);
	w.item(0, 'Service Account', spec.serviceAccountName || spec.serviceAccount || 'default');
	w.item(0, 'Node', spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>');
	if (status.startTime) w.item(0, 'Start Time', rfc1123z(status.startTime));
	w.labels('Labels', pod.metadata.labels);
	w.annotations('Annotations', pod.metadata.annotations);
	if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
		w.item(0, 'Status', `Terminating (lasts ${age(pod.metadata.deletionTimestamp, ctx.now)})`);
		const grace = pod.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
		w.item(0, 'Termination Grace Period', `${grace}s`);
	} else {
		w.item(0, 'Status', status.phase ?? '');
	}
	if (status.reason) w.item(0, 'Reason', status.reason);
	if (status.message) w.item(0, 'Message', status.message);
	w.item(0, 'IP', status.podIP ?? '');
	const ips = status.podIPs ?? [];
	if (!ips.length) {
		w.item(0, 'IPs', '<none>');
	} else {
		w.write(0, 'IPs:\n');
		for (const ip of ips) w.item(1, 'IP', ip.ip);
	}
	const controlledBy = controllerName(pod);
	if (controlledBy) w.item(0, 'Controlled By', controlledBy);
	if (status.nominatedNodeName) w.item(0, 'NominatedNodeName', status.nominatedNodeName);
	if (spec.initContainers && spec.initContainers.length) {
		describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, '', pod);
	}
	describeContainers(w, 'Containers', spec.containers, status.containerStatuses, '', pod);
	const gates = spec.readinessGates ?? [];
	if (gates.length) {
		w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
		for (const g of gates) {
			const c = (status.conditions ?? []).find(c => c.type === g.conditionType);
			w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
		}
	}
	const conditions = status.conditions ?? [];
	if (conditions.length) {
		w.write(0, 'Conditions:\n  Type\tStatus\n');
		for (const c of conditions) w.write(1, `${c.type} \t${c.status} \n`);
	}
	describeVolumes(w, spec.volumes, '');
	w.item(0, 'QoS Class', podQOS(pod));
	w.labels('Node-Selectors', spec.nodeSelector);
	w.tolerations('Tolerations', spec.tolerations);
	const spread = spec.topologySpreadConstraints ?? [];
	if (spread.length) {
		const sorted = [...spread].sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
		w.list('Topology Spread Constraints', sorted.map(t =>
			`${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded` +
			(t.labelSelector ? ` for selector ${formatSelector(t.labelSelector)}` : ''),
		));
	}
	writeEvents(w, pod, ctx);
	return w.toString();
}

export const pod: KindInfo = {
	kind: 'Pod',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'pods',
	singular: 'pod',
	namespaced: true,
	shortNames: ['po'],
	categories: ['all'],
	subresources: ['status', 'log', 'eviction', 'exec', 'binding', 'ephemeralcontainers', 'proxy'],
	api: podApi,
	protobuf: 'k8s.io.api.core.v1.Pod',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Ready', type: 'string', priority: 0, keep: 'always', description: 'The aggregate readiness state of this pod for accepting traffic.'},
		{name: 'Status', type: 'string', priority: 0, keep: 'always', description: 'The aggregate status of the containers in this pod.'},
		{name: 'Restarts', type: 'string', priority: 0, description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'IP', type: 'string', priority: 1},
		{name: 'Node', type: 'string', priority: 1, keep: 1},
		{name: 'Nominated Node', type: 'string', priority: 1},
		{name: 'Readiness Gates', type: 'string', priority: 1},
	],
	row: (obj: Pod, ctx) => {
		const s = podSummary(obj);
		return [
			obj.metadata.name,
			`${s.readyContainers}/${s.totalContainers}`,
			s.status,
			formatRestarts(s, ctx.now),
			age(obj.metadata.creationTimestamp, ctx.now),
			podIP(obj),
			obj.spec?.nodeName || '<none>',
			obj.status?.nominatedNodeName || '<none>',
			readinessGates(obj),
		];
	},
	describe: describePod,
	capabilities: {loggable: true},
	// the scheduler bound it: created again, it is scheduled again
	exported: obj => {
		delete (obj.spec as {nodeName?: string} | undefined)?.nodeName;
		return obj;
	},
	view: podView,
};
