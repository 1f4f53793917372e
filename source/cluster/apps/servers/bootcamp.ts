// The Kubernetes Basics tutorial's app (gcr.io/google-samples/kubernetes-bootcamp): a small
// Node.js server on :8080 that greets with the pod's hostname and its version, and logs its
// start and every request with a running count and its uptime.
import type {Request} from '../types.js';
import {forever, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {NODE_PROGRAMS} from '../runtimes/index.js';
import {bytesOf} from './common.js';

/** The script the image runs (`node server.js`), as `cat server.js` shows it in the container. */
export function bootcampScript(version: string): string {
	return [
		'// kubernetes-bootcamp: greets every request with the name of the pod it runs in',
		"const http = require('http');",
		'const host = process.env.HOSTNAME;',
		'let served = 0;',
		'let started;',
		'http.createServer((req, res) => {',
		"  res.writeHead(200, {'Content-Type': 'text/plain'});",
		`  res.end('Hello Kubernetes bootcamp! | Running on: ' + host + ' | v=${version}\\n');`,
		'  served += 1;',
		"  console.log('Running On:', host, '| Total Requests:', served, '| App Uptime:', (Date.now() - started) / 1000, 'seconds', '| Log Time:', new Date());",
		'}).listen(8080, () => {',
		'  started = Date.now();',
		"  console.log('Kubernetes Bootcamp App Started At:', new Date(started), '| Running On: ', host, '\\n');",
		'});',
		'',
	].join('\n');
}

/** `node server.js` in the bootcamp image; any other node command is node's own. */
function bootcampNode(argv: string[], l: Launch): Program {
	if (!(argv.length === 2 && /^(\.\/|\/)?server\.js$/.test(argv[1]!))) return NODE_PROGRAMS.node!(argv, l);
	const version = l.version;
	const host = l.env.HOSTNAME ?? l.ctx.hostname;
	const start = Math.round(l.ctx.startedAt + (l.uptimeMs ?? 0)) + 40;
	let requests = 0;
	const body = `Hello Kubernetes bootcamp! | Running on: ${host} | v=${version}\n`;
	return {
		*run() {
			yield {sleep: 40};
			yield stdout(`Kubernetes Bootcamp App Started At: ${new Date(start).toISOString()} | Running On:  ${host} \n`);
			yield* forever();
		},
		listen: {ports: [8080], afterMs: 40},
		respond: () => ({status: 200, bytes: bytesOf(body), body}),
		accessLog(req: Request) {
			requests++;
			return `Running On: ${host} | Total Requests: ${requests} | App Uptime: ${(req.time - start) / 1000} seconds | Log Time: ${new Date(req.time).toISOString()}`;
		},
	};
}

export const BOOTCAMP_PROGRAMS: Record<string, ProgramFactory> = {
	node: bootcampNode,
};
