// The pod network as a program in a container sees it: cluster DNS over Services, and HTTP
// requests through a simulated kube-proxy that spreads them round-robin over a Service's ready
// endpoints, answered by the target container's image profile.
import {STATUS_CODES} from 'node:http';
import type {Cluster} from '../cluster/index.js';
import type {Pod, Service} from '../cluster/types.js';

export const CLUSTER_DOMAIN = 'cluster.local';
export const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** The container a program runs in. */
export interface Caller {
	namespace: string;
	pod: string;
	container: string;
	/** The pod's IP, '' before it has one. */
	ip: string;
}

export interface Resolved {
	name: string;
	ips: string[];
	service?: Service;
	cname?: string;
}

export type Response =
	| {ok: true; status: number; body: string; host: string; ip: string; port: number}
	| {ok: false; error: 'resolve' | 'refused' | 'protocol'; host: string; ip?: string; port: number};

export interface PodNetwork {
	/** The ClusterIP of kube-dns. */
	dnsServer(): string;
	/** Cluster DNS: a Service name (with the search path of `namespace`) or an IP. */
	resolve(host: string, namespace: string): Resolved | undefined;
	serviceByIP(ip: string): Service | undefined;
	/** The pod with this IP; `running` leaves out pods that have finished. */
	podByIP(ip: string, running?: boolean): Pod | undefined;
	/** One HTTP request from a pod through kube-proxy: the answering server's response. */
	request(method: string, url: string, from: Caller, userAgent: string): Response;
}

export function createPodNetwork(cluster: Cluster): PodNetwork {
	const roundRobin = new Map<string, number>();

	function readyEndpoints(service: Service, port?: {name?: string; port: number}): Array<{ip: string; pod: string; port: number}> {
		const ep = cluster.find('Endpoints', service.metadata.namespace, service.metadata.name);
		const out: Array<{ip: string; pod: string; port: number}> = [];
		for (const s of ep?.subsets ?? []) {
			const p = port ? (s.ports ?? []).find(x => (x.name ?? '') === (port.name ?? '')) ?? (s.ports?.length === 1 ? s.ports[0] : undefined) : s.ports?.[0];
			for (const a of s.addresses ?? []) if (a.targetRef?.name) out.push({ip: a.ip, pod: a.targetRef.name, port: p?.port ?? port?.port ?? 80});
		}
		return out;
	}

	/**
	 * `HOSTNAME.SUBDOMAIN[.NAMESPACE[.svc[.cluster.local]]]`: the A record a headless Service
	 * gives each ready pod whose hostname and subdomain name it (a StatefulSet's `web-0.nginx`).
	 */
	function podRecord(parts: string[], namespace: string): Resolved | undefined {
		if (parts.length < 2) return undefined;
		const [hostname, subdomain, ns = namespace, ...rest] = parts as [string, string, string?, ...string[]];
		const suffix = `svc.${CLUSTER_DOMAIN}`.split('.');
		if (rest.join('.') !== suffix.slice(0, rest.length).join('.')) return undefined;
		const service = cluster.find<Service>('Service', ns, subdomain);
		if (!service || service.spec?.clusterIP !== 'None') return undefined;
		const pod = cluster
			.list<Pod>('Pod', {namespace: ns})
			.find(p => p.spec.hostname === hostname && p.spec.subdomain === subdomain && p.status?.podIP && !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True'));
		if (!pod) return undefined;
		return {name: `${hostname}.${subdomain}.${ns}.svc.${CLUSTER_DOMAIN}`, ips: [pod.status.podIP!]};
	}

	const network: PodNetwork = {
		dnsServer: () => cluster.find('Service', 'kube-system', 'kube-dns')?.spec?.clusterIP ?? '10.96.0.10',
		serviceByIP: ip => cluster.list('Service').find(s => s.spec?.clusterIP === ip),
		podByIP: (ip, running = false) =>
			cluster.list('Pod').find(p => p.status?.podIP === ip && !(running && ['Succeeded', 'Failed'].includes(p.status?.phase ?? ''))),

		resolve(host, namespace) {
			host = host.replace(/\.$/, '').toLowerCase();
			if (IPV4.test(host)) return {name: host, ips: [host]};
			if (host === 'localhost') return {name: host, ips: ['127.0.0.1']};
			const parts = host.split('.');
			let svc: string | undefined;
			let ns = namespace;
			const suffix = `svc.${CLUSTER_DOMAIN}`.split('.');
			const rest = parts.slice(2);
			if (parts.length === 1) svc = parts[0];
			else if (parts.length >= 2 && suffix.slice(0, rest.length).join('.') === rest.join('.')) {
				svc = parts[0];
				ns = parts[1]!;
			}
			const member = podRecord(parts, namespace);
			if (member) return member;
			const service = svc ? cluster.find('Service', ns, svc) : undefined;
			if (!service) return undefined;
			const name = `${svc}.${ns}.svc.${CLUSTER_DOMAIN}`;
			if (service.spec?.type === 'ExternalName') return {name, ips: [], service, cname: service.spec.externalName};
			const ip = service.spec?.clusterIP;
			if (ip && ip !== 'None') return {name, ips: [ip], service};
			return {name, ips: readyEndpoints(service).map(e => e.ip), service};
		},

		request(method, rawUrl, from, userAgent) {
			const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(rawUrl);
			const scheme = (m?.[1] ?? 'http').toLowerCase();
			const host = m?.[2] ?? rawUrl;
			const port = m?.[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
			let path = m?.[4] || '/';
			if (!path.startsWith('/')) path = `/${path}`;
			const r = network.resolve(host, from.namespace);
			if (!r || !r.ips.length) return {ok: false, error: 'resolve', host, port};
			const ip = r.ips[0]!;
			let target: {namespace: string; pod: string; port: number} | undefined;
			if (host === 'localhost' || ip === '127.0.0.1' || ip === from.ip) target = {namespace: from.namespace, pod: from.pod, port};
			else {
				const service = r.service ?? network.serviceByIP(ip);
				if (service && service.spec?.clusterIP !== 'None') {
					const sp = (service.spec?.ports ?? []).find(p => p.port === port);
					const eps = sp ? readyEndpoints(service, {name: sp.name, port: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port}) : [];
					if (!eps.length) return {ok: false, error: 'refused', host, ip, port};
					const key = `${service.metadata.namespace}/${service.metadata.name}`;
					const n = roundRobin.get(key) ?? 0;
					roundRobin.set(key, n + 1);
					const ep = eps[n % eps.length]!;
					target = {namespace: service.metadata.namespace!, pod: ep.pod, port: ep.port};
				} else {
					const pod = network.podByIP(ip, true);
					if (pod) target = {namespace: pod.metadata.namespace!, pod: pod.metadata.name, port};
				}
			}
			if (!target) return {ok: false, error: 'refused', host, ip, port};
			const pod = cluster.find<Pod>('Pod', target.namespace, target.pod);
			for (const c of pod?.spec.containers ?? []) {
				const proc = cluster.containerProcess(target.namespace, target.pod, c.name);
				const listen = proc?.profile.listen?.(proc.ctx);
				if (!proc || !listen || !listen.ports.includes(target.port) || proc.uptimeMs < listen.afterMs) continue;
				const answer = proc.profile.respond?.(method, path, proc.ctx);
				if (!answer) return {ok: false, error: 'protocol', host, ip, port};
				cluster.recordRequests(target.namespace, target.pod, [{method, path, status: answer.status, bytes: answer.bytes, clientIP: from.ip, userAgent, time: cluster.now()}]);
				const body = answer.body ?? defaultBody(proc.profile.repository, proc.profile.version, answer.status);
				return {ok: true, status: answer.status, body: method === 'HEAD' ? '' : body, host, ip, port};
			}
			return {ok: false, error: 'refused', host, ip, port};
		},
	};
	return network;
}

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The page a server sends when its profile gives only a size (nginx's default pages). */
function defaultBody(repository: string, version: string | undefined, code: number): string {
	if (repository !== 'nginx') return '';
	if (code === 200) return NGINX_WELCOME;
	const title = `${code} ${STATUS_CODES[code] ?? ''}`;
	return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx/${version ?? '1.27.5'}</center>\n</body>\n</html>\n`;
}
