// The API server's proxy to a pod or a Service: `pods/NAME[:PORT]/proxy/PATH` and
// `services/NAME[:PORT]/proxy/PATH` (what `kubectl proxy` and the Kubernetes Basics tutorial
// use). The request goes over the simulated pod network to the container that listens there,
// and its answer comes back as the container's server sent it.
import type {Cluster, Pod} from '../cluster/index.js';
import type {Service} from '../cluster/types.js';
import {errors} from '../cluster/core/errors.js';
import {StatusError} from '../cluster/core/errors.js';
import {failureStatus} from './http.js';
import {createPodNetwork, type PodNetwork} from './network.js';
import type {ResourceRequest} from './request.js';

const networks = new WeakMap<Cluster, PodNetwork>();

function networkOf(cluster: Cluster): PodNetwork {
	let n = networks.get(cluster);
	if (!n) {
		n = createPodNetwork(cluster);
		networks.set(cluster, n);
	}
	return n;
}

/** `[scheme:]name[:port]` as the API server splits a proxy target (net.SplitSchemeNamePort). */
export function splitSchemeNamePort(id: string): {scheme: string; name: string; port: string} | undefined {
	const parts = id.split(':');
	let scheme = '';
	let name: string;
	let port = '';
	if (parts.length === 1) name = parts[0]!;
	else if (parts.length === 2) [name, port] = parts as [string, string];
	else if (parts.length === 3) {
		[scheme, name, port] = parts as [string, string, string];
		if (scheme !== 'http' && scheme !== 'https') return undefined;
	} else return undefined;
	if (!name) return undefined;
	return {scheme: scheme || 'http', name, port};
}

const unavailable = (message: string) => new StatusError(failureStatus(503, 'ServiceUnavailable', message));

function dialRefused(ip: string, port: number): StatusError {
	return unavailable(`error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`);
}

/** Where a pod's or Service's proxy request goes: an IP and port on the pod network. */
function destination(r: ResourceRequest, target: {name: string; port: string}): {ip: string; port: number} {
	const {cluster} = r;
	const ns = r.target.namespace!;
	if (r.kind.kind === 'Pod') {
		const pod = cluster.get<Pod>('Pod', ns, target.name);
		let port = target.port;
		if (!port) port = String(pod.spec.containers.find(c => c.ports?.length)?.ports?.[0]?.containerPort ?? '');
		else if (!/^\d+$/.test(port)) {
			const named = pod.spec.containers.flatMap(c => c.ports ?? []).find(p => p.name === port);
			if (!named) throw errors.badRequest(`invalid port: ${port}`);
			port = String(named.containerPort);
		}
		return {ip: pod.status?.podIP ?? '', port: Number(port || 80)};
	}
	const svc = cluster.get<Service>('Service', ns, target.name);
	const ports = svc.spec?.ports ?? [];
	const sp = target.port === '' ? ports[0] : ports.find(p => p.name === target.port || String(p.port) === target.port);
	if (!sp) throw unavailable(`no endpoints available for service "${target.name}"`);
	const ep = cluster.find('Endpoints', ns, target.name);
	const addresses: Array<{ip: string; port: number}> = [];
	for (const s of ep?.subsets ?? []) {
		const p = (s.ports ?? []).find(x => (x.name ?? '') === (sp.name ?? '')) ?? (s.ports?.length === 1 ? s.ports[0] : undefined);
		if (!p) continue;
		for (const a of s.addresses ?? []) addresses.push({ip: a.ip, port: p.port});
	}
	if (!addresses.length) throw unavailable(`no endpoints available for service "${target.name}"`);
	const key = `${ns}/${target.name}`;
	const n = turns.get(cluster)?.get(key) ?? 0;
	if (!turns.has(cluster)) turns.set(cluster, new Map());
	turns.get(cluster)!.set(key, n + 1);
	return addresses[n % addresses.length]!;
}

/** The API server picks one of a Service's ready endpoints per request, in turn. */
const turns = new WeakMap<Cluster, Map<string, number>>();

/** Any method through the proxy: the answer of the server listening at the destination. */
export function podOrServiceProxy(r: ResourceRequest): void {
	const {res, cluster} = r;
	const target = splitSchemeNamePort(r.target.name!);
	if (!target) throw errors.badRequest(`invalid resource name: ${r.target.name}`);
	const {ip, port} = destination(r, target);
	if (!ip) throw dialRefused('', port);
	const search = r.req.url?.includes('?') ? r.req.url.slice(r.req.url.indexOf('?')) : '';
	const path = `/${r.target.proxyPath ?? ''}${search}`;
	const answer = networkOf(cluster).request(r.method, `http://${ip}:${port}${path}`, {namespace: r.target.namespace!, pod: '', container: '', ip: ''}, r.req.headers['user-agent'] ?? 'Go-http-client/1.1');
	if (!answer.ok) {
		if (answer.error === 'protocol') throw unavailable(`error trying to reach service: read tcp: connection reset by peer`);
		throw dialRefused(ip, port);
	}
	const body = answer.body;
	const type = /^\s*</.test(body) ? 'text/html' : 'text/plain; charset=utf-8';
	res.writeHead(answer.status, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)});
	res.end(r.method === 'HEAD' ? undefined : body);
}
