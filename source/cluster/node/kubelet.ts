// The kubelet of every node: registers the Node, renews its Lease every 10 s, and runs the pods
// bound to it: sandbox and IP, config from ConfigMaps and Secrets, serialized image pulls with
// backoff, init containers, the simulated processes, probes, restarts with CrashLoopBackOff,
// OOM kills, graceful termination, and the pod status it reports to the API server.
import type {ApiServer} from '../api/apiserver.js';
import type {Clock, TimerId} from '../clock.js';
import type {EventRecorder} from '../events.js';
import type {Rng} from '../core/rng.js';
import type {Container, ContainerState, ContainerStatus, KObject, Pod, PodStatus, Probe} from '../types.js';
import type {ImageProfile, ImageRef, Listening, ProcessContext, Step} from '../apps/types.js';
import {findImage, imageSize, parseImageRef} from '../apps/index.js';
import {keyOf, type Store} from '../store/store.js';
import {setCondition} from '../core/conditions.js';
import {bytes, milliCpu} from '../core/quantity.js';
import {ImageStore, PULL_BYTES_PER_SECOND, PULL_LATENCY_MS, goDuration} from './runtime.js';
import {LogStore} from './logs.js';

export const LEASE_RENEW_MS = 10_000;
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
const BACKOFF_RESET_MS = 10 * 60_000;
const CONFIG_RETRY_MS = 10_000;
const MAX_OUTPUT_PER_RUN = 2000;

export interface NodeSpecInput {
	name: string;
	cpu?: string;
	memory?: string;
	pods?: number;
	labels?: Record<string, string>;
	taints?: Array<{key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'}>;
	controlPlane?: boolean;
}

type Phase = 'waiting' | 'running' | 'terminated';

interface Ctr {
	spec: Container;
	init: boolean;
	ref?: ImageRef;
	profile?: ImageProfile;
	imageID: string;
	containerID?: string;
	state: Phase;
	reason: string;
	message?: string;
	startedAt: number;
	finishedAt: number;
	exitCode: number;
	last?: ContainerState;
	restartCount: number;
	everStarted: boolean;
	ready: boolean;
	started: boolean;
	proc?: Iterator<Step>;
	ctx?: ProcessContext;
	stepTimer?: TimerId;
	probeTimers: TimerId[];
	liveFails: number;
	readyFails: number;
	readyOks: number;
	startupFails: number;
	backoffMs: number;
	pullBackoffMs: number;
	waitTimer?: TimerId;
	stopping: boolean;
	probesFail: boolean;
	memoryDemand: number;
	cpuDemand: number;
	listening?: Listening;
}

interface Worker {
	key: string;
	uid: string;
	namespace: string;
	name: string;
	node: string;
	pod: Pod;
	inits: Ctr[];
	ctrs: Ctr[];
	initIndex: number;
	ip?: string;
	startTime?: number;
	terminating: boolean;
	gone: boolean;
	flushScheduled: boolean;
	lastWritten: string;
	configTimer?: TimerId;
	configBlocked: boolean;
	rps: number;
	files: Record<string, string>;
	env: Record<string, string>;
}

interface Agent {
	name: string;
	index: number;
	alive: boolean;
	images: ImageStore;
	ipUsed: Set<number>;
	nextIp: number;
	hostIP: string;
	leaseTimer?: TimerId;
	pods: Set<string>;
	/** Work held back while the kubelet is down. */
	pendingWhileDown: Set<string>;
}

const SOURCE = 'kubelet';

export class Kubelets {
	private agents = new Map<string, Agent>();
	private workers = new Map<string, Worker>();
	readonly logs: LogStore;
	private nodeCount = 0;
	kubernetesVersion = 'v1.32.2';

	constructor(
		private readonly api: ApiServer,
		private readonly store: Store,
		private readonly clock: Clock,
		private readonly rng: Rng,
		private readonly events: EventRecorder,
		logCapacity = 5000,
	) {
		this.logs = new LogStore(logCapacity);
		store.watch('Pod', (type, pod) => this.onPod(type, pod as Pod));
		const retryConfig = (_: string, obj: KObject) => this.retryConfigIn(obj.metadata.namespace);
		store.watch('ConfigMap', retryConfig);
		store.watch('Secret', retryConfig);
		store.watch('Service', () => this.servicesVersion++);
	}

	// ---------------------------------------------------------------- nodes

	/** Registers a node the way kubelet does at start: the Node object and its Lease. */
	addNode(spec: NodeSpecInput): KObject {
		const index = this.nodeCount++;
		const cpu = spec.cpu ?? '4';
		const memory = spec.memory ?? '16Gi';
		const pods = spec.pods ?? 110;
		const hostIP = `172.18.${1 + (index >> 8)}.${(index & 255) + 2 > 255 ? (index & 255) : (index & 255) + 2}`;
		const labels: Record<string, string> = {
			'beta.kubernetes.io/arch': 'amd64',
			'beta.kubernetes.io/os': 'linux',
			'kubernetes.io/arch': 'amd64',
			'kubernetes.io/hostname': spec.name,
			'kubernetes.io/os': 'linux',
			...(spec.controlPlane ? {'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': ''} : {}),
			...spec.labels,
		};
		const taints = [...(spec.taints ?? [])];
		if (spec.controlPlane && !taints.some(t => t.key === 'node-role.kubernetes.io/control-plane'))
			taints.push({key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'});
		const now = this.clock.iso();
		const capacity = {cpu, 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: toKi(memory), pods: String(pods)};
		const node = this.api.create<KObject>(
			{
				apiVersion: 'v1',
				kind: 'Node',
				metadata: {
					name: spec.name,
					labels,
					annotations: {
						'node.alpha.kubernetes.io/ttl': '0',
						'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
					},
				},
				spec: {
					podCIDR: `10.244.${index % 256}.0/24`,
					podCIDRs: [`10.244.${index % 256}.0/24`],
					providerID: `kubesim://${spec.name}`,
					...(taints.length ? {taints} : {}),
				},
				status: {
					capacity,
					allocatable: {...capacity},
					conditions: nodeConditions(now, true),
					addresses: [
						{type: 'InternalIP', address: hostIP},
						{type: 'Hostname', address: spec.name},
					],
					daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
					nodeInfo: {
						architecture: 'amd64',
						bootID: this.rng.uuid(),
						containerRuntimeVersion: 'containerd://1.7.24',
						kernelVersion: '6.8.0-kubesim',
						kubeProxyVersion: this.kubernetesVersion,
						kubeletVersion: this.kubernetesVersion,
						machineID: this.rng.uuid().replace(/-/g, ''),
						operatingSystem: 'linux',
						osImage: 'Debian GNU/Linux 12 (bookworm)',
						systemUUID: this.rng.uuid(),
					},
					images: [],
				},
			},
			{trusted: true},
		);
		const agent: Agent = {
			name: spec.name,
			index,
			alive: true,
			images: new ImageStore(),
			ipUsed: new Set(),
			nextIp: 2,
			hostIP,
			pods: new Set(),
			pendingWhileDown: new Set(),
		};
		this.agents.set(spec.name, agent);
		this.api.create(
			{
				apiVersion: 'coordination.k8s.io/v1',
				kind: 'Lease',
				metadata: {
					name: spec.name,
					namespace: 'kube-node-lease',
					ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: spec.name, uid: node.metadata.uid!}],
				},
				spec: {holderIdentity: spec.name, leaseDurationSeconds: 40, renewTime: microTime(this.clock.now())},
			},
			{trusted: true},
		);
		this.scheduleLease(agent);
		return node;
	}

	hostIP(node: string): string | undefined {
		return this.agents.get(node)?.hostIP;
	}

	isAlive(node: string): boolean {
		return this.agents.get(node)?.alive ?? false;
	}

	private scheduleLease(agent: Agent): void {
		// spread renewals over the period so 5,000 nodes do not renew at the same instant
		const offset = agent.leaseTimer === undefined ? (agent.index * 37) % LEASE_RENEW_MS : LEASE_RENEW_MS;
		agent.leaseTimer = this.clock.after(offset || LEASE_RENEW_MS, () => {
			if (!agent.alive) return;
			const lease = this.store.get('Lease', 'kube-node-lease', agent.name);
			if (lease) this.api.replace(lease, {...lease, metadata: {...lease.metadata}, spec: {...lease.spec, renewTime: microTime(this.clock.now())}});
			this.scheduleLease(agent);
		});
	}

	/** Stops the node's kubelet: no heartbeats, no status updates (a crashed or partitioned node). */
	failNode(name: string): void {
		const agent = this.agents.get(name);
		if (!agent || !agent.alive) return;
		agent.alive = false;
		this.clock.cancel(agent.leaseTimer);
		agent.leaseTimer = undefined;
	}

	/** Starts the kubelet again: it renews the lease, reports Ready and catches up with its pods. */
	recoverNode(name: string): void {
		const agent = this.agents.get(name);
		if (!agent || agent.alive) return;
		agent.alive = true;
		const node = this.store.get('Node', undefined, name);
		if (node) {
			const now = this.clock.iso();
			this.api.setStatus(node, {...node.status, conditions: nodeConditions(now, true, node.status?.conditions)});
			const lease = this.store.get('Lease', 'kube-node-lease', name);
			if (lease) this.api.replace(lease, {...lease, metadata: {...lease.metadata}, spec: {...lease.spec, renewTime: microTime(this.clock.now())}});
			this.events.record(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, {component: SOURCE, host: name});
		}
		this.scheduleLease(agent);
		const pending = [...agent.pendingWhileDown];
		agent.pendingWhileDown.clear();
		for (const key of pending) {
			const w = this.workers.get(key);
			if (w) this.markDirty(w);
			else {
				const [ns, n] = splitKey(key);
				const pod = this.store.get<Pod>('Pod', ns, n);
				if (pod) this.onPod('MODIFIED', pod);
			}
		}
		for (const key of agent.pods) {
			const w = this.workers.get(key);
			if (!w) continue;
			const pod = this.store.get<Pod>('Pod', w.namespace, w.name);
			if (!pod || pod.metadata.uid !== w.uid) this.kill(w);
			else if (pod.metadata.deletionTimestamp && !w.terminating) this.terminate(w, pod);
			else this.markDirty(w);
		}
	}

	// ---------------------------------------------------------------- pods

	private onPod(type: string, pod: Pod): void {
		const node = pod.spec.nodeName;
		const key = keyOf(pod);
		const w = this.workers.get(key);
		if (type === 'DELETED') {
			if (w && w.uid === pod.metadata.uid) this.kill(w);
			return;
		}
		if (w && w.uid !== pod.metadata.uid) this.kill(w);
		if (!node) return;
		const agent = this.agents.get(node);
		if (!agent) return;
		const worker = this.workers.get(key);
		if (!agent.alive) {
			agent.pendingWhileDown.add(key);
			if (worker) worker.pod = pod;
			return;
		}
		if (!worker) {
			if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
			if (pod.metadata.deletionTimestamp) {
				this.clock.after(0, () => {
					const cur = this.store.get('Pod', pod.metadata.namespace, pod.metadata.name);
					if (cur && cur.metadata.uid === pod.metadata.uid) this.api.finishPodDeletion(cur);
				});
				return;
			}
			this.createWorker(pod, agent);
			return;
		}
		worker.pod = pod;
		if (pod.metadata.deletionTimestamp && !worker.terminating) this.terminate(worker, pod);
		else if (!pod.metadata.deletionTimestamp && pod.spec.containers.some((c, i) => worker.ctrs[i] && worker.ctrs[i]!.spec.image !== c.image)) {
			// an image update restarts that container with the new image
			pod.spec.containers.forEach((c, i) => {
				const ctr = worker.ctrs[i];
				if (ctr && ctr.spec.image !== c.image) {
					this.events.record(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, {component: SOURCE, host: worker.node}, `spec.containers{${c.name}}`);
					ctr.spec = c;
					ctr.ref = undefined;
					this.stopProcess(ctr);
					this.exited(worker, ctr, 0, 'Completed', true);
				}
			});
		}
	}

	private createWorker(pod: Pod, agent: Agent): void {
		const mk = (spec: Container, init: boolean): Ctr => ({
			spec,
			init,
			imageID: '',
			state: 'waiting',
			reason: init ? 'PodInitializing' : 'ContainerCreating',
			startedAt: 0,
			finishedAt: 0,
			exitCode: 0,
			restartCount: 0,
			everStarted: false,
			ready: false,
			started: false,
			probeTimers: [],
			liveFails: 0,
			readyFails: 0,
			readyOks: 0,
			startupFails: 0,
			backoffMs: 0,
			pullBackoffMs: 0,
			stopping: false,
			probesFail: false,
			memoryDemand: 0,
			cpuDemand: 0,
		});
		const w: Worker = {
			key: keyOf(pod),
			uid: pod.metadata.uid!,
			namespace: pod.metadata.namespace!,
			name: pod.metadata.name,
			node: agent.name,
			pod,
			inits: (pod.spec.initContainers ?? []).map(c => mk(c, true)),
			ctrs: pod.spec.containers.map(c => mk(c, false)),
			initIndex: 0,
			terminating: false,
			gone: false,
			flushScheduled: false,
			lastWritten: '',
			configBlocked: false,
			rps: 0,
			files: {},
			env: {},
		};
		if (w.inits.length) for (const c of w.ctrs) c.reason = 'PodInitializing';
		this.workers.set(w.key, w);
		agent.pods.add(w.key);
		this.clock.after(0, () => this.setup(w));
	}

	/** Sandbox, IP, config; then init containers or the app containers. */
	private setup(w: Worker): void {
		if (w.gone || w.terminating) return;
		const agent = this.agents.get(w.node)!;
		if (!w.ip) {
			w.ip = w.pod.spec.hostNetwork ? agent.hostIP : this.allocateIp(agent);
			w.startTime = this.clock.now();
		}
		const problem = this.resolveConfig(w);
		if (problem) {
			w.configBlocked = true;
			const ctrs = [...w.inits, ...w.ctrs];
			if (problem.volume) {
				this.events.record(w.pod, 'Warning', 'FailedMount', problem.message, {component: SOURCE, host: w.node});
			} else {
				for (const c of ctrs) if (!c.everStarted) Object.assign(c, {reason: 'CreateContainerConfigError', message: problem.message});
				this.events.record(w.pod, 'Warning', 'Failed', `Error: ${problem.message}`, {component: SOURCE, host: w.node}, `spec.containers{${w.ctrs[0]?.spec.name}}`);
			}
			this.markDirty(w);
			this.clock.cancel(w.configTimer);
			w.configTimer = this.clock.after(CONFIG_RETRY_MS, () => this.setup(w));
			return;
		}
		w.configBlocked = false;
		this.clock.cancel(w.configTimer);
		this.markDirty(w);
		if (w.inits.length && w.initIndex < w.inits.length) this.pullAndStart(w, w.inits[w.initIndex]!);
		else for (const c of w.ctrs) if (!c.everStarted && c.state === 'waiting' && c.waitTimer === undefined) this.pullAndStart(w, c);
	}

	private retryConfigIn(namespace: string | undefined): void {
		for (const w of this.workers.values()) {
			if (w.configBlocked && w.namespace === namespace && this.agents.get(w.node)?.alive) {
				this.clock.cancel(w.configTimer);
				w.configTimer = this.clock.after(0, () => this.setup(w));
			}
		}
	}

	private allocateIp(agent: Agent): string {
		for (let tries = 0; tries < 253; tries++) {
			const host = agent.nextIp;
			agent.nextIp = agent.nextIp >= 254 ? 2 : agent.nextIp + 1;
			if (!agent.ipUsed.has(host)) {
				agent.ipUsed.add(host);
				return `10.244.${agent.index % 256}.${host}`;
			}
		}
		return `10.244.${agent.index % 256}.255`;
	}

	private releaseIp(w: Worker): void {
		const agent = this.agents.get(w.node);
		if (!agent || !w.ip || w.pod.spec.hostNetwork) return;
		const host = Number(w.ip.split('.')[3]);
		agent.ipUsed.delete(host);
	}

	/** Environment and mounted files from the pod spec, ConfigMaps and Secrets. */
	private resolveConfig(w: Worker): {message: string; volume?: boolean} | undefined {
		const pod = w.pod;
		const ns = w.namespace;
		const files: Record<string, string> = {};
		for (const v of pod.spec.volumes ?? []) {
			const source = v.configMap ? {kind: 'ConfigMap', name: v.configMap.name, optional: v.configMap.optional, items: v.configMap.items} : v.secret ? {kind: 'Secret', name: v.secret.secretName, optional: v.secret.optional, items: v.secret.items} : undefined;
			if (!source) continue;
			const obj = this.store.get(source.kind, ns, source.name);
			if (!obj) {
				if (source.optional) continue;
				return {message: `MountVolume.SetUp failed for volume "${v.name}" : ${source.kind === 'ConfigMap' ? 'configmap' : 'secret'} "${source.name}" not found`, volume: true};
			}
			const data = configData(obj);
			const mounts = pod.spec.containers.flatMap(c => (c.volumeMounts ?? []).filter(m => m.name === v.name));
			for (const m of mounts) {
				const entries = source.items ? source.items.map(i => [i.path, data[i.key]] as const) : Object.entries(data);
				for (const [path, value] of entries) if (value !== undefined) files[`${m.mountPath.replace(/\/$/, '')}/${path}`] = value;
			}
		}
		w.files = files;
		for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
			for (const ef of c.envFrom ?? []) {
				const ref = ef.configMapRef ?? ef.secretRef;
				if (!ref) continue;
				const kind = ef.configMapRef ? 'ConfigMap' : 'Secret';
				if (!this.store.get(kind, ns, ref.name) && !ref.optional) return {message: `${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${ref.name}" not found`};
			}
			for (const e of c.env ?? []) {
				const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
				if (!ref) continue;
				const kind = e.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
				const obj = this.store.get(kind, ns, ref.name);
				if (!obj) {
					if (ref.optional) continue;
					return {message: `${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${ref.name}" not found`};
				}
				if (configData(obj)[ref.key] === undefined && !ref.optional)
					return {message: `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`};
			}
		}
		return undefined;
	}

	/** The environment a container's process sees, as `env` inside it would print. */
	containerEnv(w: Worker, c: Container): Record<string, string> {
		const env: Record<string, string> = {
			PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
			HOSTNAME: w.pod.spec.hostname ?? w.name,
		};
		if (w.pod.spec.enableServiceLinks !== false) Object.assign(env, this.serviceEnv(w.namespace));
		for (const ef of c.envFrom ?? []) {
			const ref = ef.configMapRef ?? ef.secretRef;
			if (!ref) continue;
			const obj = this.store.get(ef.configMapRef ? 'ConfigMap' : 'Secret', w.namespace, ref.name);
			if (obj) for (const [k, v] of Object.entries(configData(obj))) env[`${ef.prefix ?? ''}${k}`] = v;
		}
		for (const e of c.env ?? []) {
			if (e.value !== undefined) env[e.name] = expandEnv(e.value, env);
			else if (e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef) {
				const ref = (e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef)!;
				const obj = this.store.get(e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret', w.namespace, ref.name);
				const v = obj ? configData(obj)[ref.key] : undefined;
				if (v !== undefined) env[e.name] = v;
			} else if (e.valueFrom?.fieldRef) {
				env[e.name] = this.fieldRef(w, e.valueFrom.fieldRef.fieldPath);
			} else if (e.valueFrom?.resourceFieldRef) {
				const r = e.valueFrom.resourceFieldRef.resource;
				const [kind, res] = r.split('.');
				const q = (c.resources as any)?.[kind === 'limits' ? 'limits' : 'requests']?.[res!];
				env[e.name] = res === 'cpu' ? String(Math.max(1, Math.ceil(milliCpu(q) / 1000))) : String(bytes(q));
			} else env[e.name] = '';
		}
		return env;
	}

	private fieldRef(w: Worker, path: string): string {
		const pod = w.pod;
		const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
		if (m) return (pod.metadata as any)[m[1]!]?.[m[2]!] ?? '';
		switch (path) {
			case 'metadata.name':
				return pod.metadata.name;
			case 'metadata.namespace':
				return pod.metadata.namespace ?? '';
			case 'metadata.uid':
				return pod.metadata.uid ?? '';
			case 'spec.nodeName':
				return pod.spec.nodeName ?? '';
			case 'spec.serviceAccountName':
				return pod.spec.serviceAccountName ?? 'default';
			case 'status.podIP':
				return w.ip ?? '';
			case 'status.hostIP':
				return this.agents.get(w.node)?.hostIP ?? '';
			default:
				return '';
		}
	}

	private serviceEnvCache = new Map<string, {at: number; env: Record<string, string>}>();

	/** Docker-link style variables for the Services of the namespace (WEB_SERVICE_HOST...). */
	private serviceEnv(namespace: string): Record<string, string> {
		const rv = this.servicesVersion;
		const cached = this.serviceEnvCache.get(namespace);
		if (cached && cached.at === rv) return cached.env;
		const env = this.computeServiceEnv(namespace);
		this.serviceEnvCache.set(namespace, {at: rv, env});
		return env;
	}

	private servicesVersion = 0;

	private computeServiceEnv(namespace: string): Record<string, string> {
		const env: Record<string, string> = {};
		const add = (svc: KObject) => {
			const ip = svc.spec?.clusterIP;
			if (!ip || ip === 'None') return;
			const name = svc.metadata.name.toUpperCase().replace(/-/g, '_');
			const ports: any[] = svc.spec.ports ?? [];
			if (!ports.length) return;
			env[`${name}_SERVICE_HOST`] = ip;
			env[`${name}_SERVICE_PORT`] = String(ports[0].port);
			for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
			const proto = (ports[0].protocol ?? 'TCP').toLowerCase();
			env[`${name}_PORT`] = `${proto}://${ip}:${ports[0].port}`;
			for (const p of ports) {
				const pr = (p.protocol ?? 'TCP');
				const base = `${name}_PORT_${p.port}_${pr}`;
				env[base] = `${pr.toLowerCase()}://${ip}:${p.port}`;
				env[`${base}_PROTO`] = pr.toLowerCase();
				env[`${base}_PORT`] = String(p.port);
				env[`${base}_ADDR`] = ip;
			}
		};
		const kube = this.store.get('Service', 'default', 'kubernetes');
		if (kube) add(kube);
		for (const svc of this.store.list('Service', {namespace})) if (!(namespace === 'default' && svc.metadata.name === 'kubernetes')) add(svc);
		return env;
	}

	// ---------------------------------------------------------------- images

	private pullAndStart(w: Worker, c: Ctr): void {
		if (w.gone || w.terminating) return;
		const agent = this.agents.get(w.node)!;
		const src = {component: SOURCE, host: w.node};
		const fieldPath = `spec.${c.init ? 'initContainers' : 'containers'}{${c.spec.name}}`;
		const image = c.spec.image;
		const ref = parseImageRef(image);
		if (ref.error) {
			Object.assign(c, {state: 'waiting', reason: 'InvalidImageName', message: ref.error});
			this.events.record(w.pod, 'Warning', 'InspectFailed', ref.error, src, fieldPath);
			this.events.record(w.pod, 'Warning', 'Failed', 'Error: InvalidImageName', src, fieldPath);
			this.markDirty(w);
			return;
		}
		const found = findImage(ref);
		const policy = c.spec.imagePullPolicy ?? (ref.tag === 'latest' ? 'Always' : 'IfNotPresent');
		const present = agent.images.has(ref.fullName);
		if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
			if (!present) {
				Object.assign(c, {state: 'waiting', reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never`});
				this.events.record(w.pod, 'Warning', 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`, src, fieldPath);
				this.markDirty(w);
				return;
			}
			this.events.record(w.pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, src, fieldPath);
			if ('profile' in found) {
				c.ref = ref;
				c.profile = found.profile;
			}
			this.create(w, c);
			return;
		}
		this.events.record(w.pod, 'Normal', 'Pulling', `Pulling image "${image}"`, src, fieldPath);
		const requested = this.clock.elapsed();
		const begin = Math.max(requested, agent.images.busyUntil);
		if ('error' in found) {
			const done = begin + PULL_LATENCY_MS + this.rng.int(400);
			agent.images.busyUntil = done;
			this.clock.at(done, () => {
				if (w.gone || w.terminating) return;
				const message = `Failed to pull image "${image}": ${found.error}`;
				this.events.record(w.pod, 'Warning', 'Failed', message, src, fieldPath);
				this.events.record(w.pod, 'Warning', 'Failed', 'Error: ErrImagePull', src, fieldPath);
				Object.assign(c, {state: 'waiting', reason: 'ErrImagePull', message});
				this.markDirty(w);
				c.pullBackoffMs = c.pullBackoffMs ? Math.min(c.pullBackoffMs * 2, BACKOFF_MAX_MS) : BACKOFF_INITIAL_MS;
				// the next pod sync finds the pull in back-off
				c.waitTimer = this.clock.after(1000, () => {
					if (w.gone || w.terminating) return;
					Object.assign(c, {reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"`});
					this.events.record(w.pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, src, fieldPath);
					this.events.record(w.pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', src, fieldPath);
					this.markDirty(w);
					c.waitTimer = this.clock.after(c.pullBackoffMs - 1000, () => {
						c.waitTimer = undefined;
						this.pullAndStart(w, c);
					});
				});
			});
			return;
		}
		const profile = found.profile;
		const layers = profile.layers(ref.tag);
		const missing = agent.images.missingBytes(layers);
		const pullMs = PULL_LATENCY_MS + this.rng.int(200) + (missing * 1000) / PULL_BYTES_PER_SECOND;
		const done = begin + pullMs;
		agent.images.busyUntil = done;
		this.clock.at(done, () => {
			if (w.gone) return;
			const stored = agent.images.add(ref, profile);
			this.events.record(
				w.pod,
				'Normal',
				'Pulled',
				`Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(done - requested)} including waiting). Image size: ${imageSize(profile, ref.tag) || stored.sizeBytes} bytes.`,
				src,
				fieldPath,
			);
			if (!present) this.publishImages(agent);
			c.ref = ref;
			c.profile = profile;
			c.pullBackoffMs = 0;
			if (!w.terminating) this.create(w, c);
		});
	}

	private publishImages(agent: Agent): void {
		const node = this.store.get('Node', undefined, agent.name);
		if (!node || !agent.alive) return;
		const images = agent.images.list().map(i => ({names: i.names, sizeBytes: i.sizeBytes}));
		this.api.setStatus(node, {...node.status, images});
	}

	// ---------------------------------------------------------------- containers

	private create(w: Worker, c: Ctr): void {
		if (w.gone || w.terminating) return;
		const src = {component: SOURCE, host: w.node};
		const fieldPath = `spec.${c.init ? 'initContainers' : 'containers'}{${c.spec.name}}`;
		const profile = c.profile!;
		const ref = c.ref!;
		c.imageID = `${ref.fullName.replace(/:[^:/]+$/, '')}@${profile.digest(ref.tag)}`;
		c.containerID = `containerd://${hex(this.rng, 64)}`;
		this.events.record(w.pod, 'Normal', 'Created', `Created container: ${c.spec.name}`, src, fieldPath);
		this.events.record(w.pod, 'Normal', 'Started', `Started container ${c.spec.name}`, src, fieldPath);
		if (c.everStarted) c.restartCount++;
		c.everStarted = true;
		Object.assign(c, {state: 'running', reason: '', message: undefined, startedAt: this.clock.now(), ready: false, stopping: false, liveFails: 0, readyFails: 0, readyOks: 0, startupFails: 0, memoryDemand: 0});
		c.started = !c.spec.startupProbe;
		this.logs.start(w.uid, c.spec.name, c.restartCount);
		w.env = this.containerEnv(w, c.spec);
		c.ctx = {
			command: c.spec.command,
			args: c.spec.args,
			env: w.env,
			hostname: w.pod.spec.hostname ?? w.name,
			podName: w.name,
			namespace: w.namespace,
			podIP: w.ip ?? '',
			startedAt: this.clock.now(),
			rng: this.rng,
			files: {...w.files},
			ports: (c.spec.ports ?? []).map(p => p.containerPort),
		};
		const startError = profile.startError?.(c.ctx);
		if (startError) {
			this.logs.append(w.uid, c.spec.name, {time: this.clock.now(), text: startError, stream: 'stderr'});
			this.exited(w, c, 128, 'StartError');
			return;
		}
		c.listening = profile.listen ? profile.listen(c.ctx) : {ports: profile.ports, afterMs: profile.startupMs};
		c.memoryDemand = profile.memoryDemand ? profile.memoryDemand(c.ctx) : profile.memoryBytes;
		c.cpuDemand = profile.cpuDemand ? profile.cpuDemand(c.ctx) : profile.idleCpuMilli;
		if (c.spec.resources?.limits?.memory) this.clock.after(1000, () => this.checkMemory(w, c));
		c.proc = profile.run(c.ctx);
		if (!c.init) {
			if (!c.spec.readinessProbe && c.started) c.ready = true;
			this.startProbes(w, c);
		}
		this.markDirty(w);
		this.step(w, c);
	}

	/** Runs the process until it sleeps or exits. */
	private step(w: Worker, c: Ctr): void {
		c.stepTimer = undefined;
		if (w.gone || c.state !== 'running' || c.stopping || !c.proc) return;
		for (let n = 0; n < MAX_OUTPUT_PER_RUN; n++) {
			const r = c.proc.next();
			if (r.done) {
				this.exited(w, c, 0, 'Completed');
				return;
			}
			const s = r.value;
			if ('out' in s) {
				this.logs.append(w.uid, c.spec.name, {time: this.clock.now(), text: s.out, stream: s.stream ?? 'stdout'});
			} else if ('sleep' in s) {
				if (s.sleep === Infinity || s.sleep > 1e12) return;
				c.stepTimer = this.clock.after(Math.max(1, s.sleep), () => this.step(w, c));
				return;
			} else if ('exit' in s) {
				this.exited(w, c, s.exit, s.exit === 0 ? 'Completed' : 'Error');
				return;
			}
		}
		c.stepTimer = this.clock.after(1, () => this.step(w, c));
	}

	private stopProcess(c: Ctr): void {
		this.clock.cancel(c.stepTimer);
		c.stepTimer = undefined;
		for (const t of c.probeTimers) this.clock.cancel(t);
		c.probeTimers = [];
		this.clock.cancel(c.waitTimer);
		c.waitTimer = undefined;
		c.proc = undefined;
	}

	/** A container ended: record it, then restart it per restartPolicy with back-off. */
	private exited(w: Worker, c: Ctr, code: number, reason: string, immediateRestart = false): void {
		if (c.state !== 'running' && !immediateRestart) return;
		const now = this.clock.now();
		this.stopProcess(c);
		const ranMs = now - c.startedAt;
		const terminated = {exitCode: code, reason, startedAt: this.clock.iso(c.startedAt), finishedAt: this.clock.iso(now), containerID: c.containerID};
		Object.assign(c, {state: 'terminated', reason, exitCode: code, finishedAt: now, ready: false, started: false});
		c.last = {terminated};
		this.markDirty(w);
		if (w.terminating || w.gone) return;
		const policy = w.pod.spec.restartPolicy ?? 'Always';
		const restart = c.init ? policy !== 'Never' && code !== 0 : policy === 'Always' || (policy === 'OnFailure' && code !== 0);
		if (c.init && code === 0) {
			w.initIndex++;
			if (w.initIndex < w.inits.length) this.pullAndStart(w, w.inits[w.initIndex]!);
			else {
				for (const m of w.ctrs) if (m.reason === 'PodInitializing') m.reason = 'ContainerCreating';
				for (const m of w.ctrs) this.pullAndStart(w, m);
			}
			return;
		}
		if (!restart) return;
		if (immediateRestart) {
			this.pullAndStart(w, c);
			return;
		}
		if (ranMs >= BACKOFF_RESET_MS) c.backoffMs = 0;
		if (c.backoffMs === 0) {
			c.backoffMs = BACKOFF_INITIAL_MS;
			c.waitTimer = this.clock.after(0, () => {
				c.waitTimer = undefined;
				this.pullAndStart(w, c);
			});
			return;
		}
		const delay = c.backoffMs;
		c.backoffMs = Math.min(c.backoffMs * 2, BACKOFF_MAX_MS);
		c.waitTimer = this.clock.after(1, () => {
			if (w.gone || w.terminating) return;
			const message = `back-off ${goDuration(delay).replace(/\.0+s$/, 's')} restarting failed container=${c.spec.name} pod=${w.name}_${w.namespace}(${w.uid})`;
			Object.assign(c, {state: 'waiting', reason: 'CrashLoopBackOff', message});
			this.events.record(w.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${w.name}_${w.namespace}(${w.uid})`, {component: SOURCE, host: w.node}, `spec.containers{${c.spec.name}}`);
			this.markDirty(w);
			c.waitTimer = this.clock.after(delay - 1, () => {
				c.waitTimer = undefined;
				this.pullAndStart(w, c);
			});
		});
	}

	private checkMemory(w: Worker, c: Ctr): void {
		const limit = bytes(c.spec.resources?.limits?.memory);
		if (!limit || c.state !== 'running') return;
		if (this.memoryOf(w, c) > limit) {
			this.logs.append(w.uid, c.spec.name, {time: this.clock.now(), text: 'Killed', stream: 'stderr'});
			this.exited(w, c, 137, 'OOMKilled');
		}
	}

	memoryOf(w: Worker, c: Ctr): number {
		const p = c.profile;
		if (!p || c.state !== 'running') return 0;
		return c.memoryDemand + (w.rps * p.memoryBytesPerRps) / Math.max(1, w.ctrs.length);
	}

	// ---------------------------------------------------------------- probes

	private startProbes(w: Worker, c: Ctr): void {
		const schedule = (probe: Probe | undefined, kind: 'startup' | 'liveness' | 'readiness') => {
			if (!probe) return;
			const period = (probe.periodSeconds ?? 10) * 1000;
			const first = (probe.initialDelaySeconds ?? 0) * 1000;
			const tick = () => {
				if (w.gone || c.state !== 'running' || c.stopping) return;
				if (kind !== 'startup' && !c.started) {
					c.probeTimers.push(this.clock.after(period, tick));
					return;
				}
				if (kind === 'startup' && c.started) return;
				this.probe(w, c, probe, kind);
				if (c.state === 'running' && !(kind === 'startup' && c.started)) c.probeTimers.push(this.clock.after(period, tick));
			};
			c.probeTimers.push(this.clock.after(first || Math.min(1000, period), tick));
		};
		schedule(c.spec.startupProbe, 'startup');
		schedule(c.spec.livenessProbe, 'liveness');
		schedule(c.spec.readinessProbe, 'readiness');
	}

	/** Why a probe against this container fails now, or undefined when it succeeds. */
	probeFailure(w: Worker, c: Ctr, probe: Probe): string | undefined {
		const p = c.profile;
		const l = c.listening;
		const up = l ? this.clock.now() >= c.startedAt + l.afterMs : false;
		if (probe.exec) {
			if (c.probesFail) return `command "${probe.exec.command.join(' ')}" exited with 1`;
			if (!p?.exec || !c.ctx) return undefined;
			const r = p.exec(probe.exec.command, c.ctx, {uptimeMs: this.clock.now() - c.startedAt, timeoutMs: (probe.timeoutSeconds ?? 1) * 1000});
			if (r.timedOut) return `command timed out: "${probe.exec.command.join(' ')}" timed out after ${probe.timeoutSeconds ?? 1}s`;
			if (r.exitCode !== 0) return (r.stdout + r.stderr).trim() || `command "${probe.exec.command.join(' ')}" exited with ${r.exitCode}`;
			return undefined;
		}
		const rawPort = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
		const port = typeof rawPort === 'string' ? (c.spec.ports ?? []).find(x => x.name === rawPort)?.containerPort ?? Number(rawPort) : rawPort;
		const listening = !!l && l.ports.includes(Number(port));
		const addr = `${w.ip}:${port}`;
		if (probe.httpGet) {
			const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${addr}${probe.httpGet.path ?? '/'}`;
			if (!up || !listening) return `Get "${url}": dial tcp ${addr}: connect: connection refused`;
			if (c.probesFail) return 'HTTP probe failed with statuscode: 500';
			return undefined;
		}
		if (!up || !listening) return `dial tcp ${addr}: connect: connection refused`;
		if (c.probesFail) return `dial tcp ${addr}: i/o timeout`;
		return undefined;
	}

	private probe(w: Worker, c: Ctr, probe: Probe, kind: 'startup' | 'liveness' | 'readiness'): void {
		const failure = this.probeFailure(w, c, probe);
		const src = {component: SOURCE, host: w.node};
		const fieldPath = `spec.containers{${c.spec.name}}`;
		const threshold = probe.failureThreshold ?? 3;
		const label = kind[0]!.toUpperCase() + kind.slice(1);
		if (failure) this.events.record(w.pod, 'Warning', 'Unhealthy', `${label} probe failed: ${failure}`, src, fieldPath);
		if (kind === 'startup') {
			if (!failure) {
				c.started = true;
				if (!c.spec.readinessProbe) c.ready = true;
				this.markDirty(w);
			} else if (++c.startupFails >= threshold) {
				this.events.record(w.pod, 'Normal', 'Killing', `Container ${c.spec.name} failed startup probe, will be restarted`, src, fieldPath);
				this.kill137(w, c);
			}
			return;
		}
		if (kind === 'liveness') {
			if (!failure) c.liveFails = 0;
			else if (++c.liveFails >= threshold) {
				this.events.record(w.pod, 'Normal', 'Killing', `Container ${c.spec.name} failed liveness probe, will be restarted`, src, fieldPath);
				this.kill137(w, c);
			}
			return;
		}
		if (!failure) {
			c.readyFails = 0;
			if (!c.ready && ++c.readyOks >= (probe.successThreshold ?? 1)) {
				c.ready = true;
				this.markDirty(w);
			}
		} else {
			c.readyOks = 0;
			if (c.ready && ++c.readyFails >= threshold) {
				c.ready = false;
				this.markDirty(w);
			}
		}
	}

	/** Stops a container for a restart (liveness or startup failure). */
	private kill137(w: Worker, c: Ctr): void {
		c.stopping = true;
		c.ready = false;
		for (const t of c.probeTimers) this.clock.cancel(t);
		c.probeTimers = [];
		this.clock.cancel(c.stepTimer);
		const stop = this.sigterm(w, c, (w.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000);
		this.markDirty(w);
		c.waitTimer = this.clock.after(stop.delay, () => {
			c.waitTimer = undefined;
			c.stopping = false;
			this.exited(w, c, stop.code, stop.reason);
		});
	}

	/** Sends SIGTERM: the process's own shutdown (log lines, time, exit code), or SIGKILL after the grace period. */
	private sigterm(w: Worker, c: Ctr, graceMs: number): {delay: number; code: number; reason: string} {
		const steps: Step[] = c.profile?.onSigterm && c.ctx ? c.profile.onSigterm(c.ctx, this.clock.now()) : c.listening?.ports.length ? [{sleep: c.profile?.shutdownMs ?? 100}, {exit: 0}] : [];
		let t = 0;
		for (const step of steps) {
			if ('out' in step) this.logs.append(w.uid, c.spec.name, {time: this.clock.now() + t, text: step.out, stream: step.stream ?? 'stdout'});
			else if ('sleep' in step) t += step.sleep;
			else if ('exit' in step) {
				if (t > graceMs) break;
				return {delay: t, code: step.exit, reason: step.exit === 0 ? 'Completed' : 'Error'};
			}
		}
		return {delay: graceMs, code: graceMs === 0 ? 0 : 137, reason: graceMs === 0 ? 'Completed' : 'Error'};
	}

	// ---------------------------------------------------------------- termination

	private terminate(w: Worker, pod: Pod): void {
		w.terminating = true;
		this.clock.cancel(w.configTimer);
		const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
		const src = {component: SOURCE, host: w.node};
		let longest = 0;
		for (const c of [...w.inits, ...w.ctrs]) {
			this.clock.cancel(c.waitTimer);
			c.waitTimer = undefined;
			if (c.state !== 'running') {
				if (c.state === 'waiting') c.reason = c.everStarted ? c.reason : 'ContainerCreating';
				continue;
			}
			this.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.spec.name}`, src, `spec.containers{${c.spec.name}}`);
			c.stopping = true;
			c.ready = false;
			for (const t of c.probeTimers) this.clock.cancel(t);
			c.probeTimers = [];
			this.clock.cancel(c.stepTimer);
			const stop = this.sigterm(w, c, grace);
			longest = Math.max(longest, stop.delay);
			c.waitTimer = this.clock.after(stop.delay, () => {
				c.waitTimer = undefined;
				c.stopping = false;
				this.exited(w, c, stop.code, stop.reason);
			});
		}
		this.markDirty(w);
		this.clock.after(longest, () => this.finishTermination(w));
	}

	private finishTermination(w: Worker): void {
		if (w.gone) return;
		if (!this.agents.get(w.node)?.alive) {
			this.agents.get(w.node)?.pendingWhileDown.add(w.key);
			return;
		}
		const pod = this.store.get('Pod', w.namespace, w.name);
		this.kill(w);
		if (pod && pod.metadata.uid === w.uid) this.api.finishPodDeletion(pod);
	}

	/** Forgets a pod at once (force deletion, or after termination). */
	private kill(w: Worker): void {
		if (w.gone) return;
		w.gone = true;
		for (const c of [...w.inits, ...w.ctrs]) this.stopProcess(c);
		this.clock.cancel(w.configTimer);
		this.releaseIp(w);
		this.workers.delete(w.key);
		this.agents.get(w.node)?.pods.delete(w.key);
		this.logs.drop(w.uid);
	}

	// ---------------------------------------------------------------- status

	private markDirty(w: Worker): void {
		if (w.flushScheduled || w.gone) return;
		w.flushScheduled = true;
		this.clock.after(0, () => {
			w.flushScheduled = false;
			this.flush(w);
		});
	}

	private flush(w: Worker): void {
		if (w.gone) return;
		const agent = this.agents.get(w.node);
		if (!agent?.alive) {
			agent?.pendingWhileDown.add(w.key);
			return;
		}
		const pod = this.store.get<Pod>('Pod', w.namespace, w.name);
		if (!pod || pod.metadata.uid !== w.uid) return;
		const status = this.buildStatus(w, pod);
		const signature = JSON.stringify(status);
		if (signature === w.lastWritten) return;
		w.lastWritten = signature;
		this.api.setStatus(pod, status);
	}

	private buildStatus(w: Worker, pod: Pod): PodStatus {
		const now = this.clock.iso();
		const cs = (c: Ctr): ContainerStatus => {
			let state: ContainerState;
			if (c.state === 'running') state = {running: {startedAt: this.clock.iso(c.startedAt)}};
			else if (c.state === 'terminated')
				state = {terminated: {exitCode: c.exitCode, reason: c.reason, startedAt: this.clock.iso(c.startedAt), finishedAt: this.clock.iso(c.finishedAt), ...(c.containerID ? {containerID: c.containerID} : {})} as any};
			else state = {waiting: c.message ? {reason: c.reason, message: c.message} : {reason: c.reason}};
			return {
				name: c.spec.name,
				image: c.spec.image,
				imageID: c.imageID,
				...(c.containerID ? {containerID: c.containerID} : {}),
				ready: c.ready,
				started: c.state === 'running' && c.started,
				restartCount: c.restartCount,
				state,
				lastState: c.last ?? {},
			};
		};
		const initDone = w.initIndex >= w.inits.length;
		const allReady = initDone && !w.terminating && w.ctrs.every(c => c.ready && c.state === 'running');
		const unready = w.ctrs.filter(c => !(c.ready && c.state === 'running')).map(c => c.spec.name);
		let conditions = pod.status.conditions ?? [];
		conditions = setCondition(conditions, {type: 'PodReadyToStartContainers', status: w.ip ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now});
		conditions = setCondition(
			conditions,
			initDone
				? {type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now}
				: {type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${w.inits.slice(w.initIndex).map(c => c.spec.name).join(' ')}]`, lastProbeTime: null, lastTransitionTime: now},
		);
		const readyCond = allReady
			? {status: 'True' as const}
			: {status: 'False' as const, reason: initDone ? 'ContainersNotReady' : 'ContainersNotInitialized', message: initDone ? `containers with unready status: [${unready.join(' ')}]` : `containers with incomplete status: [${w.inits.slice(w.initIndex).map(c => c.spec.name).join(' ')}]`};
		conditions = setCondition(conditions, {type: 'Ready', ...readyCond, lastProbeTime: null, lastTransitionTime: now});
		conditions = setCondition(conditions, {type: 'ContainersReady', ...readyCond, lastProbeTime: null, lastTransitionTime: now});
		conditions = setCondition(conditions, {type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now});
		conditions = orderConditions(conditions);
		const status: PodStatus = {
			phase: this.phase(w),
			conditions,
			hostIP: this.agents.get(w.node)?.hostIP,
			hostIPs: [{ip: this.agents.get(w.node)?.hostIP ?? ''}],
			...(w.ip ? {podIP: w.ip, podIPs: [{ip: w.ip}]} : {}),
			...(w.startTime !== undefined ? {startTime: this.clock.iso(w.startTime)} : {}),
			...(w.inits.length ? {initContainerStatuses: w.inits.map(cs)} : {}),
			containerStatuses: w.ctrs.map(cs),
			qosClass: pod.status.qosClass,
		};
		return status;
	}

	private phase(w: Worker): PodStatus['phase'] {
		if (w.initIndex < w.inits.length) {
			const c = w.inits[w.initIndex]!;
			if (c.state === 'terminated' && c.exitCode !== 0 && (w.pod.spec.restartPolicy ?? 'Always') === 'Never') return 'Failed';
			return 'Pending';
		}
		const policy = w.pod.spec.restartPolicy ?? 'Always';
		let running = 0;
		let neverRan = 0;
		let restarting = 0;
		let failed = 0;
		let succeeded = 0;
		for (const c of w.ctrs) {
			if (c.state === 'running') running++;
			else if (c.state === 'waiting') (c.everStarted ? restarting++ : neverRan++);
			else if (c.exitCode === 0) succeeded++;
			else failed++;
		}
		const willRestart = (c: Ctr) => policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
		if (running || restarting) return 'Running';
		if (neverRan) return 'Pending';
		if (!w.terminating && w.ctrs.some(c => c.state === 'terminated' && willRestart(c))) return 'Running';
		if (failed) return 'Failed';
		return succeeded ? 'Succeeded' : 'Pending';
	}

	// ---------------------------------------------------------------- simulator powers and queries

	private worker(namespace: string, pod: string): Worker | undefined {
		return this.workers.get(`${namespace}/${pod}`);
	}

	private container(w: Worker, name?: string): Ctr | undefined {
		return name ? [...w.ctrs, ...w.inits].find(c => c.spec.name === name) : w.ctrs[0];
	}

	/** Makes a container's process die with `exitCode` (a crash). Returns false when not running. */
	crashContainer(namespace: string, pod: string, container?: string, exitCode = 1): boolean {
		const w = this.worker(namespace, pod);
		const c = w && this.container(w, container);
		if (!w || !c || c.state !== 'running') return false;
		this.logs.append(w.uid, c.spec.name, {time: this.clock.now(), text: `fatal: simulated crash (exit code ${exitCode})`, stream: 'stderr'});
		this.exited(w, c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
		return true;
	}

	/** Makes every probe of a container fail (true) or behave again (false). */
	setProbesFailing(namespace: string, pod: string, failing: boolean, container?: string): boolean {
		const w = this.worker(namespace, pod);
		if (!w) return false;
		const targets = container ? [this.container(w, container)].filter(Boolean) as Ctr[] : w.ctrs;
		for (const c of targets) c.probesFail = failing;
		return targets.length > 0;
	}

	/** Requests per second currently served by a pod (set by the traffic router). */
	setPodLoad(namespace: string, pod: string, rps: number): void {
		const w = this.worker(namespace, pod);
		if (w) w.rps = rps;
	}

	/** Serves requests: access-log lines for servers that write them. */
	serve(namespace: string, pod: string, requests: Array<{method: string; path: string; status: number; bytes: number; clientIP: string; userAgent: string; time: number}>): void {
		const w = this.worker(namespace, pod);
		if (!w || !this.agents.get(w.node)?.alive) return;
		for (const c of w.ctrs) {
			if (c.state !== 'running' || !c.profile?.accessLog || !c.ctx) continue;
			for (const r of requests) {
				const answer = c.profile.respond?.(r.method, r.path, c.ctx);
				const line = c.profile.accessLog(answer ? {...r, status: answer.status, bytes: answer.bytes} : r, c.ctx);
				if (line) this.logs.append(w.uid, c.spec.name, {time: r.time, text: line, stream: 'stdout'});
			}
			break;
		}
	}

	/** Current CPU (millicores) and memory (bytes) per container of a running pod. */
	usage(namespace: string, pod: string): Array<{name: string; cpuMilli: number; memoryBytes: number}> | undefined {
		const w = this.worker(namespace, pod);
		if (!w || !this.agents.get(w.node)?.alive) return undefined;
		const share = w.rps / Math.max(1, w.ctrs.length);
		return w.ctrs.map(c => {
			if (c.state !== 'running' || !c.profile) return {name: c.spec.name, cpuMilli: 0, memoryBytes: 0};
			const limit = milliCpu(c.spec.resources?.limits?.cpu);
			let cpu = c.cpuDemand + share * c.profile.cpuMilliPerRps;
			if (limit && cpu > limit) cpu = limit; // CFS throttling
			return {name: c.spec.name, cpuMilli: cpu, memoryBytes: this.memoryOf(w, c)};
		});
	}

	/** Checks memory against limits (OOM kills) — called on every metrics scrape. */
	enforceMemory(): void {
		for (const w of this.workers.values()) {
			if (!this.agents.get(w.node)?.alive) continue;
			for (const c of w.ctrs) if (c.state === 'running' && c.spec.resources?.limits?.memory) this.checkMemory(w, c);
		}
	}

	runningPods(): Iterable<{namespace: string; name: string; node: string}> {
		const out: Array<{namespace: string; name: string; node: string}> = [];
		for (const w of this.workers.values()) out.push({namespace: w.namespace, name: w.name, node: w.node});
		return out;
	}

	/** What a shell in the container would see: env, files, hostname. */
	processContext(namespace: string, pod: string, container?: string): ProcessContext | undefined {
		const w = this.worker(namespace, pod);
		const c = w && this.container(w, container);
		return c?.state === 'running' ? c.ctx : undefined;
	}
}

function nodeConditions(now: string, ready: boolean, previous?: any[]): any[] {
	const keep = (type: string) => previous?.find(c => c.type === type)?.lastTransitionTime ?? now;
	return [
		{type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: keep('MemoryPressure'), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available'},
		{type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: keep('DiskPressure'), reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure'},
		{type: 'PIDPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: keep('PIDPressure'), reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available'},
		ready
			? {type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status'}
			: {type: 'Ready', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletNotReady', message: 'container runtime is down'},
	];
}

const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
function orderConditions<T extends {type: string}>(list: T[]): T[] {
	const sorted = [...list].sort((a, b) => rank(a.type) - rank(b.type));
	return sorted.every((c, i) => c === list[i]) ? list : sorted;
}
function rank(t: string): number {
	const i = CONDITION_ORDER.indexOf(t);
	return i < 0 ? 99 : i;
}

/** ConfigMap data (and binaryData) or decoded Secret data. */
export function configData(obj: KObject): Record<string, string> {
	if (obj.kind === 'Secret') {
		const out: Record<string, string> = {};
		for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = Buffer.from(String(v), 'base64').toString('utf8');
		for (const [k, v] of Object.entries(obj.stringData ?? {})) out[k] = String(v);
		return out;
	}
	return {...(obj.data ?? {})};
}

function expandEnv(value: string, env: Record<string, string>): string {
	return value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) => env[name] ?? m);
}

function toKi(memory: string): string {
	return `${Math.round(bytes(memory) / 1024)}Ki`;
}

/** MicroTime as the API prints Lease renewTime. */
export function microTime(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000Z`;
}

function hex(rng: Rng, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
	return s;
}

function splitKey(key: string): [string, string] {
	const i = key.indexOf('/');
	return [key.slice(0, i), key.slice(i + 1)];
}
