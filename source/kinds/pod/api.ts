// A Pod in the API server: the pod spec's defaults and validation, the update rule (a pod's spec
// is immutable but for images), admission (default tolerations, priority, QoS class, the Pending
// status) and graceful deletion on a node.
import type {KObject} from '../../cluster/types.js';
import {isTerminal} from '../../cluster/core/pods.js';
import type {KindApi} from '../types.js';
import {errors} from '../../cluster/core/errors.js';
import {isObj} from '../shared/fields.js';
import {dflt, objAt, podSpecDefaults} from '../shared/defaults.js';
import {podSpec} from '../shared/podspec.js';

type Spec = Record<string, any>;

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * The DefaultTolerationSeconds admission: tolerate not-ready and unreachable nodes for 300 s.
 * Always a new list: pods made from a template share its nested objects.
 */
function withDefaultTolerations(list: unknown[]): unknown[] {
	let notReady = false;
	let unreachable = false;
	for (const t of list) {
		if (!isObj(t) || (t.effect && t.effect !== 'NoExecute')) continue;
		if (!t.key && t.operator === 'Exists') notReady = unreachable = true;
		else if (t.key === NOT_READY) notReady = true;
		else if (t.key === UNREACHABLE) unreachable = true;
	}
	const out = [...list];
	if (!notReady) out.push({key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300});
	if (!unreachable) out.push({key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300});
	return out;
}

/** A Pod's spec defaults: the pod spec's, then what admission fills in (service account, priority...). */
function podSpecOfPodDefaults(spec: Spec): void {
	podSpecDefaults(spec, {pod: true, job: false});
	if (typeof spec.serviceAccount === 'string' && spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
	dflt(spec, 'serviceAccountName', 'default');
	dflt(spec, 'serviceAccount', spec.serviceAccountName);
	dflt(spec, 'enableServiceLinks', true);
	dflt(spec, 'priority', 0);
	dflt(spec, 'preemptionPolicy', 'PreemptLowerPriority');
	if (spec.tolerations === undefined || spec.tolerations === null || Array.isArray(spec.tolerations)) {
		spec.tolerations = withDefaultTolerations(spec.tolerations ?? []);
	}
}

export function qosClass(spec: any): 'Guaranteed' | 'Burstable' | 'BestEffort' {
	const containers: any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
	let any = false;
	let guaranteed = true;
	for (const c of containers) {
		const req = c.resources?.requests ?? {};
		const lim = c.resources?.limits ?? {};
		if (Object.keys(req).length || Object.keys(lim).length) any = true;
		for (const r of ['cpu', 'memory']) {
			if (lim[r] === undefined) guaranteed = false;
			else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
		}
	}
	if (!any) return 'BestEffort';
	return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A pod's spec is immutable but for images; what else an update changes is dropped. */
function admitPodUpdate(old: KObject, obj: KObject): void {
	const images = (obj.spec.containers ?? []).map((c: any) => c.image);
	const spec = {...old.spec, containers: old.spec.containers.map((c: any, i: number) => ({...c, image: images[i] ?? c.image}))};
	if (JSON.stringify(spec.containers.map((c: any) => c.name)) !== JSON.stringify((obj.spec.containers ?? []).map((c: any) => c.name)))
		throw errors.invalid('Pod', obj.metadata.name, [{reason: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'}]);
	obj.spec = spec;
}

/** Admission: default tolerations, priority, QoS class and the initial status. */
function admitPod(pod: KObject): void {
	const spec = pod.spec;
	spec.tolerations = withDefaultTolerations(spec.tolerations ?? []);
	if (spec.priority === undefined) spec.priority = 0;
	pod.status = {phase: 'Pending', qosClass: qosClass(spec)};
}

export const podApi: KindApi = {
	defaults(obj) {
		const spec = objAt(obj, 'spec');
		if (spec) podSpecOfPodDefaults(spec);
	},
	validate: (e, obj) => podSpec(e, obj.spec, 'spec', 'Pod'),
	admitCreate: admitPod,
	admitUpdate: admitPodUpdate,
	deletion: {
		// A pod bound to a node and still running waits for its kubelet.
		gracePeriod: (pod, requested) =>
			pod.spec?.nodeName && !isTerminal(pod) ? (requested ?? pod.spec.terminationGracePeriodSeconds ?? 30) : undefined,
	},
	internalSpecKeepsGeneration: true,
	listMerges: {
		'status.podIPs': {type: 'merge', key: 'ip'},
		'status.hostIPs': {type: 'merge', key: 'ip'},
	},
	index: {path: 'spec.nodeName', value: pod => pod.spec?.nodeName},
};
