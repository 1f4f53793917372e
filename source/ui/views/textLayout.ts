// Text laid out in terminal columns, for the text screens and the panes: a line wrapped into rows
// (at a space when the row has one, else at the edge), or a window of its columns when it scrolls
// sideways, with a marker at the edge where it goes on. Every width is in display columns
// (string-width), so a wide character (CJK, most emoji) counts two and is never split by an edge.
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter();

/** Display columns of a text. */
export function textWidth(text: string): number {
	return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

interface Grapheme {
	text: string;
	width: number;
}

/** The user-perceived characters of a text, each with its width. */
function graphemes(text: string): Grapheme[] {
	if (PRINTABLE_ASCII.test(text)) return Array.from(text, c => ({text: c, width: 1}));
	return Array.from(segmenter.segment(text), s => ({text: s.segment, width: stringWidth(s.segment)}));
}

/** A piece of a line in one style. */
export interface Span {
	text: string;
	color?: string;
	inverse?: boolean;
}

/** One screen row of a text: the columns [start, end) of line `line`. */
export interface TextRow {
	line: number;
	start: number;
	end: number;
}

export interface TextLayout {
	rows: TextRow[];
	/** The index in `rows` of each line's first row. */
	first: number[];
	/** The widest line, in columns. */
	widest: number;
}

/** What may not start a row in Japanese (closing brackets and punctuation): the break goes before the character ahead. */
const NO_BREAK_BEFORE = new Set([...'、。，．・：；？！）」』】〕〉》ー…〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.:;!?']);

/**
 * Where a line breaks into rows of at most `width` columns: at the last place that fits when it
 * is in the row's second half, else at the edge (a long run with no such place, as a JSON
 * annotation, fills its rows instead of leaving half of one empty). A row may break after a
 * space, and before or after a wide character as Japanese text breaks, but never before closing
 * punctuation such as 。 or 、, and never inside a word of Latin letters that has room to move.
 * Each row holds at least one character, so a character wider than the row still gets one.
 * Returns the [start, end) columns of each row.
 */
export function wrapLine(text: string, width: number): Array<[number, number]> {
	const w = Math.max(1, width);
	const total = textWidth(text);
	if (total <= w) return [[0, total]];
	const rows: Array<[number, number]> = [];
	let start = 0;
	let col = 0;
	let lastBreak = -1;
	let previousWide = false;
	for (const g of graphemes(text)) {
		const wide = g.width === 2;
		// a break before this character: after a space (set below), or next to a wide one
		if ((wide || previousWide) && col > start && g.text !== ' ' && !NO_BREAK_BEFORE.has(g.text)) lastBreak = col;
		else if (NO_BREAK_BEFORE.has(g.text) && lastBreak === col) lastBreak = -1;
		if (g.text === ' ' && col + 1 - start > w && col > start) {
			// a space at the edge ends the row and is not carried to the next
			rows.push([start, col]);
			col += 1;
			start = col;
			lastBreak = -1;
			previousWide = false;
			continue;
		}
		const closing = NO_BREAK_BEFORE.has(g.text);
		while (col + g.width - start > w && col > start) {
			// closing punctuation takes the character before it along rather than start a row
			const end = lastBreak > start && (lastBreak - start >= w / 2 || closing) ? lastBreak : col;
			rows.push([start, end]);
			start = end;
			lastBreak = -1;
		}
		col += g.width;
		if (g.text === ' ') lastBreak = col;
		previousWide = wide;
	}
	rows.push([start, col]);
	return rows;
}

/** The rows of a text: one a line, or with `wrap` as many as each line needs at `width`. */
export function layoutText(lines: string[], width: number, wrap: boolean): TextLayout {
	const rows: TextRow[] = [];
	const first: number[] = [];
	let widest = 0;
	lines.forEach((text, line) => {
		first.push(rows.length);
		const w = textWidth(text);
		if (w > widest) widest = w;
		if (!wrap) rows.push({line, start: 0, end: w});
		else for (const [start, end] of wrapLine(text, width)) rows.push({line, start, end});
	});
	return {rows, first, widest};
}

/**
 * The columns [start, end) of a styled line. A wide character cut by either edge shows as
 * blanks for the columns it has inside, so the result is never wider than end - start.
 */
export function cutSpans(spans: Span[], start: number, end: number): Span[] {
	const out: Span[] = [];
	let col = 0;
	for (const s of spans) {
		if (col >= end) break;
		const w = textWidth(s.text);
		if (col + w <= start) {
			col += w;
			continue;
		}
		let text = '';
		if (PRINTABLE_ASCII.test(s.text)) text = s.text.slice(Math.max(0, start - col), Math.min(w, end - col));
		else {
			let at = col;
			for (const g of graphemes(s.text)) {
				const next = at + g.width;
				if (at >= start && next <= end) text += g.text;
				else if (next > start && at < end) text += ' '.repeat(Math.min(next, end) - Math.max(at, start));
				at = next;
				if (at >= end) break;
			}
		}
		col += w;
		if (text) out.push({...s, text});
	}
	return out;
}

/** Marks where a line goes on past the window's edge. */
export const MORE_LEFT = '«';
export const MORE_RIGHT = '»';

/**
 * A line seen through a window of `width` columns from column `left`: its spans there, with a
 * marker in the first column when it has text to the left and in the last when it has more to
 * the right (each marker hides the column under it; scrolling shows that column again).
 */
export function windowSpans(spans: Span[], lineWidth: number, left: number, width: number, markerColor?: string): Span[] {
	const less = left > 0 && lineWidth > 0;
	const more = lineWidth > left + width;
	const out = cutSpans(spans, left + (less ? 1 : 0), left + width - (more ? 1 : 0));
	if (less) out.unshift({text: MORE_LEFT, color: markerColor});
	if (more) out.push({text: MORE_RIGHT, color: markerColor});
	return out;
}

/**
 * Restyles the parts of spans that fall in the character ranges given ([from, to) indexes into
 * the text the spans make up), splitting spans at the ranges' edges.
 */
export function overlay(spans: Span[], ranges: Array<[number, number]>, style: Omit<Span, 'text'>): Span[] {
	if (!ranges.length) return spans;
	const out: Span[] = [];
	let at = 0;
	for (const s of spans) {
		const end = at + s.text.length;
		let i = at;
		for (const [from, to] of ranges) {
			if (to <= i || from >= end) continue;
			const a = Math.max(from, i);
			const b = Math.min(to, end);
			if (a > i) out.push({...s, text: s.text.slice(i - at, a - at)});
			out.push({...s, ...style, text: s.text.slice(a - at, b - at)});
			i = b;
		}
		if (i < end) out.push({...s, text: s.text.slice(i - at)});
		at = end;
	}
	return out;
}

/** The [from, to) indexes of every case-insensitive occurrence of `term` in `text`. */
export function matchRanges(text: string, term: string | undefined): Array<[number, number]> {
	if (!term) return [];
	const lower = text.toLowerCase();
	const t = term.toLowerCase();
	// lower-casing changed the length (a few non-ASCII letters): indexes would not line up
	if (lower.length !== text.length) return [];
	const out: Array<[number, number]> = [];
	for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + t.length)) out.push([i, i + t.length]);
	return out;
}
