// The prober: startup, liveness and readiness probes (exec, httpGet, tcpSocket, grpc) on their
// periods. A startup probe holds the others until it succeeds; liveness and startup failures
// restart the container; readiness failures only mark it not ready.
import type {PersistentVolumeClaim, Probe} from '../types.js';
import {bytes} from '../core/quantity.js';
import {eventSource, journalOf, mainPath, type ContainerRecord, type KubeletContext, type PodWorker} from './state.js';
import type {StatusManager} from './status.js';

type ProbeType = 'startup' | 'liveness' | 'readiness';

export class Probes {
	/** `restart` stops a container that failed its liveness or startup probe. */
	constructor(
		private readonly k: KubeletContext,
		private readonly status: StatusManager,
		private readonly restart: (w: PodWorker, c: ContainerRecord) => void,
	) {}

	/** Schedules the container's probes; their timers go on c.probeTimers. */
	start(w: PodWorker, c: ContainerRecord): void {
		this.schedule(w, c, c.spec.startupProbe, 'startup');
		this.schedule(w, c, c.spec.livenessProbe, 'liveness');
		this.schedule(w, c, c.spec.readinessProbe, 'readiness');
	}

	/** Cancels the container's probe timers. */
	stop(c: ContainerRecord): void {
		for (const t of c.probeTimers) this.k.clock.cancel(t);
		c.probeTimers = [];
	}

	private schedule(w: PodWorker, c: ContainerRecord, probe: Probe | undefined, type: ProbeType): void {
		if (!probe) return;
		const clock = this.k.clock;
		const period = (probe.periodSeconds ?? 10) * 1000;
		const first = (probe.initialDelaySeconds ?? 0) * 1000;
		const tick = () => {
			if (w.gone || c.state !== 'running' || c.stopping) return;
			if (type !== 'startup' && !c.started) {
				c.probeTimers.push(clock.after(period, tick));
				return;
			}
			if (type === 'startup' && c.started) return;
			this.run(w, c, probe, type);
			if (c.state === 'running' && !(type === 'startup' && c.started)) c.probeTimers.push(clock.after(period, tick));
		};
		c.probeTimers.push(clock.after(first || Math.min(1000, period), tick));
	}

	/** Whether the container mounts a claim whose volume is full (its writes fail). */
	private writesFail(w: PodWorker, c: ContainerRecord): boolean {
		const full = this.k.fullVolumes;
		if (!full.size || !c.spec.volumeMounts?.length) return false;
		for (const v of w.pod.spec.volumes ?? []) {
			const claim = v.persistentVolumeClaim?.claimName;
			const written = claim === undefined ? undefined : full.get(`${w.namespace}/${claim}`);
			if (written === undefined || !c.spec.volumeMounts.some(m => m.name === v.name)) continue;
			const pvc = this.k.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', w.namespace, claim!);
			if (bytes(pvc?.status?.capacity?.storage) <= written) return true;
		}
		return false;
	}

	/** Why a probe against this container fails now, or undefined when it succeeds. */
	private failure(w: PodWorker, c: ContainerRecord, probe: Probe): string | undefined {
		const now = this.k.clock.now();
		const full = this.writesFail(w, c);
		const p = c.profile;
		const l = c.listening;
		const up = l ? now >= c.startedAt + l.afterMs : false;
		if (probe.exec) {
			const command = probe.exec.command.join(' ');
			if (c.probesFail || full) return `command "${command}" exited with 1`;
			if (!p?.exec || !c.ctx) return undefined;
			const r = p.exec(probe.exec.command, c.ctx, {uptimeMs: now - c.startedAt, timeoutMs: (probe.timeoutSeconds ?? 1) * 1000});
			if (r.timedOut) return `command timed out: "${command}" timed out after ${probe.timeoutSeconds ?? 1}s`;
			if (r.exitCode !== 0) return (r.stdout + r.stderr).trim() || `command "${command}" exited with ${r.exitCode}`;
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
			// a server that cannot write answers 507 Insufficient Storage
			if (full) return 'HTTP probe failed with statuscode: 507';
			// the server's own answer: 200-399 is a success, as the kubelet's prober counts it
			const answer = c.ctx ? p?.respond?.('GET', probe.httpGet.path ?? '/', c.ctx, now - c.startedAt) : undefined;
			if (answer && (answer.status < 200 || answer.status >= 400)) return `HTTP probe failed with statuscode: ${answer.status}`;
			return undefined;
		}
		if (!up || !listening) return `dial tcp ${addr}: connect: connection refused`;
		if (c.probesFail) return `dial tcp ${addr}: i/o timeout`;
		return undefined;
	}

	private run(w: PodWorker, c: ContainerRecord, probe: Probe, type: ProbeType): void {
		const failure = this.failure(w, c, probe);
		const threshold = probe.failureThreshold ?? 3;
		const label = type[0]!.toUpperCase() + type.slice(1);
		if (failure) {
			journalOf(this.k, w)?.add(this.k.clock.now(), 'I', 'prober.go:107', 'Probe failed', 'probeType', label, 'pod', w.key, 'podUID', w.uid, 'containerName', c.spec.name, 'probeResult', 'failure', 'output', failure);
			this.k.events.record(w.pod, 'Warning', 'Unhealthy', `${label} probe failed: ${failure}`, eventSource(w), mainPath(c));
		}
		if (type === 'readiness') {
			this.readiness(w, c, probe, !failure);
			return;
		}
		if (type === 'startup' && !failure) {
			c.started = true;
			if (!c.spec.readinessProbe) c.ready = true;
			this.status.markDirty(w);
			return;
		}
		if (!failure) c.liveFails = 0;
		else if ((type === 'startup' ? ++c.startupFails : ++c.liveFails) >= threshold) {
			this.k.events.record(w.pod, 'Normal', 'Killing', `Container ${c.spec.name} failed ${type} probe, will be restarted`, eventSource(w), mainPath(c));
			this.restart(w, c);
		}
	}

	private readiness(w: PodWorker, c: ContainerRecord, probe: Probe, ok: boolean): void {
		if (ok) {
			c.readyFails = 0;
			if (!c.ready && ++c.readyOks >= (probe.successThreshold ?? 1)) {
				c.ready = true;
				this.status.markDirty(w);
			}
		} else {
			c.readyOks = 0;
			if (c.ready && ++c.readyFails >= (probe.failureThreshold ?? 3)) {
				c.ready = false;
				this.status.markDirty(w);
			}
		}
	}
}
