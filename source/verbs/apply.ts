// `kubectl apply` (client side): each object carries its last applied configuration in an
// annotation; an update is a three-way patch from that configuration to the new one, laid over
// the live object, so fields set by others (replicas scaled by an HPA, defaults) survive.
import type {KObject} from '../cluster/types.js';
import {stableStringify} from '../cluster/core/json.js';
import {isStatusError} from '../cluster/core/errors.js';
import {ManifestError, parseManifests, validateDocs} from '../cluster/api/manifest.js';
import {strategicMergePatch} from '../cluster/api/patch.js';
import {NAMESPACES, resolveKind, type KindInfo} from '../kinds/index.js';
import {kindLabel, type VerbBackend} from './backend.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
	kind: string;
	namespace?: string;
	name: string;
	action: ApplyAction;
	/** `deployment.apps/web configured`, as kubectl prints it. */
	message: string;
}

/** What the in-process apply needs: reads and writes that can be dry-run. */
export interface ApplyTarget {
	find(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	create(obj: KObject, opts?: {dryRun?: boolean}): KObject;
	update(obj: KObject, opts?: {dryRun?: boolean}): KObject;
}

/** A merge-style patch from the last applied configuration to the new one (removed keys become null). */
type Json = Record<string, unknown>;

function isMap(v: unknown): v is Json {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function diffPatch(last: unknown, next: unknown): unknown {
	if (!isMap(last) || !isMap(next)) return next;
	const out: Json = {...next};
	for (const k of Object.keys(last)) {
		if (!(k in next)) out[k] = null;
		else out[k] = diffPatch(last[k], next[k]);
	}
	return out;
}

/** The object to send: in its namespace, with its last applied configuration recorded. */
export function withLastApplied(k: KindInfo, input: KObject, defaultNamespace = 'default'): KObject {
	const obj: KObject = structuredClone(input);
	if (k.namespaced) obj.metadata.namespace = obj.metadata.namespace || defaultNamespace;
	const applied = structuredClone(obj);
	obj.metadata.annotations = {...obj.metadata.annotations, [LAST_APPLIED]: `${stableStringify(applied)}\n`};
	return obj;
}

/** The strategic merge patch that takes the live object to the applied configuration of `obj`. */
export function threeWayPatch(live: KObject, obj: KObject): Json {
	let last: unknown = {};
	try {
		const text = live.metadata.annotations?.[LAST_APPLIED];
		if (text) last = JSON.parse(text);
	} catch {
		last = {};
	}
	const applied = obj.metadata.annotations![LAST_APPLIED]!;
	const next: unknown = JSON.parse(applied);
	const diff = diffPatch(last, next);
	const patch: Json = isMap(diff) ? diff : {};
	const metadata = isMap(patch.metadata) ? patch.metadata : {};
	const annotations = isMap(metadata.annotations) ? metadata.annotations : {};
	patch.metadata = {...metadata, annotations: {...annotations, [LAST_APPLIED]: applied}};
	return patch;
}

/**
 * Nothing to do: the same configuration was applied last and the live object still has every
 * field of it (one changed or removed since by another writer is put back, as kubectl's
 * three-way merge does).
 */
function unchanged(live: KObject, obj: KObject): boolean {
	return live.metadata.annotations?.[LAST_APPLIED] === obj.metadata.annotations?.[LAST_APPLIED] && holdsAll(live, obj);
}

/** Whether `live` has every field of `applied` with the same value (lists item by item). */
function holdsAll(live: unknown, applied: unknown): boolean {
	if (Array.isArray(applied)) return Array.isArray(live) && live.length === applied.length && applied.every((x, i) => holdsAll(live[i], x));
	if (applied !== null && typeof applied === 'object') {
		if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
		return Object.entries(applied as Record<string, unknown>).every(([k, v]) => holdsAll((live as Record<string, unknown>)[k], v));
	}
	return live === applied;
}

function result(k: KindInfo, obj: KObject, action: ApplyAction): ApplyResult {
	return {kind: k.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, action, message: `${kindLabel(k)}/${obj.metadata.name} ${action}`};
}

/** Applies manifests in-process: every write is dry-run first, then all are made. */
export function applyManifests(api: ApplyTarget, text: string, source = '<stdin>', defaultNamespace = 'default'): ApplyResult[] {
	const docs = parseManifests(text, source);
	validateDocs(docs);
	const creatingNamespaces = new Set(docs.filter(d => d.object.kind === NAMESPACES.kind).map(d => d.object.metadata.name));
	const plans = docs.map(doc => {
		const k = resolveKind(doc.object.kind)!;
		return {k, obj: withLastApplied(k, doc.object, defaultNamespace), doc};
	});
	for (const {k, obj, doc} of plans) {
		const existing = api.find(k.kind, obj.metadata.namespace, obj.metadata.name);
		try {
			if (!existing) {
				if (!(k.namespaced && creatingNamespaces.has(obj.metadata.namespace!) && !api.find(NAMESPACES.kind, undefined, obj.metadata.namespace!))) api.create(obj, {dryRun: true});
			} else api.update(merged(existing, obj), {dryRun: true});
		} catch (e) {
			if (isStatusError(e)) throw new ManifestError(source, doc.line, e.message);
			throw e;
		}
	}
	return plans.map(({k, obj}) => {
		const live = api.find(k.kind, obj.metadata.namespace, obj.metadata.name);
		if (!live) {
			api.create(obj);
			return result(k, obj, 'created');
		}
		if (unchanged(live, obj)) return result(k, obj, 'unchanged');
		api.update(merged(live, obj));
		return result(k, obj, 'configured');
	});
}

function merged(live: KObject, obj: KObject): KObject {
	const next = strategicMergePatch(live, threeWayPatch(live, obj));
	next.metadata.resourceVersion = live.metadata.resourceVersion;
	return next;
}

/**
 * Applies manifests through a VerbBackend (a real cluster), one object after the other; the
 * server validates each write.
 */
export async function apply(b: VerbBackend, text: string, source = '<stdin>', defaultNamespace = 'default'): Promise<ApplyResult[]> {
	const out: ApplyResult[] = [];
	for (const doc of parseManifests(text, source)) {
		const k = resolveKind(doc.object.kind)!;
		const obj = withLastApplied(k, doc.object, defaultNamespace);
		const live = await b.find(k.kind, obj.metadata.namespace, obj.metadata.name);
		if (!live) {
			await b.create(obj);
			out.push(result(k, obj, 'created'));
		} else if (unchanged(live, obj)) {
			out.push(result(k, obj, 'unchanged'));
		} else {
			await b.patch(k.kind, obj.metadata.namespace, obj.metadata.name, threeWayPatch(live, obj), 'strategic');
			out.push(result(k, obj, 'configured'));
		}
	}
	return out;
}
