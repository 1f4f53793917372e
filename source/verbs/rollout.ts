// `kubectl rollout history | undo | restart`: computed from the Deployment and the ReplicaSets it
// controls, as kubectl computes them on the client side.
import type {Deployment, PodTemplateSpec, ReplicaSet} from '../cluster/types.js';
import {HASH_LABEL, REVISION, revisionOf} from '../cluster/core/templates.js';
import {deepEqual} from '../cluster/core/json.js';
import {controllerOf} from '../cluster/core/owners.js';
import {selectorString} from '../kinds/format.js';
import {resourceName} from '../kinds/index.js';
import {kindLabel, mustKind, VerbError, type VerbBackend} from './backend.js';

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Deployment annotations a rollback keeps from the Deployment rather than taking from the ReplicaSet. */
const KEPT_ON_ROLLBACK = new Set([
	'kubectl.kubernetes.io/last-applied-configuration',
	REVISION,
	'deployment.kubernetes.io/revision-history',
	'deployment.kubernetes.io/desired-replicas',
	'deployment.kubernetes.io/max-replicas',
	'deprecated.deployment.rollback.to',
]);

export interface Revision {
	revision: number;
	changeCause?: string;
	replicaSet: string;
	template: PodTemplateSpec;
}

/** The revisions of a Deployment, oldest first, from the ReplicaSets it controls. */
export function revisions(deployment: Deployment, replicaSets: readonly ReplicaSet[]): Revision[] {
	return replicaSets
		.filter(rs => controllerOf(rs)?.uid === deployment.metadata.uid)
		.map(rs => ({revision: revisionOf(rs), changeCause: rs.metadata.annotations?.[CHANGE_CAUSE], replicaSet: rs.metadata.name, template: rs.spec?.template}))
		.sort((a, b) => a.revision - b.revision);
}

export type RollbackChange = {skipped: string} | {patch: unknown[]; message: string};

/**
 * `kubectl rollout undo [--to-revision=N]`: a JSON patch that puts the chosen ReplicaSet's pod
 * template (without its pod-template-hash label) and annotations back on the Deployment. The
 * default target is the newest revision before the current one.
 */
export function rollbackChange(deployment: Deployment, replicaSets: readonly ReplicaSet[], toRevision = 0): RollbackChange {
	const name = deployment.metadata.name;
	const owned = replicaSets.filter(rs => controllerOf(rs)?.uid === deployment.metadata.uid);
	const none = () => new VerbError(`error: no rollout history found for deployment "${name}"`);
	let target: ReplicaSet | undefined;
	if (toRevision > 0) {
		target = owned.find(rs => revisionOf(rs) === toRevision);
		if (!target) throw new VerbError(owned.length ? `error: unable to find specified revision ${toRevision} in history` : none().message);
	} else {
		const byRevision = [...owned].sort((a, b) => revisionOf(b) - revisionOf(a));
		target = byRevision[1];
		if (!target) throw none();
	}
	const template = structuredClone(target.spec.template);
	if (template.metadata?.labels) delete template.metadata.labels[HASH_LABEL];
	if (deepEqual(template, deployment.spec?.template))
		return {skipped: `deployment.apps/${name} skipped rollback (current template already matches revision ${revisionOf(target)})`};
	const annotations: Record<string, string> = {};
	for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) if (KEPT_ON_ROLLBACK.has(k)) annotations[k] = v;
	for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!KEPT_ON_ROLLBACK.has(k)) annotations[k] = v;
	return {
		patch: [
			{op: 'replace', path: '/spec/template', value: template},
			{op: 'replace', path: '/metadata/annotations', value: annotations},
		],
		message: `deployment.apps/${name} rolled back`,
	};
}

/** `kubectl rollout restart`: a strategic merge patch stamping the pod template with the time. */
export function restartPatch(kind: string, name: string, at: string): unknown {
	const k = mustKind(kind);
	if (!k.capabilities.restartable) throw new VerbError(`error: ${resourceName(k)} "${name}" restarting is not supported`);
	return {spec: {template: {metadata: {annotations: {[RESTARTED_AT]: at}}}}};
}

async function replicaSetsOf(b: VerbBackend, deployment: Deployment): Promise<ReplicaSet[]> {
	const selector = selectorString(deployment.spec?.selector);
	return (await b.list('ReplicaSet', {namespace: deployment.metadata.namespace, labelSelector: selector || undefined})) as ReplicaSet[];
}

export async function history(b: VerbBackend, namespace: string, name: string): Promise<Revision[]> {
	const d = (await b.get('Deployment', namespace, name)) as Deployment;
	return revisions(d, await replicaSetsOf(b, d));
}

export async function rollback(b: VerbBackend, namespace: string, name: string, toRevision = 0): Promise<string> {
	const d = (await b.get('Deployment', namespace, name)) as Deployment;
	const change = rollbackChange(d, await replicaSetsOf(b, d), toRevision);
	if ('skipped' in change) return change.skipped;
	await b.patch('Deployment', namespace, name, change.patch, 'json');
	return change.message;
}

export async function restart(b: VerbBackend, kind: string, namespace: string, name: string): Promise<string> {
	const k = mustKind(kind);
	await b.patch(k.kind, namespace, name, restartPatch(k.kind, name, b.nowISO()), 'strategic');
	return `${kindLabel(k)}/${name} restarted`;
}
