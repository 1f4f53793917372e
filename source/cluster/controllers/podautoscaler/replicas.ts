// The replica calculator of the HorizontalPodAutoscaler: from the pods' samples and requests to
// a replica count for one metric, with upstream's treatment of unready pods and pods without
// metrics (kube-controller-manager's replica_calculator).
import type {Pod} from '../../types.js';
import {SCRAPE_MS} from '../../metrics/metrics.js';
import {parseQuantity} from '../../core/quantity.js';

/** Relative distance from 1.0 of the usage ratio within which nothing changes. */
export const TOLERANCE = 0.1;
/** The default `--horizontal-pod-autoscaler-cpu-initialization-period`. */
const CPU_INITIALIZATION_MS = 5 * 60_000;
/** The default `--horizontal-pod-autoscaler-initial-readiness-delay`. */
const INITIAL_READINESS_DELAY_MS = 30_000;
/** The window of a resource metrics sample (what metrics-server reports). */
const METRIC_WINDOW_MS = SCRAPE_MS;

export interface PodSample {
	value: number;
	timestamp: number;
}

/** Splits the pods as upstream does: ignored (deleted, failed), unready, missing metrics, ready. */
function groupPods(pods: Pod[], metrics: Map<string, PodSample>, resource: string, now: number) {
	let ready = 0;
	const unready = new Set<string>();
	const missing = new Set<string>();
	const ignored = new Set<string>();
	for (const pod of pods) {
		const name = pod.metadata.name;
		if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
			ignored.add(name);
			continue;
		}
		if (pod.status?.phase === 'Pending') {
			unready.add(name);
			continue;
		}
		const sample = metrics.get(name);
		if (!sample) {
			missing.add(name);
			continue;
		}
		if (resource === 'cpu') {
			const cond = pod.status?.conditions?.find(c => c.type === 'Ready');
			const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
			let isUnready: boolean;
			if (!cond || Number.isNaN(start)) isUnready = true;
			else {
				const transition = Date.parse(cond.lastTransitionTime ?? '') || 0;
				// within the CPU initialization period a sample counts only once the pod has been
				// ready for a whole metric window; after it, only pods never ready are skipped
				if (start + CPU_INITIALIZATION_MS > now) isUnready = cond.status === 'False' || sample.timestamp < transition + METRIC_WINDOW_MS;
				else isUnready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
			}
			if (isUnready) {
				unready.add(name);
				continue;
			}
		}
		ready++;
	}
	return {ready, unready, missing, ignored};
}

/** Sum of the requests of each pod for a resource (milli-units), or the upstream error. */
function podRequests(pods: Pod[], resource: string, container: string | undefined): Map<string, number> | string {
	const out = new Map<string, number>();
	for (const pod of pods) {
		let sum = 0;
		const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(c => c.restartPolicy === 'Always')];
		for (const c of containers) {
			if (container && c.name !== container) continue;
			const q = c.resources?.requests?.[resource];
			if (q === undefined || q === null) return `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`;
			sum += Math.ceil(parseQuantity(q) * 1000);
		}
		out.set(pod.metadata.name, sum);
	}
	return out;
}

function utilizationRatio(metrics: Map<string, number>, requests: Map<string, number>, target: number): {ratio: number; utilization: number; raw: number} | string {
	let total = 0;
	let requested = 0;
	let n = 0;
	for (const [pod, value] of metrics) {
		const req = requests.get(pod);
		if (req === undefined) continue;
		total += value;
		requested += req;
		n++;
	}
	if (requested === 0) return 'no metrics returned matched known pods';
	const utilization = Math.trunc((total * 100) / requested);
	return {ratio: utilization / target, utilization, raw: Math.trunc(total / n)};
}

/** GetResourceReplicas: the replica count for a Utilization target (exported for tests). */
export function utilizationReplicas(
	samples: Map<string, PodSample>,
	pods: Pod[],
	resource: string,
	container: string | undefined,
	currentReplicas: number,
	target: number,
	now: number,
): {replicas: number; utilization: number; raw: number} | string {
	if (!pods.length) return 'no pods returned by selector while calculating replica count';
	const g = groupPods(pods, samples, resource, now);
	const metrics = new Map<string, number>();
	for (const [pod, s] of samples) if (!g.ignored.has(pod) && !g.unready.has(pod)) metrics.set(pod, s.value);
	if (!metrics.size) return 'did not receive metrics for targeted pods (pods might be unready)';
	const requests = podRequests(pods, resource, container);
	if (typeof requests === 'string') return requests;
	const first = utilizationRatio(metrics, requests, target);
	if (typeof first === 'string') return first;
	const {ratio, utilization, raw} = first;
	const keep = {replicas: currentReplicas, utilization, raw};
	const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
	if (!scaleUpWithUnready && !g.missing.size) {
		if (Math.abs(1 - ratio) <= TOLERANCE) return keep;
		return {replicas: Math.ceil(ratio * g.ready), utilization, raw};
	}
	// assume the worst for the pods without a usable sample, then look again
	if (g.missing.size) {
		if (ratio < 1) {
			const fallback = Math.max(100, target);
			for (const pod of g.missing) metrics.set(pod, ((requests.get(pod) ?? 0) * fallback) / 100);
		} else if (ratio > 1) {
			for (const pod of g.missing) metrics.set(pod, 0);
		}
	}
	if (scaleUpWithUnready) for (const pod of g.unready) metrics.set(pod, 0);
	const second = utilizationRatio(metrics, requests, target);
	if (typeof second === 'string') return second;
	const next = second.ratio;
	if (Math.abs(1 - next) <= TOLERANCE || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return keep;
	const replicas = Math.ceil(next * metrics.size);
	if ((next < 1 && replicas > currentReplicas) || (next > 1 && replicas < currentReplicas)) return keep;
	return {replicas, utilization, raw};
}

export function plainReplicas(samples: Map<string, PodSample>, pods: Pod[], resource: string, currentReplicas: number, target: number, now: number): {replicas: number; usage: number} | string {
	if (!pods.length) return 'no pods returned by selector while calculating replica count';
	const g = groupPods(pods, samples, resource, now);
	const metrics = new Map<string, number>();
	for (const [pod, s] of samples) if (!g.ignored.has(pod) && !g.unready.has(pod)) metrics.set(pod, s.value);
	if (!metrics.size) return 'did not receive metrics for targeted pods (pods might be unready)';
	const usageRatio = (m: Map<string, number>) => {
		let total = 0;
		for (const v of m.values()) total += v;
		const usage = Math.trunc(total / m.size);
		return {ratio: usage / target, usage};
	};
	const {ratio, usage} = usageRatio(metrics);
	const keep = {replicas: currentReplicas, usage};
	const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
	if (!scaleUpWithUnready && !g.missing.size) {
		if (Math.abs(1 - ratio) <= TOLERANCE) return keep;
		return {replicas: Math.ceil(ratio * g.ready), usage};
	}
	if (g.missing.size) for (const pod of g.missing) metrics.set(pod, ratio < 1 ? target : 0);
	if (scaleUpWithUnready) for (const pod of g.unready) metrics.set(pod, 0);
	const next = usageRatio(metrics).ratio;
	if (Math.abs(1 - next) <= TOLERANCE || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return keep;
	const replicas = Math.ceil(next * metrics.size);
	if ((next < 1 && replicas > currentReplicas) || (next > 1 && replicas < currentReplicas)) return keep;
	return {replicas, usage};
}

// ---------------------------------------------------------------------- policies

