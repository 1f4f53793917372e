// Every test fails when a controller's sync threw and the test did not expect it: such errors
// are retried and logged in a running cluster, which would hide them from a scenario test.
import {afterEach, expect} from 'vitest';
import {Runner, type SyncFailure} from '../source/cluster/core/runner.js';

const unexpected: SyncFailure[] = [];
let allowed = 0;

const proto = Runner.prototype as unknown as {failed(this: Runner, ...args: unknown[]): void};
const failed = proto.failed;
proto.failed = function (this: Runner, ...args: unknown[]) {
	failed.apply(this, args);
	const f = this.failures[this.failures.length - 1];
	if (f) unexpected.push(f);
};

/** Lets the current test see `n` failed syncs (a test of the failure path itself). */
export function expectControllerFailures(n: number): void {
	allowed = n;
}

afterEach(() => {
	const seen = unexpected.splice(0);
	const n = allowed;
	allowed = 0;
	if (n) expect(seen.length).toBe(n);
	else expect(seen.map(f => `${f.controller} ${f.key}: ${f.error instanceof Error ? f.error.stack : String(f.error)}`)).toEqual([]);
});
