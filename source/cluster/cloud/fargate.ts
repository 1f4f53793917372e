// Fargate on the eks profile: a pod created in a namespace (and with labels) a Fargate profile
// selects is given to the fargate-scheduler by EKS's admission webhook; that scheduler starts a
// micro-VM of the smallest Fargate size that holds the pod's requests plus 256 MB for the
// node's own components, registers it as a node of its own (fargate-ip-...), and binds the pod
// there. When the pod goes, so does its node. Each pod is billed per vCPU-hour and GB-hour of
// its size, by the second with a minute at least.
import type {ApiServer} from '../api/apiserver.js';
import type {Clock} from '../clock.js';
import type {EventRecorder} from '../events.js';
import {setCondition} from '../core/conditions.js';
import {intToIp, ipToInt} from '../core/ipam.js';
import {bytes, milliCpu} from '../core/quantity.js';
import type {Store} from '../store/store.js';
import type {Pod} from '../types.js';
import {EKS_KUBELET_VERSION, type MachineHooks} from './nodegroups.js';

export interface FargateProfile {
	name: string;
	selectors: Array<{namespace: string; labels?: Record<string, string>}>;
}

export const FARGATE_SCHEDULER = 'fargate-scheduler';
/** From the pod's creation to its node being Ready and the pod bound. */
export const FARGATE_PROVISION_MS = 60_000;
/** What Fargate adds to a pod's memory for the kubelet, kube-proxy and containerd. */
export const FARGATE_OVERHEAD_MIB = 256;

/** vCPU sizes and the memory (GB) each allows. */
export const FARGATE_SIZES: ReadonlyArray<{vcpu: number; memoryGB: readonly number[]}> = [
	{vcpu: 0.25, memoryGB: [0.5, 1, 2]},
	{vcpu: 0.5, memoryGB: [1, 2, 3, 4]},
	{vcpu: 1, memoryGB: [2, 3, 4, 5, 6, 7, 8]},
	{vcpu: 2, memoryGB: range(4, 16, 1)},
	{vcpu: 4, memoryGB: range(8, 30, 1)},
	{vcpu: 8, memoryGB: range(16, 60, 4)},
	{vcpu: 16, memoryGB: range(32, 120, 8)},
];

function range(from: number, to: number, step: number): number[] {
	const out: number[] = [];
	for (let v = from; v <= to; v += step) out.push(v);
	return out;
}

/** The smallest size holding the pod's vCPU and memory (with the overhead), or undefined when none does. */
export function fargateSize(milli: number, memoryBytes: number): {vcpu: number; memoryGB: number} | undefined {
	const gb = (memoryBytes + FARGATE_OVERHEAD_MIB * 1024 * 1024) / 1024 ** 3;
	for (const s of FARGATE_SIZES) {
		if (s.vcpu * 1000 < milli) continue;
		const m = s.memoryGB.find(x => x >= gb - 1e-9);
		if (m !== undefined) return {vcpu: s.vcpu, memoryGB: m};
	}
	return undefined;
}

/** A pod's size: the largest init container, or the sum of the others, of requests or else limits. */
function podSize(pod: Pod): {milli: number; memoryBytes: number} {
	let milli = 0;
	let mem = 0;
	for (const c of pod.spec.containers ?? []) {
		milli += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
		mem += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
	}
	for (const c of pod.spec.initContainers ?? []) {
		milli = Math.max(milli, milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu));
		mem = Math.max(mem, bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory));
	}
	return {milli, memoryBytes: mem};
}

export interface FargateTask {
	namespace: string;
	pod: string;
	uid: string;
	profile: string;
	nodeName: string;
	vcpu: number;
	memoryGB: number;
	startedAt: number;
	stoppedAt?: number;
}

export class Fargate {
	private readonly tasks = new Map<string, FargateTask>();
	private readonly history: FargateTask[] = [];
	private next = 0;

	constructor(
		private readonly ctx: {api: ApiServer; store: Store; clock: Clock; events: EventRecorder},
		private readonly profiles: FargateProfile[],
		private readonly region: string,
		private readonly hooks: MachineHooks,
	) {
		// EKS's pod webhook: a mutating admission webhook, after the built-in mutating plugins
		ctx.api.addAdmissionPlugin({
			name: 'eks-fargate-pod-webhook',
			order: 900,
			kinds: ['Pod'],
			mutate: req => {
				if (req.operation === 'CREATE') this.admit(req.obj as Pod);
			},
		});
		ctx.store.watch('Pod', (type, obj) => {
			const pod = obj as Pod;
			if (pod.spec?.schedulerName !== FARGATE_SCHEDULER) return;
			const uid = pod.metadata.uid!;
			if (type === 'ADDED' && !pod.spec.nodeName) ctx.clock.after(0, () => this.launch(pod));
			else if (type === 'DELETED') this.stop(uid);
		});
	}

	/** The profile that selects a pod: its namespace, and all the selector's labels. */
	profileFor(pod: {metadata: {namespace?: string; labels?: Record<string, string>}}): FargateProfile | undefined {
		return this.profiles.find(p => p.selectors.some(s => s.namespace === pod.metadata.namespace && Object.entries(s.labels ?? {}).every(([k, v]) => pod.metadata.labels?.[k] === v)));
	}

	/** Every pod Fargate has run, in the order they started. */
	allTasks(): readonly FargateTask[] {
		return this.history;
	}

	private admit(pod: Pod): void {
		if (pod.spec.nodeName || (pod.spec.schedulerName && pod.spec.schedulerName !== 'default-scheduler')) return;
		const profile = this.profileFor(pod);
		if (!profile) return;
		pod.spec.schedulerName = FARGATE_SCHEDULER;
		pod.metadata.labels = {...pod.metadata.labels, 'eks.amazonaws.com/fargate-profile': profile.name};
	}

	private launch(pod: Pod): void {
		const {events} = this.ctx;
		const profile = this.profileFor(pod)?.name ?? pod.metadata.labels?.['eks.amazonaws.com/fargate-profile'] ?? '';
		const want = podSize(pod);
		const size = fargateSize(want.milli, want.memoryBytes);
		if (!size) {
			events.record(pod, 'Warning', 'FailedScheduling', `Pod not supported on Fargate: the requests (${want.milli}m CPU, ${Math.ceil(want.memoryBytes / 1024 ** 2)}Mi memory) exceed the largest Fargate size`, {component: FARGATE_SCHEDULER});
			return;
		}
		const n = this.next++;
		// private subnets 192.168.96.0/19 onwards, an /29 per task
		const base = ipToInt('192.168.96.0') + 256 + n * 8;
		const ip = intToIp(base + 1);
		const nodeName = `fargate-ip-${ip.replace(/\./g, '-')}.${this.region === 'us-east-1' ? 'ec2.internal' : `${this.region}.compute.internal`}`;
		const uid = pod.metadata.uid!;
		this.ctx.clock.after(FARGATE_PROVISION_MS, () => {
			const cur = this.ctx.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
			if (!cur || cur.metadata.uid !== uid || cur.metadata.deletionTimestamp || cur.spec.nodeName) return;
			this.hooks.register({
				name: nodeName,
				cpu: String(size.vcpu),
				memory: `${size.memoryGB * 1024}Mi`,
				pods: 1,
				labels: {'eks.amazonaws.com/compute-type': 'fargate', 'topology.kubernetes.io/region': this.region, 'topology.kubernetes.io/zone': `${this.region}${'abc'[n % 3]}`, 'failure-domain.beta.kubernetes.io/region': this.region},
				taints: [{key: 'eks.amazonaws.com/compute-type', value: 'fargate', effect: 'NoSchedule'}],
				addresses: {hostIP: ip, podCIDR: `${intToIp(base)}/29`},
				vpcCni: true,
				providerID: `aws:///${this.region}${'abc'[n % 3]}/${this.hex(uid)}/${nodeName}`,
				extraAddresses: [{type: 'InternalDNS', address: nodeName}],
				nodeInfo: {osImage: 'Amazon Linux 2', kernelVersion: '5.10.234-225.910.amzn2.x86_64', containerRuntimeVersion: 'containerd://1.7.25', kubeletVersion: EKS_KUBELET_VERSION},
			});
			const task: FargateTask = {namespace: pod.metadata.namespace!, pod: pod.metadata.name, uid, profile, nodeName, vcpu: size.vcpu, memoryGB: size.memoryGB, startedAt: this.ctx.clock.now()};
			this.tasks.set(uid, task);
			this.history.push(task);
			const conditions = setCondition(cur.status?.conditions, {type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.ctx.clock.iso()});
			const bound = this.ctx.api.replace(cur, {
				...cur,
				metadata: {...cur.metadata, annotations: {...cur.metadata.annotations, CapacityProvisioned: `${size.vcpu}vCPU ${size.memoryGB}GB`}},
				spec: {...cur.spec, nodeName},
				status: {...cur.status, conditions},
			});
			events.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${cur.metadata.namespace}/${cur.metadata.name} to ${nodeName}`, {component: FARGATE_SCHEDULER});
		});
	}

	private stop(uid: string): void {
		const task = this.tasks.get(uid);
		if (!task) return;
		this.tasks.delete(uid);
		task.stoppedAt = this.ctx.clock.now();
		this.ctx.clock.after(0, () => this.hooks.remove(task.nodeName));
	}

	private hex(uid: string): string {
		return uid.replace(/-/g, '').slice(0, 32);
	}
}
