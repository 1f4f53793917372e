import {describe, expect, it} from 'vitest';
import {createCluster} from '../../source/cluster/index.js';
import type {Node} from '../../source/cluster/types.js';
import {NodeIpam, PodAddressPool, intToIp, ipToInt} from '../../source/cluster/core/ipam.js';
import {eventsFor} from './helpers.js';

function inCidr(ip: string, cidr: string): boolean {
	const [base, bits] = cidr.split('/');
	const size = 2 ** (32 - Number(bits));
	const n = ipToInt(ip);
	return n >= ipToInt(base!) && n < ipToInt(base!) + size;
}

function internalIP(node: Node): string {
	return node.status!.addresses!.find(a => a.type === 'InternalIP')!.address;
}

const pause = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: "registry.k8s.io/pause:3.10", resources: {requests: {cpu: 10m, memory: 16Mi}}}]
`;

describe('node IPAM', () => {
	it('keeps 10.244.N.0/24 and 172.18.1.N+2 for the first nodes', () => {
		const ipam = new NodeIpam(4);
		expect(ipam.clusterCIDR).toBe('10.244.0.0/16');
		expect([0, 1, 2, 3].map(i => ipam.node(i))).toEqual([
			{hostIP: '172.18.1.2', podCIDR: '10.244.0.0/24'},
			{hostIP: '172.18.1.3', podCIDR: '10.244.1.0/24'},
			{hostIP: '172.18.1.4', podCIDR: '10.244.2.0/24'},
			{hostIP: '172.18.1.5', podCIDR: '10.244.3.0/24'},
		]);
	});

	it('gives nodes 252-256 distinct addresses, skipping .255, .0 and .1', () => {
		const ipam = new NodeIpam(5000);
		expect([252, 253, 254, 255, 256].map(i => ipam.node(i))).toEqual([
			{hostIP: '172.18.1.254', podCIDR: '10.244.252.0/24'},
			{hostIP: '172.18.2.2', podCIDR: '10.244.253.0/24'},
			{hostIP: '172.18.2.3', podCIDR: '10.244.254.0/24'},
			{hostIP: '172.18.2.4', podCIDR: '10.244.255.0/24'},
			{hostIP: '172.18.2.5', podCIDR: '10.245.0.0/24'},
		]);
	});

	it('widens the cluster CIDR with the node count, as --cluster-cidr with a /24 per node', () => {
		const cidr = (n: number) => new NodeIpam(n).clusterCIDR;
		expect([0, 256, 257, 1024, 1025, 4096, 5000, 8192, 32768].map(cidr)).toEqual([
			'10.244.0.0/16',
			'10.244.0.0/16',
			'10.244.0.0/15',
			'10.244.0.0/14',
			'10.240.0.0/13',
			'10.240.0.0/12',
			'10.224.0.0/11',
			'10.224.0.0/11',
			'10.128.0.0/9',
		]);
		expect(() => new NodeIpam(32769)).toThrow();
		// after 10.255.255.0/24 the allocator wraps to the start of the cluster CIDR
		const big = new NodeIpam(5000);
		expect(big.node(3071).podCIDR).toBe('10.255.255.0/24');
		expect(big.node(3072).podCIDR).toBe('10.224.0.0/24');
		expect(big.node(4999).podCIDR).toBe('10.231.135.0/24');
		expect(() => new NodeIpam(3).node(256)).toThrow(/10\.244\.0\.0\/16/);
	});

	it('gives 5,000 nodes distinct host IPs and podCIDRs that do not overlap', () => {
		const cluster = createCluster({nodes: 5000, addons: false, events: false});
		const nodes = cluster.list('Node');
		expect(nodes).toHaveLength(5001);
		const hostIPs = nodes.map(internalIP);
		expect(new Set(hostIPs).size).toBe(5001);
		expect(hostIPs.filter(ip => !inCidr(ip, '172.18.0.0/16') || ['0', '1', '255'].includes(ip.split('.')[3]!))).toEqual([]);
		const cidrs = nodes.map(n => n.spec!.podCIDR as string);
		expect(nodes.every(n => n.spec?.podCIDRs?.length === 1 && n.spec?.podCIDRs?.[0] === n.spec?.podCIDR)).toBe(true);
		expect(cidrs.every(c => c.endsWith('/24'))).toBe(true);
		// /24s with distinct network addresses never overlap
		const networks = new Set(cidrs.map(c => ipToInt(c.slice(0, -3))));
		expect(networks.size).toBe(5001);
		const misplaced = [...networks].filter(n => n % 256 !== 0 || !inCidr(intToIp(n), '10.224.0.0/11') || inCidr(intToIp(n), '10.96.0.0/12'));
		expect(misplaced).toEqual([]);
		expect(cluster.get('Node', undefined, 'kubesim-control-plane').spec?.podCIDR).toBe('10.244.0.0/24');
		expect(cluster.get('Node', undefined, 'kubesim-worker300').spec?.podCIDR).toBe('10.245.44.0/24');
	});
});

describe('pod IPs', () => {
	it('hands out .2-.254 of a podCIDR round-robin, and nothing when full', () => {
		const pool = new PodAddressPool('10.244.7.0/24');
		const got = Array.from({length: 253}, () => pool.allocate());
		expect(got[0]).toBe('10.244.7.2');
		expect(got[252]).toBe('10.244.7.254');
		expect(new Set(got).size).toBe(253);
		expect(pool.allocate()).toBeUndefined();
		pool.release('10.244.7.9');
		expect(pool.allocate()).toBe('10.244.7.9');
		expect(pool.range()).toBe('10.244.7.1-10.244.7.254');
	});

	it('never gives two pods the same IP on a cluster of 600 nodes', () => {
		const cluster = createCluster({nodes: 600, addons: false, events: false, seed: 3});
		cluster.apply(pause('many', 1200), 'many.yaml');
		cluster.advance(2000);
		const all = cluster.list('Pod', {namespace: 'default'});
		expect(all.filter(p => p.status?.podIP)).toHaveLength(1200);
		expect(new Set(all.map(p => p.spec.nodeName)).size).toBe(600);
		expect(new Set(all.map(p => p.status.podIP)).size).toBe(1200);
		expect(all.filter(p => !inCidr(p.status.podIP!, cluster.get('Node', undefined, p.spec.nodeName!).spec!.podCIDR!))).toEqual([]);
	});

	it('leaves a pod without a sandbox when its node has no address left', () => {
		const cluster = createCluster({nodes: [{name: 'big', cpu: '64', memory: '256Gi', pods: 300}], controlPlane: false, addons: false, seed: 2});
		cluster.apply(pause('crowd', 256), 'crowd.yaml');
		cluster.advance(5000);
		const pods = cluster.list('Pod', {namespace: 'default'});
		const ips = pods.map(p => p.status.podIP).filter(Boolean);
		expect(ips).toHaveLength(253);
		expect(new Set(ips).size).toBe(253);
		const waiting = pods.filter(p => !p.status.podIP);
		expect(waiting).toHaveLength(3);
		for (const p of waiting) expect(p.status.containerStatuses?.[0].state.waiting?.reason).toBe('ContainerCreating');
		const failed = eventsFor(cluster, {reason: 'FailedCreatePodSandBox'});
		// one event for each of the 3 pods left without an address (a /24 has 253 for pods)
		expect(failed.map(e => e.involvedObject.name).sort()).toEqual(waiting.map(p => p.metadata.name).sort());
		for (const e of failed) {
			expect(e.count).toBe(1);
			expect(e.message).toBe('Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.0.1-10.244.0.254');
		}
		// addresses freed by deleted pods go to other pods, never to two at once
		for (const p of pods.filter(p => p.status.podIP).slice(0, 5)) cluster.delete('Pod', 'default', p.metadata.name, {gracePeriodSeconds: 0});
		cluster.advance(11_000);
		const after = cluster.list('Pod', {namespace: 'default'});
		const reused = after.map(p => p.status.podIP).filter(Boolean);
		expect(after).toHaveLength(256);
		expect(reused).toHaveLength(253);
		expect(new Set(reused).size).toBe(253);
	});
});
