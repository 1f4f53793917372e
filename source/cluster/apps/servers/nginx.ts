// nginx: the official image's entrypoint scripts, start-up notices, the default site and
// combined access logs; SIGQUIT (its STOPSIGNAL) shuts it down gracefully.
import type {HttpResponse, Step} from '../types.js';
import {KERNEL_RELEASE} from '../kernel.js';
import {Timeline, finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {clfTime, slashDateTime} from '../time.js';
import {bytesOf, execArgs, option, pathOnly} from './common.js';

const NGINX_HTML = '/usr/share/nginx/html';

function nginxPorts(l: Launch): number[] {
	const ports = new Set<number>();
	for (const [path, text] of Object.entries(l.ctx.files)) {
		if (!path.startsWith('/etc/nginx/')) continue;
		for (const m of text.matchAll(/^\s*listen\s+(?:\[[^\]]*\]:|[\d.]+:|[\w.-]+:)?(\d+)/gm)) ports.add(Number(m[1]));
	}
	return ports.size ? [...ports] : [80];
}

function nginxEntrypointLines(l: Launch): Step[] {
	if (l.env.NGINX_ENTRYPOINT_QUIET_LOGS) return [];
	const conf = '/etc/nginx/conf.d/default.conf';
	const ipv6 =
		l.ctx.files[conf] !== undefined
			? ['10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)']
			: ['10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf', '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf'];
	return [
		'/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
		'/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
		'/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
		...ipv6,
		'/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
		'/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
		'/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
	].map(stdout);
}

const NGINX_WORKERS = [29, 30];

function nginx(argv: string[], l: Launch, viaEntrypoint: boolean): Program {
	const args = argv.slice(1);
	const v = l.version;
	const alpine = l.os.kind === 'alpine';
	const gcc = alpine ? 'gcc 14.2.0 (Alpine 14.2.0)' : 'gcc 12.2.0 (Debian 12.2.0-14)';
	if (args.includes('-v')) return finished([stderr(`nginx version: nginx/${v}`)]);
	if (args.includes('-V')) {
		return finished([
			stderr(`nginx version: nginx/${v}`),
			stderr(`built by ${gcc}`),
			stderr(`built with OpenSSL ${alpine ? '3.3.2 3 Sep 2024' : '3.0.15 3 Sep 2024'}`),
			stderr('TLS SNI support enabled'),
			stderr('configure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --modules-path=/usr/lib/nginx/modules --conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log --http-log-path=/var/log/nginx/access.log --with-http_ssl_module --with-http_v2_module --with-stream'),
		]);
	}
	if (args.includes('-t') || args.includes('-T')) {
		return finished([stderr('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok'), stderr('nginx: configuration file /etc/nginx/nginx.conf test is successful')]);
	}
	const directives = option(args, '-g') ?? '';
	const foreground = /daemon\s+off/.test(directives) || Object.entries(l.ctx.files).some(([p, t]) => p.startsWith('/etc/nginx/') && /^\s*daemon\s+off/m.test(t));
	const ports = nginxPorts(l);
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const entryMs = viaEntrypoint ? 120 : 0;
	const noticeMs = entryMs + (viaEntrypoint ? 150 : 30);
	const pre = viaEntrypoint ? nginxEntrypointLines(l) : [];
	const ready = viaEntrypoint && !l.env.NGINX_ENTRYPOINT_QUIET_LOGS ? [stdout('/docker-entrypoint.sh: Configuration complete; ready for start up')] : [];
	if (!foreground) {
		// Without `daemon off;` nginx forks into the background and the container's process exits.
		return {run: () => [...pre, {sleep: entryMs || 20}, ...ready, {exit: 0}][Symbol.iterator]()};
	}
	const notice = (t: number, pid: number, text: string) => stderr(`${slashDateTime(t)} [notice] ${pid}#${pid}: ${text}`);
	return {
		*run() {
			const t = new Timeline(start);
			yield* pre;
			if (entryMs) yield t.sleep(entryMs);
			yield* ready;
			yield t.sleep(noticeMs - entryMs);
			const at = t.at();
			yield notice(at, 1, 'using the "epoll" event method');
			yield notice(at, 1, `nginx/${v}`);
			yield notice(at, 1, `built by ${gcc} `);
			yield notice(at, 1, `OS: Linux ${KERNEL_RELEASE}`);
			yield notice(at, 1, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
			yield notice(at, 1, 'start worker processes');
			for (const pid of NGINX_WORKERS) yield notice(at, 1, `start worker process ${pid}`);
			yield* forever();
		},
		listen: {ports, afterMs: noticeMs + 10},
		onSigterm(at) {
			// The image's STOPSIGNAL is SIGQUIT: a graceful shutdown.
			const steps: Step[] = [notice(at, 1, 'signal 3 (SIGQUIT) received, shutting down')];
			for (const pid of NGINX_WORKERS) steps.push(notice(at, pid, 'gracefully shutting down'), notice(at, pid, 'exiting'), notice(at, pid, 'exit'));
			steps.push({sleep: 40});
			for (const pid of NGINX_WORKERS) {
				steps.push(notice(at + 40, 1, `signal 17 (SIGCHLD) received from ${pid}`), notice(at + 40, 1, `worker process ${pid} exited with code 0`));
			}
			steps.push(notice(at + 40, 1, 'exit'), {exit: 0});
			return steps;
		},
		respond(method, rawPath) {
			const path = pathOnly(rawPath);
			if (!['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].includes(method)) return {status: 400, bytes: 157};
			const file = path.endsWith('/') ? path + 'index.html' : path;
			const mounted = l.ctx.files[NGINX_HTML + file];
			let res: HttpResponse;
			if (mounted !== undefined) res = {status: 200, bytes: bytesOf(mounted), body: mounted};
			else if (file === '/index.html') res = {status: 200, bytes: 615};
			else if (file === '/50x.html') res = {status: 200, bytes: 497};
			else res = {status: 404, bytes: 153};
			if (res.status === 200 && method !== 'GET' && method !== 'HEAD') return {status: 405, bytes: 157};
			return method === 'HEAD' ? {status: res.status, bytes: 0} : res;
		},
		accessLog(req) {
			return `${req.clientIP} - - [${clfTime(req.time)}] "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes} "-" "${req.userAgent}" "-"`;
		},
	};
}

export const NGINX_PROGRAMS: Record<string, ProgramFactory> = {
	'docker-entrypoint.sh': (argv, l) => {
		const args = argv.slice(1);
		if (args[0] === 'nginx' || args[0] === 'nginx-debug') return nginx(args, l, true);
		return execArgs(args, l);
	},
	nginx: (argv, l) => nginx(argv, l, false),
	'nginx-debug': (argv, l) => nginx(argv, l, false),
};
