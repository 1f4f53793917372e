// Simulator at scale: 5,000 nodes and 150,000 pods (1,500 Deployments of 100 replicas).
// Prints the wall time to schedule and run them all, the scheduling rate and the peak RSS.
import {createCluster, type Cluster} from '../source/cluster/index.js';
import {performance} from 'node:perf_hooks';

export interface ClusterBenchOptions {
	nodes: number;
	deployments: number;
	replicas: number;
	events: boolean;
}

function mib(bytes: number): string {
	return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function runClusterBench(o: ClusterBenchOptions): {figures: Record<string, string | number>; cluster: Cluster} {
	let peak = process.memoryUsage().rss;
	const sample = () => {
		const rss = process.memoryUsage().rss;
		if (rss > peak) peak = rss;
	};
	const t0 = performance.now();
	const cluster = createCluster({nodes: Array.from({length: o.nodes}, (_, i) => ({name: `node-${String(i + 1).padStart(4, '0')}`, cpu: '32', memory: '128Gi', pods: 110})), seed: 1, events: o.events, watchHistory: 5000, metrics: false});
	const tNodes = performance.now();
	sample();
	const total = o.deployments * o.replicas;
	const scheduledAtStart = cluster.stats().scheduled;
	let tScheduled = 0;
	const checkBound = () => {
		if (!tScheduled && cluster.stats().scheduled - scheduledAtStart >= total) tScheduled = performance.now();
	};
	for (let i = 0; i < o.deployments; i++) {
		const name = `app-${i}`;
		cluster.create(
			{
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				metadata: {name, namespace: 'default'},
				spec: {
					replicas: o.replicas,
					selector: {matchLabels: {app: name}},
					template: {
						metadata: {labels: {app: name}},
						spec: {containers: [{name: 'app', image: 'registry.k8s.io/pause:3.10', resources: {requests: {cpu: '10m', memory: '16Mi'}}}]},
					},
				},
			},
		);
		if (i % 100 === 0) sample();
		checkBound();
	}
	const tCreated = performance.now();
	let running = 0;
	const userPods = () => cluster.list('Pod', {namespace: 'default'});
	for (let step = 0; step < 600; step++) {
		checkBound();
		running = 0;
		for (const p of userPods()) if (p.status?.phase === 'Running') running++;
		sample();
		if (running >= total) break;
		cluster.advance(1000);
	}
	const tRunning = performance.now();
	if (!tScheduled) tScheduled = tRunning;
	const scheduled = cluster.stats().scheduled - scheduledAtStart;
	const figures = {
		nodes: o.nodes,
		pods: total,
		'events recorded': o.events ? 'yes' : 'no',
		'cluster start (nodes, leases, addons)': `${((tNodes - t0) / 1000).toFixed(2)} s`,
		'all pods bound (wall)': `${((tScheduled - tNodes) / 1000).toFixed(2)} s`,
		'all pods Running (wall)': `${((tRunning - tNodes) / 1000).toFixed(2)} s`,
		'pods Running': running,
		'virtual time elapsed': `${(cluster.elapsed() / 1000).toFixed(0)} s`,
		'scheduling rate': `${Math.round(scheduled / ((tScheduled - tNodes) / 1000))} pods/s`,
		'create calls (deployments, incl. reconcile)': `${((tCreated - tNodes) / 1000).toFixed(2)} s`,
		'peak RSS': mib(peak),
		'writes to the store': cluster.stats().writes,
	};
	return {figures, cluster};
}
