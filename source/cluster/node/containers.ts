// Container lifecycle: create and start a container (after its image is on the node), run its
// simulated process, record its exit, restart it per restartPolicy with CrashLoopBackOff,
// stop it with SIGTERM and a grace period, and OOM-kill it over its memory limit.
import {containerFiles, type VolumeMount} from './volumes.js';
import type {Step} from '../apps/types.js';
import {bytes} from '../core/quantity.js';
import type {ContainerEnvironment} from './environment.js';
import {ImageManager} from './images.js';
import {Probes} from './probes.js';
import {BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, containerPath, eventSource, goDuration, journalOf, mainPath, type ContainerRecord, type KubeletContext, type PodWorker} from './state.js';
import {Raw} from './journal.js';
import type {StatusManager} from './status.js';

/** A container that ran this long starts its back-off from 10 s again. */
const BACKOFF_RESET_MS = 10 * 60_000;
/** Steps a process may take in one instant before it yields to the clock. */
const MAX_OUTPUT_PER_RUN = 2000;

/** How a stopping process ends: after `delay` ms, with an exit code. */
export interface Stop {
	delay: number;
	code: number;
	reason: string;
}

export class Containers {
	readonly images: ImageManager;
	readonly probes: Probes;

	constructor(
		private readonly k: KubeletContext,
		private readonly status: StatusManager,
		private readonly environment: ContainerEnvironment,
	) {
		this.images = new ImageManager(k, status, (w, c) => this.start(w, c));
		this.probes = new Probes(k, status, (w, c) => this.restartUnhealthy(w, c));
	}

	/** Gets the container's image, then starts it. */
	launch(w: PodWorker, c: ContainerRecord): void {
		this.images.ensure(w, c);
	}

	private launchAfter(w: PodWorker, c: ContainerRecord, ms: number): void {
		c.waitTimer = this.k.clock.after(ms, () => {
			c.waitTimer = undefined;
			this.launch(w, c);
		});
	}

	/** Creates and starts the container: its ID, environment, files and process. */
	private start(w: PodWorker, c: ContainerRecord): void {
		if (w.gone || w.terminating) return;
		const clock = this.k.clock;
		const profile = c.profile!;
		const ref = c.ref!;
		c.imageID = `${ref.fullName.replace(/:[^:/]+$/, '')}@${profile.digest(ref.tag)}`;
		c.containerID = `containerd://${this.k.rng.hex(64)}`;
		const agent = this.k.agents.get(w.node)!;
		// runtime create (creating, then created) and start (running), in the same instant here
		c.oci = {created: clock.now(), running: clock.now(), pid: agent.pidNext++, ns: agent.nsNext};
		agent.nsNext += 3;
		this.k.events.record(w.pod, 'Normal', 'Created', `Created container: ${c.spec.name}`, eventSource(w), containerPath(c));
		this.k.events.record(w.pod, 'Normal', 'Started', `Started container ${c.spec.name}`, eventSource(w), containerPath(c));
		if (c.everStarted) c.restartCount++;
		c.everStarted = true;
		Object.assign(c, {state: 'running', reason: '', message: undefined, startedAt: clock.now(), ready: false, stopping: false, liveFails: 0, readyFails: 0, readyOks: 0, startupFails: 0, memoryDemand: 0});
		c.started = !c.spec.startupProbe;
		this.pleg(w, c, 'ContainerStarted');
		this.k.logs.start(w.uid, c.spec.name, c.restartCount);
		w.env = this.environment.env(w, c.spec);
		c.ctx = {
			command: c.spec.command,
			args: c.spec.args,
			env: w.env,
			hostname: w.pod.spec.hostname ?? w.name,
			podName: w.name,
			namespace: w.namespace,
			podIP: w.ip ?? '',
			startedAt: clock.now(),
			rng: this.k.rng,
			files: containerFiles({...w.files}, this.sharedMounts(w, c)),
			ports: (c.spec.ports ?? []).map(p => p.containerPort),
			stdin: c.spec.stdin === true,
			tools: this.k.tools?.(w.namespace, w.name, c.spec.name),
		};
		const startError = profile.startError?.(c.ctx);
		if (startError) {
			this.k.logs.append(w.uid, c.spec.name, {time: clock.now(), text: startError, stream: 'stderr'});
			this.exited(w, c, 128, 'StartError');
			return;
		}
		c.listening = profile.listen ? profile.listen(c.ctx) : {ports: profile.ports, afterMs: profile.startupMs};
		c.memoryDemand = profile.memoryDemand ? profile.memoryDemand(c.ctx) : profile.memoryBytes;
		c.cpuDemand = profile.cpuDemand ? profile.cpuDemand(c.ctx) : profile.idleCpuMilli;
		if (c.spec.resources?.limits?.memory) clock.after(1000, () => this.checkMemory(w, c));
		c.proc = profile.run(c.ctx);
		if (!c.init) {
			if (!c.spec.readinessProbe && c.started) c.ready = true;
			this.probes.start(w, c);
		}
		this.status.markDirty(w);
		this.step(w, c);
	}

	/** Runs the process until it sleeps or exits. */
	private step(w: PodWorker, c: ContainerRecord): void {
		c.stepTimer = undefined;
		if (w.gone || c.state !== 'running' || c.stopping || !c.proc) return;
		const clock = this.k.clock;
		for (let n = 0; n < MAX_OUTPUT_PER_RUN; n++) {
			const r = c.proc.next();
			if (r.done) {
				this.exited(w, c, 0, 'Completed');
				return;
			}
			const s = r.value;
			if ('out' in s) {
				this.k.logs.append(w.uid, c.spec.name, {time: clock.now(), text: s.out, stream: s.stream ?? 'stdout'});
			} else if ('sleep' in s) {
				if (s.sleep === Infinity || s.sleep > 1e12) return;
				c.stepTimer = clock.after(Math.max(1, s.sleep), () => this.step(w, c));
				return;
			} else if ('exit' in s) {
				this.exited(w, c, s.exit, s.exit === 0 ? 'Completed' : 'Error');
				return;
			}
		}
		c.stepTimer = clock.after(1, () => this.step(w, c));
	}

	/** The container's mounts of the pod's emptyDir volumes and claims, each over its volume's files. */
	private sharedMounts(w: PodWorker, c: ContainerRecord): VolumeMount[] {
		const stores = new Map<string, string>();
		for (const v of w.pod.spec.volumes ?? []) {
			if (v.persistentVolumeClaim?.claimName) stores.set(v.name, `claim:${w.namespace}/${v.persistentVolumeClaim.claimName}`);
			else if (v.emptyDir) stores.set(v.name, `pod:${w.uid}/${v.name}`);
		}
		const out: VolumeMount[] = [];
		for (const m of c.spec.volumeMounts ?? []) {
			const key = stores.get(m.name);
			if (!key) continue;
			let store = this.k.volumeFiles.get(key);
			if (!store) this.k.volumeFiles.set(key, (store = {}));
			out.push({at: m.mountPath.replace(/\/+$/, ''), sub: m.subPath ? `${m.subPath.replace(/\/+$/, '')}/` : '', store});
		}
		return out;
	}

	/** Ends the process and every timer of the container at once. */
	stop(c: ContainerRecord): void {
		const clock = this.k.clock;
		clock.cancel(c.stepTimer);
		c.stepTimer = undefined;
		this.probes.stop(c);
		clock.cancel(c.waitTimer);
		c.waitTimer = undefined;
		c.proc = undefined;
	}

	/** A container ended: record it, then go on per restartPolicy (the next init container, or a restart with back-off). */
	exited(w: PodWorker, c: ContainerRecord, code: number, reason: string, immediateRestart = false): void {
		if (c.state !== 'running' && !immediateRestart) return;
		const clock = this.k.clock;
		const now = clock.now();
		this.stop(c);
		const ranMs = now - c.startedAt;
		const terminated = {exitCode: code, reason, startedAt: clock.iso(c.startedAt), finishedAt: clock.iso(now), containerID: c.containerID};
		if (c.oci) c.oci.stopped = now;
		this.pleg(w, c, 'ContainerDied');
		Object.assign(c, {state: 'terminated', reason, exitCode: code, finishedAt: now, ready: false, started: false});
		c.last = {terminated};
		this.status.markDirty(w);
		if (w.terminating || w.gone || c.ephemeral) return;
		const policy = w.pod.spec.restartPolicy ?? 'Always';
		if (c.init && code === 0) {
			this.initDone(w);
			return;
		}
		const restart = c.init ? policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && code !== 0);
		if (!restart) return;
		if (immediateRestart) this.launch(w, c);
		else this.restartWithBackOff(w, c, ranMs);
	}

	/** The current init container succeeded: start the next one, or the app containers. */
	private initDone(w: PodWorker): void {
		w.initIndex++;
		if (w.initIndex < w.inits.length) {
			this.launch(w, w.inits[w.initIndex]!);
			return;
		}
		for (const m of w.ctrs) if (m.reason === 'PodInitializing') m.reason = 'ContainerCreating';
		for (const m of w.ctrs) this.launch(w, m);
	}

	/** Restarts at once after a first crash, then waits 10 s, 20 s, 40 s... (CrashLoopBackOff). */
	private restartWithBackOff(w: PodWorker, c: ContainerRecord, ranMs: number): void {
		if (ranMs >= BACKOFF_RESET_MS) c.backoffMs = 0;
		if (c.backoffMs === 0) {
			c.backoffMs = BACKOFF_INITIAL_MS;
			this.launchAfter(w, c, 0);
			return;
		}
		const delay = c.backoffMs;
		c.backoffMs = Math.min(c.backoffMs * 2, BACKOFF_MAX_MS);
		c.waitTimer = this.k.clock.after(1, () => {
			if (w.gone || w.terminating) return;
			const message = `back-off ${goDuration(delay).replace(/\.0+s$/, 's')} restarting failed container=${c.spec.name} pod=${w.name}_${w.namespace}(${w.uid})`;
			Object.assign(c, {state: 'waiting', reason: 'CrashLoopBackOff', message});
			const err = `failed to "StartContainer" for "${c.spec.name}" with CrashLoopBackOff: ${JSON.stringify(message)}`;
			journalOf(this.k, w)?.add(this.k.clock.now(), 'E', 'pod_workers.go:1301', 'Error syncing pod, skipping', 'err', err, 'pod', w.key, 'podUID', w.uid);
			this.k.events.record(w.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${w.name}_${w.namespace}(${w.uid})`, eventSource(w), mainPath(c));
			this.status.markDirty(w);
			this.launchAfter(w, c, delay - 1);
		});
	}

	/** Stops a container that failed its liveness or startup probe, for a restart. */
	private restartUnhealthy(w: PodWorker, c: ContainerRecord): void {
		const grace = w.pod.spec.terminationGracePeriodSeconds ?? 30;
		journalOf(this.k, w)?.add(this.k.clock.now(), 'I', 'kuberuntime_container.go:809', 'Killing container with a grace period', 'pod', w.key, 'podUID', w.uid, 'containerName', c.spec.name, 'containerID', c.containerID ?? '', 'gracePeriod', grace);
		const stop = this.halt(w, c, grace * 1000);
		this.status.markDirty(w);
		this.exitAfter(w, c, stop);
	}

	/** Sends SIGTERM to a running container: no more probes or steps; says how its process will end. */
	halt(w: PodWorker, c: ContainerRecord, graceMs: number): Stop {
		c.stopping = true;
		c.ready = false;
		this.probes.stop(c);
		this.k.clock.cancel(c.stepTimer);
		return this.sigterm(w, c, graceMs);
	}

	/** Records the exit of a halted container once its process has ended. */
	exitAfter(w: PodWorker, c: ContainerRecord, stop: Stop): void {
		c.waitTimer = this.k.clock.after(stop.delay, () => {
			c.waitTimer = undefined;
			c.stopping = false;
			this.exited(w, c, stop.code, stop.reason);
		});
	}

	/** The process's own shutdown (log lines, time, exit code), or SIGKILL after the grace period. */
	private sigterm(w: PodWorker, c: ContainerRecord, graceMs: number): Stop {
		const now = this.k.clock.now();
		const steps: Step[] = c.profile?.onSigterm && c.ctx ? c.profile.onSigterm(c.ctx, now) : c.listening?.ports.length ? [{sleep: c.profile?.shutdownMs ?? 100}, {exit: 0}] : [];
		let t = 0;
		for (const step of steps) {
			if ('out' in step) this.k.logs.append(w.uid, c.spec.name, {time: now + t, text: step.out, stream: step.stream ?? 'stdout'});
			else if ('sleep' in step) t += step.sleep;
			else if ('exit' in step) {
				if (t > graceMs) break;
				return {delay: t, code: step.exit, reason: step.exit === 0 ? 'Completed' : 'Error'};
			}
		}
		return {delay: graceMs, code: graceMs === 0 ? 0 : 137, reason: graceMs === 0 ? 'Completed' : 'Error'};
	}

	/** OOM-kills the container when it uses more memory than its limit. */
	checkMemory(w: PodWorker, c: ContainerRecord): void {
		const limit = bytes(c.spec.resources?.limits?.memory);
		if (!limit || c.state !== 'running') return;
		if (this.memoryOf(w, c) > limit) {
			this.k.logs.append(w.uid, c.spec.name, {time: this.k.clock.now(), text: 'Killed', stream: 'stderr'});
			this.oomEvent(w, c);
			this.exited(w, c, 137, 'OOMKilled');
		}
	}

	/** The PLEG's relist saw the container start or die. */
	private pleg(w: PodWorker, c: ContainerRecord, type: 'ContainerStarted' | 'ContainerDied'): void {
		const event = {ID: w.uid, Type: type, Data: (c.containerID ?? '').replace(/^[a-z]+:\/\//, '')};
		journalOf(this.k, w)?.add(this.k.clock.now(), 'I', 'kubelet.go:2468', 'SyncLoop (PLEG): event for pod', 'pod', w.key, 'event', event);
	}

	/** The kernel's OOM killer took the container's process: the kubelet's OOM watcher sees it. */
	private oomEvent(w: PodWorker, c: ContainerRecord): void {
		const journal = journalOf(this.k, w);
		if (!journal) return;
		const now = this.k.clock.now();
		const id = (c.containerID ?? '').replace(/^[a-z]+:\/\//, '');
		const cgroup = `/kubepods.slice/kubepods-${(w.pod.status?.qosClass ?? 'Burstable').toLowerCase()}.slice/kubepods-${(w.pod.status?.qosClass ?? 'Burstable').toLowerCase()}-pod${w.uid.replace(/-/g, '_')}.slice/cri-containerd-${id}.scope`;
		const process = c.ctx?.command?.[0] ?? c.profile?.entrypoint?.[0] ?? c.spec.name;
		const text = `&{Pid:${c.oci?.pid ?? 0} ProcessName:${process.split('/').pop()} TimeOfDeath:${new Date(now).toISOString()} ContainerName:${cgroup} VictimContainerName:${cgroup} Constraint:CONSTRAINT_MEMCG}`;
		journal.add(now, 'I', 'oom_watcher_linux.go:69', 'Got sys oom event', 'event', new Raw(text));
	}

	/** The container's memory now: its own demand plus its share of the pod's load. */
	memoryOf(w: PodWorker, c: ContainerRecord): number {
		const p = c.profile;
		if (!p || c.state !== 'running') return 0;
		return c.memoryDemand + (w.rps * p.memoryBytesPerRps) / Math.max(1, w.ctrs.length);
	}
}
