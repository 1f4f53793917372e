// The real-time host for the simulator's driver: the wall clock and a ticker.
import {performance} from 'node:perf_hooks';
import type {DriverHost} from '../cluster/index.js';

export const realTimeHost: DriverHost = {
	now: () => performance.now(),
	every(ms, fn) {
		const t = setInterval(fn, ms);
		t.unref?.();
		return () => clearInterval(t);
	},
};
