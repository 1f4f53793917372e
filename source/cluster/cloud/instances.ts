// EC2 instance types as a node group launches them: vCPUs, memory, and the network interfaces
// that bound the pods the VPC CNI can address; and what the EKS AMI's kubelet keeps back for
// itself, which makes a node's allocatable smaller than its capacity.
//
// Sources (public facts): vCPU, memory, ENIs and IPv4 addresses per ENI from the EC2 instance
// type tables; max pods = ENIs x (IPv4 per ENI - 1) + 2, as amazon-eks-ami's eni-max-pods.txt
// lists them; kube-reserved and the hard eviction threshold as the EKS AMI's bootstrap sets them.

export interface InstanceType {
	name: string;
	vcpu: number;
	memoryMiB: number;
	/** Elastic network interfaces the instance can attach. */
	enis: number;
	/** IPv4 addresses per interface (the first one is the interface's own). */
	ipv4PerEni: number;
}

export const INSTANCE_TYPES: readonly InstanceType[] = [
	{name: 't3.small', vcpu: 2, memoryMiB: 2048, enis: 3, ipv4PerEni: 4},
	{name: 't3.medium', vcpu: 2, memoryMiB: 4096, enis: 3, ipv4PerEni: 6},
	{name: 't3.large', vcpu: 2, memoryMiB: 8192, enis: 3, ipv4PerEni: 12},
	{name: 'm5.large', vcpu: 2, memoryMiB: 8192, enis: 3, ipv4PerEni: 10},
	{name: 'm5.xlarge', vcpu: 4, memoryMiB: 16384, enis: 4, ipv4PerEni: 15},
	{name: 'm5.2xlarge', vcpu: 8, memoryMiB: 32768, enis: 4, ipv4PerEni: 15},
	{name: 'c5.large', vcpu: 2, memoryMiB: 4096, enis: 3, ipv4PerEni: 10},
	{name: 'c5.xlarge', vcpu: 4, memoryMiB: 8192, enis: 4, ipv4PerEni: 15},
	{name: 'r5.large', vcpu: 2, memoryMiB: 16384, enis: 3, ipv4PerEni: 10},
];

export function instanceType(name: string): InstanceType | undefined {
	return INSTANCE_TYPES.find(t => t.name === name);
}

/** The VPC CNI's limit: every interface but its own address, plus two host-network pods (aws-node, kube-proxy). */
export function maxPods(t: InstanceType): number {
	return t.enis * (t.ipv4PerEni - 1) + 2;
}

/** kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of the third and fourth, 0.25% of the rest. */
export function reservedMilliCpu(vcpu: number): number {
	let m = 0;
	for (let core = 1; core <= vcpu; core++) m += core === 1 ? 60 : core === 2 ? 10 : core <= 4 ? 5 : 2.5;
	return m;
}

/** kube-reserved memory: 255 MiB plus 11 MiB per pod the node may run. */
export function reservedMemoryMiB(pods: number): number {
	return 11 * pods + 255;
}

/** The kubelet's hard eviction threshold, memory.available<100Mi, is kept out of allocatable too. */
export const EVICTION_HARD_MIB = 100;

export interface NodeResources {
	capacity: {cpu: string; memory: string; pods: string};
	allocatable: {cpu: string; memory: string; pods: string};
	/** Allocatable as numbers, for arithmetic. */
	milliCpu: number;
	memoryBytes: number;
	pods: number;
}

/** Capacity and allocatable of a node of this type. */
export function nodeResources(t: InstanceType): NodeResources {
	const pods = maxPods(t);
	const cpu = t.vcpu * 1000 - reservedMilliCpu(t.vcpu);
	const memMiB = t.memoryMiB - reservedMemoryMiB(pods) - EVICTION_HARD_MIB;
	return {
		capacity: {cpu: String(t.vcpu), memory: `${t.memoryMiB * 1024}Ki`, pods: String(pods)},
		allocatable: {cpu: `${cpu}m`, memory: `${memMiB * 1024}Ki`, pods: String(pods)},
		milliCpu: cpu,
		memoryBytes: memMiB * 1024 * 1024,
		pods,
	};
}
