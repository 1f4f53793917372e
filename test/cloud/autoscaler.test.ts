// The Cluster Autoscaler on the eks profile, on the virtual clock: scale-up for pending pods with
// the real event texts, nodes that take their time to join, scale-down after 10 minutes under
// 50%, never within 10 minutes of a scale-up, never against a PodDisruptionBudget.
import {describe, expect, it} from 'vitest';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {advanceUntil, deployment, eventsFor} from '../cluster/helpers.js';

function load(name: string, replicas: number, cpu: string, memory = '256Mi'): string {
	return deployment(name, replicas, 'nginx:1.27').replace('cpu: 50m', `cpu: ${cpu}`).replace('memory: 32Mi', `memory: ${memory}`);
}

const running = (c: Cluster, app: string) => c.list('Pod', {namespace: 'default', labelSelector: `app=${app}`}).filter(p => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).length;
const nodeNames = (c: Cluster) => c.list('Node').map(n => n.metadata.name).sort();

function eks(maxSize = 8, extra: Parameters<typeof createCluster>[0] = {}): Cluster {
	return createCluster({profile: 'eks', seed: 5, eks: {nodeGroups: [{name: 'ng-general', instanceType: 'm5.large', minSize: 2, maxSize, desiredSize: 2}]}, ...extra});
}

describe('scale-up', () => {
	it('the default group (max 6): the same 40 pods take it to its max', () => {
		const c = createCluster({profile: 'eks', seed: 5});
		c.advance(60_000);
		c.apply(load('burst', 40, '200m'));
		c.advance(10_000);
		expect(new Set(eventsFor(c, {reason: 'TriggeredScaleUp', namespace: 'default'}).map(e => e.message))).toEqual(new Set(['pod triggered scale-up: [{ng-general 2->6 (max: 6)}]']));
	});

	it('40 pods of 200m: 15 fit on the two m5.large nodes, the other 25 scale the group from 2 to 6 within its max of 8', () => {
		const c = eks();
		c.advance(60_000);
		c.apply(load('burst', 40, '200m'));
		// the next scan (every 10 s) sees the pending pods
		c.advance(10_000);
		expect(running(c, 'burst') + c.list('Pod', {namespace: 'default'}).filter(p => p.spec.nodeName && p.status?.phase === 'Pending').length).toBe(15);
		const triggered = eventsFor(c, {reason: 'TriggeredScaleUp', namespace: 'default'});
		expect(triggered.length).toBe(25);
		expect(new Set(triggered.map(e => e.message))).toEqual(new Set(['pod triggered scale-up: [{ng-general 2->6 (max: 8)}]']));
		expect(triggered[0]!.source?.component).toBe('cluster-autoscaler');
		const status = eventsFor(c, {name: 'cluster-autoscaler-status', namespace: 'kube-system', reason: 'ScaledUpGroup'});
		expect(status.map(e => e.message)).toEqual(['Scale-up: setting group ng-general size to 6 instead of 2 (max: 8)']);
		expect(c.nodeGroups()[0]).toMatchObject({desiredSize: 6, instances: 6, readyNodes: 2});
		expect(c.find('ConfigMap', 'kube-system', 'cluster-autoscaler-status')?.data?.status).toContain('cloudProviderTarget: 6');

		// 45 s pending + 30 s to the kubelet's registration: the Nodes appear NotReady
		c.advance(74_000);
		expect(c.list('Node').length).toBe(2);
		c.advance(1000);
		expect(c.list('Node').length).toBe(6);
		const fresh = c.list('Node').filter(n => n.status?.conditions?.find(x => x.type === 'Ready')?.status === 'False');
		expect(fresh.length).toBe(4);
		expect(fresh[0]!.status?.conditions?.find(x => x.type === 'Ready')?.reason).toBe('KubeletNotReady');
		// 15 s more, the VPC CNI is up: Ready, and every pod runs
		c.advance(15_000);
		expect(c.nodeGroups()[0]).toMatchObject({readyNodes: 6});
		advanceUntil(c, () => running(c, 'burst') === 40, 120_000);
		// no second scale-up happened while the nodes were on their way
		expect(eventsFor(c, {name: 'cluster-autoscaler-status', namespace: 'kube-system', reason: 'ScaledUpGroup'}).length).toBe(1);
		expect(c.autoscalerDecisions().filter(d => d.kind === 'ScaleUp').map(d => d.message)).toEqual(['setting group ng-general size to 6 instead of 2 (max: 8) for 25 pod(s)']);
		// and in the autoscaler's log, as klog writes it
		const ca = c.list('Pod', {namespace: 'kube-system', labelSelector: 'app=cluster-autoscaler'})[0]!;
		expect(c.logs('kube-system', ca.metadata.name, {})).toContain('I0106 09:01:10.000000       1 static_autoscaler.go:1] Scale-up: setting group ng-general size to 6 instead of 2 (max: 8) for 25 pod(s)');
	});

	it('a pod bigger than any node of the group gets NotTriggerScaleUp with the reason; a full group says max size reached', () => {
		const c = eks(2);
		c.advance(30_000);
		c.apply(load('huge', 1, '3'));
		c.advance(10_000);
		const huge = c.list('Pod', {namespace: 'default', labelSelector: 'app=huge'})[0]!;
		expect(eventsFor(c, {name: huge.metadata.name, reason: 'NotTriggerScaleUp'}).map(e => e.message)).toEqual(["pod didn't trigger scale-up: 1 max node group size reached"]);
		c.setNodeGroupLimits('ng-general', 2, 4);
		c.advance(10_000);
		expect(eventsFor(c, {name: huge.metadata.name, reason: 'NotTriggerScaleUp'}).map(e => e.message)).toEqual([
			"pod didn't trigger scale-up: 1 max node group size reached",
			"pod didn't trigger scale-up: 1 Insufficient cpu",
		]);
		expect(c.nodeGroups()[0]!.desiredSize).toBe(2);
	});

	it('a pod asking for an extended resource no node of the group offers does not trigger a scale-up', () => {
		const c = eks();
		c.advance(30_000);
		c.apply(load('cuda', 1, '100m').replace('              memory: 256Mi\n', '              memory: 256Mi\n            limits:\n              nvidia.com/gpu: 1\n'));
		c.advance(10_000);
		const pod = c.list('Pod', {namespace: 'default', labelSelector: 'app=cuda'})[0]!;
		expect(pod.status.conditions?.find(x => x.type === 'PodScheduled')?.message).toBe(
			'0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
		);
		expect(eventsFor(c, {name: pod.metadata.name, reason: 'NotTriggerScaleUp'}).map(e => e.message)).toEqual(["pod didn't trigger scale-up: 1 Insufficient nvidia.com/gpu"]);
		expect(c.nodeGroups()[0]!.desiredSize).toBe(2);
	});

	it('it acts only while its own pod runs: scaled to 0, pending pods stay pending', () => {
		const c = eks();
		c.advance(30_000);
		c.scale('Deployment', 'kube-system', 'cluster-autoscaler', 0);
		advanceUntil(c, () => c.list('Pod', {namespace: 'kube-system', labelSelector: 'app=cluster-autoscaler'}).length === 0, 60_000);
		// 300m each: 5 fit on each node (1680m free), 10 stay pending, and 180m is left for the autoscaler's pod
		c.apply(load('burst', 20, '300m'));
		c.advance(5 * 60_000);
		expect(running(c, 'burst')).toBe(10);
		expect(eventsFor(c, {reason: 'TriggeredScaleUp', namespace: 'default'})).toEqual([]);
		expect(c.nodeGroups()[0]!.desiredSize).toBe(2);
		c.scale('Deployment', 'kube-system', 'cluster-autoscaler', 1);
		advanceUntil(c, () => eventsFor(c, {reason: 'TriggeredScaleUp', namespace: 'default'}).length > 0, 120_000);
		// a new node (1780m free after its DaemonSet pods) takes 5: two nodes more
		expect(new Set(eventsFor(c, {reason: 'TriggeredScaleUp', namespace: 'default'}).map(e => e.message))).toEqual(new Set(['pod triggered scale-up: [{ng-general 2->4 (max: 8)}]']));
	});

	it('the expanders: most-pods and least-waste pick between two groups as their rules say', () => {
		const groups = [
			{name: 'small', instanceType: 't3.medium', minSize: 1, maxSize: 2, desiredSize: 1},
			{name: 'big', instanceType: 'm5.xlarge', minSize: 1, maxSize: 2, desiredSize: 1},
		];
		// 16 pods of 500m and 64Mi, 6 left pending. A new t3.medium (1930m, 3554Mi allocatable, 150m
		// of DaemonSet pods) takes 3 of them: idle 280/1930 cpu + 3362/3554 memory = 1.091; a new
		// m5.xlarge (3920m, 15391Mi) takes all 6: idle 770/3920 + 15007/15391 = 1.171.
		const run = (expander: 'most-pods' | 'least-waste' | 'priority') => {
			const c = createCluster({profile: 'eks', seed: 2, eks: {nodeGroups: groups.map(g => ({...g, priority: g.name === 'small' ? 10 : 1})), autoscaler: {expander}}});
			c.advance(30_000);
			c.apply(load('work', 16, '500m', '64Mi'));
			c.advance(10_000);
			expect(c.list('Pod', {namespace: 'default'}).filter(p => !p.spec.nodeName).length).toBe(6);
			return c.autoscalerDecisions().find(d => d.kind === 'ScaleUp')?.message;
		};
		expect(run('most-pods')).toMatch(/^setting group big size to 2 instead of 1 \(max: 2\)/);
		expect(run('priority')).toMatch(/^setting group small size to 2 instead of 1 \(max: 2\)/);
		expect(run('least-waste')).toBe('setting group small size to 2 instead of 1 (max: 2) for 3 pod(s)');
		expect(run('most-pods')).toBe('setting group big size to 2 instead of 1 (max: 2) for 6 pod(s)');
	});
});

describe('scale-down', () => {
	it('after the load is gone, the four added nodes go after 10 minutes under 50%, back to the min of 2', () => {
		const c = eks();
		c.advance(60_000);
		c.apply(load('burst', 40, '200m'));
		advanceUntil(c, () => running(c, 'burst') === 40, 300_000);
		const withLoad = nodeNames(c);
		expect(withLoad.length).toBe(6);
		c.scale('Deployment', 'default', 'burst', 0);
		const loadGone = c.now();
		advanceUntil(c, () => running(c, 'burst') === 0 && c.list('Pod', {namespace: 'default'}).length === 0, 120_000);
		// the autoscaler marks the empty nodes unneeded at its next scan
		const unneededNow = () => c.autoscalerDecisions().filter(d => d.kind === 'Unneeded' && d.time >= loadGone);
		advanceUntil(c, () => unneededNow().length > 0, 20_000, 1000);
		const unneeded = unneededNow();
		expect(unneeded.length).toBe(4);
		const since = unneeded[0]!.time;
		expect(unneeded.every(d => d.time === since)).toBe(true);
		c.advance(since + 10 * 60_000 - 1 - c.now());
		expect(nodeNames(c)).toEqual(withLoad);
		expect(eventsFor(c, {name: 'cluster-autoscaler-status', namespace: 'kube-system', reason: 'ScaleDownEmpty'}).length).toBe(0);
		// at 10 minutes the scan removes them: tainted, then terminated 5 s later
		c.advance(1);
		const removing = eventsFor(c, {name: 'cluster-autoscaler-status', namespace: 'kube-system', reason: 'ScaleDownEmpty'});
		expect(removing.length).toBe(4);
		expect(removing[0]!.message).toMatch(/^Scale-down: removing empty node "ip-192-168-\d+-\d+\.ec2\.internal"$/);
		expect(c.now() - since).toBe(10 * 60_000);
		c.advance(5000);
		expect(c.list('Node').length).toBe(2);
		expect(c.nodeGroups()[0]).toMatchObject({desiredSize: 2, instances: 2});
		const marked = eventsFor(c, {kind: 'Node', reason: 'ScaleDown'});
		expect(marked.length).toBe(4);
		expect(marked[0]!.message).toBe('marked the node as toBeDeleted/unschedulable');
		// the two left hold coredns and the autoscaler itself (kube-system pods without a PDB): never removed
		c.advance(30 * 60_000);
		expect(c.list('Node').length).toBe(2);
	});

	it('never within 10 minutes of a scale-up, even with a short unneeded time', () => {
		const c = eks(8, {eks: {nodeGroups: [{name: 'ng-general', instanceType: 'm5.large', minSize: 2, maxSize: 8, desiredSize: 2}], autoscaler: {scaleDownUnneededMs: 60_000}}});
		c.advance(60_000);
		c.apply(load('burst', 40, '200m'));
		c.advance(10_000);
		const scaledUpAt = c.autoscalerDecisions().find(d => d.kind === 'ScaleUp')!.time;
		advanceUntil(c, () => running(c, 'burst') === 40, 300_000);
		c.scale('Deployment', 'default', 'burst', 0);
		let removedAt: number | undefined;
		advanceUntil(
			c,
			() => {
				if (removedAt === undefined && c.autoscalerDecisions().some(d => d.kind === 'ScaleDown')) removedAt = c.now();
				return removedAt !== undefined;
			},
			20 * 60_000,
			1000,
		);
		expect(removedAt! - scaledUpAt).toBe(10 * 60_000);
	});

	it('a pod marked safe-to-evict "false" keeps its node; a node annotated scale-down-disabled stays too', () => {
		const c = createCluster({profile: 'eks', seed: 5, eks: {nodeGroups: [{name: 'ng-general', instanceType: 'm5.large', minSize: 2, maxSize: 4, desiredSize: 2}]}});
		c.advance(30_000);
		c.setNodeGroupSize('ng-general', 4);
		advanceUntil(c, () => c.nodeGroups()[0]!.readyNodes === 4, 120_000);
		c.apply(load('pinned', 1, '100m', '64Mi').replace('    metadata:\n      labels:\n        app: pinned', '    metadata:\n      annotations:\n        cluster-autoscaler.kubernetes.io/safe-to-evict: "false"\n      labels:\n        app: pinned'));
		advanceUntil(c, () => running(c, 'pinned') === 1, 60_000);
		const pinned = c.list('Pod', {namespace: 'default', labelSelector: 'app=pinned'})[0]!;
		expect(pinned.metadata.annotations?.['cluster-autoscaler.kubernetes.io/safe-to-evict']).toBe('false');
		const empty = c.nodeGroups()[0] && c.list('Node').map(n => n.metadata.name).find(n => n !== pinned.spec.nodeName && c.list('Pod').every(p => p.spec.nodeName !== n || p.metadata.ownerReferences?.some(o => o.kind === 'DaemonSet')))!;
		c.patch('Node', undefined, empty, {metadata: {annotations: {'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true'}}}, 'application/merge-patch+json');
		c.advance(30 * 60_000);
		expect(nodeNames(c)).toContain(pinned.spec.nodeName);
		expect(nodeNames(c)).toContain(empty);
		expect(c.list('Node').length).toBe(4);
		// without the annotation the empty node goes, and only it
		c.patch('Node', undefined, empty, {metadata: {annotations: {'cluster-autoscaler.kubernetes.io/scale-down-disabled': null}}}, 'application/merge-patch+json');
		advanceUntil(c, () => !nodeNames(c).includes(empty), 11 * 60_000, 1000);
		expect(c.list('Node').length).toBe(3);
		expect(nodeNames(c)).toContain(pinned.spec.nodeName);
	});

	it('a node whose pod a PodDisruptionBudget protects stays; without the budget it is drained and removed', () => {
		const c = createCluster({profile: 'eks', seed: 5, eks: {nodeGroups: [{name: 'ng-general', instanceType: 'm5.large', minSize: 2, maxSize: 4, desiredSize: 2}]}});
		c.advance(30_000);
		// a third node, by hand: it joins with nothing but the DaemonSets' pods
		c.setNodeGroupSize('ng-general', 3);
		advanceUntil(c, () => c.nodeGroups()[0]!.readyNodes === 3, 120_000);
		c.apply(load('guarded', 1, '100m', '64Mi'));
		c.apply(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: guarded
spec:
  maxUnavailable: 0
  selector:
    matchLabels:
      app: guarded
`);
		advanceUntil(c, () => running(c, 'guarded') === 1, 60_000);
		const pod = c.list('Pod', {namespace: 'default', labelSelector: 'app=guarded'})[0]!;
		const node = pod.spec.nodeName!;
		// the pod went to the node without kube-system pods (the least requested)
		expect(c.list('Pod', {namespace: 'kube-system'}).filter(p => p.spec.nodeName === node && !p.metadata.ownerReferences?.some(o => o.kind === 'DaemonSet')).length).toBe(0);
		c.advance(30 * 60_000);
		expect(nodeNames(c)).toContain(node);
		expect(c.list('Node').length).toBe(3);
		c.delete('PodDisruptionBudget', 'default', 'guarded');
		advanceUntil(c, () => !nodeNames(c).includes(node), 11 * 60_000, 1000);
		expect(eventsFor(c, {name: pod.metadata.name, reason: 'ScaleDown'}).map(e => e.message)).toEqual(['deleting pod for node scale down']);
		expect(eventsFor(c, {name: 'cluster-autoscaler-status', namespace: 'kube-system', reason: 'ScaleDown'}).map(e => e.message)).toContain(`Scale-down: node ${node} removed with drain`);
		advanceUntil(c, () => running(c, 'guarded') === 1, 60_000);
		expect(c.list('Node').length).toBe(2);
	});
});
