// test and [: file tests, string and integer comparisons, ! ( ) -a -o.
import type {Builtin, Shell} from '../interpreter.js';
import {ShellFatal, type Gen} from '../state.js';

export const TEST_UTILITIES: Record<string, Builtin> = {
	*test(sh, args) {
		return yield* testCommand(sh, args, 'test');
	},
	*'['(sh, args) {
		if (args[args.length - 1] !== ']') {
			yield* sh.err(sh.flavor === 'dash' ? `${sh.prefix()}[: missing ]\n` : `${sh.flavor === 'bash' ? sh.prefix() : ''}[: missing ]\n`);
			return 2;
		}
		return yield* testCommand(sh, args.slice(0, -1), '[');
	},
};

function* testCommand(sh: Shell, args: string[], name: string): Gen<number> {
	const bad = (msg: string): ShellFatal => new ShellFatal(`${name}: ${msg}`, 2);
	const num = (s: string): number => {
		if (!/^\s*-?\d+\s*$/.test(s)) throw bad(sh.flavor === 'dash' ? `Illegal number: ${s}` : `${s}: ${sh.flavor === 'bash' ? 'integer expression expected' : 'bad number'}`);
		return Number(s);
	};
	let i = 0;
	const unary = (op: string, v: string): boolean => {
		const path = sh.resolve(v);
		switch (op) {
			case '-n': return v !== '';
			case '-z': return v === '';
			case '-e': case '-a': return sh.readFile(path) !== undefined || sh.isDir(path);
			case '-f': return sh.readFile(path) !== undefined && !sh.isDir(path);
			case '-d': return sh.isDir(path);
			case '-s': return (sh.readFile(path) ?? '') !== '';
			case '-r': case '-w': return sh.readFile(path) !== undefined || sh.isDir(path);
			case '-x': return sh.isDir(path);
			case '-L': case '-h': return false;
			case '-t': return false;
		}
		throw bad(`${op}: unexpected operator`);
	};
	const primary = (): boolean => {
		const a = args[i];
		if (a === '!') {
			i++;
			return !primary();
		}
		if (a === '(') {
			i++;
			const v = orExpr();
			if (args[i] === ')') i++;
			return v;
		}
		const op = args[i + 1];
		if (op !== undefined && ['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>'].includes(op) && i + 2 < args.length + 0) {
			const b = args[i + 2] ?? '';
			i += 3;
			switch (op) {
				case '=': case '==': return a === b;
				case '!=': return a !== b;
				case '<': return a < b;
				case '>': return a > b;
				case '-eq': return num(a) === num(b);
				case '-ne': return num(a) !== num(b);
				case '-lt': return num(a) < num(b);
				case '-le': return num(a) <= num(b);
				case '-gt': return num(a) > num(b);
				case '-ge': return num(a) >= num(b);
			}
		}
		if (/^-[a-zA-Z]$/.test(a ?? '') && i + 1 < args.length) {
			i += 2;
			return unary(a, args[i - 1]);
		}
		i++;
		return (a ?? '') !== '';
	};
	const andExpr = (): boolean => {
		let v = primary();
		while (args[i] === '-a') {
			i++;
			v = primary() && v;
		}
		return v;
	};
	const orExpr = (): boolean => {
		let v = andExpr();
		while (args[i] === '-o') {
			i++;
			v = andExpr() || v;
		}
		return v;
	};
	if (args.length === 0) return 1;
	try {
		const v = orExpr();
		if (i < args.length) throw bad(`${args[i]}: unexpected operator`);
		return v ? 0 : 1;
	} catch (e) {
		if (e instanceof ShellFatal) {
			yield* sh.err((sh.flavor === 'ash' ? 'sh: ' : sh.prefix()) + e.message + '\n');
			return 2;
		}
		throw e;
	}
}
