import {describe, expect, it} from 'vitest';
import {Clock} from '../../source/cluster/clock.js';
import {Runner, backoffDelay, type Reconciler} from '../../source/cluster/core/runner.js';
import {smallCluster} from './helpers.js';
import {expectControllerFailures} from '../setup.js';

/** A reconciler that throws on its first `failures` syncs of each key. */
function flaky(clock: Clock, failures: number) {
	const attempts: number[] = [];
	const r: Reconciler = {
		name: 'flaky',
		sync() {
			attempts.push(clock.elapsed());
			if (attempts.length <= failures) throw new Error(`attempt ${attempts.length} failed`);
		},
	};
	return {r, attempts};
}

describe('controller work queues', () => {
	it('requeue a failed sync after 5 ms doubling, capped at 1000 s, and forget the key after a success', () => {
		expect([1, 2, 3, 4, 10, 18, 19, 40].map(backoffDelay)).toEqual([5, 10, 20, 40, 2560, 655_360, 1_000_000, 1_000_000]);
		const clock = new Clock();
		const runner = new Runner(clock);
		clock.onIdle = () => runner.drain();
		const {r, attempts} = flaky(clock, 3);
		runner.register(r);
		const seen: string[] = [];
		runner.onFailure = f => seen.push(`${f.controller} ${f.key} #${f.attempt} retry in ${f.retryInMs}ms: ${(f.error as Error).message}`);
		expectControllerFailures(5);
		runner.enqueue(r, 'default/web');
		runner.drain();
		expect(attempts).toEqual([0]);
		// each retry is due exactly one backoff after the failure before it
		clock.advance(4);
		expect(attempts).toEqual([0]);
		clock.advance(1);
		expect(attempts).toEqual([0, 5]);
		clock.advance(10);
		expect(attempts).toEqual([0, 5, 15]);
		clock.advance(19);
		expect(attempts).toEqual([0, 5, 15]);
		clock.advance(1);
		expect(attempts).toEqual([0, 5, 15, 35]);
		clock.advance(10_000);
		expect(attempts).toEqual([0, 5, 15, 35]);
		expect(seen).toEqual([
			'flaky default/web #1 retry in 5ms: attempt 1 failed',
			'flaky default/web #2 retry in 10ms: attempt 2 failed',
			'flaky default/web #3 retry in 20ms: attempt 3 failed',
		]);
		// success forgot the count: the next failure starts again at 5 ms
		const again = flaky(clock, 2);
		runner.register(again.r);
		runner.enqueue(again.r, 'x');
		runner.drain();
		clock.advance(5);
		clock.advance(10);
		expect(again.attempts.map(t => t - again.attempts[0]!)).toEqual([0, 5, 15]);
		expect(runner.failures.map(f => f.attempt)).toEqual([1, 2, 3, 1, 2]);
	});

	it('a failed sync is written to the kube-controller-manager log', () => {
		const cluster = smallCluster();
		cluster.advance(30_000);
		// reach the cluster's runner the way a controller does (the face does not expose it)
		const runner = (cluster as unknown as {runner: Runner}).runner;
		const r: Reconciler = {
			name: 'broken',
			sync() {
				throw new Error('no "spec" here');
			},
		};
		runner.register(r);
		expectControllerFailures(1);
		runner.enqueue(r, 'default/web');
		runner.drain();
		const pod = cluster.list('Pod', {namespace: 'kube-system', labelSelector: 'component=kube-controller-manager'})[0]!;
		expect(cluster.logs('kube-system', pod.metadata.name).at(-1)).toBe(
			'E0106 09:00:30.000000       1 broken_controller.go:1] "Unhandled Error" err="error syncing \\"default/web\\": no \\"spec\\" here, requeuing in 5ms" logger="UnhandledError"',
		);
		expect(cluster.controllerFailures().map(f => [f.controller, f.key, f.attempt])).toEqual([['broken', 'default/web', 1]]);
	});
});
