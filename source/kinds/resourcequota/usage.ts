// What an object counts against a ResourceQuota, by quota resource name: `pods`,
// `requests.cpu`, `limits.memory`, `services.nodeports`, `requests.storage`,
// `<class>.storageclass.storage.k8s.io/requests.storage`, `count/deployments.apps`... Both the
// ResourceQuota admission and the quota controller count with these.
import type {KObject, PersistentVolumeClaim, Pod, ResourceList, Service} from '../../cluster/types.js';
import type {ClusterReader, KindInfo} from '../types.js';
import {Quantity} from '../resources.js';
import {isTerminal} from '../../cluster/core/pods.js';

export type Usage = Map<string, Quantity>;

const ONE = () => new Quantity(1n, 0, 'DecimalSI');
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

function add(u: Usage, name: string, q: Quantity): void {
	const before = u.get(name);
	u.set(name, before ? before.add(q) : q);
}

/** The resource name `count/` quotas use for a kind: `pods`, `deployments.apps`. */
export function countName(k: KindInfo): string {
	return k.group ? `${k.plural}.${k.group}` : k.plural;
}

/** A pod's effective requests or limits: the containers summed, or the largest init container when more. */
function podResources(pod: Pod, which: 'requests' | 'limits'): Map<string, Quantity> {
	const total = new Map<string, Quantity>();
	for (const c of pod.spec?.containers ?? [])
		for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
			const q = Quantity.parse(v);
			if (q) total.set(k, total.get(k)?.add(q) ?? q);
		}
	for (const c of pod.spec?.initContainers ?? [])
		for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
			const q = Quantity.parse(v);
			if (q && (!total.has(k) || q.compare(total.get(k)!) > 0)) total.set(k, q);
		}
	return total;
}

/** What one container asks for, named as quotas name it (cpu and requests.cpu for a cpu request). */
export function containerQuotaNames(requests: ResourceList | undefined, limits: ResourceList | undefined): Set<string> {
	const out = new Set<string>();
	for (const k of Object.keys(requests ?? {})) {
		if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') out.add(k);
		out.add(`requests.${k}`);
	}
	for (const k of Object.keys(limits ?? {})) out.add(`limits.${k}`);
	return out;
}

/** What `obj` of kind `k` counts. Finished pods count nothing. */
export function usageOf(k: KindInfo, obj: KObject): Usage {
	const u: Usage = new Map();
	if (k.kind === 'Pod') {
		const pod = obj as Pod;
		if (isTerminal(pod)) return u;
		add(u, 'pods', ONE());
		for (const [r, q] of podResources(pod, 'requests')) {
			add(u, `requests.${r}`, q);
			if (r === 'cpu' || r === 'memory' || r === 'ephemeral-storage') add(u, r, q);
		}
		for (const [r, q] of podResources(pod, 'limits')) add(u, `limits.${r}`, q);
	} else if (k.kind === 'Service') {
		const svc = obj as Service;
		add(u, 'services', ONE());
		const type = svc.spec?.type ?? 'ClusterIP';
		if (type === 'LoadBalancer') add(u, 'services.loadbalancers', ONE());
		if (type === 'NodePort' || type === 'LoadBalancer') {
			const ports = (svc.spec?.ports ?? []).length;
			add(u, 'services.nodeports', new Quantity(BigInt(ports), 0, 'DecimalSI'));
		}
	} else if (k.kind === 'PersistentVolumeClaim') {
		const pvc = obj as PersistentVolumeClaim;
		add(u, 'persistentvolumeclaims', ONE());
		const storage = Quantity.parse(pvc.spec?.resources?.requests?.storage);
		if (storage) add(u, 'requests.storage', storage);
		const cls = pvc.spec?.storageClassName;
		if (cls) {
			add(u, `${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE());
			if (storage) add(u, `${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
		}
	} else if (!k.group && ['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(k.plural)) {
		add(u, k.plural, ONE());
	}
	add(u, `count/${countName(k)}`, ONE());
	return u;
}

/** The kinds whose objects may count toward a quota resource name. */
export function kindsCounting(name: string, kinds: readonly KindInfo[]): KindInfo[] {
	if (name.startsWith('count/')) {
		const rest = name.slice('count/'.length);
		return kinds.filter(k => countName(k) === rest);
	}
	const pick = (plural: string) => kinds.filter(k => !k.group && k.plural === plural);
	if (name === 'pods' || name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') return pick('pods');
	if (name.startsWith('requests.') || name.startsWith('limits.')) return name === 'requests.storage' ? pick('persistentvolumeclaims') : pick('pods');
	if (name.startsWith('services')) return pick('services');
	if (name === 'persistentvolumeclaims' || name.includes(STORAGE_CLASS_SUFFIX)) return pick('persistentvolumeclaims');
	return pick(name);
}

/** What the objects of a namespace use of each of `names`, every name present (zero when unused). */
export function namespaceUsage(namespace: string, names: readonly string[], kinds: readonly KindInfo[], read: ClusterReader, skip?: KObject): Usage {
	const used: Usage = new Map();
	const wanted = new Set(names);
	const scanned = new Set<string>();
	for (const name of names) used.set(name, Quantity.zero());
	for (const name of names) {
		for (const k of kindsCounting(name, kinds)) {
			if (scanned.has(k.kind)) continue;
			scanned.add(k.kind);
			for (const obj of read.list(k.kind, namespace)) {
				if (skip && obj.metadata.uid === skip.metadata.uid) continue;
				for (const [r, q] of usageOf(k, obj)) if (wanted.has(r)) add(used, r, q);
			}
		}
	}
	return used;
}

/** `a=1,b=2Gi`, sorted by name (as quota messages print usage). */
export function prettyUsage(u: Usage, names: Iterable<string>): string {
	return [...names].sort().map(n => `${n}=${(u.get(n) ?? Quantity.zero()).toString()}`).join(',');
}
