// Parser: tokens into the syntax tree, with a cache so a loop's `sh -c` body is parsed once.
import {NAME, ShellSyntaxError, type CondItem, type Node, type Redir, type Word} from './ast.js';
import {tokenize, type Token} from './lexer.js';
import type {ShellFlavor} from './options.js';

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
				case '[[':
					node = this.condCommand();
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

	/** `[[ expression ]]`: everything up to the word `]]`, operators kept as they come. */
	private condCommand(): Node {
		const line = this.next().line;
		const items: CondItem[] = [];
		for (;;) {
			const tok = this.next();
			if (tok.t === 'word' && tok.raw === ']]') break;
			if (tok.t === 'word') items.push(tok.raw === '!' ? {op: '!'} : {word: tok.parts, raw: tok.raw});
			else if (tok.t === 'op' && (tok.v === '&&' || tok.v === '||' || tok.v === '(' || tok.v === ')')) items.push({op: tok.v});
			else if (tok.t === 'redir' && (tok.op === '<' || tok.op === '>')) items.push({word: [{k: 'lit', v: tok.op, q: true}], raw: tok.op});
			else this.fail(tok, tok.t === 'eof' ? '"]]"' : undefined);
		}
		return {k: 'cond', items, line};
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

/** How each dialect reports a syntax error. */
export function syntaxMessage(e: ShellSyntaxError, flavor: ShellFlavor, arg0 = 'sh'): string {
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
