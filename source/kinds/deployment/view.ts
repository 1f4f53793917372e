// The dashboard's view of Deployments: a workload whose row is coloured by ready replicas, with
// a rollout line while it rolls out, and the rollout keys (scale, restart, set image, undo,
// history) and merged logs.
import type {Deployment, DeploymentStatus, ReplicaSet} from '../../cluster/types.js';
import type {KindView, ViewContext} from '../types.js';
import {REVISION} from '../../cluster/core/templates.js';
import {t} from '../../i18n/index.js';
import {replicasHealth, RESTART, SCALE, WORKLOAD_VIEW} from '../view.js';
import {whyDeployment} from './why.js';

/** While a Deployment rolls out: updated/ready/available of desired, and its new and old ReplicaSets. */
export function rolloutLine(d: Deployment, ctx: ViewContext): string {
	const want = d.spec?.replicas ?? 1;
	const s: DeploymentStatus = d.status ?? {};
	const progressing = s.conditions?.find(c => c.type === 'Progressing');
	if (progressing?.reason === 'NewReplicaSetAvailable' && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want) return '';
	const revision = d.metadata.annotations?.[REVISION];
	const sets = (ctx.list('ReplicaSet', {namespace: d.metadata.namespace}) as ReplicaSet[])
		.filter(rs => rs.metadata.ownerReferences?.some(o => o.uid === d.metadata.uid) && ((rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0))
		.map(rs => `${rs.metadata.name}${rs.metadata.annotations?.[REVISION] === revision ? t('screen.rollout.newSet') : ''} ${rs.status?.readyReplicas ?? 0}/${rs.spec?.replicas ?? 0}`);
	const stalled = progressing?.reason === 'ProgressDeadlineExceeded' ? t('screen.rollout.stalled') : '';
	return t('screen.rollout.line', {updated: s.updatedReplicas ?? 0, ready: s.readyReplicas ?? 0, available: s.availableReplicas ?? 0, want, stalled, sets: sets.join(', ')});
}

export const deploymentView: KindView = {
	why: (obj, ctx) => whyDeployment(obj as Deployment, ctx),
	...WORKLOAD_VIEW,
	health: replicasHealth,
	statusLine: rolloutLine,
	aliases: ['dp'],
	actions: [
		{...SCALE, hint: true},
		RESTART,
		{key: 'i', command: 'setImage', message: 'keys.deployment.setImage', mutates: true, hint: true},
		{key: 'u', command: 'undo', message: 'keys.deployment.undo', mutates: true, requires: 'rollbackable'},
		{key: 'h', command: 'history', message: 'keys.deployment.history', requires: 'rollbackable'},
		{key: 'l', command: 'logs', message: 'keys.deployment.logs', requires: 'loggable'},
	],
};
