// The last lines of a pod's log for the side pane: they gather in a ref and show with the next
// frame (frames come at least every simulated second), so the tail costs no renders of its own.
import {useEffect, useRef, useState} from 'react';
import type {ClusterClient} from '../../client/types.js';
import type {Pod} from '../../cluster/types.js';

export const LOG_TAIL_LINES = 200;

export function useLogTail(client: ClusterClient, pod: Pod | undefined): string[] {
	const lines = useRef<string[]>([]);
	const [, ready] = useState(0);
	useEffect(() => {
		const tail: string[] = [];
		lines.current = tail;
		if (!pod) return;
		let stop: (() => void) | undefined;
		let cancelled = false;
		client
			.logs(pod.metadata.namespace!, pod.metadata.name, {follow: true, tailLines: LOG_TAIL_LINES, container: pod.spec.containers[0]?.name}, line => {
				tail.push(line);
				if (tail.length > LOG_TAIL_LINES * 2) tail.splice(0, tail.length - LOG_TAIL_LINES);
			})
			.then(s => {
				if (cancelled) s();
				else {
					stop = s;
					ready(n => n + 1);
				}
			})
			.catch((e: Error) => {
				if (!cancelled) {
					tail.push(e.message);
					ready(n => n + 1);
				}
			});
		return () => {
			cancelled = true;
			stop?.();
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [client, pod?.metadata.uid]);
	return lines.current.slice(-LOG_TAIL_LINES);
}
