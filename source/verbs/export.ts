// `kubesim export`: a cluster's own objects as multi-document YAML that `kubectl apply -f` and
// `--manifests` take back. What the cluster made itself is left out (objects a controller owns,
// what the bootstrap creates, each kind's generated objects: events, leases, endpoints, nodes,
// default ServiceAccounts, kube-root-ca.crt), and so is what the server fills in on create
// (status, uid, resourceVersion, timestamps, managedFields, allocated addresses).
import {stringify} from 'yaml';
import {creationRank, kindInfo} from '../kinds/index.js';
import type {KObject} from '../cluster/types.js';

/** Annotations the cluster's components write; a create writes them again. */
const SERVER_ANNOTATIONS = [/^kubectl\.kubernetes\.io\/last-applied-configuration$/, /^deployment\.kubernetes\.io\//, /^pv\.kubernetes\.io\//, /^volume\.(beta\.)?kubernetes\.io\//];

/** An object's key as the `system` sets name them: `kind/namespace/name`. */
export function objectId(obj: KObject): string {
	return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/**
 * What export keeps of one object, or undefined for one the cluster makes itself. `system`:
 * the keys of what a new cluster's bootstrap creates (its namespaces, RBAC, add-ons).
 */
export function exportedObject(obj: KObject, system: ReadonlySet<string>): KObject | undefined {
	const info = kindInfo(obj.kind);
	if (!info || info.exported === false) return undefined;
	const m = obj.metadata;
	if (system.has(objectId(obj)) || m.deletionTimestamp || m.ownerReferences?.some(o => o.controller)) return undefined;
	const copy = structuredClone(obj) as KObject & {status?: unknown};
	delete copy.status;
	const meta: KObject['metadata'] = {name: m.name};
	if (info.namespaced && m.namespace) meta.namespace = m.namespace;
	if (m.labels && Object.keys(m.labels).length) meta.labels = {...m.labels};
	const annotations = Object.entries(m.annotations ?? {}).filter(([k]) => !SERVER_ANNOTATIONS.some(r => r.test(k)));
	if (annotations.length) meta.annotations = Object.fromEntries(annotations);
	// finalizers the API server adds (kubernetes.io/pvc-protection...) are added again
	const finalizers = (m.finalizers ?? []).filter(f => !f.startsWith('kubernetes'));
	if (finalizers.length) meta.finalizers = finalizers;
	const out = {...copy, apiVersion: info.apiVersion, kind: obj.kind, metadata: meta} as KObject;
	return info.exported ? info.exported(out) : out;
}

/** The objects export writes, in creation order (by kind, then namespace and name). */
export function exportedObjects(objects: Iterable<KObject>, system: ReadonlySet<string>): KObject[] {
	const out: KObject[] = [];
	for (const o of objects) {
		const e = exportedObject(o, system);
		if (e) out.push(e);
	}
	return out.sort((a, b) => creationRank(a.kind) - creationRank(b.kind) || a.kind.localeCompare(b.kind) || objectId(a).localeCompare(objectId(b)));
}

/** A value with the keys of every map in order, so the same object prints the same however it was written. */
function sorted(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(sorted);
	if (!v || typeof v !== 'object') return v;
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(v).sort()) out[k] = sorted((v as Record<string, unknown>)[k]);
	return out;
}

/** Multi-document YAML, one document per object: apiVersion, kind and metadata first, then the rest, keys in order. */
export function exportYaml(objects: readonly KObject[]): string {
	return objects
		.map(o => {
			const {apiVersion, kind, metadata, ...rest} = o as KObject & Record<string, unknown>;
			return stringify({apiVersion, kind, metadata: sorted(metadata), ...(sorted(rest) as object)}, {lineWidth: 0});
		})
		.join('---\n');
}
