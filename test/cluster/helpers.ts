// Helpers for scenario tests: a small cluster, manifests as text, and readers for events.
import {createCluster, type Cluster, type ClusterOptions} from '../../source/cluster/index.js';
import type {Event, Pod} from '../../source/cluster/types.js';

export function smallCluster(options: ClusterOptions = {}): Cluster {
	return createCluster({nodes: 3, seed: 7, ...options});
}

/** Events about an object (or of a reason), oldest first. */
export function eventsFor(cluster: Cluster, filter: {name?: string; kind?: string; reason?: string; namespace?: string}): Event[] {
	return cluster
		.list('Event', {namespace: filter.namespace})
		.filter(e => (!filter.name || e.involvedObject.name === filter.name) && (!filter.kind || e.involvedObject.kind === filter.kind) && (!filter.reason || e.reason === filter.reason))
		.sort((a, b) => (a.firstTimestamp! < b.firstTimestamp! ? -1 : a.firstTimestamp! > b.firstTimestamp! ? 1 : Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)));
}

export function podsOf(cluster: Cluster, selector: string, namespace = 'default'): Pod[] {
	return cluster.list('Pod', {namespace, labelSelector: selector});
}

/** Advances in steps until `done` holds (or the limit passes), returning the virtual ms used. */
export function advanceUntil(cluster: Cluster, done: () => boolean, limitMs = 600_000, stepMs = 1000): number {
	let used = 0;
	while (!done()) {
		if (used >= limitMs) throw new Error(`condition not reached within ${limitMs} ms of virtual time`);
		cluster.advance(stepMs);
		used += stepMs;
	}
	return used;
}

export function deployment(name: string, replicas: number, image: string, extra: string = ''): string {
	return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
${extra}  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: ${image}
          resources:
            requests:
              cpu: 50m
              memory: 32Mi
`;
}
