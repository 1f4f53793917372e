// PHP on Apache (the php:apache images): `apache2-foreground` serving a site, with Apache's
// start-up notices and combined-log access lines. Two sites of the Kubernetes documentation run
// on it: the HorizontalPodAutoscaler walkthrough's php-apache (registry.k8s.io/hpa-example,
// whose index.php burns CPU on every request and answers "OK!") and the guestbook's frontend.
import type {HttpResponse} from '../types.js';
import {Timeline, forever, stderr, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {clfTime, httpdTime} from '../time.js';
import {bytesOf, pathOnly} from './common.js';

type Site = (path: string, l: Launch) => HttpResponse;

function apache(site: Site, phpVersion: string): ProgramFactory {
	return (_argv: string[], l: Launch): Program => {
		const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
		const fqdn = stderr(`AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${l.ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`);
		const notice = (t: number, module: string, text: string) => stderr(`[${httpdTime(t)}] [${module}:notice] [pid 1] ${text}`);
		return {
			*run() {
				const t = new Timeline(start);
				yield t.sleep(90);
				yield fqdn;
				yield fqdn;
				yield t.sleep(30);
				yield notice(t.at(), 'mpm_prefork', `AH00163: Apache/${l.version} (Debian) PHP/${phpVersion} configured -- resuming normal operations`);
				yield notice(t.at(), 'core', "AH00094: Command line: 'apache2 -D FOREGROUND'");
				yield* forever();
			},
			listen: {ports: [80], afterMs: 120},
			onSigterm: (at) => [notice(at, 'mpm_prefork', 'AH00169: caught SIGTERM, shutting down'), {sleep: 40}, {exit: 0}],
			respond(method, rawPath) {
				const res = site(pathOnly(rawPath), l);
				return method === 'HEAD' ? {status: res.status, bytes: 0} : res;
			},
			accessLog(req) {
				return `${req.clientIP} - - [${clfTime(req.time)}] "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes} "-" "${req.userAgent}"`;
			},
		};
	};
}

const notFound = (path: string): HttpResponse => {
	const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL ${path} was not found on this server.</p>\n</body></html>\n`;
	return {status: 404, bytes: bytesOf(body), body};
};

/** index.php of the HPA example: a loop of square roots, then "OK!". */
const hpaExample: Site = (path) => (path === '/' || path === '/index.php' ? {status: 200, bytes: 3, body: 'OK!'} : notFound(path));

/** The guestbook's page; its guestbook.php reads and writes the entries through Redis. */
const GUESTBOOK_PAGE = `<html>
<head><title>Guestbook</title></head>
<body>
<h2>Guestbook</h2>
<form action="guestbook.php" method="get">
<input type="text" name="value" placeholder="Messages"> <button type="submit">Submit</button>
</form>
</body>
</html>
`;

const guestbook: Site = (path) => {
	if (path === '/' || path === '/index.html') return {status: 200, bytes: bytesOf(GUESTBOOK_PAGE), body: GUESTBOOK_PAGE};
	if (path === '/guestbook.php') return {status: 200, bytes: 14, body: '{"data": ""}\n'};
	return notFound(path);
};

export const HPA_EXAMPLE_PROGRAMS: Record<string, ProgramFactory> = {
	'apache2-foreground': apache(hpaExample, '5.6.40'),
};

export const GUESTBOOK_FRONTEND_PROGRAMS: Record<string, ProgramFactory> = {
	'apache2-foreground': apache(guestbook, '5.6.40'),
};
