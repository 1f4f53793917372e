// The defaults the API server fills in on create, so a stored object reads like one from a real
// cluster (`kubectl get -o yaml` shows them). Fields a user set are never changed.
import type {KObject} from '../types.js';

type Obj = Record<string, any>;

function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets `o[k]` when it is absent (undefined or null). */
function dflt(o: Obj, k: string, value: unknown): void {
	if (o[k] === undefined || o[k] === null) o[k] = value;
}

/** Like dflt, but also replaces 0, which the Go defaulters treat as unset. */
function dfltNonZero(o: Obj, k: string, value: number): void {
	if (o[k] === undefined || o[k] === null || o[k] === 0) o[k] = value;
}

/** The object at `o[k]`, created when absent; undefined when something else is there. */
function objAt(o: Obj, k: string): Obj | undefined {
	if (o[k] === undefined || o[k] === null) o[k] = {};
	return isObj(o[k]) ? o[k] : undefined;
}

function objects(v: unknown): Obj[] {
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

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** The DefaultTolerationSeconds admission: tolerate not-ready and unreachable nodes for 300 s. */
function defaultTolerations(spec: Obj): void {
	if (spec.tolerations !== undefined && spec.tolerations !== null && !Array.isArray(spec.tolerations)) return;
	const list: Obj[] = spec.tolerations ?? [];
	const tolerated = (key: string) =>
		list.some(t => isObj(t) && (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
	for (const key of [NOT_READY, UNREACHABLE]) {
		if (!tolerated(key)) list.push({key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300});
	}
	spec.tolerations = list;
}

interface PodSpecOptions {
	/** A Pod object rather than a template: also gets the admission-time defaults. */
	pod: boolean;
	/** Job and CronJob templates get no restartPolicy: the user must choose one. */
	job: boolean;
}

function podSpecDefaults(spec: Obj, opts: PodSpecOptions): void {
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
	if (opts.pod) {
		if (typeof spec.serviceAccount === 'string' && spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
		dflt(spec, 'serviceAccountName', 'default');
		dflt(spec, 'serviceAccount', spec.serviceAccountName);
		dflt(spec, 'enableServiceLinks', true);
		dflt(spec, 'priority', 0);
		dflt(spec, 'preemptionPolicy', 'PreemptLowerPriority');
		defaultTolerations(spec);
	}
}

function templateDefaults(parent: Obj, job = false): void {
	const t = objAt(parent, 'template');
	if (!t) return;
	const spec = objAt(t, 'spec');
	if (spec) podSpecDefaults(spec, {pod: false, job});
}

function deploymentDefaults(spec: Obj): void {
	dflt(spec, 'replicas', 1);
	const strategy = objAt(spec, 'strategy');
	if (strategy) {
		dflt(strategy, 'type', 'RollingUpdate');
		if (strategy.type === 'RollingUpdate') {
			const ru = objAt(strategy, 'rollingUpdate');
			if (ru) {
				dflt(ru, 'maxUnavailable', '25%');
				dflt(ru, 'maxSurge', '25%');
			}
		}
	}
	dflt(spec, 'revisionHistoryLimit', 10);
	dflt(spec, 'progressDeadlineSeconds', 600);
	templateDefaults(spec);
}

function statefulSetDefaults(spec: Obj): void {
	dflt(spec, 'replicas', 1);
	dflt(spec, 'podManagementPolicy', 'OrderedReady');
	const strategy = objAt(spec, 'updateStrategy');
	if (strategy) {
		dflt(strategy, 'type', 'RollingUpdate');
		if (strategy.type === 'RollingUpdate') {
			const ru = objAt(strategy, 'rollingUpdate');
			if (ru) dflt(ru, 'partition', 0);
		}
	}
	dflt(spec, 'revisionHistoryLimit', 10);
	const retention = objAt(spec, 'persistentVolumeClaimRetentionPolicy');
	if (retention) {
		dflt(retention, 'whenDeleted', 'Retain');
		dflt(retention, 'whenScaled', 'Retain');
	}
	for (const t of objects(spec.volumeClaimTemplates)) {
		if (isObj(t.spec)) dflt(t.spec, 'volumeMode', 'Filesystem');
	}
	templateDefaults(spec);
}

function daemonSetDefaults(spec: Obj): void {
	const strategy = objAt(spec, 'updateStrategy');
	if (strategy) {
		dflt(strategy, 'type', 'RollingUpdate');
		if (strategy.type === 'RollingUpdate') {
			const ru = objAt(strategy, 'rollingUpdate');
			if (ru) {
				dflt(ru, 'maxUnavailable', 1);
				dflt(ru, 'maxSurge', 0);
			}
		}
	}
	dflt(spec, 'revisionHistoryLimit', 10);
	templateDefaults(spec);
}

function jobDefaults(spec: Obj): void {
	if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
		spec.completions = 1;
	}
	dflt(spec, 'parallelism', 1);
	dflt(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6);
	dflt(spec, 'completionMode', 'NonIndexed');
	dflt(spec, 'suspend', false);
	if (spec.podFailurePolicy === undefined || spec.podFailurePolicy === null) dflt(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
	templateDefaults(spec, true);
}

function cronJobDefaults(spec: Obj): void {
	dflt(spec, 'concurrencyPolicy', 'Allow');
	dflt(spec, 'suspend', false);
	dflt(spec, 'successfulJobsHistoryLimit', 3);
	dflt(spec, 'failedJobsHistoryLimit', 1);
	const jt = objAt(spec, 'jobTemplate');
	if (!jt) return;
	const js = objAt(jt, 'spec');
	if (js) templateDefaults(js, true);
}

function serviceDefaults(spec: Obj): void {
	dflt(spec, 'type', 'ClusterIP');
	dflt(spec, 'sessionAffinity', 'None');
	for (const p of objects(spec.ports)) {
		dflt(p, 'protocol', 'TCP');
		if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
	}
	if (spec.type === 'ExternalName') return;
	dflt(spec, 'internalTrafficPolicy', 'Cluster');
	dflt(spec, 'ipFamilies', ['IPv4']);
	dflt(spec, 'ipFamilyPolicy', 'SingleStack');
	if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') dflt(spec, 'externalTrafficPolicy', 'Cluster');
	if (spec.type === 'LoadBalancer') dflt(spec, 'allocateLoadBalancerNodePorts', true);
}

function scalingRulesDefaults(rules: Obj | undefined, up: boolean): Obj {
	const r = rules ?? {};
	dflt(r, 'stabilizationWindowSeconds', up ? 0 : 300);
	dflt(r, 'selectPolicy', 'Max');
	dflt(
		r,
		'policies',
		up
			? [
					{type: 'Pods', value: 4, periodSeconds: 15},
					{type: 'Percent', value: 100, periodSeconds: 15},
				]
			: [{type: 'Percent', value: 100, periodSeconds: 15}],
	);
	return r;
}

function hpaDefaults(spec: Obj): void {
	dflt(spec, 'minReplicas', 1);
	if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
		spec.metrics = [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}}];
	}
	// Behavior is only completed when given, as the API server does.
	if (isObj(spec.behavior)) {
		spec.behavior.scaleUp = scalingRulesDefaults(isObj(spec.behavior.scaleUp) ? spec.behavior.scaleUp : undefined, true);
		spec.behavior.scaleDown = scalingRulesDefaults(isObj(spec.behavior.scaleDown) ? spec.behavior.scaleDown : undefined, false);
	}
}

/**
 * Fills Kubernetes defaults into `obj` in place (pass a fresh copy). Call it before `validate`
 * on create, as the API server defaults first and validates the result.
 */
export function applyDefaults(obj: KObject): void {
	if (!isObj(obj)) return;
	const o = obj as Obj;
	const spec = (): Obj | undefined => objAt(o, 'spec');
	let s: Obj | undefined;
	switch (o.kind) {
		case 'Pod':
			if ((s = spec())) podSpecDefaults(s, {pod: true, job: false});
			break;
		case 'Deployment':
			if ((s = spec())) deploymentDefaults(s);
			break;
		case 'ReplicaSet':
			if ((s = spec())) {
				dflt(s, 'replicas', 1);
				templateDefaults(s);
			}
			break;
		case 'StatefulSet':
			if ((s = spec())) statefulSetDefaults(s);
			break;
		case 'DaemonSet':
			if ((s = spec())) daemonSetDefaults(s);
			break;
		case 'Job':
			if ((s = spec())) jobDefaults(s);
			break;
		case 'CronJob':
			if ((s = spec())) cronJobDefaults(s);
			break;
		case 'Service':
			if ((s = spec())) serviceDefaults(s);
			break;
		case 'HorizontalPodAutoscaler':
			if ((s = spec())) hpaDefaults(s);
			break;
		case 'Secret':
			dflt(o, 'type', 'Opaque');
			break;
		case 'Namespace':
			if ((s = spec())) dflt(s, 'finalizers', ['kubernetes']);
			break;
		case 'PersistentVolumeClaim':
			if ((s = spec())) dflt(s, 'volumeMode', 'Filesystem');
			break;
	}
}
