// Builtins: the commands that change the shell itself (variables, options, traps, the
// working directory, control flow) and so cannot be programs in /bin.
import {NAME, ShellSyntaxError, type Node} from './ast.js';
import {basename} from './glob.js';
import type {Builtin} from './interpreter.js';
import {parseScript, syntaxMessage} from './parser.js';
import {FunctionReturn, LoopControl, ShellExit} from './state.js';
import {failure, noop} from './utilities/common.js';
import {isUtility} from './utilities/index.js';

const BUILTINS: Record<string, Builtin> = {
	':': noop,
	true: noop,
	false: failure,
	*exit(sh, args) {
		if (args.length === 0) throw new ShellExit(sh.status);
		const n = Number(args[0]);
		if (!Number.isInteger(n)) {
			yield* sh.shellError(sh.flavor === 'bash' ? `exit: ${args[0]}: numeric argument required` : `exit: Illegal number: ${args[0]}`);
			throw new ShellExit(sh.flavor === 'bash' ? 255 : 2);
		}
		throw new ShellExit(((n % 256) + 256) % 256);
	},
	*return(sh, args) {
		throw new FunctionReturn(args.length ? Number(args[0]) & 255 : sh.status);
	},
	*break(_sh, args) {
		throw new LoopControl('break', Math.max(1, Number(args[0] ?? 1) || 1));
	},
	*continue(_sh, args) {
		throw new LoopControl('continue', Math.max(1, Number(args[0] ?? 1) || 1));
	},
	*export(sh, args) {
		if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
			for (const [k, v] of Object.entries(sh.env())) yield* sh.out(`export ${k}='${v.replace(/'/g, `'"'"'`)}'\n`);
			return 0;
		}
		for (const a of args) {
			const eq = a.indexOf('=');
			const name = eq < 0 ? a : a.slice(0, eq);
			if (!NAME.test(name)) {
				yield* sh.shellError(`export: ${a}: bad variable name`);
				return 1;
			}
			if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
			sh.exported.add(name);
		}
		return 0;
	},
	*readonly(sh, args) {
		for (const a of args) {
			const eq = a.indexOf('=');
			if (eq > 0) sh.setVar(a.slice(0, eq), a.slice(eq + 1));
		}
		return 0;
	},
	*local(sh, args) {
		for (const a of args) {
			const eq = a.indexOf('=');
			if (eq > 0) sh.setVar(a.slice(0, eq), a.slice(eq + 1));
			else if (!sh.vars.has(a)) sh.setVar(a, '');
		}
		return 0;
	},
	*unset(sh, args) {
		for (const a of args) {
			if (a === '-v' || a === '-f') continue;
			sh.vars.delete(a);
			sh.exported.delete(a);
			sh.funcs.delete(a);
		}
		return 0;
	},
	*set(sh, args) {
		if (args.length === 0) {
			for (const [k, v] of [...sh.vars].sort(([a], [b]) => (a < b ? -1 : 1))) yield* sh.out(`${k}='${v}'\n`);
			return 0;
		}
		for (let i = 0; i < args.length; i++) {
			const a = args[i];
			if (a === '--') {
				sh.positional = args.slice(i + 1);
				break;
			}
			if (a === '-o' || a === '+o') {
				const opt = args[++i];
				const letter = opt === 'errexit' ? 'e' : opt === 'nounset' ? 'u' : opt === 'xtrace' ? 'x' : '';
				if (letter) a[0] === '-' ? sh.flags.add(letter) : sh.flags.delete(letter);
				continue;
			}
			if (/^[-+][a-z]+$/.test(a)) {
				for (const c of a.slice(1)) a[0] === '-' ? sh.flags.add(c) : sh.flags.delete(c);
				continue;
			}
			sh.positional = args.slice(i);
			break;
		}
		return 0;
	},
	*shift(sh, args) {
		const n = args.length ? Number(args[0]) : 1;
		if (n > sh.positional.length) {
			yield* sh.shellError(`shift: can't shift that many`);
			return 1;
		}
		sh.positional = sh.positional.slice(n);
		return 0;
	},
	*cd(sh, args) {
		const target = args[0] ?? sh.vars.get('HOME') ?? '/';
		const path = sh.resolve(target);
		if (!sh.isDir(path)) {
			yield* sh.shellError(sh.flavor === 'bash' ? `cd: ${target}: No such file or directory` : `cd: can't cd to ${target}`);
			return sh.flavor === 'dash' ? 2 : 1;
		}
		sh.setVar('OLDPWD', sh.cwd);
		sh.cwd = path;
		sh.vars.set('PWD', path);
		return 0;
	},
	*trap(sh, args) {
		if (args.length < 2) return 0;
		const [handler, ...signals] = args;
		for (const s of signals) {
			const name = s.replace(/^SIG/, '');
			const key = name === '0' ? 'EXIT' : name === '15' ? 'TERM' : name === '2' ? 'INT' : name;
			if (handler === '-') sh.traps.delete(key);
			else sh.traps.set(key, handler);
		}
		return 0;
	},
	wait: noop,
	*read(sh, args) {
		const names = args.filter((a) => !a.startsWith('-'));
		const line = sh.readLine();
		if (line === undefined) {
			for (const n of names) sh.setVar(n, '');
			return 1;
		}
		if (names.length === 0) {
			sh.setVar('REPLY', line);
			return 0;
		}
		const fields = line.trim().split(/[ \t]+/);
		names.forEach((n, idx) => {
			sh.setVar(n, idx === names.length - 1 ? fields.slice(idx).join(' ') : (fields[idx] ?? ''));
		});
		return 0;
	},
	*eval(sh, args) {
		let node: Node;
		try {
			node = parseScript(args.join(' '));
		} catch (e) {
			if (e instanceof ShellSyntaxError) {
				yield* sh.err(syntaxMessage(e, sh.flavor, sh.arg0) + '\n');
				return 2;
			}
			throw e;
		}
		return yield* sh.exec(node);
	},
	*exec(sh, args) {
		if (args.length === 0) return 0;
		const code = yield* sh.run(args);
		throw new ShellExit(code);
	},
	*'.'(sh, args) {
		const file = args[0];
		const text = file === undefined ? undefined : sh.readFile(sh.resolve(file));
		if (text === undefined) {
			yield* sh.shellError(sh.flavor === 'bash' ? `${file}: No such file or directory` : `.: can't open '${file}'`);
			return sh.flavor === 'bash' ? 1 : 2;
		}
		return yield* sh.exec(parseScript(text));
	},
	*command(sh, args) {
		if (args[0] === '-v' || args[0] === '-V') {
			const name = args[1];
			if (name === undefined) return 1;
			if (Object.hasOwn(BUILTINS, name) || sh.funcs.has(name)) {
				yield* sh.out(name + '\n');
				return 0;
			}
			if (isUtility(basename(name))) {
				yield* sh.out((name.includes('/') ? name : sh.binDir() + name) + '\n');
				return 0;
			}
			return 1;
		}
		return yield* sh.run(args);
	},
};
BUILTINS.source = BUILTINS['.'];
BUILTINS.typeset = BUILTINS.local;

/** The builtin called `name`, if there is one. */
export function builtinNamed(name: string): Builtin | undefined {
	return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}
