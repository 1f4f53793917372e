// hashicorp/http-echo: answers every request with its -text.
import type {Request} from '../types.js';
import {fnv1a} from '../../core/rng.js';
import {Timeline, finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {slashDateTime} from '../time.js';
import {bytesOf, pathOnly} from './common.js';

function httpEcho(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	let text: string | undefined;
	let listen = ':5678';
	let status = 200;
	const positional: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const m = /^--?([\w-]+)(?:=(.*))?$/s.exec(args[i]);
		if (!m) {
			positional.push(args[i]);
			continue;
		}
		const value = () => m[2] ?? args[++i] ?? '';
		switch (m[1]) {
			case 'text':
				text = value();
				break;
			case 'listen':
				listen = value();
				break;
			case 'status-code':
				status = Number(value()) || 200;
				break;
			case 'version':
				return finished([stdout(`http-echo v${l.version}`)]);
			default:
				return finished([stderr(`flag provided but not defined: -${m[1]}`), stderr('Usage of /http-echo:')], 2);
		}
	}
	text ??= l.env.ECHO_TEXT;
	if (!text) return finished([stderr('Missing -text option!')], 127);
	if (positional.length) return finished([stderr('Too many arguments!')], 127);
	const port = Number(/:(\d+)$/.exec(listen)?.[1] ?? 5678);
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const body = text + '\n';
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(12);
			yield stderr(`${slashDateTime(t.at())} [INFO] server is listening on ${listen}`);
			yield* forever();
		},
		listen: {ports: [port], afterMs: 15},
		onSigterm(at) {
			return [stderr(`${slashDateTime(at)} [INFO] received interrupt, shutting down...`), {sleep: 5}, {exit: 0}];
		},
		respond(_method, path) {
			if (pathOnly(path) === '/health') return {status: 200, bytes: 15, body: '{"status":"ok"}'};
			return {status, bytes: bytesOf(body), body};
		},
		accessLog(req: Request) {
			const h = fnv1a(`${req.clientIP}|${req.time}|${req.path}`);
			const micros = (15 + (h % 400) / 10).toFixed(1);
			return `${slashDateTime(req.time)} ${l.ctx.podIP}:${port} ${req.clientIP}:${32768 + (h % 28000)} "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes} "${req.userAgent}" ${micros}µs`;
		},
	};
}

export const HTTP_ECHO_PROGRAMS: Record<string, ProgramFactory> = {
	'http-echo': httpEcho,
};
