// What several utilities share: option splitting, reading their input files, and the
// commands that do nothing but return a status.
import type {Shell} from '../interpreter.js';
import type {Gen} from '../state.js';

export function* noop(): Gen<number> {
	return 0;
}

export function* failure(): Gen<number> {
	return 1;
}

/** Reads the named files (or stdin for none or `-`); reports missing ones. */
export function* readInputs(sh: Shell, tool: string, files: string[]): Gen<{texts: Array<{name: string; text: string}>; failed: boolean}> {
	const texts: Array<{name: string; text: string}> = [];
	let failed = false;
	if (files.length === 0) files = ['-'];
	for (const f of files) {
		if (f === '-') {
			texts.push({name: '-', text: sh.readAll()});
			continue;
		}
		const path = sh.resolve(f);
		const text = sh.readFile(path);
		if (text === undefined) {
			failed = true;
			if (sh.isDir(path)) yield* sh.err(sh.userland === 'gnu' ? `${tool}: ${f}: Is a directory\n` : `${tool}: read error: Is a directory\n`);
			else yield* sh.err(sh.userland === 'gnu' || tool !== 'cat' ? `${tool}: ${f}: No such file or directory\n` : `${tool}: can't open '${f}': No such file or directory\n`);
			continue;
		}
		texts.push({name: f, text});
	}
	return {texts, failed};
}

export function splitOptions(args: string[], withValue: string[] = []): {opts: Map<string, string>; rest: string[]} {
	const opts = new Map<string, string>();
	const rest: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '--') {
			rest.push(...args.slice(i + 1));
			break;
		}
		if (/^-[A-Za-z]+$/.test(a)) {
			for (let j = 1; j < a.length; j++) {
				const o = a[j];
				if (withValue.includes(o)) {
					const v = a.slice(j + 1) || args[++i] || '';
					opts.set(o, v);
					break;
				}
				opts.set(o, '');
			}
		} else if (/^-\d+$/.test(a) && withValue.includes('n')) opts.set('n', a.slice(1));
		else rest.push(a);
	}
	return {opts, rest};
}
