// Cluster DNS as a container's nslookup sees it: a StatefulSet Pod's own name under its headless
// Service, in each form the search path accepts, and nothing for names that are no record.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster} from '../../source/cluster/index.js';
import type {Pod} from '../../source/cluster/types.js';
import {createPodNetwork} from '../../source/server/network.js';
import {loadCourse} from '../../source/learn/course.js';

function cacheCluster() {
	const c = createCluster({seed: 3});
	c.advance(10_000);
	const lesson = loadCourse('lessons').find(l => l.id === 'statefulset')!;
	c.apply(lesson.manifests!, lesson.source);
	c.scale('StatefulSet', 'default', 'cache', 3);
	c.advance(120_000);
	c.apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n');
	return c;
}

describe('cluster DNS for StatefulSet Pods', () => {
	const c = cacheCluster();
	const net = createPodNetwork(c);
	const ip = (name: string) => c.get<Pod>('Pod', 'default', name).status!.podIP!;

	it('answers HOSTNAME.SERVICE in every form the search path allows, from the namespace or outside it', () => {
		for (const name of ['cache-1.cache', 'cache-1.cache.default', 'cache-1.cache.default.svc', 'cache-1.cache.default.svc.cluster.local', 'CACHE-1.cache.default.svc.cluster.local.'])
			expect(net.resolve(name, 'default'), name).toMatchObject({name: 'cache-1.cache.default.svc.cluster.local', ips: [ip('cache-1')]});
		expect(net.resolve('cache-1.cache', 'other')).toBeUndefined();
		expect(net.resolve('cache-1.cache.default', 'other')).toMatchObject({ips: [ip('cache-1')]});
		// the Service itself still answers with every ready Pod
		expect(net.resolve('cache', 'default')?.ips.sort()).toEqual([ip('cache-0'), ip('cache-1'), ip('cache-2')].sort());
		expect(net.resolve('cache-3.cache', 'default')).toBeUndefined();
		expect(net.resolve('cache-1.cache.default.svc.example.com', 'default')).toBeUndefined();
	});

	it('leaves out a Pod while it is not Ready', () => {
		const d = createCluster({seed: 3});
		d.advance(10_000);
		d.apply(loadCourse('lessons').find(l => l.id === 'statefulset')!.manifests!);
		d.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: probed, namespace: default, labels: {app: cache}}\nspec:\n  hostname: cache-9\n  subdomain: cache\n  containers:\n  - name: redis\n    image: redis:7.4\n    readinessProbe: {tcpSocket: {port: 6379}, periodSeconds: 1}\n');
		d.advance(60_000);
		const dns = createPodNetwork(d);
		expect(dns.resolve('cache-9.cache', 'default')?.ips).toEqual([d.get<Pod>('Pod', 'default', 'probed').status!.podIP]);
		d.setProbesFailing('default', 'probed', true);
		d.advance(10_000);
		expect(d.get<Pod>('Pod', 'default', 'probed').status!.conditions!.find(x => x.type === 'Ready')!.status).toBe('False');
		expect(dns.resolve('cache-9.cache', 'default')).toBeUndefined();
	});

	it('never throws, and a Pod record it gives names a ready Pod of that hostname', () => {
		const label = fc.constantFrom('cache', 'cache-0', 'cache-1', 'cache-2', 'cache-7', 'default', 'other', 'svc', 'cluster', 'local', 'kube-dns', 'kube-system', '', 'x');
		fc.assert(
			fc.property(fc.array(label, {minLength: 1, maxLength: 7}), fc.constantFrom('default', 'other', 'kube-system'), (labels, ns) => {
				const r = net.resolve(labels.join('.'), ns);
				if (!r || r.service?.metadata.name !== 'cache' || !/^cache-\d\.cache\./.test(r.name)) return;
				expect(r.name).toMatch(/^cache-\d\.cache\.default\.svc\.cluster\.local$/);
				expect(r.ips).toEqual([ip(r.name.split('.')[0]!)]);
			}),
			{numRuns: 500, seed: 54},
		);
	});
});
