// metrics.k8s.io/v1beta1: PodMetrics and NodeMetrics from the cluster's metrics pipeline, what
// `kubectl top` reads.
import type {ServerResponse} from 'node:http';
import type {Cluster, KObject} from '../cluster/index.js';
import {errors} from '../cluster/core/errors.js';
import {METRICS_GROUP, METRICS_VERSION} from './discovery.js';
import {sendJson} from './http.js';
import {selectors, type ResourcePath} from './request.js';

function rfc3339(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const cpu = (millicores: number) => `${Math.max(0, Math.round(millicores * 1e6))}n`;
const mem = (bytes: number) => `${Math.max(0, Math.round(bytes / 1024))}Ki`;

export function metrics(cluster: Cluster, res: ServerResponse, t: ResourcePath, q: URLSearchParams): void {
	const kind = t.resource.kind;
	const apiVersion = `${METRICS_GROUP}/${METRICS_VERSION}`;
	const podMetrics = (pod: KObject) => {
		const ns = pod.metadata.namespace!;
		const usage = cluster.usage('Pod', ns, pod.metadata.name);
		const containers = cluster.containerUsage(ns, pod.metadata.name);
		if (!usage || !containers) return undefined;
		return {
			kind,
			apiVersion,
			metadata: {name: pod.metadata.name, namespace: ns, creationTimestamp: rfc3339(cluster.now()), labels: pod.metadata.labels},
			timestamp: rfc3339(usage.timestamp),
			window: '15s',
			containers: containers.map(c => ({name: c.name, usage: {cpu: cpu(c.cpuMilli), memory: mem(c.memoryBytes)}})),
		};
	};
	const nodeMetrics = (node: KObject) => {
		const usage = cluster.usage('Node', undefined, node.metadata.name);
		if (!usage) return undefined;
		return {
			kind,
			apiVersion,
			metadata: {name: node.metadata.name, creationTimestamp: rfc3339(cluster.now()), labels: node.metadata.labels},
			timestamp: rfc3339(usage.timestamp),
			window: '20s',
			usage: {cpu: cpu(usage.cpuMilli), memory: mem(usage.memoryBytes)},
		};
	};
	const isPods = kind === 'PodMetrics';
	const of = isPods ? 'Pod' : 'Node';
	const render = (o: KObject) => (isPods ? podMetrics(o) : nodeMetrics(o));
	if (t.name) {
		const m = render(cluster.get(of, t.namespace, t.name));
		if (!m) throw errors.notFound(`${t.resource.plural}.${METRICS_GROUP}`, t.name);
		return sendJson(res, 200, m);
	}
	const items = cluster.list(of, selectors(t, q)).map(render).filter(Boolean);
	sendJson(res, 200, {kind: `${kind}List`, apiVersion, metadata: {}, items});
}
