// The simulated cloud behind the EKS profile: managed node groups (each an Auto Scaling group of
// one instance type across the region's zones) and the EC2 instances they launch. An instance
// launched now is pending for a while, boots, its kubelet registers the Node NotReady, and the
// node turns Ready once the VPC CNI is up; a terminated instance takes its Node with it. The
// instances' launch and termination times are what the bill is computed from.
import type {Clock} from '../clock.js';
import type {Rng} from '../core/rng.js';
import {intToIp, ipToInt} from '../core/ipam.js';
import type {NodeSpecInput} from '../node/registration.js';
import {instanceType, nodeResources, type InstanceType} from './instances.js';
import {nodeGroupProblem, type EksProfile, type NodeGroupSpec} from './profile.js';

/** From RunInstances to a running instance. */
export const INSTANCE_PENDING_MS = 45_000;
/** From running to the kubelet's registration (boot, nodeadm, kubelet start). */
export const KUBELET_REGISTER_MS = 30_000;
/** From registration to Ready (aws-node brings the pod network up). */
export const NETWORK_READY_MS = 15_000;
/** What a node takes to join, from the request to Ready. */
export const NODE_JOIN_MS = INSTANCE_PENDING_MS + KUBELET_REGISTER_MS + NETWORK_READY_MS;

export const EKS_KUBELET_VERSION = 'v1.32.0-eks-aeac579';

export type InstanceState = 'pending' | 'running' | 'terminated';

export interface Instance {
	id: string;
	group: string;
	instanceType: string;
	zone: string;
	privateIP: string;
	nodeName: string;
	state: InstanceState;
	/** The Node is registered and Ready. */
	ready: boolean;
	registered: boolean;
	launchedAt: number;
	/** When it reached the running state: EC2 bills from there. */
	runningAt?: number;
	terminatedAt?: number;
}

export interface NodeGroupInfo extends NodeGroupSpec {
	/** Instances not terminated. */
	instances: number;
	/** Nodes registered and Ready. */
	readyNodes: number;
}

/** What the cloud asks of the machines: a kubelet that registers, turns Ready, and goes away. */
export interface MachineHooks {
	register(spec: NodeSpecInput): void;
	ready(nodeName: string): void;
	remove(nodeName: string): void;
}

interface Group {
	spec: NodeGroupSpec;
	type: InstanceType;
	/** Launches so far, spreading instances over the zones. */
	launches: number;
}

export class NodeGroups {
	readonly region: string;
	readonly zones: readonly string[];
	private readonly groups = new Map<string, Group>();
	private readonly instances: Instance[] = [];
	private readonly byNode = new Map<string, Instance>();
	private readonly usedIPs = new Set<number>();
	/** Per zone, the /25 blocks of its subnet handed to nodes for their pods. */
	private readonly podBlocks: number[];
	private listeners: Array<() => void> = [];

	constructor(
		private readonly clock: Clock,
		private readonly rng: Rng,
		profile: EksProfile,
		private readonly hooks: MachineHooks,
	) {
		this.region = profile.region;
		this.zones = profile.zones;
		this.podBlocks = profile.zones.map(() => 0);
		for (const g of profile.nodeGroups) {
			const problem = nodeGroupProblem(g);
			if (problem) throw new Error(problem);
			if (this.groups.has(g.name)) throw new Error(`node group ${g.name} is defined twice`);
			this.groups.set(g.name, {spec: {...g}, type: instanceType(g.instanceType)!, launches: 0});
		}
	}

	/** The instances the groups start with, registered and Ready at once (the cluster was created before). */
	start(): void {
		for (const g of this.groups.values()) for (let i = 0; i < g.spec.desiredSize; i++) this.launch(g, true);
	}

	/** Calls back whenever a group's size, limits or instances change. */
	onChange(fn: () => void): () => void {
		this.listeners.push(fn);
		return () => (this.listeners = this.listeners.filter(l => l !== fn));
	}

	private changed(): void {
		for (const l of this.listeners) l();
	}

	list(): NodeGroupInfo[] {
		return [...this.groups.values()].map(g => this.info(g));
	}

	get(name: string): NodeGroupInfo | undefined {
		const g = this.groups.get(name);
		return g && this.info(g);
	}

	private info(g: Group): NodeGroupInfo {
		const live = this.instances.filter(i => i.group === g.spec.name && i.state !== 'terminated');
		return {...g.spec, instances: live.length, readyNodes: live.filter(i => i.ready).length};
	}

	/** Every instance ever launched (terminated ones too), oldest first. */
	allInstances(): readonly Instance[] {
		return this.instances;
	}

	instanceOf(nodeName: string): Instance | undefined {
		return this.byNode.get(nodeName);
	}

	/** The group a node belongs to. */
	groupOf(nodeName: string): string | undefined {
		return this.byNode.get(nodeName)?.group;
	}

	instanceTypeOf(group: string): InstanceType | undefined {
		return this.groups.get(group)?.type;
	}

	/** Instances launched but not Ready yet. */
	upcoming(group: string): number {
		return this.instances.filter(i => i.group === group && i.state !== 'terminated' && !i.ready).length;
	}

	/** The labels and allocatable of the node a new instance of the group would register. */
	template(group: string): {labels: Record<string, string>; taints: NonNullable<NodeGroupSpec['taints']>; milliCpu: number; memoryBytes: number; pods: number} | undefined {
		const g = this.groups.get(group);
		if (!g) return undefined;
		const r = nodeResources(g.type);
		return {labels: this.labelsOf(g, this.zones[0]!, 'template'), taints: g.spec.taints ?? [], milliCpu: r.milliCpu, memoryBytes: r.memoryBytes, pods: r.pods};
	}

	/** UpdateNodegroupConfig: the desired size (instances launch or terminate to match). */
	setDesired(name: string, desired: number): void {
		const g = this.need(name);
		if (!Number.isInteger(desired) || desired < g.spec.minSize || desired > g.spec.maxSize)
			throw new Error(`desired size ${desired} of node group ${name} must be from ${g.spec.minSize} to ${g.spec.maxSize}`);
		g.spec.desiredSize = desired;
		this.reconcile(g);
		this.changed();
	}

	/** UpdateNodegroupConfig: the limits (desired is pulled inside them). */
	setLimits(name: string, minSize: number, maxSize: number): void {
		const g = this.need(name);
		const next = {...g.spec, minSize, maxSize, desiredSize: Math.min(Math.max(g.spec.desiredSize, minSize), maxSize)};
		const problem = nodeGroupProblem(next);
		if (problem) throw new Error(problem);
		g.spec = next;
		this.reconcile(g);
		this.changed();
	}

	/** TerminateInstanceInAutoScalingGroup with the desired capacity decremented (the autoscaler's delete). */
	deleteNode(nodeName: string): void {
		const inst = this.byNode.get(nodeName);
		if (!inst || inst.state === 'terminated') return;
		const g = this.groups.get(inst.group)!;
		g.spec.desiredSize = Math.max(g.spec.minSize, g.spec.desiredSize - 1);
		this.terminate(inst);
		this.changed();
	}

	private need(name: string): Group {
		const g = this.groups.get(name);
		if (!g) throw new Error(`node group "${name}" not found`);
		return g;
	}

	private reconcile(g: Group): void {
		const live = this.instances.filter(i => i.group === g.spec.name && i.state !== 'terminated');
		for (let n = live.length; n < g.spec.desiredSize; n++) this.launch(g, false);
		// scale-in takes the newest instances first
		for (const inst of live.slice(g.spec.desiredSize).reverse()) this.terminate(inst);
	}

	private launch(g: Group, immediate: boolean): void {
		const zi = g.launches++ % this.zones.length;
		const zone = this.zones[zi]!;
		const ip = this.hostIP(zi);
		const inst: Instance = {
			id: `i-0${this.rng.hex(16)}`,
			group: g.spec.name,
			instanceType: g.type.name,
			zone,
			privateIP: ip,
			nodeName: `ip-${ip.replace(/\./g, '-')}.${this.region === 'us-east-1' ? 'ec2.internal' : `${this.region}.compute.internal`}`,
			state: 'pending',
			ready: false,
			registered: false,
			launchedAt: this.clock.now(),
		};
		this.instances.push(inst);
		this.byNode.set(inst.nodeName, inst);
		const podCIDR = this.podBlock(zi);
		const spec = (notReady: boolean): NodeSpecInput => this.nodeSpec(g, inst, podCIDR, notReady);
		if (immediate) {
			inst.state = 'running';
			inst.runningAt = inst.launchedAt;
			inst.registered = true;
			inst.ready = true;
			this.hooks.register(spec(false));
			return;
		}
		this.clock.after(INSTANCE_PENDING_MS, () => {
			if (inst.state === 'terminated') return;
			inst.state = 'running';
			inst.runningAt = this.clock.now();
			this.changed();
			this.clock.after(KUBELET_REGISTER_MS, () => {
				if (inst.state === 'terminated') return;
				inst.registered = true;
				this.hooks.register(spec(true));
				this.changed();
				this.clock.after(NETWORK_READY_MS, () => {
					if (inst.state === 'terminated') return;
					inst.ready = true;
					this.hooks.ready(inst.nodeName);
					this.changed();
				});
			});
		});
	}

	private terminate(inst: Instance): void {
		inst.state = 'terminated';
		inst.terminatedAt = this.clock.now();
		if (inst.registered) this.hooks.remove(inst.nodeName);
		inst.registered = false;
		inst.ready = false;
	}

	private labelsOf(g: Group, zone: string, _name: string): Record<string, string> {
		return {
			'eks.amazonaws.com/capacityType': 'ON_DEMAND',
			'eks.amazonaws.com/nodegroup': g.spec.name,
			'eks.amazonaws.com/nodegroup-image': 'ami-0c1f2d3e4b5a69788',
			'failure-domain.beta.kubernetes.io/region': this.region,
			'failure-domain.beta.kubernetes.io/zone': zone,
			'k8s.io/cloud-provider-aws': 'a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1',
			'node.kubernetes.io/instance-type': g.type.name,
			'topology.k8s.aws/zone-id': `use1-az${this.zones.indexOf(zone) + 1}`,
			'topology.kubernetes.io/region': this.region,
			'topology.kubernetes.io/zone': zone,
			...g.spec.labels,
		};
	}

	private nodeSpec(g: Group, inst: Instance, podCIDR: string, notReady: boolean): NodeSpecInput {
		const r = nodeResources(g.type);
		const dns = inst.nodeName;
		return {
			name: inst.nodeName,
			cpu: r.capacity.cpu,
			memory: `${g.type.memoryMiB}Mi`,
			pods: r.pods,
			allocatable: {cpu: r.allocatable.cpu, memory: r.allocatable.memory},
			labels: this.labelsOf(g, inst.zone, inst.nodeName),
			taints: g.spec.taints,
			addresses: {hostIP: inst.privateIP, podCIDR},
			vpcCni: true,
			providerID: `aws:///${inst.zone}/${inst.id}`,
			extraAddresses: [{type: 'InternalDNS', address: dns}],
			nodeInfo: {osImage: 'Amazon Linux 2023.6.20250203', kernelVersion: '6.1.127-135.201.amzn2023.x86_64', containerRuntimeVersion: 'containerd://1.7.25', kubeletVersion: EKS_KUBELET_VERSION},
			notReady,
		};
	}

	/**
	 * eksctl's VPC 192.168.0.0/16 has one /19 subnet per zone (192.168.0.0/19, 192.168.32.0/19,
	 * ...). Nodes take addresses from the first /24 of their zone's subnet; the pods' secondary
	 * addresses come from the rest of it, a /25 per node.
	 */
	private hostIP(zone: number): string {
		const base = ipToInt('192.168.0.0') + zone * 32 * 256;
		for (;;) {
			const ip = base + 4 + this.rng.int(250);
			if (!this.usedIPs.has(ip)) {
				this.usedIPs.add(ip);
				return intToIp(ip);
			}
		}
	}

	private podBlock(zone: number): string {
		const n = this.podBlocks[zone]!++ % 62;
		const base = ipToInt('192.168.0.0') + zone * 32 * 256 + 256 + n * 128;
		return `${intToIp(base)}/25`;
	}
}
