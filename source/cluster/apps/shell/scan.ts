// Reading a script without running it: the commands it may start, and how it meets SIGTERM.
import type {Node, Word} from './ast.js';
import {parseShellArgs} from './args.js';
import {basename} from './glob.js';
import {parseScript} from './parser.js';

/**
 * The literal argv of every simple command in a script, recursing into `sh -c '...'`, with
 * `exec` dropped: what a script may start (`nginx -g 'daemon off;'`). Best effort: words with
 * expansions are skipped. Returns [] when the script does not parse.
 */
export function scanCommands(script: string): string[][] {
	let node: Node;
	try {
		node = parseScript(script);
	} catch {
		return [];
	}
	const found: string[][] = [];
	const literal = (w: Word): string | undefined => (w.every((p) => p.k === 'lit') ? w.map((p) => (p as {v: string}).v).join('') : undefined);
	const walk = (n: Node | undefined): void => {
		if (!n) return;
		switch (n.k) {
			case 'list':
				n.items.forEach(walk);
				return;
			case 'andor':
				walk(n.first);
				n.rest.forEach((r) => walk(r.node));
				return;
			case 'pipeline':
				n.cmds.forEach(walk);
				return;
			case 'simple': {
				const argv: string[] = [];
				for (const w of n.words) {
					const s = literal(w);
					if (s === undefined) break;
					argv.push(s);
				}
				while (argv[0] === 'exec' || argv[0] === 'command' || argv[0] === 'nohup') argv.shift();
				if (argv.length === 0) return;
				const base = basename(argv[0]);
				if (['sh', 'bash', 'ash', 'dash'].includes(base)) {
					const parsed = parseShellArgs(argv.slice(1));
					if (parsed.script !== undefined) found.push(...scanCommands(parsed.script));
					return;
				}
				found.push(argv);
				return;
			}
			case 'while':
				walk(n.cond);
				walk(n.body);
				return;
			case 'for':
				walk(n.body);
				return;
			case 'if':
				n.branches.forEach((b) => {
					walk(b.cond);
					walk(b.body);
				});
				walk(n.otherwise);
				return;
			case 'group':
			case 'redir':
			case 'func':
				walk(n.body);
				return;
			case 'case':
				n.arms.forEach((a) => walk(a.body));
				return;
		}
	};
	walk(node);
	return found;
}

/**
 * How a script reacts to SIGTERM: the exit code when it traps TERM (`trap 'exit 0' TERM`;
 * 143 when the handler does not exit), undefined when it does not (a shell as PID 1 then
 * ignores the signal).
 */
export function sigtermExitCode(script: string): number | undefined {
	const m = /\btrap\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s+([^;\n&|]*)/g;
	for (const hit of script.matchAll(m)) {
		const handler = hit[1] ?? hit[2] ?? hit[3] ?? '';
		const signals = hit[4].split(/\s+/);
		if (!signals.some((s) => /^(SIG)?TERM$|^15$/.test(s))) continue;
		if (handler === '-') continue;
		const exit = /\bexit\s+(\d+)/.exec(handler);
		return exit ? Number(exit[1]) & 255 : /\bexit\b/.test(handler) ? 0 : 143;
	}
	return undefined;
}
