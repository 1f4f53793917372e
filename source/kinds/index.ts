// The registry of every kind the cluster serves. Adding a kind is one file here.
import {namespace} from './namespace/index.js';
import {node} from './node/index.js';
import {pod} from './pod/index.js';
import {service} from './service/index.js';
import {endpoints} from './endpoints.js';
import {configMap} from './configmap/index.js';
import {secret} from './secret/index.js';
import {event} from './event.js';
import {serviceAccount} from './serviceaccount/index.js';
import {persistentVolumeClaim} from './pvc/index.js';
import {lease} from './lease.js';
import {deployment} from './deployment/index.js';
import {replicaSet} from './replicaset/index.js';
import {replicationController} from './replicationcontroller/index.js';
import {daemonSet} from './daemonset/index.js';
import {statefulSet} from './statefulset/index.js';
import {job} from './job/index.js';
import {cronJob} from './cronjob/index.js';
import {horizontalPodAutoscaler} from './hpa/index.js';
import {endpointSlice} from './endpointslice.js';
import {ingress} from './ingress/index.js';
import {podDisruptionBudget} from './pdb/index.js';
import {clusterRole, clusterRoleBinding, role, roleBinding} from './rbac/index.js';
import {networkPolicy} from './networkpolicy/index.js';
import {ingressClass} from './ingressclass/index.js';
import {certificateSigningRequest} from './csr/index.js';
import {persistentVolume} from './pv/index.js';
import {storageClass} from './storageclass/index.js';
import {priorityClass} from './priorityclass/index.js';
import {runtimeClass} from './runtimeclass/index.js';
import {limitRange} from './limitrange/index.js';
import {resourceQuota} from './resourcequota/index.js';
import {setQuotaKinds} from './resourcequota/api.js';
import {customResourceDefinition} from './crd/index.js';
import {apiService} from './apiservice/index.js';
import type {AdmissionPlugin, KindInfo} from './types.js';
import type {FieldIndex} from '../cluster/store/store.js';

export type {KindInfo, Column, RenderContext, Capabilities, KindApi, AdmissionContext, AdmissionPlugin, AdmissionRequest, ClusterReader, UserInfo, SubresourceWrite, WriteAuthorization, ServedVersion, ListMerge, KindView, KindAction, ActionCommand, Drill, Health, ViewContext, ExtraCell, SidePaneContent} from './types.js';
export {drillOf, healthOf, kindActions, relatedPods, statusHealth} from './view.js';

export const KINDS: readonly KindInfo[] = [
	namespace,
	node,
	pod,
	service,
	endpoints,
	configMap,
	secret,
	event,
	serviceAccount,
	persistentVolumeClaim,
	lease,
	deployment,
	replicaSet,
	replicationController,
	daemonSet,
	statefulSet,
	job,
	cronJob,
	horizontalPodAutoscaler,
	endpointSlice,
	ingress,
	podDisruptionBudget,
	role,
	clusterRole,
	roleBinding,
	clusterRoleBinding,
	networkPolicy,
	ingressClass,
	certificateSigningRequest,
	persistentVolume,
	storageClass,
	priorityClass,
	runtimeClass,
	limitRange,
	resourceQuota,
	customResourceDefinition,
	apiService,
];
setQuotaKinds(KINDS);

/** The admission plugins the kinds bring, in the order the API server runs them. */
export const ADMISSION_PLUGINS: readonly AdmissionPlugin[] = KINDS.flatMap(k => k.admission ?? []).sort((a, b) => a.order - b.order);

/**
 * The kind that scopes every namespaced one: the API server creates in a namespace only once it
 * exists and while it is not terminating.
 */
export const NAMESPACES: KindInfo = namespace;

const byKind = new Map<string, KindInfo>();
const byName = new Map<string, KindInfo>();
for (const k of KINDS) {
	byKind.set(k.kind, k);
	for (const n of [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames]) {
		byName.set(n, k);
		if (k.group) byName.set(`${n}.${k.group}`, k);
	}
}

/** The order objects are created in, so that what others refer to exists first (as Helm installs them). */
const CREATION_ORDER = [
	'CustomResourceDefinition',
	'Namespace',
	'PriorityClass',
	'StorageClass',
	'ResourceQuota',
	'LimitRange',
	'ServiceAccount',
	'Secret',
	'ConfigMap',
	'PersistentVolume',
	'PersistentVolumeClaim',
	'ClusterRole',
	'ClusterRoleBinding',
	'Role',
	'RoleBinding',
	'Service',
	'IngressClass',
	'DaemonSet',
	'Pod',
	'ReplicationController',
	'ReplicaSet',
	'Deployment',
	'HorizontalPodAutoscaler',
	'StatefulSet',
	'Job',
	'CronJob',
	'Ingress',
	'NetworkPolicy',
	'PodDisruptionBudget',
];

/** Where objects of a kind come in CREATION_ORDER (kinds it leaves out come last). */
export function creationRank(kind: string): number {
	const i = CREATION_ORDER.indexOf(kind);
	return i < 0 ? CREATION_ORDER.length : i;
}

// The kinds custom resource definitions add while they are established: served as the built-in
// ones are, until their definition goes. A built-in kind's name is never taken over.
const customByKind = new Map<string, KindInfo>();
const customByName = new Map<string, KindInfo>();
let servedGeneration = 0;
let servedList: readonly KindInfo[] = KINDS;
const servedListeners = new Set<() => void>();

function indexCustom(): void {
	customByName.clear();
	for (const k of customByKind.values())
		for (const n of [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames]) {
			if (!byName.has(n) && !customByName.has(n)) customByName.set(n, k);
			customByName.set(`${n}.${k.group}`, k);
		}
	servedList = customByKind.size ? [...KINDS, ...customByKind.values()] : KINDS;
	servedGeneration++;
	for (const l of servedListeners) l();
}

/** Who serves each custom kind (a cluster's controller), so that one cluster cannot stop another's. */
const customOwner = new Map<string, object>();

/**
 * Serves a custom kind (a CRD became established, or changed) for `owner`; false when a built-in
 * kind has its name. The kinds served are the process's: with several clusters in one process,
 * the last to serve a kind's name serves it.
 */
export function serveCustomKind(info: KindInfo, owner: object = customOwner): boolean {
	if (byKind.has(info.kind)) return false;
	customByKind.set(info.kind, info);
	customOwner.set(info.kind, owner);
	indexCustom();
	return true;
}

/** Stops serving a custom kind (its definition is gone), unless another owner serves it now. */
export function unserveCustomKind(kind: string, owner?: object): void {
	if (owner && customOwner.get(kind) !== owner) return;
	customOwner.delete(kind);
	if (customByKind.delete(kind)) indexCustom();
}

/** Every kind served now: the built-in ones, then those of custom resource definitions. */
export function servedKinds(): readonly KindInfo[] {
	return servedList;
}

/** A number that changes whenever the served kinds change (for what is derived from them). */
export function servedKindsGeneration(): number {
	return servedGeneration;
}

/** Calls `listener` whenever the served kinds change; returns the unsubscribe. */
export function onServedKindsChange(listener: () => void): () => void {
	servedListeners.add(listener);
	return () => servedListeners.delete(listener);
}

/** Whether a kind comes from a custom resource definition. */
export function isCustomKind(kind: string): boolean {
	return customByKind.has(kind);
}

/** The KindInfo of a kind (`Pod`, `Deployment`). */
export function kindInfo(kind: string): KindInfo | undefined {
	return byKind.get(kind) ?? customByKind.get(kind);
}

/** Resolves what a user types (`po`, `pods`, `deploy`, `deployments.apps`, `Pod`) to a kind. */
export function resolveKind(name: string): KindInfo | undefined {
	if (typeof name !== 'string') return undefined;
	return byKind.get(name) ?? byName.get(name.toLowerCase()) ?? customByKind.get(name) ?? customByName.get(name.toLowerCase());
}

/** The resource name used in messages: `pods`, `deployments.apps`. */
export function resourceName(k: KindInfo): string {
	return k.group ? `${k.plural}.${k.group}` : k.plural;
}

/** The field the store indexes for each kind that declares one (pods by spec.nodeName). */
export function fieldIndexes(): Map<string, FieldIndex> {
	const out = new Map<string, FieldIndex>();
	for (const k of KINDS) if (k.api?.index) out.set(k.kind, k.api.index);
	return out;
}
