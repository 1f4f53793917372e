// Which columns of a table fit a width, and how wide each is. A narrow terminal loses whole
// columns, least useful first, rather than a few letters of every cell: each column has a rank
// (`Keep`), the lowest ranked go first (the rightmost of equals first), and only once nothing
// more can go are cells cut, to end in `…`, the name last.
import {textWidth} from '../text.js';

/**
 * How long a column stays on a narrow terminal. A number: columns go in rising order of it.
 * `always`: never dropped; cut instead (a MESSAGE, a STATUS), counting as at most a third of the
 * width (and at least CUT_TO columns) when deciding what else goes. `name`: never dropped, kept
 * whole while anything else can give way.
 */
export type Keep = number | 'always' | 'name';

/** Blanks between two columns. */
export const GAP = 2;
/** The least an `always` column is cut to before another column has to go. */
export const CUT_TO = 12;

export interface ColumnFit {
	/** Indexes of the columns shown, in their order. */
	shown: number[];
	/** Width of each shown column, in the order of `shown`. */
	widths: number[];
}

/** The ranks a table gets when its caller gives none: the first column is the name, the rest go from the right. */
export function defaultKeep(count: number): Keep[] {
	return Array.from({length: count}, (_, i) => (i === 0 ? 'name' : 1));
}

function total(widths: number[]): number {
	return widths.length ? widths.reduce((a, w) => a + w, 0) + GAP * (widths.length - 1) : 0;
}

/** Narrows the widest of the columns `can` allows, a column of text at a time, until they fit or none can narrow. */
function shrink(widths: number[], width: number, floor: (i: number) => number, can: (i: number) => boolean) {
	for (let over = total(widths) - width; over > 0; over--) {
		let widest = -1;
		for (let i = 0; i < widths.length; i++) if (can(i) && widths[i]! > floor(i) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
		if (widest < 0) return;
		widths[widest]!--;
	}
}

/**
 * The columns that fit `width` terminal columns, GAP blanks apart: every cell whole when they
 * all fit; else without the lowest ranked; else with cells cut (`always` columns first, the
 * name last).
 */
export function fitColumns(headers: string[], rows: string[][], width: number, keep: Keep[] = defaultKeep(headers.length)): ColumnFit {
	const natural = headers.map((h, i) => rows.reduce((m, r) => Math.max(m, textWidth(r[i] ?? '')), textWidth(h)));
	const rankOf = (i: number): Keep => keep[i] ?? 1;
	// what a column needs while deciding which go: `always` ones count as cut already
	const cutTo = Math.max(CUT_TO, Math.floor(width / 3));
	const need = (i: number) => (rankOf(i) === 'always' ? Math.min(natural[i]!, Math.max(textWidth(headers[i]!), cutTo)) : natural[i]!);
	const shown = headers.map((_, i) => i);
	const needed = () => total(shown.map(need));
	// drop order: lowest rank first, the rightmost of equals first
	const droppable = shown.filter(i => typeof rankOf(i) === 'number').sort((a, b) => (rankOf(a) as number) - (rankOf(b) as number) || b - a);
	for (const i of droppable) {
		if (needed() <= width) break;
		shown.splice(shown.indexOf(i), 1);
	}
	const widths = shown.map(i => natural[i]!);
	const rank = (k: number) => rankOf(shown[k]!);
	// cut the `always` columns to what they were counted as, widest first
	shrink(widths, width, k => need(shown[k]!), k => rank(k) === 'always');
	// still too wide: only kept columns are left; cut every one but the name, to its header or 3
	shrink(widths, width, k => Math.min(natural[shown[k]!]!, Math.max(3, Math.min(textWidth(headers[shown[k]!]!), 8))), k => rank(k) !== 'name');
	// then the name too, then anything to one column
	shrink(widths, width, () => 8, () => true);
	shrink(widths, width, () => 1, () => true);
	return {shown, widths};
}
