// Work queues for controllers. A watch handler only enqueues a key; the runner drains every
// queue, in controller order and first-in first-out, until nothing is left at this instant of
// virtual time. Same seed, same steps, same order. A sync that throws is requeued after an
// exponential backoff (5 ms doubling to 1000 s, client-go's default per-item rate limiter) and
// reported to whoever listens (the cluster writes it to the controller-manager's log); a sync
// that succeeds forgets the key's failures.
import type {Clock} from '../clock.js';
import {NO_TALLY, type Tally} from './tally.js';

export interface Reconciler {
	readonly name: string;
	/** Reconciles one key (usually namespace/name) from the current state of the store. */
	sync(key: string): void;
}

class Queue {
	constructor(readonly synced: Tally) {}
	items: string[] = [];
	head = 0;
	queued = new Set<string>();

	push(key: string): boolean {
		if (this.queued.has(key)) return false;
		this.queued.add(key);
		this.items.push(key);
		return true;
	}

	shift(): string | undefined {
		if (this.head >= this.items.length) return undefined;
		const key = this.items[this.head++]!;
		this.queued.delete(key);
		if (this.head > 1024 && this.head * 2 > this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
		return key;
	}

	get size(): number {
		return this.items.length - this.head;
	}
}

export const BACKOFF_BASE_MS = 5;
export const BACKOFF_MAX_MS = 1000_000;

/** The delay before the n-th retry (n >= 1) of a failing key. */
export function backoffDelay(failures: number): number {
	return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 30));
}

export interface SyncFailure {
	controller: string;
	key: string;
	error: unknown;
	/** Consecutive failures of this key, this one included. */
	attempt: number;
	/** Virtual ms until the retry. */
	retryInMs: number;
}

export class Runner {
	private queues = new Map<Reconciler, Queue>();
	private order: Reconciler[] = [];
	private draining = false;
	/** Consecutive failures per controller and key (forgotten on success). */
	private readonly failing = new Map<Reconciler, Map<string, number>>();
	/** The most recent failures, newest last (at most 100): a controller never brings the cluster down. */
	readonly failures: SyncFailure[] = [];
	/** Called after each failed sync. */
	onFailure: ((f: SyncFailure) => void) | undefined;
	/** Where each reconciler's syncs are counted (given before the reconcilers register). */
	tallyOf: (name: string) => Tally = () => NO_TALLY;

	constructor(private readonly clock: Clock) {}

	register(r: Reconciler): void {
		this.order.push(r);
		this.queues.set(r, new Queue(this.tallyOf(r.name)));
	}

	enqueue(r: Reconciler, key: string): void {
		this.queues.get(r)!.push(key);
	}

	/** Enqueues after a delay of virtual time (requeue-after). */
	enqueueAfter(r: Reconciler, key: string, delayMs: number): number {
		return this.clock.after(delayMs, () => this.enqueue(r, key));
	}

	pending(): number {
		let n = 0;
		for (const q of this.queues.values()) n += q.size;
		return n;
	}

	private run(r: Reconciler, key: string, synced: Tally): void {
		synced.add();
		try {
			r.sync(key);
		} catch (error) {
			this.failed(r, key, error);
			return;
		}
		this.failing.get(r)?.delete(key);
	}

	private failed(r: Reconciler, key: string, error: unknown): void {
		let perKey = this.failing.get(r);
		if (!perKey) this.failing.set(r, (perKey = new Map()));
		const attempt = (perKey.get(key) ?? 0) + 1;
		perKey.set(key, attempt);
		const failure: SyncFailure = {controller: r.name, key, error, attempt, retryInMs: backoffDelay(attempt)};
		this.failures.push(failure);
		if (this.failures.length > 100) this.failures.shift();
		this.enqueueAfter(r, key, failure.retryInMs);
		this.onFailure?.(failure);
	}

	/** Runs every queued sync until all queues are empty. */
	drain(): void {
		if (this.draining) return;
		this.draining = true;
		try {
			for (let rounds = 0; ; rounds++) {
				let worked = false;
				for (const r of this.order) {
					const q = this.queues.get(r)!;
					let n = q.size;
					while (n-- > 0) {
						const key = q.shift();
						if (key === undefined) break;
						worked = true;
						this.run(r, key, q.synced);
					}
				}
				if (!worked) break;
				if (rounds > 100_000) throw new Error('controllers did not settle');
			}
		} finally {
			this.draining = false;
		}
	}
}
