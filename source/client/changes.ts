// What changed in a kind since a revision the screen saw: the namespace/name keys a client's
// caches changed, kept per kind for a few thousand changes, so that a table of 150,000 rows can
// move the rows that changed instead of listing and sorting every object again each frame.

/** Keys kept per kind; a screen further behind lists again. */
const KEPT = 8192;

/** The keys changed at each revision of one kind, from `base + 1` to `base + keys.length`. */
class Log {
	keys: string[] = [];
	constructor(public base: number) {}
}

export class ChangeLog {
	private logs = new Map<string, Log>();

	/**
	 * A change of a kind that made its revision `revision`: the key of the object it touched, or
	 * '' for one that touched no object the tables show (a whole object fetched for describe).
	 */
	record(kind: string, revision: number, key: string): void {
		let log = this.logs.get(kind);
		if (!log || log.base + log.keys.length !== revision - 1) {
			log = new Log(revision - 1);
			this.logs.set(kind, log);
		}
		log.keys.push(key);
		if (log.keys.length > KEPT) {
			const cut = log.keys.length - KEPT / 2;
			log.keys = log.keys.slice(cut);
			log.base += cut;
		}
	}

	/**
	 * A change that cannot be told by keys (a page of a list, a list again), which made the
	 * kind's revision `revision`: a table from before it lists again.
	 */
	reset(kind: string, revision: number): void {
		this.logs.set(kind, new Log(revision));
	}

	/** Every kind starts over (acting as another user). */
	clear(): void {
		this.logs.clear();
	}

	/**
	 * The keys changed after `since` up to `revision` (each once), or undefined when they are not
	 * all known.
	 */
	since(kind: string, since: number, revision: number): Set<string> | undefined {
		const log = this.logs.get(kind);
		if (!log || since < log.base || log.base + log.keys.length !== revision || since > revision) return undefined;
		const out = new Set<string>();
		for (let i = since - log.base; i < log.keys.length; i++) if (log.keys[i]) out.add(log.keys[i]!);
		return out;
	}
}
