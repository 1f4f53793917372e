// Text utilities: wc, head, tail, grep, rev and seq.
import {escapeRe} from '../glob.js';
import type {Builtin} from '../interpreter.js';
import {readInputs, splitOptions} from './common.js';

export const TEXT_UTILITIES: Record<string, Builtin> = {
	*wc(sh, args) {
		const {opts, rest} = splitOptions(args);
		const {texts, failed} = yield* readInputs(sh, 'wc', rest);
		const which = ['l', 'w', 'c'].filter((o) => opts.has(o) || (o === 'c' && opts.has('m')));
		const show = which.length ? which : ['l', 'w', 'c'];
		for (const t of texts) {
			const counts: Record<string, number> = {
				l: (t.text.match(/\n/g) ?? []).length,
				w: t.text.split(/\s+/).filter(Boolean).length,
				c: Buffer.byteLength(t.text),
			};
			const nums = show.map((o) => counts[o]);
			const single = nums.length === 1 && t.name === '-';
			const cols = single ? String(nums[0]) : nums.map((n) => String(n).padStart(7)).join(' ');
			yield* sh.out(cols + (t.name === '-' ? '' : ` ${t.name}`) + '\n');
		}
		return failed ? 1 : 0;
	},
	*head(sh, args) {
		const {opts, rest} = splitOptions(args, ['n', 'c']);
		const n = Number(opts.get('n') ?? 10);
		const {texts, failed} = yield* readInputs(sh, 'head', rest);
		for (const t of texts) {
			const lines = t.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			const sel = lines.slice(0, n);
			if (sel.length) yield* sh.out(sel.join('\n') + '\n');
		}
		return failed ? 1 : 0;
	},
	*tail(sh, args) {
		const {opts, rest} = splitOptions(args, ['n', 'c']);
		const spec = opts.get('n') ?? '10';
		const {texts, failed} = yield* readInputs(sh, 'tail', rest.filter((r) => !r.startsWith('+')));
		for (const t of texts) {
			const lines = t.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			const sel = spec.startsWith('+') ? lines.slice(Number(spec.slice(1)) - 1) : lines.slice(Math.max(0, lines.length - Number(spec)));
			if (sel.length) yield* sh.out(sel.join('\n') + '\n');
		}
		return failed ? 1 : 0;
	},
	*rev(sh, args) {
		const {rest} = splitOptions(args);
		const {texts, failed} = yield* readInputs(sh, 'rev', rest);
		for (const t of texts) {
			const lines = t.text.split('\n');
			const last = lines.pop();
			for (const line of lines) yield* sh.out([...line].reverse().join('') + '\n');
			if (last) yield* sh.out([...last].reverse().join(''));
		}
		return failed ? 1 : 0;
	},
	*grep(sh, args) {
		const {opts, rest} = splitOptions(args, ['e']);
		let pattern = opts.get('e');
		if (pattern === undefined) pattern = rest.shift();
		if (pattern === undefined) {
			yield* sh.err('Usage: grep [OPTIONS] PATTERN [FILE]...\n');
			return 2;
		}
		let re: RegExp;
		const flags = opts.has('i') ? 'i' : '';
		try {
			re = opts.has('F') ? new RegExp(escapeRe(pattern), flags) : new RegExp(opts.has('E') ? pattern : pattern.replace(/\\([(){}|+?])/g, '$1'), flags);
		} catch {
			re = new RegExp(escapeRe(pattern), flags);
		}
		const {texts, failed} = yield* readInputs(sh, 'grep', rest);
		let matched = 0;
		for (const t of texts) {
			const lines = t.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			let count = 0;
			for (let idx = 0; idx < lines.length; idx++) {
				const hit = re.test(lines[idx]) !== opts.has('v');
				if (!hit) continue;
				count++;
				matched++;
				if (opts.has('q')) return 0;
				if (!opts.has('c') && !opts.has('l')) {
					const prefix = (texts.length > 1 ? `${t.name}:` : '') + (opts.has('n') ? `${idx + 1}:` : '');
					yield* sh.out(prefix + lines[idx] + '\n');
				}
			}
			if (opts.has('c')) yield* sh.out((texts.length > 1 ? `${t.name}:` : '') + count + '\n');
			if (opts.has('l') && count > 0) yield* sh.out(t.name + '\n');
		}
		if (failed) return 2;
		return matched > 0 ? 0 : 1;
	},
	*seq(sh, args) {
		const {opts, rest} = splitOptions(args, ['s']);
		const nums = rest.map(Number);
		if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) {
			yield* sh.err(`seq: invalid argument\n`);
			return 1;
		}
		const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : [nums[0], nums[1], nums[2]];
		if (step === 0) return 1;
		const sep = opts.get('s') ?? '\n';
		const out: string[] = [];
		for (let n = first, count = 0; step > 0 ? n <= last : n >= last; n += step, count++) {
			if (count >= 1_000_000) break;
			out.push(String(Math.round(n * 1e9) / 1e9));
		}
		if (out.length) yield* sh.out(out.join(sep) + '\n');
		return 0;
	},
};
