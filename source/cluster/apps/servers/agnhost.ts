// registry.k8s.io/e2e-test-images/agnhost: the Kubernetes tests' many-purpose image, in the modes
// the documentation's examples use. `liveness` answers /healthz 200 for its first 10 seconds and
// 500 after (the liveness probe example restarts it); `serve-hostname` answers its hostname on
// 9376; `netexec` serves /hostname, /echo?msg=, /healthz and / on 8080; `pause` sleeps.
import {finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {pathOnly} from './common.js';

/** `--port=8081` or `--port 8081` among the arguments, else the mode's default. */
function portFlag(args: string[], fallback: number): number {
	for (let i = 0; i < args.length; i++) {
		const m = /^--?(?:port|http-port)(?:=(\d+))?$/.exec(args[i]!);
		if (m) return Number(m[1] ?? args[i + 1]) || fallback;
	}
	return fallback;
}

function query(path: string, name: string): string | undefined {
	const q = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
	for (const part of q.split('&')) {
		const [k, v = ''] = part.split('=');
		if (k === name) return decodeURIComponent(v.replace(/\+/g, ' '));
	}
	return undefined;
}

function liveness(l: Launch): Program {
	return {
		run: () => forever(),
		listen: {ports: [8080], afterMs: 0},
		onSigterm: () => [{exit: 2}],
		respond(_method, path, uptimeMs = 0) {
			if (pathOnly(path) !== '/healthz') return {status: 404, bytes: 19, body: '404 page not found\n'};
			const seconds = uptimeMs / 1000;
			if (seconds > 10) {
				const body = `error: ${seconds.toFixed(6)}`;
				return {status: 500, bytes: body.length, body};
			}
			return {status: 200, bytes: 2, body: 'ok'};
		},
	};
}

function serveHostname(args: string[], l: Launch): Program {
	const port = portFlag(args, 9376);
	const name = l.ctx.hostname;
	return {
		*run() {
			yield stdout(`Serving on port ${port}.`);
			yield* forever();
		},
		listen: {ports: [port], afterMs: 0},
		onSigterm: () => [{exit: 0}],
		respond: () => ({status: 200, bytes: name.length, body: name}),
	};
}

function netexec(args: string[], l: Launch): Program {
	const port = portFlag(args, 8080);
	const name = l.ctx.hostname;
	return {
		*run() {
			yield stderr(`Started HTTP server on port ${port}`);
			yield* forever();
		},
		listen: {ports: [port], afterMs: 0},
		onSigterm: () => [{exit: 0}],
		respond(_method, path) {
			const p = pathOnly(path);
			if (p === '/hostname') return {status: 200, bytes: name.length, body: name};
			if (p === '/echo') {
				const msg = query(path, 'msg') ?? '';
				return {status: 200, bytes: msg.length, body: msg};
			}
			if (p === '/healthz') return {status: 200, bytes: 0, body: ''};
			if (p === '/') return {status: 200, bytes: 'NOW: '.length + 30, body: `NOW: ${new Date(l.ctx.startedAt).toISOString()}`};
			return {status: 404, bytes: 19, body: '404 page not found\n'};
		},
	};
}

function agnhost(argv: string[], l: Launch): Program {
	const [mode, ...args] = argv.slice(1);
	switch (mode) {
		case 'liveness':
			return liveness(l);
		case 'serve-hostname':
			return serveHostname(args, l);
		case 'netexec':
			return netexec(args, l);
		case 'pause':
			return {run: () => forever(), onSigterm: () => [stderr('Shutting down, got signal: Terminated'), {exit: 0}]};
		case undefined:
			return finished([stderr('Error: agnhost needs a subcommand (liveness, netexec, serve-hostname, pause, ...)')], 1);
		default:
			return finished([stderr(`Error: unknown command "${mode}" for "agnhost"`), stderr("Run 'agnhost --help' for usage.")], 1);
	}
}

export const AGNHOST_PROGRAMS: Record<string, ProgramFactory> = {agnhost};
