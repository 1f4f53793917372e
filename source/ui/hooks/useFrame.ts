// Coalesces a burst of cluster changes into at most one render per frame, and skips frames
// where nothing visible could have changed (no write and the clock still in the same second).
import {useEffect, useReducer, useRef} from 'react';
import type {ClusterClient} from '../../client/types.js';

/**
 * Renders for cluster changes come at most `fps` times a second, and at 1x at most once per
 * second of simulated time (ages and counters change on the second); faster speeds render
 * proportionally more often. Key presses render at once, through React state.
 */
export function useFrame(client: ClusterClient, fps: number): number {
	const [frame, bump] = useReducer((n: number) => n + 1, 0);
	const last = useRef({revision: -1, second: -1, scheduled: false});
	useEffect(() => {
		const minInterval = Math.max(5, Math.round(1000 / Math.max(1, fps)));
		let timer: NodeJS.Timeout | undefined;
		let lastRender = 0;
		const unsubscribe = client.subscribe(() => {
			const l = last.current;
			if (l.scheduled) return;
			const revision = client.revision();
			const second = Math.floor(client.now() / 1000);
			if (revision === l.revision && second === l.second) return;
			l.scheduled = true;
			// a step while paused shows at once; running time shows once per simulated second
			const speed = client.sim?.paused() ? 1000 : client.sim?.speed() ?? 1;
			const interval = Math.max(minInterval, Math.round(1000 / Math.max(1, speed)));
			const wait = Math.max(minInterval, interval - (performance.now() - lastRender));
			timer = setTimeout(() => {
				lastRender = performance.now();
				l.scheduled = false;
				l.revision = client.revision();
				l.second = Math.floor(client.now() / 1000);
				bump();
			}, wait);
		});
		return () => {
			unsubscribe();
			if (timer) clearTimeout(timer);
		};
	}, [client, fps]);
	return frame;
}
