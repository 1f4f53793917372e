// A property of the pod-aware filters: whatever pods arrive, in whatever order, the scheduler
// never places a pod where a required anti-affinity term (its own or a placed pod's) or a
// DoNotSchedule topology spread constraint forbids it at the time of binding.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster} from '../../source/cluster/index.js';
import type {NewPod, Pod, PodAffinityTerm, TopologySpreadConstraint} from '../../source/cluster/types.js';
import {eventsFor} from './helpers.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const APPS = ['a', 'b', 'c'];

const podArb = fc.record({
	app: fc.constantFrom(...APPS),
	anti: fc.option(fc.record({app: fc.constantFrom(...APPS), key: fc.constantFrom(ZONE, HOST)}), {nil: undefined}),
	spread: fc.option(fc.record({app: fc.constantFrom(...APPS), key: fc.constantFrom(ZONE, HOST), maxSkew: fc.integer({min: 1, max: 2})}), {nil: undefined}),
});

function domainOf(labels: Record<string, string>, key: string): string {
	return labels[key]!;
}

describe('scheduler property', () => {
	it('never places a pod against a required anti-affinity term or a DoNotSchedule spread constraint', () => {
		fc.assert(
			fc.property(fc.integer({min: 2, max: 5}), fc.integer({min: 1, max: 3}), fc.array(podArb, {minLength: 1, maxLength: 12}), (nodeCount, zoneCount, pods) => {
				const nodes = Array.from({length: nodeCount}, (_, i) => ({name: `n${i}`, labels: {[ZONE]: `z${i % zoneCount}`}}));
				const cluster = createCluster({nodes, seed: 3, controlPlane: false, events: true});
				pods.forEach((p, i) => {
					const anti: PodAffinityTerm[] = p.anti ? [{labelSelector: {matchLabels: {app: p.anti.app}}, topologyKey: p.anti.key}] : [];
					const spread: TopologySpreadConstraint[] = p.spread ? [{maxSkew: p.spread.maxSkew, topologyKey: p.spread.key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: {matchLabels: {app: p.spread.app}}}] : [];
					cluster.create({
						apiVersion: 'v1',
						kind: 'Pod',
						metadata: {name: `p${i}`, namespace: 'default', labels: {app: p.app}},
						spec: {
							containers: [{name: 'c', image: 'registry.k8s.io/pause:3.8'}],
							...(anti.length ? {affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: anti}}} : {}),
							...(spread.length ? {topologySpreadConstraints: spread} : {}),
						},
					} as NewPod);
					cluster.advance(200);
				});
				cluster.advance(3000);
				const nodeLabels = new Map(cluster.list('Node').map(n => [n.metadata.name, n.metadata.labels ?? {}]));
				const byName = new Map(cluster.list('Pod', {namespace: 'default'}).map(p => [p.metadata.name, p]));
				// the order of binding, from the Scheduled events
				const order = eventsFor(cluster, {reason: 'Scheduled', namespace: 'default'}).map(e => byName.get(e.involvedObject.name!)!);
				const placed: Pod[] = [];
				for (const pod of order) {
					const labels = nodeLabels.get(pod.spec.nodeName!)!;
					// its own anti-affinity: no pod it selects in its domain
					for (const t of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
						const app = t.labelSelector!.matchLabels!.app!;
						for (const q of placed) if (q.metadata.labels!.app === app) expect(domainOf(nodeLabels.get(q.spec.nodeName!)!, t.topologyKey)).not.toBe(domainOf(labels, t.topologyKey));
					}
					// placed pods' anti-affinity: none selects it in its domain
					for (const q of placed)
						for (const t of q.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
							if (t.labelSelector!.matchLabels!.app === pod.metadata.labels!.app) expect(domainOf(nodeLabels.get(q.spec.nodeName!)!, t.topologyKey)).not.toBe(domainOf(labels, t.topologyKey));
					// its spread constraint held with the pods placed before it
					for (const c of pod.spec.topologySpreadConstraints ?? []) {
						const app = c.labelSelector!.matchLabels!.app!;
						const counts = new Map<string, number>();
						for (const l of nodeLabels.values()) counts.set(l[c.topologyKey]!, 0);
						for (const q of placed) if (q.metadata.labels!.app === app) {
							const d = domainOf(nodeLabels.get(q.spec.nodeName!)!, c.topologyKey);
							counts.set(d, counts.get(d)! + 1);
						}
						const min = Math.min(...counts.values());
						const self = pod.metadata.labels!.app === app ? 1 : 0;
						expect(counts.get(domainOf(labels, c.topologyKey))! + self - min).toBeLessThanOrEqual(c.maxSkew);
					}
					placed.push(pod);
				}
				// and every pod that stayed Pending was refused for one of these reasons
				for (const p of byName.values()) if (!p.spec.nodeName) expect(p.status.conditions?.find(c => c.type === 'PodScheduled')?.message).toMatch(/anti-affinity rules|topology spread constraints/);
			}),
			{numRuns: 40, seed: 11},
		);
	});
});
