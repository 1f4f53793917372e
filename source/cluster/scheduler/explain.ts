// What each node's filters say about a pod now: the reasons behind a FailedScheduling message,
// node by node (the scheduler's event gives only their counts), with the room each node has left.
// Built afresh from the nodes and the pods bound to them, so it never touches the scheduler's cache.
import type {Namespace, Node, Pod} from '../types.js';
import {addPod, newNodeInfo, podRequests} from './nodeinfo.js';
import {matchesNodeAffinity, prepare, runFilters} from './plugins.js';
import {hasPodAffinity, listLister} from './podlister.js';
import {prepareAffinity} from './interpodaffinity.js';
import {prepareSpread} from './podtopologyspread.js';

export interface NodeVerdict {
	node: string;
	/** The first failing filter's reasons, as kube-scheduler words them; empty when the pod fits. */
	reasons: string[];
	/** Allocatable less what bound pods request: millicores, bytes, pod slots. */
	free: {cpuMilli: number; memoryBytes: number; pods: number};
}

export interface SchedulingExplanation {
	/** What the pod requests: millicores and bytes. */
	requests: {cpuMilli: number; memoryBytes: number};
	nodes: NodeVerdict[];
}

export function explainScheduling(pod: Pod, nodes: readonly Node[], pods: readonly Pod[], namespaces: readonly Namespace[] = []): SchedulingExplanation {
	const infos = new Map(nodes.map(n => [n.metadata.name, newNodeInfo(n)]));
	for (const p of pods) {
		const node = p.spec.nodeName;
		if (!node || p.metadata.uid === pod.metadata.uid) continue;
		if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
		const info = infos.get(node);
		if (info) addPod(info, podRequests(p), 1);
	}
	const req = podRequests(pod);
	const candidate = prepare(pod, req, image => image);
	// the pod-aware filters (PodTopologySpread, InterPodAffinity) read the pods placed now
	const lister = listLister(pods, infos, namespaces, pod.metadata.uid);
	if (hasPodAffinity(pod) || lister.withAffinity(pod).length) candidate.affinity = prepareAffinity(pod, lister);
	if (pod.spec.topologySpreadConstraints?.length) candidate.spread = prepareSpread(pod, lister, n => matchesNodeAffinity(pod, n));
	return {
		requests: {cpuMilli: req.cpu, memoryBytes: req.mem},
		nodes: [...infos.values()]
			.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
			.map(n => ({
				node: n.name,
				reasons: runFilters(candidate, n) ?? [],
				free: {cpuMilli: n.allocCpu - n.reqCpu, memoryBytes: n.allocMem - n.reqMem, pods: n.allocPods - n.pods},
			})),
	};
}
