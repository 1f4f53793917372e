// The cluster-aware programs a learner tries inside a container (busybox nslookup, wget and ps;
// curl on Debian and Ubuntu images), answered from the cluster's Services, Endpoints and pods.
// Every other command runs in the container's simulated shell.
import {STATUS_CODES} from 'node:http';
import type {Cluster, Pod} from '../cluster/index.js';
import type {ProcessContext, Step} from '../cluster/apps/index.js';
import {CLUSTER_DOMAIN, IPV4, createPodNetwork, type Caller, type PodNetwork} from './network.js';

export type Tools = NonNullable<ProcessContext['tools']>;

const BUSYBOX = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.';

/** The programs of one container, for `cluster.exec`; kube-proxy's round-robin is shared by all. */
export function createTools(cluster: Cluster): (namespace: string, pod: string, container: string) => Tools {
	const network = createPodNetwork(cluster);
	return (namespace, pod, container) => (argv, _env, os, version) => {
		const base = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
		const busybox = os === 'busybox' || os === 'alpine';
		const gnu = os === 'debian' || os === 'ubuntu';
		const self = cluster.find<Pod>('Pod', namespace, pod);
		const caller: Caller = {namespace, pod, container, ip: self?.status?.podIP ?? ''};
		const args = argv.slice(1);
		if (base === 'nslookup' && busybox) return steps(() => (os === 'busybox' && oldBusybox(version) ? nslookupBefore129(network, args, namespace) : nslookup(network, args, namespace)));
		if (base === 'wget' && busybox) return steps(() => wget(cluster, network, args, caller));
		if (base === 'curl' && gnu) return steps(() => curl(cluster, network, args, caller));
		if (base === 'ps' && busybox) return steps(() => ps(cluster, caller));
		return undefined;
	};
}

/** busybox before 1.29 had its own nslookup (the one the StatefulSet tutorial asks for with busybox:1.28). */
function oldBusybox(version: string | undefined): boolean {
	const m = /^1\.(\d+)/.exec(version ?? '');
	return !!m && Number(m[1]) < 29;
}

/** busybox 1.28's nslookup: the server and each address with the name it resolves back to. */
function* nslookupBefore129(network: PodNetwork, args: string[], namespace: string): Generator<Step, number> {
	const host = args.find(a => !a.startsWith('-'));
	if (!host) {
		yield err('BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]');
		return 1;
	}
	const dns = network.dnsServer();
	yield* lines(`Server:    ${dns}\nAddress 1: ${dns} kube-dns.kube-system.svc.${CLUSTER_DOMAIN}\n\n`);
	const r = network.resolve(host, namespace);
	if (!r || !r.ips.length) {
		yield err(`nslookup: can't resolve '${host}'`);
		return 1;
	}
	const back = (ip: string) => {
		const svc = network.serviceByIP(ip);
		if (svc) return ` ${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
		const pod = network.podByIP(ip);
		if (!pod) return '';
		const sub = pod.spec.subdomain;
		return sub && pod.spec.hostname ? ` ${pod.spec.hostname}.${sub}.${pod.metadata.namespace}.svc.${CLUSTER_DOMAIN}` : ` ${ip.replace(/\./g, '-')}.${pod.metadata.namespace}.pod.${CLUSTER_DOMAIN}`;
	};
	yield* lines(`Name:      ${host}\n${r.ips.map((ip, i) => `Address ${i + 1}: ${ip}${back(ip)}`).join('\n')}\n`);
	return 0;
}

function* nslookup(network: PodNetwork, args: string[], namespace: string): Generator<Step, number> {
	const host = args.find(a => !a.startsWith('-'));
	if (!host) {
		yield err(`${BUSYBOX}\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]`);
		return 1;
	}
	const dns = network.dnsServer();
	yield* lines(`Server:\t\t${dns}\nAddress:\t${dns}:53\n\n`);
	const r = network.resolve(host, namespace);
	if (r?.cname) {
		yield* lines(`${r.name}\tcanonical name = ${r.cname}\n`);
		return 0;
	}
	if (!r || !r.ips.length) {
		yield* lines(`** server can't find ${r?.name ?? host}: NXDOMAIN\n`);
		return 1;
	}
	if (IPV4.test(host)) {
		const svc = network.serviceByIP(host);
		const pod = svc ? undefined : network.podByIP(host);
		const rev = host.split('.').reverse().join('.') + '.in-addr.arpa';
		if (svc) yield* lines(`${rev}\tname = ${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}\n`);
		else if (pod) yield* lines(`${rev}\tname = ${host.replace(/\./g, '-')}.${pod.metadata.namespace}.pod.${CLUSTER_DOMAIN}\n`);
		else {
			yield* lines(`** server can't find ${rev}: NXDOMAIN\n`);
			return 1;
		}
		return 0;
	}
	for (const ip of r.ips) yield* lines(`Name:\t${r.name}\nAddress: ${ip}\n\n`);
	return 0;
}

function* wget(cluster: Cluster, network: PodNetwork, args: string[], caller: Caller): Generator<Step, number> {
	let quiet = false;
	let output: string | undefined;
	let spider = false;
	const urls: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === '--spider') spider = true;
		else if (a === '-q' || a === '--quiet') quiet = true;
		else if (a.startsWith('--output-document=')) output = a.slice(18);
		else if (a.startsWith('--')) {
			if (!a.includes('=') && ['--timeout', '--header', '--user-agent', '--post-data'].includes(a)) i++;
		} else if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j];
				if (c === 'q') quiet = true;
				else if (c === 'O' || c === 'T' || c === 'U' || c === 'Y' || c === 'P' || c === 'e') {
					const v = a.slice(j + 1) || args[++i] || '';
					if (c === 'O') output = v;
					break;
				}
			}
		} else urls.push(a);
	}
	if (!urls.length) {
		yield err(`${BUSYBOX}\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...`);
		return 1;
	}
	let code = 0;
	for (const url of urls) {
		const r = network.request(spider ? 'HEAD' : 'GET', url, caller, 'Wget');
		if (!r.ok && r.error === 'resolve') {
			yield err(`wget: bad address '${r.host}${r.port === 80 ? '' : `:${r.port}`}'`);
			code = 1;
			continue;
		}
		if (!quiet) yield err(`Connecting to ${r.host}${/:\d+/.test(url.replace(/^\w+:\/\//, '')) ? `:${r.port}` : ''} (${r.ip}:${r.port})`);
		if (!r.ok) {
			yield err(r.error === 'refused' ? `wget: can't connect to remote host (${r.ip}): Connection refused` : 'wget: error getting response: Connection reset by peer');
			code = 1;
			continue;
		}
		if (r.status >= 400) {
			yield err(`wget: server returned error: HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}`);
			code = 1;
			continue;
		}
		if (spider) {
			if (!quiet) yield err('remote file exists');
			continue;
		}
		const size = Buffer.byteLength(r.body);
		const progress = (name: string) => `${name.padEnd(20).slice(0, 20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA`;
		if (output === '-') {
			if (!quiet) yield err('writing to stdout');
			yield* lines(r.body);
			if (!quiet) yield err(`${progress('-')}\nwritten to stdout`);
		} else {
			const file = output ?? (/\/([^/?#]+)(?:[?#].*)?$/.exec(url.replace(/^\w+:\/\/[^/]+/, ''))?.[1] || 'index.html');
			writeFile(cluster, caller, file, r.body);
			if (!quiet) yield err(`saving to '${file}'\n${progress(file)}\n'${file}' saved`);
		}
	}
	return code;
}

const CURL_VALUE_FLAGS = new Set(['-X', '--request', '-o', '--output', '-H', '--header', '-d', '--data', '-m', '--max-time', '-w', '--write-out', '--connect-timeout', '-A', '--user-agent', '-u', '--user']);

function* curl(cluster: Cluster, network: PodNetwork, args: string[], caller: Caller): Generator<Step, number> {
	let silent = false;
	let showErrors = false;
	let fail = false;
	let include = false;
	let method: string | undefined;
	let output: string | undefined;
	const urls: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (CURL_VALUE_FLAGS.has(a)) {
			const v = args[++i] ?? '';
			if (a === '-X' || a === '--request') method = v.toUpperCase();
			else if (a === '-o' || a === '--output') output = v;
			else if ((a === '-d' || a === '--data') && !method) method = 'POST';
		} else if (a === '--silent') silent = true;
		else if (a === '--fail') fail = true;
		else if (a === '--include') include = true;
		else if (a === '--head') method = 'HEAD';
		else if (a.startsWith('--')) continue;
		else if (a.startsWith('-') && a.length > 1) {
			for (const c of a.slice(1)) {
				if (c === 's') silent = true;
				else if (c === 'S') showErrors = true;
				else if (c === 'f') fail = true;
				else if (c === 'i') include = true;
				else if (c === 'I') {
					method = 'HEAD';
					include = true;
				}
			}
		} else urls.push(a);
	}
	if (!urls.length) {
		yield err("curl: try 'curl --help' or 'curl --manual' for more information");
		return 2;
	}
	const quietErrors = silent && !showErrors;
	let code = 0;
	for (const url of urls) {
		const r = network.request(method ?? 'GET', url, caller, 'curl/7.88.1');
		if (!r.ok) {
			if (r.error === 'resolve') {
				if (!quietErrors) yield err(`curl: (6) Could not resolve host: ${r.host}`);
				code = 6;
			} else if (r.error === 'refused') {
				if (!quietErrors) yield err(`curl: (7) Failed to connect to ${r.host} port ${r.port} after 0 ms: Couldn't connect to server`);
				code = 7;
			} else {
				if (!quietErrors) yield err('curl: (1) Received HTTP/0.9 when not allowed');
				code = 1;
			}
			continue;
		}
		if (fail && r.status >= 400) {
			if (!quietErrors) yield err(`curl: (22) The requested URL returned error: ${r.status}`);
			code = 22;
			continue;
		}
		let text = '';
		if (include) {
			text += `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}\r\nDate: ${new Date(cluster.now()).toUTCString()}\r\n`;
			text += `Content-Type: ${r.body.trimStart().startsWith('<') ? 'text/html' : 'text/plain; charset=utf-8'}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n\r\n`;
		}
		text += r.body;
		if (output && output !== '-') {
			writeFile(cluster, caller, output, text);
			if (!silent) yield err(progressMeter(Buffer.byteLength(text)));
		} else yield* lines(text);
	}
	return code;
}

function* ps(cluster: Cluster, caller: Caller): Generator<Step, number> {
	const proc = cluster.containerProcess(caller.namespace, caller.pod, caller.container);
	const seconds = Math.floor((proc?.uptimeMs ?? 0) / 1000);
	const cpu = `${Math.floor(seconds / 6000)}:${String(Math.floor(seconds / 100) % 60).padStart(2, '0')}`;
	yield out('PID   USER     TIME  COMMAND');
	yield out(`    1 root      ${cpu.padStart(4)} ${(proc?.argv ?? ['sh']).join(' ')}`);
	yield out(`${String(7 + (seconds % 50)).padStart(5)} root      0:00 ps`);
	return 0;
}

/** Saves a download in the container's files (a relative name is under /). */
function writeFile(cluster: Cluster, caller: Caller, file: string, text: string): void {
	const proc = cluster.containerProcess(caller.namespace, caller.pod, caller.container);
	if (proc) proc.ctx.files[file.startsWith('/') ? file : `/${file}`] = text;
}

function progressMeter(size: number): string {
	return `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100  ${String(size).padStart(4)}  100  ${String(size).padStart(4)}    0     0   ${String(size * 100).padStart(5)}      0 --:--:-- --:--:-- --:--:-- ${String(size * 100).padStart(5)}`;
}

function out(line: string): Step {
	return {out: line};
}

function err(text: string): Step {
	return {out: text, stream: 'stderr'};
}

/** A text as output lines (the last newline ends the last line). */
function* lines(text: string): Generator<Step> {
	if (!text) return;
	for (const p of text.replace(/\n$/, '').split('\n')) yield out(p);
}

/** A program's steps: the generator's lines, then its return value as the exit code. */
function steps(body: () => Generator<Step, number>): Iterator<Step> {
	return (function* () {
		const code = yield* body();
		yield {exit: code} as Step;
	})();
}
