// A tiny reader for expressions in scripts: string literals, template and f-strings, numbers,
// environment lookups and simple variables, in JavaScript, Python or Perl spelling.

export type Lang = 'js' | 'py' | 'pl';

export interface Scope {
	vars: Map<string, string>;
	env: Record<string, string>;
	lang: Lang;
}

/** Index of the quote closing the one at `j` (backslash escapes skipped), or the end of `src`. */
function quoteEnd(src: string, j: number): number {
	const quote = src[j];
	for (j++; j < src.length && src[j] !== quote; j++) if (src[j] === '\\') j++;
	return j;
}

/** Index of the bracket closing the one opened just before `i`; quotes skipped. -1 if none. */
export function closeBracket(src: string, i: number, open = '(', close = ')'): number {
	let depth = 0;
	for (let j = i; j < src.length; j++) {
		const c = src[j];
		if (c === '"' || c === "'" || c === '`') j = quoteEnd(src, j);
		else if (c === open) depth++;
		else if (c === close) {
			if (depth === 0) return j;
			depth--;
		}
	}
	return -1;
}

/** Splits at top-level occurrences of `sep` (outside quotes and brackets). */
export function splitTop(src: string, sep: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let j = 0; j < src.length; j++) {
		const c = src[j];
		if (c === '"' || c === "'" || c === '`') j = quoteEnd(src, j);
		else if ('([{'.includes(c)) depth++;
		else if (')]}'.includes(c)) depth--;
		else if (depth === 0 && src.startsWith(sep, j)) {
			parts.push(src.slice(start, j));
			start = j + sep.length;
			j += sep.length - 1;
		}
	}
	parts.push(src.slice(start));
	return parts;
}

function unescapeLiteral(s: string): string {
	return s.replace(/\\(.)/g, (_, c: string) => ({n: '\n', t: '\t', r: '\r', '0': '\0'})[c] ?? c);
}

/** A template literal or f-string body with each hole (`holes` captures its expression) evaluated; undefined when one cannot be. */
function interpolate(body: string, holes: RegExp, scope: Scope): string | undefined {
	let ok = true;
	const text = body.replace(holes, (_, x: string) => {
		const v = evaluate(x, scope);
		if (v === undefined) ok = false;
		return v ?? '';
	});
	return ok ? unescapeLiteral(text) : undefined;
}

/** The value of a simple expression, or undefined when it is beyond this reader. */
export function evaluate(src: string, scope: Scope): string | undefined {
	const e = src.trim();
	if (e === '') return undefined;
	const ors = splitTop(e, scope.lang === 'py' ? ' or ' : '||');
	if (ors.length > 1) {
		let last: string | undefined;
		for (const o of ors) {
			last = evaluate(o, scope);
			if (last) return last;
		}
		return last;
	}
	const pieces = splitTop(e, scope.lang === 'pl' ? '.' : '+').map((p) => p.trim());
	if (pieces.length > 1 && pieces.every((p) => p !== '')) {
		const values = pieces.map((p) => evaluate(p, scope));
		if (values.some((v) => v === undefined)) return undefined;
		const numeric = scope.lang !== 'pl' && pieces.every((p) => !/^['"`f]/.test(p)) && values.every((v) => /^-?\d+(\.\d+)?$/.test(v ?? ''));
		return numeric ? String(values.reduce((a, v) => a + Number(v), 0)) : values.join('');
	}
	let m: RegExpExecArray | null;
	if ((m = /^(['"])((?:[^\\]|\\.)*)\1$/s.exec(e))) {
		const body = m[2];
		if (scope.lang === 'pl' && m[1] === '"') return unescapeLiteral(interpolatePerl(body, scope));
		if (scope.lang === 'pl') return body.replace(/\\(['\\])/g, '$1');
		return unescapeLiteral(body);
	}
	if (scope.lang === 'js' && (m = /^`([^`]*)`$/s.exec(e))) return interpolate(m[1], /\$\{([^}]*)\}/g, scope);
	if (scope.lang === 'py' && (m = /^f(['"])((?:[^\\]|\\.)*)\1$/s.exec(e))) return interpolate(m[2], /\{([^}:!]*)(?:[:!][^}]*)?\}/g, scope);
	if (/^-?\d+(\.\d+)?$/.test(e)) return e;
	if (scope.lang === 'py' && (e === 'True' || e === 'False' || e === 'None')) return e;
	if (scope.lang === 'js' && (e === 'true' || e === 'false')) return e;
	if ((m = /^process\.env(?:\.(\w+)|\[\s*['"](\w+)['"]\s*\])$/.exec(e))) return scope.env[m[1] ?? m[2]];
	if ((m = /^os\.(?:environ\.get|getenv)\(\s*['"](\w+)['"]\s*(?:,\s*(.+))?\)$/s.exec(e))) return scope.env[m[1]] ?? (m[2] !== undefined ? evaluate(m[2], scope) : undefined);
	if ((m = /^os\.environ\[\s*['"](\w+)['"]\s*\]$/.exec(e))) return scope.env[m[1]];
	if ((m = /^\$ENV\{\s*['"]?(\w+)['"]?\s*\}$/.exec(e))) return scope.env[m[1]];
	if ((m = /^(?:str|int|float|Number|String|parseInt|parseFloat)\((.*)\)$/s.exec(e))) return evaluate(m[1], scope);
	if ((m = /^\((.*)\)$/s.exec(e))) return evaluate(m[1], scope);
	if ((m = /^\$?([A-Za-z_]\w*)$/.exec(e))) return scope.vars.get(m[1]);
	return undefined;
}

function interpolatePerl(body: string, scope: Scope): string {
	return body.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_whole, name: string) => scope.vars.get(name) ?? '');
}
