// The autoscaler's own scheduling simulation: does a pod fit a node (a real one with what is
// already on it, or the template of a node a group would add), and if not, the scheduler's
// reasons why. Nodes here are plain capacity records, filled pod by pod as the simulation places them.
import type {Labels, Pod, Taint} from '../../types.js';
import {bytes, milliCpu, parseQuantity} from '../../core/quantity.js';
import {fromLabelSelector, matches} from '../../core/selectors.js';
import {tolerates} from '../../core/tolerations.js';

export interface SimNode {
	name: string;
	labels: Labels;
	taints: Taint[];
	allocCpu: number;
	allocMem: number;
	allocPods: number;
	reqCpu: number;
	reqMem: number;
	pods: number;
	/** Extended resources (`example.com/dongle`) left free; a node template offers none. */
	extended?: Map<string, number>;
}

export interface Requests {
	cpu: number;
	mem: number;
	/** Extended resources requested (a limit alone counts as the request), when any. */
	extended?: Map<string, number>;
}

/** Extended resources are the domain-prefixed names (`nvidia.com/gpu`), outside kubernetes.io. */
export function isExtended(name: string): boolean {
	return name.includes('/') && !name.startsWith('kubernetes.io/');
}

/** Requests the way the scheduler sums them: containers, or the largest init container when more. */
export function requestsOf(pod: Pod): Requests {
	let cpu = 0;
	let mem = 0;
	let extended: Map<string, number> | undefined;
	for (const c of pod.spec.containers ?? []) {
		const r = c.resources?.requests ?? {};
		const l = c.resources?.limits ?? {};
		cpu += milliCpu(r.cpu ?? l.cpu);
		mem += bytes(r.memory ?? l.memory);
		for (const k of new Set([...Object.keys(r), ...Object.keys(l)])) {
			if (!isExtended(k)) continue;
			const v = parseQuantity(r[k] ?? l[k]);
			if (v > 0) (extended ??= new Map()).set(k, (extended.get(k) ?? 0) + v);
		}
	}
	for (const c of pod.spec.initContainers ?? []) {
		const r = c.resources?.requests ?? {};
		const l = c.resources?.limits ?? {};
		cpu = Math.max(cpu, milliCpu(r.cpu ?? l.cpu));
		mem = Math.max(mem, bytes(r.memory ?? l.memory));
	}
	return extended ? {cpu, mem, extended} : {cpu, mem};
}

/** The reasons a pod cannot go to the node (empty when it fits), as the scheduler's filters word them. */
export function misfits(pod: Pod, req: Requests, n: SimNode): string[] {
	const spec = pod.spec;
	const sel = spec.nodeSelector;
	if (sel) for (const k in sel) if (n.labels[k] !== sel[k]) return ["node(s) didn't match Pod's node affinity/selector"];
	const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	if (terms?.length && !terms.some(t => (t.matchExpressions?.length ?? 0) > 0 && matches(fromLabelSelector({matchExpressions: t.matchExpressions ?? []}), n.labels)))
		return ["node(s) didn't match Pod's node affinity/selector"];
	for (const t of n.taints)
		if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations, t)) return [`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`];
	const reasons: string[] = [];
	if (n.pods + 1 > n.allocPods) reasons.push('Too many pods');
	if (req.cpu > 0 && n.reqCpu + req.cpu > n.allocCpu) reasons.push('Insufficient cpu');
	if (req.mem > 0 && n.reqMem + req.mem > n.allocMem) reasons.push('Insufficient memory');
	if (req.extended) for (const [k, v] of req.extended) if (v > (n.extended?.get(k) ?? 0)) reasons.push(`Insufficient ${k}`);
	return reasons;
}

export function place(n: SimNode, req: Requests): void {
	n.reqCpu += req.cpu;
	n.reqMem += req.mem;
	n.pods++;
	if (req.extended && n.extended) for (const [k, v] of req.extended) n.extended.set(k, (n.extended.get(k) ?? 0) - v);
}
