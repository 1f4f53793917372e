// What every controller gets: the API server to write through, the store to read and watch,
// the clock, the seeded generator, the event recorder and the work-queue runner.
import type {ApiServer} from '../api/apiserver.js';
import type {Clock} from '../clock.js';
import type {EventRecorder} from '../events.js';
import type {Store} from '../store/store.js';
import type {Rng} from './rng.js';
import type {Runner} from './runner.js';

export interface ControllerContext {
	api: ApiServer;
	store: Store;
	clock: Clock;
	rng: Rng;
	events: EventRecorder;
	runner: Runner;
}

/** Splits `namespace/name` (or a bare cluster-scoped name). */
export function splitKey(key: string): [string | undefined, string] {
	const i = key.indexOf('/');
	return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}
