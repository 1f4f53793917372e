// The dashboard's view of pods: health from the STATUS column, enter lists the containers, the
// side pane tails the logs, IP and NODE always show, and the pod keys (logs, kill, chaos).
// Imported only by ./index.ts (it reads the pod helpers there when called, never at load).
import type {Container, Pod} from '../../cluster/types.js';
import type {KindView, XrayPart} from '../types.js';
import {statusHealth} from '../view.js';
import {podStatus} from './index.js';
import {whyPod} from './why.js';

function restarts(pod: Pod): number {
	return (pod.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

/** The ConfigMaps, Secrets, claims and service account a pod names, each once, in that order. */
export function podUses(pod: Pod): Array<{kind: string; name: string}> {
	const seen = new Set<string>();
	const out: Array<{kind: string; name: string}> = [];
	const add = (kind: string, name: string | undefined) => {
		if (!name || seen.has(`${kind}/${name}`)) return;
		seen.add(`${kind}/${name}`);
		out.push({kind, name});
	};
	const containers: Container[] = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
	for (const c of containers) {
		for (const e of c.env ?? []) {
			add('ConfigMap', e.valueFrom?.configMapKeyRef?.name);
			add('Secret', e.valueFrom?.secretKeyRef?.name);
		}
		for (const f of c.envFrom ?? []) {
			add('ConfigMap', f.configMapRef?.name);
			add('Secret', f.secretRef?.name);
		}
	}
	for (const v of pod.spec.volumes ?? []) {
		add('ConfigMap', v.configMap?.name);
		add('Secret', v.secret?.secretName);
		add('PersistentVolumeClaim', v.persistentVolumeClaim?.claimName);
		for (const s of v.projected?.sources ?? []) {
			add('ConfigMap', s.configMap?.name);
			add('Secret', s.secret?.name);
		}
	}
	for (const s of pod.spec.imagePullSecrets ?? []) add('Secret', s.name);
	add('ServiceAccount', pod.spec.serviceAccountName ?? 'default');
	return out;
}

/** A pod's containers for `:xray`: init ones first, each with its image and state. */
function podParts(pod: Pod): XrayPart[] {
	const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	const all = [...(pod.spec.initContainers ?? []).map(c => ({c, init: true})), ...pod.spec.containers.map(c => ({c, init: false}))];
	return all.map(({c, init}) => {
		const s = statuses.find(x => x.name === c.name);
		const state = s?.state?.running ? (s.ready ? 'Running' : 'Running, not ready') : (s?.state?.waiting?.reason ?? s?.state?.terminated?.reason ?? 'Waiting');
		const done = init && s?.state?.terminated?.exitCode === 0;
		const health = s?.state?.running ? (s.ready ? 'ok' : 'warn') : done ? 'muted' : s?.state?.terminated || /BackOff|Err|Invalid/.test(state) ? 'bad' : 'warn';
		return {label: `${init ? 'init container' : 'container'} ${c.name}`, detail: `${c.image}  ${state}`, health};
	});
}

export const podView: KindView = {
	why: (obj, ctx) => whyPod(obj as Pod, ctx),
	xray: {uses: (pod: Pod) => podUses(pod), parts: (pod: Pod) => podParts(pod)},
	health: (pod: Pod) => statusHealth(podStatus(pod)),
	drill: () => ({to: 'containers'}),
	logs: 'self',
	pane: 'logTail',
	shownColumns: ['IP', 'Node'],
	sortKey: (pod: Pod, column) => (column === 'status' ? podStatus(pod) : column === 'restarts' ? restarts(pod) : undefined),
	actions: [
		{key: 'l', command: 'logs', message: 'keys.pod.logs', hint: true, requires: 'loggable'},
		{key: 'p', command: 'previousLogs', message: 'keys.pod.previousLogs', requires: 'loggable'},
		{key: 's', command: 'shell', message: 'keys.pod.shell', hintMessage: 'keys.hint.shell', hint: true, requires: 'loggable'},
		{key: 'a', command: 'attach', message: 'keys.pod.attach', requires: 'loggable'},
		{key: 'shift-f', command: 'portForward', message: 'keys.pod.portForward', requires: 'loggable'},
		{key: 'ctrl-k', command: 'kill', message: 'keys.pod.kill', mutates: true},
		{key: 'x', command: 'crash', message: 'keys.pod.crash', mutates: true, sim: true, hint: true},
		{key: 'b', command: 'breakProbes', message: 'keys.pod.breakProbes', mutates: true, sim: true},
	],
};
