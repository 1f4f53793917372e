// Node: v1 nodes.
import type {Lease, Node, NodeSpec, NodeStatus, NodeSystemInfo, Pod, ResourceList} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, rfc1123z} from '../format.js';
import {writeEvents} from '../describe.js';
import {Quantity, canonicalQuantity, podRequestsAndLimits, sortedResourceNames, type Resources} from '../resources.js';
import {nodeApi} from './api.js';
import {nodeView} from './view.js';

/** The STATUS column: `Ready`, `NotReady` or `Unknown`, plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
	const parts: string[] = [];
	const ready = (node.status?.conditions ?? []).find(c => c.type === 'Ready');
	if (ready) parts.push(ready.status === 'True' ? 'Ready' : 'NotReady');
	else parts.push('Unknown');
	if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
	return parts.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, sorted. */
export function nodeRoles(node: Node): string[] {
	const roles = new Set<string>();
	for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
		if (key.startsWith('node-role.kubernetes.io/')) {
			const role = key.slice('node-role.kubernetes.io/'.length);
			if (role) roles.add(role);
		} else if (key === 'kubernetes.io/role' && value) {
			roles.add(value);
		}
	}
	return [...roles].sort();
}

/** The first address of a type (`InternalIP`, `ExternalIP`), or `<none>`. */
export function nodeAddress(node: Node, type: string): string {
	const a = (node.status?.addresses ?? []).find(a => a.type === type);
	return a?.address ?? '<none>';
}

function describeResourceList(w: DescribeWriter, list: ResourceList | undefined): void {
	for (const name of sortedResourceNames(list)) w.write(0, `  ${name}:\t${canonicalQuantity(list![name])}\n`);
}

function percent(part: number, whole: number): number {
	if (!whole) return 0;
	return Math.trunc((part / whole) * 100);
}

function qty(rs: Resources, name: string): Quantity {
	return rs[name] ?? Quantity.zero();
}

function describeNodeResources(w: DescribeWriter, node: Node, pods: Pod[], now: number): void {
	const capacity: ResourceList = node.status?.capacity ?? {};
	const declared = node.status?.allocatable;
	const allocatable: ResourceList = declared && Object.keys(declared).length ? declared : capacity;
	const allocCpu = Quantity.parse(allocatable.cpu)?.milliValue() ?? 0;
	const allocMem = Quantity.parse(allocatable.memory)?.value() ?? 0;
	const allocEph = Quantity.parse(allocatable['ephemeral-storage'])?.value() ?? 0;
	w.item(0, 'Non-terminated Pods', `(${pods.length} in total)`);
	w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
	w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
	const totals: {requests: Resources; limits: Resources} = {requests: {}, limits: {}};
	for (const pod of pods) {
		const {requests, limits} = podRequestsAndLimits(pod);
		for (const [which, rs] of [['requests', requests], ['limits', limits]] as const) {
			for (const [name, q] of Object.entries(rs)) totals[which][name] = totals[which][name] ? totals[which][name]!.add(q) : q;
		}
		const cpuReq = qty(requests, 'cpu');
		const cpuLim = qty(limits, 'cpu');
		const memReq = qty(requests, 'memory');
		const memLim = qty(limits, 'memory');
		w.write(1, `${pod.metadata.namespace ?? ''}\t${pod.metadata.name}\t\t` +
			`${cpuReq} (${percent(cpuReq.milliValue(), allocCpu)}%)\t${cpuLim} (${percent(cpuLim.milliValue(), allocCpu)}%)\t` +
			`${memReq} (${percent(memReq.value(), allocMem)}%)\t${memLim} (${percent(memLim.value(), allocMem)}%)\t` +
			`${age(pod.metadata.creationTimestamp, now)}\n`);
	}
	w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
	w.write(1, 'Resource\tRequests\tLimits\n');
	w.write(1, '--------\t--------\t------\n');
	const row = (name: string, whole: number, scale: (q: Quantity) => number): void => {
		const req = qty(totals.requests, name);
		const lim = qty(totals.limits, name);
		w.write(1, `${name}\t${req} (${percent(scale(req), whole)}%)\t${lim} (${percent(scale(lim), whole)}%)\n`);
	};
	row('cpu', allocCpu, q => q.milliValue());
	row('memory', allocMem, q => q.value());
	row('ephemeral-storage', allocEph, q => q.value());
	const names = Object.keys(allocatable).sort();
	for (const name of names.filter(n => n.startsWith('hugepages-'))) {
		row(name, Quantity.parse(allocatable[name])?.value() ?? 0, q => q.value());
	}
	const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
	for (const name of names.filter(n => !n.startsWith('hugepages-') && !standard.has(n) && !n.startsWith('requests.') && !n.startsWith('limits.'))) {
		w.write(1, `${name}\t${qty(totals.requests, name)}\t${qty(totals.limits, name)}\n`);
	}
}

function describeNode(node: Node, ctx: RenderContext): string {
	const spec: NodeSpec = node.spec ?? {};
	const status: NodeStatus = node.status ?? {};
	const w = new DescribeWriter();
	w.item(0, 'Name', node.metadata.name);
	const roles = nodeRoles(node);
	w.item(0, 'Roles', roles.length ? roles.join(',') : '<none>');
	w.labels('Labels', node.metadata.labels);
	w.annotations('Annotations', node.metadata.annotations);
	w.item(0, 'CreationTimestamp', rfc1123z(node.metadata.creationTimestamp));
	w.taints('Taints', spec.taints);
	w.item(0, 'Unschedulable', String(!!spec.unschedulable));
	if (ctx.get) {
		const lease = ctx.get('Lease', 'kube-node-lease', node.metadata.name) as Lease | undefined;
		if (lease) {
			w.write(0, 'Lease:\n');
			w.item(1, 'HolderIdentity', lease.spec?.holderIdentity ?? '<unset>');
			w.item(1, 'AcquireTime', lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>');
			w.item(1, 'RenewTime', lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>');
		} else {
			w.item(0, 'Lease', `Failed to get lease: leases.coordination.k8s.io "${node.metadata.name}" not found`);
		}
	}
	const conditions = status.conditions ?? [];
	if (conditions.length) {
		w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
		w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
		for (const c of conditions) {
			w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
		}
	}
	w.write(0, 'Addresses:\n');
	for (const a of status.addresses ?? []) w.item(1, a.type, a.address);
	if (Object.keys(status.capacity ?? {}).length) {
		w.write(0, 'Capacity:\n');
		describeResourceList(w, status.capacity);
	}
	if (Object.keys(status.allocatable ?? {}).length) {
		w.write(0, 'Allocatable:\n');
		describeResourceList(w, status.allocatable);
	}
	const info: NodeSystemInfo = status.nodeInfo ?? {};
	w.write(0, 'System Info:\n');
	w.item(1, 'Machine ID', info.machineID ?? '');
	w.item(1, 'System UUID', info.systemUUID ?? '');
	w.item(1, 'Boot ID', info.bootID ?? '');
	w.item(1, 'Kernel Version', info.kernelVersion ?? '');
	w.item(1, 'OS Image', info.osImage ?? '');
	w.item(1, 'Operating System', info.operatingSystem ?? '');
	w.item(1, 'Architecture', info.architecture ?? '');
	w.item(1, 'Container Runtime Version', info.containerRuntimeVersion ?? '');
	w.item(1, 'Kubelet Version', info.kubeletVersion ?? '');
	w.item(1, 'Kube-Proxy Version', info.kubeProxyVersion ?? '');
	if (spec.podCIDR) w.item(0, 'PodCIDR', spec.podCIDR);
	if (spec.podCIDRs?.length) w.item(0, 'PodCIDRs', spec.podCIDRs.join(','));
	if (spec.providerID) w.item(0, 'ProviderID', spec.providerID);
	if (ctx.list) {
		const pods = (ctx.list('Pod', {fieldSelector: `spec.nodeName=${node.metadata.name}`}) as Pod[])
			.filter(p => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
			.sort((a, b) => {
				const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
				const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
				return ka < kb ? -1 : ka > kb ? 1 : 0;
			});
		describeNodeResources(w, node, pods, ctx.now);
	}
	writeEvents(w, node, ctx);
	return w.toString();
}

export const node: KindInfo = {
	kind: 'Node',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'nodes',
	storagePrefix: 'minions',
	singular: 'node',
	namespaced: false,
	shortNames: ['no'],
	categories: [],
	subresources: ['status', 'proxy'],
	api: nodeApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Status', type: 'string', priority: 0, description: 'The status of the node'},
		{name: 'Roles', type: 'string', priority: 0, keep: 1, description: 'The roles of the node'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'Version', type: 'string', priority: 0, keep: 1, description: 'Kubelet Version reported by the node.'},
		{name: 'Internal-IP', type: 'string', priority: 1, description: 'List of addresses reachable to the node.'},
		{name: 'External-IP', type: 'string', priority: 1, description: 'List of addresses reachable to the node.'},
		{name: 'OS-Image', type: 'string', priority: 1, description: 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'},
		{name: 'Kernel-Version', type: 'string', priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."},
		{name: 'Container-Runtime', type: 'string', priority: 1, description: 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'},
	],
	row: (obj: Node, ctx) => {
		const info: NodeSystemInfo = obj.status?.nodeInfo ?? {};
		const roles = nodeRoles(obj);
		return [
			obj.metadata.name,
			nodeStatus(obj),
			roles.length ? roles.join(',') : '<none>',
			age(obj.metadata.creationTimestamp, ctx.now),
			info.kubeletVersion ?? '',
			nodeAddress(obj, 'InternalIP'),
			nodeAddress(obj, 'ExternalIP'),
			info.osImage || '<unknown>',
			info.kernelVersion || '<unknown>',
			info.containerRuntimeVersion || '<unknown>',
		];
	},
	describe: describeNode,
	capabilities: {},
	// kubelets register their nodes
	exported: false,
	view: nodeView,
};
