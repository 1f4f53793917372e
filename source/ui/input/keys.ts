// Terminal input as keys. A terminal sends bytes: printable text, control characters, escape
// sequences for arrows and function keys, reports nobody asked the dashboard to read (cursor
// position, mouse, focus, colour answers) and, in bracketed-paste mode, pasted text between
// ESC[200~ and ESC[201~. One read may hold many keys (three backspaces, `deploy` and Enter) and
// a sequence may be split over two reads. The reader turns any byte sequence into a list of
// keys it knows and drops what it does not: it never throws. A read of a lone ESC is the escape
// key; an ESC that ends a longer read waits for the next one, or for `flush`.

/** One key: its name as the keymap spells it (`j`, `J`, `enter`, `ctrl-d`, `alt-x`, `shift-tab`, `f5`), or pasted text. */
export type KeyEvent = {name: string; text: string} | {name: 'paste'; text: string};

const ESC = '\x1b';
/** Pasted text kept at most: more than a megabyte of paste is cut rather than held. */
export const PASTE_LIMIT = 1 << 20;
/** A sequence longer than this without its final byte is not one: drop it. */
const SEQUENCE_LIMIT = 64;

const CSI_LETTERS: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', E: 'clear', P: 'f1', Q: 'f2', R: 'f3', S: 'f4', Z: 'shift-tab'};
const SS3_LETTERS: Record<string, string> = {...CSI_LETTERS, M: 'enter'};
delete (SS3_LETTERS as Record<string, string | undefined>)['Z'];
const TILDE: Record<number, string> = {
	1: 'home',
	2: 'insert',
	3: 'delete',
	4: 'end',
	5: 'pgup',
	6: 'pgdn',
	7: 'home',
	8: 'end',
	11: 'f1',
	12: 'f2',
	13: 'f3',
	14: 'f4',
	15: 'f5',
	17: 'f6',
	18: 'f7',
	19: 'f8',
	20: 'f9',
	21: 'f10',
	23: 'f11',
	24: 'f12',
};

/** The name of a control character (0x00-0x1f, 0x7f). */
function controlName(code: number): string {
	if (code === 0x0d || code === 0x0a) return 'enter';
	if (code === 0x09) return 'tab';
	if (code === 0x7f || code === 0x08) return 'backspace';
	if (code === 0x1b) return 'esc';
	if (code === 0x00) return 'ctrl-space';
	if (code <= 0x1a) return `ctrl-${String.fromCharCode(code + 0x60)}`;
	return `ctrl-${'\\]^_'[code - 0x1c]}`;
}

/** The modifier prefix of an xterm modifier parameter (2 shift, 3 alt, 5 ctrl...). */
function modifiers(param: number | undefined): string {
	if (!param || param < 2) return '';
	const m = param - 1;
	return `${m & 4 ? 'ctrl-' : ''}${m & 2 ? 'alt-' : ''}${m & 1 ? 'shift-' : ''}`;
}

function keyOf(name: string, text = ''): KeyEvent {
	return {name, text};
}

/** The key a single character is: printable text, or a control key. */
function charKey(ch: string): KeyEvent {
	const code = ch.codePointAt(0)!;
	if (code < 0x20 || code === 0x7f) return keyOf(controlName(code));
	if (code >= 0x80 && code < 0xa0) return keyOf(''); // C1 controls: nothing
	if (ch === ' ') return keyOf('space', ' ');
	return keyOf(ch, ch);
}

type Parsed = {key?: KeyEvent; end: number; paste?: boolean} | 'pending';

/** An escape sequence at `i` (input[i] is ESC): the key it stands for, if any, and where it ends. */
function parseEscape(input: string, i: number): Parsed {
	const next = input[i + 1];
	if (next === undefined) return 'pending';
	if (next === '[') return parseCsi(input, i);
	if (next === 'O') {
		const final = input[i + 2];
		if (final === undefined) return 'pending';
		const name = SS3_LETTERS[final];
		return {key: name ? keyOf(name) : undefined, end: i + 3};
	}
	if (next === ']' || next === 'P' || next === '_' || next === '^' || next === 'X') {
		// OSC, DCS, APC, PM, SOS strings: up to BEL or ESC \; answers to queries, never keys
		for (let j = i + 2; j < input.length; j++) {
			if (input[j] === '\x07') return {end: j + 1};
			if (input[j] === ESC) {
				if (input[j + 1] === undefined) return 'pending';
				if (input[j + 1] === '\\') return {end: j + 2};
			}
			if (j - i > PASTE_LIMIT) return {end: j};
		}
		return 'pending';
	}
	if (next === ESC) {
		// ESC ESC: an escape, then whatever the second one starts
		return {key: keyOf('esc'), end: i + 1};
	}
	// alt + a character (or a control key)
	const cp = input.codePointAt(i + 1)!;
	const ch = String.fromCodePoint(cp);
	const base = charKey(ch);
	return {key: base.name ? keyOf(`alt-${base.name}`) : undefined, end: i + 1 + ch.length};
}

function parseCsi(input: string, i: number): Parsed {
	let j = i + 2;
	// X10 mouse report: ESC [ M and three raw bytes
	if (input[j] === 'M') {
		if (input.length < j + 4) return 'pending';
		return {end: j + 4};
	}
	// the linux console's F1-F5: ESC [ [ A..E
	if (input[j] === '[') {
		if (input[j + 1] === undefined) return 'pending';
		const f = 'ABCDE'.indexOf(input[j + 1]!);
		return {key: f >= 0 ? keyOf(`f${f + 1}`) : undefined, end: j + 2};
	}
	const start = j;
	for (; j < input.length; j++) {
		const c = input.charCodeAt(j);
		if (c >= 0x30 && c <= 0x3f) continue; // parameter bytes
		if (c >= 0x20 && c <= 0x2f) continue; // intermediate bytes
		break;
	}
	if (j >= input.length) return j - i > SEQUENCE_LIMIT ? {end: j} : 'pending';
	const final = input[j]!;
	const code = final.charCodeAt(0);
	if (code < 0x40 || code > 0x7e) return {end: j}; // not a sequence after all: drop what came so far
	const params = input.slice(start, j);
	const end = j + 1;
	if (/[<=>?]/.test(params[0] ?? '')) return {end}; // private reports (SGR mouse, device attributes)
	const numbers = params.split(';').map(p => (p === '' ? undefined : Number(p.split(':')[0])));
	if (final === '~') {
		const n = numbers[0];
		if (n === 200) return {end, paste: true};
		if (n === 201) return {end};
		const name = n === undefined ? undefined : TILDE[n];
		return {key: name ? keyOf(modifiers(numbers[1]) + name) : undefined, end};
	}
	const name = CSI_LETTERS[final];
	if (!name || params.includes(' ')) return {end};
	// CSI 1;5A is ctrl-up; a bare CSI R is F3 but CSI 12;40R is a cursor position report
	if (final === 'R' && numbers.length > 1 && numbers[0] !== 1) return {end};
	if (name === 'shift-tab') return {key: keyOf(name), end};
	return {key: keyOf(modifiers(numbers[1]) + name), end};
}

/**
 * Reads keys from chunks of terminal input. Feed it every chunk with `push`; what a chunk leaves
 * unfinished (half an escape sequence, a paste still coming) waits for the next one, or for
 * `flush` when nothing more arrives (a lone ESC is the escape key).
 */
export class KeyReader {
	private pending = '';
	private paste: string | undefined;

	/** Whether a chunk ended in the middle of something that `flush` would settle. */
	get waiting(): boolean {
		return this.pending.length > 0;
	}

	push(chunk: string): KeyEvent[] {
		const out: KeyEvent[] = [];
		let input = this.pending + chunk;
		this.pending = '';
		// a read that is one ESC is the escape key: terminals send a key's sequence in one write
		if (input === ESC && this.paste === undefined) return [keyOf('esc')];
		let i = 0;
		while (i < input.length) {
			if (this.paste !== undefined) {
				const close = input.indexOf(`${ESC}[201~`, i);
				if (close < 0) {
					// keep a tail that may be the start of the closing sequence
					const keep = Math.min(input.length - i, 5);
					this.addPaste(input.slice(i, input.length - keep));
					this.pending = input.slice(input.length - keep);
					return out;
				}
				this.addPaste(input.slice(i, close));
				out.push({name: 'paste', text: this.paste});
				this.paste = undefined;
				i = close + 6;
				continue;
			}
			const ch = input[i]!;
			if (ch === ESC) {
				const parsed = parseEscape(input, i);
				if (parsed === 'pending') {
					this.pending = input.slice(i);
					return out;
				}
				if (parsed.key && parsed.key.name) out.push(parsed.key);
				if (parsed.paste) this.paste = '';
				i = parsed.end;
				continue;
			}
			const cp = input.codePointAt(i)!;
			const s = String.fromCodePoint(cp);
			const key = charKey(s);
			if (key.name) out.push(key);
			i += s.length;
		}
		input = '';
		return out;
	}

	/** Settles what waits when no more input came: a lone ESC is the escape key; half a sequence is dropped. */
	flush(): KeyEvent[] {
		const rest = this.pending;
		this.pending = '';
		if (this.paste !== undefined) {
			// a paste whose end never came: keep waiting for it, with what arrived so far
			this.addPaste(rest);
			return [];
		}
		if (rest === ESC) return [keyOf('esc')];
		if (rest.startsWith(ESC + ESC)) return [keyOf('esc'), ...this.push(rest.slice(1)), ...this.flush()];
		return [];
	}

	private addPaste(text: string): void {
		if (this.paste === undefined || !text) return;
		const room = PASTE_LIMIT - this.paste.length;
		if (room > 0) this.paste += text.slice(0, room);
	}
}

/** Text a paste may put into a one-line prompt: line breaks and tabs become spaces, other control characters go. */
export function pastedLine(text: string): string {
	return text
		.replace(/\r\n?|\n|\t/g, ' ')
		.replace(/[\x00-\x1f\x7f-\x9f]/g, '')
		.trim();
}
