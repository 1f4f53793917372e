// Glob patterns (`*`, `?`, `[...]`) and the paths they match.

/** The last component of a path: `/a/b/` -> `b`, `/` -> `/`. */
export function basename(p: string): string {
	const s = p.replace(/\/+$/, '');
	const i = s.lastIndexOf('/');
	return i < 0 ? s : s.slice(i + 1) || '/';
}

export function normalizePath(p: string): string {
	const out: string[] = [];
	for (const seg of p.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') out.pop();
		else out.push(seg);
	}
	return '/' + out.join('/');
}

/** A glob pattern (`*`, `?`, `[...]`; backslash escapes) as an anchored regular expression. */
export function globRegex(pattern: string, anchorEnd = true, anchorStart = true, greedy = true): RegExp {
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

export function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function escapeGlob(s: string): string {
	return s.replace(/[*?[\]\\]/g, '\\$&');
}

export function hasGlob(pattern: string): boolean {
	for (let i = 0; i < pattern.length; i++) {
		if (pattern[i] === '\\') i++;
		else if (pattern[i] === '*' || pattern[i] === '?' || pattern[i] === '[') return true;
	}
	return false;
}

export function unescapeGlob(pattern: string): string {
	return pattern.replace(/\\(.)/g, '$1');
}
