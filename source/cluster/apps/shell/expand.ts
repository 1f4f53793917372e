// Expansions: parameters (`$x`, `${x:-y}`, `${x%.*}`), command substitution, arithmetic,
// field splitting and pathname globbing.
import {ArithError, evalArith} from './arith.js';
import {ShellSyntaxError, type Node, type Part, type Word} from './ast.js';
import {escapeGlob, globRegex, hasGlob, unescapeGlob} from './glob.js';
import type {Shell} from './interpreter.js';
import {scanWord} from './lexer.js';
import {parseScript, syntaxMessage} from './parser.js';
import {ShellFatal, type Gen, type Target} from './state.js';

/** A word's fields after expansion, splitting and globbing; one field when `noSplit`. */
export function* expandWord(sh: Shell, word: Word, noSplit = false): Gen<string[]> {
	const fields: Array<{text: string; pat: string}> = [];
	let cur = '';
	let pat = '';
	let has = false;
	const finish = () => {
		if (has || cur !== '') fields.push({text: cur, pat});
		cur = '';
		pat = '';
		has = false;
	};
	for (const part of word) {
		if (part.k === 'lit') {
			cur += part.v;
			pat += part.q ? escapeGlob(part.v) : part.v;
			has = true;
			continue;
		}
		if (part.k === 'var' && part.name === '@' && part.q && !part.op && !noSplit) {
			// "$@": one field per positional parameter.
			sh.positional.forEach((p, idx) => {
				if (idx > 0) finish();
				cur += p;
				pat += escapeGlob(p);
				has = true;
			});
			continue;
		}
		const value = yield* expandPart(sh, part);
		if (part.q || noSplit) {
			cur += value;
			pat += escapeGlob(value);
			has = true;
			continue;
		}
		if (value === '') continue;
		const pieces = value.split(/[ \t\n]+/);
		pieces.forEach((piece, idx) => {
			if (idx > 0) finish();
			if (piece !== '') {
				cur += piece;
				pat += piece;
				has = true;
			}
		});
	}
	finish();
	if (noSplit) return [fields.map((f) => f.text).join(' ')];
	const out: string[] = [];
	for (const f of fields) {
		if (hasGlob(f.pat)) {
			const matches = sh.glob(f.pat);
			if (matches.length > 0) {
				out.push(...matches);
				continue;
			}
			out.push(unescapeGlob(f.pat));
		} else out.push(f.text);
	}
	return out;
}

/** A word expanded without splitting or globbing: assignments, redirection targets, `case`. */
export function* expandString(sh: Shell, word: Word): Gen<string> {
	return (yield* expandWord(sh, word, true))[0] ?? '';
}

function* expandPart(sh: Shell, part: Exclude<Part, {k: 'lit'}>): Gen<string> {
	switch (part.k) {
		case 'var':
			return yield* expandVar(sh, part);
		case 'cmd':
			return yield* commandSubstitution(sh, part.src);
		case 'arith': {
			const text = yield* expandString(sh, scanWord(part.src, 0, false, sh.line).parts);
			try {
				return String(
					evalArith(
						text,
						(n) => sh.getVar(n),
						(n, v) => sh.setVar(n, String(v)),
					),
				);
			} catch (e) {
				if (e instanceof ArithError) throw new ShellFatal(e.message);
				throw e;
			}
		}
	}
}

function* expandVar(sh: Shell, part: Part & {k: 'var'}): Gen<string> {
	const value = sh.getVar(part.name);
	const op = part.op;
	if (op === 'len') return String((value ?? '').length);
	if (!op) {
		if (value === undefined && sh.flags.has('u') && !['@', '*'].includes(part.name)) {
			throw new ShellFatal(`${part.name}: parameter not set`);
		}
		return value ?? '';
	}
	const arg = part.arg ?? [];
	const unsetOrEmpty = value === undefined || (op.startsWith(':') && value === '');
	switch (op) {
		case ':-':
		case '-':
			return unsetOrEmpty ? yield* expandString(sh, arg) : (value ?? '');
		case ':=':
		case '=': {
			if (!unsetOrEmpty) return value ?? '';
			const v = yield* expandString(sh, arg);
			sh.setVar(part.name, v);
			return v;
		}
		case ':+':
		case '+':
			return unsetOrEmpty ? '' : yield* expandString(sh, arg);
		case ':?':
		case '?': {
			if (!unsetOrEmpty) return value ?? '';
			const msg = yield* expandString(sh, arg);
			throw new ShellFatal(`${part.name}: ${msg || 'parameter not set'}`);
		}
		case '#':
		case '##':
		case '%':
		case '%%': {
			const v = value ?? '';
			const pattern = yield* expandPattern(sh, arg);
			const greedy = op.length === 2;
			if (op[0] === '#') {
				const re = globRegex(pattern, false, true, greedy);
				const m = re.exec(v);
				return m ? v.slice(m[0].length) : v;
			}
			// Suffix removal: try each start position (shortest suffix = latest start).
			const re = globRegex(pattern);
			if (greedy) {
				for (let s = 0; s <= v.length; s++) if (re.test(v.slice(s))) return v.slice(0, s);
			} else {
				for (let s = v.length; s >= 0; s--) if (re.test(v.slice(s))) return v.slice(0, s);
			}
			return v;
		}
	}
	return value ?? '';
}

/** Expands a word into a glob pattern: quoted characters are escaped. */
export function* expandPattern(sh: Shell, word: Word): Gen<string> {
	let pat = '';
	for (const part of word) {
		if (part.k === 'lit') pat += part.q ? escapeGlob(part.v) : part.v;
		else {
			const v = yield* expandPart(sh, part);
			pat += part.q ? escapeGlob(v) : v;
		}
	}
	return pat;
}

function* commandSubstitution(sh: Shell, src: string): Gen<string> {
	let node: Node;
	try {
		node = parseScript(src);
	} catch (e) {
		if (e instanceof ShellSyntaxError) throw new ShellFatal(syntaxMessage(e, sh.flavor));
		throw e;
	}
	const capture: Target = {k: 'capture', text: ''};
	const status = yield* sh.subshell(node, capture);
	sh.substStatus = status;
	return (capture as {text: string}).text.replace(/\n+$/, '');
}
