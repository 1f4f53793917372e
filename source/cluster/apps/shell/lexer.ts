// Lexer: a script's text as words (with their quotes, escapes and `$` expansions kept apart),
// operators, redirections with their here-document bodies, and newlines.
import {ShellSyntaxError, type Part, type Word} from './ast.js';

export type Token =
	| {t: 'word'; parts: Word; raw: string; line: number}
	| {t: 'op'; v: string; line: number}
	| {t: 'redir'; fd: number; op: string; line: number; body?: Word; strip?: boolean}
	| {t: 'nl'; line: number}
	| {t: 'eof'; line: number};

const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

/**
 * Index of the `close` matching an `open` that ends just before `i`, skipping backslash escapes,
 * single quotes and, when `doubleQuotes`, double quotes; -1 if none.
 */
function matchClosing(src: string, i: number, open: string, close: string, doubleQuotes: boolean): number {
	let depth = 0;
	for (let j = i; j < src.length; j++) {
		const c = src[j];
		if (c === '\\') j++;
		else if (c === "'") {
			const end = src.indexOf("'", j + 1);
			if (end < 0) return -1;
			j = end;
		} else if (c === '"' && doubleQuotes) {
			j++;
			while (j < src.length && src[j] !== '"') {
				if (src[j] === '\\') j++;
				j++;
			}
		} else if (c === open) depth++;
		else if (c === close) {
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
export function scanWord(src: string, i: number, stopAtMeta: boolean, line: number): {parts: Part[]; end: number} {
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
		const end = matchClosing(src, i + 2, '(', ')', true);
		if (end < 0) throw new ShellSyntaxError(undefined, line, '")"');
		parts.push({k: 'cmd', src: src.slice(i + 2, end), q});
		return end + 1;
	}
	if (next === '{') {
		// Double quotes are not skipped here: `${x:-"}"}` ends at the first `}`.
		const end = matchClosing(src, i + 2, '{', '}', false);
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

export function tokenize(src: string): Token[] {
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
