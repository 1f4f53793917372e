// Apache httpd: `httpd-foreground`, its notices, "It works!" and common-log access lines.
import type {HttpResponse} from '../types.js';
import {Timeline, finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {clfTime, httpdTime} from '../time.js';
import {bytesOf, pathOnly} from './common.js';

function httpd(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const v = l.version;
	if (args.includes('-v')) return finished([stdout(`Server version: Apache/${v} (Unix)`), stdout('Server built:   Jan 21 2025 21:56:55')]);
	const foreground = args.some((a) => a === '-DFOREGROUND' || a === 'FOREGROUND');
	if (!foreground) {
		return finished([stderr(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${l.ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`)]);
	}
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const fqdn = stderr(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${l.ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`);
	const log = (t: number, module: string, text: string) => stderr(`[${httpdTime(t)}] [${module}:notice] [pid 1:tid 1] ${text}`);
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(120);
			yield fqdn;
			yield t.sleep(80);
			yield fqdn;
			yield t.sleep(37);
			yield log(t.at(), 'mpm_event', `AH00489: Apache/${v} (Unix) configured -- resuming normal operations`);
			yield log(t.at(), 'core', "AH00094: Command line: 'httpd -D FOREGROUND'");
			yield* forever();
		},
		listen: {ports: [80], afterMs: 250},
		onSigterm(at) {
			// STOPSIGNAL SIGWINCH: graceful stop.
			return [log(at, 'mpm_event', 'AH00492: caught SIGWINCH, shutting down gracefully'), {sleep: 60}, {exit: 0}];
		},
		respond(method, rawPath) {
			const path = pathOnly(rawPath);
			const mounted = l.ctx.files['/usr/local/apache2/htdocs' + (path.endsWith('/') ? path + 'index.html' : path)];
			let res: HttpResponse;
			if (mounted !== undefined) res = {status: 200, bytes: bytesOf(mounted), body: mounted};
			else if (path === '/' || path === '/index.html') res = {status: 200, bytes: 45, body: '<html><body><h1>It works!</h1></body></html>\n'};
			else res = {status: 404, bytes: 196};
			return method === 'HEAD' ? {status: res.status, bytes: 0} : res;
		},
		accessLog(req) {
			return `${req.clientIP} - - [${clfTime(req.time)}] "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes > 0 ? req.bytes : '-'}`;
		},
	};
}

export const HTTPD_PROGRAMS: Record<string, ProgramFactory> = {
	'httpd-foreground': (argv, l) => httpd(['httpd', '-DFOREGROUND', ...argv.slice(1)], l),
	httpd,
};
