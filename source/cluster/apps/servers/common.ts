// What the servers share: request paths, body sizes, command-line options and the entrypoint's
// `exec "$@"`.
import {finished, launch, type Launch, type Program} from '../programs.js';

export function pathOnly(path: string): string {
	const q = path.search(/[?#]/);
	return q < 0 ? path : path.slice(0, q);
}

export function bytesOf(text: string): number {
	return Buffer.byteLength(text);
}

/** Option value of `-x value`, `-x=value`, `--x value`, `--x=value`. */
export function option(args: string[], ...names: string[]): string | undefined {
	for (let i = 0; i < args.length; i++) {
		for (const n of names) {
			if (args[i] === n) return args[i + 1] ?? '';
			if (args[i].startsWith(n + '=')) return args[i].slice(n.length + 1);
		}
	}
	return undefined;
}

/** What an image's docker-entrypoint.sh does with a command it does not handle itself: `exec "$@"`. */
export function execArgs(args: string[], l: Launch): Program {
	if (args.length === 0) return finished([]);
	return launch(args, l);
}
