// File utilities: cat, ls, touch, rm, mkdir, tee and the path helpers, on the container's files.
import {basename} from '../glob.js';
import type {Builtin} from '../interpreter.js';
import {readInputs, splitOptions} from './common.js';

export const FILE_UTILITIES: Record<string, Builtin> = {
	*cat(sh, args) {
		const files = args.filter((a) => a === '-' || !a.startsWith('-'));
		const {texts, failed} = yield* readInputs(sh, 'cat', files);
		for (const t of texts) yield* sh.out(t.text);
		return failed ? 1 : 0;
	},
	*ls(sh, args) {
		const {opts, rest} = splitOptions(args);
		const all = opts.has('a');
		const targets = rest.length ? rest : ['.'];
		let st = 0;
		const listings: Array<{name: string; entries: string[]}> = [];
		const plain: string[] = [];
		for (const t of targets) {
			const path = sh.resolve(t);
			if (sh.isDir(path)) {
				let entries = sh.listDir(path);
				if (!all) entries = entries.filter((e) => !e.startsWith('.'));
				else entries = ['.', '..', ...entries];
				listings.push({name: t, entries});
			} else if (sh.readFile(path) !== undefined) plain.push(t);
			else {
				yield* sh.err(sh.userland === 'gnu' ? `ls: cannot access '${t}': No such file or directory\n` : `ls: ${t}: No such file or directory\n`);
				st = sh.userland === 'gnu' ? 2 : 1;
			}
		}
		let text = plain.sort().map((p) => p + '\n').join('');
		const headers = targets.length > 1;
		listings.forEach((l, idx) => {
			if (headers) text += (text !== '' || idx > 0 ? '\n' : '') + `${l.name}:\n`;
			text += l.entries.map((e) => e + '\n').join('');
		});
		yield* sh.out(text);
		return st;
	},
	*touch(sh, args) {
		for (const a of args) {
			if (a.startsWith('-')) continue;
			const path = sh.resolve(a);
			if (sh.readFile(path) === undefined) sh.files[path] = '';
			sh.io.deleted.delete(path);
		}
		return 0;
	},
	*rm(sh, args) {
		const {opts, rest} = splitOptions(args);
		let st = 0;
		for (const a of rest) {
			const path = sh.resolve(a);
			if (sh.readFile(path) !== undefined) {
				delete sh.files[path];
				sh.io.deleted.add(path);
			} else if (sh.isDir(path) && (opts.has('r') || opts.has('R'))) {
				for (const key of Object.keys(sh.files)) if (key.startsWith(path + '/')) delete sh.files[key];
				for (const d of [...sh.io.dirs]) if (d === path || d.startsWith(path + '/')) sh.io.dirs.delete(d);
			} else if (sh.isDir(path)) {
				yield* sh.err(sh.userland === 'gnu' ? `rm: cannot remove '${a}': Is a directory\n` : `rm: '${a}' is a directory\n`);
				st = 1;
			} else if (!opts.has('f')) {
				yield* sh.err(sh.userland === 'gnu' ? `rm: cannot remove '${a}': No such file or directory\n` : `rm: can't remove '${a}': No such file or directory\n`);
				st = 1;
			}
		}
		return st;
	},
	*mkdir(sh, args) {
		const {opts, rest} = splitOptions(args, ['m']);
		let st = 0;
		for (const a of rest) {
			const path = sh.resolve(a);
			if (sh.isDir(path) && !opts.has('p')) {
				yield* sh.err(sh.userland === 'gnu' ? `mkdir: cannot create directory '${a}': File exists\n` : `mkdir: can't create directory '${a}': File exists\n`);
				st = 1;
				continue;
			}
			sh.io.dirs.add(path);
		}
		return st;
	},
	*tee(sh, args) {
		const {opts, rest} = splitOptions(args);
		const text = sh.readAll();
		for (const f of rest) {
			const path = sh.resolve(f);
			sh.files[path] = (opts.has('a') ? (sh.readFile(path) ?? '') : '') + text;
			sh.io.deleted.delete(path);
		}
		yield* sh.out(text);
		return 0;
	},
	*pwd(sh) {
		yield* sh.out(sh.cwd + '\n');
		return 0;
	},
	*basename(sh, args) {
		if (!args[0]) return 1;
		let b = basename(args[0]);
		if (args[1] && b.endsWith(args[1]) && b !== args[1]) b = b.slice(0, -args[1].length);
		yield* sh.out(b + '\n');
		return 0;
	},
	*dirname(sh, args) {
		if (!args[0]) return 1;
		const p = args[0].replace(/\/+$/, '');
		const i = p.lastIndexOf('/');
		yield* sh.out((i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)) + '\n');
		return 0;
	},
};
