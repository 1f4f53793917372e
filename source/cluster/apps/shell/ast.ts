// The syntax tree of a parsed script, and the error the lexer and parser throw.

export type Part =
	| {k: 'lit'; v: string; q: boolean}
	| {k: 'var'; name: string; op?: string; arg?: Part[]; q: boolean}
	| {k: 'cmd'; src: string; q: boolean}
	| {k: 'arith'; src: string; q: boolean};

export type Word = Part[];

export interface Redir {
	fd: number;
	op: string;
	target: Word;
	/** Here-document body. */
	body?: Word;
}

export type Node =
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
	| {k: 'redir'; body: Node; redirs: Redir[]}
	/** bash's `[[ ... ]]`: its words (not split, not globbed) and its `&&`, `||`, `(`, `)`, `!`. */
	| {k: 'cond'; items: CondItem[]; line: number};

export type CondItem = {op: '&&' | '||' | '(' | ')' | '!'} | {word: Word; raw: string};

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

/** A variable name: `PATH`, `_x1`. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
