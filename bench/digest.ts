// A digest of a seeded medium run: the demo manifests plus a fleet of Deployments on 200 nodes,
// a rollout, a scale-down, a scale-up and deleted pods, with events on. It prints one hash of
// every object in the store (in store order, serialised as kubectl would receive it), one of
// every write in commit order, and the counts. A change that only makes the simulator faster
// must leave all of them as they were: `npx tsx bench/digest.ts`.
import {createHash} from 'node:crypto';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {createCluster} from '../source/cluster/index.js';

const dir = join(import.meta.dirname, '..', 'manifests');
const manifests = readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(f => ({text: readFileSync(join(dir, f), 'utf8'), source: f}));
const nodes = Number(process.env.NODES ?? 200);
const deployments = Number(process.env.DEPS ?? 60);
const t0 = performance.now();
const cluster = createCluster({
	nodes: Array.from({length: nodes}, (_, i) => ({name: `node-${String(i + 1).padStart(4, '0')}`, cpu: '32', memory: '128Gi', pods: 110})),
	seed: 7,
	events: true,
	manifests,
});
const writes = createHash('sha256');
let writeCount = 0;
cluster.setJournal((rv, type, obj) => {
	writeCount++;
	writes.update(`${rv} ${type} ${JSON.stringify(obj)}\n`);
});
const deployment = (i: number, replicas: number, image: string) => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name: `app-${i}`, namespace: 'default'},
	spec: {
		replicas,
		selector: {matchLabels: {app: `app-${i}`}},
		template: {
			metadata: {labels: {app: `app-${i}`}},
			spec: {containers: [{name: 'app', image, resources: {requests: {cpu: '10m', memory: '16Mi'}}}]},
		},
	},
});
for (let i = 0; i < deployments; i++) cluster.create(deployment(i, 100, 'registry.k8s.io/pause:3.10'));
for (let s = 0; s < 60; s++) cluster.advance(1000);
// a rollout, a scale-down and a scale-up, and some pods deleted
for (let i = 0; i < deployments; i += 6) cluster.apply(JSON.stringify(deployment(i, 100, 'nginx:1.27')));
for (let i = 1; i < deployments; i += 6) cluster.apply(JSON.stringify(deployment(i, 20, 'registry.k8s.io/pause:3.10')));
for (let i = 2; i < deployments; i += 6) cluster.apply(JSON.stringify(deployment(i, 130, 'registry.k8s.io/pause:3.10')));
const pods = cluster.list('Pod', {namespace: 'default'});
for (let i = 0; i < pods.length; i += 97) cluster.delete('Pod', 'default', pods[i]!.metadata.name);
for (let s = 0; s < 120; s++) cluster.advance(1000);
const t1 = performance.now();

const objects = createHash('sha256');
let objectCount = 0;
for (const obj of cluster.image().objects) {
	objectCount++;
	objects.update(`${JSON.stringify(obj)}\n`);
}
const image = cluster.image();
const running = cluster.list('Pod', {namespace: 'default'}).filter(p => p.status?.phase === 'Running').length;
console.log(`objects  ${objectCount}  ${objects.digest('hex')}`);
console.log(`writes   ${writeCount}  ${writes.digest('hex')}`);
console.log(`running  ${running}  resourceVersion ${image.resourceVersion}  elapsed ${image.elapsed}  rng ${image.rng}`);
console.error(`(${((t1 - t0) / 1000).toFixed(1)} s)`);
