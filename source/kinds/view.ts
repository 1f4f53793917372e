// What the kinds' dashboard views share, and how a view is read with its defaults: health from a
// status text or from replica counts, the pods a workload's selector picks, the drill to the
// pods an object owns, the workload actions, and a kind's actions after its capabilities.
import type {DaemonSet, Deployment, Job, KObject, Pod, ReplicaSet, ReplicationController, StatefulSet} from '../cluster/types.js';
import type {Drill, Health, KindAction, KindInfo, KindView, ViewContext} from './types.js';
import {selectorString} from './format.js';

const BAD = /(CrashLoopBackOff|Error|ErrImagePull|ImagePullBackOff|OOMKilled|Failed|CreateContainerConfigError|InvalidImageName|ErrImageNeverPull|Evicted|NotReady|Unknown|ContainerStatusUnknown|DeadlineExceeded|BackoffLimitExceeded|Init:Error|Init:CrashLoopBackOff)/;
const WARN = /^(Pending|ContainerCreating|PodInitializing|Init:|Terminating|SchedulingDisabled|Ready,SchedulingDisabled)/;

/** Health of a STATUS text (a pod's, a node's, a container's state), the way k9s colours rows. */
export function statusHealth(status: string): Health {
	if (status === 'Terminating') return 'muted';
	if (status === 'Completed' || status === 'Succeeded' || status === 'Complete') return 'muted';
	if (BAD.test(status)) return 'bad';
	if (WARN.test(status)) return 'warn';
	return 'ok';
}

/** Muted while the object is being deleted: every kind's row colour unless its view says more. */
export function deletingHealth(obj: KObject): Health {
	return obj.metadata.deletionTimestamp ? 'muted' : 'none';
}

/** The kinds with spec.replicas and status.readyReplicas. */
export type Replicated = Deployment | ReplicaSet | StatefulSet | ReplicationController;

/** The kinds whose spec.selector is a LabelSelector of their pods. */
export type Selecting = Deployment | ReplicaSet | StatefulSet | DaemonSet | Job;

/** Ready replicas against spec.replicas (default 1): all ready ok, none bad, some warn. */
export function replicasHealth(obj: Replicated): Health {
	const want = obj.spec?.replicas ?? 1;
	const ready = obj.status?.readyReplicas ?? 0;
	if (obj.metadata.deletionTimestamp) return 'muted';
	return ready >= want ? 'ok' : ready === 0 && want > 0 ? 'bad' : 'warn';
}

/** The pods in the object's namespace that its spec.selector (a LabelSelector) picks. */
export function podsSelectedBy(obj: Selecting, ctx: ViewContext): Pod[] {
	const sel = selectorString(obj.spec?.selector);
	if (!sel) return [];
	return ctx.list('Pod', {namespace: obj.metadata.namespace, labelSelector: sel});
}

/** The pods an object owns, directly or through its ReplicaSets or Jobs. */
export function ownedPods(obj: KObject): Drill {
	return {to: 'pods', namespace: obj.metadata.namespace!, ownerUid: obj.metadata.uid};
}

/** A workload: enter lists the pods it owns; the side pane shows the pods its selector picks. */
export const WORKLOAD_VIEW: KindView = {drill: ownedPods, relatedPods: podsSelectedBy, pane: 'pods', xray: {}};

export const SCALE: KindAction = {key: 's', command: 'scale', message: 'keys.workload.scale', mutates: true, requires: 'scalable'};
export const RESTART: KindAction = {key: 'r', command: 'restart', message: 'keys.workload.restart', mutates: true, requires: 'restartable'};

/** The kind of an object, among the kinds the context serves. */
export function kindOf(obj: KObject, ctx: ViewContext): KindInfo | undefined {
	return ctx.kinds().find(k => k.kind === obj.kind);
}

/** The pods an object stands for, by its kind's view (none when the view says nothing). */
export function relatedPods(obj: KObject, ctx: ViewContext): Pod[] {
	return kindOf(obj, ctx)?.view?.relatedPods?.(obj, ctx) ?? [];
}

/** A row's health by its kind's view. */
export function healthOf(kind: KindInfo, obj: KObject): Health {
	return kind.view?.health ? kind.view.health(obj) : deletingHealth(obj);
}

/** What enter opens for an object of a kind. */
export function drillOf(kind: KindInfo, obj: KObject, ctx: ViewContext): Drill {
	return kind.view?.drill?.(obj, ctx) ?? {to: 'describe'};
}

/** The actions a kind offers: those of its view whose capability it has. */
export function kindActions(kind: KindInfo): KindAction[] {
	return (kind.view?.actions ?? []).filter(a => !a.requires || kind.capabilities[a.requires] === true);
}
