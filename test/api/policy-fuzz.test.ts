// Property tests of the new API bodies and their admission: any JSON for a PersistentVolume,
// StorageClass, PriorityClass, LimitRange or ResourceQuota is stored or refused with a Status
// (nothing half-written); pods admitted under a LimitRange keep inside it; a pod-count quota
// admits exactly as many pods as it allows.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {isStatusError} from '../../source/cluster/core/errors.js';
import {Quantity} from '../../source/kinds/resources.js';
import type {KObject} from '../../source/cluster/types.js';

const small = () => createCluster({nodes: 1, seed: 11, addons: false, events: false, metrics: false});

let counter = 0;
function freshNamespace(cluster: Cluster): string {
	const name = `fuzz-${++counter}`;
	cluster.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name}} as KObject);
	return name;
}

const quantity = fc.oneof(
	fc.constantFrom('1', '2', '500m', '100m', '1Gi', '512Mi', '256Mi', '0', '1.5', '3Gi'),
	fc.integer({min: 1, max: 4000}).map(n => `${n}m`),
	fc.integer({min: 1, max: 4096}).map(n => `${n}Mi`),
);
const resources = fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity, {maxKeys: 2});
const junk = fc.oneof(fc.anything({maxDepth: 2}), fc.constant(undefined));

const BODIES: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
	PersistentVolume: fc.record({
		apiVersion: fc.constant('v1'),
		kind: fc.constant('PersistentVolume'),
		spec: fc.oneof(junk, fc.record({capacity: fc.oneof(junk, fc.record({storage: fc.oneof(quantity, junk)})), accessModes: fc.oneof(junk, fc.array(fc.constantFrom('ReadWriteOnce', 'ReadOnlyMany', 'Bogus'))), hostPath: fc.oneof(junk, fc.record({path: fc.oneof(fc.string(), junk)})), persistentVolumeReclaimPolicy: fc.oneof(junk, fc.constantFrom('Retain', 'Delete', 'Never'))}, {requiredKeys: []})),
	}),
	StorageClass: fc.record({apiVersion: fc.constant('storage.k8s.io/v1'), kind: fc.constant('StorageClass'), provisioner: fc.oneof(fc.constantFrom('rancher.io/local-path', 'kubernetes.io/no-provisioner', 'Not Valid!'), junk), reclaimPolicy: fc.oneof(junk, fc.constantFrom('Retain', 'Delete', 'Recycle')), volumeBindingMode: fc.oneof(junk, fc.constantFrom('Immediate', 'WaitForFirstConsumer', 'Later')), parameters: junk}),
	PriorityClass: fc.record({apiVersion: fc.constant('scheduling.k8s.io/v1'), kind: fc.constant('PriorityClass'), value: fc.oneof(fc.integer(), junk), globalDefault: fc.oneof(fc.boolean(), junk), preemptionPolicy: fc.oneof(junk, fc.constantFrom('Never', 'PreemptLowerPriority', 'Sometimes'))}),
	LimitRange: fc.record({apiVersion: fc.constant('v1'), kind: fc.constant('LimitRange'), spec: fc.oneof(junk, fc.record({limits: fc.oneof(junk, fc.array(fc.record({type: fc.oneof(fc.constantFrom('Container', 'Pod', 'PersistentVolumeClaim'), junk), max: fc.oneof(resources, junk), min: fc.oneof(resources, junk), default: fc.oneof(resources, junk), defaultRequest: fc.oneof(resources, junk), maxLimitRequestRatio: fc.oneof(resources, junk)}, {requiredKeys: []}), {maxLength: 3}))}))}),
	ResourceQuota: fc.record({apiVersion: fc.constant('v1'), kind: fc.constant('ResourceQuota'), spec: fc.oneof(junk, fc.record({hard: fc.oneof(junk, fc.dictionary(fc.constantFrom('pods', 'requests.cpu', 'limits.memory', 'configmaps', 'count/deployments.apps'), fc.oneof(quantity, junk))), scopes: fc.oneof(junk, fc.array(fc.constantFrom('BestEffort', 'Terminating', 'Bogus')))}, {requiredKeys: []}))}),
};

describe('API bodies of the storage and policy kinds', () => {
	for (const [kind, body] of Object.entries(BODIES)) {
		it(`${kind}: any body is stored or refused with a Status, and a refusal stores nothing`, () => {
			const cluster = small();
			const ns = freshNamespace(cluster);
			let n = 0;
			fc.assert(
				fc.property(body, raw => {
					const name = `x${++n}`;
					const obj = {...raw, metadata: {name, namespace: ns}} as KObject;
					try {
						cluster.create(obj);
					} catch (e) {
						expect(isStatusError(e), String(e)).toBe(true);
						expect([400, 403, 422]).toContain((e as {code: number}).code);
						expect(cluster.find(kind, ns, name)).toBeUndefined();
						return;
					}
					expect(cluster.find(kind, ns, name)?.metadata.uid).toBeDefined();
					cluster.delete(kind, ns, name);
				}),
				{numRuns: 150, seed: 42},
			);
		});
	}
});

describe('LimitRanger admission', () => {
	it('a pod admitted under a Container range has every limit and request inside min and max', () => {
		const cluster = small();
		fc.assert(
			fc.property(resources, resources, resources, resources, resources, (max, min, podLimits, podRequests, defaults) => {
				const ns = freshNamespace(cluster);
				try {
					cluster.create({apiVersion: 'v1', kind: 'LimitRange', metadata: {name: 'lr', namespace: ns}, spec: {limits: [{type: 'Container', max, min, default: defaults}]}} as KObject);
				} catch (e) {
					expect(isStatusError(e)).toBe(true);
					return;
				}
				const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: ns}, spec: {containers: [{name: 'c', image: 'nginx', resources: {limits: podLimits, requests: podRequests}}]}} as KObject;
				let admitted;
				try {
					admitted = cluster.create(pod) as unknown as {spec: {containers: Array<{resources: {limits?: Record<string, string>; requests?: Record<string, string>}}>}};
				} catch (e) {
					expect(isStatusError(e)).toBe(true);
					const message = (e as Error).message;
					if ((e as {code: number}).code === 403) expect(message.startsWith('pods "p" is forbidden: ')).toBe(true);
					return;
				}
				const got = admitted.spec.containers[0]!.resources;
				for (const [r, v] of Object.entries(max)) {
					expect(got.limits?.[r], `limit of ${r}`).toBeDefined();
					expect(Quantity.parse(got.limits![r])!.compare(Quantity.parse(v)!)).toBeLessThanOrEqual(0);
				}
				for (const [r, v] of Object.entries(min)) {
					expect(got.requests?.[r], `request of ${r}`).toBeDefined();
					expect(Quantity.parse(got.requests![r])!.compare(Quantity.parse(v)!)).toBeGreaterThanOrEqual(0);
				}
			}),
			{numRuns: 120, seed: 7},
		);
	});
});

describe('ResourceQuota admission', () => {
	it('a pods quota of N admits exactly N of M pods, and status.used says so', () => {
		const cluster = small();
		fc.assert(
			fc.property(fc.integer({min: 0, max: 5}), fc.integer({min: 0, max: 7}), (limit, tries) => {
				const ns = freshNamespace(cluster);
				cluster.create({apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: 'q', namespace: ns}, spec: {hard: {pods: String(limit)}}} as KObject);
				let admitted = 0;
				for (let i = 0; i < tries; i++) {
					try {
						cluster.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: `p${i}`, namespace: ns}, spec: {containers: [{name: 'c', image: 'nginx'}]}} as KObject);
						admitted++;
					} catch (e) {
						expect((e as Error).message).toBe(`pods "p${i}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=${limit}, limited: pods=${limit}`);
					}
				}
				expect(admitted).toBe(Math.min(limit, tries));
				cluster.advance(10);
				expect(cluster.get('ResourceQuota', ns, 'q').status).toEqual({hard: {pods: String(limit)}, used: {pods: String(admitted)}});
			}),
			{numRuns: 40, seed: 3},
		);
	});
});
