// The API server over plain HTTP: discovery, Tables, watch, errors, auth, subresources.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {request} from 'node:http';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {readManifests} from '../../source/client/manifests.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import {decodeProtobuf} from '../../source/server/protobuf.js';

let cluster: Cluster;
let server: KubeApiServer;
let base: string;

beforeAll(async () => {
	cluster = createCluster({nodes: 3, manifests: readManifests('manifests')});
	cluster.advance(60_000);
	server = createApiServer(cluster, {bookmarkIntervalMs: 100});
	await server.listen(0, '127.0.0.1');
	base = server.url();
});

afterAll(async () => {
	await server.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
	const r = await fetch(base + path, {headers});
	return {status: r.status, headers: r.headers, body: (await r.json()) as any};
}

async function send(method: string, path: string, body: unknown, contentType = 'application/json') {
	const r = await fetch(base + path, {method, headers: {'Content-Type': contentType}, body: typeof body === 'string' ? body : JSON.stringify(body)});
	return {status: r.status, body: (await r.json()) as any};
}

/**
 * Reads newline-delimited watch events until `count` arrived or the stream ends. `opened`
 * resolves when the response headers arrive: the server sends them once the watch is registered.
 */
function watchEvents(path: string, count: number, headers: Record<string, string> = {}): {opened: Promise<void>; events: Promise<any[]>} {
	return watchUrl(base + path, count, headers);
}

/** The first `count` events of a watch at this URL. */
const watchAt = (url: string, count: number): Promise<any[]> => watchUrl(url, count).events;

function watchUrl(url: string, count: number, headers: Record<string, string> = {}): {opened: Promise<void>; events: Promise<any[]>} {
	let opened!: () => void;
	const open = new Promise<void>(resolve => (opened = resolve));
	const events = new Promise<any[]>((resolve, reject) => {
		const events: any[] = [];
		const req = request(url, {headers}, res => {
			opened();
			let buf = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => {
				buf += chunk;
				let i;
				while ((i = buf.indexOf('\n')) >= 0) {
					events.push(JSON.parse(buf.slice(0, i)));
					buf = buf.slice(i + 1);
					if (events.length >= count) {
						req.destroy();
						resolve(events);
						return;
					}
				}
			});
			res.on('end', () => resolve(events));
		});
		req.on('error', e => (events.length >= count ? resolve(events) : reject(e)));
		req.end();
	});
	return {opened: Promise.race([open, events.then(() => undefined)]), events};
}

describe('API server', () => {
	it('answers /version, health and Cache-Control on every response', async () => {
		const v = await get('/version');
		expect(v.body).toMatchObject({major: '1', minor: '32', gitVersion: 'v1.32.2', platform: 'linux/amd64'});
		expect(v.headers.get('cache-control')).toBe('no-cache, private');
		const h = await fetch(`${base}/healthz`);
		expect(await h.text()).toBe('ok');
		const nf = await get('/api/v1/namespaces/default/pods/nope');
		expect(nf.headers.get('cache-control')).toBe('no-cache, private');
	});

	it('serves aggregated discovery with the exact Content-Type, and the plain forms', async () => {
		const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
		const apis = await get('/apis', {Accept: accept});
		expect(apis.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
		const apps = apis.body.items.find((g: any) => g.metadata.name === 'apps');
		const deploy = apps.versions[0].resources.find((r: any) => r.resource === 'deployments');
		expect(deploy).toMatchObject({scope: 'Namespaced', shortNames: ['deploy'], categories: ['all'], responseKind: {kind: 'Deployment'}});
		expect(deploy.subresources.map((s: any) => s.subresource)).toContain('scale');
		expect(apis.body.items.some((g: any) => g.metadata.name === 'metrics.k8s.io')).toBe(true);
		const core = await get('/api', {Accept: accept});
		expect(core.body.items[0].versions[0].resources.find((r: any) => r.resource === 'pods').shortNames).toEqual(['po']);
		expect((await get('/api')).body.kind).toBe('APIVersions');
		expect((await get('/apis')).body.kind).toBe('APIGroupList');
		const v1 = await get('/api/v1');
		const names = v1.body.resources.map((r: any) => r.name);
		expect(names).toEqual(expect.arrayContaining(['pods', 'pods/log', 'pods/eviction', 'nodes']));
		const appsV1 = await get('/apis/apps/v1');
		expect(appsV1.body.resources.find((r: any) => r.name === 'deployments/scale')).toMatchObject({group: 'autoscaling', version: 'v1', kind: 'Scale'});
	});

	it('returns Tables with string-typed dates and PartialObjectMetadata rows', async () => {
		const t = await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb', {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'});
		expect(t.body.kind).toBe('Table');
		expect(t.body.columnDefinitions.map((c: any) => c.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
		const age = t.body.columnDefinitions.find((c: any) => c.name === 'Age');
		expect(age).toMatchObject({type: 'string', format: ''});
		expect(t.body.rows.length).toBe(3);
		expect(t.body.rows[0].cells[2]).toBe('Running');
		expect(t.body.rows[0].object.kind).toBe('PartialObjectMetadata');
		const full = await get('/apis/apps/v1/namespaces/default/deployments/web?includeObject=Object', {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io'});
		expect(full.body.rows[0].object.kind).toBe('Deployment');
	});

	it('pages lists with limit and continue', async () => {
		const first = await get('/api/v1/pods?limit=2');
		expect(first.body.items.length).toBe(2);
		expect(first.body.metadata.continue).toBeTruthy();
		const second = await get(`/api/v1/pods?limit=2&continue=${first.body.metadata.continue}`);
		expect(second.body.items[0].metadata.name).not.toBe(first.body.items[0].metadata.name);
		expect((await get('/api/v1/pods?continue=garbage')).status).toBe(400);
	});

	it('creates, patches, scales and deletes', async () => {
		const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x', creationTimestamp: null}, data: {a: '1'}};
		expect((await send('POST', '/api/v1/namespaces/default/configmaps', cm)).status).toBe(201);
		expect((await send('POST', '/api/v1/namespaces/default/configmaps', cm)).body.reason).toBe('AlreadyExists');
		const p = await send('PATCH', '/api/v1/namespaces/default/configmaps/x', {data: {b: '2'}}, 'application/merge-patch+json');
		expect(p.body.data).toEqual({a: '1', b: '2'});
		const stale = await send('PUT', '/api/v1/namespaces/default/configmaps/x', {...cm, metadata: {name: 'x', resourceVersion: '1'}});
		expect(stale.status).toBe(409);
		const applied = await send('PATCH', '/api/v1/namespaces/default/configmaps/y?fieldManager=kubectl', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  k: v\n', 'application/apply-patch+yaml');
		expect(applied.status).toBe(201);
		const scaled = await send('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', {spec: {replicas: 5}}, 'application/merge-patch+json');
		expect(scaled.body).toMatchObject({kind: 'Scale', spec: {replicas: 5}});
		expect(cluster.get('Deployment', 'default', 'web').spec.replicas).toBe(5);
		const del = await send('DELETE', '/api/v1/namespaces/default/configmaps/x', {propagationPolicy: 'Background'});
		expect(del.body).toMatchObject({kind: 'Status', status: 'Success'});
		expect((await get('/api/v1/namespaces/default/configmaps/x')).body).toMatchObject({reason: 'NotFound', code: 404, message: 'configmaps "x" not found'});
	});

	it('rejects bad input with Status objects and never crashes', async () => {
		const bad = await send('POST', '/api/v1/namespaces/default/configmaps', '{nope');
		expect(bad.status).toBe(400);
		expect(bad.body.message).toMatch(/error decoding JSON/);
		expect((await send('POST', '/api/v1/namespaces/default/configmaps', 'x', 'text/plain')).status).toBe(415);
		expect((await send('POST', '/api/v1/namespaces/default/configmaps', 'k8s\0xx', 'application/vnd.kubernetes.protobuf')).status).toBe(415);
		expect((await send('POST', '/api/v1/namespaces/default/configmaps', 'x'.repeat(3 * 1024 * 1024 + 10))).status).toBe(413);
		expect((await send('PUT', '/api/v1/namespaces/default/pods', {})).status).toBe(405);
		expect((await get('/apis/nope/v1/things')).status).toBe(404);
		expect((await get('/version')).status).toBe(200);
	});

	it('streams watch events, bookmarks and 410 for expired resourceVersions', async () => {
		const rv = cluster.resourceVersion();
		const watch = watchEvents(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`, 2);
		await watch.opened;
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'watched', namespace: 'default'}, data: {}});
		const events = await watch.events;
		expect(events[0]).toMatchObject({type: 'ADDED', object: {kind: 'ConfigMap', metadata: {name: 'watched'}}});
		expect(events[1].type).toBe('BOOKMARK');
		const tbl = watchEvents('/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1', 1, {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io'});
		const [first] = await tbl.events;
		expect(first.object.kind).toBe('Table');
		expect(first.object.rows.length).toBe(1);

		// a replay window of 50 writes: after 51 more, the version before them is gone, the one after the first is not
		const small = createCluster({nodes: 1, watchHistory: 50});
		const smallServer = createApiServer(small);
		await smallServer.listen(0, '127.0.0.1');
		try {
			const before = Number(small.resourceVersion());
			for (let i = 0; i < 51; i++) small.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `cm-${i}`, namespace: 'default'}, data: {}});
			const now = small.resourceVersion();
			expect(Number(now)).toBe(before + 51);
			const path = (from: number) => `${smallServer.url()}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${from}`;
			const expired = await watchAt(path(before), 1);
			expect(expired).toEqual([{type: 'ERROR', object: expect.objectContaining({kind: 'Status', status: 'Failure', code: 410, reason: 'Expired', message: `too old resource version: ${before} (${now})`})}]);
			const kept = await watchAt(path(before + 1), 50);
			expect(kept.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual(Array.from({length: 50}, (_, i) => `ADDED cm-${i + 1}`));
		} finally {
			await smallServer.close();
		}
	});

	it('serves logs, metrics and the OpenAPI v3 root', async () => {
		const pod = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).find(p => p.status.phase === 'Running')!;
		const r = await fetch(`${base}/api/v1/namespaces/default/pods/${pod.metadata.name}/log?tailLines=3`);
		expect(r.headers.get('content-type')).toMatch(/text\/plain/);
		expect((await r.text()).trim().split('\n').length).toBe(3);
		const pm = await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
		expect(pm.body.kind).toBe('PodMetricsList');
		expect(pm.body.items[0].containers[0].usage.cpu).toMatch(/^\d+n$/);
		const nm = await get('/apis/metrics.k8s.io/v1beta1/nodes');
		expect(nm.body.items.map((n: any) => n.metadata.name)).toEqual(['kubesim-control-plane', 'kubesim-worker', 'kubesim-worker2', 'kubesim-worker3']);
		const root = await get('/openapi/v3');
		expect(root.body.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
		const doc = await get(root.body.paths['apis/apps/v1'].serverRelativeURL);
		const patchOp = doc.body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
		expect(patchOp['x-kubernetes-group-version-kind']).toEqual({group: 'apps', version: 'v1', kind: 'Deployment'});
		expect(patchOp.parameters.some((p: any) => p.name === 'fieldValidation')).toBe(true);
	});

	it('requires the bearer token when one is set', async () => {
		const secured = createApiServer(cluster, {token: 's3cret'});
		await secured.listen(0, '127.0.0.1');
		try {
			const denied = await fetch(`${secured.url()}/api/v1/pods`);
			expect(denied.status).toBe(401);
			expect(((await denied.json()) as any).reason).toBe('Unauthorized');
			const ok = await fetch(`${secured.url()}/api/v1/pods`, {headers: {Authorization: 'Bearer s3cret'}});
			expect(ok.status).toBe(200);
		} finally {
			await secured.close();
		}
	});
});

describe('protobuf', () => {
	it('decodes an Eviction envelope', () => {
		// hand-encoded: Unknown{typeMeta{apiVersion: policy/v1, kind: Eviction}, raw: Eviction{metadata{name: p, namespace: d}, deleteOptions{gracePeriodSeconds: 5}}}
		const str = (no: number, s: string) => Buffer.concat([Buffer.from([(no << 3) | 2, s.length]), Buffer.from(s)]);
		const msg = (no: number, b: Buffer) => Buffer.concat([Buffer.from([(no << 3) | 2, b.length]), b]);
		const typeMeta = Buffer.concat([str(1, 'policy/v1'), str(2, 'Eviction')]);
		const raw = Buffer.concat([msg(1, Buffer.concat([str(1, 'p'), str(3, 'd')])), msg(2, Buffer.from([0x08, 5]))]);
		const body = Buffer.concat([Buffer.from('k8s\0', 'binary'), msg(1, typeMeta), msg(2, raw)]);
		expect(decodeProtobuf(body)).toEqual({apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: 'p', namespace: 'd'}, deleteOptions: {gracePeriodSeconds: 5}});
	});
});
