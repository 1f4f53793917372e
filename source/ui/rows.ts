// Table rows without React: list a kind from the client, filter (substring, regex, inverse,
// label selector, fuzzy on the name), sort by a column, and format only what is shown. Cells are cached per object
// version (objects are immutable; every write makes a new one), so scrolling and filtering a
// 150,000-pod list touches only the rows that changed.
import {Fzf, type FzfResultItem} from 'fzf';
import type {KObject} from '../cluster/types.js';
import {healthOf, statusHealth, type Column, type KindInfo, type RenderContext} from '../kinds/index.js';
import type {Health} from '../kinds/types.js';
import {deletingHealth} from '../kinds/view.js';
import type {Keep} from './components/columns.js';
import {listedCells} from '../client/listed.js';
import {age} from '../kinds/format.js';

export interface SortSpec {
	/** Column name (as in KindInfo.columns), or 'Name' / 'Age'. */
	column: string;
	ascending: boolean;
}

export interface RowQuery {
	kind: KindInfo;
	objects: readonly KObject[];
	/** Text filter as typed after `/`: substring (case-insensitive), a regex, or `!` for inverse. */
	filter?: string;
	sort: SortSpec;
	/** Show the namespace column (all namespaces). */
	allNamespaces: boolean;
	wide: boolean;
	ctx: RenderContext;
}

export interface Row {
	obj: KObject;
	key: string;
	/** The filter text of the row, once needed (a row is made anew for every object version). */
	text?: string;
	/** The same with the namespace first, for the all-namespaces table. */
	nsText?: string;
	/** Which filter index holds this row's text (RowFilter's stamp; 0 for none). */
	ix?: number;
	/** Which filter pass tested this row, doubled, plus one when it matched (RowFilter's stamp). */
	hit?: number;
}

/** What a filter string means. */
export function compileFilter(filter: string | undefined): ((text: string) => boolean) | undefined {
	if (!filter) return undefined;
	let f = filter;
	let inverse = false;
	if (f.startsWith('!')) {
		inverse = true;
		f = f.slice(1);
	}
	if (!f) return undefined;
	let test: (t: string) => boolean;
	const lower = f.toLowerCase();
	if (PLAIN.test(f)) test = t => t.includes(lower);
	else {
		try {
			const re = new RegExp(lower);
			test = t => re.test(t);
		} catch {
			test = t => t.includes(lower);
		}
	}
	return inverse ? t => !test(t) : test;
}

export function rowKey(o: KObject): string {
	return o.metadata.uid ?? `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Cells of a row, cached per object version. AGE-like cells are recomputed by the caller. */
export class RowCache {
	private cells = new WeakMap<KObject, string[]>();
	private text = new WeakMap<KObject, string>();
	private namespacedText = new WeakMap<KObject, string>();

	cellsOf(kind: KindInfo, obj: KObject, ctx: RenderContext): string[] {
		let c = this.cells.get(obj);
		if (!c) {
			// a Table row from the server brings its cells; a whole object is rendered here
			c = listedCells(obj) ?? kind.row(obj, ctx).map(v => String(v));
			this.cells.set(obj, c);
		}
		return c;
	}

	/** What a filter matches: the row's cells as shown, NAMESPACE first when that column is shown. */
	textOf(kind: KindInfo, obj: KObject, ctx: RenderContext, withNamespace = false): string {
		let t = this.text.get(obj);
		if (t === undefined) {
			t = this.plainText(kind, obj, ctx);
			this.text.set(obj, t);
		}
		if (!withNamespace || !kind.namespaced) return t;
		let n = this.namespacedText.get(obj);
		if (n === undefined) {
			n = `${(obj.metadata.namespace ?? '').toLowerCase()} ${t}`;
			this.namespacedText.set(obj, n);
		}
		return n;
	}

	/**
	 * The filter text of a row, kept on the row itself: the filter reads it for every row at each
	 * key, and a property is far cheaper than a lookup keyed by the object. The cells it is made
	 * from are not kept unless they were already (only shown rows need them).
	 */
	rowText(kind: KindInfo, row: Row, ctx: RenderContext, withNamespace = false): string {
		const t = (row.text ??= this.text.get(row.obj) ?? this.plainText(kind, row.obj, ctx));
		if (!withNamespace || !kind.namespaced) return t;
		// joined rather than concatenated: a joined string is flat, which makes every search of it several times quicker
		return (row.nsText ??= [(row.obj.metadata.namespace ?? '').toLowerCase(), t].join(' '));
	}

	private plainText(kind: KindInfo, obj: KObject, ctx: RenderContext): string {
		const cells = this.cells.get(obj) ?? listedCells(obj) ?? kind.row(obj, ctx).map(v => String(v));
		return cells.join(' ').toLowerCase();
	}
}

/** A row's health: by its kind's view for a whole object, by its STATUS cell for a server's row. */
export function rowHealth(kind: KindInfo, obj: KObject): Health {
	const cells = listedCells(obj);
	if (!cells) return healthOf(kind, obj);
	if (obj.metadata.deletionTimestamp) return deletingHealth(obj);
	const status = columnIndex(kind, 'Status');
	return status >= 0 ? statusHealth(cells[status] ?? '') : 'ok';
}

/** Column index of a column name in a kind, or -1. */
export function columnIndex(kind: KindInfo, name: string): number {
	return kind.columns.findIndex(c => c.name.toLowerCase() === name.toLowerCase());
}

function compare(a: string | number, b: string | number): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** A sort key for a column without formatting the whole row when it can be avoided. */
function sortKey(kind: KindInfo, obj: KObject, column: string, cache: RowCache, ctx: RenderContext): string | number {
	const c = column.toLowerCase();
	if (c === 'name') return obj.metadata.name;
	if (c === 'namespace') return obj.metadata.namespace ?? '';
	if (c === 'age') return -(Date.parse(obj.metadata.creationTimestamp ?? '') || 0);
	const own = listedCells(obj) ? undefined : kind.view?.sortKey?.(obj, c);
	if (own !== undefined) return own;
	const i = columnIndex(kind, column);
	if (i < 0) return obj.metadata.name;
	const cell = cache.cellsOf(kind, obj, ctx)[i] ?? '';
	const n = Number(cell.replace(/[^0-9.-].*$/, ''));
	return cell !== '' && Number.isFinite(n) && /^-?[0-9.]/.test(cell) ? n : cell;
}

export interface FilterResult {
	base: Row[];
	filter: string;
	rows: Row[];
}

const PLAIN = /^[\w\-. /:]*$/;

/** The query of a fuzzy filter (`-f web`, as k9s spells it), or undefined when the filter is not one. */
export function fuzzyQuery(filter: string | undefined): string | undefined {
	const m = /^-f(?:\s+(.*))?$/.exec(filter ?? '');
	return m ? (m[1] ?? '').trim() : undefined;
}

/** The items whose text matches a query by fzf's algorithm, best match first (ties keep their order). */
export function fuzzyRank<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
	if (!query) return [...items];
	return new Fzf(items, {selector: text}).find(query).map((e: FzfResultItem<T>) => e.item);
}

/** The rows whose name matches a fuzzy query, best match first. */
export function fuzzyRows(rows: readonly Row[], query: string): Row[] {
	return fuzzyRank(rows, query, r => r.obj.metadata.name);
}

/**
 * Filters already sorted rows, keeping their order. When the filter only grew (a plain
 * substring typed one more character) over the same rows, only the previous matches are
 * searched again.
 */
export function filterRows(base: Row[], filter: string | undefined, kind: KindInfo, cache: RowCache, ctx: RenderContext, previous?: FilterResult, allNamespaces = false): FilterResult {
	const f = filter ?? '';
	const query = fuzzyQuery(f);
	if (query !== undefined) {
		// a query that contains the previous one matches a subset of what it matched (kept in the
		// sorted order, so that ties rank the same whatever was typed before)
		const previousQuery = previous && previous.base === base ? fuzzyQuery(previous.filter) : undefined;
		const before = previousQuery && query.includes(previousQuery) ? new Set(previous!.rows) : undefined;
		return {base, filter: f, rows: fuzzyRows(before ? base.filter(r => before.has(r)) : base, query)};
	}
	const match = compileFilter(f);
	if (!match) return {base, filter: f, rows: base};
	const narrow = previous && previous.base === base && previous.filter && fuzzyQuery(previous.filter) === undefined && PLAIN.test(f) && PLAIN.test(previous.filter) && f.toLowerCase().includes(previous.filter.toLowerCase());
	const from = narrow ? previous.rows : base;
	return {base, filter: f, rows: from.filter(r => match(cache.rowText(kind, r, ctx, allNamespaces)))};
}

/** Filters and sorts objects into rows (no formatting beyond what filter and sort need). */
export function buildRows(q: RowQuery, cache: RowCache): Row[] {
	const match = compileFilter(q.filter);
	let list = q.objects;
	if (match) list = list.filter(o => match(cache.textOf(q.kind, o, q.ctx, q.allNamespaces)));
	const keyed = list.map(o => ({o, k: sortKey(q.kind, o, q.sort.column, cache, q.ctx), ns: o.metadata.namespace ?? '', name: o.metadata.name}));
	const dir = q.sort.ascending ? 1 : -1;
	keyed.sort((a, b) => {
		const c = compare(a.k, b.k);
		if (c) return c * dir;
		if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
		return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
	});
	return keyed.map(x => ({obj: x.o, key: rowKey(x.o)}));
}

interface SortedEntry {
	row: Row;
	k: string | number;
	ns: string;
	name: string;
}

/** An object's namespace and name, as the changes a client reports name it. */
export function nameKey(o: KObject): string {
	return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Changes smaller than this are spliced into the sorted rows one by one; more are merged in one pass. */
const SPLICED = 16;

function compareEntries(a: SortedEntry, b: SortedEntry, dir: number): number {
	const c = compare(a.k, b.k);
	if (c) return c * dir;
	if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Sorted rows kept from one build to the next: when objects change, a row whose sort key did
 * not change keeps its place, and only new and moved rows are sorted and merged in (a full sort
 * only when the column, the direction or most rows changed). Unchanged objects give back the
 * very same array, so that what is computed from it (the filter) is kept too.
 */
export class SortedRows {
	private entries: SortedEntry[] = [];
	private rows: Row[] = [];
	private spec: {kind: KindInfo; column: string; ascending: boolean} | undefined;

	/** How many changes are spliced in one by one; more are merged in one pass. */
	private readonly spliced: number;

	constructor(opts: {spliced?: number} = {}) {
		this.spliced = opts.spliced ?? SPLICED;
	}

	/** The entries by namespace and name, made when a change is first applied after a build. */
	private byName: Map<string, SortedEntry> | undefined;

	private entry(q: Omit<RowQuery, 'objects'>, o: KObject, cache: RowCache): SortedEntry {
		return {row: {obj: o, key: rowKey(o), text: undefined, nsText: undefined, ix: 0, hit: 0}, k: sortKey(q.kind, o, q.sort.column, cache, q.ctx), ns: o.metadata.namespace ?? '', name: o.metadata.name};
	}

	/**
	 * Applies what changed since the last build or update: each namespace/name key with the
	 * object's new version, or undefined for one gone. It costs the changes, not the rows (but for
	 * one pass that hands out a new rows array). Undefined when it cannot (another kind or sort,
	 * or nothing built yet): build instead.
	 */
	update(q: Omit<RowQuery, 'objects'>, changes: ReadonlyMap<string, KObject | undefined>, cache: RowCache): Row[] | undefined {
		const spec = this.spec;
		if (!spec || spec.kind !== q.kind || spec.column !== q.sort.column || spec.ascending !== q.sort.ascending) return undefined;
		const dir = q.sort.ascending ? 1 : -1;
		const byName = (this.byName ??= new Map(this.entries.map(e => [`${e.ns}/${e.name}`, e])));
		const drop: SortedEntry[] = [];
		const add: SortedEntry[] = [];
		const inPlace: Array<[SortedEntry, SortedEntry]> = [];
		for (const [key, o] of changes) {
			const old = byName.get(key);
			if (!o) {
				if (!old) continue;
				byName.delete(key);
				drop.push(old);
				continue;
			}
			if (old?.row.obj === o) continue;
			const next = this.entry(q, o, cache);
			byName.set(key, next);
			if (!old) add.push(next);
			else if (compare(next.k, old.k) === 0) inPlace.push([old, next]);
			else {
				drop.push(old);
				add.push(next);
			}
		}
		if (!drop.length && !add.length && !inPlace.length) return this.rows;
		const entries = this.entries;
		if (drop.length + add.length > entries.length / 8) return this.rebuild(dir);
		for (const [old, next] of inPlace) {
			const at = this.locate(entries, old, dir);
			if (entries[at] !== old) return this.rebuild(dir);
			entries[at] = next;
		}
		if (drop.length + add.length <= this.spliced) {
			for (const old of drop) {
				const at = this.locate(entries, old, dir);
				if (entries[at] !== old) return this.rebuild(dir);
				entries.splice(at, 1);
			}
			for (const next of add) entries.splice(this.locate(entries, next, dir), 0, next);
			return this.publish(entries);
		}
		add.sort((a, b) => compareEntries(a, b, dir));
		const gone = new Set(drop);
		const kept = gone.size ? entries.filter(e => !gone.has(e)) : entries;
		return this.publish(merge(kept, add, dir));
	}

	/** Where an entry is, or would go, in sorted entries. */
	private locate(entries: SortedEntry[], e: SortedEntry, dir: number): number {
		let lo = 0;
		let hi = entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (compareEntries(entries[mid]!, e, dir) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** The entries lost their order (a sort key that is not a total order): sort them again. */
	private rebuild(dir: number): Row[] {
		const byName = this.byName!;
		return this.full([...byName.values()], dir, byName);
	}

	build(q: RowQuery, cache: RowCache): Row[] {
		const dir = q.sort.ascending ? 1 : -1;
		const entry = (o: KObject): SortedEntry => this.entry(q, o, cache);
		const same = this.spec && this.spec.kind === q.kind && this.spec.column === q.sort.column && this.spec.ascending === q.sort.ascending;
		this.spec = {kind: q.kind, column: q.sort.column, ascending: q.sort.ascending};
		if (!same) return this.full(q.objects.map(entry), dir);
		const byKey = new Map<string, KObject>();
		for (const o of q.objects) byKey.set(rowKey(o), o);
		const kept: SortedEntry[] = [];
		const moved: SortedEntry[] = [];
		let changed = false;
		for (const e of this.entries) {
			const o = byKey.get(e.row.key);
			if (!o) {
				changed = true;
				continue;
			}
			byKey.delete(e.row.key);
			if (o === e.row.obj) {
				kept.push(e);
				continue;
			}
			changed = true;
			const next = entry(o);
			if (compare(next.k, e.k) === 0) kept.push(next);
			else moved.push(next);
		}
		for (const o of byKey.values()) moved.push(entry(o));
		if (!changed && !moved.length) return this.rows;
		if (moved.length > kept.length / 8) return this.full([...kept, ...moved], dir);
		moved.sort((a, b) => compareEntries(a, b, dir));
		return this.keep(merge(kept, moved, dir));
	}

	private full(entries: SortedEntry[], dir: number, byName?: Map<string, SortedEntry>): Row[] {
		entries.sort((a, b) => compareEntries(a, b, dir));
		return this.keep(entries, byName);
	}

	private keep(entries: SortedEntry[], byName?: Map<string, SortedEntry>): Row[] {
		this.byName = byName;
		return this.publish(entries);
	}

	/** New rows for the entries: a rows array once given out is never changed (filters keep positions in it). */
	private publish(entries: SortedEntry[]): Row[] {
		this.entries = entries;
		this.rows = entries.map(e => e.row);
		return this.rows;
	}
}

/** Merges sorted entries into sorted entries. */
function merge(kept: SortedEntry[], moved: SortedEntry[], dir: number): SortedEntry[] {
	const merged: SortedEntry[] = new Array(kept.length + moved.length);
	let i = 0;
	let j = 0;
	let n = 0;
	while (i < kept.length && j < moved.length) merged[n++] = compareEntries(moved[j]!, kept[i]!, dir) < 0 ? moved[j++]! : kept[i++]!;
	while (i < kept.length) merged[n++] = kept[i++]!;
	while (j < moved.length) merged[n++] = moved[j++]!;
	return merged;
}

/** How many filter strings keep their results over the current rows. */
const MEMO_QUERIES = 16;

/**
 * The `/` filter over sorted rows, kept up to date rather than computed again: a plain text
 * that grew is looked for only among the previous matches; each row carries its filter text
 * (made once per object version, ahead of time for big lists), so a key costs one string test
 * per row; going back to an earlier filter over the same rows costs nothing. Fuzzy queries
 * (`-f`) rank by fzf and narrow the same way when they grow.
 */
export class RowFilter {
	private last: FilterResult | undefined;
	private lastNamespaces = false;
	/** Earlier results over the current rows, by filter (backspace gives one back at once). */
	private readonly recent = new Map<string, Row[]>();
	private recentBase: Row[] | undefined;
	/** The filter texts of the current rows as one string, for plain substrings over big lists. */
	private index: FilterIndex | undefined;
	private building: {base: Row[]; namespaces: boolean; groups: string[]; starts: Int32Array; next: number; at: number} | undefined;

	/** The last result covers only the rows indexed so far: the rest are being read between frames. */
	private partial = false;
	private finishing: NodeJS.Timeout | undefined;
	private readonly listeners = new Set<() => void>();

	constructor(
		private readonly cache: RowCache,
		private readonly tuning: {indexFrom: number; group: number; firstKeyMs?: number} = {indexFrom: INDEXED_ROWS, group: INDEX_GROUP, firstKeyMs: FIRST_KEY_MS},
	) {}

	/** Whether the last result is still growing (the index of a big list is not whole yet). */
	pending(): boolean {
		return this.partial;
	}

	/** Calls back when a growing result is whole; returns a function to stop. */
	onReady(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	apply(base: Row[], filter: string | undefined, kind: KindInfo, ctx: RenderContext, allNamespaces = false): Row[] {
		const f = filter ?? '';
		const previous = this.last && this.lastNamespaces === allNamespaces ? this.last : undefined;
		if (previous && previous.base === base && previous.filter === f && !this.partial) return previous.rows;
		this.partial = false;
		if (this.recentBase !== base) {
			this.recent.clear();
			this.recentBase = base;
		}
		const key = `${allNamespaces ? 'all' : 'one'}\u0000${f}`;
		let rows = this.recent.get(key);
		if (!rows) {
			const plain = /^(!?)(.+)$/.exec(f);
			if (base.length >= this.tuning.indexFrom && plain && PLAIN.test(plain[2]!) && fuzzyQuery(f) === undefined) rows = this.substring(base, plain[2]!.toLowerCase(), plain[1] === '!', kind, ctx, allNamespaces);
			else rows = filterRows(base, f, kind, this.cache, ctx, previous, allNamespaces).rows;
			// a growing result is asked again once the index is whole, never kept
			if (!this.partial) {
				this.recent.set(key, rows);
				if (this.recent.size > MEMO_QUERIES) this.recent.delete(this.recent.keys().next().value!);
			}
		}
		this.last = {base, filter: f, rows};
		this.lastNamespaces = allNamespaces;
		return rows;
	}

	/**
	 * A plain substring over a big list: one search through all the rows' texts joined (a few
	 * milliseconds for 150,000 rows, where testing each row's own string costs ten times more,
	 * the strings being spread over the heap), each hit mapped to its row by position.
	 */
	private substring(base: Row[], needle: string, inverse: boolean, kind: KindInfo, ctx: RenderContext, allNamespaces: boolean): Row[] {
		const budget = this.tuning.firstKeyMs;
		const index = budget === undefined ? this.indexOf(base, kind, ctx, allNamespaces) : this.build(base, kind, ctx, allNamespaces, performance.now() + budget);
		if (index) return search(index.text, 0, index.starts, base, 0, base.length, needle, inverse);
		// the first key on a big list whose index is not whole yet: the rows read so far are
		// searched now, group by group, and the rest are read between frames, then the screen
		// hears that the result is whole
		const b = this.building!;
		const out: Row[] = [];
		for (let g = 0; g < b.groups.length; g++) {
			const from = g * this.tuning.group;
			const to = Math.min(b.next, from + this.tuning.group);
			for (const r of search(b.groups[g]!, b.starts[from]!, b.starts, base, from, to, needle, inverse)) out.push(r);
		}
		this.partial = true;
		this.finish(base, kind, ctx, allNamespaces);
		return out;
	}

	/** Goes on with the index between frames and tells the listeners once it is whole. */
	private finish(base: Row[], kind: KindInfo, ctx: RenderContext, allNamespaces: boolean): void {
		if (this.finishing) clearTimeout(this.finishing);
		const step = () => {
			this.finishing = undefined;
			if (this.build(base, kind, ctx, allNamespaces, performance.now() + 6) === undefined) {
				this.finishing = setTimeout(step, 0);
				return;
			}
			if (this.partial && this.last?.base === base) for (const l of this.listeners) l();
		};
		this.finishing = setTimeout(step, 0);
	}

	/**
	 * Prepares the filter of a big list between frames, a few milliseconds at a time so that keys
	 * are still answered at once: each row's text and the joined index; returns a cancel.
	 */
	warm(kind: KindInfo, base: Row[], ctx: RenderContext, allNamespaces = false, budgetMs = 6): () => void {
		let timer: NodeJS.Timeout | undefined;
		const step = () => {
			if (this.build(base, kind, ctx, allNamespaces, performance.now() + budgetMs) === undefined) timer = setTimeout(step, 0);
		};
		timer = setTimeout(step, 50);
		return () => clearTimeout(timer);
	}

	private indexOf(base: Row[], kind: KindInfo, ctx: RenderContext, namespaces: boolean): FilterIndex {
		return this.build(base, kind, ctx, namespaces, Infinity)!;
	}

	/** Carries the index of these rows on until the deadline; the index once it is whole. */
	private build(base: Row[], kind: KindInfo, ctx: RenderContext, namespaces: boolean, deadline: number): FilterIndex | undefined {
		if (this.index && this.index.base === base && this.index.namespaces === namespaces) return this.index;
		let b = this.building;
		if (!b || b.base !== base || b.namespaces !== namespaces) b = this.building = {base, namespaces, groups: [], starts: new Int32Array(base.length + 1), next: 0, at: 0};
		while (b.next < base.length) {
			// a group of rows is joined at once: the final join then copies a few long strings
			const end = Math.min(base.length, b.next + this.tuning.group);
			const parts: string[] = [];
			for (let i = b.next; i < end; i++) {
				const t = this.cache.rowText(kind, base[i]!, ctx, namespaces);
				parts.push(t);
				b.starts[i] = b.at;
				b.at += t.length + 1;
			}
			b.groups.push(parts.join('\n'));
			b.next = end;
			if (performance.now() >= deadline) return undefined;
		}
		b.starts[base.length] = b.at;
		this.building = undefined;
		this.index = {base, namespaces, text: b.groups.join('\n'), starts: b.starts};
		return this.index;
	}
}

/**
 * The rows [from, to) whose text holds `needle` (or, inverted, those whose text does not), in a
 * piece of the joined index that starts at column `offset` of it.
 */
function search(text: string, offset: number, starts: Int32Array, base: Row[], from: number, to: number, needle: string, inverse: boolean): Row[] {
	// where row i's text ends (its newline), the last row's at the end of the piece
	const end = (i: number) => (i + 1 < to ? starts[i + 1]! : offset + text.length + 1);
	const out: Row[] = [];
	let i = from;
	let next = from;
	let p = text.indexOf(needle);
	while (p >= 0) {
		const at = p + offset;
		while (end(i) <= at) i++;
		if (inverse) for (; next < i; next++) out.push(base[next]!);
		else out.push(base[i]!);
		next = i + 1;
		if (next >= to) break;
		p = text.indexOf(needle, end(i) - offset);
	}
	if (inverse) for (; next < to; next++) out.push(base[next]!);
	return out;
}

interface FilterIndex {
	base: Row[];
	namespaces: boolean;
	/** Every row's filter text, one after the other with a newline between. */
	text: string;
	/** Where each row's text starts in it (and, last, the end). */
	starts: Int32Array;
}

/** Rows joined at a time while the index is made. */
const INDEX_GROUP = 500;

/** How long the first key on a big list reads rows for the index before it shows what it has found. */
const FIRST_KEY_MS = 10;

/** From how many rows a plain filter searches the joined texts rather than each row's. */
const INDEXED_ROWS = 2000;

/** How long a kind's column stays on a narrow terminal (see Column.keep). */
export function columnKeep(c: Column): Keep {
	if (c.keep !== undefined) return c.keep;
	if (c.format === 'name' && c.priority === 0) return 'name';
	return c.priority === 1 ? 0 : c.name === 'Age' ? 1 : 2;
}

/** NAMESPACE goes after every other column but before the name is cut. */
const NAMESPACE_KEEP = 10;

/** The headers shown (NAMESPACE first for all namespaces, wide columns only with wide) and how long each stays when narrow. */
export function headers(kind: KindInfo, allNamespaces: boolean, wide: boolean): {names: string[]; indexes: number[]; keep: Keep[]} {
	const names: string[] = [];
	const indexes: number[] = [];
	if (allNamespaces && kind.namespaced) {
		names.push('NAMESPACE');
		indexes.push(-1);
	}
	// wide columns the kind's view shows even when not wide (k9s shows a pod's IP and node)
	const always = kind.view?.shownColumns ?? [];
	const promoted: number[] = [];
	kind.columns.forEach((c, i) => {
		if (c.priority === 0 || wide) {
			names.push(c.name.toUpperCase());
			indexes.push(i);
		} else if (always.includes(c.name)) promoted.push(i);
	});
	// promoted columns go just before AGE
	const ageAt = indexes.findIndex(i => i >= 0 && kind.columns[i]!.name === 'Age');
	const at = ageAt < 0 ? indexes.length : ageAt;
	names.splice(at, 0, ...promoted.map(i => kind.columns[i]!.name.toUpperCase()));
	indexes.splice(at, 0, ...promoted);
	return {names, indexes, keep: indexes.map(i => (i < 0 ? NAMESPACE_KEEP : columnKeep(kind.columns[i]!)))};
}

/** Cells for one visible row, with AGE recomputed against the current time. */
export function visibleCells(kind: KindInfo, obj: KObject, indexes: number[], cache: RowCache, ctx: RenderContext): string[] {
	const cells = cache.cellsOf(kind, obj, ctx);
	const listed = listedCells(obj);
	// a server's row has only its AGE to bring up to date (from the metadata it carries)
	const fresh = listed ? listed.map((c, i) => (kind.columns[i]?.type === 'date' && kind.columns[i]!.name === 'Age' ? age(obj.metadata.creationTimestamp, ctx.now) : c)) : needsFresh(kind) ? kind.row(obj, ctx).map(v => String(v)) : cells;
	return indexes.map(i => (i < 0 ? obj.metadata.namespace ?? '' : fresh[i] ?? ''));
}

/** Kinds whose cells depend on time (AGE, LAST SEEN, RESTARTS "(5m ago)"): refresh visible rows. */
function needsFresh(kind: KindInfo): boolean {
	return kind.columns.some(c => c.type === 'date' || /age|last seen|restarts|duration|last schedule/i.test(c.name));
}
