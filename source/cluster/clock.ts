// Virtual time. Every timer of the simulated cluster lives in one binary heap ordered by
// (due time, insertion order), so a run with the same seed and steps is the same run.

/** The instant the simulated cluster is born: virtual time 0. */
export const EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);

export type TimerId = number;

/** Controllers run at least this often (virtual ms) while timers fire. */
export const BATCH_MS = 50;

interface Timer {
	at: number;
	seq: number;
	id: TimerId;
	fn: () => void;
}

export class Clock {
	/** Epoch milliseconds of virtual time 0 (EPOCH_MS unless the cluster was told otherwise). */
	readonly epoch: number;
	private current = 0;
	private heap: Timer[] = [];
	private seq = 0;
	private cancelled = new Set<TimerId>();
	private live = new Set<TimerId>();
	/**
	 * The reconcile loop: runs at the start and end of every advance and between timers, at
	 * least every BATCH_MS of virtual time, so controllers see a burst of changes at once (a
	 * real controller's work queue batches the same way).
	 */
	onIdle: () => void = () => {};
	private lastIsoSecond = -1;
	private lastIso = '';

	/** Milliseconds of virtual time since the cluster started. */
	elapsed(): number {
		return this.current;
	}

	/** `elapsed`: where virtual time starts (a cluster restored from its state resumes there). */
	constructor(epoch: number = EPOCH_MS, elapsed = 0) {
		this.epoch = Math.floor(epoch / 1000) * 1000;
		this.current = elapsed;
	}

	/** Virtual wall time in epoch milliseconds. */
	now(): number {
		return this.epoch + this.current;
	}

	/** Virtual wall time as RFC 3339 (seconds precision, like the API server). */
	iso(ms: number = this.now()): string {
		const second = Math.floor(ms / 1000);
		if (second !== this.lastIsoSecond) {
			this.lastIsoSecond = second;
			this.lastIso = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
		}
		return this.lastIso;
	}

	/** Runs fn after `delay` milliseconds of virtual time. */
	after(delay: number, fn: () => void): TimerId {
		return this.at(this.current + Math.max(0, delay), fn);
	}

	/** Runs fn at elapsed time `at` (milliseconds since start). */
	at(at: number, fn: () => void): TimerId {
		const id = ++this.seq;
		this.push({at: Math.max(at, this.current), seq: id, id, fn});
		this.live.add(id);
		return id;
	}

	cancel(id: TimerId | undefined): void {
		if (id !== undefined && this.live.delete(id)) this.cancelled.add(id);
	}

	/** Number of timers waiting. */
	pending(): number {
		return this.live.size;
	}

	/** Elapsed time of the next due timer, or undefined. */
	nextDue(): number | undefined {
		this.dropCancelled();
		return this.heap[0]?.at;
	}

	/** Advances virtual time by ms, running every due timer in order. */
	advance(ms: number): void {
		const target = this.current + Math.max(0, ms);
		this.onIdle();
		let lastDrain = this.current;
		let dirty = false;
		for (;;) {
			this.dropCancelled();
			const top = this.heap[0];
			if (!top || top.at > target) break;
			if (dirty && top.at - lastDrain >= BATCH_MS) {
				this.onIdle();
				lastDrain = this.current;
				dirty = false;
				continue;
			}
			this.pop();
			this.live.delete(top.id);
			this.current = top.at;
			top.fn();
			dirty = true;
		}
		this.current = target;
		this.onIdle();
	}

	private dropCancelled(): void {
		while (this.heap.length > 0 && this.cancelled.has(this.heap[0]!.id)) {
			this.cancelled.delete(this.heap[0]!.id);
			this.pop();
		}
	}

	private less(a: Timer, b: Timer): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	private push(t: Timer): void {
		const h = this.heap;
		h.push(t);
		let i = h.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (!this.less(h[i]!, h[p]!)) break;
			[h[i], h[p]] = [h[p]!, h[i]!];
			i = p;
		}
	}

	private pop(): Timer | undefined {
		const h = this.heap;
		const top = h[0];
		const last = h.pop();
		if (h.length > 0 && last) {
			h[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
				if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
				if (m === i) break;
				[h[i], h[m]] = [h[m]!, h[i]!];
				i = m;
			}
		}
		return top;
	}
}
