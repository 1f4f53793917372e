// Concurrency and watches through `kubesim serve`, over real sockets: 50 read-modify-write
// writers on one object lose no update (every stale write is a 409), 20 creates of one name have
// one winner, 20 watchers during a burst each see every event once and in order, watchers that
// hang up leave nothing behind, a watch from a compacted version is 410 Gone, and bookmarks
// keep an idle watch alive.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Agent, request, type IncomingMessage} from 'node:http';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';

let cluster: Cluster;
let server: KubeApiServer;
/** The cluster's own subscriptions (its controllers'), before any client watches. */
let base = 0;
const agent = new Agent({keepAlive: true, maxSockets: 100});

function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{status: number; body: any}> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url()}${path}`, {method, agent, headers: {'Content-Type': contentType, Accept: 'application/json'}}, res => {
			let text = '';
			res.on('data', d => (text += d));
			res.on('end', () => resolve({status: res.statusCode!, body: text ? JSON.parse(text) : undefined}));
		});
		req.on('error', reject);
		req.end(body === undefined ? undefined : JSON.stringify(body));
	});
}

interface Watch {
	events: Array<{type: string; object: any}>;
	response: Promise<IncomingMessage>;
	/** Resolves once `n` events have arrived. */
	until(n: number): Promise<void>;
	close(): void;
}

function watch(path: string): Watch {
	const events: Watch['events'] = [];
	const waiters: Array<{n: number; resolve: () => void}> = [];
	let buffer = '';
	const req = request(`${server.url()}${path}`, {headers: {Accept: 'application/json'}});
	const response = new Promise<IncomingMessage>((resolve, reject) => {
		req.on('response', res => {
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => {
				buffer += chunk;
				let nl;
				while ((nl = buffer.indexOf('\n')) >= 0) {
					const line = buffer.slice(0, nl);
					buffer = buffer.slice(nl + 1);
					if (line.trim()) events.push(JSON.parse(line));
				}
				for (const w of waiters.splice(0)) if (events.length >= w.n) w.resolve();
				else waiters.push(w);
			});
			res.on('error', () => {});
			resolve(res);
		});
		req.on('error', reject);
	});
	req.end();
	return {
		events,
		response,
		until: n => (events.length >= n ? Promise.resolve() : new Promise(resolve => waiters.push({n, resolve}))),
		close: () => req.destroy(),
	};
}

const configMap = (name: string, data: Record<string, string> = {}) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default'}, data});
const CM = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
	// a replay window of 200 writes, which the writes below go past
	cluster = createCluster({nodes: 1, seed: 1, manifests: [], watchHistory: 200});
	base = cluster.stats().watchers;
	server = createApiServer(cluster, {bookmarkIntervalMs: 200});
	await server.listen(0, '127.0.0.1');
});
afterAll(async () => {
	agent.destroy();
	await server.close();
});

describe('concurrent writers', () => {
	it('50 read-modify-write writers on one ConfigMap: every stale write is a 409, no update is lost', async () => {
		expect((await call('POST', CM, configMap('counter'))).status).toBe(201);
		let conflicts = 0;
		let attempts = 0;
		const writer = async (i: number) => {
			for (;;) {
				attempts++;
				const got = await call('GET', `${CM}/counter`);
				const next = {...got.body, data: {...got.body.data, [`w${i}`]: String(i)}};
				const put = await call('PUT', `${CM}/counter`, next);
				if (put.status === 200) return;
				expect([put.status, put.body.reason]).toEqual([409, 'Conflict']);
				expect(put.body.message).toBe('Operation cannot be fulfilled on configmaps "counter": the object has been modified; please apply your changes to the latest version and try again');
				conflicts++;
			}
		};
		await Promise.all(Array.from({length: 50}, (_, i) => writer(i)));
		const final = await call('GET', `${CM}/counter`);
		expect(Object.keys(final.body.data).length).toBe(50);
		// every write was a new version: the create, then one per successful writer
		expect(attempts).toBe(50 + conflicts);
		expect(conflicts).toBeGreaterThan(0);
		console.log(`50 writers: ${attempts} attempts, ${conflicts} answered 409, 0 updates lost`);
	});

	it('20 concurrent creates of one name: exactly one wins, the others are 409 AlreadyExists', async () => {
		const answers = await Promise.all(Array.from({length: 20}, (_, i) => call('POST', CM, configMap('once', {by: String(i)}))));
		expect(answers.filter(a => a.status === 201).length).toBe(1);
		const lost = answers.filter(a => a.status !== 201);
		expect(lost.length).toBe(19);
		for (const a of lost) expect([a.status, a.body.reason, a.body.message]).toEqual([409, 'AlreadyExists', 'configmaps "once" already exists']);
		const winner = answers.find(a => a.status === 201)!;
		expect((await call('GET', `${CM}/once`)).body.data).toEqual(winner.body.data);
	});
});

describe('watches', () => {
	it('20 watchers during a burst of 300 writes each see every event once, in resourceVersion order', async () => {
		const from = (await call('GET', CM)).body.metadata.resourceVersion;
		const watchers = Array.from({length: 20}, () => watch(`${CM}?watch=true&resourceVersion=${from}`));
		await Promise.all(watchers.map(w => w.response));
		const writes: Array<Promise<unknown>> = [];
		for (let i = 0; i < 100; i++) writes.push(call('POST', CM, configMap(`burst-${i}`, {v: '0'})));
		await Promise.all(writes);
		const updates: Array<Promise<unknown>> = [];
		for (let i = 0; i < 100; i++) updates.push(call('PATCH', `${CM}/burst-${i}`, {data: {v: '1'}}, 'application/merge-patch+json'));
		for (let i = 0; i < 100; i++) updates.push(call('DELETE', `${CM}/burst-${i}`));
		await Promise.all(updates);
		await Promise.all(watchers.map(w => w.until(300)));
		const expected = watchers[0]!.events.filter(e => e.type !== 'BOOKMARK').map(e => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);
		expect(expected.length).toBe(300);
		const versions = watchers[0]!.events.filter(e => e.type !== 'BOOKMARK').map(e => Number(e.object.metadata.resourceVersion));
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(300);
		for (const w of watchers) expect(w.events.filter(e => e.type !== 'BOOKMARK').map(e => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`)).toEqual(expected);
		const types = expected.map(e => e.split(' ')[0]);
		expect([types.filter(t => t === 'ADDED').length, types.filter(t => t === 'MODIFIED').length, types.filter(t => t === 'DELETED').length]).toEqual([100, 100, 100]);
		for (const w of watchers) w.close();
		console.log('20 watchers x 300 events: 6,000 of 6,000 delivered, each in order');
	});

	it('watchers that hang up mid-stream leave no subscription behind', async () => {
		// the watchers of the test before are gone once the server has heard of their sockets closing
		for (let i = 0; i < 50 && cluster.stats().watchers !== base; i++) await call('GET', '/version');
		const before = cluster.stats().watchers;
		expect(before).toBe(base);
		const watchers = Array.from({length: 200}, () => watch(`${CM}?watch=true`));
		await Promise.all(watchers.map(w => w.response));
		expect(cluster.stats().watchers).toBe(before + 200);
		for (const w of watchers) w.close();
		// the server hears of each closed socket: wait on a request it answers after them
		for (let i = 0; i < 50 && cluster.stats().watchers !== before; i++) await call('GET', '/version');
		expect(cluster.stats().watchers).toBe(before);
	});

	it('a watch from a compacted resourceVersion is 410 Gone', async () => {
		expect(Number(cluster.resourceVersion())).toBeGreaterThan(200 + 1);
		const w = watch(`${CM}?watch=true&resourceVersion=1`);
		const res = await w.response;
		await w.until(1);
		const first = w.events[0]!;
		if (first.type !== 'ERROR') throw new Error(`expected an ERROR event, got ${first.type} (status ${res.statusCode})`);
		expect([first.object.code, first.object.reason]).toEqual([410, 'Expired']);
		w.close();
	});

	it('bookmarks keep an idle watch alive', async () => {
		const rv = (await call('GET', CM)).body.metadata.resourceVersion;
		const w = watch(`${CM}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`);
		await w.until(2);
		expect(w.events.slice(0, 2).map(e => e.type)).toEqual(['BOOKMARK', 'BOOKMARK']);
		expect(w.events[0]!.object.metadata.resourceVersion).toBe(rv);
		w.close();
	});
});
