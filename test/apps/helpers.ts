// Helpers for the image catalogue tests: a process context and a bounded step collector.
import type {ProcessContext, Step} from '../../source/cluster/apps/types.js';
import {Rng} from '../../source/cluster/core/rng.js';

export const START = Date.UTC(2025, 0, 6, 9, 0, 0);

export function context(overrides: Partial<ProcessContext> = {}): ProcessContext {
	return {
		env: {},
		hostname: 'web-7d4b9c8f5d-x2x9k',
		podName: 'web-7d4b9c8f5d-x2x9k',
		namespace: 'default',
		podIP: '10.244.1.5',
		startedAt: START,
		rng: new Rng(42),
		files: {},
		...overrides,
	};
}

/** At most `max` steps of a process. */
export function take(it: Iterator<Step>, max = 1000): Step[] {
	const steps: Step[] = [];
	for (let i = 0; i < max; i++) {
		const r = it.next();
		if (r.done) break;
		steps.push(r.value);
	}
	return steps;
}

/** The output lines of some steps. */
export function lines(steps: Step[]): string[] {
	return steps.flatMap((s) => ('out' in s ? [s.out] : []));
}
