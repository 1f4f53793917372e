// The kubelet's journal on one node: what `journalctl -u kubelet` shows, kept as a bounded ring
// of raw entries (time, severity, source file, message, key/value pairs) and formatted only when
// read, in klog's structured form under journalctl's `short` or `short-precise` prefix.

/** One kubelet log entry: the values are formatted when a line is read. */
export interface JournalEntry {
	/** epoch ms */
	time: number;
	severity: 'I' | 'W' | 'E';
	/** `file.go:line`, as klog's header names the caller. */
	source: string;
	message: string;
	/** Alternating keys and values (strings are quoted, numbers bare, anything else as JSON). */
	kv: readonly unknown[];
}

export interface JournalQuery {
	/** The last N lines only. */
	tailLines?: number;
	/** Entries at or after this epoch ms. */
	since?: number;
	/** Entries at or before this epoch ms. */
	until?: number;
	/** Only lines matching this regular expression (journalctl --grep). */
	pattern?: RegExp;
	/** `short` (seconds) as journalctl prints by default; `short-precise` (microseconds) as the kubelet's log query asks. */
	format?: 'short' | 'short-precise';
}

export class Journal {
	private entries: JournalEntry[] = [];
	private start = 0;

	constructor(
		readonly host: string,
		/** The kubelet's PID: journalctl's `kubelet[PID]` and klog's thread id. */
		readonly pid: number,
		private readonly capacity = 200,
	) {}

	add(time: number, severity: JournalEntry['severity'], source: string, message: string, ...kv: unknown[]): void {
		const e: JournalEntry = {time, severity, source, message, kv};
		if (this.entries.length < this.capacity) this.entries.push(e);
		else {
			this.entries[this.start] = e;
			this.start = (this.start + 1) % this.capacity;
		}
	}

	get size(): number {
		return this.entries.length;
	}

	/** Entries oldest first. */
	all(): JournalEntry[] {
		return this.start === 0 ? this.entries.slice() : [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
	}

	/** The lines as journalctl prints them. */
	lines(q: JournalQuery = {}): string[] {
		let out: string[] = [];
		for (const e of this.all()) {
			if (q.since !== undefined && e.time < q.since) continue;
			if (q.until !== undefined && e.time > q.until) continue;
			const line = this.format(e, q.format ?? 'short');
			if (q.pattern && !q.pattern.test(line)) continue;
			out.push(line);
		}
		if (q.tailLines !== undefined && q.tailLines >= 0) out = q.tailLines === 0 ? [] : out.slice(-q.tailLines);
		return out;
	}

	format(e: JournalEntry, format: 'short' | 'short-precise'): string {
		const d = new Date(e.time);
		const stamp = `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${clock(d)}${format === 'short-precise' ? `.${micros(e.time)}` : ''}`;
		return `${stamp} ${this.host} kubelet[${this.pid}]: ${klogLine(e, this.pid)}`;
	}
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
	return String(n).padStart(2, '0');
}

function clock(d: Date): string {
	return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The microseconds within the second of a (fractional) epoch ms. */
function micros(ms: number): string {
	return String(Math.floor(ms * 1000) % 1_000_000).padStart(6, '0');
}

/** klog's structured line: `I1202 06:10:01.123456     812 file.go:1] "message" key="value"`. */
export function klogLine(e: JournalEntry, pid: number): string {
	const d = new Date(e.time);
	let s = `${e.severity}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${clock(d)}.${micros(e.time)} ${String(pid).padStart(7)} ${e.source}] ${JSON.stringify(e.message)}`;
	for (let i = 0; i + 1 < e.kv.length; i += 2) s += ` ${String(e.kv[i])}=${klogValue(e.kv[i + 1])}`;
	return s;
}

/** A value klog prints as it is (a Go struct's %+v), not quoted. */
export class Raw {
	constructor(readonly text: string) {}
}

function klogValue(v: unknown): string {
	if (typeof v === 'string') return JSON.stringify(v);
	if (v instanceof Raw) return v.text;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (v === undefined || v === null) return '<nil>';
	return JSON.stringify(v);
}

/** A PID for the kubelet of a node, fixed by its name (systemd started it early in boot). */
export function kubeletPid(node: string, hash: (s: string) => number): number {
	return 600 + (hash(node) % 900);
}
