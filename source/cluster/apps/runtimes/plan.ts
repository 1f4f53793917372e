// Plans: what a script does (lines, sleeps, a loop, a port, an exit or a crash), played back
// by one runner on the virtual clock.
import type {Step} from '../types.js';
import {forever, stderr, stdout, type Launch, type Program} from '../programs.js';

export const MiB = 1024 * 1024;

export type Action = {write: string; stream: 'stdout' | 'stderr'; flush?: boolean} | {sleepMs: number} | {listening: true};

export interface Plan {
	prelude: Action[];
	/** Repeated forever after the prelude. */
	loop?: Action[];
	port?: number;
	exitCode: number;
	/** Uncaught error: these stderr lines, then exit 1 (or `crashCode`). */
	crash?: string[];
	crashCode?: number;
	/** The script handles SIGTERM itself. */
	handlesSigterm?: boolean;
}

interface RunOptions {
	start: number;
	/** stdout is block-buffered (python, perl without a TTY): lines appear in 8 KiB chunks or at exit. */
	buffered: boolean;
	readyMs: number;
}

const BLOCK = 8192;

export function* runPlan(plan: Plan, o: RunOptions): Generator<Step, void, undefined> {
	const partial = {stdout: '', stderr: ''};
	let pending = '';
	const lines = function* (stream: 'stdout' | 'stderr', text: string, final: boolean): Generator<Step> {
		const all = (partial[stream] + text).split('\n');
		partial[stream] = all.pop() ?? '';
		for (const l of all) yield stream === 'stderr' ? stderr(l) : stdout(l);
		if (final && partial[stream] !== '') {
			yield stream === 'stderr' ? stderr(partial[stream]) : stdout(partial[stream]);
			partial[stream] = '';
		}
	};
	const flushPending = function* (final: boolean): Generator<Step> {
		const text = pending;
		pending = '';
		yield* lines('stdout', text, final);
	};
	let elapsed = 0;
	const act = function* (a: Action): Generator<Step> {
		if ('sleepMs' in a) {
			if (a.sleepMs > 0) {
				elapsed += a.sleepMs;
				yield {sleep: a.sleepMs};
			}
		} else if ('listening' in a) {
			if (elapsed < o.readyMs) {
				const d = o.readyMs - elapsed;
				elapsed += d;
				yield {sleep: d};
			}
		} else if (a.stream === 'stdout' && o.buffered && !a.flush) {
			pending += a.write;
			if (pending.length >= BLOCK) yield* flushPending(false);
		} else {
			if (pending) yield* flushPending(false);
			yield* lines(a.stream, a.write, false);
		}
	};
	for (const a of plan.prelude) yield* act(a);
	if (plan.loop) {
		const hasSleep = plan.loop.some((a) => 'sleepMs' in a && a.sleepMs > 0);
		for (;;) {
			for (const a of plan.loop) yield* act(a);
			if (!hasSleep) yield {sleep: 100};
		}
	}
	if (plan.port !== undefined) yield* forever();
	yield* flushPending(true);
	yield* lines('stderr', '', true);
	if (plan.crash) {
		for (const l of plan.crash) yield stderr(l);
		yield {exit: plan.crashCode ?? 1};
		return;
	}
	yield {exit: plan.exitCode};
}

export function planProgram(plan: Plan, l: Launch, o: {buffered: boolean; readyMs: number; memory: number; serverMemory: number}): Program {
	const busy = plan.loop !== undefined && !plan.loop.some((a) => 'sleepMs' in a && a.sleepMs > 0);
	return {
		run: () => runPlan(plan, {start: l.ctx.startedAt + (l.uptimeMs ?? 0), buffered: o.buffered, readyMs: o.readyMs}),
		listen: plan.port !== undefined ? {ports: [plan.port], afterMs: o.readyMs} : undefined,
		memory: plan.port !== undefined ? o.serverMemory : o.memory,
		cpu: busy ? 1000 : 1,
		// As PID 1 without its own handler the runtime ignores SIGTERM.
		onSigterm: plan.handlesSigterm ? () => [{exit: 0}] : undefined,
	};
}

/** The absolute path of a script named on the command line (the working directory is /). */
export function scriptPath(file: string): string {
	return file.startsWith('/') ? file : '/' + file.replace(/^\.\//, '');
}
