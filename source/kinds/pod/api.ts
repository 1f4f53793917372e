// A Pod in the API server: the pod spec's defaults and validation, the update rule (a pod's spec
// is immutable but for images, activeDeadlineSeconds, tolerations added, a few more), admission
// (default tolerations, priority, QoS class, the Pending status) and graceful deletion on a node.
import type {KObject, NewPod, Pod, PodSpec, Toleration} from '../../cluster/types.js';
import {isTerminal} from '../../cluster/core/pods.js';
import type {AdmissionContext, KindApi} from '../types.js';
import {FieldErrors, type Obj, child, index, isObj, sameValue} from '../shared/fields.js';
import {dflt, objAt, podSpecDefaults} from '../shared/defaults.js';
import {podSpec} from '../shared/podspec.js';
import {writeEphemeralContainers} from './ephemeral.js';

type Spec = Record<string, any>;

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * The DefaultTolerationSeconds admission: tolerate not-ready and unreachable nodes for 300 s.
 * Always a new list: pods made from a template share its nested objects.
 */
function withDefaultTolerations<T>(list: readonly T[]): Array<T | Toleration> {
	let notReady = false;
	let unreachable = false;
	for (const t of list) {
		if (!isObj(t) || (t.effect && t.effect !== 'NoExecute')) continue;
		if (!t.key && t.operator === 'Exists') notReady = unreachable = true;
		else if (t.key === NOT_READY) notReady = true;
		else if (t.key === UNREACHABLE) unreachable = true;
	}
	const out: Array<T | Toleration> = [...list];
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

export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
	const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
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

const UPDATABLE_FIELDS = [
	'`spec.containers[*].image`',
	'`spec.initContainers[*].image`',
	'`spec.activeDeadlineSeconds`',
	'`spec.tolerations` (only additions to existing tolerations)',
	'`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

const MAX_INT32 = 2147483647;

function list(v: unknown): unknown[] {
	return Array.isArray(v) ? v : [];
}

/** `containers` with the images of `from`, index by index (an image that is not a name keeps the old one). */
function withImages(containers: unknown, from: unknown): unknown[] {
	const source = list(from);
	return list(containers).map((c, i) => {
		const image = isObj(source[i]) ? source[i].image : undefined;
		return isObj(c) ? {...c, image: typeof image === 'string' && image ? image : c.image} : c;
	});
}

function withoutSeconds(t: unknown): unknown {
	return isObj(t) ? {...t, tolerationSeconds: undefined} : t;
}

/** Every old toleration is still there, but for its tolerationSeconds. */
function onlyAddedTolerations(e: FieldErrors, now: unknown[], before: unknown[]): void {
	for (const old of before) {
		const want = withoutSeconds(old);
		let found = false;
		for (const t of now) if (sameValue(withoutSeconds(t), want)) found = true;
		if (!found) {
			e.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds');
			return;
		}
	}
}

function gateName(g: unknown): unknown {
	return isObj(g) ? g.name : undefined;
}

/** Scheduling gates may only be removed. */
function onlyDeletedGates(e: FieldErrors, now: unknown[], before: unknown[]): void {
	const known = new Set(before.map(gateName));
	now.forEach((g, i) => {
		const name = gateName(g);
		if (!known.has(name)) e.forbidden(child(index('spec.schedulingGates', i), 'name'), `only deletion is allowed, but found new scheduling gate '${String(name)}'`);
	});
}

/** ValidatePodUpdate: what of a pod's spec may change, and how. */
function validatePodUpdate(e: FieldErrors, obj: Obj, old: KObject): void {
	const spec: Spec = isObj(obj.spec) ? obj.spec : {};
	const before: Spec = old.spec ?? {};
	for (const f of ['containers', 'initContainers']) {
		if (list(spec[f]).length !== list(before[f]).length) {
			e.forbidden(`spec.${f}`, 'pod updates may not add or remove containers');
			return;
		}
	}
	const deadline = spec.activeDeadlineSeconds;
	const oldDeadline = before.activeDeadlineSeconds;
	if (typeof deadline === 'number') {
		if (deadline < 0 || deadline > MAX_INT32) {
			e.invalid('spec.activeDeadlineSeconds', deadline, `must be between 0 and ${MAX_INT32}, inclusive`);
			return;
		}
		if (typeof oldDeadline === 'number' && oldDeadline < deadline) {
			e.invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value');
			return;
		}
	} else if (typeof oldDeadline === 'number') {
		e.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value');
	}
	onlyAddedTolerations(e, list(spec.tolerations), list(before.tolerations));
	onlyDeletedGates(e, list(spec.schedulingGates), list(before.schedulingGates));

	// Everything else must be as it was. The old spec is defaulted as the new one was: a pod the
	// cluster's controllers made never went through the defaults.
	const base: Spec = structuredClone(before);
	podSpecOfPodDefaults(base);
	const munged: Spec = {
		...spec,
		containers: withImages(spec.containers, base.containers),
		initContainers: withImages(spec.initContainers, base.initContainers),
		activeDeadlineSeconds: base.activeDeadlineSeconds,
		tolerations: base.tolerations,
		schedulingGates: base.schedulingGates,
	};
	const grace = base.terminationGracePeriodSeconds;
	if (typeof grace === 'number' && grace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = grace;
	if (!sameValue(munged, base)) e.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_FIELDS}`);
}

/** The spec an update stores: the old one with what may change taken from the new one. */
function admitPodUpdate(old: KObject, obj: KObject): void {
	const spec: Spec = isObj(obj.spec) ? obj.spec : {};
	const before: Spec = old.spec ?? {};
	const next: Spec = {...before, containers: withImages(before.containers, spec.containers)};
	if (before.initContainers !== undefined) next.initContainers = withImages(before.initContainers, spec.initContainers);
	if (typeof spec.activeDeadlineSeconds === 'number') next.activeDeadlineSeconds = spec.activeDeadlineSeconds;
	if (Array.isArray(spec.tolerations)) next.tolerations = spec.tolerations;
	if (before.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds === 1) next.terminationGracePeriodSeconds = 1;
	if (before.schedulingGates !== undefined) {
		if (spec.schedulingGates === undefined || spec.schedulingGates === null) delete next.schedulingGates;
		else next.schedulingGates = spec.schedulingGates;
	}
	obj.spec = next;
}

/** Admission: default tolerations, priority, QoS class and the initial status. */
function admitPod(pod: NewPod, ctx: AdmissionContext): void {
	const spec = pod.spec;
	spec.tolerations = withDefaultTolerations(spec.tolerations ?? []);
	if (spec.priority === undefined) spec.priority = 0;
	pod.status = {phase: 'Pending', qosClass: qosClass(spec)};
	// a pod created with scheduling gates says so in its PodScheduled condition
	if (spec.schedulingGates?.length) {
		const lastTransitionTime = new Date(Math.floor(ctx.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
		pod.status.conditions = [{type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime}];
	}
}

export const podApi: KindApi = {
	defaults(obj) {
		const spec = objAt(obj, 'spec');
		if (spec) podSpecOfPodDefaults(spec);
	},
	validate: (e, obj) => podSpec(e, obj.spec, 'spec', 'Pod'),
	validateUpdate: validatePodUpdate,
	admitCreate: admitPod,
	admitUpdate: admitPodUpdate,
	subresourceWrites: {ephemeralcontainers: writeEphemeralContainers},
	deletion: {
		// A pod bound to a node and still running waits for its kubelet.
		gracePeriod: (pod: Pod, requested) =>
			pod.spec?.nodeName && !isTerminal(pod) ? (requested ?? pod.spec.terminationGracePeriodSeconds ?? 30) : undefined,
	},
	internalSpecKeepsGeneration: true,
	listMerges: {
		'status.podIPs': {type: 'merge', key: 'ip'},
		'status.hostIPs': {type: 'merge', key: 'ip'},
	},
	index: {path: 'spec.nodeName', value: (pod: Pod) => pod.spec?.nodeName},
};
