// Pod templates as workload controllers and kubectl's rollout verbs see them: the
// pod-template-hash, template equality without that label, revisions, and IntOrString
// percentages (maxSurge, maxUnavailable).
import type {KObject, Labels, PodTemplateSpec} from '../types.js';
import {fnv1a, safeEncode} from './rng.js';
import {stableStringify} from './json.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const HASH_LABEL = 'pod-template-hash';

/** A percentage or integer of `total` (IntOrString), rounding up or down. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: string): number {
	const value = v ?? dflt;
	if (typeof value === 'number') return value;
	const m = /^(\d+)%$/.exec(value);
	if (!m) return Number(value) || 0;
	const x = (Number(m[1]) * total) / 100;
	return roundUp ? Math.ceil(x) : Math.floor(x);
}

const templateKeys = new WeakMap<object, string>();

/** The template without its pod-template-hash label, serialized (cached per template object). */
function templateKey(template: PodTemplateSpec | undefined): string {
	if (!template || typeof template !== 'object') return stableStringify(stripHash(template));
	let k = templateKeys.get(template);
	if (k === undefined) {
		k = stableStringify(stripHash(template));
		templateKeys.set(template, k);
	}
	return k;
}

function stripHash(template: PodTemplateSpec | undefined) {
	const labels: Labels = {...(template?.metadata?.labels ?? {})};
	delete labels[HASH_LABEL];
	return {...template, metadata: {...template?.metadata, labels}};
}

/** pod-template-hash: FNV-32a of the template (and collision count), spelled in the name alphabet. */
export function templateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
	const text = templateKey(template) + (collisionCount ? String(collisionCount) : '');
	return safeEncode(String(fnv1a(text)));
}

export function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
	return a === b || templateKey(a) === templateKey(b);
}

export function revisionOf(obj: KObject): number {
	return Number(obj.metadata.annotations?.[REVISION] ?? 0) || 0;
}
