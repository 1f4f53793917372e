// What the pod-aware plugins (InterPodAffinity, PodTopologySpread) read about the pods already
// placed: the scheduler answers from the store's label index and its own cache of bound pods,
// the "why?" diagnosis from plain lists.
import type {Labels, Namespace, Pod} from '../types.js';
import {matches, type Selector} from '../core/selectors.js';
import type {NodeInfo} from './nodeinfo.js';

export interface PodLister {
	/** Pods bound to a node and still holding it, of one namespace (all when undefined), whose labels match. */
	bound(namespace: string | undefined, selector: Selector): Pod[];
	/** Bound pods that carry pod affinity or anti-affinity terms of their own which may take this pod (a superset). */
	withAffinity(pod: Pod): Pod[];
	/** The labels of a namespace (for namespaceSelector). */
	namespaceLabels(name: string): Labels | undefined;
	/** The node a bound pod is on. */
	nodeOf(pod: Pod): NodeInfo | undefined;
	/** Every node the scheduler knows. */
	nodes(): readonly NodeInfo[];
}

export function hasPodAffinity(pod: Pod): boolean {
	const a = pod.spec.affinity;
	return !!(a && (a.podAffinity || a.podAntiAffinity));
}

/** A lister over lists of objects, for one-off questions. */
export function listLister(pods: readonly Pod[], nodes: ReadonlyMap<string, NodeInfo>, namespaces: readonly Namespace[], except?: string): PodLister {
	const placed = pods.filter(p => p.spec.nodeName && p.metadata.uid !== except && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && nodes.has(p.spec.nodeName));
	const nsLabels = new Map(namespaces.map(n => [n.metadata.name, n.metadata.labels ?? {}]));
	const all = [...nodes.values()];
	return {
		bound: (namespace, selector) => placed.filter(p => (namespace === undefined || p.metadata.namespace === namespace) && matches(selector, p.metadata.labels)),
		withAffinity: () => placed.filter(hasPodAffinity),
		namespaceLabels: name => nsLabels.get(name),
		nodeOf: pod => nodes.get(pod.spec.nodeName!),
		nodes: () => all,
	};
}
