// The scheduler's cluster-default topology spreading: pods with no constraints of their own that a
// Service, ReplicationController, ReplicaSet or StatefulSet selects score as if they had
// kubernetes.io/hostname maxSkew 3 and topology.kubernetes.io/zone maxSkew 5, ScheduleAnyway.
import {describe, expect, it} from 'vitest';
import {createCluster} from '../../source/cluster/index.js';
import type {Pod} from '../../source/cluster/types.js';
import {fromLabelSelector} from '../../source/cluster/core/selectors.js';
import {defaultSpreadScores, defaultSpreadSelector} from '../../source/cluster/scheduler/podtopologyspread.js';
import type {NodeInfo} from '../../source/cluster/scheduler/nodeinfo.js';

/** Four equal workers, three in zone-a and one in zone-b, with nothing else running. */
function zoned() {
	const node = (name: string, zone: string) => ({name, cpu: '8', memory: '32Gi', labels: {'topology.kubernetes.io/zone': zone}});
	return createCluster({nodes: [node('a1', 'zone-a'), node('a2', 'zone-a'), node('a3', 'zone-a'), node('b1', 'zone-b')], seed: 7, controlPlane: false});
}

const pod = (name: string, labels: Record<string, string>, owner?: {kind: string; name: string}) =>
	({
		metadata: {name, namespace: 'default', labels, ...(owner ? {ownerReferences: [{apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: 'u', controller: true}]} : {})},
		spec: {containers: [{name: 'c', image: 'pause'}]},
	}) as unknown as Pod;

const perNode = (pods: Pod[]) => {
	const out: Record<string, number> = {};
	for (const p of pods) out[p.spec.nodeName!] = (out[p.spec.nodeName!] ?? 0) + 1;
	return out;
};

describe('default PodTopologySpread constraints', () => {
	it('take the selectors of the Services that select a pod and of its ReplicaSet, ReplicationController or StatefulSet', () => {
		const services = [{spec: {selector: {app: 'web'}}}, {spec: {selector: {tier: 'front'}}}, {spec: {selector: {app: 'db'}}}, {spec: {}}];
		const owners: Record<string, {spec: {selector: unknown}}> = {
			'ReplicaSet/web-1': {spec: {selector: {matchLabels: {app: 'web', 'pod-template-hash': '1'}}}},
			'ReplicationController/old': {spec: {selector: {app: 'web', rc: 'old'}}},
		};
		const get = (kind: string, name: string) => owners[`${kind}/${name}`];
		expect(defaultSpreadSelector(pod('p', {app: 'web', tier: 'front'}), services, get)).toEqual(fromLabelSelector({matchLabels: {app: 'web', tier: 'front'}}));
		expect(defaultSpreadSelector(pod('p', {app: 'web', 'pod-template-hash': '1'}, {kind: 'ReplicaSet', name: 'web-1'}), services, get)).toEqual([
			{key: 'app', op: 'in', values: ['web']},
			{key: 'app', op: 'in', values: ['web']},
			{key: 'pod-template-hash', op: 'in', values: ['1']},
		]);
		expect(defaultSpreadSelector(pod('p', {app: 'web', rc: 'old'}, {kind: 'ReplicationController', name: 'old'}), [], get)).toEqual(fromLabelSelector({matchLabels: {app: 'web', rc: 'old'}}));
		// a Job's or a DaemonSet's pods, a bare pod no Service selects, a pod with constraints of its own: no default spreading
		expect(defaultSpreadSelector(pod('p', {job: 'x'}, {kind: 'Job', name: 'x'}), services, get)).toBeUndefined();
		expect(defaultSpreadSelector(pod('p', {app: 'other'}), services, get)).toBeUndefined();
		const own = pod('p', {app: 'web'});
		own.spec.topologySpreadConstraints = [{maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {matchLabels: {app: 'web'}}}];
		expect(defaultSpreadSelector(own, services, get)).toBeUndefined();
	});

	it('score a node by the matching pods on it and in its zone, weighted by the log of the domains', () => {
		const node = (name: string, zone?: string) => ({name, labels: {'kubernetes.io/hostname': name, ...(zone ? {'topology.kubernetes.io/zone': zone} : {})}}) as unknown as NodeInfo;
		const nodes = [node('n1', 'a'), node('n2', 'a'), node('n3', 'b')];
		const out = new Float64Array(4);
		// n1 holds two matching pods, so zone a has two: round(2 log 5 + 2 + 2 log 4 + 4) = 12, n2 9, n3 6
		defaultSpreadScores({perNode: new Map([['n1', 2]]), perZone: new Map([['a', 2]])}, nodes, 3, out);
		expect([...out.slice(0, 3)]).toEqual([50, 75, 100]);
		// a node without a zone is still scored, on its hostname alone; four nodes weigh log 6, three
		// zone values (a, b and none) log 5: n1 round(2 log 6 + 2 + 2 log 5 + 4) = 13, n2 9, n3 6, n4 2
		defaultSpreadScores({perNode: new Map([['n1', 2]]), perZone: new Map([['a', 2]])}, [...nodes, node('n4')], 4, out);
		expect([...out]).toEqual([15, 46, 69, 100]);
	});

	it('spread a Deployment\'s replicas over the nodes and the zones', () => {
		const cluster = zoned();
		cluster.apply(
			`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 8
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: registry.k8s.io/pause:3.8
`,
			'web.yaml',
		);
		cluster.advance(2000);
		// one at a time, each pod goes where the fewest replicas are on the node and in its zone (each
		// weighted by the log of its domains): zone-b's one node ends with three, zone-a's three with five
		expect(perNode(cluster.list<Pod>('Pod', {namespace: 'default', labelSelector: 'app=web'}))).toEqual({a1: 2, a2: 2, a3: 1, b1: 3});
	});

	it('spread bare pods that one Service selects, one after another', () => {
		const cluster = zoned();
		cluster.apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n  - port: 80\n', 'svc.yaml');
		for (let i = 0; i < 4; i++) {
			cluster.apply(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: api-${i}\n  labels:\n    app: api\nspec:\n  containers:\n  - name: api\n    image: registry.k8s.io/pause:3.8\n`, `api-${i}.yaml`);
			cluster.advance(1000);
		}
		expect(perNode(cluster.list<Pod>('Pod', {namespace: 'default', labelSelector: 'app=api'}))).toEqual({a1: 1, a2: 1, a3: 1, b1: 1});
	});
});
