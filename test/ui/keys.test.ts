import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {KeyReader, PASTE_LIMIT, pastedLine, type KeyEvent} from '../../source/ui/input/keys.js';

function read(...chunks: string[]): string[] {
	const r = new KeyReader();
	const out: KeyEvent[] = [];
	for (const c of chunks) out.push(...r.push(c));
	out.push(...r.flush());
	return out.map(k => (k.name === 'paste' ? `paste:${k.text}` : k.name));
}

describe('terminal input as keys', () => {
	it('splits one read into every key it holds', () => {
		expect(read('\x7f\x7f\x7f')).toEqual(['backspace', 'backspace', 'backspace']);
		expect(read('deploy\r')).toEqual(['d', 'e', 'p', 'l', 'o', 'y', 'enter']);
		expect(read('jjJ')).toEqual(['j', 'j', 'J']);
		expect(read('a b')).toEqual(['a', 'space', 'b']);
		expect(read('\x1b[A\x1b[B\x1b[5~\x1b[6~')).toEqual(['up', 'down', 'pgup', 'pgdn']);
	});

	it('names control keys, alt keys, function keys and modifiers as the keymap spells them', () => {
		expect(read('\x04', '\x0b', '\x1c', '\t', '\x1b[Z')).toEqual(['ctrl-d', 'ctrl-k', 'ctrl-\\', 'tab', 'shift-tab']);
		expect(read('\x1bx')).toEqual(['alt-x']);
		expect(read('\x1b[1;5A', '\x1b[3~', '\x1b[15~', '\x1bOP', '\x1b[H', '\x1b[4~')).toEqual(['ctrl-up', 'delete', 'f5', 'f1', 'home', 'end']);
		expect(read('日本語')).toEqual(['日', '本', '語']);
		expect(read('😀')).toEqual(['😀']);
	});

	it('drops what the terminal reports rather than types: cursor position, device status, mouse, focus, colours', () => {
		expect(read('\x1b[6n')).toEqual([]);
		expect(read('a\x1b[12;40Rb')).toEqual(['a', 'b']);
		expect(read('\x1b[<0;10;5M\x1b[<0;10;5m')).toEqual([]);
		expect(read('\x1b[M !!j')).toEqual(['j']);
		expect(read('\x1b[I\x1b[O')).toEqual([]);
		expect(read('\x1b]11;rgb:0000/0000/0000\x07k')).toEqual(['k']);
		expect(read('\x1b[?62;c')).toEqual([]);
	});

	it('a lone ESC is the escape key once nothing follows; a sequence split over reads is one key', () => {
		expect(read('\x1b')).toEqual(['esc']);
		expect(read('\x1b\x1b')).toEqual(['esc', 'esc']);
		expect(read('\x1b[', '1;5', 'B')).toEqual(['ctrl-down']);
		expect(read('j\x1b', '[A')).toEqual(['j', 'up']);
		expect(read('\x1b[12;4')).toEqual([]);
	});

	it('bracketed paste is one piece of text, even across reads, and never keys', () => {
		expect(read('\x1b[200~kubectl get pods\x1b[201~')).toEqual(['paste:kubectl get pods']);
		expect(read('\x1b[200~de', 'ploy\r\x1b[2', '01~j')).toEqual(['paste:deploy\r', 'j']);
		expect(pastedLine('app=web\r\n\ttier=front\x07')).toBe('app=web  tier=front');
		const big = 'x'.repeat(PASTE_LIMIT + 10);
		const r = new KeyReader();
		const out = [...r.push('\x1b[200~'), ...r.push(big), ...r.push('\x1b[201~')];
		expect(out).toHaveLength(1);
		expect(out[0]!.text.length).toBe(PASTE_LIMIT);
	});

	it('any bytes, in any split, give keys without throwing; printable text comes back as typed', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\x1b', '\x1b[', '\x1b[200~', '\x1b[201~', '\x1bO', '\x1b]', '\x1b[M', '\x7f', '\r')), {maxLength: 20}), chunks => {
				const r = new KeyReader();
				for (const c of chunks) for (const k of r.push(c)) expect(typeof k.name).toBe('string');
				r.flush();
			}),
			{numRuns: 2000, seed: 42},
		);
		fc.assert(
			fc.property(fc.string({unit: 'grapheme-ascii'}), fc.integer({min: 0, max: 40}), (text, cut) => {
				const printable = text.replace(/[\x00-\x1f\x7f]/g, '');
				const r = new KeyReader();
				const keys = [...r.push(printable.slice(0, cut)), ...r.push(printable.slice(cut)), ...r.flush()];
				expect(keys.map(k => k.text).join('')).toBe(printable);
			}),
			{numRuns: 500, seed: 7},
		);
	});
});
