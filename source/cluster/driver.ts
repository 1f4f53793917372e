// Runs virtual time along with real time, for the dashboard: each tick advances the clock by
// the real time elapsed times the speed. The host supplies the wall clock and the ticker, so
// the simulator itself never reads the real time.
import type {Clock} from './clock.js';

export interface DriverHost {
	/** Real monotonic time in milliseconds. */
	now(): number;
	/** Calls fn every `ms` real milliseconds until the returned function is called. */
	every(ms: number, fn: () => void): () => void;
}

/** The most virtual time one tick may cover, so a stalled host does not jump minutes at once. */
const MAX_STEP_MS = 10_000;
/** The least virtual time worth a tick: at slow speeds ticks gather until this much has passed. */
const MIN_STEP_MS = 250;

export class Driver {
	private stopTicker: (() => void) | undefined;
	private last: number;
	private listeners = new Set<() => void>();
	paused = false;
	/** Real milliseconds spent inside advance() during the last tick. */
	lastTickCost = 0;

	constructor(
		private readonly clock: Clock,
		private readonly host: DriverHost,
		public speed = 1,
		tickMs = 50,
	) {
		this.last = host.now();
		this.stopTicker = host.every(tickMs, () => this.tick());
	}

	private tick(): void {
		const now = this.host.now();
		const real = now - this.last;
		if (this.paused) {
			this.last = now;
			return;
		}
		if (real * this.speed < MIN_STEP_MS) return;
		this.last = now;
		const started = this.host.now();
		this.clock.advance(Math.min(real * this.speed, MAX_STEP_MS));
		this.lastTickCost = this.host.now() - started;
		for (const l of this.listeners) l();
	}

	/** Called after every tick that advanced time. */
	onTick(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	pause(): void {
		this.paused = true;
	}

	resume(): void {
		this.paused = false;
		this.last = this.host.now();
	}

	toggle(): boolean {
		if (this.paused) this.resume();
		else this.pause();
		return this.paused;
	}

	setSpeed(speed: number): void {
		this.speed = Math.max(0.1, Math.min(1000, speed));
	}

	/** Advances by `ms` of virtual time at once (the step key while paused). */
	step(ms = 1000): void {
		this.clock.advance(ms);
		for (const l of this.listeners) l();
	}

	stop(): void {
		this.stopTicker?.();
		this.stopTicker = undefined;
	}
}
