// The command line of `sh` itself.

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
