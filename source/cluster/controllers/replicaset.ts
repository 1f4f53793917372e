// The ReplicaSet controller: keeps `replicas` pods of the template alive, deletes the surplus in
// the order Kubernetes ranks them, and publishes replicas/ready/available counts.
import type {KObject, Pod} from '../types.js';
import {isTrue} from './conditions.js';
import type {ControllerContext} from './context.js';
import type {Reconciler} from './runner.js';
import {splitKey} from './context.js';

const SOURCE = {component: 'replicaset-controller'};

export function isPodActive(p: KObject): boolean {
	const phase = p.status?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export function isPodReady(p: KObject): boolean {
	return isTrue(p.status?.conditions, 'Ready');
}

/** Ready for at least minReadySeconds at `now` (epoch ms). */
export function isPodAvailable(p: KObject, minReadySeconds: number, now: number): boolean {
	const c = p.status?.conditions?.find((x: any) => x.type === 'Ready');
	if (!c || c.status !== 'True') return false;
	if (!minReadySeconds) return true;
	return now - Date.parse(c.lastTransitionTime) >= minReadySeconds * 1000;
}

export function controllerOf(obj: KObject): {kind: string; name: string; uid: string} | undefined {
	return obj.metadata.ownerReferences?.find(o => o.controller);
}

/** Pods controlled by an owner, from the owner index. */
export function ownedPods(ctx: ControllerContext, owner: KObject): Pod[] {
	const out: Pod[] = [];
	for (const d of ctx.store.dependents(owner.metadata.uid!)) {
		if (d.kind === 'Pod' && controllerOf(d)?.uid === owner.metadata.uid) out.push(d as Pod);
	}
	return out;
}

/** Builds a pod from a template, owned by `owner`. */
export function podFromTemplate(owner: KObject, template: any, name: string | undefined, extraLabels?: Record<string, string>): KObject {
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

/** How long readiness changes wait before the status counters are recomputed (coalescing bursts). */
const STATUS_DELAY_MS = 500;

export class ReplicaSetController implements Reconciler {
	readonly name = 'replicaset';
	private statusSoon = new Set<string>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('ReplicaSet', (_t, rs) => ctx.runner.enqueue(this, `${rs.metadata.namespace}/${rs.metadata.name}`));
		ctx.store.watch('Pod', (type, pod, old) => {
			const owner = controllerOf(pod);
			if (owner?.kind !== 'ReplicaSet') return;
			const key = `${pod.metadata.namespace}/${owner.name}`;
			if (type === 'MODIFIED' && old && isPodActive(old) === isPodActive(pod)) {
				// status-only churn that does not change readiness is not interesting; readiness
				// changes only move the counters, which are published within a second
				if (isPodReady(old) === isPodReady(pod) && old.status?.phase === pod.status?.phase) return;
				if (!this.statusSoon.has(key)) {
					this.statusSoon.add(key);
					ctx.clock.after(STATUS_DELAY_MS, () => {
						this.statusSoon.delete(key);
						ctx.runner.enqueue(this, key);
					});
				}
				return;
			}
			ctx.runner.enqueue(this, key);
		});
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, api, clock, events} = this.ctx;
		const rs = store.get('ReplicaSet', ns, name);
		if (!rs || rs.metadata.deletionTimestamp) return;
		const all = ownedPods(this.ctx, rs);
		const active = all.filter(isPodActive);
		const want = rs.spec.replicas ?? 1;
		const diff = active.length - want;
		if (diff < 0) {
			for (let i = 0; i < -diff; i++) {
				const pod = api.create(podFromTemplate(rs, rs.spec.template, undefined), {trusted: true});
				events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
				active.push(pod as Pod);
			}
		} else if (diff > 0) {
			const victims = rankForDeletion(active).slice(0, diff);
			for (const p of victims) {
				api.delete('Pod', ns, p.metadata.name);
				events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
			}
			const gone = new Set(victims);
			for (let i = active.length - 1; i >= 0; i--) if (gone.has(active[i]!)) active.splice(i, 1);
		}
		const minReady = rs.spec.minReadySeconds ?? 0;
		const now = clock.now();
		let ready = 0;
		let available = 0;
		let labeled = 0;
		let waitAvailable = false;
		const templateLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {});
		for (const p of active) {
			if (isPodReady(p)) {
				ready++;
				if (isPodAvailable(p, minReady, now)) available++;
				else waitAvailable = true;
			}
			const labels = p.metadata.labels;
			if (labels === rs.spec.template?.metadata?.labels || templateLabels.every(([k, v]) => labels?.[k] === v)) labeled++;
		}
		const status = {
			replicas: active.length,
			fullyLabeledReplicas: labeled,
			readyReplicas: ready,
			availableReplicas: available,
			observedGeneration: rs.metadata.generation,
		};
		const cur = store.get('ReplicaSet', ns, name)!;
		const s = cur.status ?? {};
		if ((s.replicas ?? 0) !== status.replicas || (s.readyReplicas ?? 0) !== ready || (s.availableReplicas ?? 0) !== available || s.observedGeneration !== status.observedGeneration || (s.fullyLabeledReplicas ?? 0) !== labeled) {
			const clean: any = {...s, ...status};
			if (!clean.readyReplicas) delete clean.readyReplicas;
			if (!clean.availableReplicas) delete clean.availableReplicas;
			api.setStatus(cur, clean);
		}
		if (waitAvailable) this.ctx.runner.enqueueAfter(this, key, minReady * 1000);
	}
}
