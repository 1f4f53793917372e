// The interpreter: runs a parsed script by generators, so output lines and sleeps come out
// one step at a time and `while true; do ...; done` runs forever in constant memory.
import type {Step} from '../types.js';
import {parseShellArgs} from './args.js';
import {ShellSyntaxError, type Node, type Redir} from './ast.js';
import {builtinNamed} from './builtins.js';
import {runCond} from './cond.js';
import {expandPattern, expandString, expandWord} from './expand.js';
import {basename, globRegex} from './glob.js';
import type {ShellFlavor, ShellOptions} from './options.js';
import {parseScript, syntaxMessage} from './parser.js';
import {applyRedir} from './redirect.js';
import {FunctionReturn, LoopControl, ShellExit, ShellFatal, ShellState, type Gen, type Input, type Target} from './state.js';
import {utilityNamed} from './utilities/index.js';

/** A command built into the shell or a utility in /bin: runs with the shell and its arguments. */
export type Builtin = (sh: Shell, args: string[]) => Gen<number>;

export class Shell extends ShellState {
	/** Runs a node in a copy of this shell's state; `stdout` optionally redirected. */
	*subshell(node: Node, stdout?: Target): Gen<number> {
		const saved = {
			vars: new Map(this.vars),
			exported: new Set(this.exported),
			funcs: new Map(this.funcs),
			positional: this.positional,
			cwd: this.cwd,
			flags: new Set(this.flags),
			fds: [...this.fds],
			stdin: this.stdin,
			status: this.status,
		};
		if (stdout) this.fds[1] = stdout;
		try {
			return yield* this.exec(node);
		} catch (e) {
			if (e instanceof ShellExit) return e.code;
			if (e instanceof ShellFatal) {
				yield* this.shellError(e.message);
				return e.code;
			}
			throw e;
		} finally {
			this.vars.clear();
			for (const [k, v] of saved.vars) this.vars.set(k, v);
			this.exported.clear();
			for (const k of saved.exported) this.exported.add(k);
			this.funcs.clear();
			for (const [k, v] of saved.funcs) this.funcs.set(k, v);
			this.positional = saved.positional;
			this.cwd = saved.cwd;
			this.flags = saved.flags;
			this.fds = saved.fds;
			this.stdin = saved.stdin;
		}
	}

	*exec(node: Node): Gen<number> {
		switch (node.k) {
			case 'list': {
				let st = this.status;
				for (const item of node.items) {
					st = yield* this.exec(item);
					this.status = st;
				}
				return st;
			}
			case 'andor': {
				let st = yield* this.condition(node.first);
				for (let k = 0; k < node.rest.length; k++) {
					const {op, node: next} = node.rest[k];
					this.status = st;
					if (op === '&&' ? st !== 0 : st === 0) continue;
					st = k === node.rest.length - 1 ? yield* this.exec(next) : yield* this.condition(next);
				}
				return st;
			}
			case 'pipeline':
				return yield* this.pipeline(node);
			case 'simple':
				return yield* this.simple(node);
			case 'while':
				return yield* this.whileLoop(node);
			case 'for':
				return yield* this.forLoop(node);
			case 'if': {
				for (const b of node.branches) {
					if ((yield* this.condition(b.cond)) === 0) return yield* this.exec(b.body);
				}
				return node.otherwise ? yield* this.exec(node.otherwise) : 0;
			}
			case 'group':
				return node.subshell ? yield* this.subshell(node.body) : yield* this.exec(node.body);
			case 'case': {
				const value = yield* expandString(this, node.word);
				for (const arm of node.arms) {
					for (const p of arm.patterns) {
						const pattern = yield* expandPattern(this, p);
						if (globRegex(pattern).test(value)) return yield* this.exec(arm.body);
					}
				}
				return 0;
			}
			case 'func':
				this.funcs.set(node.name, node.body);
				return 0;
			case 'redir':
				return yield* this.withRedirs(node.redirs, () => this.exec(node.body));
			case 'cond': {
				// only bash has [[; dash and ash look for a command named `[[`
				if (this.flavor !== 'bash') {
					const words = [[{k: 'lit' as const, v: '[[', q: false}], ...node.items.map(it => ('op' in it ? [{k: 'lit' as const, v: it.op, q: false}] : it.word)), [{k: 'lit' as const, v: ']]', q: false}]];
					return yield* this.simple({k: 'simple', assigns: [], words, redirs: [], line: node.line});
				}
				this.line = node.line;
				const st = yield* runCond(this, node);
				this.status = st;
				return st;
			}
		}
	}

	/** Runs a node whose status is tested (`if`, `while`, left of `&&`): `set -e` does not stop it. */
	*condition(node: Node): Gen<number> {
		this.condDepth++;
		try {
			return yield* this.exec(node);
		} finally {
			this.condDepth--;
		}
	}

	*pipeline(node: Node & {k: 'pipeline'}): Gen<number> {
		if (node.bang) this.condDepth++;
		let st = 0;
		try {
			const savedIn = this.stdin;
			const savedOut = this.fds[1];
			let input: Input | null = this.stdin;
			try {
				for (let k = 0; k < node.cmds.length; k++) {
					const last = k === node.cmds.length - 1;
					const capture: Target = {k: 'capture', text: ''};
					this.stdin = input;
					this.fds[1] = last ? savedOut : capture;
					st = yield* this.exec(node.cmds[k]);
					input = {data: (capture as {text: string}).text, pos: 0};
				}
			} finally {
				this.stdin = savedIn;
				this.fds[1] = savedOut;
			}
		} finally {
			if (node.bang) this.condDepth--;
		}
		return node.bang ? (st === 0 ? 1 : 0) : st;
	}

	*whileLoop(node: Node & {k: 'while'}): Gen<number> {
		let st = 0;
		for (;;) {
			const before = this.io.emitted;
			const c = yield* this.condition(node.cond);
			if ((c === 0) === node.until) break;
			const control = yield* this.loopBody(node.body);
			if (typeof control === 'number') st = control;
			yield* this.busyTick(before);
			if (control === 'break') break;
		}
		return st;
	}

	*forLoop(node: Node & {k: 'for'}): Gen<number> {
		let items: string[];
		if (node.items === null) items = [...this.positional];
		else {
			items = [];
			for (const w of node.items) items.push(...(yield* expandWord(this, w)));
		}
		let st = 0;
		for (const item of items) {
			const before = this.io.emitted;
			this.setVar(node.name, item);
			const control = yield* this.loopBody(node.body);
			if (typeof control === 'number') st = control;
			yield* this.busyTick(before);
			if (control === 'break') break;
		}
		return st;
	}

	/** Runs a loop body; returns its status, or 'break'/'continue' for this loop. */
	*loopBody(body: Node): Gen<number | 'break' | 'continue'> {
		try {
			return yield* this.exec(body);
		} catch (e) {
			if (e instanceof LoopControl) {
				if (e.levels > 1) {
					e.levels--;
					throw e;
				}
				return e.kind;
			}
			throw e;
		}
	}

	*withRedirs<T>(redirs: Redir[], body: () => Gen<T>, permanent = false): Gen<T | number> {
		const savedFds = [...this.fds];
		const savedIn = this.stdin;
		try {
			for (const r of redirs) {
				const ok = yield* applyRedir(this, r);
				if (!ok) return 1;
			}
			return yield* body();
		} finally {
			if (!permanent) {
				this.fds = savedFds;
				this.stdin = savedIn;
			}
		}
	}

	*simple(node: Node & {k: 'simple'}): Gen<number> {
		this.line = node.line;
		this.substStatus = undefined;
		const fields: string[] = [];
		for (const w of node.words) fields.push(...(yield* expandWord(this, w)));
		const assigns: Array<[string, string]> = [];
		for (const a of node.assigns) assigns.push([a.name, yield* expandString(this, a.value)]);
		let st: number;
		if (fields.length === 0) {
			for (const [name, value] of assigns) this.setVar(name, value);
			if (this.flags.has('x') && assigns.length > 0) yield* this.err(`+ ${assigns.map(([n, v]) => `${n}=${v}`).join(' ')}\n`);
			const r = yield* this.withRedirs(node.redirs, function* () {
				return 0;
			});
			st = r === 0 ? (this.substStatus ?? 0) : r;
		} else {
			if (this.flags.has('x')) yield* this.err(`+ ${fields.map(xtraceQuote).join(' ')}\n`);
			// `exec` with only redirections changes this shell's descriptors for good.
			const permanent = fields.length === 1 && fields[0] === 'exec';
			st = yield* this.withExported(assigns, () => this.withRedirs(node.redirs, () => this.run(fields), permanent));
		}
		this.status = st;
		if (st !== 0 && this.flags.has('e') && this.condDepth === 0) throw new ShellExit(st);
		return st;
	}

	/** Runs one command by name: function, builtin, utility, nested shell, image program. */
	*run(argv: string[]): Gen<number> {
		const name = argv[0];
		const args = argv.slice(1);
		const fn = this.funcs.get(name);
		if (fn) return yield* this.callFunction(fn, args);
		const builtin = builtinNamed(name);
		if (builtin) return yield* builtin(this, args);
		const base = basename(name);
		const shells = this.shells();
		if (Object.hasOwn(shells, base) && (!name.includes('/') || /^\/(usr\/)?bin\//.test(name))) {
			return yield* this.nestedShell(name, shells[base], args);
		}
		const utility = utilityNamed(base);
		if (utility && (!name.includes('/') || /^\/(usr\/)?(s?bin)\//.test(name))) {
			return yield* utility(this, args);
		}
		if (name.includes('/')) {
			const script = this.readFile(this.resolve(name));
			if (script !== undefined) return yield* this.runScriptFile(name, script, args);
		}
		const external = this.options.external?.(argv, this.env());
		if (external) return yield* this.runExternal(external);
		if (this.flavor === 'bash') yield* this.shellError(`${name}: command not found`);
		else yield* this.shellError(`${name}: not found`);
		return 127;
	}

	*runExternal(it: Iterator<Step>): Gen<number> {
		for (;;) {
			const r = it.next();
			if (r.done) return 0;
			const step = r.value;
			if ('exit' in step) return step.exit;
			if ('sleep' in step) yield* this.sleep(step.sleep);
			else yield* this.write(step.stream === 'stderr' ? 2 : 1, step.out + '\n');
		}
	}

	*callFunction(body: Node, args: string[]): Gen<number> {
		const saved = this.positional;
		this.positional = args;
		try {
			return yield* this.exec(body);
		} catch (e) {
			if (e instanceof FunctionReturn) return e.code;
			throw e;
		} finally {
			this.positional = saved;
		}
	}

	*nestedShell(arg0: string, flavor: ShellFlavor, args: string[]): Gen<number> {
		const parsed = parseShellArgs(args);
		const options: ShellOptions = {...this.options, flavor, flags: parsed.flags, stdin: undefined};
		if (parsed.script !== undefined) {
			const child = new Shell(this.ctx, {...options, arg0: parsed.name ?? arg0, positional: parsed.positional}, this);
			return yield* child.main(parsed.script);
		}
		if (parsed.file !== undefined) {
			const script = this.readFile(this.resolve(parsed.file));
			if (script === undefined) {
				const msg =
					flavor === 'ash' ? `${arg0}: can't open '${parsed.file}': No such file or directory` : flavor === 'dash' ? `${arg0}: 0: cannot open ${parsed.file}: No such file` : `${arg0}: ${parsed.file}: No such file or directory`;
				yield* this.err(msg + '\n');
				return flavor === 'bash' ? 127 : 2;
			}
			const child = new Shell(this.ctx, {...options, arg0: parsed.file, positional: parsed.positional}, this);
			return yield* child.main(script);
		}
		// `sh` reading its standard input.
		const input = this.stdin ? this.stdin.data.slice(this.stdin.pos) : '';
		if (this.stdin) this.stdin.pos = this.stdin.data.length;
		if (input === '') return 0;
		const child = new Shell(this.ctx, {...options, arg0}, this);
		child.stdin = null;
		return yield* child.main(input);
	}

	*runScriptFile(path: string, script: string, args: string[]): Gen<number> {
		const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
		const shells = this.shells();
		let flavor = this.flavor;
		if (shebang) {
			const interp = basename(shebang[1]) === 'env' && shebang[2] ? shebang[2] : basename(shebang[1]);
			const f = Object.hasOwn(shells, interp) ? shells[interp] : undefined;
			if (!f) {
				yield* this.shellError(`${path}: not found`);
				return 127;
			}
			flavor = f;
		}
		const child = new Shell(this.ctx, {...this.options, flavor, arg0: path, positional: args, stdin: undefined}, this);
		return yield* child.main(script);
	}

	/** Runs a whole script; returns its exit status (does not yield `exit`). */
	*main(src: string): Gen<number> {
		let node: Node;
		try {
			node = parseScript(src);
		} catch (e) {
			if (!(e instanceof ShellSyntaxError)) throw e;
			this.line = e.line;
			yield* this.err(syntaxMessage(e, this.flavor, this.arg0) + '\n');
			return 2;
		}
		let code: number;
		try {
			code = yield* this.exec(node);
		} catch (e) {
			if (e instanceof ShellExit) code = e.code;
			else if (e instanceof ShellFatal) {
				yield* this.shellError(e.message);
				code = e.code;
			} else if (e instanceof LoopControl) code = 0;
			else if (e instanceof FunctionReturn) code = e.code;
			else throw e;
		}
		const onExit = this.traps.get('EXIT');
		if (onExit) {
			this.traps.delete('EXIT');
			this.status = code;
			const st = yield* this.subshell(parseScript(onExit));
			void st;
		}
		return code;
	}

	/** The top-level process: runs the script, flushes output, yields `{exit}`. */
	*process(src: string): Gen<void> {
		const code = yield* this.main(src);
		yield* this.flush();
		yield {exit: code & 255};
	}

	*processArgv(argv: string[]): Gen<void> {
		let code: number;
		try {
			code = yield* this.run(argv);
		} catch (e) {
			if (e instanceof ShellExit) code = e.code;
			else if (e instanceof ShellFatal) {
				yield* this.err(e.message + '\n');
				code = e.code;
			} else throw e;
		}
		yield* this.flush();
		yield {exit: code & 255};
	}
}

function xtraceQuote(s: string): string {
	return /^[A-Za-z0-9_.,:/=+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
