// The API server's proxy subresources of pods and Services: `[scheme:]name[:port]` as the API
// server splits it (a property over any names and ports), the answer of the container that
// listens there, and the Status errors for a port nobody listens on, a Service without
// endpoints, a missing object and a malformed name.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import {splitSchemeNamePort} from '../../source/server/proxy.js';

describe('splitSchemeNamePort', () => {
	const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
	const port = fc.oneof(fc.integer({min: 1, max: 65535}).map(String), fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/));

	it('name, name:port and scheme:name:port come apart into their parts', () => {
		fc.assert(
			fc.property(name, port, fc.constantFrom('http', 'https'), (n, p, s) => {
				expect(splitSchemeNamePort(n)).toEqual({scheme: 'http', name: n, port: ''});
				expect(splitSchemeNamePort(`${n}:${p}`)).toEqual({scheme: 'http', name: n, port: p});
				expect(splitSchemeNamePort(`${s}:${n}:${p}`)).toEqual({scheme: s, name: n, port: p});
				expect(splitSchemeNamePort(`${s}:${n}:`)).toEqual({scheme: s, name: n, port: ''});
			}),
		);
	});

	it('more than three parts, an empty name or an unknown scheme are refused', () => {
		fc.assert(
			fc.property(fc.array(fc.string({maxLength: 6}).filter(s => !s.includes(':')), {minLength: 4, maxLength: 7}), parts => {
				expect(splitSchemeNamePort(parts.join(':'))).toBeUndefined();
			}),
		);
		expect(splitSchemeNamePort('')).toBeUndefined();
		expect(splitSchemeNamePort(':8080')).toBeUndefined();
		expect(splitSchemeNamePort('ftp:web:21')).toBeUndefined();
	});
});

describe('pods/NAME:PORT/proxy and services/NAME:PORT/proxy', () => {
	let cluster: Cluster;
	let server: KubeApiServer;
	const get = async (path: string) => {
		const r = await fetch(server.url() + path);
		return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
	};

	beforeAll(async () => {
		cluster = createCluster({nodes: 1, controlPlane: false, addons: false, seed: 3});
		cluster.apply(
			[
				'apiVersion: v1\nkind: Pod\nmetadata:\n  name: echo\n  labels: {app: echo}\nspec:\n  containers:\n    - name: echo\n      image: hashicorp/http-echo:1.0\n      args: ["-text=hello from echo"]\n      ports: [{containerPort: 5678, name: http}]\n',
				'apiVersion: v1\nkind: Service\nmetadata:\n  name: echo\nspec:\n  selector: {app: echo}\n  ports: [{name: web, port: 80, targetPort: 5678}]\n',
				'apiVersion: v1\nkind: Service\nmetadata:\n  name: nobody\nspec:\n  selector: {app: nobody}\n  ports: [{port: 80}]\n',
			].join('---\n'),
		);
		cluster.advance(10_000);
		server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
	});
	afterAll(async () => {
		await server?.close();
	});

	it("a pod's port, by number, by name or the first declared, answers as the container's server does", async () => {
		for (const id of ['echo:5678', 'echo:http', 'echo', 'http:echo:5678']) {
			expect(await get(`/api/v1/namespaces/default/pods/${id}/proxy/`)).toEqual({status: 200, type: 'text/plain; charset=utf-8', text: 'hello from echo\n'});
		}
		expect((await get('/api/v1/namespaces/default/pods/echo:5678/proxy/health')).text).toBe('{"status":"ok"}');
	});

	it('a Service answers from its ready endpoints, by port name, number or its only port', async () => {
		for (const id of ['echo:web', 'echo:80', 'echo']) expect((await get(`/api/v1/namespaces/default/services/${id}/proxy/`)).text).toBe('hello from echo\n');
	});

	it('refusals are Status objects with the API server words', async () => {
		const refused = await get('/api/v1/namespaces/default/pods/echo:9999/proxy/');
		const ip = cluster.get('Pod', 'default', 'echo').status.podIP;
		expect([refused.status, JSON.parse(refused.text).message]).toEqual([503, `error trying to reach service: dial tcp ${ip}:9999: connect: connection refused`]);
		const empty = await get('/api/v1/namespaces/default/services/nobody/proxy/');
		expect([empty.status, JSON.parse(empty.text).reason, JSON.parse(empty.text).message]).toEqual([503, 'ServiceUnavailable', 'no endpoints available for service "nobody"']);
		const missing = await get('/api/v1/namespaces/default/pods/ghost:80/proxy/');
		expect([missing.status, JSON.parse(missing.text).message]).toEqual([404, 'pods "ghost" not found']);
		const bad = await get('/api/v1/namespaces/default/pods/a:b:c:d/proxy/');
		expect([bad.status, JSON.parse(bad.text).message]).toEqual([400, 'invalid resource name: a:b:c:d']);
		const badPort = await get('/api/v1/namespaces/default/pods/echo:nope/proxy/');
		expect([badPort.status, JSON.parse(badPort.text).message]).toEqual([400, 'invalid port: nope']);
	});

	it('discovery lists the proxy subresources of pods and services with their kinds', async () => {
		const list = JSON.parse((await get('/api/v1')).text).resources as Array<{name: string; kind: string}>;
		expect(list.filter(r => r.name.endsWith('/proxy')).map(r => [r.name, r.kind])).toEqual([
			['nodes/proxy', 'NodeProxyOptions'],
			['pods/proxy', 'PodProxyOptions'],
			['services/proxy', 'ServiceProxyOptions'],
		]);
	});
});
