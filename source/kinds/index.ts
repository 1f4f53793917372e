// The registry of every kind the cluster serves. Adding a kind is one file here.
import {namespace} from './namespace.js';
import {node} from './node.js';
import {pod} from './pod.js';
import {service} from './service.js';
import {endpoints} from './endpoints.js';
import {configMap} from './configmap.js';
import {secret} from './secret.js';
import {event} from './event.js';
import {serviceAccount} from './serviceaccount.js';
import {persistentVolumeClaim} from './pvc.js';
import {lease} from './lease.js';
import {deployment} from './deployment.js';
import {replicaSet} from './replicaset.js';
import {daemonSet} from './daemonset.js';
import {statefulSet} from './statefulset.js';
import {job} from './job.js';
import {cronJob} from './cronjob.js';
import {horizontalPodAutoscaler} from './hpa.js';
import {endpointSlice} from './endpointslice.js';
import {ingress} from './ingress.js';
import {podDisruptionBudget} from './pdb.js';
import type {KindInfo} from './types.js';

export type {KindInfo, Column, RenderContext, Capabilities} from './types.js';

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
	daemonSet,
	statefulSet,
	job,
	cronJob,
	horizontalPodAutoscaler,
	endpointSlice,
	ingress,
	podDisruptionBudget,
];

const byKind = new Map<string, KindInfo>();
const byName = new Map<string, KindInfo>();
for (const k of KINDS) {
	byKind.set(k.kind, k);
	for (const n of [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames]) {
		byName.set(n, k);
		if (k.group) byName.set(`${n}.${k.group}`, k);
	}
}

/** The KindInfo of a kind (`Pod`, `Deployment`). */
export function kindInfo(kind: string): KindInfo | undefined {
	return byKind.get(kind);
}

/** Resolves what a user types (`po`, `pods`, `deploy`, `deployments.apps`, `Pod`) to a kind. */
export function resolveKind(name: string): KindInfo | undefined {
	return byKind.get(name) ?? byName.get(name.toLowerCase());
}

/** The resource name used in messages: `pods`, `deployments.apps`. */
export function resourceName(k: KindInfo): string {
	return k.group ? `${k.plural}.${k.group}` : k.plural;
}
