// IP address management. The node IPAM controller's part: a cluster CIDR cut into one /24
// podCIDR per node (kubeadm's --cluster-cidr and --node-cidr-mask-size=24), and each node's
// own address on the nodes' network. The node's part: the pod IPs it hands out from its
// podCIDR (what the CNI's host-local IPAM does).

export function ipToInt(ip: string): number {
	return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
	return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Every node's podCIDR is a /24: 256 addresses, 253 of them for pods. */
export const NODE_CIDR_MASK_SIZE = 24;
const SUBNET_SIZE = 2 ** (32 - NODE_CIDR_MASK_SIZE);

/** Node 0 gets 10.244.0.0/24, node 1 10.244.1.0/24...: kind's and flannel's 10.244.0.0/16. */
const FIRST_POD_SUBNET = ipToInt('10.244.0.0');
/** The smallest cluster CIDR, a /16 (256 nodes); it widens one bit at a time for more nodes. */
const NARROWEST_CLUSTER_PREFIX = 16;
/** 10.128.0.0/9 (32,768 nodes) is the widest: a /8 would overlap the service CIDR 10.96.0.0/12. */
const WIDEST_CLUSTER_PREFIX = 9;

/**
 * Node addresses come from kind's docker network 172.18.0.0/16, from 172.18.1.0 on; each /24
 * of it keeps its .0 (network), .1 (gateway) and .255 (broadcast) addresses out, so node 0 is
 * 172.18.1.2, node 252 172.18.1.254 and node 253 172.18.2.2. 172.18.255.0/24 is left to the
 * load balancers' external IPs.
 */
const NODE_NETWORK = ipToInt('172.18.0.0');
const FIRST_NODE_BLOCK = 1;
const NODE_BLOCKS = 254;
const FIRST_HOST = 2;
const HOSTS_PER_BLOCK = 253;

export interface NodeAddresses {
	/** The node's InternalIP. */
	hostIP: string;
	/** The pod range assigned to the node (spec.podCIDR). */
	podCIDR: string;
}

/**
 * Addresses of the nodes of one cluster. The cluster CIDR is the narrowest (a /16 at least) that
 * holds one /24 per expected node and contains 10.244.0.0/16; allocation starts at 10.244.0.0/24
 * and goes up, wrapping to the start of the cluster CIDR (the range allocator's next candidate),
 * so small clusters keep 10.244.N.0/24 for node N.
 */
export class NodeIpam {
	readonly clusterCIDR: string;
	/** How many nodes get a podCIDR. */
	readonly capacity: number;
	private readonly base: number;
	private readonly subnets: number;
	private readonly first: number;

	constructor(expectedNodes = 0) {
		let prefix = NARROWEST_CLUSTER_PREFIX;
		while (prefix > WIDEST_CLUSTER_PREFIX && subnetsIn(prefix) < expectedNodes) prefix--;
		if (subnetsIn(prefix) < expectedNodes) throw new Error(`no cluster CIDR holds ${expectedNodes} nodes with a /${NODE_CIDR_MASK_SIZE} each`);
		this.subnets = subnetsIn(prefix);
		this.base = FIRST_POD_SUBNET - (FIRST_POD_SUBNET % (this.subnets * SUBNET_SIZE));
		this.first = (FIRST_POD_SUBNET - this.base) / SUBNET_SIZE;
		this.capacity = Math.min(this.subnets, NODE_BLOCKS * HOSTS_PER_BLOCK);
		this.clusterCIDR = `${intToIp(this.base)}/${prefix}`;
	}

	/** The addresses of the node registered `index`-th (0 for the first). */
	node(index: number): NodeAddresses {
		if (!Number.isInteger(index) || index < 0 || index >= this.capacity)
			throw new Error(`node ${index + 1} does not fit: the cluster CIDR ${this.clusterCIDR} has ${this.capacity} podCIDRs`);
		const subnet = (this.first + index) % this.subnets;
		const block = FIRST_NODE_BLOCK + Math.floor(index / HOSTS_PER_BLOCK);
		const host = FIRST_HOST + (index % HOSTS_PER_BLOCK);
		return {
			hostIP: intToIp(NODE_NETWORK + block * 256 + host),
			podCIDR: `${intToIp(this.base + subnet * SUBNET_SIZE)}/${NODE_CIDR_MASK_SIZE}`,
		};
	}
}

function subnetsIn(prefix: number): number {
	return 2 ** (NODE_CIDR_MASK_SIZE - prefix);
}

function prefixOf(cidr: string): number {
	return Number(cidr.slice(cidr.indexOf('/') + 1));
}

/**
 * The pod IPs of one node's podCIDR: .1 is the bridge, the last address the broadcast, the rest
 * go to pods round-robin (a released address is not handed out again at once).
 */
export class PodAddressPool {
	private readonly network: number;
	private readonly last: number;
	private readonly used = new Set<number>();
	private next = FIRST_HOST;

	constructor(podCIDR: string) {
		this.network = ipToInt(podCIDR.slice(0, podCIDR.indexOf('/')));
		this.last = 2 ** (32 - prefixOf(podCIDR)) - 2;
	}

	/** A free address, or undefined when every address of the range is taken. */
	allocate(): string | undefined {
		for (let tries = FIRST_HOST; tries <= this.last; tries++) {
			const host = this.next;
			this.next = this.next >= this.last ? FIRST_HOST : this.next + 1;
			if (!this.used.has(host)) {
				this.used.add(host);
				return intToIp(this.network + host);
			}
		}
		return undefined;
	}

	release(ip: string): void {
		this.used.delete(ipToInt(ip) - this.network);
	}

	/** The range as the host-local plugin names it in errors: 10.244.1.1-10.244.1.254. */
	range(): string {
		return `${intToIp(this.network + 1)}-${intToIp(this.network + this.last)}`;
	}
}
