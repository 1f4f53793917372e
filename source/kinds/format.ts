// Formatting shared by tables and describe: ages, lists, maps, selectors, ports, and the aligned
// `Key:  value` layout of `kubectl describe`, all the way kubectl prints them.
import type {Column} from './types.js';
import type {Container, KObject, LabelSelector, Taint, Toleration} from '../cluster/types.js';

// ---------------------------------------------------------------------------------------------
// Durations and times

/**
 * kubectl's human duration: 45s, 3m20s, 47m, 5h10m, 30h, 3d4h, 12d, 400d, 2y20d, 9y.
 * Under two years kubectl counts days; between two and eight years it shows years and days.
 */
export function humanDuration(ms: number): string {
	const seconds = Math.trunc(ms / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) {
		const s = seconds % 60;
		return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
	}
	if (minutes < 180) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) {
		const m = minutes % 60;
		return m === 0 ? `${hours}h` : `${hours}h${m}m`;
	}
	if (hours < 48) return `${hours}h`;
	const days = Math.floor(hours / 24);
	if (hours < 24 * 8) {
		const h = hours % 24;
		return h === 0 ? `${days}d` : `${days}d${h}h`;
	}
	if (hours < 24 * 365 * 2) return `${days}d`;
	const years = Math.floor(days / 365);
	if (hours < 24 * 365 * 8) {
		const d = days % 365;
		return d === 0 ? `${years}y` : `${years}y${d}d`;
	}
	return `${years}y`;
}

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when absent or unparsable. */
export function timeOf(timestamp: string | undefined | null): number | undefined {
	if (!timestamp) return undefined;
	const t = Date.parse(timestamp);
	return Number.isNaN(t) ? undefined : t;
}

/** Age of a timestamp relative to `now` (epoch ms); `<unknown>` when absent. */
export function age(timestamp: string | undefined | null, now: number): string {
	const t = timeOf(timestamp);
	if (t === undefined) return '<unknown>';
	return humanDuration(now - t);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

/**
 * A timestamp as kubectl describe prints times (Go's RFC1123Z), in UTC:
 * `Mon, 02 Jan 2006 15:04:05 +0000`. An absent time prints as Go's zero time.
 */
export function rfc1123z(timestamp: string | undefined | null): string {
	const t = timeOf(timestamp);
	if (t === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
	const d = new Date(t);
	return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
		`${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

// ---------------------------------------------------------------------------------------------
// Small cell helpers

/** Items joined by `sep`, or `<none>` when there are none. */
export function joinOrNone(items: readonly string[] | undefined, sep = ','): string {
	return items && items.length ? items.join(sep) : '<none>';
}

/** `s`, or `<none>` when empty. */
export function orNone(s: string | undefined | null): string {
	return s ? s : '<none>';
}

/** Go's `True`/`False`, as kubectl prints booleans in tables and describe. */
export function printBool(value: boolean | undefined): string {
	return value ? 'True' : 'False';
}

/** kubectl's printBoolPtr: `True`, `False`, or `<unset>` when absent. */
export function printBoolPtr(value: boolean | undefined | null): string {
	if (value === undefined || value === null) return '<unset>';
	return printBool(value);
}

/** An IntOrString value as Go prints it (`25%`, `1`). */
export function intOrString(v: number | string | undefined | null): string {
	return v === undefined || v === null ? '' : String(v);
}

/** kubectl's `a,b,c + 4 more...` for lists it truncates; `<unset>` when empty. */
export function listWithMore(list: readonly string[], more: boolean, count: number, max: number): string {
	const ret = list.join(',');
	if (more) return `${ret} + ${count - max} more...`;
	return ret === '' ? '<unset>' : ret;
}

/** Labels as `k=v,k2=v2` sorted by key, or `<none>` (kubectl's labels.FormatLabels). */
export function labelsToString(labels: Record<string, string> | undefined | null): string {
	const keys = Object.keys(labels ?? {}).sort();
	return keys.length ? keys.map(k => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** Same as labelsToString: the name kubectl uses. */
export const formatLabels = labelsToString;

/**
 * A label selector as a selector string (`app=web,tier in (a,b),!legacy`), requirements sorted by
 * key; empty string for an empty or absent selector.
 */
export function selectorString(selector: LabelSelector | undefined | null): string {
	if (!selector) return '';
	const reqs: Array<{key: string; text: string}> = [];
	for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({key, text: `${key}=${value}`});
	for (const expr of selector.matchExpressions ?? []) {
		const values = [...(expr.values ?? [])].sort();
		let text: string;
		switch (expr.operator) {
			case 'In':
				text = `${expr.key} in (${values.join(',')})`;
				break;
			case 'NotIn':
				text = `${expr.key} notin (${values.join(',')})`;
				break;
			case 'Exists':
				text = expr.key;
				break;
			case 'DoesNotExist':
				text = `!${expr.key}`;
				break;
			default:
				text = `${expr.key} ${expr.operator} (${values.join(',')})`;
		}
		reqs.push({key: expr.key, text});
	}
	reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return reqs.map(r => r.text).join(',');
}

/** A label selector as kubectl's FormatLabelSelector prints it: `<none>` when empty. */
export function formatSelector(selector: LabelSelector | undefined | null): string {
	return selectorString(selector) || '<none>';
}

/** The CONTAINERS and IMAGES cells of `-o wide`: names and images joined by commas. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
	const list = containers ?? [];
	return [list.map(c => c.name).join(','), list.map(c => c.image).join(',')];
}

export interface ServicePortLike {
	name?: string;
	port: number;
	protocol?: string;
	nodePort?: number;
	targetPort?: number | string;
}

/** Service ports as kubectl's PORT(S) column: `80:31234/TCP,443/TCP`; `<none>` without ports. */
export function formatPorts(ports: readonly ServicePortLike[] | undefined): string {
	const pieces = (ports ?? []).map(p => {
		const protocol = p.protocol || 'TCP';
		return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
	});
	return pieces.length ? pieces.join(',') : '<none>';
}

/** A taint as kubectl prints it: `key=value:Effect` or `key:Effect`. */
export function formatTaint(taint: Taint): string {
	return taint.value ? `${taint.key}=${taint.value}:${taint.effect}` : `${taint.key}:${taint.effect}`;
}

/** A toleration as kubectl describe prints it: `key=value:Effect op=Exists for 300s`. */
export function formatToleration(t: Toleration): string {
	let s = t.key ?? '';
	if (t.value) s += `=${t.value}`;
	if (t.effect) s += `:${t.effect}`;
	if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
	if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
	return s;
}

/** `Kind/name` of the controlling owner (`ReplicaSet/web-6d4c`), or undefined. */
export function controllerName(obj: KObject): string | undefined {
	const ref = (obj.metadata.ownerReferences ?? []).find(r => r.controller);
	return ref ? `${ref.kind}/${ref.name}` : undefined;
}

/** The condition of a type from a status' conditions list. */
export function findCondition<T extends {type: string}>(conditions: readonly T[] | undefined, type: string): T | undefined {
	return (conditions ?? []).find(c => c.type === type);
}

// ---------------------------------------------------------------------------------------------
// The tabwriter kubectl describe writes through (Go text/tabwriter: minwidth 0, padding 2,
// padchar ' ', no flags).

function runeLength(s: string): number {
	let n = 0;
	for (const _ of s) n++;
	return n;
}

/**
 * Aligns tab-terminated cells the way Go's text/tabwriter does: a column block is a run of
 * consecutive lines that all have a cell in that column; each block is as wide as its widest
 * cell plus `padding`. The text after the last tab of a line is not part of any column.
 */
export function tabwrite(text: string, padding = 2): string {
	if (text === '') return '';
	const endsWithNewline = text.endsWith('\n');
	const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
	const lines = rawLines.map(l => l.split('\t'));
	const widths: number[] = [];
	const out: string[] = [];

	const writeLines = (from: number, to: number): void => {
		for (let i = from; i < to; i++) {
			const cells = lines[i]!;
			let s = '';
			for (let j = 0; j < cells.length; j++) {
				const cell = cells[j]!;
				s += cell;
				if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j]! - runeLength(cell)));
			}
			out.push(s);
		}
	};

	const format = (line0: number, line1: number): void => {
		const column = widths.length;
		let pending = line0;
		for (let i = line0; i < line1; i++) {
			if (column >= lines[i]!.length - 1) continue;
			writeLines(pending, i);
			let width = 0;
			let j = i;
			for (; j < line1; j++) {
				const cells = lines[j]!;
				if (column >= cells.length - 1) break;
				const w = runeLength(cells[column]!) + padding;
				if (w > width) width = w;
			}
			widths.push(width);
			format(i, j);
			widths.pop();
			pending = j;
			i = j;
		}
		writeLines(pending, line1);
	};

	format(0, lines.length);
	return out.join('\n') + (endsWithNewline ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// The describe writer

/** Indentation per level, as kubectl's describe prefix writer uses. */
const LEVEL_SPACE = '  ';

/** Characters kubectl escapes before printing describe text. */
function escapeTerminal(s: string): string {
	return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

/**
 * Builds `kubectl describe` text. Text is written with tabs between cells (`Key:\tvalue\n`) at
 * an indentation level (two spaces each); `toString()` aligns the cells of consecutive lines
 * like kubectl's tabwriter, and `flush()` starts a new alignment region (as the Events table does).
 */
export class DescribeWriter {
	private readonly segments: string[] = [''];

	/** Raw text at an indentation level; may contain tabs and newlines. */
	write(level: number, text: string): this {
		const last = this.segments.length - 1;
		this.segments[last] += LEVEL_SPACE.repeat(level) + escapeTerminal(text);
		return this;
	}

	/** One line of cells separated by tabs. */
	line(level: number, ...cells: Array<string | number>): this {
		return this.write(level, cells.join('\t') + '\n');
	}

	/** A `Key:  value` line. */
	item(level: number, key: string, value: string | number): this {
		return this.write(level, `${key}:\t${value}\n`);
	}

	/** A section title on its own line (`Containers:`). */
	section(level: number, title: string): this {
		return this.write(level, `${title}:\n`);
	}

	/** A table: header, a dashed underline and the rows, every cell tab-separated. */
	table(level: number, header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): this {
		this.line(level, ...header);
		this.line(level, ...header.map(h => '-'.repeat(h.length)));
		for (const row of rows) this.line(level, ...row);
		return this;
	}

	/** Ends the current alignment region. */
	flush(): this {
		this.segments.push('');
		return this;
	}

	/**
	 * A multi-line map as `Labels:  a=b` with further pairs aligned under the first; `<none>`
	 * when empty. `indent` goes before the title (the pod template uses two spaces).
	 */
	labels(title: string, labels: Record<string, string> | undefined | null, indent = ''): this {
		this.write(0, `${indent}${title}:\t`);
		const keys = Object.keys(labels ?? {}).sort();
		if (!keys.length) return this.write(0, '<none>\n');
		keys.forEach((key, i) => {
			if (i) this.write(0, '\t');
			this.write(0, `${key}=${labels![key]}\n`);
		});
		return this;
	}

	/**
	 * Annotations as kubectl prints them: `key: value`, the last-applied-configuration skipped,
	 * long or multi-line values on their own indented lines, cut at 140 characters.
	 */
	annotations(title: string, annotations: Record<string, string> | undefined | null): this {
		this.write(0, `${title}:\t`);
		const keys = Object.keys(annotations ?? {})
			.filter(k => k !== 'kubectl.kubernetes.io/last-applied-configuration')
			.sort();
		if (!keys.length) return this.write(0, '<none>\n');
		const max = 140;
		keys.forEach((key, i) => {
			if (i) this.write(0, '\t');
			const value = annotations![key]!.replace(/\n$/, '');
			if (value.length + key.length + 2 > max || value.includes('\n')) {
				this.write(0, `${key}:\n`);
				for (const part of value.split('\n')) {
					const cut = part.length > max - 2 ? part.slice(0, max - 2) + '...' : part;
					this.write(0, `\t  ${cut}\n`);
				}
			} else {
				this.write(0, `${key}: ${value}\n`);
			}
		});
		return this;
	}

	/** A list printed one item a line, aligned like labels; `<none>` when empty. */
	list(title: string, items: readonly string[], indent = ''): this {
		this.write(0, `${indent}${title}:\t`);
		if (!items.length) return this.write(0, '<none>\n');
		items.forEach((item, i) => {
			if (i) this.write(0, '\t');
			this.write(0, `${item}\n`);
		});
		return this;
	}

	/** Taints sorted by effect then key, as in describe node. */
	taints(title: string, taints: readonly Taint[] | undefined): this {
		const sorted = [...(taints ?? [])].sort((a, b) => {
			const ka = `${a.effect},${a.key}`;
			const kb = `${b.effect},${b.key}`;
			return ka < kb ? -1 : ka > kb ? 1 : 0;
		});
		return this.list(title, sorted.map(formatTaint));
	}

	/** Tolerations sorted by key, as in describe pod. */
	tolerations(title: string, tolerations: readonly Toleration[] | undefined, indent = ''): this {
		const sorted = [...(tolerations ?? [])].sort((a, b) => {
			const ka = a.key ?? '';
			const kb = b.key ?? '';
			return ka < kb ? -1 : ka > kb ? 1 : 0;
		});
		return this.list(title, sorted.map(formatToleration), indent);
	}

	/** The aligned text. */
	toString(): string {
		return this.segments.map(s => tabwrite(s)).join('');
	}
}

/** The `-o wide` columns of every kind with a pod template: its containers and images. */
export const TEMPLATE_COLUMNS: readonly Column[] = [
	{name: 'Containers', type: 'string', priority: 1, description: 'Names of each container in the template.'},
	{name: 'Images', type: 'string', priority: 1, description: 'Images referenced by each container in the template.'},
];

/** The `-o wide` Selector column of workloads. */
export const SELECTOR_COLUMN: Column = {name: 'Selector', type: 'string', priority: 1};
