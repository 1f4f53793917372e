// Paged lists: `limit` and `continue` as the apiserver answers them (pages from one snapshot,
// remainingItemCount, Tables paged the same way, forged and expired tokens), with the real
// kubectl's --chunk-size, and the token parser under fuzzing.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {dirname} from 'node:path';
import {isStatusError} from '../../source/cluster/index.js';
import {decodeContinue, encodeContinue, keyAfter} from '../../source/server/continue.js';
import {serveDemo, type Served} from '../served.js';
import {runKubectl} from './run-kubectl.js';
import {describeWithTool, kubectlTool} from '../tools.js';

let s: Served;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

beforeAll(async () => {
	s = await serveDemo({seed: 3});
});

afterAll(async () => {
	await s.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
	const r = await fetch(s.server.url() + path, {headers});
	return {status: r.status, body: (await r.json()) as any};
}

const names = (items: any[]) => items.map(i => `${i.metadata.namespace}/${i.metadata.name}`);

/** Every page of a list, following continue tokens. */
async function allPages(path: string, limit: number, headers: Record<string, string> = {}) {
	const pages: any[] = [];
	let cont = '';
	do {
		const r = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cont ? `&continue=${cont}` : ''}`, headers);
		expect(r.status).toBe(200);
		pages.push(r.body);
		cont = r.body.metadata.continue ?? '';
	} while (cont);
	return pages;
}

describe('paged lists', () => {
	it('cuts pages in order with the remaining count, and together they are the whole list', async () => {
		const whole = await get('/api/v1/pods');
		const total = whole.body.items.length;
		expect(total).toBe(s.cluster.count('Pod'));
		const pages = await allPages('/api/v1/pods', 4);
		expect(pages.length).toBe(Math.ceil(total / 4));
		expect(names(pages.flatMap(p => p.items))).toEqual(names(whole.body.items));
		pages.forEach((p, i) => {
			expect(p.metadata.resourceVersion).toBe(whole.body.metadata.resourceVersion);
			if (i < pages.length - 1) expect(p.metadata.remainingItemCount).toBe(total - 4 * (i + 1));
			else expect(p.metadata.remainingItemCount).toBeUndefined();
		});
	});

	it('names the resourceVersion and the key after the last item in the token', async () => {
		const first = await get('/api/v1/namespaces/default/pods?limit=2');
		const last = first.body.items[1].metadata;
		const token = JSON.parse(Buffer.from(first.body.metadata.continue, 'base64url').toString('utf8'));
		expect(token).toEqual({v: 'meta.k8s.io/v1', rv: Number(first.body.metadata.resourceVersion), start: `default/${last.name}\u0000`});
		// unpadded base64url, as the apiserver encodes it
		expect(first.body.metadata.continue).toMatch(/^[A-Za-z0-9_-]+$/);
	});

	it('serves later pages from the first page\'s snapshot while the cluster changes', async () => {
		for (const name of ['paged-a', 'paged-b', 'paged-c']) s.cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default'}, data: {}});
		const first = await get('/api/v1/namespaces/default/configmaps?limit=1');
		const before = (await get('/api/v1/namespaces/default/configmaps')).body.items;
		expect(before.length).toBe(4);
		// a new ConfigMap sorting last, and the last existing one deleted
		const lastName = before[before.length - 1].metadata.name;
		s.cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'zzz-added', namespace: 'default'}, data: {}});
		s.cluster.delete('ConfigMap', 'default', lastName);
		const rest: any[] = [];
		let cont = first.body.metadata.continue;
		while (cont) {
			const r = await get(`/api/v1/namespaces/default/configmaps?limit=1&continue=${cont}`);
			expect(r.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
			rest.push(...r.body.items);
			cont = r.body.metadata.continue;
		}
		expect(names([...first.body.items, ...rest])).toEqual(names(before));
		const now = names((await get('/api/v1/namespaces/default/configmaps')).body.items);
		expect(now).toContain('default/zzz-added');
		expect(now).not.toContain(`default/${lastName}`);
	});

	it('pages Tables the same way, with object metadata on request', async () => {
		const whole = await get('/api/v1/pods?includeObject=Metadata', {Accept: TABLE});
		const pages = await allPages('/api/v1/pods?includeObject=Metadata', 5, {Accept: TABLE});
		for (const p of pages) expect(p.kind).toBe('Table');
		expect(pages.flatMap(p => p.rows.map((r: any) => r.cells))).toEqual(whole.body.rows.map((r: any) => r.cells));
		expect(pages[0].rows[0].object).toMatchObject({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1'});
		expect(pages[0].metadata.remainingItemCount).toBe(whole.body.rows.length - 5);
	});

	it('leaves out the remaining count when a selector filters the items', async () => {
		const r = await get('/api/v1/pods?limit=1&labelSelector=app%3Dweb');
		expect(r.body.metadata.continue).toBeTruthy();
		expect(r.body.metadata.remainingItemCount).toBeUndefined();
	});

	it('answers a forged or undecodable token with 400 BadRequest', async () => {
		const cases: Array<[string, string]> = [
			['garbage!', 'continue key is not valid: illegal base64 data at input byte 7'],
			[Buffer.from('xyz').toString('base64url'), "continue key is not valid: invalid character 'x' looking for beginning of value"],
			[encodeToken({v: 'meta.k8s.io/v2', rv: 5, start: 'a\u0000'}), 'continue key is not valid: server does not recognize this encoded version meta.k8s.io/v2'],
			[encodeToken({v: 'meta.k8s.io/v1', rv: 0, start: 'a\u0000'}), 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'],
			[encodeToken({v: 'meta.k8s.io/v1', rv: 5, start: ''}), 'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)'],
			[encodeToken({v: 'meta.k8s.io/v1', rv: 5, start: '../secrets/x'}), 'continue key is not valid: ../secrets/x'],
			[encodeToken({v: 'meta.k8s.io/v1', rv: '5', start: 'a'}), 'continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type int64'],
		];
		for (const [token, message] of cases) {
			const r = await get(`/api/v1/pods?limit=2&continue=${encodeURIComponent(token)}`);
			expect(r.status).toBe(400);
			expect(r.body).toMatchObject({kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message});
		}
	});

	it('answers a token whose snapshot is gone with 410 Expired and a token for the rest from now', async () => {
		const first = await get('/api/v1/pods?limit=3');
		const start = JSON.parse(Buffer.from(first.body.metadata.continue, 'base64url').toString('utf8')).start;
		// an older resourceVersion than any kept snapshot
		const r = await get(`/api/v1/pods?limit=3&continue=${encodeContinue(1, start)}`);
		expect(r.status).toBe(410);
		expect(r.body).toMatchObject({kind: 'Status', status: 'Failure', reason: 'Expired', code: 410});
		expect(r.body.message).toBe(
			'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
		);
		const token = JSON.parse(Buffer.from(r.body.metadata.continue, 'base64url').toString('utf8'));
		expect(token).toEqual({v: 'meta.k8s.io/v1', rv: -1, start});
		// the inconsistent rest: everything after the first page, from the latest state
		const rest = await allPagesFrom('/api/v1/pods', 3, r.body.metadata.continue);
		const whole = (await get('/api/v1/pods')).body.items;
		expect(names([...first.body.items, ...rest])).toEqual(names(whole));
	});
});

async function allPagesFrom(path: string, limit: number, cont: string) {
	const out: any[] = [];
	while (cont) {
		const r = await get(`${path}?limit=${limit}&continue=${cont}`);
		expect(r.status).toBe(200);
		out.push(...r.body.items);
		cont = r.body.metadata.continue ?? '';
	}
	return out;
}

function encodeToken(o: unknown): string {
	return Buffer.from(JSON.stringify(o)).toString('base64url');
}

describe('the continue token parser', () => {
	it('decodes what it encodes', () => {
		fc.assert(
			fc.property(fc.integer({min: 1, max: Number.MAX_SAFE_INTEGER}), fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/), fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,40}$/), (rv, ns, name) => {
				expect(decodeContinue(encodeContinue(rv, keyAfter(ns, name)))).toEqual({rv, start: `${ns}/${name}\u0000`});
			}),
		);
	});

	it('answers any input with a token or a 400 BadRequest, never another error', () => {
		const tokenish = fc.oneof(
			fc.string(),
			fc.string().map(t => Buffer.from(t).toString('base64url')),
			fc.jsonValue().map(v => Buffer.from(JSON.stringify(v)).toString('base64url')),
			fc.record({v: fc.oneof(fc.constant('meta.k8s.io/v1'), fc.string()), rv: fc.oneof(fc.integer(), fc.double(), fc.string()), start: fc.oneof(fc.string(), fc.integer())}, {requiredKeys: []}).map(encodeToken),
		);
		fc.assert(
			fc.property(tokenish, token => {
				try {
					const t = decodeContinue(token);
					expect(Number.isSafeInteger(t.rv) && t.rv !== 0).toBe(true);
					expect(typeof t.start).toBe('string');
				} catch (e) {
					expect(isStatusError(e) && e.code === 400 && e.reason === 'BadRequest' && e.message.startsWith('continue key is not valid')).toBe(true);
				}
			}),
			{numRuns: 2000},
		);
	});
});

describeWithTool(kubectlTool, 'kubectl --chunk-size', () => {
	it('prints the same table in chunks as in one list, asking page by page', async () => {
		const dir = dirname(s.kubeconfig);
		const whole = await runKubectl(dir, ['get', 'pods', '-A', '--chunk-size=0']);
		expect(whole.code).toBe(0);
		const chunked = await runKubectl(dir, ['get', 'pods', '-A', '--chunk-size=3', '-v=6']);
		expect(chunked.code).toBe(0);
		expect(chunked.stdout).toBe(whole.stdout);
		const requests = chunked.stderr.split('\n').filter(l => /GET \S*\/api\/v1\/pods\?\S*limit=3/.test(l));
		const pods = s.cluster.count('Pod');
		expect(requests.length).toBe(Math.ceil(pods / 3));
		expect(requests.slice(1).every(l => l.includes('continue='))).toBe(true);
	});

	it('prints -o name in chunks the same as whole', async () => {
		const dir = dirname(s.kubeconfig);
		const whole = await runKubectl(dir, ['get', 'configmaps', '-A', '-o', 'name', '--chunk-size=0']);
		const chunked = await runKubectl(dir, ['get', 'configmaps', '-A', '-o', 'name', '--chunk-size=2']);
		expect(chunked.code).toBe(0);
		expect(chunked.stdout).toBe(whole.stdout);
		expect(chunked.stdout.split('\n').filter(Boolean).length).toBe(s.cluster.count('ConfigMap'));
	});
});
