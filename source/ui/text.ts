// Text cut in terminal columns, not UTF-16 units: a CJK character or an emoji takes two columns,
// a combining mark none. What the dashboard lays out in columns (tables, the header's hints,
// help, pane lines) is measured (with textLayout's textWidth) and cut here, so no line is wider
// than its box.
import stringWidth from 'string-width';
import {textWidth} from './views/textLayout.js';

export {textWidth};

// printable ASCII: one column a character, the common case, cut without string-width
const ASCII = /^[\x20-\x7e]*$/;

const segmenter = new Intl.Segmenter();

/** The longest start of `s` that fits `width` columns, without an ellipsis. */
export function sliceWidth(s: string, width: number): string {
	if (width <= 0) return '';
	if (ASCII.test(s)) return s.slice(0, width);
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(s)) {
		const w = stringWidth(segment);
		if (used + w > width) break;
		out += segment;
		used += w;
	}
	return out;
}

/** `s` as it fits `width` columns: whole, or cut to end in `…`. */
export function cut(s: string, width: number): string {
	if (width <= 0) return '';
	if (textWidth(s) <= width) return s;
	return width === 1 ? sliceWidth(s, 1) : `${sliceWidth(s, width - 1)}…`;
}

/** `s` cut to `width` columns and padded with blanks to exactly that. */
export function fit(s: string, width: number): string {
	const c = cut(s, width);
	return c + ' '.repeat(Math.max(0, width - textWidth(c)));
}

/** `s` padded with blanks to at least `width` columns (never cut). */
export function padTo(s: string, width: number): string {
	const w = textWidth(s);
	return w >= width ? s : s + ' '.repeat(width - w);
}
