// A seeded fuzzer of bad requests against the API server: generated with fast-check over every
// served resource, every verb, every patch type and the query parameters, each sent over HTTP
// with a deadline, and judged: no 5xx, no hang, every 4xx a Status with a reason, and a rejected
// write changes nothing (the object and the cluster's resourceVersion are as they were).
import fc from 'fast-check';
import {Agent, request} from 'node:http';
import type {Cluster} from '../../source/cluster/index.js';
import type {KubeApiServer} from '../../source/server/index.js';

/** A served resource, with an object of it to aim at when there is one. */
export interface Target {
	/** `/api/v1` or `/apis/apps/v1`. */
	prefix: string;
	resource: string;
	kind: string;
	namespaced: boolean;
	/** An existing object: namespace and name. */
	existing?: {namespace?: string; name: string};
}

/** Reads the served resources from the server's discovery documents. */
export async function discoverTargets(server: KubeApiServer, cluster: Cluster): Promise<Target[]> {
	const base = server.url();
	const json = async (path: string) => (await (await fetch(base + path)).json()) as any;
	const prefixes = ['/api/v1'];
	for (const g of (await json('/apis')).groups) for (const v of g.versions) prefixes.push(`/apis/${v.groupVersion}`);
	const targets: Target[] = [];
	for (const prefix of prefixes) {
		for (const r of (await json(prefix)).resources as Array<{name: string; kind: string; namespaced: boolean; verbs: string[]}>) {
			if (r.name.includes('/') || !r.verbs.includes('get')) continue;
			let items: ReturnType<Cluster['list']> = [];
			try {
				items = cluster.list(r.kind).filter(o => !o.metadata.deletionTimestamp);
			} catch {
				// served, but not stored (the metrics API)
			}
			const first = items.find(o => o.metadata.namespace !== 'kube-system') ?? items[0];
			targets.push({
				prefix,
				resource: r.name,
				kind: r.kind,
				namespaced: r.namespaced,
				existing: first ? {namespace: r.namespaced ? first.metadata.namespace : undefined, name: first.metadata.name} : undefined,
			});
		}
	}
	return targets;
}

// ------------------------------------------------------------------------------ the generators

const KEYS = [
	'metadata', 'name', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation', 'finalizers', 'ownerReferences',
	'creationTimestamp', 'deletionTimestamp', 'generateName', 'managedFields', 'spec', 'status', 'kind', 'apiVersion', 'replicas',
	'selector', 'matchLabels', 'matchExpressions', 'template', 'containers', 'initContainers', 'image', 'args', 'command', 'env', 'value',
	'valueFrom', 'resources', 'requests', 'limits', 'cpu', 'memory', 'ports', 'containerPort', 'port', 'targetPort', 'nodePort', 'protocol',
	'volumes', 'volumeMounts', 'configMap', 'secret', 'data', 'binaryData', 'stringData', 'type', 'clusterIP', 'schedule', 'jobTemplate',
	'completions', 'parallelism', 'backoffLimit', 'rules', 'host', 'http', 'paths', 'backend', 'minReplicas', 'maxReplicas', 'metrics',
	'scaleTargetRef', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'tolerations', 'affinity', 'nodeSelector', 'nodeName',
	'strategy', 'rollingUpdate', 'maxSurge', 'maxUnavailable', 'minAvailable', 'podCIDR', 'taints', 'unschedulable', 'conditions',
	'livenessProbe', 'readinessProbe', 'httpGet', 'exec', 'periodSeconds', 'serviceName', 'storageClassName', 'accessModes', 'capacity',
	'$patch', '$retainKeys', '$setElementOrder/containers', '$deleteFromPrimitiveList/finalizers', 'datta', '', '0', '1', '-1',
];

/** Values in places they do not belong. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
	{weight: 12, arbitrary: fc.constantFrom<unknown>(
		null, true, false, 0, -1, 1.5, 2147483648, -2147483649, 1e308, -1e308, 9007199254740993, 1e20, '', 'x', '-1', 'NaN', '1e308',
		'%%%', '\u0000', 'é'.repeat(70), 'a'.repeat(300), 'UPPER_case', '../..', [], [null], [[]], [{}], {}, {'': ''}, {a: null},
		{$patch: 'bogus'}, {$patch: 'delete'}, {$patch: 'replace'}, ['a', 'b'], [1, 'a', null], {cpu: null}, {cpu: 'lots'}, {memory: -1},
	)},
	{weight: 2, arbitrary: fc.string({maxLength: 40})},
	{weight: 2, arbitrary: fc.integer()},
	{weight: 1, arbitrary: fc.double()},
	{weight: 1, arbitrary: fc.constant(null).map(() => deep(300))},
	{weight: 1, arbitrary: fc.constant(null).map(() => Array.from({length: 2000}, (_, i) => i))},
	{weight: 1, arbitrary: fc.constant(null).map(() => 'z'.repeat(300_000))},
	{weight: 2, arbitrary: fc.jsonValue({maxDepth: 3})},
);

function deep(n: number): unknown {
	let v: unknown = 'bottom';
	for (let i = 0; i < n; i++) v = i % 2 ? [v] : {a: v};
	return v;
}

/** Bodies that are not what any endpoint reads. */
const RAW_BODIES = [
	'{', '}', '{"a":+1}', '{"a":1,}', '[1,2', 'null', '123', '"str"', '[]', 'true', '{"kind":null}', '- a\n- b', 'a: &x\n  b: *x',
	'a: [', ': :', '\u0000\u0001\u0002', '{"metadata":{"uid":"x"}}', '{"apiVersion":"v9"}', '{"$patch":"bogus"}', '{"spec":{"$patch":"delete"}}',
	'{"metadata":{"$patch":"replace"}}', '{"metadata":null}', '{"metadata":[]}', '{"metadata":"x"}', '{"spec":null}', '{"spec":[]}',
	'{"kind":"Pod","apiVersion":"v1"}', '{"kind":"Nope","apiVersion":"v1","metadata":{"name":"x"}}', '{"metadata":{"name":""}}',
	'{"metadata":{"name":"UPPER"}}', '{"metadata":{"name":"' + 'a'.repeat(300) + '"}}', '{"metadata":{"namespace":"other"}}',
	'[{"op":"add"}]', '[{"op":"bogus","path":"/x"}]', '[{"op":"replace","path":"/metadata/name","value":"renamed"}]', '[{"op":"remove","path":"/"}]',
	'[{"op":"move","from":"/spec","path":"/spec/x"}]', '[{"op":"test","path":"/kind","value":"Nope"}]', '[null]', '[1]',
	'{"a":' + '['.repeat(2_000) + ']'.repeat(2_000) + '}', 'kind: [\n', '\t\tkind: x', '---\n---\n', '%YAML 9.9\n---\na: 1',
	'{"metadata":{"resourceVersion":"1"}}', '{"metadata":{"resourceVersion":"abc"}}', '{"metadata":{"finalizers":[null]}}',
];

const CONTENT_TYPES = [
	'application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/strategic-merge-patch+json',
	'application/apply-patch+yaml', 'application/json-patch+json', 'application/yaml', 'text/plain', 'application/vnd.kubernetes.protobuf',
	'', 'garbage', 'application/x-www-form-urlencoded',
];
const PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/json-patch+json'];

const QUERY: Array<[string, string[]]> = [
	['watch', ['true', '1', 'abc', 'false']],
	['resourceVersion', ['abc', '-1', '0', '1', '99999999999', '']],
	['resourceVersionMatch', ['Exact', 'NotOlderThan', 'Bogus']],
	['limit', ['-1', 'abc', '0', '1', '1e9', '9999999999999999999999']],
	['continue', ['garbage', 'eyJzdGFydCI6LTN9', 'eyJydiI6IjEiLCJzdGFydCI6LTN9']],
	['timeoutSeconds', ['abc', '-5', '1.5', '1e20']],
	['labelSelector', ['a=', '!!', 'a in (', 'a notin b', '=x', 'a,b,c', 'a=b,c!=d', 'x'.repeat(500)]],
	['fieldSelector', ['metadata.name', 'spec.bogus=x', '=', 'metadata.name==x', 'a!=b,', 'status.phase=Running']],
	['dryRun', ['All', 'Bogus', '']],
	['fieldManager', ['', 'x'.repeat(200), 'kubectl']],
	['fieldValidation', ['Strict', 'Warn', 'Ignore', 'Bogus']],
	['force', ['true', 'abc']],
	['propagationPolicy', ['Bogus', 'Orphan', '']],
	['gracePeriodSeconds', ['-1', 'abc', '1e20', '9999999999999999999999']],
	['orphanDependents', ['abc', 'true']],
	['allowWatchBookmarks', ['true', 'abc']],
	['includeObject', ['Bogus', 'None', 'Object']],
	['pretty', ['true', 'abc']],
	['sendInitialEvents', ['true', 'abc']],
	['tailLines', ['-1', 'abc']],
	['sinceSeconds', ['0', '-1', 'abc']],
	['container', ['nope', '']],
];

const queryArb: fc.Arbitrary<Array<[string, string]>> = fc.array(
	fc.constantFrom(...QUERY).chain(([name, values]) => fc.constantFrom(...values).map(v => [name, v] as [string, string])),
	{maxLength: 3},
);

/** A change to the current object: a path of keys and the value put there. */
const mutationArb = fc.record({
	path: fc.array(fc.constantFrom(...KEYS), {minLength: 1, maxLength: 5}),
	value: badValue,
});

const jsonPatchArb = fc.array(
	fc.record({
		op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
		path: fc.array(fc.constantFrom(...KEYS, '-', '~1', '~0', '99'), {maxLength: 4}).map(p => '/' + p.join('/')),
		from: fc.array(fc.constantFrom(...KEYS), {maxLength: 3}).map(p => '/' + p.join('/')),
		value: badValue,
	}),
	{maxLength: 4},
);

type BodySpec =
	| {k: 'none'}
	| {k: 'raw'; text: string}
	| {k: 'mutate'; path: string[]; value: unknown; yaml: boolean}
	| {k: 'jsonPatch'; ops: unknown[]}
	| {k: 'random'; value: unknown};

const bodyArb: fc.Arbitrary<BodySpec> = fc.oneof(
	{weight: 1, arbitrary: fc.constant<BodySpec>({k: 'none'})},
	{weight: 3, arbitrary: fc.constantFrom(...RAW_BODIES).map<BodySpec>(text => ({k: 'raw', text}))},
	{weight: 1, arbitrary: fc.string({maxLength: 60}).map<BodySpec>(text => ({k: 'raw', text}))},
	{weight: 6, arbitrary: fc.tuple(mutationArb, fc.boolean()).map<BodySpec>(([m, yaml]) => ({k: 'mutate', ...m, yaml}))},
	{weight: 2, arbitrary: jsonPatchArb.map<BodySpec>(ops => ({k: 'jsonPatch', ops}))},
	{weight: 1, arbitrary: fc.jsonValue({maxDepth: 4}).map<BodySpec>(value => ({k: 'random', value}))},
);

export interface FuzzRequest {
	target: number;
	verb: 'list' | 'get' | 'create' | 'update' | 'patch' | 'delete' | 'status' | 'scale' | 'subresource';
	/** Aim at the existing object (else a name that does not exist, or a bad one). */
	existing: boolean;
	badName: string | undefined;
	badNamespace: string | undefined;
	subresource: string;
	contentType: string;
	body: BodySpec;
	query: Array<[string, string]>;
}

export function requestArb(targets: number): fc.Arbitrary<FuzzRequest> {
	return fc.record({
		target: fc.nat({max: targets - 1}),
		verb: fc.constantFrom<FuzzRequest['verb']>('list', 'get', 'create', 'create', 'update', 'update', 'patch', 'patch', 'patch', 'delete', 'status', 'scale', 'subresource'),
		existing: fc.boolean(),
		badName: fc.option(fc.constantFrom('UPPER', '..', 'a'.repeat(300), 'x%20y', '%ZZ', '-', 'é', 'with space'), {freq: 5}),
		badNamespace: fc.option(fc.constantFrom('nope', 'UPPER', '%E0%A4%A', 'a'.repeat(300), 'kube-system'), {freq: 6}),
		subresource: fc.constantFrom('log', 'binding', 'eviction', 'bogus', 'exec', 'attach', 'portforward', 'proxy', 'ephemeralcontainers', 'resize'),
		contentType: fc.oneof({weight: 3, arbitrary: fc.constantFrom(...PATCH_TYPES)}, {weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES)}),
		body: bodyArb,
		query: queryArb,
	});
}

// ------------------------------------------------------------------------------ sending and judging

export interface FuzzFigures {
	requests: number;
	byStatus: Record<string, number>;
	problems: string[];
	/** The request that took longest to answer. */
	slowest?: {ms: number; request: string};
}

function set(obj: any, path: string[], value: unknown): any {
	const root = obj && typeof obj === 'object' ? obj : {};
	let at = root;
	for (let i = 0; i < path.length - 1; i++) {
		const k = path[i]!;
		if (!at[k] || typeof at[k] !== 'object') at[k] = /^\d+$/.test(path[i + 1]!) ? [] : {};
		at = at[k];
	}
	at[path[path.length - 1]!] = value;
	return root;
}

function find(cluster: Cluster, kind: string, ns: string | undefined, name: string) {
	try {
		return cluster.find(kind, ns, name);
	} catch {
		return undefined;
	}
}

function yamlOf(v: unknown): string {
	// flow-style YAML is JSON: what matters is the media type the server decodes it with
	return JSON.stringify(v);
}

/** How one generated request is sent: its method, path, headers and body. */
function build(req: FuzzRequest, t: Target, cluster: Cluster): {method: string; path: string; contentType: string; body?: string; kind: string; ns?: string; name: string; write: boolean; streams: boolean} {
	const ns = req.badNamespace ?? t.existing?.namespace ?? 'default';
	const name = req.badName ?? (req.existing && t.existing ? t.existing.name : 'fuzz-missing');
	const collection = `${t.prefix}${t.namespaced ? `/namespaces/${ns}` : ''}/${t.resource}`;
	const item = `${collection}/${encodeURIComponent(name).replace(/%25/g, '%')}`;
	const current = find(cluster, t.kind, t.namespaced ? ns : undefined, name);
	let body: string | undefined;
	const b = req.body;
	if (b.k === 'raw') body = b.text;
	else if (b.k === 'mutate') {
		const base = current ? structuredClone(current) : {apiVersion: t.prefix.replace(/^\/apis?\//, ''), kind: t.kind, metadata: {name}};
		const changed = set(base, b.path, b.value);
		body = b.yaml ? yamlOf(changed) : JSON.stringify(changed);
	} else if (b.k === 'jsonPatch') body = JSON.stringify(b.ops);
	else if (b.k === 'random') body = JSON.stringify(b.value);
	const q = new URLSearchParams(req.query);
	const streams = req.query.some(([k, v]) => (k === 'watch' && ['true', '1'].includes(v)) || k === 'follow');
	const qs = q.size ? `?${q}` : '';
	let method = 'GET';
	let path = collection;
	let write = true;
	switch (req.verb) {
		case 'list':
			write = false;
			break;
		case 'get':
			path = item;
			write = false;
			break;
		case 'create':
			method = 'POST';
			break;
		case 'update':
			method = 'PUT';
			path = item;
			break;
		case 'patch':
			method = 'PATCH';
			path = item;
			break;
		case 'delete':
			// only what cannot remove the objects the run aims at: a missing name, or a dry run
			method = 'DELETE';
			path = item;
			if (current && !req.query.some(([k, v]) => k === 'dryRun' && v === 'All')) q.append('dryRun', 'All');
			break;
		case 'status':
		case 'scale':
			method = req.body.k === 'jsonPatch' || req.contentType.includes('patch') ? 'PATCH' : 'PUT';
			path = `${item}/${req.verb}`;
			break;
		case 'subresource':
			method = req.body.k === 'none' ? 'GET' : 'POST';
			path = `${item}/${req.subresource}`;
			write = method !== 'GET';
			break;
	}
	const finalQs = q.size ? `?${q}` : qs;
	return {method, path: path + finalQs, contentType: req.contentType, body: method === 'GET' ? undefined : body, kind: t.kind, ns: t.namespaced ? ns : undefined, name, write, streams};
}

const STATUS_REASONS = new Set([
	'BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'AlreadyExists', 'Conflict', 'Gone', 'Expired', 'Invalid', 'ServerTimeout',
	'Timeout', 'TooManyRequests', 'MethodNotAllowed', 'NotAcceptable', 'RequestEntityTooLarge', 'UnsupportedMediaType', 'InternalError',
	'ServiceUnavailable', 'RequestHeaderFieldsTooLarge',
]);

/**
 * Sends the requests one after another over a keep-alive connection, each with a deadline, and
 * records what breaks the rules. After the batch, `/version` must answer.
 */
export async function runBatch(server: KubeApiServer, cluster: Cluster, targets: Target[], batch: FuzzRequest[], figures: FuzzFigures, deadlineMs = 5_000): Promise<void> {
	const base = server.url();
	const agent = agentFor(server);
	for (const req of batch) {
		const t = targets[req.target]!;
		const r = build(req, t, cluster);
		const before = r.write ? {rv: cluster.resourceVersion(), obj: JSON.stringify(find(cluster, r.kind, r.ns, r.name) ?? null)} : undefined;
		const label = `${r.method} ${r.path.slice(0, 160)} [${r.contentType}] ${String(r.body).slice(0, 120)}`;
		figures.requests++;
		const started = performance.now();
		let status: number;
		let text = '';
		const signal = AbortSignal.timeout(deadlineMs);
		try {
			({status, text} = await send(agent, base, r, signal));
		} catch (e) {
			figures.byStatus.hang = (figures.byStatus.hang ?? 0) + 1;
			figures.problems.push(`${signal.aborted ? `no answer within ${deadlineMs} ms` : `connection failed (${(e as Error).message})`}: ${label}`);
			continue;
		}
		const took = performance.now() - started;
		if (took > (figures.slowest?.ms ?? 0)) figures.slowest = {ms: Math.round(took), request: `${label} (${r.body?.length ?? 0} bytes)`};
		figures.byStatus[status] = (figures.byStatus[status] ?? 0) + 1;
		// a list from a resourceVersion the store has not reached is the watch cache's 504, as on a real server
		const tooLarge = status === 504 && text.includes('"reason":"ResourceVersionTooLarge"');
		if (status >= 500 && !tooLarge) figures.problems.push(`${status}: ${label} -> ${text.slice(0, 200)}`);
		if (status >= 400) {
			let s: any;
			try {
				s = JSON.parse(text);
			} catch {
				s = undefined;
			}
			if (!s || s.kind !== 'Status' || s.status !== 'Failure' || s.code !== status || !STATUS_REASONS.has(s.reason) || typeof s.message !== 'string')
				figures.problems.push(`${status} without a proper Status: ${label} -> ${text.slice(0, 200)}`);
			if (before) {
				const after = {rv: cluster.resourceVersion(), obj: JSON.stringify(find(cluster, r.kind, r.ns, r.name) ?? null)};
				if (after.rv !== before.rv || after.obj !== before.obj) figures.problems.push(`${status} but the write changed the cluster (rv ${before.rv} -> ${after.rv}): ${label}`);
			}
		}
	}
	const v = await fetch(`${base}/version`, {signal: AbortSignal.timeout(deadlineMs)}).catch(() => undefined);
	if (v?.status !== 200) figures.problems.push('the server did not answer /version after a batch');
	else await v.arrayBuffer();
}

const agents = new WeakMap<KubeApiServer, Agent>();

/** One keep-alive connection per server, reused by every request of a run. */
function agentFor(server: KubeApiServer): Agent {
	let a = agents.get(server);
	if (!a) agents.set(server, (a = new Agent({keepAlive: true, maxSockets: 1})));
	return a;
}

/** One request; a watch that was accepted is closed as soon as its headers arrive. */
function send(agent: Agent, base: string, r: {method: string; path: string; contentType: string; body?: string; streams: boolean}, signal: AbortSignal): Promise<{status: number; text: string}> {
	return new Promise((resolve, reject) => {
		const url = new URL(base);
		const headers: Record<string, string | number> = {};
		if (r.contentType) headers['Content-Type'] = r.contentType;
		if (r.body !== undefined) headers['Content-Length'] = Buffer.byteLength(r.body);
		const req = request({host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent, signal}, res => {
			const status = res.statusCode ?? 0;
			if (r.streams && status === 200) {
				res.destroy();
				return resolve({status, text: ''});
			}
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (text += c));
			res.on('end', () => resolve({status, text}));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(r.body);
	});
}

/** Runs `batches` batches of `size` generated requests from `seed`. */
export async function fuzzApi(server: KubeApiServer, cluster: Cluster, o: {seed: number; batches: number; size: number; deadlineMs?: number}): Promise<FuzzFigures> {
	const targets = await discoverTargets(server, cluster);
	const figures: FuzzFigures = {requests: 0, byStatus: {}, problems: []};
	await fc.assert(
		fc.asyncProperty(fc.array(requestArb(targets.length), {minLength: o.size, maxLength: o.size}), async batch => {
			await runBatch(server, cluster, targets, batch, figures, o.deadlineMs);
		}),
		{seed: o.seed, numRuns: o.batches, endOnFailure: true},
	);
	return figures;
}
