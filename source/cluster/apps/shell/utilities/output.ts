// Output utilities: echo and printf, with the backslash escapes and formats they share.
import type {Builtin} from '../interpreter.js';

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

export const OUTPUT_UTILITIES: Record<string, Builtin> = {
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
};
