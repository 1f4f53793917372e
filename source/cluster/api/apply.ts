// `kubectl apply` inside the cluster: parse every document, validate them all, dry-run every
// write, and only then create or update each one (created / configured / unchanged). A bad
// manifest changes nothing.
import type {KObject} from '../types.js';
import {resolveKind} from '../../kinds/index.js';
import {stableStringify} from '../core/json.js';
import type {ApiServer} from './apiserver.js';
import {StatusError} from '../core/errors.js';
import {ManifestError, parseManifests, validateDocs} from './manifest.js';
import {strategicMergePatch} from './patch.js';

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

/** A JSON merge-style patch from the last applied configuration to the new one (removed keys become null). */
function diffPatch(last: any, next: any): any {
	if (last === null || typeof last !== 'object' || Array.isArray(last) || next === null || typeof next !== 'object' || Array.isArray(next)) return next;
	const out: any = {...next};
	for (const k of Object.keys(last)) {
		if (!(k in next)) out[k] = null;
		else out[k] = diffPatch(last[k], next[k]);
	}
	return out;
}

export function applyText(api: ApiServer, text: string, source = '<stdin>', defaultNamespace = 'default'): ApplyResult[] {
	const docs = parseManifests(text, source);
	validateDocs(docs);
	const plans: Array<{obj: KObject; existing?: KObject; line: number}> = [];
	const creatingNamespaces = new Set(docs.filter(d => d.object.kind === 'Namespace').map(d => d.object.metadata.name));
	for (const d of docs) {
		const k = resolveKind(d.object.kind)!;
		const obj: KObject = structuredClone(d.object);
		if (k.namespaced) obj.metadata.namespace = obj.metadata.namespace || defaultNamespace;
		const applied = structuredClone(obj);
		obj.metadata.annotations = {...obj.metadata.annotations, [LAST_APPLIED]: `${stableStringify(applied)}\n`};
		const existing = api.find(k.kind, obj.metadata.namespace, obj.metadata.name);
		try {
			if (!existing) {
				if (!(k.namespaced && creatingNamespaces.has(obj.metadata.namespace!) && !api.find('Namespace', undefined, obj.metadata.namespace!)))
					api.create(obj, {dryRun: true});
			} else api.update(merge(existing, obj), {dryRun: true});
		} catch (e) {
			if (e instanceof StatusError) throw new ManifestError(source, d.line, e.message);
			throw e;
		}
		plans.push({obj, existing, line: d.line});
	}
	const results: ApplyResult[] = [];
	for (const {obj, existing} of plans) {
		const k = resolveKind(obj.kind)!;
		const label = `${k.group ? `${k.singular}.${k.group}` : k.singular}/${obj.metadata.name}`;
		const current = existing ? api.find(k.kind, obj.metadata.namespace, obj.metadata.name) : undefined;
		let action: ApplyAction;
		if (!current) {
			api.create(obj);
			action = 'created';
		} else if (current.metadata.annotations?.[LAST_APPLIED] === obj.metadata.annotations![LAST_APPLIED]) {
			action = 'unchanged';
		} else {
			api.update(merge(current, obj));
			action = 'configured';
		}
		results.push({kind: k.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, action, message: `${label} ${action}`});
	}
	return results;
}

/** Three-way-ish merge: the live object, changed by what the new configuration adds, changes or drops. */
function merge(live: KObject, obj: KObject): KObject {
	const lastText = live.metadata.annotations?.[LAST_APPLIED];
	let last: any = {};
	try {
		if (lastText) last = JSON.parse(lastText);
	} catch {
		last = {};
	}
	const next = JSON.parse(obj.metadata.annotations![LAST_APPLIED]!);
	const patch = diffPatch(last, next);
	patch.metadata = {...patch.metadata, annotations: {...(patch.metadata?.annotations ?? {}), [LAST_APPLIED]: obj.metadata.annotations![LAST_APPLIED]}};
	const merged = strategicMergePatch(live, patch);
	merged.metadata.resourceVersion = live.metadata.resourceVersion;
	return merged;
}
