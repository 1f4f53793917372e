import {describe, expect, it} from 'vitest';
import type {Condition, KObject, Node, NodeAddress, NodeSpec, NodeStatus} from '../../source/cluster/types.js';
import {node, nodeRoles, nodeStatus} from '../../source/kinds/node/index.js';
import {ago, ctx, event, fakeGet, fakeList, runningPod} from './fixtures.js';

/** The node worker() builds: spec and status always there; nodeInfo, which NodeStatus does not type, included. */
type WorkerNode = Node & {
	spec: NodeSpec;
	status: NodeStatus & {conditions: Condition[]; addresses: NodeAddress[]; nodeInfo?: Record<string, string>};
};

function worker(patch: (n: WorkerNode) => void = () => {}): WorkerNode {
	const n: WorkerNode = {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name: 'node-1',
			uid: 'node-uid-1',
			creationTimestamp: ago(86400 * 12 + 3600),
			labels: {'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux'},
			annotations: {'node.alpha.kubernetes.io/ttl': '0'},
		},
		spec: {podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24']},
		status: {
			conditions: [
				{type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: ago(8), lastTransitionTime: ago(86400 * 12)},
				{type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ago(8), lastTransitionTime: ago(86400 * 12 - 30)},
			],
			addresses: [{type: 'InternalIP', address: '10.0.0.11'}, {type: 'Hostname', address: 'node-1'}],
			capacity: {cpu: '4', memory: '16393060Ki', pods: '110', 'ephemeral-storage': '101203028Ki'},
			allocatable: {cpu: '4', memory: '16290660Ki', pods: '110', 'ephemeral-storage': '93268973646'},
			nodeInfo: {
				machineID: '6f1c0e5f3c0e4d5c9a1b2c3d4e5f6a7b',
				systemUUID: '6f1c0e5f-3c0e-4d5c-9a1b-2c3d4e5f6a7b',
				bootID: 'b2f6e1c4-8d7a-4e2b-9c1d-0a1b2c3d4e5f',
				kernelVersion: '6.8.0-1015-aws',
				osImage: 'Ubuntu 24.04.1 LTS',
				containerRuntimeVersion: 'containerd://1.7.22',
				kubeletVersion: 'v1.32.2',
				kubeProxyVersion: 'v1.32.2',
				operatingSystem: 'linux',
				architecture: 'amd64',
			},
		},
	};
	patch(n);
	return n;
}

describe('node STATUS and ROLES', () => {
	it('prints Ready, NotReady and Unknown', () => {
		expect(nodeStatus(worker())).toBe('Ready');
		expect(nodeStatus(worker(n => (n.status.conditions[1].status = 'False')))).toBe('NotReady');
		expect(nodeStatus(worker(n => (n.status.conditions[1].status = 'Unknown')))).toBe('NotReady');
		expect(nodeStatus(worker(n => (n.status.conditions = [])))).toBe('Unknown');
	});

	it('adds SchedulingDisabled when cordoned', () => {
		expect(nodeStatus(worker(n => (n.spec.unschedulable = true)))).toBe('Ready,SchedulingDisabled');
		expect(nodeStatus(worker(n => {
			n.spec.unschedulable = true;
			n.status.conditions[1].status = 'Unknown';
		}))).toBe('NotReady,SchedulingDisabled');
	});

	it('finds roles in labels', () => {
		expect(nodeRoles(worker())).toEqual([]);
		expect(nodeRoles(worker(n => {
			n.metadata.labels!['node-role.kubernetes.io/control-plane'] = '';
			n.metadata.labels!['kubernetes.io/role'] = 'infra';
		}))).toEqual(['control-plane', 'infra']);
	});

	it('prints the row and the wide columns', () => {
		expect(node.row(worker(), ctx())).toEqual(['node-1', 'Ready', '<none>', '12d', 'v1.32.2', '10.0.0.11', '<none>', 'Ubuntu 24.04.1 LTS', '6.8.0-1015-aws', 'containerd://1.7.22']);
		const cp = worker(n => {
			n.metadata.labels!['node-role.kubernetes.io/control-plane'] = '';
			n.spec.unschedulable = true;
			n.status.addresses.push({type: 'ExternalIP', address: '203.0.113.5'});
			n.status.nodeInfo = {kubeletVersion: 'v1.32.2'};
		});
		expect(node.row(cp, ctx())).toEqual(['node-1', 'Ready,SchedulingDisabled', 'control-plane', '12d', 'v1.32.2', '10.0.0.11', '203.0.113.5', '<unknown>', '<unknown>', '<unknown>']);
	});
});

describe('node describe', () => {
	const web = runningPod('web-6d4c8b7f9-x2x8z', p => {
		p.spec.containers[0].resources = {requests: {cpu: '250m', memory: '128Mi'}, limits: {cpu: '500m', memory: '256Mi'}};
	});
	const dns = runningPod('coredns-668d6bf9bc-7xk2p', p => {
		p.metadata.namespace = 'kube-system';
		p.metadata.creationTimestamp = ago(86400 * 12);
		p.spec.containers[0].resources = {requests: {cpu: '100m', memory: '70Mi'}, limits: {memory: '170Mi'}};
	});
	const done = runningPod('job-done', p => (p.status.phase = 'Succeeded'));
	const lease: KObject = {
		apiVersion: 'coordination.k8s.io/v1',
		kind: 'Lease',
		metadata: {name: 'node-1', namespace: 'kube-node-lease'},
		spec: {holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2025-03-01T11:59:55.123456Z'},
	};

	it('prints lease, conditions, resources and the pods on the node', () => {
		const cordoned = worker(n => {
			n.spec.unschedulable = true;
			n.spec.taints = [{key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ago(60)}];
		});
		const text = node.describe!(cordoned, ctx({
			get: fakeGet((kind, ns, name) => (kind === 'Lease' && ns === 'kube-node-lease' && name === 'node-1' ? lease : undefined)),
			list: fakeList((kind, opts) => {
				expect(kind).toBe('Pod');
				expect(opts?.fieldSelector).toBe('spec.nodeName=node-1');
				return [web, dns, done];
			}),
			events: () => [event({kind: 'Node', name: 'node-1', reason: 'NodeNotSchedulable', message: 'Node node-1 status is now: NodeNotSchedulable', first: 60})],
		}));
		expect(text).toBe([
			'Name:               node-1',
			'Roles:              <none>',
			'Labels:             kubernetes.io/hostname=node-1',
			'                    kubernetes.io/os=linux',
			'Annotations:        node.alpha.kubernetes.io/ttl: 0',
			'CreationTimestamp:  Mon, 17 Feb 2025 11:00:00 +0000',
			'Taints:             node.kubernetes.io/unschedulable:NoSchedule',
			'Unschedulable:      true',
			'Lease:',
			'  HolderIdentity:  node-1',
			'  AcquireTime:     <unset>',
			'  RenewTime:       Sat, 01 Mar 2025 11:59:55 +0000',
			'Conditions:',
			'  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
			'  ----             ------  -----------------                 ------------------                ------                       -------',
			'  MemoryPressure   False   Sat, 01 Mar 2025 11:59:52 +0000   Mon, 17 Feb 2025 12:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
			'  Ready            True    Sat, 01 Mar 2025 11:59:52 +0000   Mon, 17 Feb 2025 12:00:30 +0000   KubeletReady                 kubelet is posting ready status',
			'Addresses:',
			'  InternalIP:  10.0.0.11',
			'  Hostname:    node-1',
			'Capacity:',
			'  cpu:                4',
			'  ephemeral-storage:  101203028Ki',
			'  memory:             16393060Ki',
			'  pods:               110',
			'Allocatable:',
			'  cpu:                4',
			'  ephemeral-storage:  93268973646',
			'  memory:             16290660Ki',
			'  pods:               110',
			'System Info:',
			'  Machine ID:                 6f1c0e5f3c0e4d5c9a1b2c3d4e5f6a7b',
			'  System UUID:                6f1c0e5f-3c0e-4d5c-9a1b-2c3d4e5f6a7b',
			'  Boot ID:                    b2f6e1c4-8d7a-4e2b-9c1d-0a1b2c3d4e5f',
			'  Kernel Version:             6.8.0-1015-aws',
			'  OS Image:                   Ubuntu 24.04.1 LTS',
			'  Operating System:           linux',
			'  Architecture:               amd64',
			'  Container Runtime Version:  containerd://1.7.22',
			'  Kubelet Version:            v1.32.2',
			'  Kube-Proxy Version:         v1.32.2',
			'PodCIDR:                      10.244.1.0/24',
			'PodCIDRs:                     10.244.1.0/24',
			'Non-terminated Pods:          (2 in total)',
			'  Namespace                   Name                        CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
			'  ---------                   ----                        ------------  ----------  ---------------  -------------  ---',
			'  default                     web-6d4c8b7f9-x2x8z         250m (6%)     500m (12%)  128Mi (0%)       256Mi (1%)     10m',
			'  kube-system                 coredns-668d6bf9bc-7xk2p    100m (2%)     0 (0%)      70Mi (0%)        170Mi (1%)     12d',
			'Allocated resources:',
			'  (Total limits may be over 100 percent, i.e., overcommitted.)',
			'  Resource           Requests    Limits',
			'  --------           --------    ------',
			'  cpu                350m (8%)   500m (12%)',
			'  memory             198Mi (1%)  426Mi (2%)',
			'  ephemeral-storage  0 (0%)      0 (0%)',
			'Events:',
			'  Type    Reason              Age   From     Message',
			'  ----    ------              ----  ----     -------',
			'  Normal  NodeNotSchedulable  60s   kubelet  Node node-1 status is now: NodeNotSchedulable',
			'',
		].join('\n'));
	});

	it('says when the lease is missing and skips what the context cannot give', () => {
		const text = node.describe!(worker(), ctx({get: () => undefined}));
		expect(text).toContain('\nLease:              Failed to get lease: leases.coordination.k8s.io "node-1" not found\n');
		expect(text).not.toContain('Non-terminated Pods');
		expect(text).not.toContain('Events:');
		expect(node.describe!(worker(), ctx())).not.toContain('Lease');
	});
});
