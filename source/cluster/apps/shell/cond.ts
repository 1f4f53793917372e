// bash's `[[ ... ]]`: words are expanded without field splitting or globbing; `==` and `!=`
// match the right side as a pattern (its quoted parts literally), `=~` as an extended regular
// expression (BASH_REMATCH set from the match); `<` and `>` compare strings; `&&`, `||`, `!` and
// parentheses group; every other test (-f, -n, -eq ...) is `test`'s. Other shells have no `[[`.
import type {CondItem, Node} from './ast.js';
import {expandPattern, expandString} from './expand.js';
import {globRegex} from './glob.js';
import type {Shell} from './interpreter.js';
import {ShellFatal, type Gen} from './state.js';
import {TEST_UTILITIES} from './utilities/conditional.js';

const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-n', '-z', '-o', '-v', '-R']);
const BINARY = new Set(['==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export function* runCond(sh: Shell, node: Node & {k: 'cond'}): Gen<number> {
	const items = node.items;
	let i = 0;
	const isOp = (op: string) => {
		const it = items[i];
		return it !== undefined && 'op' in it && it.op === op;
	};
	const word = (it: CondItem | undefined) => (it && 'word' in it ? it : undefined);
	const syntax = (near: string) => new ShellFatal(near ? `syntax error in conditional expression: unexpected token \`${near}'` : 'unexpected argument to conditional binary operator', 2);
	const test = function* (args: string[]): Gen<boolean> {
		return (yield* TEST_UTILITIES.test!(sh, args)) === 0;
	};

	function* primary(): Gen<boolean> {
		if (isOp('(')) {
			i++;
			const v = yield* or();
			if (!isOp(')')) throw syntax(items[i] ? raw(items[i]!) : '');
			i++;
			return v;
		}
		const first = word(items[i]);
		if (!first) throw syntax(items[i] ? raw(items[i]!) : '');
		i++;
		const op = word(items[i]);
		if (op && BINARY.has(op.raw) && word(items[i + 1])) {
			const rightItem = word(items[i + 1])!;
			i += 2;
			const left = yield* expandString(sh, first.word);
			switch (op.raw) {
				case '==':
				case '=':
				case '!=': {
					const matched = globRegex(yield* expandPattern(sh, rightItem.word)).test(left);
					return op.raw === '!=' ? !matched : matched;
				}
				case '=~': {
					const source = yield* expandString(sh, rightItem.word);
					let re: RegExp;
					try {
						re = new RegExp(source);
					} catch {
						throw new ShellFatal('', 2);
					}
					const m = re.exec(left);
					sh.setVar('BASH_REMATCH', m?.[0] ?? '');
					return m !== null;
				}
				case '<':
					return left < (yield* expandString(sh, rightItem.word));
				case '>':
					return left > (yield* expandString(sh, rightItem.word));
				default:
					return yield* test([left, op.raw, yield* expandString(sh, rightItem.word)]);
			}
		}
		if (UNARY.has(first.raw) && word(items[i])) {
			const operand = word(items[i])!;
			i++;
			return yield* test([first.raw, yield* expandString(sh, operand.word)]);
		}
		return (yield* expandString(sh, first.word)) !== '';
	}

	function* not(): Gen<boolean> {
		if (isOp('!')) {
			i++;
			return !(yield* not());
		}
		return yield* primary();
	}

	function* and(): Gen<boolean> {
		let v = yield* not();
		while (isOp('&&')) {
			i++;
			const right = yield* not();
			v = v && right;
		}
		return v;
	}

	function* or(): Gen<boolean> {
		let v = yield* and();
		while (isOp('||')) {
			i++;
			const right = yield* and();
			v = v || right;
		}
		return v;
	}

	try {
		if (!items.length) throw syntax('');
		const v = yield* or();
		if (i < items.length) throw syntax(raw(items[i]!));
		return v ? 0 : 1;
	} catch (e) {
		if (!(e instanceof ShellFatal)) throw e;
		if (e.message) yield* sh.err(`${sh.prefix()}${e.message}\n`);
		return 2;
	}
}

function raw(it: CondItem): string {
	return 'op' in it ? it.op : it.raw;
}
