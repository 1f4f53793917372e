// Work queues for controllers. A watch handler only enqueues a key; the runner drains every
// queue, in controller order and first-in first-out, until nothing is left at this instant of
// virtual time. Same seed, same steps, same order.
import type {Clock} from '../clock.js';

export interface Reconciler {
	readonly name: string;
	/** Reconciles one key (usually namespace/name) from the current state of the store. */
	sync(key: string): void;
}

class Queue {
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

export class Runner {
	private queues = new Map<Reconciler, Queue>();
	private order: Reconciler[] = [];
	private draining = false;
	/** Errors thrown by a sync, kept for inspection (a controller never brings the cluster down). */
	readonly failures: Array<{controller: string; key: string; error: unknown}> = [];

	constructor(private readonly clock: Clock) {}

	register(r: Reconciler): void {
		this.order.push(r);
		this.queues.set(r, new Queue());
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
						try {
							r.sync(key);
						} catch (error) {
							if (this.failures.length < 100) this.failures.push({controller: r.name, key, error});
						}
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
