// A small POSIX-ish shell for what busybox, alpine and Debian images run with `sh -c`.
//
// The script is parsed up front, then run by generators, so output lines and sleeps come out
// one step at a time and `while true; do ...; done` runs forever in constant memory. Three
// dialects differ where users see it: busybox ash (`sh: foo: not found`), Debian's dash
// (`sh: 1: foo: not found`, echo always interprets escapes) and bash.
import type {ProcessContext, Step} from './types.js';
import {SLEEP_FOREVER, strftime, unixDate} from './time.js';

export type ShellFlavor = 'ash' | 'dash' | 'bash';
export type Userland = 'busybox' | 'gnu';

export interface ShellOptions {
	/** Dialect; default ash for busybox userland, dash for gnu. */
	flavor?: ShellFlavor;
	/** Which coreutils the image has (their error messages differ). Default busybox. */
	userland?: Userland;
	/** $0, which prefixes the shell's own error messages: `sh`, `/bin/sh`. */
	arg0?: string;
	/** $1, $2, ... */
	positional?: string[];
	/** Standard input; absent means /dev/null. */
	stdin?: string;
	/** Milliseconds after ctx.startedAt at which this shell starts (exec into a running container). */
	offsetMs?: number;
	/** Option letters set at start, as in `sh -ex`: e (errexit), x (xtrace), u (nounset). */
	flags?: string;
	/** Shells that exist in the image, name -> dialect. Default from userland. */
	shells?: Record<string, ShellFlavor>;
	/** Environment from the image config (before the container's env). */
	imageEnv?: Record<string, string>;
	/** PATH of the image. */
	path?: string;
	/** Files the image has that are not mounted (`/etc/hostname`, `/etc/os-release`). */
	rootFiles?: Record<string, string>;
	/** Entries of `/` for `ls /`. */
	rootEntries?: string[];
	/** The image's own programs (nginx, redis-server): their steps, or undefined when not in the image. */
	external?(argv: string[], env: Record<string, string>): Iterator<Step> | undefined;
}

// ---------------------------------------------------------------------------------------------
// Syntax

type Part =
	| {k: 'lit'; v: string; q: boolean}
	| {k: 'var'; name: string; op?: string; arg?: Part[]; q: boolean}
	| {k: 'cmd'; src: string; q: boolean}
	| {k: 'arith'; src: string; q: boolean};

type Word = Part[];

interface Redir {
	fd: number;
	op: string;
	target: Word;
	/** Here-document body. */
	body?: Word;
}

type Node =
	| {k: 'list'; items: Node[]}
	| {k: 'andor'; first: Node; rest: Array<{op: '&&' | '||'; node: Node}>}
	| {k: 'pipeline'; cmds: Node[]; bang: boolean}
	| {k: 'simple'; assigns: Array<{name: string; value: Word}>; words: Word[]; redirs: Redir[]; line: number}
	| {k: 'while'; until: boolean; cond: Node; body: Node}
	| {k: 'for'; name: string; items: Word[] | null; body: Node}
	| {k: 'if'; branches: Array<{cond: Node; body: Node}>; otherwise?: Node}
	| {k: 'group'; body: Node; subshell: boolean}
	| {k: 'case'; word: Word; arms: Array<{patterns: Word[]; body: Node}>}
	| {k: 'func'; name: string; body: Node}
	| {k: 'redir'; body: Node; redirs: Redir[]};

type Token =
	| {t: 'word'; parts: Word; raw: string; line: number}
	| {t: 'op'; v: string; line: number}
	| {t: 'redir'; fd: number; op: string; line: number; body?: Word; strip?: boolean}
	| {t: 'nl'; line: number}
	| {t: 'eof'; line: number};

export class ShellSyntaxError extends Error {
	constructor(
		/** The offending token as the shell quotes it, or undefined for end of file. */
		readonly token: string | undefined,
		readonly line: number,
		readonly expecting?: string,
		readonly detail?: string,
	) {
		super(detail ?? (token === undefined ? 'unexpected end of file' : `unexpected "${token}"`));
	}
}

const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Index of the `)` closing a `(` that ends just before `i`, skipping quotes; -1 if none. */
function matchParen(src: string, i: number): number {
	let depth = 0;
	for (let j = i; j < src.length; j++) {
		const c = src[j];
		if (c === '\\') j++;
		else if (c === "'") {
			const end = src.indexOf("'", j + 1);
			if (end < 0) return -1;
			j = end;
		} else if (c === '"') {
			j++;
			while (j < src.length && src[j] !== '"') {
				if (src[j] === '\\') j++;
				j++;
			}
		} else if (c === '(') depth++;
		else if (c === ')') {
			if (depth === 0) return j;
			depth--;
		}
	}
	return -1;
}

/** Index of the `}` closing a `${` whose body starts at `i`. */
function matchBrace(src: string, i: number): number {
	let depth = 0;
	for (let j = i; j < src.length; j++) {
		const c = src[j];
		if (c === '\\') j++;
		else if (c === "'") {
			const end = src.indexOf("'", j + 1);
			if (end < 0) return -1;
			j = end;
		} else if (c === '{') depth++;
		else if (c === '}') {
			if (depth === 0) return j;
			depth--;
		}
	}
	return -1;
}

function pushLit(parts: Part[], v: string, q: boolean): void {
	const last = parts[parts.length - 1];
	if (last && last.k === 'lit' && last.q === q) last.v += v;
	else parts.push({k: 'lit', v, q});
}

/**
 * Scans a word starting at `i`: quotes, escapes, `$x`, `${x:-y}`, `$(cmd)`, `` `cmd` ``,
 * `$((expr))`. Stops at an unquoted metacharacter when `stopAtMeta`.
 */
function scanWord(src: string, i: number, stopAtMeta: boolean, line: number): {parts: Part[]; end: number} {
	const parts: Part[] = [];
	while (i < src.length) {
		const c = src[i];
		if (stopAtMeta && META.has(c)) break;
		if (c === '\\') {
			if (src[i + 1] === '\n') i += 2;
			else {
				if (i + 1 < src.length) pushLit(parts, src[i + 1], true);
				i += 2;
			}
		} else if (c === "'") {
			const end = src.indexOf("'", i + 1);
			if (end < 0) throw new ShellSyntaxError(undefined, line, undefined, 'unterminated quoted string');
			pushLit(parts, src.slice(i + 1, end), true);
			i = end + 1;
		} else if (c === '"') {
			i = scanDouble(src, i + 1, parts, line);
		} else if (c === '$') {
			i = scanDollar(src, i, parts, false, line);
		} else if (c === '`') {
			i = scanBacktick(src, i, parts, false, line);
		} else {
			pushLit(parts, c, false);
			i++;
		}
	}
	return {parts, end: i};
}

function scanDouble(src: string, i: number, parts: Part[], line: number): number {
	let any = false;
	while (i < src.length && src[i] !== '"') {
		const c = src[i];
		any = true;
		if (c === '\\' && i + 1 < src.length && '$`"\\\n'.includes(src[i + 1])) {
			if (src[i + 1] !== '\n') pushLit(parts, src[i + 1], true);
			i += 2;
		} else if (c === '$') {
			i = scanDollar(src, i, parts, true, line);
		} else if (c === '`') {
			i = scanBacktick(src, i, parts, true, line);
		} else {
			pushLit(parts, c, true);
			i++;
		}
	}
	if (i >= src.length) throw new ShellSyntaxError(undefined, line, undefined, 'unterminated quoted string');
	if (!any) pushLit(parts, '', true);
	return i + 1;
}

function scanBacktick(src: string, i: number, parts: Part[], q: boolean, line: number): number {
	let j = i + 1;
	let body = '';
	while (j < src.length && src[j] !== '`') {
		if (src[j] === '\\' && '`$\\'.includes(src[j + 1] ?? '')) {
			body += src[j + 1];
			j += 2;
		} else body += src[j++];
	}
	if (j >= src.length) throw new ShellSyntaxError(undefined, line, undefined, 'unterminated quoted string');
	parts.push({k: 'cmd', src: body, q});
	return j + 1;
}

function scanDollar(src: string, i: number, parts: Part[], q: boolean, line: number): number {
	const next = src[i + 1];
	if (next === '(' && src[i + 2] === '(') {
		// $(( arithmetic ))
		let depth = 0;
		for (let j = i + 3; j < src.length; j++) {
			if (src[j] === '(') depth++;
			else if (src[j] === ')') {
				if (depth === 0) {
					if (src[j + 1] !== ')') break;
					parts.push({k: 'arith', src: src.slice(i + 3, j), q});
					return j + 2;
				}
				depth--;
			}
		}
		// Not arithmetic after all: $( (subshell) )
	}
	if (next === '(') {
		const end = matchParen(src, i + 2);
		if (end < 0) throw new ShellSyntaxError(undefined, line, '")"');
		parts.push({k: 'cmd', src: src.slice(i + 2, end), q});
		return end + 1;
	}
	if (next === '{') {
		const end = matchBrace(src, i + 2);
		if (end < 0) throw new ShellSyntaxError(undefined, line, '"}"', 'missing }');
		parts.push(parseBraced(src.slice(i + 2, end), q, line));
		return end + 1;
	}
	const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])/.exec(src.slice(i + 1, i + 64));
	if (!m) {
		pushLit(parts, '$', q);
		return i + 1;
	}
	parts.push({k: 'var', name: m[1], q});
	return i + 1 + m[1].length;
}

function parseBraced(inner: string, q: boolean, line: number): Part {
	if (inner.length > 1 && inner[0] === '#' && /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])$/.test(inner.slice(1))) {
		return {k: 'var', name: inner.slice(1), op: 'len', q};
	}
	const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])/.exec(inner);
	if (!m) throw new ShellSyntaxError(undefined, line, undefined, 'bad substitution');
	const rest = inner.slice(m[1].length);
	if (rest === '') return {k: 'var', name: m[1], q};
	const o = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%)/.exec(rest);
	if (!o) throw new ShellSyntaxError(undefined, line, undefined, 'bad substitution');
	const arg = scanWord(rest.slice(o[1].length), 0, false, line).parts;
	return {k: 'var', name: m[1], op: o[1], arg, q};
}

function tokenize(src: string): Token[] {
	const tokens: Token[] = [];
	const pendingHeredocs: Array<{tok: Token & {t: 'redir'}; delim: string; strip: boolean; quoted: boolean}> = [];
	let i = 0;
	let line = 1;
	let expectHeredocDelim: (Token & {t: 'redir'}) | undefined;
	while (i < src.length) {
		const c = src[i];
		if (c === ' ' || c === '\t' || c === '\r') {
			i++;
			continue;
		}
		if (c === '\\' && src[i + 1] === '\n') {
			i += 2;
			line++;
			continue;
		}
		if (c === '#') {
			while (i < src.length && src[i] !== '\n') i++;
			continue;
		}
		if (c === '\n') {
			tokens.push({t: 'nl', line});
			i++;
			line++;
			// Here-document bodies follow the line that introduced them.
			for (const h of pendingHeredocs.splice(0)) {
				let body = '';
				for (;;) {
					if (i >= src.length) break;
					let end = src.indexOf('\n', i);
					if (end < 0) end = src.length;
					let text = src.slice(i, end);
					i = end + 1;
					line++;
					if (h.strip) text = text.replace(/^\t+/, '');
					if (text === h.delim) break;
					body += text + '\n';
				}
				h.tok.body = h.quoted ? [{k: 'lit', v: body, q: true}] : scanHeredoc(body, line);
			}
			continue;
		}
		const two = src.slice(i, i + 2);
		if (two === '&&' || two === '||' || two === ';;') {
			tokens.push({t: 'op', v: two, line});
			i += 2;
			continue;
		}
		const redir = /^(\d?)(>>|>&|>\||<&|<<<|<<-|<<|<>|>|<)/.exec(src.slice(i, i + 4));
		if (src.startsWith('&>', i)) {
			const append = src[i + 2] === '>';
			tokens.push({t: 'redir', fd: -1, op: append ? '>>' : '>', line});
			i += append ? 3 : 2;
			continue;
		}
		if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
			tokens.push({t: 'op', v: c, line});
			i++;
			continue;
		}
		if (redir) {
			const op = redir[2] === '>|' ? '>' : redir[2];
			const fd = redir[1] !== '' ? Number(redir[1]) : op.startsWith('<') ? 0 : 1;
			const tok: Token & {t: 'redir'} = {t: 'redir', fd, op: op === '<<-' ? '<<' : op, line, strip: op === '<<-'};
			tokens.push(tok);
			i += redir[0].length;
			if (op === '<<' || op === '<<-') expectHeredocDelim = tok;
			continue;
		}
		const start = i;
		const {parts, end} = scanWord(src, i, true, line);
		const raw = src.slice(start, end);
		i = end;
		tokens.push({t: 'word', parts, raw, line});
		if (expectHeredocDelim) {
			const quoted = parts.some((p) => p.k === 'lit' && p.q);
			const delim = parts.map((p) => (p.k === 'lit' ? p.v : '')).join('');
			pendingHeredocs.push({tok: expectHeredocDelim, delim, strip: expectHeredocDelim.strip === true, quoted});
			expectHeredocDelim = undefined;
		}
		line += (raw.match(/\n/g) ?? []).length;
	}
	tokens.push({t: 'eof', line});
	return tokens;
}

/** A here-document body: `$` expansions and backslash escapes, no quote removal. */
function scanHeredoc(body: string, line: number): Word {
	const parts: Part[] = [];
	let i = 0;
	while (i < body.length) {
		const c = body[i];
		if (c === '\\' && '$`\\'.includes(body[i + 1] ?? '')) {
			pushLit(parts, body[i + 1], true);
			i += 2;
		} else if (c === '$') i = scanDollar(body, i, parts, true, line);
		else if (c === '`') i = scanBacktick(body, i, parts, true, line);
		else {
			pushLit(parts, c, true);
			i++;
		}
	}
	if (parts.length === 0) pushLit(parts, '', true);
	return parts;
}

class Parser {
	private i = 0;
	constructor(private readonly tokens: Token[]) {}

	private peek(): Token {
		return this.tokens[this.i];
	}

	private next(): Token {
		return this.tokens[this.i++];
	}

	private isWord(tok: Token, word: string): boolean {
		return tok.t === 'word' && tok.raw === word;
	}

	private fail(tok: Token, expecting?: string): never {
		throw new ShellSyntaxError(tok.t === 'eof' ? undefined : describe(tok), tok.line, expecting);
	}

	private expectWord(word: string): void {
		const tok = this.next();
		if (!this.isWord(tok, word)) this.fail(tok, `"${word}"`);
	}

	private skipNewlines(): void {
		while (this.peek().t === 'nl') this.i++;
	}

	program(): Node {
		const list = this.list([]);
		const tok = this.peek();
		if (tok.t !== 'eof') this.fail(tok);
		return list;
	}

	private list(stops: string[], allowEmpty = true): Node {
		const items: Node[] = [];
		for (;;) {
			this.skipNewlines();
			const tok = this.peek();
			if (tok.t === 'eof' || (tok.t === 'op' && (tok.v === ')' || tok.v === ';;'))) break;
			if (tok.t === 'word' && stops.includes(tok.raw)) break;
			items.push(this.andOr());
			const sep = this.peek();
			if (sep.t === 'op' && (sep.v === ';' || sep.v === '&')) this.i++;
			else if (sep.t === 'nl') this.i++;
			else break;
		}
		if (items.length === 0 && !allowEmpty) this.fail(this.peek());
		return {k: 'list', items};
	}

	private andOr(): Node {
		const first = this.pipeline();
		const rest: Array<{op: '&&' | '||'; node: Node}> = [];
		for (;;) {
			const tok = this.peek();
			if (tok.t !== 'op' || (tok.v !== '&&' && tok.v !== '||')) break;
			this.i++;
			this.skipNewlines();
			rest.push({op: tok.v, node: this.pipeline()});
		}
		return rest.length === 0 ? first : {k: 'andor', first, rest};
	}

	private pipeline(): Node {
		let bang = false;
		if (this.isWord(this.peek(), '!')) {
			this.i++;
			bang = true;
		}
		const cmds = [this.command()];
		while (this.peek().t === 'op' && (this.peek() as {v: string}).v === '|') {
			this.i++;
			this.skipNewlines();
			cmds.push(this.command());
		}
		return cmds.length === 1 && !bang ? cmds[0] : {k: 'pipeline', cmds, bang};
	}

	private command(): Node {
		const tok = this.peek();
		let node: Node | undefined;
		if (tok.t === 'word') {
			switch (tok.raw) {
				case 'while':
				case 'until': {
					this.i++;
					const cond = this.list(['do'], false);
					this.expectWord('do');
					const body = this.list(['done'], false);
					this.expectWord('done');
					node = {k: 'while', until: tok.raw === 'until', cond, body};
					break;
				}
				case 'for':
					node = this.forLoop();
					break;
				case 'if':
					node = this.ifClause();
					break;
				case 'case':
					node = this.caseClause();
					break;
				case '{': {
					this.i++;
					const body = this.list(['}'], false);
					this.expectWord('}');
					node = {k: 'group', body, subshell: false};
					break;
				}
				case 'do':
				case 'done':
				case 'then':
				case 'elif':
				case 'else':
				case 'fi':
				case 'esac':
				case '}':
					this.fail(tok);
			}
		} else if (tok.t === 'op' && tok.v === '(') {
			this.i++;
			const body = this.list([], false);
			const close = this.next();
			if (close.t !== 'op' || close.v !== ')') this.fail(close, '")"');
			node = {k: 'group', body, subshell: true};
		}
		if (node) {
			const redirs: Redir[] = [];
			while (this.peek().t === 'redir') redirs.push(this.redir());
			return redirs.length > 0 ? {k: 'redir', body: node, redirs} : node;
		}
		return this.simple();
	}

	private forLoop(): Node {
		this.i++;
		const nameTok = this.next();
		if (nameTok.t !== 'word' || !NAME.test(nameTok.raw)) this.fail(nameTok);
		let items: Word[] | null = null;
		this.skipNewlines();
		if (this.isWord(this.peek(), 'in')) {
			this.i++;
			items = [];
			while (this.peek().t === 'word') items.push((this.next() as {parts: Word}).parts);
			const sep = this.next();
			if (!(sep.t === 'nl' || (sep.t === 'op' && sep.v === ';'))) this.fail(sep);
		} else if (this.peek().t === 'op' && (this.peek() as {v: string}).v === ';') this.i++;
		this.skipNewlines();
		this.expectWord('do');
		const body = this.list(['done'], false);
		this.expectWord('done');
		return {k: 'for', name: nameTok.raw, items, body};
	}

	private ifClause(): Node {
		this.i++;
		const branches: Array<{cond: Node; body: Node}> = [];
		let otherwise: Node | undefined;
		for (;;) {
			const cond = this.list(['then'], false);
			this.expectWord('then');
			const body = this.list(['elif', 'else', 'fi'], false);
			branches.push({cond, body});
			const tok = this.next();
			if (this.isWord(tok, 'elif')) continue;
			if (this.isWord(tok, 'else')) {
				otherwise = this.list(['fi'], false);
				this.expectWord('fi');
			} else if (!this.isWord(tok, 'fi')) this.fail(tok, '"fi"');
			break;
		}
		return {k: 'if', branches, otherwise};
	}

	private caseClause(): Node {
		this.i++;
		const wordTok = this.next();
		if (wordTok.t !== 'word') this.fail(wordTok);
		this.skipNewlines();
		this.expectWord('in');
		const arms: Array<{patterns: Word[]; body: Node}> = [];
		for (;;) {
			this.skipNewlines();
			if (this.isWord(this.peek(), 'esac')) {
				this.i++;
				break;
			}
			if (this.peek().t === 'op' && (this.peek() as {v: string}).v === '(') this.i++;
			const patterns: Word[] = [];
			for (;;) {
				const p = this.next();
				if (p.t !== 'word') this.fail(p);
				patterns.push(p.parts);
				const sep = this.next();
				if (sep.t === 'op' && sep.v === '|') continue;
				if (sep.t === 'op' && sep.v === ')') break;
				this.fail(sep, '")"');
			}
			const body = this.list(['esac']);
			arms.push({patterns, body});
			const end = this.peek();
			if (end.t === 'op' && end.v === ';;') this.i++;
			else if (!this.isWord(end, 'esac')) this.fail(end, '"esac"');
		}
		return {k: 'case', word: wordTok.parts, arms};
	}

	private redir(): Redir {
		const tok = this.next() as Token & {t: 'redir'};
		const target = this.next();
		if (target.t !== 'word') this.fail(target);
		return {fd: tok.fd, op: tok.op, target: target.parts, body: tok.body};
	}

	private simple(): Node {
		const first = this.peek();
		const assigns: Array<{name: string; value: Word}> = [];
		const words: Word[] = [];
		const redirs: Redir[] = [];
		for (;;) {
			const tok = this.peek();
			if (tok.t === 'redir') {
				redirs.push(this.redir());
				continue;
			}
			if (tok.t !== 'word') break;
			this.i++;
			const head = tok.parts[0];
			const headText = words.length === 0 && head?.k === 'lit' && !head.q ? head.v : '';
			const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(headText);
			if (m) {
				const value: Word = [];
				const restOfHead = headText.slice(m[0].length);
				if (restOfHead !== '') value.push({k: 'lit', v: restOfHead, q: false});
				value.push(...tok.parts.slice(1));
				assigns.push({name: m[1], value});
			} else words.push(tok.parts);
		}
		if (words.length === 0 && assigns.length === 0 && redirs.length === 0) this.fail(this.peek());
		// name() compound-command
		const open = this.peek();
		if (words.length === 1 && assigns.length === 0 && open.t === 'op' && open.v === '(') {
			const close = this.tokens[this.i + 1];
			if (close.t === 'op' && close.v === ')') {
				this.i += 2;
				this.skipNewlines();
				const name = words[0].map((p) => (p.k === 'lit' ? p.v : '')).join('');
				return {k: 'func', name, body: this.command()};
			}
		}
		return {k: 'simple', assigns, words, redirs, line: first.line};
	}
}

function describe(tok: Token): string {
	switch (tok.t) {
		case 'word':
			return tok.raw;
		case 'op':
			return tok.v;
		case 'redir':
			return tok.op;
		case 'nl':
			return 'newline';
		case 'eof':
			return 'end of file';
	}
}

const parseCache = new Map<string, Node>();

/** Parses a script; throws ShellSyntaxError. */
export function parseScript(src: string): Node {
	const cached = parseCache.get(src);
	if (cached) return cached;
	const node = new Parser(tokenize(src)).program();
	if (parseCache.size > 500) parseCache.clear();
	parseCache.set(src, node);
	return node;
}

export type ScriptNode = Node;

// ---------------------------------------------------------------------------------------------
// Arithmetic: $(( ... ))

class ArithError extends Error {}

function evalArith(src: string, get: (name: string) => string | undefined, set: (name: string, v: number) => void): number {
	const toks = src.match(/0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|<<=|>>=|\*\*|<=|>=|==|!=|&&|\|\||<<|>>|\+=|-=|\*=|\/=|%=|\+\+|--|\S/g) ?? [];
	let i = 0;
	const peek = () => toks[i];
	const valueOf = (name: string): number => {
		const v = get(name);
		if (v === undefined || v.trim() === '') return 0;
		const n = Number(v.trim());
		if (!Number.isInteger(n)) throw new ArithError('arithmetic syntax error');
		return n;
	};
	const isName = (t: string | undefined) => t !== undefined && /^[A-Za-z_]/.test(t);
	// Binary operators by precedence, loosest first.
	const binary: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
	const apply = (op: string, a: number, b: number): number => {
		switch (op) {
			case '||': return a || b ? 1 : 0;
			case '&&': return a && b ? 1 : 0;
			case '|': return a | b;
			case '^': return a ^ b;
			case '&': return a & b;
			case '==': return a === b ? 1 : 0;
			case '!=': return a !== b ? 1 : 0;
			case '<': return a < b ? 1 : 0;
			case '<=': return a <= b ? 1 : 0;
			case '>': return a > b ? 1 : 0;
			case '>=': return a >= b ? 1 : 0;
			case '<<': return a << b;
			case '>>': return a >> b;
			case '+': return a + b;
			case '-': return a - b;
			case '*': return a * b;
			case '**': return a ** b;
			case '/':
			case '%':
				if (b === 0) throw new ArithError('divide by zero');
				return op === '/' ? Math.trunc(a / b) : a % b;
		}
		throw new ArithError('arithmetic syntax error');
	};
	const expr = (): number => assignment();
	const assignment = (): number => {
		if (isName(peek()) && ['=', '+=', '-=', '*=', '/=', '%='].includes(toks[i + 1])) {
			const name = toks[i];
			const op = toks[i + 1];
			i += 2;
			const rhs = assignment();
			const v = op === '=' ? rhs : apply(op[0], valueOf(name), rhs);
			set(name, v);
			return v;
		}
		return ternary();
	};
	const ternary = (): number => {
		const c = level(0);
		if (peek() === '?') {
			i++;
			const a = expr();
			if (toks[i++] !== ':') throw new ArithError('arithmetic syntax error');
			const b = ternary();
			return c ? a : b;
		}
		return c;
	};
	const level = (n: number): number => {
		if (n >= binary.length) return unary();
		let left = level(n + 1);
		while (binary[n].includes(peek())) {
			const op = toks[i++];
			left = apply(op, left, level(n + 1));
		}
		return left;
	};
	const unary = (): number => {
		const t = peek();
		if (t === '-' || t === '+' || t === '!' || t === '~') {
			i++;
			const v = unary();
			return t === '-' ? -v : t === '+' ? v : t === '!' ? (v ? 0 : 1) : ~v;
		}
		if ((t === '++' || t === '--') && isName(toks[i + 1])) {
			const name = toks[i + 1];
			i += 2;
			const v = valueOf(name) + (t === '++' ? 1 : -1);
			set(name, v);
			return v;
		}
		return power();
	};
	const power = (): number => {
		const base = primary();
		if (peek() === '**') {
			i++;
			return apply('**', base, unary());
		}
		return base;
	};
	const primary = (): number => {
		const t = toks[i++];
		if (t === undefined) throw new ArithError('arithmetic syntax error');
		if (t === '(') {
			const v = expr();
			if (toks[i++] !== ')') throw new ArithError('arithmetic syntax error');
			return v;
		}
		if (/^0[xX]/.test(t)) return parseInt(t, 16);
		if (/^0\d+$/.test(t)) return parseInt(t, 8);
		if (/^\d+$/.test(t)) return Number(t);
		if (isName(t)) {
			const v = valueOf(t);
			if (peek() === '++' || peek() === '--') {
				set(t, v + (toks[i++] === '++' ? 1 : -1));
			}
			return v;
		}
		throw new ArithError('arithmetic syntax error');
	};
	if (toks.length === 0) return 0;
	const v = expr();
	if (i < toks.length) throw new ArithError('arithmetic syntax error');
	return v;
}

// ---------------------------------------------------------------------------------------------
// Running

type Gen<T> = Generator<Step, T, undefined>;

type Target =
	| {k: 'log'; stream: 'stdout' | 'stderr'}
	| {k: 'file'; path: string}
	| {k: 'null'}
	| {k: 'capture'; text: string};

interface Input {
	data: string;
	pos: number;
}

/** State shared by a shell and the subshells and nested shells it starts. */
interface SharedIo {
	partial: {stdout: string; stderr: string};
	/** Steps produced so far: a loop whose body produces none is busy-looping. */
	emitted: number;
	elapsed: number;
	idle: number;
	dirs: Set<string>;
	deleted: Set<string>;
}

class ShellExit {
	constructor(readonly code: number) {}
}

class ShellFatal {
	constructor(
		readonly message: string,
		readonly code = 2,
	) {}
}

class LoopControl {
	constructor(
		readonly kind: 'break' | 'continue',
		public levels: number,
	) {}
}

class FunctionReturn {
	constructor(readonly code: number) {}
}

const BUSYBOX_ROOT = ['bin', 'dev', 'etc', 'home', 'lib', 'lib64', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];
const DEBIAN_ROOT = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Idle loop iterations that make up one slice of busy CPU time. */
const BUSY_ITERATIONS = 1000;
const BUSY_SLICE_MS = 100;

function basename(p: string): string {
	const s = p.replace(/\/+$/, '');
	const i = s.lastIndexOf('/');
	return i < 0 ? s : s.slice(i + 1) || '/';
}

function normalizePath(p: string): string {
	const out: string[] = [];
	for (const seg of p.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') out.pop();
		else out.push(seg);
	}
	return '/' + out.join('/');
}

/** A glob pattern (`*`, `?`, `[...]`; backslash escapes) as an anchored regular expression. */
function globRegex(pattern: string, anchorEnd = true, anchorStart = true, greedy = true): RegExp {
	let re = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
		else if (c === '*') re += greedy ? '.*' : '.*?';
		else if (c === '?') re += '.';
		else if (c === '[') {
			const end = pattern.indexOf(']', i + 2);
			if (end < 0) re += '\\[';
			else {
				let cls = pattern.slice(i + 1, end);
				if (cls.startsWith('!')) cls = '^' + cls.slice(1);
				re += '[' + cls.replace(/\\/g, '\\\\') + ']';
				i = end;
			}
		} else re += escapeRe(c);
	}
	return new RegExp((anchorStart ? '^' : '') + re + (anchorEnd ? '$' : ''), 's');
}

function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeGlob(s: string): string {
	return s.replace(/[*?[\]\\]/g, '\\$&');
}

function hasGlob(pattern: string): boolean {
	for (let i = 0; i < pattern.length; i++) {
		if (pattern[i] === '\\') i++;
		else if (pattern[i] === '*' || pattern[i] === '?' || pattern[i] === '[') return true;
	}
	return false;
}

function unescapeGlob(pattern: string): string {
	return pattern.replace(/\\(.)/g, '$1');
}

/** Backslash escapes of `echo -e` and printf's format. `\c` stops output: returns [text, stop]. */
function escapes(s: string, octalNeedsZero: boolean): [string, boolean] {
	let out = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c !== '\\' || i === s.length - 1) {
			out += c;
			continue;
		}
		const n = s[++i];
		switch (n) {
			case 'n': out += '\n'; break;
			case 't': out += '\t'; break;
			case 'r': out += '\r'; break;
			case 'a': out += '\x07'; break;
			case 'b': out += '\b'; break;
			case 'e': out += '\x1b'; break;
			case 'f': out += '\f'; break;
			case 'v': out += '\v'; break;
			case '\\': out += '\\'; break;
			case 'c': return [out, true];
			case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
				if (octalNeedsZero && n !== '0') {
					out += '\\' + n;
					break;
				}
				let digits = n === '0' && octalNeedsZero ? '' : n;
				while (digits.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) digits += s[++i];
				out += String.fromCharCode(parseInt(digits || '0', 8));
				break;
			}
			default: out += '\\' + n;
		}
	}
	return [out, false];
}

type Builtin = (sh: Shell, args: string[]) => Gen<number>;

class Shell {
	readonly vars: Map<string, string>;
	readonly exported: Set<string>;
	readonly funcs: Map<string, Node>;
	positional: string[];
	arg0: string;
	status = 0;
	cwd = '/';
	line = 1;
	flags: Set<string>;
	condDepth = 0;
	substStatus: number | undefined;
	readonly traps: Map<string, string>;
	fds: Target[];
	stdin: Input | null;
	readonly flavor: ShellFlavor;
	readonly userland: Userland;
	readonly io: SharedIo;

	constructor(
		readonly ctx: ProcessContext,
		readonly options: ShellOptions,
		parent?: Shell,
	) {
		this.userland = options.userland ?? parent?.userland ?? 'busybox';
		this.flavor = options.flavor ?? (this.userland === 'gnu' ? 'dash' : 'ash');
		this.arg0 = options.arg0 ?? 'sh';
		this.positional = options.positional ?? [];
		this.flags = new Set(options.flags ?? '');
		this.funcs = new Map();
		this.traps = new Map();
		if (parent) {
			this.io = parent.io;
			this.fds = [...parent.fds];
			this.stdin = parent.stdin;
			this.cwd = parent.cwd;
			this.vars = new Map();
			this.exported = new Set();
			for (const name of parent.exported) {
				const v = parent.vars.get(name);
				if (v !== undefined) {
					this.vars.set(name, v);
					this.exported.add(name);
				}
			}
		} else {
			this.io = {partial: {stdout: '', stderr: ''}, emitted: 0, elapsed: 0, idle: 0, dirs: new Set(), deleted: new Set()};
			this.fds = [{k: 'null'}, {k: 'log', stream: 'stdout'}, {k: 'log', stream: 'stderr'}];
			this.stdin = null;
			this.vars = new Map();
			this.exported = new Set();
			const env: Record<string, string> = {
				PATH: options.path ?? DEFAULT_PATH,
				HOSTNAME: ctx.hostname,
				...options.imageEnv,
				...ctx.env,
			};
			if (!('HOME' in env)) env.HOME = '/root';
			for (const [k, v] of Object.entries(env)) {
				this.vars.set(k, v);
				this.exported.add(k);
			}
		}
		if (options.stdin !== undefined) this.stdin = {data: options.stdin, pos: 0};
		this.vars.set('PWD', this.cwd);
	}

	get files(): Record<string, string> {
		return this.ctx.files;
	}

	now(): number {
		return this.ctx.startedAt + (this.options.offsetMs ?? 0) + this.io.elapsed;
	}

	// ---- output

	emitLine(text: string, stream: 'stdout' | 'stderr'): Step {
		this.io.emitted++;
		return stream === 'stderr' ? {out: text, stream} : {out: text};
	}

	*write(fd: number, text: string): Gen<void> {
		const t = this.fds[fd];
		if (!t || text === '') return;
		switch (t.k) {
			case 'log': {
				const lines = (this.io.partial[t.stream] + text).split('\n');
				this.io.partial[t.stream] = lines.pop() ?? '';
				for (const l of lines) yield this.emitLine(l, t.stream);
				return;
			}
			case 'file':
				this.files[t.path] = (this.files[t.path] ?? '') + text;
				this.io.deleted.delete(t.path);
				return;
			case 'capture':
				t.text += text;
				return;
			case 'null':
				return;
		}
	}

	*out(text: string): Gen<void> {
		yield* this.write(1, text);
	}

	*err(text: string): Gen<void> {
		yield* this.write(2, text);
	}

	/** The shell's own error prefix: `sh: `, `sh: 3: `, `bash: line 3: `. */
	prefix(): string {
		if (this.flavor === 'dash') return `${this.arg0}: ${this.line}: `;
		if (this.flavor === 'bash') return `${this.arg0}: line ${this.line}: `;
		return `${this.arg0}: `;
	}

	*shellError(message: string): Gen<void> {
		yield* this.err(this.prefix() + message + '\n');
	}

	*flush(): Gen<void> {
		for (const stream of ['stdout', 'stderr'] as const) {
			const text = this.io.partial[stream];
			if (text !== '') {
				this.io.partial[stream] = '';
				yield this.emitLine(text, stream);
			}
		}
	}

	*sleep(ms: number): Gen<void> {
		if (!(ms > 0)) return;
		yield* this.flush();
		const d = Math.min(Math.round(ms), SLEEP_FOREVER);
		this.io.elapsed += d;
		this.io.emitted++;
		yield {sleep: d};
	}

	*busyTick(before: number): Gen<void> {
		if (this.io.emitted !== before) {
			this.io.idle = 0;
			return;
		}
		if (++this.io.idle >= BUSY_ITERATIONS) {
			this.io.idle = 0;
			yield* this.sleep(BUSY_SLICE_MS);
		}
	}

	// ---- file system

	resolve(p: string): string {
		return normalizePath(p.startsWith('/') ? p : this.cwd + '/' + p);
	}

	readFile(path: string): string | undefined {
		if (path in this.files) return this.files[path];
		if (this.io.deleted.has(path)) return undefined;
		return this.systemFile(path);
	}

	private systemFile(path: string): string | undefined {
		const root = this.options.rootFiles?.[path];
		if (root !== undefined) return root;
		switch (path) {
			case '/etc/hostname':
				return this.ctx.hostname + '\n';
			case '/etc/hosts':
				return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${this.ctx.podIP}\t${this.ctx.hostname}\n`;
			case '/etc/resolv.conf':
				return `search ${this.ctx.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
			case '/var/run/secrets/kubernetes.io/serviceaccount/namespace':
				return this.ctx.namespace;
			case '/dev/null':
				return '';
		}
		return undefined;
	}

	rootEntries(): string[] {
		return this.options.rootEntries ?? (this.userland === 'gnu' ? DEBIAN_ROOT : BUSYBOX_ROOT);
	}

	isDir(path: string): boolean {
		if (path === '/') return true;
		if (this.io.dirs.has(path)) return true;
		const top = path.split('/')[1];
		if (path === '/' + top && this.rootEntries().includes(top)) return true;
		if (['/usr/bin', '/usr/local', '/usr/local/bin', '/var/log', '/var/run', '/etc/ssl', '/dev/shm'].includes(path)) return true;
		const prefix = path + '/';
		for (const key of Object.keys(this.files)) if (key.startsWith(prefix)) return true;
		for (const key of Object.keys(this.options.rootFiles ?? {})) if (key.startsWith(prefix)) return true;
		for (const dir of this.io.dirs) if (dir.startsWith(prefix)) return true;
		return false;
	}

	listDir(path: string): string[] {
		const names = new Set<string>();
		if (path === '/') for (const e of this.rootEntries()) names.add(e);
		const prefix = path === '/' ? '/' : path + '/';
		const add = (key: string) => {
			if (!key.startsWith(prefix)) return;
			const name = key.slice(prefix.length).split('/')[0];
			if (name) names.add(name);
		};
		for (const key of Object.keys(this.files)) add(key);
		for (const key of Object.keys(this.options.rootFiles ?? {})) if (!this.io.deleted.has(key)) add(key);
		for (const dir of this.io.dirs) add(dir);
		return [...names].sort();
	}

	glob(pattern: string): string[] {
		const abs = pattern.startsWith('/');
		const full = abs ? pattern : (this.cwd === '/' ? '/' : this.cwd + '/') + pattern;
		const re = globRegex(full);
		const depth = full.split('/').length;
		const found = new Set<string>();
		const candidates = [...Object.keys(this.files), ...Object.keys(this.options.rootFiles ?? {}), ...this.io.dirs, ...this.rootEntries().map((e) => '/' + e)];
		for (const key of candidates) {
			// Match the path itself or its ancestor at the pattern's depth.
			const segs = key.split('/');
			if (segs.length < depth) continue;
			const candidate = segs.slice(0, depth).join('/');
			const last = segs[depth - 1] ?? '';
			if (last.startsWith('.') && !basename(full).startsWith('.')) continue;
			if (re.test(candidate)) found.add(candidate);
		}
		const base = this.cwd === '/' ? '/' : this.cwd + '/';
		return [...found].sort().map((p) => (abs ? p : p.slice(base.length)));
	}

	// ---- variables

	getVar(name: string): string | undefined {
		switch (name) {
			case '?':
				return String(this.status);
			case '$':
				return '1';
			case '#':
				return String(this.positional.length);
			case '@':
			case '*':
				return this.positional.join(' ');
			case '0':
				return this.arg0;
			case '!':
				return '';
			case '-':
				return [...this.flags].join('');
			case 'RANDOM':
				if (this.flavor === 'dash') break;
				return String(this.ctx.rng.int(32768));
			case 'SECONDS':
				if (this.flavor === 'dash') break;
				return String(Math.floor(this.io.elapsed / 1000));
			case 'LINENO':
				return String(this.line);
		}
		if (/^[0-9]+$/.test(name)) return this.positional[Number(name) - 1];
		return this.vars.get(name);
	}

	setVar(name: string, value: string): void {
		this.vars.set(name, value);
		if (name === 'PWD') this.cwd = value;
	}

	env(): Record<string, string> {
		const env: Record<string, string> = {};
		for (const name of this.exported) {
			const v = this.vars.get(name);
			if (v !== undefined) env[name] = v;
		}
		return env;
	}

	// ---- expansion

	*expandWord(word: Word, noSplit = false): Gen<string[]> {
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
				this.positional.forEach((p, idx) => {
					if (idx > 0) finish();
					cur += p;
					pat += escapeGlob(p);
					has = true;
				});
				continue;
			}
			const value = yield* this.expandPart(part);
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
				const matches = this.glob(f.pat);
				if (matches.length > 0) {
					out.push(...matches);
					continue;
				}
				out.push(unescapeGlob(f.pat));
			} else out.push(f.text);
		}
		return out;
	}

	*expandString(word: Word): Gen<string> {
		return (yield* this.expandWord(word, true))[0] ?? '';
	}

	*expandPart(part: Exclude<Part, {k: 'lit'}>): Gen<string> {
		switch (part.k) {
			case 'var':
				return yield* this.expandVar(part);
			case 'cmd':
				return yield* this.commandSubstitution(part.src);
			case 'arith': {
				const text = yield* this.expandString(scanWord(part.src, 0, false, this.line).parts);
				try {
					return String(
						evalArith(
							text,
							(n) => this.getVar(n),
							(n, v) => this.setVar(n, String(v)),
						),
					);
				} catch (e) {
					if (e instanceof ArithError) throw new ShellFatal(e.message);
					throw e;
				}
			}
		}
	}

	*expandVar(part: Part & {k: 'var'}): Gen<string> {
		const value = this.getVar(part.name);
		const op = part.op;
		if (op === 'len') return String((value ?? '').length);
		if (!op) {
			if (value === undefined && this.flags.has('u') && !['@', '*'].includes(part.name)) {
				throw new ShellFatal(`${part.name}: parameter not set`);
			}
			return value ?? '';
		}
		const arg = part.arg ?? [];
		const unsetOrEmpty = value === undefined || (op.startsWith(':') && value === '');
		switch (op) {
			case ':-':
			case '-':
				return unsetOrEmpty ? yield* this.expandString(arg) : (value ?? '');
			case ':=':
			case '=': {
				if (!unsetOrEmpty) return value ?? '';
				const v = yield* this.expandString(arg);
				this.setVar(part.name, v);
				return v;
			}
			case ':+':
			case '+':
				return unsetOrEmpty ? '' : yield* this.expandString(arg);
			case ':?':
			case '?': {
				if (!unsetOrEmpty) return value ?? '';
				const msg = yield* this.expandString(arg);
				throw new ShellFatal(`${part.name}: ${msg || 'parameter not set'}`);
			}
			case '#':
			case '##':
			case '%':
			case '%%': {
				const v = value ?? '';
				const pattern = yield* this.expandPattern(arg);
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
	*expandPattern(word: Word): Gen<string> {
		let pat = '';
		for (const part of word) {
			if (part.k === 'lit') pat += part.q ? escapeGlob(part.v) : part.v;
			else {
				const v = yield* this.expandPart(part);
				pat += part.q ? escapeGlob(v) : v;
			}
		}
		return pat;
	}

	*commandSubstitution(src: string): Gen<string> {
		let node: Node;
		try {
			node = parseScript(src);
		} catch (e) {
			if (e instanceof ShellSyntaxError) throw new ShellFatal(syntaxMessage(e, this.flavor));
			throw e;
		}
		const capture: Target = {k: 'capture', text: ''};
		const status = yield* this.subshell(node, capture);
		this.substStatus = status;
		return (capture as {text: string}).text.replace(/\n+$/, '');
	}

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

	// ---- execution

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
				this.condDepth++;
				let st: number;
				try {
					st = yield* this.exec(node.first);
				} finally {
					this.condDepth--;
				}
				for (let k = 0; k < node.rest.length; k++) {
					const {op, node: next} = node.rest[k];
					this.status = st;
					if (op === '&&' ? st !== 0 : st === 0) continue;
					const last = k === node.rest.length - 1;
					if (!last) this.condDepth++;
					try {
						st = yield* this.exec(next);
					} finally {
						if (!last) this.condDepth--;
					}
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
					this.condDepth++;
					let c: number;
					try {
						c = yield* this.exec(b.cond);
					} finally {
						this.condDepth--;
					}
					if (c === 0) return yield* this.exec(b.body);
				}
				return node.otherwise ? yield* this.exec(node.otherwise) : 0;
			}
			case 'group':
				return node.subshell ? yield* this.subshell(node.body) : yield* this.exec(node.body);
			case 'case': {
				const value = yield* this.expandString(node.word);
				for (const arm of node.arms) {
					for (const p of arm.patterns) {
						const pattern = yield* this.expandPattern(p);
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
			this.condDepth++;
			let c: number;
			try {
				c = yield* this.exec(node.cond);
			} finally {
				this.condDepth--;
			}
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
			for (const w of node.items) items.push(...(yield* this.expandWord(w)));
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
				const ok = yield* this.applyRedir(r);
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

	*applyRedir(r: Redir): Gen<boolean> {
		if (r.op === '<<') {
			const text = r.body ? yield* this.expandString(r.body) : '';
			this.stdin = {data: text, pos: 0};
			return true;
		}
		const target = yield* this.expandString(r.target);
		if (r.op === '<<<') {
			this.stdin = {data: target + '\n', pos: 0};
			return true;
		}
		if (r.op === '>&' || r.op === '<&') {
			if (target === '-') {
				this.fds[r.fd] = {k: 'null'};
				return true;
			}
			if (/^\d$/.test(target)) {
				const src = this.fds[Number(target)];
				if (!src) {
					yield* this.shellError(`${target}: Bad file descriptor`);
					return false;
				}
				if (r.fd === 0) return true;
				this.fds[r.fd] = src;
				return true;
			}
			// `>& file` is `&> file` in bash.
		}
		const path = this.resolve(target);
		if (r.op === '<' || r.op === '<>') {
			const data = this.readFile(path);
			if (data === undefined) {
				yield* this.shellError(this.flavor === 'ash' ? `can't open '${target}': No such file or directory` : this.flavor === 'dash' ? `cannot open ${target}: No such file` : `${target}: No such file or directory`);
				return false;
			}
			this.stdin = {data, pos: 0};
			return true;
		}
		let t: Target;
		if (path === '/dev/null') t = {k: 'null'};
		else if (path === '/dev/stdout' || path === '/proc/self/fd/1' || path === '/proc/1/fd/1') t = this.fds[1] ?? {k: 'log', stream: 'stdout'};
		else if (path === '/dev/stderr' || path === '/proc/self/fd/2' || path === '/proc/1/fd/2') t = this.fds[2] ?? {k: 'log', stream: 'stderr'};
		else {
			if (this.isDir(path)) {
				yield* this.shellError(this.flavor === 'ash' ? `can't create ${target}: Is a directory` : this.flavor === 'dash' ? `cannot create ${target}: Is a directory` : `${target}: Is a directory`);
				return false;
			}
			if (r.op === '>' || r.op === '>&' || !(path in this.files)) this.files[path] = r.op === '>>' ? (this.readFile(path) ?? '') : '';
			this.io.deleted.delete(path);
			t = {k: 'file', path};
		}
		if (r.fd === -1 || (r.op === '>&' && !/^\d$/.test(target))) {
			this.fds[1] = t;
			this.fds[2] = t;
		} else this.fds[r.fd] = t;
		return true;
	}

	*simple(node: Node & {k: 'simple'}): Gen<number> {
		this.line = node.line;
		this.substStatus = undefined;
		const fields: string[] = [];
		for (const w of node.words) fields.push(...(yield* this.expandWord(w)));
		const assigns: Array<[string, string]> = [];
		for (const a of node.assigns) assigns.push([a.name, yield* this.expandString(a.value)]);
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
			const saved = assigns.map(([name]) => [name, this.vars.get(name), this.exported.has(name)] as const);
			for (const [name, value] of assigns) {
				this.vars.set(name, value);
				this.exported.add(name);
			}
			try {
				st = yield* this.withRedirs(node.redirs, () => this.run(fields), permanent);
			} finally {
				for (const [name, value, wasExported] of saved) {
					if (value === undefined) this.vars.delete(name);
					else this.vars.set(name, value);
					if (!wasExported) this.exported.delete(name);
				}
			}
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
		const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
		if (builtin) return yield* builtin(this, args);
		const base = basename(name);
		const shells = this.options.shells ?? (this.userland === 'gnu' ? {sh: 'dash', dash: 'dash', bash: 'bash'} : {sh: 'ash', ash: 'ash'});
		if (Object.hasOwn(shells, base) && (!name.includes('/') || /^\/(usr\/)?bin\//.test(name))) {
			return yield* this.nestedShell(name, shells[base], args);
		}
		if (isUtility(base) && (!name.includes('/') || /^\/(usr\/)?(s?bin)\//.test(name))) {
			return yield* UTILITIES[base](this, args);
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
		const shells = this.options.shells ?? (this.userland === 'gnu' ? {sh: 'dash', dash: 'dash', bash: 'bash'} : {sh: 'ash', ash: 'ash'});
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

	// ---- input

	readLine(): string | undefined {
		const input = this.stdin;
		if (!input || input.pos >= input.data.length) return undefined;
		let end = input.data.indexOf('\n', input.pos);
		if (end < 0) end = input.data.length;
		const line = input.data.slice(input.pos, end);
		input.pos = end + 1;
		return line;
	}

	readAll(): string {
		const input = this.stdin;
		if (!input) return '';
		const text = input.data.slice(input.pos);
		input.pos = input.data.length;
		return text;
	}
}

function xtraceQuote(s: string): string {
	return /^[A-Za-z0-9_.,:/=+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function syntaxMessage(e: ShellSyntaxError, flavor: ShellFlavor, arg0 = 'sh'): string {
	const tok = e.token;
	if (flavor === 'dash') {
		if (e.detail === 'unterminated quoted string') return `${arg0}: ${e.line}: Syntax error: Unterminated quoted string`;
		if (e.detail === 'bad substitution' || e.detail === 'missing }') return `${arg0}: ${e.line}: Syntax error: Bad substitution`;
		if (tok === undefined) return `${arg0}: ${e.line}: Syntax error: end of file unexpected${e.expecting ? ` (expecting ${e.expecting})` : ''}`;
		return `${arg0}: ${e.line}: Syntax error: "${tok}" unexpected${e.expecting ? ` (expecting ${e.expecting})` : ''}`;
	}
	if (flavor === 'bash') {
		if (e.detail === 'bad substitution' || e.detail === 'missing }') return `${arg0}: line ${e.line}: bad substitution`;
		if (tok === undefined) return `${arg0}: -c: line ${e.line}: syntax error: unexpected end of file`;
		return `${arg0}: -c: line ${e.line}: syntax error near unexpected token \`${tok}'`;
	}
	if (e.detail === 'unterminated quoted string') return `${arg0}: syntax error: unterminated quoted string`;
	if (e.detail === 'bad substitution' || e.detail === 'missing }') return `${arg0}: syntax error: bad substitution`;
	if (tok === undefined) return `${arg0}: syntax error: unexpected end of file${e.expecting ? ` (expecting ${e.expecting})` : ''}`;
	return `${arg0}: syntax error: unexpected "${tok}"`;
}

/** Splits `sh` arguments: `-c script [name [args...]]`, `-ex`, `file args`. */
export function parseShellArgs(args: string[]): {flags: string; script?: string; name?: string; positional: string[]; file?: string} {
	let flags = '';
	let command = false;
	let i = 0;
	for (; i < args.length; i++) {
		const a = args[i];
		if (a === '--' || a === '-') {
			i++;
			break;
		}
		if (a === '-o' || a === '+o') {
			const opt = args[++i];
			if (opt === 'errexit') flags += 'e';
			else if (opt === 'nounset') flags += 'u';
			else if (opt === 'xtrace') flags += 'x';
			continue;
		}
		if (!/^[-+][A-Za-z]+$/.test(a)) break;
		if (a[0] === '+') continue;
		for (const c of a.slice(1)) {
			if (c === 'c') command = true;
			else flags += c;
		}
	}
	if (command) {
		const script = args[i] ?? '';
		return {flags, script, name: args[i + 1], positional: args.slice(i + 2)};
	}
	if (i < args.length) return {flags, file: args[i], positional: args.slice(i + 1)};
	return {flags, positional: []};
}

// ---------------------------------------------------------------------------------------------
// Builtins: things that change the shell itself.

function* noop(): Gen<number> {
	return 0;
}

const BUILTINS: Record<string, Builtin> = {
	':': noop,
	true: noop,
	*false() {
		return 1;
	},
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
				yield* sh.out((name.includes('/') ? name : (sh.userland === 'gnu' ? '/usr/bin/' : '/bin/') + name) + '\n');
				return 0;
			}
			return 1;
		}
		return yield* sh.run(args);
	},
};
BUILTINS.source = BUILTINS['.'];
BUILTINS.typeset = BUILTINS.local;

// ---------------------------------------------------------------------------------------------
// Utilities: programs in /bin of busybox or coreutils.

function parseDuration(s: string): number | undefined {
	if (/^inf(inity)?$/i.test(s)) return Infinity;
	const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(s);
	if (!m) return undefined;
	const mult = {'': 1, s: 1, m: 60, h: 3600, d: 86400}[m[2]] ?? 1;
	return Number(m[1]) * mult * 1000;
}

function printfFormat(format: string, args: string[]): {text: string; used: number; stop: boolean} {
	let out = '';
	let used = 0;
	const take = () => (used < args.length ? args[used++] : undefined);
	for (let i = 0; i < format.length; i++) {
		const c = format[i];
		if (c === '\\') {
			const m = /^\\([0-7]{1,3}|.)/s.exec(format.slice(i));
			if (!m) {
				out += c;
				continue;
			}
			i += m[0].length - 1;
			if (/^[0-7]+$/.test(m[1])) out += String.fromCharCode(parseInt(m[1], 8));
			else if (m[1] === 'c') return {text: out, used, stop: true};
			else out += escapes('\\' + m[1], false)[0];
			continue;
		}
		if (c !== '%') {
			out += c;
			continue;
		}
		const m = /^%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([diouxXfeEgGcsb%])/.exec(format.slice(i));
		if (!m) {
			out += c;
			continue;
		}
		i += m[0].length - 1;
		const [, flags, widthSpec, precSpec, conv] = m;
		if (conv === '%') {
			out += '%';
			continue;
		}
		const width = widthSpec === '*' ? Number(take() ?? 0) : widthSpec ? Number(widthSpec) : 0;
		const prec = precSpec === '*' ? Number(take() ?? 0) : precSpec !== undefined ? Number(precSpec) : undefined;
		const arg = take();
		let s: string;
		switch (conv) {
			case 'd':
			case 'i':
			case 'u': {
				const n = arg === undefined || arg === '' ? 0 : /^['"]/.test(arg) ? arg.charCodeAt(1) || 0 : Math.trunc(Number(arg)) || 0;
				s = String(Math.abs(n));
				if (prec !== undefined) s = s.padStart(prec, '0');
				s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
				break;
			}
			case 'o':
				s = (Math.trunc(Number(arg ?? 0)) || 0).toString(8);
				break;
			case 'x':
			case 'X': {
				s = (Math.trunc(Number(arg ?? 0)) || 0).toString(16);
				if (conv === 'X') s = s.toUpperCase();
				break;
			}
			case 'f':
			case 'e':
			case 'E':
			case 'g':
			case 'G': {
				const n = Number(arg ?? 0) || 0;
				s = conv === 'f' ? n.toFixed(prec ?? 6) : conv === 'g' || conv === 'G' ? String(Number(n.toPrecision(prec || 6))) : n.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
				if (conv === 'E' || conv === 'G') s = s.toUpperCase();
				if (flags.includes('+') && n >= 0) s = '+' + s;
				break;
			}
			case 'c':
				s = (arg ?? '').slice(0, 1);
				break;
			case 'b': {
				const [text, stop] = escapes(arg ?? '', true);
				s = text;
				if (stop) return {text: out + s, used, stop: true};
				break;
			}
			default:
				s = arg ?? '';
				if (prec !== undefined) s = s.slice(0, prec);
		}
		if (s.length < width) {
			if (flags.includes('-')) s = s.padEnd(width);
			else if (flags.includes('0') && /[diouxXfeEgG]/.test(conv)) {
				const sign = /^[-+ ]/.test(s) ? s[0] : '';
				s = sign + s.slice(sign.length).padStart(width - sign.length, '0');
			} else s = s.padStart(width);
		}
		out += s;
	}
	return {text: out, used, stop: false};
}

/** Reads the named files (or stdin for none or `-`); reports missing ones. */
function* readInputs(sh: Shell, tool: string, files: string[]): Gen<{texts: Array<{name: string; text: string}>; failed: boolean}> {
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

function splitOptions(args: string[], withValue: string[] = []): {opts: Map<string, string>; rest: string[]} {
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

const UTILITIES: Record<string, Builtin> = {
	*echo(sh, args) {
		let newline = true;
		let interpret = sh.flavor === 'dash';
		let i = 0;
		for (; i < args.length; i++) {
			const a = args[i];
			if (sh.flavor === 'dash') {
				if (a === '-n') {
					newline = false;
					continue;
				}
				break;
			}
			if (!/^-[neE]+$/.test(a)) break;
			for (const c of a.slice(1)) {
				if (c === 'n') newline = false;
				else if (c === 'e') interpret = true;
				else interpret = false;
			}
		}
		let text = args.slice(i).join(' ');
		if (interpret) {
			const [t, stop] = escapes(text, true);
			text = t;
			if (stop) newline = false;
		}
		yield* sh.out(newline ? text + '\n' : text);
		return 0;
	},
	*printf(sh, args) {
		if (args.length === 0) {
			yield* sh.err('printf: usage: printf format [arguments]\n');
			return 2;
		}
		const [format, ...rest] = args;
		let remaining = rest;
		let out = '';
		for (;;) {
			const {text, used, stop} = printfFormat(format, remaining);
			out += text;
			remaining = remaining.slice(used);
			if (stop || used === 0 || remaining.length === 0) break;
		}
		yield* sh.out(out);
		return 0;
	},
	*sleep(sh, args) {
		if (args.length === 0) {
			yield* sh.err(sh.userland === 'gnu' ? `sleep: missing operand\nTry 'sleep --help' for more information.\n` : `sleep: missing operand\n`);
			return 1;
		}
		let total = 0;
		for (const a of args) {
			const ms = parseDuration(a);
			if (ms === undefined) {
				yield* sh.err(sh.userland === 'gnu' ? `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n` : `sleep: invalid number '${a}'\n`);
				return 1;
			}
			total += ms;
		}
		if (!Number.isFinite(total)) {
			// Forever, one huge step at a time.
			for (;;) yield* sh.sleep(SLEEP_FOREVER);
		}
		yield* sh.sleep(total);
		return 0;
	},
	*date(sh, args) {
		const now = sh.now();
		let text = unixDate(now);
		for (let i = 0; i < args.length; i++) {
			const a = args[i];
			if (a.startsWith('+')) text = strftime(a.slice(1), now);
			else if (a === '-I' || a === '-Idate' || a === '--iso-8601') text = strftime('%F', now);
			else if (/^-I(seconds|s)$/.test(a) || a === '--iso-8601=seconds') text = strftime('%FT%T+00:00', now);
			else if (a === '-R' || a === '--rfc-2822') text = strftime('%a, %d %b %Y %T +0000', now);
			else if (a === '-d' || a === '-D' || a === '-r') i++;
			else if (a === '-u' || a === '--utc') continue;
		}
		yield* sh.out(text + '\n');
		return 0;
	},
	*hostname(sh, args) {
		yield* sh.out((args[0] === '-i' || args[0] === '-I' ? sh.ctx.podIP : sh.ctx.hostname) + '\n');
		return 0;
	},
	*env(sh, args) {
		let i = 0;
		const extra: Record<string, string> = {};
		for (; i < args.length; i++) {
			const eq = args[i].indexOf('=');
			if (args[i] === '-i' || args[i] === '-') continue;
			if (eq > 0 && NAME.test(args[i].slice(0, eq))) extra[args[i].slice(0, eq)] = args[i].slice(eq + 1);
			else break;
		}
		if (i < args.length) {
			const saved = Object.keys(extra).map((k) => [k, sh.vars.get(k), sh.exported.has(k)] as const);
			for (const [k, v] of Object.entries(extra)) {
				sh.vars.set(k, v);
				sh.exported.add(k);
			}
			try {
				return yield* sh.run(args.slice(i));
			} finally {
				for (const [k, v, e] of saved) {
					if (v === undefined) sh.vars.delete(k);
					else sh.vars.set(k, v);
					if (!e) sh.exported.delete(k);
				}
			}
		}
		for (const [k, v] of Object.entries({...sh.env(), ...extra})) yield* sh.out(`${k}=${v}\n`);
		return 0;
	},
	*printenv(sh, args) {
		const env = sh.env();
		if (args.length === 0) {
			for (const [k, v] of Object.entries(env)) yield* sh.out(`${k}=${v}\n`);
			return 0;
		}
		let st = 0;
		for (const a of args) {
			if (a in env) yield* sh.out(env[a] + '\n');
			else st = 1;
		}
		return st;
	},
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
	*seq(sh, args) {
		const {opts, rest} = splitOptions(args, ['s']);
		const nums = rest.map(Number);
		if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) {
			yield* sh.err(`seq: invalid argument\n`);
			return 1;
		}
		const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : [nums[0], nums[1], nums[2]];
		if (step === 0) return 1;
		const sep = opts.get('s') ?? '\n';
		const out: string[] = [];
		for (let n = first, count = 0; step > 0 ? n <= last : n >= last; n += step, count++) {
			if (count >= 1_000_000) break;
			out.push(String(Math.round(n * 1e9) / 1e9));
		}
		if (out.length) yield* sh.out(out.join(sep) + '\n');
		return 0;
	},
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
	*wc(sh, args) {
		const {opts, rest} = splitOptions(args);
		const {texts, failed} = yield* readInputs(sh, 'wc', rest);
		const which = ['l', 'w', 'c'].filter((o) => opts.has(o) || (o === 'c' && opts.has('m')));
		const show = which.length ? which : ['l', 'w', 'c'];
		for (const t of texts) {
			const counts: Record<string, number> = {
				l: (t.text.match(/\n/g) ?? []).length,
				w: t.text.split(/\s+/).filter(Boolean).length,
				c: Buffer.byteLength(t.text),
			};
			const nums = show.map((o) => counts[o]);
			const single = nums.length === 1 && t.name === '-';
			const cols = single ? String(nums[0]) : nums.map((n) => String(n).padStart(7)).join(' ');
			yield* sh.out(cols + (t.name === '-' ? '' : ` ${t.name}`) + '\n');
		}
		return failed ? 1 : 0;
	},
	*head(sh, args) {
		const {opts, rest} = splitOptions(args, ['n', 'c']);
		const n = Number(opts.get('n') ?? 10);
		const {texts, failed} = yield* readInputs(sh, 'head', rest);
		for (const t of texts) {
			const lines = t.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			const sel = lines.slice(0, n);
			if (sel.length) yield* sh.out(sel.join('\n') + '\n');
		}
		return failed ? 1 : 0;
	},
	*tail(sh, args) {
		const {opts, rest} = splitOptions(args, ['n', 'c']);
		const spec = opts.get('n') ?? '10';
		const {texts, failed} = yield* readInputs(sh, 'tail', rest.filter((r) => !r.startsWith('+')));
		for (const t of texts) {
			const lines = t.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			const sel = spec.startsWith('+') ? lines.slice(Number(spec.slice(1)) - 1) : lines.slice(Math.max(0, lines.length - Number(spec)));
			if (sel.length) yield* sh.out(sel.join('\n') + '\n');
		}
		return failed ? 1 : 0;
	},
	*grep(sh, args) {
		const {opts, rest} = splitOptions(args, ['e']);
		let pattern = opts.get('e');
		if (pattern === undefined) pattern = rest.shift();
		if (pattern === undefined) {
			yield* sh.err('Usage: grep [OPTIONS] PATTERN [FILE]...\n');
			return 2;
		}
		let re: RegExp;
		const flags = opts.has('i') ? 'i' : '';
		try {
			re = opts.has('F') ? new RegExp(escapeRe(pattern), flags) : new RegExp(opts.has('E') ? pattern : pattern.replace(/\\([(){}|+?])/g, '$1'), flags);
		} catch {
			re = new RegExp(escapeRe(pattern), flags);
		}
		const {texts, failed} = yield* readInputs(sh, 'grep', rest);
		let matched = 0;
		for (const t of texts) {
			const lines = t.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			let count = 0;
			for (let idx = 0; idx < lines.length; idx++) {
				const hit = re.test(lines[idx]) !== opts.has('v');
				if (!hit) continue;
				count++;
				matched++;
				if (opts.has('q')) return 0;
				if (!opts.has('c') && !opts.has('l')) {
					const prefix = (texts.length > 1 ? `${t.name}:` : '') + (opts.has('n') ? `${idx + 1}:` : '');
					yield* sh.out(prefix + lines[idx] + '\n');
				}
			}
			if (opts.has('c')) yield* sh.out((texts.length > 1 ? `${t.name}:` : '') + count + '\n');
			if (opts.has('l') && count > 0) yield* sh.out(t.name + '\n');
		}
		if (failed) return 2;
		return matched > 0 ? 0 : 1;
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
	*uname(sh, args) {
		const {opts} = splitOptions(args);
		const kernel = '6.8.0-52-generic';
		if (opts.has('a')) yield* sh.out(`Linux ${sh.ctx.hostname} ${kernel} #53-Ubuntu SMP PREEMPT_DYNAMIC Sat Jan 11 00:06:25 UTC 2025 x86_64${sh.userland === 'gnu' ? ' GNU/Linux' : ' Linux'}\n`);
		else if (opts.has('r')) yield* sh.out(kernel + '\n');
		else if (opts.has('m')) yield* sh.out('x86_64\n');
		else if (opts.has('n')) yield* sh.out(sh.ctx.hostname + '\n');
		else yield* sh.out('Linux\n');
		return 0;
	},
	*whoami(sh) {
		yield* sh.out('root\n');
		return 0;
	},
	*id(sh) {
		yield* sh.out(sh.userland === 'gnu' ? 'uid=0(root) gid=0(root) groups=0(root)\n' : 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
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
	kill: noop,
	*nproc(sh) {
		yield* sh.out('2\n');
		return 0;
	},
	*which(sh, args) {
		let st = 0;
		for (const a of args) {
			if (isUtility(a)) yield* sh.out((sh.userland === 'gnu' ? '/usr/bin/' : '/bin/') + a + '\n');
			else st = 1;
		}
		return st;
	},
	*sync() {
		return 0;
	},
};
UTILITIES.true = noop;
UTILITIES.false = BUILTINS.false;

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

/** Whether `name` is a program this simulated userland has in /bin. */
export function isUtility(name: string): boolean {
	return Object.hasOwn(UTILITIES, name);
}

// ---------------------------------------------------------------------------------------------
// Public API

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
