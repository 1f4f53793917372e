// The dashboard's view of pods: health from the STATUS column, enter lists the containers, the
// side pane tails the logs, IP and NODE always show, and the pod keys (logs, kill, chaos).
// Imported only by ./index.ts (it reads the pod helpers there when called, never at load).
import type {Pod} from '../../cluster/types.js';
import type {KindView} from '../types.js';
import {statusHealth} from '../view.js';
import {podStatus} from './index.js';

function restarts(pod: Pod): number {
	return (pod.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

export const podView: KindView = {
	health: (pod: Pod) => statusHealth(podStatus(pod)),
	drill: () => ({to: 'containers'}),
	logs: 'self',
	pane: 'logTail',
	shownColumns: ['IP', 'Node'],
	sortKey: (pod: Pod, column) => (column === 'status' ? podStatus(pod) : column === 'restarts' ? restarts(pod) : undefined),
	actions: [
		{key: 'l', command: 'logs', description: 'Logs', hint: true, requires: 'loggable'},
		{key: 'p', command: 'previousLogs', description: 'Logs of the previous container', requires: 'loggable'},
		{key: 'ctrl-k', command: 'kill', description: 'Kill (delete now)', mutates: true},
		{key: 'x', command: 'crash', description: 'Crash a container (simulator)', mutates: true, sim: true, hint: true},
		{key: 'b', command: 'breakProbes', description: 'Make probes fail / pass again (simulator)', mutates: true, sim: true},
	],
};
