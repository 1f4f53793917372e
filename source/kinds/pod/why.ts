// `w` on a pod: why it is not running as it should, read from its status, its events, its
// containers' last states and (on the simulator) each node's scheduling verdict. Sentences are
// catalogue messages; what Kubernetes says (conditions, events, waiting messages) is quoted as is.
import type {Container, ContainerStatus, Pod, Probe} from '../../cluster/types.js';
import {formatBytes, formatMi, formatMilliCpu} from '../../cluster/core/quantity.js';
import type {Finding, Said, ViewContext} from '../types.js';

/** A probe as one line: `httpGet :8080/healthz`, `exec cat /tmp/healthy`, `tcpSocket :6379`. */
export function probeText(p: Probe): string {
	if (p.httpGet) return `httpGet ${p.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://:${p.httpGet.port}${p.httpGet.path ?? '/'}`;
	if (p.tcpSocket) return `tcpSocket :${p.tcpSocket.port}`;
	if (p.exec) return `exec ${p.exec.command.join(' ')}`;
	if (p.grpc) return `grpc :${p.grpc.port}`;
	return 'probe';
}

/** Go durations as the kubelet writes them (`20s`, `1m20s`, `5m0s`) in milliseconds. */
function goDurationMs(text: string): number | undefined {
	const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
	if (!m || !text) return undefined;
	return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** The fix for each kind of reason kube-scheduler gives. */
function schedulingFix(reason: string): Said | undefined {
	if (/^Insufficient /.test(reason)) return {message: 'why.pod.fix.resources'};
	if (reason === 'Too many pods') return {message: 'why.pod.fix.pods'};
	if (/untolerated taint/.test(reason)) return {message: 'why.pod.fix.taint'};
	if (/node affinity\/selector/.test(reason)) return {message: 'why.pod.fix.affinity'};
	if (/were unschedulable/.test(reason)) return {message: 'why.pod.fix.unschedulable'};
	if (/free ports/.test(reason)) return {message: 'why.pod.fix.ports'};
	return undefined;
}

function unscheduled(pod: Pod, ctx: ViewContext): Finding[] {
	const condition = pod.status?.conditions?.find(c => c.type === 'PodScheduled' && c.status === 'False');
	const explained = ctx.schedulingExplanation?.(pod.metadata.namespace ?? 'default', pod.metadata.name);
	if (!explained) {
		if (!condition) return [{level: 'info', message: 'why.pod.notScheduledYet'}];
		return [{level: 'bad', message: 'why.pod.unschedulable', lines: [condition.message ?? condition.reason ?? '']}];
	}
	const fitting = explained.nodes.filter(n => !n.reasons.length);
	if (fitting.length) return [{level: 'info', message: 'why.pod.nodeFits', values: {nodes: fitting.map(n => n.node).join(', ')}, lines: condition?.message ? [condition.message] : undefined}];
	const out: Finding[] = [];
	const fixes = new Map<string, Said>();
	for (const n of explained.nodes) for (const r of n.reasons) {
		const fix = schedulingFix(r);
		if (fix) fixes.set(fix.message, fix);
	}
	out.push({
		level: 'bad',
		message: 'why.pod.unschedulable',
		lines: explained.nodes.map(n => `${n.node}: ${n.reasons.join(', ')}`),
		fixes: [...fixes.values()],
	});
	if (explained.nodes.some(n => n.reasons.some(r => /^Insufficient /.test(r)))) {
		const freeCpu = Math.max(0, ...explained.nodes.map(n => n.free.cpuMilli));
		const freeMemory = Math.max(0, ...explained.nodes.map(n => n.free.memoryBytes));
		out.push({
			level: 'info',
			message: 'why.pod.requests',
			values: {
				cpu: formatMilliCpu(explained.requests.cpuMilli),
				memory: formatBytes(explained.requests.memoryBytes),
				freeCpu: formatMilliCpu(freeCpu),
				freeMemory: formatMi(freeMemory),
			},
		});
	}
	return out;
}

/** The ConfigMaps and Secrets (and their keys) a container names that are not there. */
function missingReferences(pod: Pod, c: Container, ctx: ViewContext): string[] {
	const ns = pod.metadata.namespace ?? 'default';
	const out: string[] = [];
	const look = (kind: 'ConfigMap' | 'Secret', name: string | undefined, key: string | undefined, optional: boolean | undefined) => {
		if (!name || optional) return;
		const obj = ctx.get(kind, ns, name) as {data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string>} | undefined;
		if (!obj) out.push(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${name}" not found`);
		else if (key !== undefined && !(key in (obj.data ?? {})) && !(key in (obj.binaryData ?? {}))) out.push(`couldn't find key ${key} in ${kind} ${ns}/${name}`);
	};
	for (const e of c.env ?? []) {
		const cm = e.valueFrom?.configMapKeyRef;
		const sec = e.valueFrom?.secretKeyRef;
		if (cm) look('ConfigMap', cm.name, cm.key, cm.optional);
		if (sec) look('Secret', sec.name, sec.key, sec.optional);
	}
	for (const f of c.envFrom ?? []) {
		if (f.configMapRef) look('ConfigMap', f.configMapRef.name, undefined, f.configMapRef.optional);
		if (f.secretRef) look('Secret', f.secretRef.name, undefined, f.secretRef.optional);
	}
	return out;
}

function containerFindings(pod: Pod, c: Container, s: ContainerStatus | undefined, init: boolean, ctx: ViewContext): Finding[] {
	const ns = pod.metadata.namespace ?? 'default';
	const waiting = s?.state?.waiting;
	const last = s?.lastState?.terminated;
	const values = {container: c.name, image: c.image};
	if (waiting?.reason === 'ImagePullBackOff' || waiting?.reason === 'ErrImagePull' || waiting?.reason === 'InvalidImageName') {
		const events = (ctx.eventsFor?.(pod) ?? []).filter(e => e.reason === 'Failed' && e.message?.includes(c.image)).map(e => e.message ?? '');
		const out: Finding[] = [{level: 'bad', message: 'why.pod.imagePull', values, lines: [...new Set([waiting.message ?? waiting.reason, ...events.slice(-2)])], fixes: [{message: 'why.pod.fix.image'}]}];
		const near = ctx.nearestTags?.(c.image) ?? [];
		if (near.length) out.push({level: 'info', message: 'why.pod.nearTags', values, lines: near.map(t => `${c.image.replace(/(:[^/:@]*)?(@.*)?$/, '')}:${t}`)});
		return out;
	}
	if (waiting?.reason === 'CreateContainerConfigError') {
		const missing = missingReferences(pod, c, ctx);
		return [{level: 'bad', message: 'why.pod.configError', values, lines: missing.length ? missing : [waiting.message ?? waiting.reason], fixes: [{message: 'why.pod.fix.config'}]}];
	}
	if (waiting?.reason === 'CrashLoopBackOff' || (last && (s?.restartCount ?? 0) > 0 && !s?.state?.running)) {
		const delay = goDurationMs(/back-off (\S+) restarting/.exec(waiting?.message ?? '')?.[1] ?? '');
		const finished = last?.finishedAt ? Date.parse(last.finishedAt) : NaN;
		const now = ctx.now?.();
		const next = delay !== undefined && Number.isFinite(finished) && now !== undefined ? Math.max(0, Math.ceil((finished + delay - now) / 1000)) : undefined;
		const out: Finding[] = [];
		if (last?.reason === 'OOMKilled') {
			out.push({level: 'bad', message: 'why.pod.oomKilled', values: {...values, limit: String(c.resources?.limits?.memory ?? '-')}, fixes: [{message: 'why.pod.fix.memory'}]});
		}
		out.push({
			level: 'bad',
			message: next === undefined ? 'why.pod.crashing' : 'why.pod.crashLoop',
			values: {...values, code: last?.exitCode ?? '?', reason: last?.reason ?? '', restarts: s?.restartCount ?? 0, seconds: next ?? 0},
			lines: waiting?.message ? [waiting.message] : undefined,
		});
		const logs = ctx.recentLogs?.(ns, pod.metadata.name, c.name, true, 5) ?? [];
		if (logs.length) out.push({level: 'info', message: 'why.pod.lastLogs', values, lines: logs});
		if (last?.reason !== 'OOMKilled') out[out.length - 1]!.fixes = [{message: 'why.pod.fix.crash'}];
		return out;
	}
	if (waiting && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
		return [{level: 'warn', message: 'why.pod.waiting', values: {...values, reason: waiting.reason ?? ''}, lines: waiting.message ? [waiting.message] : undefined}];
	}
	if (waiting) return [{level: 'info', message: 'why.pod.creating', values: {...values, reason: waiting.reason ?? ''}}];
	if (!init && s?.state?.running && !s.ready) {
		const probe = c.readinessProbe ?? c.startupProbe;
		const failures = (ctx.eventsFor?.(pod) ?? []).filter(e => e.reason === 'Unhealthy' && /^(Readiness|Startup) probe/.test(e.message ?? '')).map(e => e.message ?? '');
		if (!probe) return [{level: 'warn', message: 'why.pod.notReady', values}];
		return [
			{
				level: 'warn',
				message: s.started === false && c.startupProbe ? 'why.pod.notStarted' : 'why.pod.probeFailing',
				values: {...values, probe: probeText(probe), period: probe.periodSeconds ?? 10, threshold: probe.failureThreshold ?? 3},
				lines: failures.slice(-2),
				fixes: [{message: 'why.pod.fix.probe'}],
			},
		];
	}
	return [];
}

export function whyPod(pod: Pod, ctx: ViewContext): Finding[] {
	if (pod.metadata.deletionTimestamp) return [{level: 'info', message: 'why.pod.terminating', values: {seconds: pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30}}];
	const phase = pod.status?.phase ?? 'Pending';
	if (phase === 'Succeeded') return [{level: 'ok', message: 'why.pod.succeeded'}];
	if (phase === 'Pending' && !pod.spec.nodeName) return unscheduled(pod, ctx);
	const out: Finding[] = [];
	if (phase === 'Failed') out.push({level: 'bad', message: 'why.pod.failed', values: {reason: pod.status?.reason ?? ''}, lines: pod.status?.message ? [pod.status.message] : undefined});
	const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	const inits = pod.spec.initContainers ?? [];
	for (const c of inits) {
		const s = statuses.find(x => x.name === c.name);
		if (s?.state?.terminated?.exitCode === 0) continue;
		const found = containerFindings(pod, c, s, true, ctx);
		if (found.length) return [...out, ...found];
	}
	for (const c of pod.spec.containers) out.push(...containerFindings(pod, c, statuses.find(x => x.name === c.name), false, ctx));
	if (!out.length) return [{level: 'ok', message: 'why.pod.healthy', values: {node: pod.spec.nodeName ?? ''}}];
	return out;
}
