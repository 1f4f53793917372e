// The pod spec, as a Pod and every pod template carry it: containers (ports, environment,
// resources, probes, mounts), volumes, the restart policy its owner allows, scheduling fields.
import {fromLabelSelector, matches} from '../../cluster/core/selectors.js';
import type {Cause} from '../../cluster/core/errors.js';
import {FieldErrors, type Obj, STANDARD_CONTAINER_RESOURCES, child, goStringMap, isValidQuantity, resourceList} from './fields.js';
import {QUANTITY_MESSAGE, isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isHTTPHeaderName, isQualifiedName, isValidPortName, isValidPortNum} from './formats.js';
import {annotations, goLabelSelector, labelSelector, labels, selectorIsEmpty} from './meta.js';
import {affinity, tolerations, topologySpread} from './scheduling.js';

function isOvercommitAllowed(name: string): boolean {
	return STANDARD_CONTAINER_RESOURCES.includes(name);
}

function resourceRequirements(e: FieldErrors, raw: unknown, p: string): void {
	const r = e.obj(raw, p);
	if (!r) return;
	const limits = resourceList(e, r.limits, child(p, 'limits'), true);
	const requests = resourceList(e, r.requests, child(p, 'requests'), true);
	for (const [name, req] of requests) {
		const lim = limits.get(name);
		if (!lim) continue;
		if (!isOvercommitAllowed(name) && req.value !== lim.value) {
			e.invalid(child(p, 'requests'), req.text, `must be equal to ${name} limit of ${lim.text}`);
		} else if (req.value > lim.value) {
			e.invalid(child(p, 'requests'), req.text, `must be less than or equal to ${name} limit of ${lim.text}`);
		}
	}
}

function portNumOrName(e: FieldErrors, raw: unknown, p: string): void {
	const v = e.intOrString(raw, p);
	if (typeof v === 'number' || v === undefined) {
		e.each(p, v ?? 0, isValidPortNum(v ?? 0));
	} else {
		e.each(p, v, isValidPortName(v));
	}
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function probe(e: FieldErrors, raw: unknown, p: string, kind: 'liveness' | 'readiness' | 'startup'): void {
	const o = e.obj(raw, p);
	if (!o) return;
	const present = PROBE_HANDLERS.filter(h => o[h] !== undefined && o[h] !== null);
	if (present.length === 0) e.required(p, 'must specify a handler type');
	for (const h of present.slice(1)) e.forbidden(child(p, h), 'may not specify more than 1 handler type');
	const exec = e.obj(o.exec, child(p, 'exec'));
	if (exec) {
		const cmd = e.strList(exec.command, child(p, 'exec.command'));
		if (!cmd || cmd.length === 0) e.required(child(p, 'exec.command'));
	}
	const http = e.obj(o.httpGet, child(p, 'httpGet'));
	if (http) {
		const hp = child(p, 'httpGet');
		e.str(http.path, child(hp, 'path'));
		portNumOrName(e, http.port, child(hp, 'port'));
		e.str(http.host, child(hp, 'host'));
		const scheme = e.str(http.scheme, child(hp, 'scheme'));
		if (scheme !== undefined && scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') e.notSupported(child(hp, 'scheme'), scheme, ['HTTP', 'HTTPS']);
		for (const [h, pp] of e.objList(http.httpHeaders, child(hp, 'httpHeaders'))) {
			const name = e.str(h.name, child(pp, 'name')) ?? '';
			e.each(child(pp, 'name'), name, isHTTPHeaderName(name));
			e.str(h.value, child(pp, 'value'));
		}
	}
	const tcp = e.obj(o.tcpSocket, child(p, 'tcpSocket'));
	if (tcp) portNumOrName(e, tcp.port, child(p, 'tcpSocket.port'));
	const grpc = e.obj(o.grpc, child(p, 'grpc'));
	if (grpc) {
		const port = e.int(grpc.port, child(p, 'grpc.port'));
		e.each(child(p, 'grpc.port'), port ?? 0, isValidPortNum(port ?? 0));
		e.str(grpc.service, child(p, 'grpc.service'));
	}
	for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
		e.nonNegative(o[f], child(p, f));
	}
	const success = o.successThreshold;
	if ((kind === 'liveness' || kind === 'startup') && typeof success === 'number' && success !== 0 && success !== 1) {
		e.invalid(child(p, 'successThreshold'), success, 'must be 1');
	}
	const grace = e.int64(o.terminationGracePeriodSeconds, child(p, 'terminationGracePeriodSeconds'));
	if (grace !== undefined && grace <= 0) e.invalid(child(p, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0');
}

const FIELD_REF_PATHS = [
	'metadata.name',
	'metadata.namespace',
	'metadata.uid',
	'spec.nodeName',
	'spec.serviceAccountName',
	'status.hostIP',
	'status.hostIPs',
	'status.podIP',
	'status.podIPs',
];
const RESOURCE_FIELD_REFS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

function keySelector(e: FieldErrors, raw: unknown, p: string): void {
	const o = e.obj(raw, p);
	if (!o) return;
	const name = e.str(o.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'));
	const k = e.str(o.key, child(p, 'key'));
	if (!k) e.required(child(p, 'key'));
	else e.each(child(p, 'key'), k, isConfigMapKey(k));
	e.bool(o.optional, child(p, 'optional'));
}

function envVar(e: FieldErrors, o: Obj, p: string): void {
	const name = e.str(o.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'));
	else e.each(child(p, 'name'), name, isEnvVarName(name));
	const value = e.str(o.value, child(p, 'value'));
	const vfp = child(p, 'valueFrom');
	const from = e.obj(o.valueFrom, vfp);
	if (!from) return;
	const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(s => from[s] !== undefined && from[s] !== null);
	if (sources.length === 0) {
		e.invalid(vfp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
	} else if (value) {
		e.invalid(vfp, '', 'may not be specified when `value` is not empty');
	} else if (sources.length > 1) {
		e.invalid(vfp, '', 'may not have more than one field specified at a time');
	}
	const fieldRef = e.obj(from.fieldRef, child(vfp, 'fieldRef'));
	if (fieldRef) {
		const fp = child(vfp, 'fieldRef.fieldPath');
		const path = e.str(fieldRef.fieldPath, fp);
		e.str(fieldRef.apiVersion, child(vfp, 'fieldRef.apiVersion'));
		if (!path) e.required(fp);
		else {
			const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
			if (m) e.each(fp, m[2]!, isQualifiedName(m[1] === 'annotations' ? m[2]!.toLowerCase() : m[2]!));
			else if (!FIELD_REF_PATHS.includes(path)) e.notSupported(fp, path, FIELD_REF_PATHS);
		}
	}
	const resRef = e.obj(from.resourceFieldRef, child(vfp, 'resourceFieldRef'));
	if (resRef) {
		const rp = child(vfp, 'resourceFieldRef.resource');
		const res = e.str(resRef.resource, rp);
		if (!res) e.required(rp);
		else if (!RESOURCE_FIELD_REFS.includes(res)) e.notSupported(rp, res, RESOURCE_FIELD_REFS);
		e.str(resRef.containerName, child(vfp, 'resourceFieldRef.containerName'));
	}
	keySelector(e, from.configMapKeyRef, child(vfp, 'configMapKeyRef'));
	keySelector(e, from.secretKeyRef, child(vfp, 'secretKeyRef'));
}

function envFrom(e: FieldErrors, raw: unknown, p: string): void {
	for (const [o, ip] of e.objList(raw, p)) {
		const prefix = e.str(o.prefix, child(ip, 'prefix'));
		if (prefix) e.each(child(ip, 'prefix'), prefix, isEnvVarName(prefix));
		let sources = 0;
		for (const src of ['configMapRef', 'secretRef']) {
			const ref = e.obj(o[src], child(ip, src));
			if (!ref) continue;
			sources++;
			const name = e.str(ref.name, child(ip, `${src}.name`));
			if (!name) e.required(child(ip, `${src}.name`));
			else e.each(child(ip, `${src}.name`), name, isDNS1123Subdomain(name));
			e.bool(ref.optional, child(ip, `${src}.optional`));
		}
		if (sources === 0) e.invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`');
		else if (sources > 1) e.invalid(p, '', 'may not have more than one field specified at a time');
	}
}

interface ContainerContext {
	volumes: Set<string>;
	names: Set<string>;
	init: boolean;
}

function container(e: FieldErrors, o: Obj, p: string, ctx: ContainerContext): void {
	const name = e.str(o.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'));
	else if (e.each(child(p, 'name'), name, isDNS1123Label(name))) {
		if (ctx.names.has(name)) e.duplicate(child(p, 'name'), name);
		ctx.names.add(name);
	}
	const image = e.str(o.image, child(p, 'image'));
	if (!image) e.required(child(p, 'image'));
	else if (image !== image.trim()) e.invalid(child(p, 'image'), image, 'must not have leading or trailing whitespace');
	e.strList(o.command, child(p, 'command'));
	e.strList(o.args, child(p, 'args'));
	e.str(o.workingDir, child(p, 'workingDir'));
	e.oneOf(o.imagePullPolicy, child(p, 'imagePullPolicy'), ['Always', 'IfNotPresent', 'Never']);
	const restart = e.str(o.restartPolicy, child(p, 'restartPolicy'));
	if (restart !== undefined) {
		if (!ctx.init) e.forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers');
		else if (restart !== 'Always') e.notSupported(child(p, 'restartPolicy'), restart, ['Always']);
	}
	const sidecar = ctx.init && restart === 'Always';

	// Ports.
	const portNames = new Set<string>();
	for (const [port, pp] of e.objList(o.ports, child(p, 'ports'))) {
		const pname = e.str(port.name, child(pp, 'name'));
		if (pname) {
			if (e.each(child(pp, 'name'), pname, isValidPortName(pname))) {
				if (portNames.has(pname)) e.duplicate(child(pp, 'name'), pname);
				portNames.add(pname);
			}
		}
		const cp = e.int(port.containerPort, child(pp, 'containerPort'));
		if (port.containerPort === undefined || port.containerPort === null || cp === 0) e.required(child(pp, 'containerPort'));
		else if (cp !== undefined) e.each(child(pp, 'containerPort'), cp, isValidPortNum(cp));
		const hp = e.int(port.hostPort, child(pp, 'hostPort'));
		if (hp) e.each(child(pp, 'hostPort'), hp, isValidPortNum(hp));
		e.str(port.hostIP, child(pp, 'hostIP'));
		e.oneOf(port.protocol, child(pp, 'protocol'), ['SCTP', 'TCP', 'UDP']);
	}

	// Environment.
	for (const [env, ep] of e.objList(o.env, child(p, 'env'))) envVar(e, env, ep);
	envFrom(e, o.envFrom, child(p, 'envFrom'));

	resourceRequirements(e, o.resources, child(p, 'resources'));

	// Probes: init containers have none, unless they are sidecars (restartPolicy Always).
	for (const [f, kind] of [
		['livenessProbe', 'liveness'],
		['readinessProbe', 'readiness'],
		['startupProbe', 'startup'],
	] as const) {
		if (o[f] === undefined || o[f] === null) continue;
		if (ctx.init && !sidecar) {
			e.forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always');
			continue;
		}
		probe(e, o[f], child(p, f), kind);
	}

	// Volume mounts.
	const mountPaths = new Set<string>();
	for (const [m, mp] of e.objList(o.volumeMounts, child(p, 'volumeMounts'))) {
		const vname = e.str(m.name, child(mp, 'name'));
		if (!vname) e.required(child(mp, 'name'));
		else if (!ctx.volumes.has(vname)) e.notFound(child(mp, 'name'), vname);
		const path = e.str(m.mountPath, child(mp, 'mountPath'));
		if (!path) e.required(child(mp, 'mountPath'));
		else {
			if (mountPaths.has(path)) e.invalid(child(mp, 'mountPath'), path, 'must be unique');
			mountPaths.add(path);
		}
		const sub = e.str(m.subPath, child(mp, 'subPath'));
		if (sub && (sub.startsWith('/') || sub.split('/').includes('..'))) {
			e.invalid(child(mp, 'subPath'), sub, sub.startsWith('/') ? 'must be a relative path' : "must not contain '..'");
		}
		e.bool(m.readOnly, child(mp, 'readOnly'));
	}

	e.bool(o.stdin, child(p, 'stdin'));
	e.bool(o.tty, child(p, 'tty'));
	e.obj(o.securityContext, child(p, 'securityContext'));
	e.obj(o.lifecycle, child(p, 'lifecycle'));
	e.oneOf(o.terminationMessagePolicy, child(p, 'terminationMessagePolicy'), ['File', 'FallbackToLogsOnError']);
}

/** Volume sources every cluster knows; any other key besides `name` counts as a source too. */
function volumes(e: FieldErrors, raw: unknown, p: string): Set<string> {
	const names = new Set<string>();
	for (const [v, vp] of e.objList(raw, p)) {
		const name = e.str(v.name, child(vp, 'name'));
		if (!name) e.required(child(vp, 'name'));
		else if (e.each(child(vp, 'name'), name, isDNS1123Label(name))) {
			if (names.has(name)) e.duplicate(child(vp, 'name'), name);
		}
		if (name) names.add(name);
		const sources = Object.keys(v).filter(k => k !== 'name' && v[k] !== undefined && v[k] !== null);
		for (const extra of sources.slice(1)) e.forbidden(child(vp, extra), 'may not specify more than 1 volume type');
		const cm = e.obj(v.configMap, child(vp, 'configMap'));
		if (cm) {
			const n = e.str(cm.name, child(vp, 'configMap.name'));
			if (!n) e.required(child(vp, 'configMap.name'));
			keyToPaths(e, cm.items, child(vp, 'configMap.items'));
		}
		const secret = e.obj(v.secret, child(vp, 'secret'));
		if (secret) {
			const n = e.str(secret.secretName, child(vp, 'secret.secretName'));
			if (!n) e.required(child(vp, 'secret.secretName'));
			keyToPaths(e, secret.items, child(vp, 'secret.items'));
		}
		const pvc = e.obj(v.persistentVolumeClaim, child(vp, 'persistentVolumeClaim'));
		if (pvc) {
			const n = e.str(pvc.claimName, child(vp, 'persistentVolumeClaim.claimName'));
			if (!n) e.required(child(vp, 'persistentVolumeClaim.claimName'));
		}
		const host = e.obj(v.hostPath, child(vp, 'hostPath'));
		if (host) {
			const n = e.str(host.path, child(vp, 'hostPath.path'));
			if (!n) e.required(child(vp, 'hostPath.path'));
		}
		const empty = e.obj(v.emptyDir, child(vp, 'emptyDir'));
		if (empty) {
			e.oneOf(empty.medium, child(vp, 'emptyDir.medium'), ['', 'Memory', 'HugePages']);
			const size = empty.sizeLimit;
			if (size !== undefined && size !== null) {
				if ((typeof size !== 'string' && typeof size !== 'number') || !isValidQuantity(size)) e.invalid(child(vp, 'emptyDir.sizeLimit'), size, QUANTITY_MESSAGE);
			}
		}
	}
	return names;
}

function keyToPaths(e: FieldErrors, raw: unknown, p: string): void {
	for (const [item, ip] of e.objList(raw, p)) {
		const k = e.str(item.key, child(ip, 'key'));
		if (!k) e.required(child(ip, 'key'));
		const path = e.str(item.path, child(ip, 'path'));
		if (!path) e.required(child(ip, 'path'));
		else if (path.startsWith('/')) e.invalid(child(ip, 'path'), path, 'must be a relative path');
		else if (path.split('/').includes('..')) e.invalid(child(ip, 'path'), path, "must not contain '..'");
	}
}

/** Which restart policies the owner of a pod template allows. */
export type PodOwner = 'Pod' | 'Workload' | 'Job';

/** `claims`: names a StatefulSet's volumeClaimTemplates add to the pod's volumes. */
export function podSpec(e: FieldErrors, raw: unknown, p: string, owner: PodOwner, claims: string[] = []): void {
	const spec = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!spec) return;
	const vols = volumes(e, spec.volumes, child(p, 'volumes'));
	for (const c of claims) vols.add(c);
	const names = new Set<string>();
	for (const [c, cp] of e.objList(spec.initContainers, child(p, 'initContainers'))) container(e, c, cp, {volumes: vols, names, init: true});
	const containers = e.arr(spec.containers, child(p, 'containers'));
	if (!containers) {
		if (spec.containers === undefined || spec.containers === null) e.required(child(p, 'containers'));
	} else {
		if (containers.length === 0) e.required(child(p, 'containers'));
		for (const [c, cp] of e.objList(containers, child(p, 'containers'))) container(e, c, cp, {volumes: vols, names, init: false});
	}

	const rp = child(p, 'restartPolicy');
	const restart = e.str(spec.restartPolicy, rp);
	if (owner === 'Job') {
		if (restart !== 'OnFailure' && restart !== 'Never') e.required(rp, 'valid values: "OnFailure", "Never"');
	} else if (restart !== undefined && restart !== '') {
		const allowed = owner === 'Pod' ? ['Always', 'OnFailure', 'Never'] : ['Always'];
		if (!allowed.includes(restart)) e.notSupported(rp, restart, allowed);
	}

	e.oneOf(spec.dnsPolicy, child(p, 'dnsPolicy'), ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
	const grace = e.int64(spec.terminationGracePeriodSeconds, child(p, 'terminationGracePeriodSeconds'));
	if (grace !== undefined && grace < 0) e.invalid(child(p, 'terminationGracePeriodSeconds'), grace, 'must be greater than or equal to 0');
	const deadline = e.int64(spec.activeDeadlineSeconds, child(p, 'activeDeadlineSeconds'));
	if (deadline !== undefined) {
		if (owner === 'Workload') e.forbidden(child(p, 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicaSet is not Supported');
		else if (deadline < 1) e.invalid(child(p, 'activeDeadlineSeconds'), deadline, 'must be between 1 and 2147483647, inclusive');
	}
	labels(e, spec.nodeSelector, child(p, 'nodeSelector'));
	for (const f of ['nodeName', 'serviceAccountName', 'serviceAccount', 'schedulerName', 'priorityClassName']) {
		const v = e.str(spec[f], child(p, f));
		if (v && f !== 'schedulerName' && f !== 'priorityClassName') e.each(child(p, f), v, isDNS1123Subdomain(v));
	}
	for (const f of ['hostname', 'subdomain']) {
		const v = e.str(spec[f], child(p, f));
		if (v) e.each(child(p, f), v, isDNS1123Label(v));
	}
	for (const f of ['hostNetwork', 'hostPID', 'hostIPC', 'enableServiceLinks', 'automountServiceAccountToken', 'shareProcessNamespace']) {
		e.bool(spec[f], child(p, f));
	}
	e.int(spec.priority, child(p, 'priority'));
	tolerations(e, spec.tolerations, child(p, 'tolerations'));
	affinity(e, spec.affinity, child(p, 'affinity'));
	topologySpread(e, spec.topologySpreadConstraints, child(p, 'topologySpreadConstraints'));
	for (const [s, sp] of e.objList(spec.imagePullSecrets, child(p, 'imagePullSecrets'))) e.str(s.name, child(sp, 'name'));
	e.obj(spec.securityContext, child(p, 'securityContext'));
}

/** A pod template (`spec.template`): its labels and annotations, then its pod spec. */
export function podTemplate(e: FieldErrors, raw: unknown, p: string, owner: PodOwner, claims: string[] = []): Record<string, string> | undefined {
	const t = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!t) return undefined;
	const meta = e.obj(t.metadata, child(p, 'metadata'));
	const tl = meta ? labels(e, meta.labels, child(p, 'metadata.labels')) : undefined;
	if (meta) annotations(e, meta.annotations, child(p, 'metadata.annotations'));
	podSpec(e, t.spec, child(p, 'spec'), owner, claims);
	return tl;
}

/** Selector, template labels matching it, and the template itself. */
export function selectorAndTemplate(e: FieldErrors, spec: Obj, kind: string, owner: PodOwner, requireSelector: boolean, claims: string[] = []): void {
	let selector: Obj | undefined;
	let selectorOk = false;
	if (spec.selector === undefined || spec.selector === null) {
		if (requireSelector) e.required('spec.selector');
	} else {
		const before = e.list.length;
		selector = labelSelector(e, spec.selector, 'spec.selector');
		if (selector && selectorIsEmpty(selector)) e.invalid('spec.selector', goLabelSelector({}), `empty selector is invalid for ${kind.toLowerCase()}`);
		selectorOk = selector !== undefined && e.list.length === before;
	}
	const before = e.list.length;
	const tmplLabels = podTemplate(e, spec.template, 'spec.template', owner, claims);
	const labelsOk = !e.list.slice(before).some(c => c.field?.startsWith('spec.template.metadata.labels'));
	if (selector && selectorOk && labelsOk) {
		const sel = fromLabelSelector(selector as never);
		if (!matches(sel, tmplLabels)) {
			// Reported ahead of the template's own problems, as the API server does.
			const cause: Cause = {
				reason: 'FieldValueInvalid',
				field: 'spec.template.metadata.labels',
				message: `Invalid value: ${goStringMap(tmplLabels).text}: \`selector\` does not match template \`labels\``,
			};
			e.list.splice(before, 0, cause);
		}
	}
}
