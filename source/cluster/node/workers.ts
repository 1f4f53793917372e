// Pod workers: one per pod bound to a node. A worker sets up the pod's sandbox (its IP) and
// configuration, starts the init containers one by one and then the app containers, restarts a
// container whose image changed, and on deletion stops the containers gracefully before the
// pod object goes.
import {splitKey} from '../core/context.js';
import {keyOf} from '../store/store.js';
import type {Container, Pod} from '../types.js';
import type {Containers} from './containers.js';
import type {ContainerEnvironment} from './environment.js';
import {eventSource, heldWhileDown, journalOf, mainPath, newContainer, type KubeletContext, type NodeAgent, type PodWorker} from './state.js';
import {runtimeHandler} from './runtime.js';
import type {StatusManager} from './status.js';

/** How long a pod waits before trying its missing configuration (or sandbox) again. */
const CONFIG_RETRY_MS = 10_000;

export class PodWorkers {
	constructor(
		private readonly k: KubeletContext,
		private readonly status: StatusManager,
		private readonly environment: ContainerEnvironment,
		private readonly containers: Containers,
	) {}

	/** A watch event about a pod: start, update or forget its worker. */
	sync(type: string, pod: Pod): void {
		const key = keyOf(pod);
		const w = this.k.workers.get(key);
		if (type === 'DELETED') {
			if (w && w.uid === pod.metadata.uid) {
				journalOf(this.k, w)?.add(this.k.clock.now(), 'I', 'kubelet.go:2422', 'SyncLoop REMOVE', 'source', 'api', 'pods', [w.key]);
				this.kill(w);
			}
			return;
		}
		if (w && w.uid !== pod.metadata.uid) this.kill(w);
		const agent = pod.spec.nodeName ? this.k.agents.get(pod.spec.nodeName) : undefined;
		if (!agent) return;
		const worker = this.k.workers.get(key);
		if (!agent.alive) {
			agent.pendingWhileDown.add(key);
			if (worker) worker.pod = pod;
			return;
		}
		if (!worker) {
			if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
			if (pod.metadata.deletionTimestamp) this.finishDeletionSoon(pod);
			else this.create(pod, agent);
			return;
		}
		worker.pod = pod;
		if (pod.metadata.deletionTimestamp && !worker.terminating) this.terminate(worker, pod);
		else if (!pod.metadata.deletionTimestamp) {
			this.restartChanged(worker, pod);
			this.startEphemeral(worker, pod);
		}
	}

	/** Ephemeral containers added to a running pod start once each, beside its containers. */
	private startEphemeral(w: PodWorker, pod: Pod): void {
		const specs = (pod.spec.ephemeralContainers ?? []) as Container[];
		for (const spec of specs) {
			if (w.ephemerals.some(c => c.spec.name === spec.name)) continue;
			const c = {...newContainer(spec, false), ephemeral: true};
			w.ephemerals.push(c);
			this.status.markDirty(w);
			if (w.sandbox && !w.terminating) this.containers.launch(w, c);
		}
	}

	/** A deleted pod this kubelet never ran: nothing to stop. */
	private finishDeletionSoon(pod: Pod): void {
		this.k.clock.after(0, () => {
			const cur = this.k.store.get('Pod', pod.metadata.namespace, pod.metadata.name);
			if (cur && cur.metadata.uid === pod.metadata.uid) this.k.api.finishPodDeletion(cur);
		});
	}

	/** An image update restarts that container with the new image. */
	private restartChanged(w: PodWorker, pod: Pod): void {
		pod.spec.containers.forEach((spec, i) => {
			const c = w.ctrs[i];
			if (!c || c.spec.image === spec.image) return;
			this.k.events.record(pod, 'Normal', 'Killing', `Container ${spec.name} definition changed, will be restarted`, eventSource(w), mainPath(c));
			c.spec = spec;
			c.ref = undefined;
			this.containers.stop(c);
			this.containers.exited(w, c, 0, 'Completed', true);
		});
	}

	private create(pod: Pod, agent: NodeAgent): void {
		const w: PodWorker = {
			key: keyOf(pod),
			uid: pod.metadata.uid!,
			namespace: pod.metadata.namespace!,
			name: pod.metadata.name,
			node: agent.name,
			pod,
			inits: (pod.spec.initContainers ?? []).map(c => newContainer(c, true)),
			ctrs: pod.spec.containers.map(c => newContainer(c, false)),
			ephemerals: [],
			initIndex: 0,
			terminating: false,
			gone: false,
			flushScheduled: false,
			lastWritten: undefined,
			configBlocked: false,
			rps: 0,
			files: {},
			env: {},
		};
		if (w.inits.length) for (const c of w.ctrs) c.reason = 'PodInitializing';
		this.rebooted(w, pod);
		this.k.workers.set(w.key, w);
		agent.pods.add(w.key);
		agent.journal.add(this.k.clock.now(), 'I', 'kubelet.go:2412', 'SyncLoop ADD', 'source', 'api', 'pods', [w.key]);
		this.k.clock.after(0, () => this.setup(w));
	}

	/**
	 * A pod with container statuses but no worker ran on this node before its kubelet restarted
	 * (the cluster was restored from its state): its containers' processes are gone, so each
	 * that had started starts again with one restart more, the lost one reported as the
	 * runtime reports a container it lost track of (exit code 255, reason Unknown).
	 */
	private rebooted(w: PodWorker, pod: Pod): void {
		const previous = pod.status?.containerStatuses;
		if (!previous?.length) return;
		const now = this.k.clock.iso();
		for (const c of w.ctrs) {
			const p = previous.find(s => s.name === c.spec.name);
			const started = p?.state?.running?.startedAt ?? p?.state?.terminated?.startedAt;
			if (!p || started === undefined) continue;
			c.restartCount = (p.restartCount ?? 0) + 1;
			c.last = {terminated: {exitCode: 255, reason: 'Unknown', startedAt: started, finishedAt: now}};
		}
	}

	/** Sandbox, IP, config; then init containers or the app containers. */
	private setup(w: PodWorker): void {
		if (w.gone || w.terminating) return;
		const agent = this.k.agents.get(w.node)!;
		if (!w.sandbox && !this.createSandbox(w, agent)) return;
		if (!w.ip) {
			const ip = w.pod.spec.hostNetwork ? agent.hostIP : agent.podIPs.allocate();
			if (!ip) {
				const message = `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${agent.podIPs.range()}`;
				this.k.events.record(w.pod, 'Warning', 'FailedCreatePodSandBox', message, eventSource(w));
				this.retrySetupIn(w, CONFIG_RETRY_MS);
				return;
			}
			w.ip = ip;
			w.startTime = this.k.clock.now();
		}
		const problem = this.environment.resolve(w);
		if (problem) {
			w.configBlocked = true;
			if (problem.volume) {
				this.k.events.record(w.pod, 'Warning', 'FailedMount', problem.message, eventSource(w));
			} else {
				for (const c of [...w.inits, ...w.ctrs]) if (!c.everStarted) Object.assign(c, {reason: 'CreateContainerConfigError', message: problem.message});
				this.k.events.record(w.pod, 'Warning', 'Failed', `Error: ${problem.message}`, eventSource(w), `spec.containers{${w.ctrs[0]?.spec.name}}`);
			}
			this.retrySetupIn(w, CONFIG_RETRY_MS);
			return;
		}
		w.configBlocked = false;
		this.k.clock.cancel(w.configTimer);
		this.status.markDirty(w);
		if (w.inits.length && w.initIndex < w.inits.length) this.containers.launch(w, w.inits[w.initIndex]!);
		else for (const c of w.ctrs) if (!c.everStarted && c.state === 'waiting' && c.waitTimer === undefined) this.containers.launch(w, c);
	}

	/**
	 * The pod's sandbox (its pause container) with the runtime handler its RuntimeClass names;
	 * false, with a FailedCreatePodSandBox event and a retry, when the node's containerd has no
	 * such handler.
	 */
	private createSandbox(w: PodWorker, agent: NodeAgent): boolean {
		const now = this.k.clock.now();
		const className = w.pod.spec.runtimeClassName;
		const handler = runtimeHandler(className, name => this.k.store.get('RuntimeClass', undefined, name));
		let error: string | undefined;
		if (handler === undefined) error = `runtimeclass.node.k8s.io "${className}" not found`;
		else if (handler && !agent.handlers.includes(handler)) error = `rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "${handler}" is configured`;
		if (error !== undefined) {
			agent.journal.add(now, 'E', 'kuberuntime_sandbox.go:72', 'Failed to create sandbox for pod', 'err', error, 'pod', w.key);
			this.k.events.record(w.pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${error}`, eventSource(w));
			this.retrySetupIn(w, CONFIG_RETRY_MS);
			return false;
		}
		w.sandbox = {created: now, pid: agent.pidNext++, ns: agent.nsNext, handler: handler ?? ''};
		agent.nsNext += 5;
		return true;
	}

	private retrySetupIn(w: PodWorker, ms: number): void {
		this.status.markDirty(w);
		this.k.clock.cancel(w.configTimer);
		w.configTimer = this.k.clock.after(ms, () => this.setup(w));
	}

	/** A ConfigMap or Secret changed: pods of its namespace waiting for configuration try again now. */
	retryConfigIn(namespace: string | undefined): void {
		for (const w of this.k.workers.values()) {
			if (w.configBlocked && w.namespace === namespace && this.k.agents.get(w.node)?.alive) {
				this.k.clock.cancel(w.configTimer);
				w.configTimer = this.k.clock.after(0, () => this.setup(w));
			}
		}
	}

	/** Graceful deletion: SIGTERM to the running containers, then the pod goes when the last has stopped. */
	terminate(w: PodWorker, pod: Pod): void {
		w.terminating = true;
		this.k.clock.cancel(w.configTimer);
		const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
		let longest = 0;
		const journal = journalOf(this.k, w);
		journal?.add(this.k.clock.now(), 'I', 'kubelet.go:2428', 'SyncLoop DELETE', 'source', 'api', 'pods', [w.key]);
		for (const c of [...w.inits, ...w.ctrs]) {
			this.k.clock.cancel(c.waitTimer);
			c.waitTimer = undefined;
			if (c.state !== 'running') {
				if (c.state === 'waiting') c.reason = c.everStarted ? c.reason : 'ContainerCreating';
				continue;
			}
			this.k.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.spec.name}`, eventSource(w), mainPath(c));
			journal?.add(this.k.clock.now(), 'I', 'kuberuntime_container.go:809', 'Killing container with a grace period', 'pod', w.key, 'podUID', w.uid, 'containerName', c.spec.name, 'containerID', c.containerID ?? '', 'gracePeriod', grace / 1000);
			const stop = this.containers.halt(w, c, grace);
			longest = Math.max(longest, stop.delay);
			this.containers.exitAfter(w, c, stop);
		}
		this.status.markDirty(w);
		this.k.clock.after(longest, () => this.finishTermination(w));
	}

	private finishTermination(w: PodWorker): void {
		if (w.gone || heldWhileDown(this.k, w)) return;
		// the stopped containers' exits and the pod's terminal phase reach the API server first
		this.status.flushNow(w);
		const pod = this.k.store.get('Pod', w.namespace, w.name);
		this.kill(w);
		if (pod && pod.metadata.uid === w.uid) {
			this.k.api.finishPodDeletion(pod);
			journalOf(this.k, w)?.add(this.k.clock.now(), 'I', 'kubelet.go:2422', 'SyncLoop REMOVE', 'source', 'api', 'pods', [w.key]);
		}
	}

	/** Forgets a pod at once (force deletion, or after termination). */
	kill(w: PodWorker): void {
		if (w.gone) return;
		w.gone = true;
		for (const c of [...w.inits, ...w.ctrs]) this.containers.stop(c);
		// the pod's emptyDir volumes go with it; its claims keep their files
		for (const key of [...this.k.volumeFiles.keys()]) if (key.startsWith(`pod:${w.uid}/`)) this.k.volumeFiles.delete(key);
		this.k.clock.cancel(w.configTimer);
		const agent = this.k.agents.get(w.node);
		if (agent && w.ip && !w.pod.spec.hostNetwork) agent.podIPs.release(w.ip);
		this.k.workers.delete(w.key);
		agent?.pods.delete(w.key);
		this.k.logs.drop(w.uid);
	}

	/** The kubelet is back: it reports what it held back and catches up with its pods. */
	resume(agent: NodeAgent): void {
		const pending = [...agent.pendingWhileDown];
		agent.pendingWhileDown.clear();
		for (const key of pending) {
			const w = this.k.workers.get(key);
			if (w) this.status.markDirty(w);
			else {
				const [ns, name] = splitKey(key);
				const pod = this.k.store.get<Pod>('Pod', ns, name);
				if (pod) this.sync('MODIFIED', pod);
			}
		}
		for (const key of agent.pods) {
			const w = this.k.workers.get(key);
			if (!w) continue;
			const pod = this.k.store.get<Pod>('Pod', w.namespace, w.name);
			if (!pod || pod.metadata.uid !== w.uid) this.kill(w);
			else if (pod.metadata.deletionTimestamp && !w.terminating) this.terminate(w, pod);
			else this.status.markDirty(w);
		}
	}
}
