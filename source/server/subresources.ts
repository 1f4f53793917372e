// Subresources of an object: status (get, update, patch), scale (autoscaling/v1 Scale),
// log (plain or followed), and a pod's eviction. exec and attach are upgrades (exec.ts).
import {errors} from '../cluster/core/errors.js';
import {resourceName} from '../kinds/index.js';
import {bool, methodNotAllowed, notFound, num} from './http.js';
import type {ResourceRequest} from './request.js';
import {deleteOptions, patch, storedUpdate} from './resources.js';
import {applyPatch} from '../cluster/api/patch.js';
import {mediaType} from './body.js';
import {tokenRequestSpec} from './tokens.js';
import {openStream} from './stream.js';
import {podOrServiceProxy} from './proxy.js';

export function subresource(r: ResourceRequest): void {
	const {kind: k, target: t, method, res} = r;
	const sub = t.subresource!;
	if (!t.resource.subresources.some(s => s.name === sub)) return notFound(res, `${k.plural}/${sub}`);
	const only = (allowed: string, handler: (r: ResourceRequest) => void) => (method === allowed ? handler(r) : methodNotAllowed(res, method, sub));
	switch (sub) {
		case 'log':
			return only('GET', logs);
		case 'eviction':
			return only('POST', evict);
		case 'scale':
			return readWrite(r, scale, replaceScale);
		case 'status':
			return readWrite(r, status, replaceStatus);
		case 'token':
			return only('POST', tokenRequest);
		case 'proxy':
			return k.kind === 'Node' ? only('GET', nodeProxy) : podOrServiceProxy(r);
		default:
			if (k.api?.subresourceWrites?.[sub]) return readWrite(r, status, writeSubresource);
			return notFound(res, sub);
	}
}

/** GET, PUT and PATCH of the status or scale subresource. */
function readWrite(r: ResourceRequest, read: (r: ResourceRequest) => void, write: (r: ResourceRequest) => void): void {
	switch (r.method) {
		case 'GET':
			return read(r);
		case 'PUT':
			return write(r);
		case 'PATCH':
			// a subresource the kind writes itself patches what it shows, then writes by its rule
			return write === writeSubresource ? write(r) : patch(r, r.target.subresource as 'status' | 'scale');
		default:
			return methodNotAllowed(r.res, r.method, r.target.subresource!);
	}
}

function scale(r: ResourceRequest): void {
	r.send(200, r.cluster.getScale(r.kind.kind, r.target.namespace, r.target.name!));
}

function replaceScale(r: ResourceRequest): void {
	const {kind: k, target: t, cluster} = r;
	const name = t.name!;
	const sent = r.decoded();
	const replicas = sent?.spec?.replicas;
	if (typeof replicas !== 'number') throw errors.badRequest('Scale.spec.replicas must be a number');
	const current = cluster.getScale(k.kind, t.namespace, name);
	const rv = sent?.metadata?.resourceVersion;
	if (rv && rv !== current.metadata.resourceVersion) throw errors.conflict(resourceName(k), name);
	r.send(200, cluster.scale(k.kind, t.namespace, name, replicas, {user: r.user}));
}

function status(r: ResourceRequest): void {
	r.send(200, r.present(r.cluster.get(r.kind.kind, r.target.namespace, r.target.name!)));
}

function replaceStatus(r: ResourceRequest): void {
	r.send(200, r.present(r.cluster.updateStatus(storedUpdate(r))));
}

/** PUT or PATCH of a subresource the kind writes itself (a CSR's approval). */
function writeSubresource(r: ResourceRequest): void {
	const {kind: k, target: t, cluster} = r;
	const sent =
		r.method === 'PATCH' ? r.toStored(applyPatch(r.present(cluster.get(k.kind, t.namespace, t.name!)), r.decoded(), mediaType(r.contentType))) : storedUpdate(r);
	r.send(200, r.present(cluster.writeSubresource(k.kind, t.namespace, t.name!, t.subresource!, sent)));
}

/** `kubectl create token`: a TokenRequest for a ServiceAccount, answered with a signed token. */
function tokenRequest(r: ResourceRequest): void {
	const {cluster, target: t} = r;
	const sa = cluster.get(r.kind.kind, t.namespace, t.name!);
	const sent = r.decoded(true) ?? {};
	const spec = tokenRequestSpec(sent);
	if (spec.problems.length)
		throw errors.invalid('TokenRequest', t.name!, spec.problems.map(p => ({reason: 'FieldValueInvalid', ...p})), 'authentication.k8s.io');
	const {token, expirationTimestamp} = r.api.tokens.issue(cluster, sa, spec.audiences, spec.expirationSeconds);
	r.send(201, {
		kind: 'TokenRequest',
		apiVersion: 'authentication.k8s.io/v1',
		metadata: {name: t.name, namespace: t.namespace, creationTimestamp: null},
		spec: {audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: sent?.spec?.boundObjectRef ?? null},
		status: {token, expirationTimestamp},
	});
}

function evict(r: ResourceRequest): void {
	const name = r.target.name!;
	const ev = r.decoded();
	if (ev?.metadata?.name && ev.metadata.name !== name) throw errors.badRequest(`name in URL does not match name in Eviction object`);
	const o = deleteOptions(new URLSearchParams(), ev?.deleteOptions);
	r.cluster.evict(r.target.namespace ?? 'default', name, {...o, user: r.user});
	r.send(201, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201});
}

/** `kubectl logs`: the lines at once, or with follow=true a stream until the pod is deleted. */
function logs(r: ResourceRequest): void {
	const {cluster, query: q, res} = r;
	const sinceTime = q.get('sinceTime');
	const lopts = {
		container: q.get('container') || undefined,
		previous: bool(q.get('previous')),
		timestamps: bool(q.get('timestamps')),
		tailLines: num(q.get('tailLines'), 'tailLines'),
		sinceSeconds: num(q.get('sinceSeconds'), 'sinceSeconds'),
		sinceTime: sinceTime ? Date.parse(sinceTime) : undefined,
		limitBytes: num(q.get('limitBytes'), 'limitBytes'),
	};
	const ns = r.target.namespace ?? 'default';
	const pod = r.target.name!;
	if (!bool(q.get('follow'))) {
		const lines = cluster.logs(ns, pod, lopts);
		let text = lines.map(l => `${l}\n`).join('');
		if (lopts.limitBytes !== undefined && lopts.limitBytes >= 0) text = Buffer.from(text).subarray(0, lopts.limitBytes).toString('utf8');
		res.writeHead(200, {'Content-Type': 'text/plain'});
		res.end(text);
		return;
	}
	// validate first (errors become a Status), then stream
	cluster.logs(ns, pod, {...lopts, tailLines: 0});
	const stream = openStream(r.api, res, 'text/plain');
	const uid = cluster.get('Pod', ns, pod).metadata.uid;
	stream.onFinish(cluster.followLogs(ns, pod, lopts, line => stream.write(() => `${line}\n`)));
	stream.onFinish(
		cluster.watch(
			'Pod',
			ev => {
				if (ev.type === 'DELETED' && ev.object.metadata.uid === uid) setImmediate(stream.finish);
			},
			{namespace: ns, fieldSelector: `metadata.name=${pod}`},
		),
	);
}

/** What the kubelet's /logs/ directory holds on a node (its /var/log). */
const VAR_LOG = ['containers/', 'journal/', 'pods/'];

/**
 * `nodes/N/proxy/...`: the node's kubelet answers. `logs/?query=kubelet` is the kubelet's log
 * query (journalctl -u kubelet, short-precise, with tailLines, sinceTime, untilTime, pattern);
 * `logs/` alone lists /var/log; `healthz` answers ok.
 */
function nodeProxy(r: ResourceRequest): void {
	const {cluster, query: q, res} = r;
	const node = r.target.name!;
	cluster.get('Node', undefined, node);
	const path = r.target.proxyPath ?? '';
	const text = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
		res.writeHead(status, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)});
		res.end(body);
	};
	if (path === 'healthz') return text(200, 'ok');
	if (path !== 'logs' && path !== 'logs/') return text(404, '404 page not found\n');
	const services = q.getAll('query').flatMap(s => s.split(/[ ,]+/)).filter(Boolean);
	if (!services.length) {
		const links = VAR_LOG.map(f => `<a href="${f}">${f}</a>\n`).join('');
		return text(200, `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${links}</pre>\n`, 'text/html; charset=utf-8');
	}
	const tailLines = num(q.get('tailLines'), 'tailLines');
	if (tailLines !== undefined && (tailLines < 0 || tailLines > 100000)) throw errors.badRequest(`tailLines: Invalid value: ${tailLines}: must be between 0 and 100000`);
	const time = (name: string) => {
		const v = q.get(name);
		if (!v) return undefined;
		const t = Date.parse(v);
		if (Number.isNaN(t)) throw errors.badRequest(`${name}: Invalid value: ${JSON.stringify(v)}: must be an RFC 3339 time`);
		return t;
	};
	const since = time('sinceTime');
	const until = time('untilTime');
	const patternText = q.get('pattern');
	let pattern: RegExp | undefined;
	if (patternText) {
		try {
			pattern = new RegExp(patternText, bool(q.get('caseSensitive')) ? '' : 'i');
		} catch {
			throw errors.badRequest(`pattern: Invalid value: ${JSON.stringify(patternText)}: must be a valid regular expression`);
		}
	}
	const lines: string[] = [];
	for (const service of services) if (service === 'kubelet' || service === 'kubelet.service') lines.push(...(cluster.nodeJournal(node, {since, until, pattern, format: 'short-precise'}) ?? []));
	const shown = tailLines === undefined ? lines : tailLines === 0 ? [] : lines.slice(-tailLines);
	text(200, shown.length ? shown.map(l => `${l}\n`).join('') : '-- No entries --\n');
}
