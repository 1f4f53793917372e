// Single requests that used to kill, freeze or 500 the API server: each is answered with a
// Kubernetes Status (or success) and the server keeps answering `/version` afterwards.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connect} from 'node:net';
import {request} from 'node:http';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';

let cluster: Cluster;
let server: KubeApiServer;
let base: string;
let port: number;

beforeAll(async () => {
	cluster = createCluster({nodes: 2, seed: 7});
	cluster.advance(5_000);
	server = createApiServer(cluster);
	port = await server.listen(0, '127.0.0.1');
	base = server.url();
});

afterAll(async () => {
	await server.close();
});

/** One raw HTTP exchange: what the server wrote back before it closed the connection. */
function raw(text: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => socket.write(text));
		let out = '';
		socket.setEncoding('utf8');
		socket.on('data', (c: string) => (out += c));
		socket.on('end', () => resolve(out));
		socket.on('error', reject);
	});
}

function statusOf(response: string): {code: number; body: any} {
	const code = Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1]);
	const body = response.slice(response.indexOf('\r\n\r\n') + 4);
	return {code, body: body ? JSON.parse(body) : undefined};
}

async function alive(): Promise<void> {
	const r = await fetch(`${base}/version`);
	expect(r.status).toBe(200);
	expect(((await r.json()) as any).gitVersion).toBe(cluster.version);
}

async function send(method: string, path: string, body: string, contentType = 'application/json') {
	const r = await fetch(base + path, {method, headers: {'Content-Type': contentType}, body});
	return {status: r.status, body: (await r.json()) as any};
}

describe('requests that must not end the process', () => {
	it('a websocket upgrade whose path reads as an authority (//x:99999/) is refused, not a crash', async () => {
		const out = await raw(`GET //x:99999/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
		const {code, body} = statusOf(out);
		expect(code).toBe(400);
		expect(body).toMatchObject({kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400});
		await alive();
	});

	it('a websocket upgrade to an exec path with a malformed escape is a 400', async () => {
		const out = await raw(`GET /api/v1/namespaces/%E0%A4%A/pods/x/exec?command=sh HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
		const {code, body} = statusOf(out);
		expect(code).toBe(400);
		expect(body.reason).toBe('BadRequest');
		await alive();
	});

	it('a plain request to the same path is a 404 Status', async () => {
		const out = await raw(`GET //x:99999/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
		expect(statusOf(out).code).toBe(404);
		await alive();
	});
});

describe('client errors are 4xx, never 500', () => {
	it('a malformed percent escape in the path is a 400 Status', async () => {
		const r = await fetch(`${base}/api/v1/namespaces/%E0%A4%A/pods`);
		expect(r.status).toBe(400);
		expect(await r.json()).toMatchObject({kind: 'Status', reason: 'BadRequest', code: 400});
	});

	it('JSON nested 10,000 deep is a 400, and the server answers afterwards', async () => {
		const deep = '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"deep"},"x":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
		const r = await send('POST', '/api/v1/namespaces/default/configmaps', deep);
		expect(r.status).toBe(400);
		expect(r.body.reason).toBe('BadRequest');
		expect(r.body.message).toContain('nests deeper than 1000 levels');
		expect(cluster.find('ConfigMap', 'default', 'deep')).toBeUndefined();
		await alive();
	});

	it('a million-deep JSON array within the body limit is a 400 too', async () => {
		const r = await send('POST', '/api/v1/namespaces/default/configmaps', '['.repeat(1_000_000) + ']'.repeat(1_000_000));
		expect(r.status).toBe(400);
		await alive();
	});

	it('a recursive YAML alias is a 400', async () => {
		const r = await send('POST', '/api/v1/namespaces/default/configmaps', 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: bomb\na: &x\n  b: *x\n', 'application/yaml');
		expect(r.status).toBe(400);
		expect(r.body.message).toContain('error decoding YAML: the document refers to itself');
		await alive();
	});

	it('a YAML alias bomb (a billion laughs) is a 400', async () => {
		const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
		for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
		const r = await send('POST', '/api/v1/namespaces/default/configmaps', lines.join('\n') + '\n', 'application/yaml');
		expect(r.status).toBe(400);
		expect(r.body.message).toContain('error decoding YAML');
		await alive();
	});

	it('a YAML body over 512 KiB is a 413 (YAML decoding cannot be interrupted); the same object as JSON is read', async () => {
		const items = Array.from({length: 80_000}, (_, i) => `  k${i}: v`).join('\n');
		const yaml = `kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: wide\ndata:\n${items}\n`;
		const r = await send('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', yaml, 'application/yaml');
		expect(r.status).toBe(413);
		expect(r.body).toMatchObject({kind: 'Status', reason: 'RequestEntityTooLarge', code: 413});
		const data = Object.fromEntries(Array.from({length: 80_000}, (_, i) => [`k${i}`, 'v']));
		const json = await send('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', JSON.stringify({kind: 'ConfigMap', apiVersion: 'v1', metadata: {name: 'wide'}, data}), 'application/yaml');
		expect(json.status).toBe(201);
		expect(Object.keys(json.body.data)).toHaveLength(80_000);
	});

	it('headers over 16 KiB are a 431 with a Status body', async () => {
		const out = await raw(`GET /version HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
		const {code, body} = statusOf(out);
		expect(code).toBe(431);
		expect(body).toMatchObject({kind: 'Status', code: 431, reason: 'RequestHeaderFieldsTooLarge'});
	});
});

describe('the Host header (DNS rebinding)', () => {
	const withHost = (host: string) =>
		new Promise<{status: number; body: any}>((resolve, reject) => {
			const req = request({host: '127.0.0.1', port, path: '/api/v1/namespaces/default/configmaps', headers: {Host: host}}, res => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => resolve({status: res.statusCode!, body: JSON.parse(text)}));
			});
			req.on('error', reject);
			req.end();
		});

	it('a Host that names another server is refused with 403 Forbidden', async () => {
		const r = await withHost('attacker.example');
		expect(r.status).toBe(403);
		expect(r.body).toMatchObject({kind: 'Status', reason: 'Forbidden', code: 403});
		expect((await withHost(`attacker.example:${port}`)).status).toBe(403);
		expect((await withHost('127.0.0.1:1')).status).toBe(403);
	});

	it('the loopback names with the listening port are answered', async () => {
		for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
			expect((await withHost(host)).status).toBe(200);
		}
	});
});

describe('a null in a Pod command or args', () => {
	it('decodes as an empty string, as the real server does, and the pod runs', async () => {
		const pod = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'nullargs'},
			spec: {containers: [{name: 'c', image: 'busybox:1.36', command: ['sh', null, '-c'], args: [null, 'sleep 3600']}]},
		};
		const r = await send('POST', '/api/v1/namespaces/default/pods', JSON.stringify(pod));
		expect(r.status).toBe(201);
		expect(r.body.spec.containers[0].command).toEqual(['sh', '', '-c']);
		expect(r.body.spec.containers[0].args).toEqual(['', 'sleep 3600']);
		cluster.advance(30_000);
		expect(cluster.get('Pod', 'default', 'nullargs').status.phase).toBeDefined();
		await alive();
	});

	it('the YAML form (an empty `-` item) through the API', async () => {
		const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nullyaml\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    args:\n    -\n    - sleep\n';
		const r = await send('POST', '/api/v1/namespaces/default/pods', yaml, 'application/yaml');
		expect(r.status).toBe(201);
		expect(r.body.spec.containers[0].args).toEqual(['', 'sleep']);
		cluster.advance(30_000);
		await alive();
	});
});

describe('a watcher that stops reading', () => {
	it('is closed once its backlog passes the limit, while a reading watcher gets every event', async () => {
		const c = createCluster({nodes: 1, seed: 11});
		const s = createApiServer(c, {streamBufferBytes: 1024 * 1024});
		const p = await s.listen(0, '127.0.0.1');
		try {
			c.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'big', namespace: 'default'}, data: {v: 'start'}});
			const path = `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${c.resourceVersion()}`;
			let watches = 0;
			s.server.on('request', req => {
				if (req.url === path) watches++;
			});
			// the stalled client: sends its request, then never reads
			const stalled = connect(p, '127.0.0.1');
			await new Promise<void>(resolve => stalled.once('connect', () => resolve()));
			stalled.pause();
			stalled.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n`);
			// the reading client counts the events it gets
			let lines = 0;
			let opened!: () => void;
			const readingOpened = new Promise<void>(resolve => (opened = resolve));
			const reading = new Promise<number>((resolve, reject) => {
				const req = request({host: '127.0.0.1', port: p, path}, res => {
					opened();
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => {
						lines += chunk.split('\n').length - 1;
						if (lines === 100) {
							resolve(lines);
							req.destroy();
						}
					});
				});
				req.on('error', reject);
				req.end();
			});
			await readingOpened;
			while (watches < 2) await new Promise(resolve => setImmediate(resolve));
			c.update({...c.get('ConfigMap', 'default', 'big'), data: {v: 'x'.repeat(200_000)}});
			for (let i = 1; i < 100; i++) {
				c.update({...c.get('ConfigMap', 'default', 'big'), data: {v: String(i % 10).repeat(200_000)}});
				await new Promise(resolve => setImmediate(resolve));
			}
			expect(await reading).toBe(100);
			// the stalled client reads what reached it before the server closed the watch
			stalled.resume();
			let got = '';
			stalled.setEncoding('utf8');
			stalled.on('data', (chunk: string) => (got += chunk));
			await new Promise<void>(resolve => {
				stalled.once('close', () => resolve());
				stalled.once('error', () => resolve());
			});
			const events = got.split('\n').filter(l => l.includes('"type":"MODIFIED"')).length;
			expect(events).toBeGreaterThan(0);
			expect(events).toBeLessThan(100);
		} finally {
			await s.close();
		}
	});
});

describe('numbers that do not fit their field', () => {
	const deployment = (replicas: unknown) =>
		`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"big"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"app":"big"}},"template":{"metadata":{"labels":{"app":"big"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}}}`;

	for (const [written, shown] of [
		['2147483648', '2147483648'],
		['1e308', '1e308'],
		['9007199254740993', '9007199254740992'],
		['-2147483649', '-2147483649'],
	]) {
		it(`replicas: ${written} is refused by the decoder (400), and nothing is stored`, async () => {
			const before = cluster.resourceVersion();
			const r = await send('POST', '/apis/apps/v1/namespaces/default/deployments', deployment(written));
			expect(r.status).toBe(400);
			expect(r.body).toMatchObject({kind: 'Status', reason: 'BadRequest', code: 400});
			expect(r.body.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number ${shown} into Go struct field DeploymentSpec.spec.replicas of type int32`);
			expect(cluster.find('Deployment', 'default', 'big')).toBeUndefined();
			expect(cluster.resourceVersion()).toBe(before);
		});
	}

	it('replicas: 2147483647 is an int32 and accepted', async () => {
		const r = await send('POST', '/apis/apps/v1/namespaces/default/deployments?dryRun=All', deployment('2147483647'));
		expect(r.status).toBe(201);
		expect(r.body.spec.replicas).toBe(2147483647);
	});

	it('terminationGracePeriodSeconds: 1e20 is not an int64 (400), and a delete with it is refused too', async () => {
		const pod = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"grace"},"spec":{"terminationGracePeriodSeconds":1e20,"containers":[{"name":"c","image":"nginx:1.27"}]}}';
		const r = await send('POST', '/api/v1/namespaces/default/pods', pod);
		expect(r.status).toBe(400);
		expect(r.body.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 100000000000000000000 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64');
		const ok = await send('POST', '/api/v1/namespaces/default/pods', pod.replace('1e20', '5'));
		expect(ok.status).toBe(201);
		const q = await fetch(`${base}/api/v1/namespaces/default/pods/grace?gracePeriodSeconds=1e20`, {method: 'DELETE'});
		expect(q.status).toBe(400);
		const b = await send('DELETE', '/api/v1/namespaces/default/pods/grace', '{"gracePeriodSeconds":1e20}');
		expect(b.status).toBe(400);
		expect(b.body.message).toBe('DeleteOptions in version "v1" cannot be handled as a DeleteOptions: json: cannot unmarshal number 100000000000000000000 into Go struct field DeleteOptions.gracePeriodSeconds of type int64');
		const d = await send('DELETE', '/api/v1/namespaces/default/pods/grace', '{"gracePeriodSeconds":0}');
		expect(d.status).toBe(200);
		cluster.advance(1000);
		expect(cluster.find('Pod', 'default', 'grace')).toBeUndefined();
	});

	it('a null where a quantity belongs is not a freeze', async () => {
		const body = deployment('1').replace('"image":"nginx:1.27"', '"image":"nginx:1.27","resources":{"requests":{"cpu":null}}').replace('"name":"big"', '"name":"nullcpu"');
		const r = await send('POST', '/apis/apps/v1/namespaces/default/deployments', body);
		expect(r.status).toBe(201);
		cluster.advance(5_000);
		await alive();
	});
});

describe('accepted where the real server refuses', () => {
	it('a merge patch that changes apiVersion or nulls kind is a 400 and changes nothing', async () => {
		await send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'keep'}, data: {a: '1'}}));
		const before = JSON.stringify(cluster.get('ConfigMap', 'default', 'keep'));
		for (const body of ['{"apiVersion":"v9"}', '{"kind":null}', '{"kind":"Secret"}']) {
			const r = await send('PATCH', '/api/v1/namespaces/default/configmaps/keep', body, 'application/merge-patch+json');
			expect(r.status).toBe(400);
			expect(r.body.reason).toBe('BadRequest');
			expect(JSON.stringify(cluster.get('ConfigMap', 'default', 'keep'))).toBe(before);
		}
		const r = await send('PATCH', '/api/v1/namespaces/default/configmaps/keep', '{"apiVersion":"v9"}', 'application/merge-patch+json');
		expect(r.body.message).toBe('the API version in the data (v9) does not match the expected API version (v1) or kind (ConfigMap is not ConfigMap)');
	});

	it('an apply configuration of a missing object without kind is a 400', async () => {
		const r = await send('PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=t', '- a\n- b\n', 'application/apply-patch+yaml');
		expect(r.status).toBe(400);
		const k = await send('PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=t', '{"metadata":{"name":"applied"}}', 'application/apply-patch+yaml');
		expect(k.status).toBe(400);
		expect(cluster.find('ConfigMap', 'default', 'applied')).toBeUndefined();
	});

	it('a watch or list from resourceVersion=abc is a 400', async () => {
		for (const path of ['/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc', '/api/v1/namespaces/default/configmaps?resourceVersion=abc']) {
			const r = await fetch(base + path);
			expect(r.status).toBe(400);
			expect(((await r.json()) as any).message).toBe('invalid resource version "abc": a resourceVersion is an unsigned integer');
		}
	});

	it('resourceVersionMatch=Exact of an older version is 410 Expired; of the current one it lists', async () => {
		const old = await fetch(`${base}/api/v1/namespaces/default/configmaps?resourceVersion=1&resourceVersionMatch=Exact`);
		expect(old.status).toBe(410);
		expect(await old.json()).toMatchObject({kind: 'Status', reason: 'Expired', code: 410, message: `too old resource version: 1 (${cluster.resourceVersion()})`});
		const now = await fetch(`${base}/api/v1/namespaces/default/configmaps?resourceVersion=${cluster.resourceVersion()}&resourceVersionMatch=Exact`);
		expect(now.status).toBe(200);
		const bogus = await fetch(`${base}/api/v1/namespaces/default/configmaps?resourceVersion=1&resourceVersionMatch=Bogus`);
		expect(bogus.status).toBe(422);
		expect(((await bogus.json()) as any).message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan"');
		const alone = await fetch(`${base}/api/v1/namespaces/default/configmaps?resourceVersionMatch=NotOlderThan`);
		expect(alone.status).toBe(422);
	});
});
