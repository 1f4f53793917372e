// Pod predicates every component agrees on (what Kubernetes keeps in podutil): active, ready,
// available, terminal; and the controllers' shared pod helpers (controller_utils): a pod made
// from a template, and the order in which surplus pods are deleted.
import type {KObject, NewPod, ObjectMeta, Pod, PodSpec, PodStatus, PodTemplateSpec} from '../types.js';
import {isTrue} from './conditions.js';

/** What the pod helpers read: a Pod, or an object of any kind that may be one (then its spec and status are a pod's). */
export interface PodLike {
	metadata: ObjectMeta;
	spec?: PodSpec;
	status?: PodStatus;
}

export function isPodActive(p: PodLike): boolean {
	const phase = p.status?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export function isPodReady(p: PodLike): boolean {
	return isTrue(p.status?.conditions, 'Ready');
}

/** Ready for at least minReadySeconds at `now` (epoch ms). */
export function isPodAvailable(p: PodLike, minReadySeconds: number, now: number): boolean {
	const c = p.status?.conditions?.find(x => x.type === 'Ready');
	if (!c || c.status !== 'True') return false;
	if (!minReadySeconds) return true;
	return now - Date.parse(c.lastTransitionTime ?? '') >= minReadySeconds * 1000;
}

/** Succeeded or Failed: the pod's containers will not run again. */
export function isTerminal(pod: PodLike): boolean {
	const phase = pod.status?.phase;
	return phase === 'Succeeded' || phase === 'Failed';
}

/** Builds a pod from a template, owned by `owner`. */
export function podFromTemplate(owner: KObject, template: PodTemplateSpec, name: string | undefined, extraLabels?: Record<string, string>): NewPod {
	const meta = template.metadata ?? {};
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			...(name ? {name} : {name: '', generateName: `${owner.metadata.name}-`}),
			namespace: owner.metadata.namespace,
			labels: extraLabels ? {...meta.labels, ...extraLabels} : meta.labels,
			...(meta.annotations ? {annotations: meta.annotations} : {}),
			ownerReferences: [{apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true}],
		},
		spec: {...template.spec},
	};
}

/**
 * Deletion order on scale-down: unscheduled first, then Pending < Unknown < Running, not ready
 * before ready, lower deletion cost, more siblings on the same node, ready more recently, more
 * restarts, newer.
 */
export function rankForDeletion(pods: Pod[]): Pod[] {
	const perNode = new Map<string, number>();
	for (const p of pods) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
	const phaseRank = (p: Pod) => (p.status?.phase === 'Pending' ? 0 : p.status?.phase === 'Unknown' ? 1 : 2);
	const cost = (p: Pod) => Number(p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0;
	const readyTime = (p: Pod) => Date.parse(p.status?.conditions?.find(c => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime ?? '') || 0;
	const restarts = (p: Pod) => (p.status?.containerStatuses ?? []).reduce((a, c) => a + c.restartCount, 0);
	return [...pods].sort((a, b) => {
		const sa = a.spec.nodeName ? 1 : 0;
		const sb = b.spec.nodeName ? 1 : 0;
		if (sa !== sb) return sa - sb;
		if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
		const ra = isPodReady(a) ? 1 : 0;
		const rb = isPodReady(b) ? 1 : 0;
		if (ra !== rb) return ra - rb;
		if (cost(a) !== cost(b)) return cost(a) - cost(b);
		const na = perNode.get(a.spec.nodeName ?? '') ?? 0;
		const nb = perNode.get(b.spec.nodeName ?? '') ?? 0;
		if (na !== nb) return nb - na;
		if (ra && rb && readyTime(a) !== readyTime(b)) return readyTime(b) - readyTime(a);
		if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
		const ca = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
		const cb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
		return cb - ca;
	});
}

/**
 * The value of a downward-API field of a pod (`metadata.name`, `metadata.labels['app']`,
 * `status.podIP`...), as the kubelet puts it in an environment variable; `live` gives the
 * addresses the kubelet knows before the pod's status shows them. Unknown paths give ''.
 */
export function downwardValue(pod: PodLike, path: string, live: {podIP?: string; hostIP?: string} = {}): string {
	const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
	if (m) return (pod.metadata[m[1] as 'labels' | 'annotations'] ?? {})[m[2]!] ?? '';
	switch (path) {
		case 'metadata.name':
			return pod.metadata.name;
		case 'metadata.namespace':
			return pod.metadata.namespace ?? '';
		case 'metadata.uid':
			return pod.metadata.uid ?? '';
		case 'spec.nodeName':
			return pod.spec?.nodeName ?? '';
		case 'spec.serviceAccountName':
			return pod.spec?.serviceAccountName ?? 'default';
		case 'status.podIP':
			return live.podIP ?? pod.status?.podIP ?? '';
		case 'status.hostIP':
			return live.hostIP ?? pod.status?.hostIP ?? '';
		case 'status.podIPs':
			return live.podIP ?? (pod.status?.podIPs ?? []).map(p => p.ip).join(',');
		case 'status.hostIPs':
			return live.hostIP ?? (pod.status?.hostIPs ?? []).map(p => p.ip).join(',');
		default:
			return '';
	}
}

/**
 * Runs `create` `count` times in batches of 1, 2, 4, 8... as the real controllers' slow start
 * does: a batch runs only when every call of the one before succeeded, so a create that fails
 * (a quota, a terminating namespace) costs one failed call instead of `count`. Returns how many
 * succeeded; the first failure is thrown after its batch.
 */
export function slowStartBatch(count: number, create: () => void): number {
	let done = 0;
	for (let batch = Math.min(1, count); done < count; batch = Math.min(batch * 2, count - done)) {
		let failure: unknown;
		let failed = false;
		for (let i = 0; i < batch; i++) {
			try {
				create();
			} catch (e) {
				if (!failed) failure = e;
				failed = true;
			}
		}
		if (failed) throw failure;
		done += batch;
	}
	return done;
}
