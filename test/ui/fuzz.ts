// The seeded key script of the key-fuzz tests: printable, control, meta and function keys, escape
// sequences (cursor position report, mouse), bracketed pastes, unicode, and resizes.
import fc from 'fast-check';

const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;
const SPECIAL = ['\r', '\t', '\x1b', '\x7f', '\x04', '\x0b', '\x17', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[5~', '\x1b[6~', '\x1b[Z', '\x1b[6n', '\x1b[12;40R', '\x1b[<0;3;4M', PASTE('x\ry'), '\x1b[15~', '\x1bx', 'é', '日本', '\u200b', ':', '/', '?', '-l', ' ', '\x1c', 'F', 'O'];

export type FuzzStep = {keys: string} | {resize: [number, number]};

/** `count` keys in writes of one to eight, with a resize between 20x5 and 250x80 now and then. */
export function fuzzScript(seed: number, count: number): FuzzStep[] {
	// q and ctrl-c quit by design, e and E open an editor, s opens a shell that takes every key:
	// everything else may come
	const key = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({minLength: 1, maxLength: 3}).map(s => s.replace(/[qeEs\x03]/g, 'j')));
	const step = fc.oneof({weight: 12, arbitrary: fc.array(key, {minLength: 1, maxLength: 8}).map(k => ({keys: k.join(''), n: k.length}))}, {weight: 1, arbitrary: fc.tuple(fc.integer({min: 20, max: 250}), fc.integer({min: 5, max: 80})).map(r => ({resize: r, n: 0}))});
	const all = fc.sample(fc.array(step, {minLength: count, maxLength: count}), {numRuns: 1, seed})[0]!;
	const out: FuzzStep[] = [];
	let keys = 0;
	for (const s of all) {
		if (keys >= count) break;
		keys += s.n;
		out.push('keys' in s ? {keys: s.keys as string} : {resize: s.resize as [number, number]});
	}
	return out;
}
