// The cluster's pulse: CPU and memory use against allocatable, pods by phase and events, sampled
// as simulated (or real) time passes, for the header and for `:pulses`.
import type {ClusterClient} from '../client/types.js';
import {bytes, milliCpu} from '../cluster/core/quantity.js';

export interface ClusterTotals {
	nodes: number;
	ready: number;
	/** Fractions of allocatable in use. */
	cpu: number;
	mem: number;
}

/** Nodes, ready nodes, and CPU and memory use as fractions of what the nodes can allocate. */
export function clusterTotals(client: Pick<ClusterClient, 'list' | 'usage'>): ClusterTotals {
	const nodes = client.list('Node');
	let cpuAlloc = 0;
	let memAlloc = 0;
	let cpuUsed = 0;
	let memUsed = 0;
	let ready = 0;
	for (const n of nodes) {
		cpuAlloc += milliCpu(n.status?.allocatable?.cpu);
		memAlloc += bytes(n.status?.allocatable?.memory);
		const u = client.usage('Node', undefined, n.metadata.name);
		if (u) {
			cpuUsed += u.cpuMilli;
			memUsed += u.memoryBytes;
		}
		if (n.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True')) ready++;
	}
	return {nodes: nodes.length, ready, cpu: cpuAlloc ? cpuUsed / cpuAlloc : 0, mem: memAlloc ? memUsed / memAlloc : 0};
}

export interface PulseSample {
	/** Cluster time of the sample (epoch ms). */
	at: number;
	cpu: number;
	mem: number;
	running: number;
	pending: number;
	failed: number;
	succeeded: number;
	/** Events seen in the interval before the sample, by type. */
	normal: number;
	warning: number;
}

/** How often `:pulses` samples, in cluster time. */
export const PULSE_EVERY_MS = 5000;
/** Samples kept: ten minutes at one every five seconds. */
export const PULSE_SAMPLES = 120;

/**
 * A sample of the cluster now. Events count by their `count` since the last sample: `seen` holds
 * each event's count then (by uid), and is updated; with no earlier sample nothing counts yet.
 */
export function samplePulse(client: Pick<ClusterClient, 'list' | 'usage' | 'now'>, namespace: string | undefined, seen: Map<string, number>, first: boolean): PulseSample {
	const {cpu, mem} = clusterTotals(client);
	const s: PulseSample = {at: client.now(), cpu, mem, running: 0, pending: 0, failed: 0, succeeded: 0, normal: 0, warning: 0};
	for (const p of client.list('Pod', {namespace})) {
		const phase = p.status?.phase ?? 'Pending';
		if (phase === 'Running') s.running++;
		else if (phase === 'Pending') s.pending++;
		else if (phase === 'Failed') s.failed++;
		else if (phase === 'Succeeded') s.succeeded++;
	}
	const live = new Set<string>();
	for (const e of client.list('Event', {namespace})) {
		const key = e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`;
		live.add(key);
		const count = e.series?.count ?? e.count ?? 1;
		const fresh = count - (seen.get(key) ?? 0);
		seen.set(key, count);
		if (first || fresh <= 0) continue;
		if (e.type === 'Warning') s.warning += fresh;
		else s.normal += fresh;
	}
	// events that expired are forgotten
	for (const key of seen.keys()) if (!live.has(key)) seen.delete(key);
	return s;
}

/** Samples over time; `tick` adds one when PULSE_EVERY_MS of cluster time has passed. */
export class PulseHistory {
	readonly samples: PulseSample[] = [];
	private readonly seen = new Map<string, number>();

	tick(client: Pick<ClusterClient, 'list' | 'usage' | 'now'>, namespace: string | undefined): boolean {
		const last = this.samples.at(-1);
		const now = client.now();
		if (last && now - last.at < PULSE_EVERY_MS) return false;
		this.samples.push(samplePulse(client, namespace, this.seen, !last));
		if (this.samples.length > PULSE_SAMPLES) this.samples.splice(0, this.samples.length - PULSE_SAMPLES);
		return true;
	}
}
