import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {createCluster} from '../../source/cluster/index.js';
import {advanceUntil, smallCluster} from './helpers.js';

const web = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('apply', () => {
	it('rejects a bad manifest whole, naming the file, line, field and reason', () => {
		const cluster = smallCluster();
		expect(() => cluster.apply(web, 'manifests/web.yaml')).toThrow('manifests/web.yaml:13: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
		expect(cluster.find('ConfigMap', 'default', 'settings')).toBeUndefined();
	});

	it('reports created, unchanged and configured', () => {
		const cluster = smallCluster();
		const good = web.replace('replicas: -1', 'replicas: 2');
		expect(cluster.apply(good, 'web.yaml').map(r => r.message)).toEqual(['configmap/settings created', 'deployment.apps/web created']);
		expect(cluster.apply(good, 'web.yaml').map(r => r.message)).toEqual(['configmap/settings unchanged', 'deployment.apps/web unchanged']);
		expect(cluster.apply(good.replace('replicas: 2', 'replicas: 4'), 'web.yaml').map(r => r.message)).toEqual(['configmap/settings unchanged', 'deployment.apps/web configured']);
		expect(cluster.get('Deployment', 'default', 'web').spec.replicas).toBe(4);
	});

	it('catches unknown kinds, invalid names, duplicate keys and wrong types', () => {
		const cluster = smallCluster();
		expect(() => cluster.apply('apiVersion: v1\nkind: Podd\nmetadata:\n  name: x\n', 'a.yaml')).toThrow(/^a\.yaml:2: no matches for kind "Podd" in version "v1"/);
		expect(() => cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n', 'b.yaml')).toThrow(/^b\.yaml:4: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
		expect(() => cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n', 'c.yaml')).toThrow(/^c\.yaml:5: .*name/);
		expect(() => cluster.apply(web.replace('replicas: -1', 'replicas: three'), 'd.yaml')).toThrow(/^d\.yaml:13: spec\.replicas: /);
		expect(() => cluster.apply('apiVersion: v1\nkind: ConfigMap\n', 'e.yaml')).toThrow(/^e\.yaml:\d+: /);
		expect(cluster.list('ConfigMap', {namespace: 'default'})).toHaveLength(0);
	});

	it('starts the demo manifests and serves them within seconds', () => {
		const dir = 'manifests';
		const manifests = readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(f => ({source: join(dir, f), text: readFileSync(join(dir, f), 'utf8')}));
		const cluster = createCluster({seed: 1, manifests});
		advanceUntil(cluster, () => ['web', 'api', 'redis'].every(n => cluster.get('Deployment', 'default', n).status?.availableReplicas === cluster.get('Deployment', 'default', n).spec.replicas), 60_000, 500);
		expect(cluster.elapsed()).toBe(8000); // seed 1: images pulled, containers started and ready by 8 s
		advanceUntil(cluster, () => (cluster.get('Service', 'default', 'web').status?.loadBalancer?.ingress?.length ?? 0) > 0, 10_000, 500);
		cluster.advance(20_000);
		const webPod = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'})[0]!;
		expect(cluster.logs('default', webPod.metadata.name).some(l => /"GET \/\S* HTTP\/1\.1" \d{3}/.test(l))).toBe(true);
		// the last scrape (09:00:15): 120 rps over 3 pods is 40 rps, 60m of nginx CPU times the seeded
		// jitter of the scrape; 3.8 MiB of memory and 20 KiB per rps
		expect(cluster.usage('Pod', 'default', webPod.metadata.name)).toEqual({cpuMilli: 58.317195892333984, memoryBytes: 4_803_789, timestamp: Date.UTC(2025, 0, 6, 9, 0, 15)});
		expect(cluster.list('Pod', {namespace: 'kube-system'}).map(p => p.metadata.name)).toEqual(
			expect.arrayContaining(['etcd-kubesim-control-plane', 'kube-apiserver-kubesim-control-plane', 'kube-controller-manager-kubesim-control-plane', 'kube-scheduler-kubesim-control-plane']),
		);
	});

	it('is deterministic: the same seed and steps give the same cluster', () => {
		const run = () => {
			const c = createCluster({seed: 42});
			c.apply(web.replace('replicas: -1', 'replicas: 5'), 'web.yaml');
			c.advance(30_000);
			return c.list('Pod', {namespace: 'default'}).map(p => `${p.metadata.name} ${p.spec.nodeName} ${p.status.podIP} ${p.status.phase}`);
		};
		expect(run()).toEqual(run());
	});
});
