// registry.k8s.io/pause: sleeps until it is told to stop.
import {forever, stderr, type ProgramFactory} from '../programs.js';

export const PAUSE_PROGRAMS: Record<string, ProgramFactory> = {
	pause: () => ({
		run: () => forever(),
		onSigterm: () => [stderr('Shutting down, got signal: Terminated'), {exit: 0}],
	}),
};
