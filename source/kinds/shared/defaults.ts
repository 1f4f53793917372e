// The defaults the API server fills in, so a stored object reads like one from a real cluster
// (`kubectl get -o yaml` shows them): the helpers every kind's defaults hook uses, and the pod
// spec's defaults, shared by Pods and every pod template. Fields a user set are never changed.
import {isObj} from './fields.js';

type Obj = Record<string, any>;

/** Sets `o[k]` when it is absent (undefined or null). */
export function dflt(o: Obj, k: string, value: unknown): void {
	if (o[k] === undefined || o[k] === null) o[k] = value;
}

/** Like dflt, but also replaces 0, which the Go defaulters treat as unset. */
function dfltNonZero(o: Obj, k: string, value: number): void {
	if (o[k] === undefined || o[k] === null || o[k] === 0) o[k] = value;
}

/** The object at `o[k]`, created when absent; undefined when something else is there. */
export function objAt(o: Obj, k: string): Obj | undefined {
	if (o[k] === undefined || o[k] === null) o[k] = {};
	return isObj(o[k]) ? o[k] : undefined;
}

export function objects(v: unknown): Obj[] {
	return Array.isArray(v) ? v.filter(isObj) : [];
}

/** `Always` for `:latest` or an untagged image, else `IfNotPresent` (digests included). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
	if (image.includes('@')) return 'IfNotPresent';
	const lastSlash = image.lastIndexOf('/');
	const colon = image.indexOf(':', lastSlash + 1);
	if (colon < 0) return 'Always';
	return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function probeDefaults(p: unknown): void {
	if (!isObj(p)) return;
	dfltNonZero(p, 'timeoutSeconds', 1);
	dfltNonZero(p, 'periodSeconds', 10);
	dfltNonZero(p, 'successThreshold', 1);
	dfltNonZero(p, 'failureThreshold', 3);
	if (isObj(p.httpGet)) {
		dflt(p.httpGet, 'path', '/');
		dflt(p.httpGet, 'scheme', 'HTTP');
	}
}

function containerDefaults(c: Obj, isPod: boolean): void {
	if (typeof c.image === 'string') dflt(c, 'imagePullPolicy', defaultPullPolicy(c.image));
	dflt(c, 'terminationMessagePath', '/dev/termination-log');
	dflt(c, 'terminationMessagePolicy', 'File');
	for (const port of objects(c.ports)) dflt(port, 'protocol', 'TCP');
	for (const env of objects(c.env)) {
		if (isObj(env.valueFrom) && isObj(env.valueFrom.fieldRef)) dflt(env.valueFrom.fieldRef, 'apiVersion', 'v1');
		if (isObj(env.valueFrom) && isObj(env.valueFrom.resourceFieldRef)) dflt(env.valueFrom.resourceFieldRef, 'divisor', '0');
	}
	const res = objAt(c, 'resources');
	// A pod (not a template) whose container sets only limits requests the same.
	if (isPod && res && isObj(res.limits)) {
		const requests = objAt(res, 'requests');
		if (requests) for (const [k, v] of Object.entries(res.limits)) dflt(requests, k, v);
	}
	probeDefaults(c.livenessProbe);
	probeDefaults(c.readinessProbe);
	probeDefaults(c.startupProbe);
}

interface PodSpecOptions {
	/** A Pod object rather than a template: containers with only limits request the same. */
	pod: boolean;
	/** Job and CronJob templates get no restartPolicy: the user must choose one. */
	job: boolean;
}

/** A strategy at `spec[field]`, RollingUpdate unless set otherwise, whose rollingUpdate gets `values` where unset. */
export function rollingUpdateDefaults(spec: Obj, field: string, values: Readonly<Obj>): void {
	const strategy = objAt(spec, field);
	if (!strategy) return;
	dflt(strategy, 'type', 'RollingUpdate');
	if (strategy.type !== 'RollingUpdate') return;
	const ru = objAt(strategy, 'rollingUpdate');
	if (ru) for (const k in values) dflt(ru, k, values[k]);
}

/** A pod spec's defaults, in a Pod or in a template. */
export function podSpecDefaults(spec: Obj, opts: PodSpecOptions): void {
	if (!opts.job) dflt(spec, 'restartPolicy', 'Always');
	dflt(spec, 'terminationGracePeriodSeconds', 30);
	dflt(spec, 'dnsPolicy', 'ClusterFirst');
	dflt(spec, 'schedulerName', 'default-scheduler');
	dflt(spec, 'securityContext', {});
	for (const c of objects(spec.initContainers)) containerDefaults(c, opts.pod);
	for (const c of objects(spec.containers)) containerDefaults(c, opts.pod);
	for (const v of objects(spec.volumes)) {
		const sources = Object.keys(v).filter(k => k !== 'name' && v[k] !== undefined && v[k] !== null);
		if (sources.length === 0) v.emptyDir = {};
		if (isObj(v.configMap)) dflt(v.configMap, 'defaultMode', 0o644);
		if (isObj(v.secret)) dflt(v.secret, 'defaultMode', 0o644);
	}
}

/** The defaults of the pod template at `parent.template` (`job`: a Job's, with no restartPolicy). */
export function templateDefaults(parent: Obj, job = false): void {
	const t = objAt(parent, 'template');
	if (!t) return;
	const spec = objAt(t, 'spec');
	if (spec) podSpecDefaults(spec, {pod: false, job});
}

/** A defaults hook for what is under `spec` (created when absent). */
export function specDefaults(fill: (spec: Obj) => void): (obj: Obj) => void {
	return obj => {
		const spec = objAt(obj, 'spec');
		if (spec) fill(spec);
	};
}
