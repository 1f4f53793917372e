// What a kubectl verb needs of a cluster: reads and the writes kubectl itself sends. The
// embedded client answers from the simulator in-process, the kubeconfig client over HTTP; each
// verb in this folder is written once against this interface, so the two cannot drift apart.
import type {KObject} from '../cluster/types.js';
import {resolveKind, type KindInfo} from '../kinds/index.js';

export type PatchType = 'merge' | 'strategic' | 'json';

/** The Content-Type each kind of patch is sent with. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
	merge: 'application/merge-patch+json',
	strategic: 'application/strategic-merge-patch+json',
	json: 'application/json-patch+json',
};
export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export interface VerbBackend {
	/** The object, or a rejection with the text kubectl prints (`Error from server (NotFound): ...`). */
	get(kind: string, namespace: string | undefined, name: string): Promise<KObject>;
	/** Like get, but undefined when the object does not exist. */
	find(kind: string, namespace: string | undefined, name: string): Promise<KObject | undefined>;
	list(kind: string, opts?: {namespace?: string; labelSelector?: string; fieldSelector?: string}): Promise<KObject[]>;
	create(obj: KObject): Promise<KObject>;
	/** A whole-object replace (PUT): a stale resourceVersion is a conflict. */
	update(obj: KObject): Promise<KObject>;
	patch(kind: string, namespace: string | undefined, name: string, body: unknown, type: PatchType, subresource?: 'scale' | 'status'): Promise<KObject>;
	delete(kind: string, namespace: string | undefined, name: string, propagation: Propagation): Promise<void>;
	/** The eviction subresource (429 when a PodDisruptionBudget refuses). */
	evict(namespace: string, name: string): Promise<void>;
	/** The cluster's time as RFC 3339 (the simulated clock, or the wall clock of a real cluster). */
	nowISO(): string;
}

/** A rejection in kubectl's words. */
export class VerbError extends Error {
	override name = 'VerbError';
}

/** The kind as kubectl names it in results: `deployment.apps`, `pod`. */
export function kindLabel(k: KindInfo): string {
	return k.group ? `${k.singular}.${k.group}` : k.singular;
}

/** The KindInfo of a kind name or alias; a VerbError in kubectl's words when the cluster has no such kind. */
export function mustKind(kind: string): KindInfo {
	const k = resolveKind(kind);
	if (!k) throw new VerbError(`error: the server doesn't have a resource type "${kind}"`);
	return k;
}

/** RFC 3339 to the second, as kubectl stamps times (`2025-01-06T09:00:00Z`). */
export function rfc3339(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
