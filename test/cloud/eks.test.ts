// The eks profile itself: nodes as a managed node group registers them, kube-system as EKS
// leaves it, the VPC CNI's pod limit, ELB hostnames, and the bill at list prices.
import {describe, expect, it} from 'vitest';
import {createCluster} from '../../source/cluster/index.js';
import {maxPods, nodeResources, instanceType, INSTANCE_TYPES} from '../../source/cluster/cloud/instances.js';
import {advanceUntil, deployment, eventsFor} from '../cluster/helpers.js';

describe('the eks profile', () => {
	it('the VPC CNI limits and the allocatable after the kubelet reservations', () => {
		const limits = Object.fromEntries(INSTANCE_TYPES.map(t => [t.name, maxPods(t)]));
		expect(limits).toMatchObject({'t3.medium': 17, 't3.large': 35, 'm5.large': 29, 'm5.xlarge': 58, 'c5.large': 29, 'r5.large': 29});
		// m5.large: 2000m - (60 + 10)m; 8192Mi - (11 x 29 + 255)Mi - 100Mi
		expect(nodeResources(instanceType('m5.large')!).allocatable).toEqual({cpu: '1930m', memory: `${7518 * 1024}Ki`, pods: '29'});
		// m5.xlarge: 4000m - (60 + 10 + 5 + 5)m; 16384Mi - (11 x 58 + 255)Mi - 100Mi
		expect(nodeResources(instanceType('m5.xlarge')!).allocatable).toEqual({cpu: '3920m', memory: `${15391 * 1024}Ki`, pods: '58'});
	});

	it('nodes named after their VPC address, with the node group, instance type and zone labels; kube-system without control-plane pods', () => {
		const c = createCluster({profile: 'eks', seed: 1});
		c.advance(60_000);
		const nodes = c.list('Node');
		expect(nodes.length).toBe(2);
		for (const n of nodes) {
			expect(n.metadata.name).toMatch(/^ip-192-168-\d{1,3}-\d{1,3}\.ec2\.internal$/);
			expect(n.metadata.labels).toMatchObject({'eks.amazonaws.com/nodegroup': 'ng-general', 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/region': 'us-east-1'});
			expect(n.spec?.podCIDR).toBeUndefined();
			expect(n.spec?.providerID).toMatch(/^aws:\/\/\/us-east-1[abc]\/i-0[0-9a-f]{16}$/);
		}
		expect(nodes.map(n => n.metadata.labels?.['topology.kubernetes.io/zone']).sort()).toEqual(['us-east-1a', 'us-east-1b']);
		const system = c.list('Pod', {namespace: 'kube-system'});
		const owners = new Set(system.map(p => p.metadata.name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{8,10}$/, '')));
		expect([...owners].sort()).toEqual(['aws-node', 'cluster-autoscaler', 'coredns', 'kube-proxy']);
		expect(system.some(p => p.metadata.labels?.tier === 'control-plane')).toBe(false);
		// pod IPs are VPC addresses of the node's zone subnet
		const dns = system.filter(p => p.metadata.name.startsWith('coredns'));
		for (const p of dns) expect(p.status?.podIP).toMatch(/^192\.168\.\d+\.\d+$/);
	});

	it('the 30th pod on an m5.large: Too many pods', () => {
		const c = createCluster({profile: 'eks', seed: 1, eks: {nodeGroups: [{name: 'one', instanceType: 'm5.large', minSize: 1, maxSize: 1, desiredSize: 1}]}});
		c.advance(30_000);
		// aws-node, kube-proxy, two coredns and the autoscaler: 5 pods; 25 more make 30
		expect(c.list('Pod', {namespace: 'kube-system'}).length).toBe(5);
		c.apply(deployment('many', 25, 'nginx:1.27').replace('cpu: 50m', 'cpu: 10m'));
		c.advance(20_000);
		const pending = c.list('Pod', {namespace: 'default'}).filter(p => !p.spec.nodeName);
		expect(pending.length).toBe(1);
		const failed = eventsFor(c, {name: pending[0]!.metadata.name, reason: 'FailedScheduling'});
		expect(failed[0]!.message).toBe('0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..');
		expect(eventsFor(c, {name: pending[0]!.metadata.name, reason: 'NotTriggerScaleUp'})[0]!.message).toBe("pod didn't trigger scale-up: 1 max node group size reached");
	});

	it('a LoadBalancer Service gets an ELB hostname after 30 s', () => {
		const c = createCluster({profile: 'eks', seed: 1});
		c.apply(`apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  type: LoadBalancer
  selector: {app: shop}
  ports: [{port: 80}]
`);
		c.advance(29_000);
		expect(c.get('Service', 'default', 'shop').status?.loadBalancer?.ingress).toBeUndefined();
		c.advance(1000);
		const uid = c.get('Service', 'default', 'shop').metadata.uid!.replace(/-/g, '');
		const host = c.get('Service', 'default', 'shop').status?.loadBalancer?.ingress?.[0]?.hostname;
		expect(host).toMatch(new RegExp(`^a${uid.slice(0, 31)}-\\d{10}\\.us-east-1\\.elb\\.amazonaws\\.com$`));
	});
});

describe('the bill', () => {
	it('equals the hand-computed sum: control plane, the two nodes, and two instances added and removed by hand', () => {
		const c = createCluster({profile: 'eks', seed: 1, eks: {autoscaler: {enabled: false}}});
		c.setNodeGroupSize('ng-general', 3);
		c.advance(30 * 60_000);
		// the third instance ran from 45 s (launch) to 30 min: 1755 s
		c.setNodeGroupSize('ng-general', 2);
		c.setNodeGroupSize('ng-general', 3);
		c.advance(50_000);
		// this one ran 5 s, billed as the 60 s minimum
		c.setNodeGroupSize('ng-general', 2);
		c.advance(60 * 60_000 - 30 * 60_000 - 50_000);
		const bill = c.bill()!;
		expect(bill.hours).toBe(1);
		expect(bill.controlPlane).toBeCloseTo(0.1, 12);
		const expected = 0.1 + 2 * 0.096 + (0.096 * 1755) / 3600 + (0.096 * 60) / 3600;
		expect(bill.total).toBeCloseTo(expected, 12);
		expect(bill.nodeGroups).toEqual([expect.objectContaining({name: 'ng-general', instanceType: 'm5.large', instances: 4})]);
		expect(bill.perHour).toBeCloseTo(0.1 + 2 * 0.096, 12);
		expect(bill.namespaces.reduce((a, n) => a + n.cost, 0)).toBeCloseTo(2 * 0.096 + (0.096 * 1755) / 3600 + (0.096 * 5) / 3600, 2);
		expect(bill).toMatchObject({region: 'us-east-1', currency: 'USD'});
		expect(createCluster({seed: 1}).bill()).toBeUndefined();
	});
});

describe('Fargate', () => {
	it('a pod a Fargate profile selects runs on a node of its own, sized up to the next Fargate size, billed per vCPU and GB hour', () => {
		const c = createCluster({profile: 'eks', seed: 1, eks: {fargateProfiles: [{name: 'fp-serverless', selectors: [{namespace: 'serverless'}]}]}});
		c.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: serverless\n');
		c.apply(deployment('fn', 1, 'nginx:1.27').replace('cpu: 50m', 'cpu: 300m').replace('memory: 32Mi', 'memory: 600Mi'), undefined, 'serverless');
		const pod = () => c.list('Pod', {namespace: 'serverless'})[0]!;
		expect(pod().spec.schedulerName).toBe('fargate-scheduler');
		expect(pod().metadata.labels?.['eks.amazonaws.com/fargate-profile']).toBe('fp-serverless');
		const created = c.now();
		c.advance(59_000);
		expect(pod().spec.nodeName).toBeUndefined();
		c.advance(1000);
		expect(pod().spec.nodeName).toBe('fargate-ip-192-168-97-1.ec2.internal');
		// 300m and 600Mi + 256Mi: 0.5 vCPU and 1 GB
		expect(pod().metadata.annotations?.CapacityProvisioned).toBe('0.5vCPU 1GB');
		const node = c.get('Node', undefined, 'fargate-ip-192-168-97-1.ec2.internal');
		expect(node.metadata.labels?.['eks.amazonaws.com/compute-type']).toBe('fargate');
		expect(node.spec?.taints).toEqual([{key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule'}]);
		expect(eventsFor(c, {name: pod().metadata.name, reason: 'Scheduled'}).map(e => [e.source?.component, e.message])).toEqual([['fargate-scheduler', `Successfully assigned serverless/${pod().metadata.name} to fargate-ip-192-168-97-1.ec2.internal`]]);
		advanceUntil(c, () => pod().status?.phase === 'Running', 60_000);
		// no aws-node or kube-proxy on a Fargate node
		expect(c.list('Pod', {namespace: 'kube-system'}).filter(p => p.spec.nodeName === node.metadata.name)).toEqual([]);
		c.advance(created + 60_000 + 3_600_000 - c.now());
		const bill = c.bill()!;
		expect(bill.fargate.pods).toBe(1);
		expect(bill.fargate.cost).toBeCloseTo(0.5 * 0.04048 + 1 * 0.004445, 12);
		expect(bill.namespaces.find(n => n.namespace === 'serverless')?.cost).toBeCloseTo(0.5 * 0.04048 + 1 * 0.004445, 12);
		c.delete('Deployment', 'serverless', 'fn');
		advanceUntil(c, () => !c.find('Node', undefined, 'fargate-ip-192-168-97-1.ec2.internal'), 120_000);
	});
});
