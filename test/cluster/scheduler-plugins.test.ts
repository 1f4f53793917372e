// The scheduler's resource, gate and pod-aware plugins on manifests of the Kubernetes
// documentation (kubernetes/website content/en/examples/), each scenario ending in the exact
// placement or the exact FailedScheduling message.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {createCluster} from '../../source/cluster/index.js';
import type {Pod} from '../../source/cluster/types.js';
import {podStatus} from '../../source/kinds/pod/index.js';
import {eventsFor, smallCluster} from './helpers.js';

const fixture = (path: string) => readFileSync(`test/fixtures/website/${path}`, 'utf8');
const scheduled = (pod: Pod) => pod.status.conditions?.find(c => c.type === 'PodScheduled');

describe('extended resources (Assign Extended Resources to a Container)', () => {
	it('a pod asking for a dongle no node has stays Pending with Insufficient example.com/dongle', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('pods/resource/extended-resource-pod.yaml'), 'extended-resource-pod.yaml');
		cluster.advance(1000);
		const pod = cluster.get('Pod', 'default', 'extended-resource-demo');
		expect(pod.spec.nodeName).toBeUndefined();
		expect(scheduled(pod)).toMatchObject({
			status: 'False',
			reason: 'Unschedulable',
			message:
				'0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient example.com/dongle. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
		});
	});

	it('a node advertising four dongles through a status patch takes the first pod (3) but not the second (2)', () => {
		const cluster = smallCluster();
		// kubectl patch node kubesim-worker2 --subresource=status --type=json -p '[{"op":"add","path":"/status/capacity/example.com~1dongle","value":"4"}]'
		cluster.patch('Node', undefined, 'kubesim-worker2', [{op: 'add', path: '/status/capacity/example.com~1dongle', value: '4'}], 'application/json-patch+json', {subresource: 'status'});
		expect(cluster.get('Node', undefined, 'kubesim-worker2').status?.capacity?.['example.com/dongle']).toBe('4');
		cluster.apply(fixture('pods/resource/extended-resource-pod.yaml'), 'extended-resource-pod.yaml');
		cluster.advance(1000);
		expect(cluster.get('Pod', 'default', 'extended-resource-demo').spec.nodeName).toBe('kubesim-worker2');
		cluster.apply(fixture('pods/resource/extended-resource-pod-2.yaml'), 'extended-resource-pod-2.yaml');
		cluster.advance(1000);
		const second = cluster.get('Pod', 'default', 'extended-resource-demo-2');
		expect(second.spec.nodeName).toBeUndefined();
		expect(eventsFor(cluster, {name: 'extended-resource-demo-2', reason: 'FailedScheduling'})[0]!.message).toBe(
			'0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient example.com/dongle. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
		);
		// the first pod gone, its three dongles are free again and the second pod is placed
		cluster.delete('Pod', 'default', 'extended-resource-demo', {gracePeriodSeconds: 0});
		cluster.advance(3000);
		expect(cluster.get('Pod', 'default', 'extended-resource-demo-2').spec.nodeName).toBe('kubesim-worker2');
	});

	it('a limits-only extended resource is requested as much as its limit (a strategic merge status patch advertises it)', () => {
		const cluster = smallCluster();
		cluster.patch('Node', undefined, 'kubesim-worker3', {status: {capacity: {'nvidia.com/gpu': '1'}}}, 'application/strategic-merge-patch+json', {subresource: 'status'});
		const gpu = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: cuda
      image: nginx:1.27
      resources:
        limits:
          nvidia.com/gpu: 1
`;
		cluster.apply(gpu('gpu-a'), 'a.yaml');
		cluster.advance(1000);
		cluster.apply(gpu('gpu-b'), 'b.yaml');
		cluster.advance(1000);
		expect(cluster.get('Pod', 'default', 'gpu-a').spec.nodeName).toBe('kubesim-worker3');
		expect(scheduled(cluster.get('Pod', 'default', 'gpu-b'))?.message).toBe(
			'0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
		);
	});
});

describe('pod scheduling readiness (schedulingGates)', () => {
	it('pods/pod-with-scheduling-gates.yaml stays SchedulingGated until its gates are removed, then is scheduled', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('pods/pod-with-scheduling-gates.yaml'), 'pod-with-scheduling-gates.yaml');
		cluster.advance(5000);
		const pod = cluster.get('Pod', 'default', 'test-pod');
		expect(pod.spec.nodeName).toBeUndefined();
		expect(pod.status.phase).toBe('Pending');
		expect(scheduled(pod)).toEqual({type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime: '2025-01-06T09:00:00Z'});
		expect(eventsFor(cluster, {name: 'test-pod', reason: 'FailedScheduling'})).toEqual([]);
		// kubectl get pods: STATUS SchedulingGated
		expect(podStatus(pod)).toBe('SchedulingGated');
		// a gate cannot be added after creation
		expect(() => cluster.update({...pod, spec: {...pod.spec, schedulingGates: [...pod.spec.schedulingGates!, {name: 'example.com/baz'}]}})).toThrow(
			"Pod \"test-pod\" is invalid: spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/baz'",
		);
		// one gate removed: still gated
		cluster.update({...pod, spec: {...pod.spec, schedulingGates: [{name: 'example.com/bar'}]}});
		cluster.advance(5000);
		expect(cluster.get('Pod', 'default', 'test-pod').spec.nodeName).toBeUndefined();
		// kubectl apply -f pod-without-scheduling-gates.yaml: the last gate goes, the pod is placed
		expect(cluster.apply(fixture('pods/pod-without-scheduling-gates.yaml'), 'pod-without-scheduling-gates.yaml').map(r => r.message)).toEqual(['pod/test-pod configured']);
		cluster.advance(1000);
		const placed = cluster.get('Pod', 'default', 'test-pod');
		expect(placed.spec.nodeName).toBe('kubesim-worker2');
		expect(scheduled(placed)).toMatchObject({status: 'True'});
		expect(scheduled(placed)!.reason).toBeUndefined();
		expect(eventsFor(cluster, {name: 'test-pod', reason: 'Scheduled'}).map(e => e.message)).toEqual(['Successfully assigned default/test-pod to kubesim-worker2']);
	});
});

/** Three workers in two zones: worker-a1 and worker-a2 in zone-a, worker-b1 in zone-b. */
function zonedCluster() {
	const node = (name: string, zone: string) => ({name, cpu: '4', memory: '16Gi', labels: {'topology.kubernetes.io/zone': zone, zone, node: name}});
	return createCluster({nodes: [node('worker-a1', 'zone-a'), node('worker-a2', 'zone-a'), node('worker-b1', 'zone-b')], seed: 7, controlPlane: false});
}

const labeledPod = (name: string, labels: Record<string, string>, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
${Object.entries(labels)
	.map(([k, v]) => `    ${k}: ${v}`)
	.join('\n')}
spec:
${extra}  containers:
    - name: app
      image: registry.k8s.io/pause:3.8
`;

const nodeOf = (cluster: ReturnType<typeof createCluster>, name: string) => cluster.get('Pod', 'default', name).spec.nodeName;

describe('inter-pod affinity and anti-affinity', () => {
	it('pods/pod-with-pod-affinity.yaml waits for a security=S1 pod, then joins its zone', () => {
		const cluster = zonedCluster();
		cluster.apply(fixture('pods/pod-with-pod-affinity.yaml'), 'pod-with-pod-affinity.yaml');
		cluster.advance(1000);
		expect(scheduled(cluster.get('Pod', 'default', 'with-pod-affinity'))?.message).toBe(
			"0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
		);
		cluster.apply(labeledPod('s1', {security: 'S1'}, "  nodeSelector:\n    node: worker-b1\n"), 's1.yaml');
		cluster.advance(2000);
		expect(nodeOf(cluster, 's1')).toBe('worker-b1');
		expect(nodeOf(cluster, 'with-pod-affinity')).toBe('worker-b1');
	});

	it('preferred anti-affinity steers away from the zone of a security=S2 pod', () => {
		const cluster = zonedCluster();
		cluster.apply(labeledPod('s1', {security: 'S1'}, "  nodeSelector:\n    node: worker-a1\n"), 's1.yaml');
		cluster.apply(labeledPod('s1b', {security: 'S1'}, "  nodeSelector:\n    node: worker-b1\n"), 's1b.yaml');
		cluster.apply(labeledPod('s2', {security: 'S2'}, "  nodeSelector:\n    node: worker-b1\n"), 's2.yaml');
		cluster.advance(1000);
		cluster.apply(fixture('pods/pod-with-pod-affinity.yaml'), 'pod-with-pod-affinity.yaml');
		cluster.advance(1000);
		// both zones have an S1 pod; zone-b also has the S2 pod; in zone-a, coredns (spread over the
		// zones by the default constraints) took worker-a2 and s1 worker-a1: a tie, drawn to worker-a1
		expect(cluster.list('Pod', {namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns'}).map(p => p.spec.nodeName).sort()).toEqual(['worker-a2', 'worker-b1']);
		expect(nodeOf(cluster, 'with-pod-affinity')).toBe('worker-a1');
	});

	it('the redis-cache and web-server Deployments of "Assigning Pods to Nodes" put one of each on every node', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('docs/redis-cache.yaml'), 'redis-cache.yaml');
		cluster.apply(fixture('docs/web-server.yaml'), 'web-server.yaml');
		cluster.advance(2000);
		const on = (app: string) =>
			cluster
				.list('Pod', {namespace: 'default', labelSelector: `app=${app}`})
				.map(p => p.spec.nodeName)
				.sort();
		expect(on('store')).toEqual(['kubesim-worker', 'kubesim-worker2', 'kubesim-worker3']);
		expect(on('web-store')).toEqual(['kubesim-worker', 'kubesim-worker2', 'kubesim-worker3']);
		// a fourth cache replica has nowhere to go
		cluster.scale('Deployment', 'default', 'redis-cache', 4);
		cluster.advance(1000);
		const pending = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=store'}).filter(p => !p.spec.nodeName);
		expect(pending).toHaveLength(1);
		expect(scheduled(pending[0]!)?.message).toBe(
			"0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..",
		);
	});

	it('web-server applied before redis-cache waits, then follows the cache pods as they are placed', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('docs/web-server.yaml'), 'web-server.yaml');
		cluster.advance(1000);
		const web = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web-store'});
		expect(web.map(p => p.spec.nodeName)).toEqual([undefined, undefined, undefined]);
		expect(scheduled(web[0]!)?.message).toBe(
			"0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod affinity rules. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
		);
		cluster.apply(fixture('docs/redis-cache.yaml'), 'redis-cache.yaml');
		cluster.advance(3000);
		const placed = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web-store'}).map(p => p.spec.nodeName).sort();
		expect(placed).toEqual(['kubesim-worker', 'kubesim-worker2', 'kubesim-worker3']);
	});

	it("a placed pod's required anti-affinity keeps matching pods off its node", () => {
		const cluster = zonedCluster();
		const anti = "  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        - labelSelector:\n            matchLabels:\n              team: red\n          topologyKey: topology.kubernetes.io/zone\n";
		cluster.apply(labeledPod('loner', {app: 'loner'}, `${anti}  nodeSelector:\n    node: worker-b1\n`), 'loner.yaml');
		cluster.advance(1000);
		cluster.apply(labeledPod('red', {team: 'red'}, '  nodeSelector:\n    zone: zone-b\n'), 'red.yaml');
		cluster.advance(1000);
		expect(nodeOf(cluster, 'loner')).toBe('worker-b1');
		expect(scheduled(cluster.get('Pod', 'default', 'red'))?.message).toBe(
			"0/3 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
		);
	});

	it('namespaceSelector and namespaces widen a term beyond the pod\'s own namespace', () => {
		const cluster = zonedCluster();
		cluster.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cache\n  labels:\n    tier: cache\n', 'ns.yaml');
		cluster.apply(labeledPod('memcached', {app: 'memcached'}, '  nodeSelector:\n    node: worker-a2\n'), 'memcached.yaml', 'cache');
		cluster.advance(1000);
		const affine = (name: string, term: string) =>
			labeledPod(name, {app: name}, `  affinity:\n    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        - labelSelector:\n            matchLabels:\n              app: memcached\n          topologyKey: kubernetes.io/hostname\n${term}`);
		cluster.apply(affine('same-ns', ''), 'a.yaml');
		cluster.apply(affine('by-selector', '          namespaceSelector:\n            matchLabels:\n              tier: cache\n'), 'b.yaml');
		cluster.apply(affine('by-name', '          namespaces: [cache]\n'), 'c.yaml');
		cluster.advance(1000);
		expect(nodeOf(cluster, 'same-ns')).toBeUndefined();
		expect(nodeOf(cluster, 'by-selector')).toBe('worker-a2');
		expect(nodeOf(cluster, 'by-name')).toBe('worker-a2');
	});
});

describe('pod topology spread constraints', () => {
	/** The cluster of the "Pod Topology Spread Constraints" page: zoneA holds node1 and node2, zoneB node3 and node4. */
	function spreadCluster() {
		const node = (name: string, zone: string) => ({name, cpu: '4', memory: '16Gi', labels: {zone, node: name}});
		return createCluster({nodes: [node('node1', 'zoneA'), node('node2', 'zoneA'), node('node3', 'zoneB'), node('node4', 'zoneB')], seed: 7, controlPlane: false});
	}
	const foo = (cluster: ReturnType<typeof createCluster>, name: string, node: string) => cluster.apply(labeledPod(name, {foo: 'bar'}, `  nodeName: ${node}\n`), `${name}.yaml`);

	it('one-constraint.yaml: two foo=bar pods in zoneA and none in zoneB put mypod in zoneB, though its nodes are the busier', () => {
		const cluster = spreadCluster();
		foo(cluster, 'p1', 'node1');
		foo(cluster, 'p2', 'node2');
		const hog = (name: string, node: string) =>
			cluster.apply(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: ${node}\n  containers:\n    - name: app\n      image: registry.k8s.io/pause:3.8\n      resources:\n        requests:\n          cpu: '3'\n`, `${name}.yaml`);
		hog('hog3', 'node3');
		hog('hog4', 'node4');
		cluster.advance(1000);
		cluster.apply(fixture('pods/topology-spread-constraints/one-constraint.yaml'), 'one-constraint.yaml');
		cluster.advance(1000);
		// zoneA would have a skew of 2 + 1 - 0 = 3; of node3 and node4 the seeded tie-break takes node3
		expect(nodeOf(cluster, 'mypod')).toBe('node3');
	});

	it('one-constraint.yaml: with maxSkew 1 already reached, a zone without room gives the spread message', () => {
		const cluster = spreadCluster();
		foo(cluster, 'p1', 'node1');
		foo(cluster, 'p2', 'node3');
		cluster.cordon('node3');
		cluster.cordon('node4');
		foo(cluster, 'p3', 'node2');
		cluster.advance(1000);
		cluster.apply(fixture('pods/topology-spread-constraints/one-constraint.yaml'), 'one-constraint.yaml');
		cluster.advance(1000);
		// zoneA has 2, zoneB 1: zoneA would reach a skew of 2; zoneB's nodes are cordoned
		expect(scheduled(cluster.get('Pod', 'default', 'mypod'))?.message).toBe(
			"0/4 nodes are available: 2 node(s) didn't match pod topology spread constraints, 2 node(s) were unschedulable. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
		);
	});

	it('two-constraints.yaml: zone and node both spread, so mypod lands on the one empty node of zoneB', () => {
		const cluster = spreadCluster();
		foo(cluster, 'p1', 'node1');
		foo(cluster, 'p2', 'node2');
		foo(cluster, 'p3', 'node3');
		cluster.advance(1000);
		cluster.apply(fixture('pods/topology-spread-constraints/two-constraints.yaml'), 'two-constraints.yaml');
		cluster.advance(1000);
		expect(nodeOf(cluster, 'mypod')).toBe('node4');
	});

	it('one-constraint-with-nodeaffinity.yaml: zoneC is left out of the domains, so its empty node does not hold the minimum down', () => {
		const node = (name: string, zone: string) => ({name, cpu: '4', memory: '16Gi', labels: {zone, node: name}});
		const cluster = createCluster({nodes: [node('node1', 'zoneA'), node('node2', 'zoneA'), node('node3', 'zoneB'), node('node4', 'zoneB'), node('node5', 'zoneC')], seed: 7, controlPlane: false});
		foo(cluster, 'p1', 'node1');
		foo(cluster, 'p2', 'node3');
		cluster.advance(1000);
		cluster.apply(fixture('pods/topology-spread-constraints/one-constraint-with-nodeaffinity.yaml'), 'one-constraint-with-nodeaffinity.yaml');
		cluster.advance(1000);
		// zoneA 1, zoneB 1, zoneC ignored (nodeAffinityPolicy Honor): the minimum is 1 and both zones
		// are allowed; counting zoneC's 0 would leave no node at all. Of the empty node2 and node4 the
		// seeded tie-break takes node4.
		expect(nodeOf(cluster, 'mypod')).toBe('node4');
	});

	it('a node without the topology key fails the constraint as missing a required label', () => {
		const cluster = createCluster({nodes: [{name: 'zoned', labels: {zone: 'zoneA'}}, {name: 'bare'}], seed: 7, controlPlane: false});
		cluster.cordon('zoned');
		cluster.apply(fixture('pods/topology-spread-constraints/one-constraint.yaml'), 'one-constraint.yaml');
		cluster.advance(1000);
		expect(scheduled(cluster.get('Pod', 'default', 'mypod'))?.message).toBe(
			"0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..",
		);
	});

	it('ScheduleAnyway spreads a Deployment evenly over the zones', () => {
		const cluster = zonedCluster();
		cluster.apply(
			`apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread
spec:
  replicas: 6
  selector:
    matchLabels:
      app: spread
  template:
    metadata:
      labels:
        app: spread
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: spread
      containers:
        - name: app
          image: registry.k8s.io/pause:3.8
`,
			'spread.yaml',
		);
		cluster.advance(2000);
		const zones = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=spread'}).map(p => (p.spec.nodeName === 'worker-b1' ? 'b' : 'a'));
		expect(zones.sort().join('')).toBe('aaabbb');
	});
});

describe('the "why?" diagnosis of a Pending pod names the new filters node by node', () => {
	it('affinity, anti-affinity, placed pods\' anti-affinity, spreading and extended resources', () => {
		const cluster = zonedCluster();
		const anti = "  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        - labelSelector:\n            matchLabels:\n              team: red\n          topologyKey: topology.kubernetes.io/zone\n";
		cluster.apply(labeledPod('loner', {app: 'loner', team: 'blue'}, `${anti}  nodeSelector:\n    node: worker-b1\n`), 'loner.yaml');
		cluster.advance(1000);
		cluster.apply(labeledPod('red', {team: 'red'}), 'red.yaml');
		cluster.apply(
			labeledPod('follower', {app: 'follower'}, "  affinity:\n    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        - labelSelector:\n            matchLabels:\n              team: blue\n          topologyKey: node\n        - labelSelector:\n            matchLabels:\n              team: blue\n          topologyKey: topology.kubernetes.io/zone\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        - labelSelector:\n            matchLabels:\n              app: loner\n          topologyKey: node\n"),
			'follower.yaml',
		);
		cluster.apply(labeledPod('dongle', {app: 'dongle'}).replace('      image: registry.k8s.io/pause:3.8\n', '      image: registry.k8s.io/pause:3.8\n      resources:\n        limits:\n          example.com/dongle: 1\n'), 'dongle.yaml');
		cluster.advance(1000);
		// red: the loner in zone-b will not have it; it goes to zone-a, to the node without coredns
		expect(cluster.list('Pod', {namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns'}).map(p => p.spec.nodeName).sort()).toEqual(['worker-a2', 'worker-b1']);
		expect(nodeOf(cluster, 'red')).toBe('worker-a1');
		const why = (name: string) => cluster.schedulingExplanation('default', name)!.nodes.map(n => `${n.node}: ${n.reasons.join(', ')}`);
		expect(nodeOf(cluster, 'follower')).toBeUndefined();
		expect(why('follower')).toEqual([
			"worker-a1: node(s) didn't match pod affinity rules",
			"worker-a2: node(s) didn't match pod affinity rules",
			"worker-b1: node(s) didn't match pod anti-affinity rules",
		]);
		expect(why('dongle')).toEqual(['worker-a1: Insufficient example.com/dongle', 'worker-a2: Insufficient example.com/dongle', 'worker-b1: Insufficient example.com/dongle']);
		// another red pod, pinned to zone-b by a selector, hits the loner's anti-affinity there
		cluster.apply(labeledPod('red2', {team: 'red'}, '  nodeSelector:\n    zone: zone-b\n'), 'red2.yaml');
		cluster.advance(1000);
		expect(why('red2')).toEqual(["worker-a1: node(s) didn't match Pod's node affinity/selector", "worker-a2: node(s) didn't match Pod's node affinity/selector", "worker-b1: node(s) didn't satisfy existing pods anti-affinity rules"]);
		// spreading by zone with zone-b counted though the pod's selector leaves it out (nodeAffinityPolicy Ignore)
		cluster.apply(
			labeledPod('spread', {team: 'red'}, '  topologySpreadConstraints:\n    - maxSkew: 1\n      topologyKey: zone\n      whenUnsatisfiable: DoNotSchedule\n      nodeAffinityPolicy: Ignore\n      labelSelector:\n        matchLabels:\n          team: red\n  nodeSelector:\n    zone: zone-a\n'),
			'spread.yaml',
		);
		cluster.advance(1000);
		expect(nodeOf(cluster, 'spread')).toBeUndefined();
		// zone-a holds red, zone-b none: zone-a would reach 2 (with the default Honor, zone-a alone counts and it fits)
		expect(why('spread')).toEqual([
			"worker-a1: node(s) didn't match pod topology spread constraints",
			"worker-a2: node(s) didn't match pod topology spread constraints",
			"worker-b1: node(s) didn't match Pod's node affinity/selector",
		]);
		expect(scheduled(cluster.get('Pod', 'default', 'spread'))?.message).toBe(
			"0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
		);
	});
});
