// Waiting in tests without the wall clock: every wait here resolves on a signal (a render, a
// watch event, a driver tick, a pane's output) or on the event loop running dry, and gives up
// after a bounded number of signals or a budget of simulated time, never after a real delay.
import type {Cluster, Driver} from '../source/cluster/index.js';

/** Counts firings of something (a write, a tick, an output) and lets a test await the next ones. */
export class Signal {
	count = 0;
	private waiters: Array<{after: number; resolve: () => void}> = [];

	readonly fire = (): void => {
		this.count++;
		const due = this.waiters.filter(w => this.count > w.after);
		if (due.length === 0) return;
		this.waiters = this.waiters.filter(w => this.count <= w.after);
		for (const w of due) w.resolve();
	};

	/** Resolves once the signal has fired more than `after` times in all (default: its next firing). */
	next(after = this.count): Promise<void> {
		if (this.count > after) return Promise.resolve();
		return new Promise(resolve => this.waiters.push({after, resolve}));
	}
}

/** One turn of the event loop: I/O callbacks, promise jobs and immediates queued before it have run. */
export const nextTurn = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

/**
 * Turns the event loop until `changes()` (a count of writes, say) has stayed the same for
 * `idleTurns` turns in a row: the work already queued (input handling, commits, effects,
 * resolved promises) is done. Fails when it never settles within `maxTurns`.
 */
export async function quiet(changes: () => number, idleTurns = 3, maxTurns = 5000): Promise<void> {
	let last = changes();
	let idle = 0;
	for (let turn = 0; turn < maxTurns; turn++) {
		await nextTurn();
		const now = changes();
		idle = now === last ? idle + 1 : 0;
		last = now;
		if (idle >= idleTurns) return;
	}
	throw new Error(`still changing after ${maxTurns} turns of the event loop`);
}

export interface WaitOptions {
	/** Gives up after this many signals (default 100 000). */
	tries?: number;
	/** Gives up when this holds, checked after every signal (a budget of simulated time, say). */
	giveUp?: () => boolean;
	/** Added to the failure message: the last frame, the screen, the state waited on. */
	describe?: () => string;
}

type Falsy = undefined | null | false | '' | 0;

/**
 * Checks `probe` now and after every signal until it returns something truthy, and resolves
 * with that. `next` is a Signal, or a function returning a promise for the next signal (the
 * next timer of a fake clock, the next output of a command).
 */
export async function waitFor<T>(what: string, probe: () => T | Falsy | Promise<T | Falsy>, next: Signal | (() => Promise<unknown>), opts: WaitOptions = {}): Promise<T> {
	const tries = opts.tries ?? 100_000;
	for (let i = 0; ; i++) {
		const seen = next instanceof Signal ? next.count : 0;
		const value = await probe();
		if (value) return value as T;
		const why = i >= tries ? `after ${tries} signals` : opts.giveUp?.() ? 'the budget ran out' : undefined;
		if (why) throw new Error(`gave up waiting for ${what} (${why})${opts.describe ? `:\n${opts.describe()}` : ''}`);
		// a signal fired while an asynchronous probe ran counts: nothing is missed in between
		await (next instanceof Signal ? next.next(seen) : next());
	}
}

/** Resolves with the arguments of the emitter's next `event`. */
export function once(emitter: {once(event: string, listener: (...args: any[]) => void): unknown}, event: string): Promise<any[]> {
	return new Promise(resolve => emitter.once(event, (...args: any[]) => resolve(args)));
}

/**
 * Waits, on a cluster the real-time driver moves, until `done` holds: checked after every
 * tick of the driver, failing once `virtualMs` of simulated time have passed without it.
 */
export async function untilSimulated(cluster: Cluster, driver: Driver, what: string, done: () => boolean, virtualMs = 600_000): Promise<void> {
	const ticks = new Signal();
	const stop = driver.onTick(ticks.fire);
	const end = cluster.elapsed() + virtualMs;
	try {
		await waitFor(what, done, ticks, {giveUp: () => cluster.elapsed() > end, describe: () => `not within ${virtualMs / 1000} s of simulated time`});
	} finally {
		stop();
	}
}
