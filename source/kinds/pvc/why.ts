// `w` on a PersistentVolumeClaim: why it is not Bound, from its events and its storage class.
import type {PersistentVolumeClaim} from '../../cluster/types.js';
import type {Finding, ViewContext} from '../types.js';
import {claimStorageClass} from './index.js';

export function whyClaim(pvc: PersistentVolumeClaim, ctx: ViewContext): Finding[] {
	const phase = pvc.status?.phase ?? 'Pending';
	if (phase === 'Bound') return [{level: 'ok', message: 'why.pvc.bound', values: {volume: pvc.spec?.volumeName ?? ''}}];
	if (phase === 'Lost') return [{level: 'bad', message: 'why.pvc.lost', values: {volume: pvc.spec?.volumeName ?? ''}}];
	const events = (ctx.eventsFor?.(pvc) ?? []).slice(-3).map(e => `${e.reason}: ${e.message ?? ''}`);
	const waiting = events.some(e => e.startsWith('WaitForFirstConsumer'));
	const className = claimStorageClass(pvc);
	return [
		{
			level: waiting ? 'info' : 'warn',
			message: waiting ? 'why.pvc.waitingForPod' : 'why.pvc.pending',
			values: {className: className || '<none>'},
			lines: events.length ? events : undefined,
			fixes: waiting ? undefined : [{message: 'why.pvc.fix.class'}],
		},
	];
}
