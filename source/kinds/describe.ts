// Pieces of `kubectl describe` text that several kinds share: containers, pod templates,
// volumes, the Events table and the generic describer used for kinds without their own.
import type {Condition, Container, ContainerState, ContainerStatus, EnvVar, Event, KObject, Pod, PodTemplateSpec, Probe, Volume} from '../cluster/types.js';
import type {RenderContext} from './types.js';
import {DescribeWriter, age, printBool, rfc1123z, timeOf} from './format.js';
import {canonicalQuantity, sortedResourceNames, Quantity} from './resources.js';
import {downwardValue} from '../cluster/core/pods.js';

// ---------------------------------------------------------------------------------------------
// Probes, ports, environment

/** A probe as describe prints it: `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Probe): string {
	const p = probe as Probe & {
		httpGet?: {host?: string};
		tcpSocket?: {host?: string};
		grpc?: {service?: string};
	};
	const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s ` +
		`#success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
	if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
	if (p.httpGet) {
		const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
		const host = p.httpGet.host ?? '';
		const port = String(p.httpGet.port ?? '');
		const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
		let path = p.httpGet.path ?? '';
		if (path && !path.startsWith('/')) path = `/${path}`;
		return `http-get ${scheme}://${hostPort}${path} ${attrs}`;
	}
	if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
	if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
	return `unknown ${attrs}`;
}


function resourceFieldValue(c: Container, ref: {resource: string; divisor?: string | number}): string {
	const [kind, name] = ref.resource.split('.') as [string, string];
	const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
	const q = Quantity.parse(list?.[name]);
	if (!q) return '0';
	const divisor = Quantity.parse(ref.divisor ?? 1) ?? Quantity.parse(1)!;
	if (name === 'cpu') return String(Math.ceil(q.milliValue() / Math.max(1, divisor.milliValue())));
	return String(Math.ceil(q.value() / Math.max(1, divisor.value())));
}

function describeEnv(w: DescribeWriter, c: Container, pod: Pod | undefined): void {
	if (c.envFrom && c.envFrom.length) {
		w.write(2, 'Environment Variables from:\n');
		for (const e of c.envFrom) {
			let from = '';
			let name = '';
			let optional = false;
			if (e.configMapRef) {
				from = 'ConfigMap';
				name = e.configMapRef.name;
				optional = !!e.configMapRef.optional;
			} else if (e.secretRef) {
				from = 'Secret';
				name = e.secretRef.name;
				optional = !!e.secretRef.optional;
			}
			if (e.prefix) w.write(3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
			else w.write(3, `${name}\t${from}\tOptional: ${optional}\n`);
		}
	}
	const env: EnvVar[] = c.env ?? [];
	w.write(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
	for (const e of env) {
		const from = e.valueFrom;
		if (!from) {
			(e.value ?? '').split('\n').forEach((s, i) => {
				if (i === 0) w.write(3, `${e.name}:\t${s}\n`);
				else w.write(3, `\t${s}\n`);
			});
			continue;
		}
		if (from.fieldRef) {
			const api = (from.fieldRef as {apiVersion?: string}).apiVersion ?? 'v1';
			w.write(3, `${e.name}:\t${pod ? downwardValue(pod, from.fieldRef.fieldPath) : ''} (${api}:${from.fieldRef.fieldPath})\n`);
		} else if (from.resourceFieldRef) {
			let value = resourceFieldValue(c, from.resourceFieldRef as {resource: string; divisor?: string});
			const resource = from.resourceFieldRef.resource;
			if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
			w.write(3, `${e.name}:\t${value} (${resource})\n`);
		} else if (from.secretKeyRef) {
			const ref = from.secretKeyRef;
			w.write(3, `${e.name}:\t<set to the key '${ref.key}' in secret '${ref.name}'>\tOptional: ${!!ref.optional}\n`);
		} else if (from.configMapKeyRef) {
			const ref = from.configMapKeyRef;
			w.write(3, `${e.name}:\t<set to the key '${ref.key}' of config map '${ref.name}'>\tOptional: ${!!ref.optional}\n`);
		}
	}
}

/** A container state block (`State:  Running` / `Started: ...`), as describe prints it. */
function describeState(w: DescribeWriter, title: string, state: ContainerState | undefined): void {
	if (state?.running) {
		w.write(2, `${title}:\tRunning\n`);
		w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
	} else if (state?.waiting) {
		w.write(2, `${title}:\tWaiting\n`);
		if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
	} else if (state?.terminated) {
		const t = state.terminated;
		w.write(2, `${title}:\tTerminated\n`);
		if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
		if (t.message) w.write(3, `Message:\t${t.message}\n`);
		w.write(3, `Exit Code:\t${t.exitCode}\n`);
		if (t.signal && t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
		w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
		w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
	} else {
		w.write(2, `${title}:\tWaiting\n`);
	}
}

function describeResourceList(w: DescribeWriter, level: number, title: string, list: Record<string, string | number | undefined> | undefined): void {
	const names = sortedResourceNames(list);
	if (!names.length) return;
	w.write(level, `${title}:\n`);
	for (const name of names) w.write(level + 1, `${name}:\t${canonicalQuantity(list![name])}\n`);
}

/**
 * A `Containers:` (or `Init Containers:`) section. `space` is `'  '` inside a pod template,
 * where there are no statuses; `pod` resolves downward-API environment values.
 */
export function describeContainers(
	w: DescribeWriter,
	label: string,
	containers: readonly Container[] | undefined,
	statuses: readonly ContainerStatus[] | undefined,
	space: string,
	pod?: Pod,
): void {
	const list = containers ?? [];
	w.write(0, `${space}${label}:${list.length ? '' : ' <none>'}\n`);
	const byName = new Map((statuses ?? []).map(s => [s.name, s]));
	const nameIndent = space ? ' ' : '';
	for (const c of list) {
		const status = byName.get(c.name);
		w.write(1, `${nameIndent}${c.name}:\n`);
		if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
		w.write(2, `Image:\t${c.image}\n`);
		if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
		const ports = (c.ports ?? []).map(p => `${p.containerPort}/${p.protocol || 'TCP'}`).join(', ');
		if (ports.includes(',')) w.write(2, `Ports:\t${ports}\n`);
		else w.write(2, `Port:\t${ports || '<none>'}\n`);
		const hostPorts = (c.ports ?? []).map(p => `${p.hostPort ?? 0}/${p.protocol || 'TCP'}`).join(', ');
		if (hostPorts.includes(',')) w.write(2, `Host Ports:\t${hostPorts}\n`);
		else w.write(2, `Host Port:\t${hostPorts || '<none>'}\n`);
		if (c.command && c.command.length) {
			w.write(2, 'Command:\n');
			for (const part of c.command) for (const s of part.split('\n')) w.write(3, `${s}\n`);
		}
		if (c.args && c.args.length) {
			w.write(2, 'Args:\n');
			for (const part of c.args) for (const s of part.split('\n')) w.write(3, `${s}\n`);
		}
		if (status) {
			describeState(w, 'State', status.state);
			if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
			w.write(2, `Ready:\t${printBool(status.ready)}\n`);
			w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
		}
		describeResourceList(w, 2, 'Limits', c.resources?.limits);
		describeResourceList(w, 2, 'Requests', c.resources?.requests);
		if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
		if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
		if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
		describeEnv(w, c, pod);
		const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
		w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
		for (const m of mounts) {
			const flags = [m.readOnly ? 'ro' : 'rw'];
			if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
			w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Volumes

function describeVolume(w: DescribeWriter, v: Volume): void {
	if (v.hostPath) {
		const type = (v.hostPath as {type?: string}).type || '<none>';
		w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${type}\n`);
	} else if (v.emptyDir) {
		const e = v.emptyDir as {medium?: string; sizeLimit?: string};
		const q = Quantity.parse(e.sizeLimit);
		const size = q && !q.isZero() ? q.toString() : '<unset>';
		w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${e.medium ?? ''}\n    SizeLimit:\t${size}\n`);
	} else if (v.secret) {
		w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${!!v.secret.optional}\n`);
	} else if (v.configMap) {
		w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${!!v.configMap.optional}\n`);
	} else if (v.persistentVolumeClaim) {
		const ro = !!(v.persistentVolumeClaim as {readOnly?: boolean}).readOnly;
		w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${ro}\n`);
	} else if (v.downwardAPI) {
		w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
		for (const item of v.downwardAPI.items ?? []) {
			if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
			if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
		}
	} else if (v.projected) {
		w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
		const optional = (o: boolean | undefined): string => (o === undefined || o === null ? '<nil>' : String(o));
		for (const source of v.projected.sources ?? []) {
			if (source.secret) w.write(2, `SecretName:\t${source.secret.name}\n    SecretOptionalName:\t${optional(source.secret.optional)}\n`);
			else if (source.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
			else if (source.configMap) w.write(2, `ConfigMapName:\t${source.configMap.name}\n    ConfigMapOptional:\t${optional(source.configMap.optional)}\n`);
			else if (source.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3607}\n`);
		}
	} else if (v.nfs) {
		w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${!!v.nfs.readOnly}\n`);
	} else if (v.csi) {
		w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver}\n    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${!!v.csi.readOnly}\n`);
	} else {
		w.write(1, '<unknown>\n');
	}
}

/** A `Volumes:` section (`space` is `'  '` inside a pod template). */
export function describeVolumes(w: DescribeWriter, volumes: readonly Volume[] | undefined, space: string): void {
	if (!volumes || !volumes.length) {
		w.write(0, `${space}Volumes:\t<none>\n`);
		return;
	}
	w.write(0, `${space}Volumes:\n`);
	const nameIndent = space ? ' ' : '';
	for (const v of volumes) {
		w.write(1, `${nameIndent}${v.name}:\n`);
		describeVolume(w, v);
	}
}

/** The `Pod Template:` block of workload controllers. */
export function describePodTemplate(w: DescribeWriter, template: PodTemplateSpec | undefined): void {
	w.write(0, 'Pod Template:\n');
	if (!template) {
		w.write(1, '<unset>');
		return;
	}
	const spec = template.spec ?? ({containers: []} as PodTemplateSpec['spec']);
	w.labels('  Labels', template.metadata?.labels);
	if (template.metadata?.annotations && Object.keys(template.metadata.annotations).length) {
		w.annotations('  Annotations', template.metadata.annotations);
	}
	if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
	if (spec.initContainers && spec.initContainers.length) describeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ');
	describeContainers(w, 'Containers', spec.containers, undefined, '  ');
	describeVolumes(w, spec.volumes, '  ');
	const priorityClassName = (spec as {priorityClassName?: string}).priorityClassName;
	if (priorityClassName) w.write(1, `Priority Class Name:\t${priorityClassName}\n`);
	w.labels('  Node-Selectors', spec.nodeSelector);
	w.tolerations('  Tolerations', spec.tolerations);
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** A `Conditions:` table with the given columns of each condition (`Type Status Reason`). */
export function describeConditions(
	w: DescribeWriter,
	conditions: readonly Condition[] | undefined,
	columns: ReadonlyArray<'Type' | 'Status' | 'Reason' | 'Message' | 'LastHeartbeatTime' | 'LastTransitionTime'>,
	trailingSpaces: number,
): void {
	if (!conditions || !conditions.length) return;
	w.write(0, 'Conditions:\n');
	w.line(1, ...columns);
	w.line(1, ...columns.map(c => '-'.repeat(c.length)));
	for (const c of conditions) {
		const cells = columns.map(col => {
			switch (col) {
				case 'LastHeartbeatTime':
					return rfc1123z(c.lastHeartbeatTime);
				case 'LastTransitionTime':
					return rfc1123z(c.lastTransitionTime);
				case 'Type':
					return String(c.type ?? '');
				case 'Status':
					return String(c.status ?? '');
				case 'Reason':
					return String(c.reason ?? '');
				case 'Message':
					return String(c.message ?? '');
			}
		});
		// kubectl leaves a space after the first `trailingSpaces` cells of condition rows.
		w.line(1, ...cells.map((cell, i) => (i < trailingSpaces ? `${cell} ` : cell)));
	}
}

// ---------------------------------------------------------------------------------------------
// Events

function eventFirstSeen(ev: Event, now: number): string {
	if (ev.eventTime) return age(ev.eventTime, now);
	return age(ev.firstTimestamp, now);
}

/**
 * An event's age as describe shows it: `3m (x5 over 10m)` for a repeated event, else the age
 * of its first occurrence.
 */
export function eventInterval(ev: Event, now: number): string {
	const first = eventFirstSeen(ev, now);
	if (ev.series) return `${age(ev.series.lastObservedTime, now)} (x${ev.series.count ?? 0} over ${first})`;
	if ((ev.count ?? 0) > 1) return `${age(ev.lastTimestamp, now)} (x${ev.count} over ${first})`;
	return first;
}

function eventSortTime(ev: Event): number {
	return timeOf(ev.lastTimestamp) ?? timeOf(ev.eventTime) ?? timeOf(ev.firstTimestamp) ?? 0;
}

/** The `Events:` table of describe, oldest first; `Events:  <none>` when there are none. */
export function describeEvents(w: DescribeWriter, events: readonly Event[], now: number): void {
	if (!events.length) {
		w.write(0, 'Events:\t<none>\n');
		return;
	}
	w.flush();
	const sorted = [...events].sort((a, b) => eventSortTime(a) - eventSortTime(b));
	w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
	w.write(1, '----\t------\t----\t----\t-------\n');
	for (const ev of sorted) {
		const from = ev.source?.component || ev.reportingComponent || ev.reportingController || '';
		w.write(1, `${ev.type ?? ''}\t${ev.reason ?? ''}\t${eventInterval(ev, now)}\t${from}\t${String(ev.message ?? '').trim()}\n`);
	}
}

/** Writes the Events section when the context can list events. */
export function writeEvents(w: DescribeWriter, obj: KObject, ctx: RenderContext): void {
	if (ctx.events) describeEvents(w, ctx.events(obj) as Event[], ctx.now);
}

// ---------------------------------------------------------------------------------------------
// Generic describe (kinds without a describer of their own, as kubectl does for them)

function splitCamel(field: string): string[] {
	const classOf = (ch: string): number => (/[a-z]/.test(ch) ? 1 : /[A-Z]/.test(ch) ? 2 : /[0-9]/.test(ch) ? 3 : 4);
	const runs: string[][] = [];
	let last = 0;
	for (const ch of field) {
		const cls = classOf(ch);
		if (cls === last) runs[runs.length - 1]!.push(ch);
		else runs.push([ch]);
		last = cls;
	}
	for (let i = 0; i < runs.length - 1; i++) {
		const cur = runs[i]!;
		const next = runs[i + 1]!;
		if (/[A-Z]/.test(cur[0]!) && /[a-z]/.test(next[0]!)) {
			next.unshift(cur.pop()!);
		}
	}
	return runs.filter(r => r.length).map(r => r.join(''));
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** A field name as generic describe labels it: `creationTimestamp` -> `Creation Timestamp`. */
export function smartLabel(field: string): string {
	if (/[^A-Za-z-]/.test(field)) return field;
	return splitCamel(field)
		.filter(p => p !== '_')
		.map(p => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
		.join(' ');
}

function scalar(v: unknown): string {
	if (v === null || v === undefined) return '<nil>';
	return String(v);
}

function describeContent(w: DescribeWriter, level: number, content: Record<string, unknown>, prefix: string, skip: ReadonlySet<string>): void {
	for (const field of Object.keys(content).sort()) {
		const value = content[field];
		const path = `${prefix}.${field}`;
		if (skip.has(path)) continue;
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			w.write(level, `${smartLabel(field)}:\n`);
			describeContent(w, level + 1, value as Record<string, unknown>, path, skip);
		} else if (Array.isArray(value)) {
			w.write(level, `${smartLabel(field)}:\n`);
			for (const child of value) {
				if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
					describeContent(w, level + 1, child as Record<string, unknown>, path, skip);
				} else {
					w.write(level + 1, `${Array.isArray(child) ? `[${child.map(scalar).join(' ')}]` : scalar(child)}\n`);
				}
			}
		} else {
			w.write(level, `${smartLabel(field)}:\t${scalar(value)}\n`);
		}
	}
}

const GENERIC_SKIP = new Set([
	'.metadata.managedFields',
	'.metadata.name',
	'.metadata.namespace',
	'.metadata.labels',
	'.metadata.annotations',
]);

/** kubectl's generic describe: name, labels, annotations, then every field, then events. */
export function describeGeneric(obj: KObject, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', obj.metadata.name);
	w.item(0, 'Namespace', obj.metadata.namespace ?? '');
	w.labels('Labels', obj.metadata.labels);
	w.annotations('Annotations', obj.metadata.annotations);
	describeContent(w, 0, obj as Record<string, unknown>, '', GENERIC_SKIP);
	writeEvents(w, obj, ctx);
	return w.toString();
}

/** The common head of most describers: Name, Namespace, Labels, Annotations. */
export function describeMeta(w: DescribeWriter, obj: KObject): void {
	w.item(0, 'Name', obj.metadata.name);
	if (obj.metadata.namespace !== undefined) w.item(0, 'Namespace', obj.metadata.namespace);
	w.labels('Labels', obj.metadata.labels);
	w.annotations('Annotations', obj.metadata.annotations);
}


/** Whether `obj` is controlled by `owner` (by uid, or by kind and name when uids are absent). */
export function isControlledBy(obj: KObject, owner: KObject): boolean {
	return (obj.metadata.ownerReferences ?? []).some(r =>
		r.controller && (owner.metadata.uid ? r.uid === owner.metadata.uid : r.kind === owner.kind && r.name === owner.metadata.name),
	);
}

/**
 * The `Pods Status:` value of controllers (`3 Running / 0 Waiting / 0 Succeeded / 0 Failed`) for
 * the pods matching the selector that the owner controls; undefined when pods cannot be listed.
 */
export function podPhaseCounts(owner: KObject, selector: string, ctx: RenderContext): string | undefined {
	if (!ctx.list) return undefined;
	const counts = {Running: 0, Pending: 0, Succeeded: 0, Failed: 0} as Record<string, number>;
	for (const pod of ctx.list('Pod', {namespace: owner.metadata.namespace, labelSelector: selector}) as Pod[]) {
		if (!isControlledBy(pod, owner)) continue;
		const phase = pod.status?.phase ?? 'Pending';
		if (phase in counts) counts[phase]!++;
	}
	return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}
