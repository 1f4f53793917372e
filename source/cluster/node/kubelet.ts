// The kubelets of every node, behind one facade. Each node's kubelet registers its Node and
// Lease, heartbeats, and runs the pods bound to it through its parts: pod workers (sandbox,
// config, termination), containers (start, restart with CrashLoopBackOff, OOM kills), the image
// manager, the prober and the status manager. The rest of the simulator talks only to Kubelets.
import type {ApiServer} from '../api/apiserver.js';
import type {Clock} from '../clock.js';
import type {EventRecorder} from '../events.js';
import type {Rng} from '../core/rng.js';
import {NodeIpam, PodAddressPool} from '../core/ipam.js';
import {milliCpu} from '../core/quantity.js';
import type {Store} from '../store/store.js';
import type {KObject, Pod} from '../types.js';
import type {ProcessContext, Request} from '../apps/types.js';
import {Containers} from './containers.js';
import {ContainerEnvironment} from './environment.js';
import {bootImageStore, statusImages} from './images.js';
import {createLease, renewLease, startHeartbeat, stopHeartbeat} from './leases.js';
import {LogStore} from './logs.js';
import {nodeConditions, nodeObject, reportedRuntimeHandlers, type NodeSpecInput} from './registration.js';
import {Journal, kubeletPid} from './journal.js';
import {fnv1a} from '../core/rng.js';
import {JournaledEvents, SOURCE, type ContainerRecord, type KubeletContext, type NodeAgent, type PodWorker} from './state.js';
import {StatusManager} from './status.js';
import {PodWorkers} from './workers.js';
import {containerRuntimeInfo, type ContainerRuntimeInfo} from './runtime.js';
import type {ImageRow} from './images.js';
import type {JournalQuery} from './journal.js';
import {fakeDigest} from '../apps/index.js';
import {NO_TALLY, type Tally} from '../core/tally.js';

export type {NodeSpecInput} from './registration.js';

export class Kubelets {
	readonly logs: LogStore;
	kubernetesVersion = 'v1.32.2';
	private readonly k: KubeletContext;
	private readonly containers: Containers;
	private readonly pods: PodWorkers;
	/** Nodes registered so far (removed ones included): the next node's registration index. */
	private registered = 0;
	/** Where each node's kubelet counts the image pulls it starts (given before nodes register). */
	pullTally: (node: string) => Tally = () => NO_TALLY;

	/** `ipam` hands out the nodes' addresses; size its cluster CIDR for the nodes to come. */
	constructor(
		api: ApiServer,
		store: Store,
		clock: Clock,
		rng: Rng,
		events: EventRecorder,
		logCapacity = 5000,
		private readonly ipam = new NodeIpam(),
		/** Entries each node's kubelet journal keeps. */
		private readonly journalCapacity = 200,
	) {
		this.logs = new LogStore(logCapacity);
		const agents = new Map<string, NodeAgent>();
		this.k = {api, store, clock, rng, events: new JournaledEvents(events, clock, agents), logs: this.logs, agents, workers: new Map(), fullVolumes: new Map(), volumeFiles: new Map()};
		const status = new StatusManager(this.k);
		const environment = new ContainerEnvironment(this.k);
		this.containers = new Containers(this.k, status, environment);
		this.pods = new PodWorkers(this.k, status, environment, this.containers);
		store.watch('Pod', (type, pod) => this.pods.sync(type, pod as Pod));
		const retryConfig = (_: string, obj: KObject) => this.pods.retryConfigIn(obj.metadata.namespace);
		store.watch('ConfigMap', retryConfig);
		store.watch('Secret', retryConfig);
		store.watch('Service', () => environment.servicesChanged());
	}

	// ---------------------------------------------------------------- nodes

	/** Registers a node the way kubelet does at start: the Node object and its Lease. */
	addNode(spec: NodeSpecInput): KObject {
		const k = this.k;
		const index = this.registered++;
		const addresses = spec.addresses ?? this.ipam.node(index);
		const images = bootImageStore(spec.providerID);
		const fresh = nodeObject(spec, addresses, k.rng, this.kubernetesVersion, k.clock.iso());
		(fresh.status as {images?: unknown}).images = statusImages(images);
		const node = k.api.create<KObject>(fresh, {trusted: true});
		const agent: NodeAgent = {
			name: spec.name,
			index,
			alive: true,
			hostIP: addresses.hostIP,
			images,
			podIPs: new PodAddressPool(addresses.podCIDR),
			pods: new Set(),
			pendingWhileDown: new Set(),
			journal: new Journal(spec.name, kubeletPid(spec.name, fnv1a), this.journalCapacity),
			handlers: spec.runtimeHandlers ?? ['runc'],
			// the namespaces and processes of the boot come first
			nsNext: 4026532160,
			pidNext: 2000 + (fnv1a(spec.name) % 1000),
			pullsInFlight: 0,
			pulls: this.pullTally(spec.name),
		};
		k.agents.set(spec.name, agent);
		agent.journal.add(k.clock.now(), 'I', 'kubelet_node_status.go:75', 'Attempting to register node', 'node', spec.name);
		agent.journal.add(k.clock.now(), 'I', 'kubelet_node_status.go:78', 'Successfully registered node', 'node', spec.name);
		createLease(k, node);
		startHeartbeat(k, agent);
		return node;
	}

	/**
	 * A node that was registered before the cluster was stopped boots again: its kubelet starts
	 * with the Node and Lease already in storage, renews the Lease, and runs again the pods bound
	 * to it (what a real machine's reboot does). The image cache
	 * and the containers' processes were not kept: images are pulled again and containers start
	 * anew, each counting one more restart.
	 */
	adoptNode(node: KObject): void {
		const k = this.k;
		const name = node.metadata.name;
		const index = this.registered++;
		const n = node as unknown as {spec?: {podCIDR?: string}; status?: {addresses?: Array<{type: string; address: string}>}};
		const addresses = n.status?.addresses ?? [];
		const hostIP = addresses.find(a => a.type === 'InternalIP')?.address ?? this.ipam.node(index).hostIP;
		const podCIDR = n.spec?.podCIDR ?? this.ipam.node(index).podCIDR;
		const agent: NodeAgent = {
			name,
			index,
			alive: true,
			hostIP,
			images: bootImageStore((node as {spec?: {providerID?: string}}).spec?.providerID),
			podIPs: new PodAddressPool(podCIDR),
			pods: new Set(),
			pendingWhileDown: new Set(),
			// a new boot: a new journal, namespaces and PIDs from the start; containerd keeps the
			// runtime handlers it was configured with, as the Node reported them
			journal: new Journal(name, kubeletPid(name, fnv1a), this.journalCapacity),
			handlers: reportedRuntimeHandlers(node) ?? ['runc'],
			nsNext: 4026532160,
			pidNext: 2000 + (fnv1a(name) % 1000),
			pullsInFlight: 0,
			pulls: this.pullTally(name),
		};
		k.agents.set(name, agent);
		startHeartbeat(k, agent);
		// the kubelet lists the pods bound to its node and runs them
		for (const pod of k.store.indexed('Pod', name) as Pod[]) this.pods.sync('ADDED', pod);
	}

	/** The network plugin is up: the node reports Ready (its not-ready taint follows). */
	markReady(name: string): void {
		const k = this.k;
		const node = k.store.get('Node', undefined, name);
		if (!node) return;
		const taints = (node.spec?.taints ?? []).filter(t => t.key !== 'node.kubernetes.io/not-ready');
		const spec: Record<string, unknown> = {...node.spec, taints};
		if (!taints.length) delete spec.taints;
		const updated = k.api.replace(node, {...node, metadata: {...node.metadata}, spec});
		k.api.setStatus(updated, {...updated.status, conditions: nodeConditions(k.clock.iso(), updated.status?.conditions)});
		k.events.record(updated, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, {component: SOURCE, host: name});
	}

	/**
	 * The machine is gone: its kubelet stops, and the Node goes with every pod still bound to it
	 * (what the cloud node controller and the pod garbage collector do for a terminated instance).
	 */
	removeNode(name: string): void {
		const k = this.k;
		const agent = k.agents.get(name);
		if (agent) {
			agent.alive = false;
			stopHeartbeat(k, agent);
		}
		for (const pod of k.store.indexed('Pod', name) as Pod[]) {
			const cur = k.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
			if (cur) k.api.finishPodDeletion(cur);
		}
		if (k.store.get('Node', undefined, name)) k.api.delete('Node', undefined, name);
		k.agents.delete(name);
	}

	/** What a node's kubelet and container runtime hold now: pods, containers running, image pulls in flight. */
	runtime(node: string): {pods: number; running: number; pullsInFlight: number; images: number} | undefined {
		const agent = this.k.agents.get(node);
		if (!agent) return undefined;
		let running = 0;
		for (const key of agent.pods) {
			const w = this.k.workers.get(key);
			if (w) for (const c of [...w.inits, ...w.ctrs]) if (c.state === 'running') running++;
		}
		return {pods: agent.pods.size, running, pullsInFlight: agent.pullsInFlight, images: agent.images.list().length};
	}

		hostIP(node: string): string | undefined {
		return this.k.agents.get(node)?.hostIP;
	}

	isAlive(node: string): boolean {
		return this.k.agents.get(node)?.alive ?? false;
	}

	/** Stops the node's kubelet: no heartbeats, no status updates (a crashed or partitioned node). */
	failNode(name: string): void {
		const agent = this.k.agents.get(name);
		if (!agent || !agent.alive) return;
		agent.alive = false;
		stopHeartbeat(this.k, agent);
	}

	/** Starts the kubelet again: it renews the lease, reports Ready and catches up with its pods. */
	recoverNode(name: string): void {
		const k = this.k;
		const agent = k.agents.get(name);
		if (!agent || agent.alive) return;
		agent.alive = true;
		const node = k.store.get('Node', undefined, name);
		if (node) {
			k.api.setStatus(node, {...node.status, conditions: nodeConditions(k.clock.iso(), node.status?.conditions)});
			renewLease(k, name);
			k.events.record(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, {component: SOURCE, host: name});
		}
		startHeartbeat(k, agent);
		this.pods.resume(agent);
	}

	// ---------------------------------------------------------------- simulator powers and queries

	private worker(namespace: string, pod: string): PodWorker | undefined {
		return this.k.workers.get(`${namespace}/${pod}`);
	}

	/** A worker whose node's kubelet is up. */
	private liveWorker(namespace: string, pod: string): PodWorker | undefined {
		const w = this.worker(namespace, pod);
		return w && this.isAlive(w.node) ? w : undefined;
	}

	private container(w: PodWorker, name?: string): ContainerRecord | undefined {
		return name ? [...w.ctrs, ...w.inits, ...w.ephemerals].find(c => c.spec.name === name) : w.ctrs[0];
	}

	/** Makes a container's process die with `exitCode` (a crash). Returns false when not running. */
	crashContainer(namespace: string, pod: string, container?: string, exitCode = 1): boolean {
		const w = this.worker(namespace, pod);
		const c = w && this.container(w, container);
		if (!w || !c || c.state !== 'running') return false;
		this.logs.append(w.uid, c.spec.name, {time: this.k.clock.now(), text: `fatal: simulated crash (exit code ${exitCode})`, stream: 'stderr'});
		this.containers.exited(w, c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
		return true;
	}

	/**
	 * Ends a container's process with `exitCode`, as its own exit would (an attached shell that
	 * ran `exit`, or read the end of its stdin). Returns false when not running.
	 */
	endProcess(namespace: string, pod: string, container: string | undefined, exitCode: number): boolean {
		const w = this.worker(namespace, pod);
		const c = w && this.container(w, container);
		if (!w || !c || c.state !== 'running') return false;
		this.containers.exited(w, c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
		return true;
	}

	/** Makes every probe of a container fail (true) or behave again (false). */
	setProbesFailing(namespace: string, pod: string, failing: boolean, container?: string): boolean {
		const w = this.worker(namespace, pod);
		if (!w) return false;
		const targets = container ? ([this.container(w, container)].filter(Boolean) as ContainerRecord[]) : w.ctrs;
		for (const c of targets) c.probesFail = failing;
		return targets.length > 0;
	}

	/**
	 * Fills a claim's volume: the containers that mount it cannot write, so their probes fail
	 * (HTTP 507) until the claim's capacity is more than what was written. Returns the containers told.
	 */
	fillVolume(namespace: string, claim: string, writtenBytes: number): number {
		this.k.fullVolumes.set(`${namespace}/${claim}`, writtenBytes);
		let told = 0;
		for (const w of this.k.workers.values()) {
			if (w.namespace !== namespace) continue;
			const volumes = new Set((w.pod.spec.volumes ?? []).filter(v => v.persistentVolumeClaim?.claimName === claim).map(v => v.name));
			if (!volumes.size) continue;
			for (const c of w.ctrs) {
				const mount = (c.spec.volumeMounts ?? []).find(m => volumes.has(m.name));
				if (!mount || c.state !== 'running') continue;
				this.logs.append(w.uid, c.spec.name, {time: this.k.clock.now(), text: `write ${mount.mountPath}/data: no space left on device`, stream: 'stderr'});
				told++;
			}
		}
		return told;
	}

	/** Requests per second currently served by a pod (set by the traffic router). */
	setPodLoad(namespace: string, pod: string, rps: number): void {
		const w = this.worker(namespace, pod);
		if (w) w.rps = rps;
	}

	/** The executables containers' own processes get for the pod network (wget, nslookup...): set by whoever attaches one. */
	setTools(tools: KubeletContext['tools']): void {
		this.k.tools = tools;
	}

	/** Serves requests: counted for the pod's load, and access-log lines for servers that write them. */
	serve(namespace: string, pod: string, requests: Request[]): void {
		const w = this.liveWorker(namespace, pod);
		if (!w) return;
		for (const r of requests) {
			const second = Math.floor(r.time / 1000);
			const s = (w.served ??= {second, count: 0, last: 0});
			if (s.second !== second) {
				s.last = s.second === second - 1 ? s.count : 0;
				s.second = second;
				s.count = 0;
			}
			s.count++;
		}
		const c = w.ctrs.find(c => c.state === 'running' && c.profile?.accessLog && c.ctx);
		if (!c) return;
		const profile = c.profile!;
		for (const r of requests) {
			const answer = profile.respond?.(r.method, r.path, c.ctx!);
			const line = profile.accessLog!(answer ? {...r, status: answer.status, bytes: answer.bytes} : r, c.ctx!);
			if (line) this.logs.append(w.uid, c.spec.name, {time: r.time, text: line, stream: 'stdout'});
		}
	}

	/** Requests a second the pod answered from the pod network, over the last whole second. */
	private servedRate(w: PodWorker): number {
		const s = w.served;
		if (!s) return 0;
		const now = Math.floor(this.k.clock.now() / 1000);
		return s.second === now ? s.last : s.second === now - 1 ? s.count : 0;
	}

	/** Current CPU (millicores) and memory (bytes) per container of a running pod. */
	usage(namespace: string, pod: string): Array<{name: string; cpuMilli: number; memoryBytes: number}> | undefined {
		const w = this.liveWorker(namespace, pod);
		if (!w) return undefined;
		const share = (w.rps + this.servedRate(w)) / Math.max(1, w.ctrs.length);
		return w.ctrs.map(c => {
			if (c.state !== 'running' || !c.profile) return {name: c.spec.name, cpuMilli: 0, memoryBytes: 0};
			const limit = milliCpu(c.spec.resources?.limits?.cpu);
			let cpu = c.cpuDemand + share * c.profile.cpuMilliPerRps;
			if (limit && cpu > limit) cpu = limit; // CFS throttling
			return {name: c.spec.name, cpuMilli: cpu, memoryBytes: this.containers.memoryOf(w, c)};
		});
	}

	/** Checks memory against limits (OOM kills) — called on every metrics scrape. */
	enforceMemory(): void {
		for (const w of this.k.workers.values()) {
			if (!this.isAlive(w.node)) continue;
			for (const c of w.ctrs) if (c.state === 'running' && c.spec.resources?.limits?.memory) this.containers.checkMemory(w, c);
		}
	}

	runningPods(): Iterable<{namespace: string; name: string; node: string}> {
		const out: Array<{namespace: string; name: string; node: string}> = [];
		for (const w of this.k.workers.values()) out.push({namespace: w.namespace, name: w.name, node: w.node});
		return out;
	}

	/** Under a container: its runtime chain, OCI states, namespaces, cgroup and image layers. */
	runtimeInfo(namespace: string, pod: string, container?: string): ContainerRuntimeInfo | undefined {
		const w = this.worker(namespace, pod);
		const c = w && this.container(w, container);
		const agent = w && this.k.agents.get(w.node);
		if (!w || !c || !agent) return undefined;
		return containerRuntimeInfo(w, c, agent, this.k.store.get('Node', undefined, w.node), fakeDigest);
	}

	/** A node's image store, as `crictl images` lists it, with each image's shared and unique bytes. */
	nodeImages(node: string): {images: ImageRow[]; diskBytes: number} | undefined {
		const agent = this.k.agents.get(node);
		return agent && {images: agent.images.rows(), diskBytes: agent.images.diskBytes()};
	}

	/** A node's kubelet journal as journalctl prints it; undefined for a node this cluster has no kubelet on. */
	journal(node: string, q: JournalQuery = {}): string[] | undefined {
		return this.k.agents.get(node)?.journal.lines(q);
	}

	/** What a shell in the container would see: env, files, hostname. */
	processContext(namespace: string, pod: string, container?: string): ProcessContext | undefined {
		const w = this.worker(namespace, pod);
		const c = w && this.container(w, container);
		return c?.state === 'running' ? c.ctx : undefined;
	}
}
