// The DefaultPreemption post-filter: when a pod fits no node, look for a node where evicting
// pods of lower priority would make room. On each node that could help, all lower-priority pods
// are taken off, then given back from the highest priority down while the pod still fits; the
// ones that cannot come back are the victims. Of the candidate nodes the one with the lowest
// highest-victim priority wins, then the lowest sum of priorities, then the fewest victims, then
// the latest start among its highest-priority victims.
import type {Pod} from '../types.js';
import {type NodeInfo, type PodRequests, podRequests} from './nodeinfo.js';
import {ANTI_AFFINITY_MISMATCH, EXISTING_ANTI_AFFINITY_MISMATCH} from './interpodaffinity.js';
import {SPREAD_MISMATCH} from './podtopologyspread.js';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * Filter reasons that taking pods off a node can cure (Unschedulable, not UnschedulableAndUnresolvable);
 * every other one cannot. Victims are looked for by resources and ports only: on a node that
 * fails anti-affinity or spreading, none are found.
 */
const RESOLVABLE = new Set(['Too many pods', "node(s) didn't have free ports for the requested pod ports", ANTI_AFFINITY_MISMATCH, EXISTING_ANTI_AFFINITY_MISMATCH, SPREAD_MISMATCH]);

export function resolvable(reasons: readonly string[]): boolean {
	return reasons.length > 0 && reasons.every(r => RESOLVABLE.has(r) || r.startsWith('Insufficient '));
}

export const priorityOf = (p: Pod) => p.spec.priority ?? 0;

export interface Candidate {
	node: NodeInfo;
	victims: Pod[];
}

interface Freed {
	cpu: number;
	mem: number;
	pods: number;
	ports: Map<string, number>;
	scalar: Map<string, number>;
}

function fits(req: PodRequests, n: NodeInfo, freed: Freed): boolean {
	if (n.pods - freed.pods + 1 > n.allocPods) return false;
	if (req.cpu > 0 && n.reqCpu - freed.cpu + req.cpu > n.allocCpu) return false;
	if (req.mem > 0 && n.reqMem - freed.mem + req.mem > n.allocMem) return false;
	for (const p of req.ports) if ((n.hostPorts.get(p) ?? 0) - (freed.ports.get(p) ?? 0) > 0) return false;
	if (req.scalar) for (const [k, v] of req.scalar) if ((n.reqScalar.get(k) ?? 0) - (freed.scalar.get(k) ?? 0) + v > (n.allocScalar.get(k) ?? 0)) return false;
	return true;
}

function take(freed: Freed, r: PodRequests, sign: 1 | -1): void {
	freed.cpu += sign * r.cpu;
	freed.mem += sign * r.mem;
	freed.pods += sign;
	for (const p of r.ports) freed.ports.set(p, (freed.ports.get(p) ?? 0) + sign);
	if (r.scalar) for (const [k, v] of r.scalar) freed.scalar.set(k, (freed.scalar.get(k) ?? 0) + sign * v);
}

const startOf = (p: Pod) => p.status?.startTime ?? p.metadata.creationTimestamp ?? '';

/** The fewest victims on one node that make room for the pod, or undefined when none would. */
export function selectVictims(pod: Pod, req: PodRequests, n: NodeInfo, podsOnNode: readonly Pod[]): Pod[] | undefined {
	const prio = priorityOf(pod);
	const lower = podsOnNode.filter(p => priorityOf(p) < prio && !p.metadata.deletionTimestamp);
	if (!lower.length) return undefined;
	const freed: Freed = {cpu: 0, mem: 0, pods: 0, ports: new Map(), scalar: new Map()};
	const reqs = new Map(lower.map(p => [p, podRequests(p)]));
	for (const p of lower) take(freed, reqs.get(p)!, 1);
	if (!fits(req, n, freed)) return undefined;
	// most important first: higher priority, then the longer running
	const order = [...lower].sort((a, b) => priorityOf(b) - priorityOf(a) || (startOf(a) < startOf(b) ? -1 : startOf(a) > startOf(b) ? 1 : 0));
	const victims: Pod[] = [];
	for (const p of order) {
		take(freed, reqs.get(p)!, -1);
		if (!fits(req, n, freed)) {
			take(freed, reqs.get(p)!, 1);
			victims.push(p);
		}
	}
	return victims;
}

/** The candidate the real scheduler would pick (pickOneNodeForPreemption, without budgets). */
export function pickCandidate(candidates: readonly Candidate[]): Candidate | undefined {
	let best: Candidate | undefined;
	let bestKey: [number, number, number, string] | undefined;
	for (const c of candidates) {
		const top = Math.max(...c.victims.map(priorityOf));
		const sum = c.victims.reduce((s, p) => s + priorityOf(p) + 2147483648, 0);
		const topStarts = c.victims.filter(p => priorityOf(p) === top).map(startOf).sort();
		const earliest = topStarts[0] ?? '';
		const key: [number, number, number, string] = [top, sum, c.victims.length, earliest];
		if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && (key[2] < bestKey[2] || (key[2] === bestKey[2] && key[3] > bestKey[3])))))) {
			best = c;
			bestKey = key;
		}
	}
	return best;
}
