// A small POSIX-ish shell for what busybox, alpine and Debian images run with `sh -c`.
//
// The script is parsed up front (lexer.ts, parser.ts), then run by generators (interpreter.ts),
// so output lines and sleeps come out one step at a time. Three dialects differ where users
// see it: busybox ash (`sh: foo: not found`), Debian's dash (`sh: 1: foo: not found`, echo
// always interprets escapes) and bash. Utilities live in utilities/, one file per group.
import type {ProcessContext, Step} from '../types.js';
import {parseShellArgs} from './args.js';
import {Shell} from './interpreter.js';
import type {ShellOptions} from './options.js';
import type {Gen} from './state.js';

export {ShellSyntaxError} from './ast.js';
export {parseShellArgs} from './args.js';
export type {ShellFlavor, ShellOptions, Userland} from './options.js';
export {parseScript} from './parser.js';
export {scanCommands, sigtermExitCode} from './scan.js';
export {isUtility} from './utilities/index.js';

/**
 * Runs a shell script as a process: `sh -c script`. Steps come lazily; the last is `{exit}`.
 * The script reads and writes `ctx.files`.
 */
export function runShell(script: string, ctx: ProcessContext, options: ShellOptions = {}): Iterator<Step> {
	return new Shell(ctx, options).process(script);
}

/** Runs `sh` with its command-line arguments (`['-c', 'echo hi']`, `['-ec', ...]`, `['/script.sh']`, `[]`). */
export function runShellArgs(args: string[], ctx: ProcessContext, options: ShellOptions = {}): Iterator<Step> {
	const parsed = parseShellArgs(args);
	const flags = (options.flags ?? '') + parsed.flags;
	if (parsed.script !== undefined) {
		return new Shell(ctx, {...options, flags, arg0: parsed.name ?? options.arg0, positional: parsed.positional}).process(parsed.script);
	}
	if (parsed.file !== undefined) {
		const sh = new Shell(ctx, {...options, flags});
		return (function* (): Gen<void> {
			const code = yield* sh.nestedShell(options.arg0 ?? 'sh', sh.flavor, args);
			yield* sh.flush();
			yield {exit: code & 255};
		})();
	}
	// No script and no TTY: reads stdin (empty) and exits 0.
	if (options.stdin) return new Shell(ctx, {...options, flags}).process(options.stdin);
	return [{exit: 0} as Step][Symbol.iterator]();
}

/** Runs a single utility without a shell, as a container's command: `['sleep', '3600']`. */
export function runUtility(argv: string[], ctx: ProcessContext, options: ShellOptions = {}): Iterator<Step> {
	const flavor = options.flavor ?? ((options.userland ?? 'busybox') === 'gnu' ? 'bash' : 'ash');
	return new Shell(ctx, {...options, flavor, arg0: options.arg0 ?? argv[0]}).processArgv(argv);
}
