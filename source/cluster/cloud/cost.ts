// The bill of a simulated EKS cluster at list prices: the control plane's hourly fee, each EC2
// instance by the second from the moment it runs (one minute at least), split per node group,
// and per namespace by the share of each node its pods request (sampled every minute; the
// unrequested rest of a node is "unallocated"). Also what the same requests would cost per hour
// on one instance type or another.
import type {Clock} from '../clock.js';
import {bytes, milliCpu} from '../core/quantity.js';
import type {Store} from '../store/store.js';
import type {Node, Pod} from '../types.js';
import {INSTANCE_TYPES, nodeResources} from './instances.js';
import type {NodeGroups} from './nodegroups.js';
import type {PriceList} from './prices.js';
import type {Fargate} from './fargate.js';

export const UNALLOCATED = '(unallocated)';
const SAMPLE_MS = 60_000;

export interface Bill {
	region: string;
	pricesChecked: string;
	currency: 'USD';
	/** Hours of simulated time since the cluster started. */
	hours: number;
	controlPlane: number;
	nodeGroups: Array<{name: string; instanceType: string; pricePerHour: number; instances: number; instanceHours: number; cost: number}>;
	total: number;
	/** What the cluster costs per hour right now. */
	perHour: number;
	/** Fargate pods: each by its size, per vCPU-hour and GB-hour. */
	fargate: {pods: number; vcpuHours: number; gbHours: number; cost: number};
	/** EC2 nodes sampled each minute by requested share of each node; Fargate pods by their own cost. */
	namespaces: Array<{namespace: string; cost: number}>;
	/** The pods' requests on nodes of one type: how many nodes, and the hourly cost with the control plane. */
	alternatives: Array<{instanceType: string; nodes: number; perHour: number}>;
}

export class CostMeter {
	private readonly byNamespace = new Map<string, number>();
	private readonly startedAt: number;

	constructor(
		private readonly clock: Clock,
		private readonly store: Store,
		private readonly cloud: NodeGroups,
		private readonly prices: PriceList,
		private readonly fargate?: Fargate,
	) {
		this.startedAt = clock.now();
		const tick = () => {
			this.sample(SAMPLE_MS);
			clock.after(SAMPLE_MS, tick);
		};
		clock.after(SAMPLE_MS, tick);
	}

	/** Splits the last `ms` of every running node's price over the namespaces of its pods. */
	private sample(ms: number): void {
		for (const node of this.store.list<Node>('Node')) {
			const inst = this.cloud.instanceOf(node.metadata.name);
			if (!inst || inst.state !== 'running') continue;
			const cost = ((this.prices.ec2[inst.instanceType] ?? 0) * ms) / 3_600_000;
			const alloc = milliCpu(node.status?.allocatable?.cpu);
			let used = 0;
			for (const p of this.store.indexed('Pod', node.metadata.name) as Pod[]) {
				if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
				const cpu = podCpu(p);
				if (!cpu || !alloc) continue;
				const share = Math.min(cpu / alloc, 1 - used);
				used += share;
				this.add(p.metadata.namespace ?? 'default', cost * share);
			}
			this.add(UNALLOCATED, cost * Math.max(0, 1 - used));
		}
	}

	private add(ns: string, cost: number): void {
		if (cost > 0) this.byNamespace.set(ns, (this.byNamespace.get(ns) ?? 0) + cost);
	}

	bill(): Bill {
		const now = this.clock.now();
		const hours = (now - this.startedAt) / 3_600_000;
		const controlPlane = hours * this.prices.controlPlanePerHour;
		let perHour = this.prices.controlPlanePerHour;
		const groups = this.cloud.list().map(g => {
			const price = this.prices.ec2[g.instanceType] ?? 0;
			let seconds = 0;
			let instances = 0;
			for (const i of this.cloud.allInstances()) {
				if (i.group !== g.name || i.runningAt === undefined) continue;
				instances++;
				const ran = ((i.terminatedAt ?? now) - i.runningAt) / 1000;
				seconds += i.terminatedAt === undefined ? ran : Math.max(ran, this.prices.minimumBilledSeconds);
				if (i.state === 'running') perHour += price;
			}
			return {name: g.name, instanceType: g.instanceType, pricePerHour: price, instances, instanceHours: seconds / 3600, cost: (price * seconds) / 3600};
		});
		const fargate = {pods: 0, vcpuHours: 0, gbHours: 0, cost: 0};
		const byNamespace = new Map(this.byNamespace);
		for (const task of this.fargate?.allTasks() ?? []) {
			const ran = ((task.stoppedAt ?? now) - task.startedAt) / 1000;
			const hoursRun = (task.stoppedAt === undefined ? ran : Math.max(ran, this.prices.minimumBilledSeconds)) / 3600;
			const cost = hoursRun * (task.vcpu * this.prices.fargate.vcpuHour + task.memoryGB * this.prices.fargate.gbHour);
			fargate.pods++;
			fargate.vcpuHours += task.vcpu * hoursRun;
			fargate.gbHours += task.memoryGB * hoursRun;
			fargate.cost += cost;
			byNamespace.set(task.namespace, (byNamespace.get(task.namespace) ?? 0) + cost);
			if (task.stoppedAt === undefined) perHour += task.vcpu * this.prices.fargate.vcpuHour + task.memoryGB * this.prices.fargate.gbHour;
		}
		const total = controlPlane + groups.reduce((a, g) => a + g.cost, 0) + fargate.cost;
		const namespaces = [...byNamespace].map(([namespace, cost]) => ({namespace, cost})).sort((a, b) => b.cost - a.cost || (a.namespace < b.namespace ? -1 : 1));
		return {region: this.prices.region, pricesChecked: this.prices.checked, currency: this.prices.currency, hours, controlPlane, nodeGroups: groups, fargate, total, perHour, namespaces, alternatives: this.alternatives()};
	}

	private alternatives(): Bill['alternatives'] {
		let cpu = 0;
		let mem = 0;
		let pods = 0;
		const daemonSets = new Set(this.store.list('DaemonSet').map(d => d.metadata.uid));
		for (const p of this.store.list<Pod>('Pod')) {
			if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || p.metadata.deletionTimestamp) continue;
			if (p.metadata.ownerReferences?.some(o => daemonSets.has(o.uid))) continue;
			cpu += podCpu(p);
			mem += podMem(p);
			pods++;
		}
		let dsCpu = 0;
		let dsMem = 0;
		let dsPods = 0;
		for (const ds of this.store.list('DaemonSet')) {
			for (const c of ds.spec?.template?.spec?.containers ?? []) {
				dsCpu += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
				dsMem += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
			}
			dsPods++;
		}
		return INSTANCE_TYPES.filter(t => this.prices.ec2[t.name] !== undefined)
			.map(t => {
				const r = nodeResources(t);
				const need = Math.max(1, Math.ceil(cpu / Math.max(1, r.milliCpu - dsCpu)), Math.ceil(mem / Math.max(1, r.memoryBytes - dsMem)), Math.ceil(pods / Math.max(1, r.pods - dsPods)));
				return {instanceType: t.name, nodes: need, perHour: need * this.prices.ec2[t.name]! + this.prices.controlPlanePerHour};
			})
			.sort((a, b) => a.perHour - b.perHour || (a.instanceType < b.instanceType ? -1 : 1));
	}
}

function podCpu(p: Pod): number {
	let cpu = 0;
	for (const c of p.spec.containers ?? []) cpu += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
	return cpu;
}

function podMem(p: Pod): number {
	let mem = 0;
	for (const c of p.spec.containers ?? []) mem += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
	return mem;
}
