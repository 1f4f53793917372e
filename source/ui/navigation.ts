// Small pure helpers of the dashboard's navigation: key resolution, breadcrumbs, empty-table
// messages, the rollout line and ownership checks for drill-downs.
import type {ClusterClient} from '../client/types.js';
import type {KObject} from '../cluster/types.js';
import {kindInfo, type KindInfo} from '../kinds/index.js';
import {scopesFor, type Scope, type visibleBindings} from './keymap.js';
import type {Screen, TableScreen} from './state.js';

export function resolveBinding(name: string, bindings: ReturnType<typeof visibleBindings>, isTable: boolean): string | undefined {
	const aliases: Record<string, string> = {down: 'j / down', j: 'j / down', up: 'k / up', k: 'k / up', pgdn: 'pgdn / ctrl-f', 'ctrl-f': 'pgdn / ctrl-f', pgup: 'pgup / ctrl-b', 'ctrl-b': 'pgup / ctrl-b', N: 'shift-n', A: 'shift-a', S: 'shift-s', O: 'shift-o', ' ': 'space'};
	const spelled = aliases[name] ?? name;
	// view-specific bindings win over table-wide ones
	const specific = bindings.filter(b => b.scope !== 'global' && b.scope !== 'table' && b.key === spelled);
	if (specific[0]) return specific[0].command;
	const found = bindings.find(b => b.key === spelled && (isTable || b.scope === 'global'));
	return found?.command;
}

export function helpScopes(stack: Screen[]): Scope[] {
	const under = [...stack].reverse().find(s => s.type !== 'help');
	if (!under) return ['global'];
	if (under.type === 'table') return ['global', 'table', ...scopesFor(under.kind)];
	return ['global', under.type as Scope];
}

export function crumb(s: Screen): string {
	switch (s.type) {
		case 'table':
			return s.title ?? `${kindInfo(s.kind)?.plural ?? s.kind}`;
		case 'text':
			return s.title ?? `${s.mode} ${kindInfo(s.kind)?.singular ?? s.kind}/${s.name}`;
		case 'logs':
			return `logs ${s.title}`;
		case 'history':
			return `history deployment/${s.name}`;
		case 'containers':
			return `containers pod/${s.pod}`;
		case 'help':
			return 'help';
	}
}

export function emptyMessage(kind: KindInfo, screen: TableScreen): string {
	if (screen.filter) return `No ${kind.plural} match "${screen.filter}".`;
	if (!kind.namespaced || !screen.namespace) return 'No resources found.';
	return `No resources found in ${screen.namespace} namespace.`;
}

/** While a Deployment rolls out: updated/ready/available of desired, and its new and old ReplicaSets. */
export function rolloutLine(client: ClusterClient, d: KObject): string {
	const want = d.spec?.replicas ?? 1;
	const s = d.status ?? {};
	const progressing = s.conditions?.find((c: any) => c.type === 'Progressing');
	if (progressing?.reason === 'NewReplicaSetAvailable' && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want) return '';
	const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
	const sets = client
		.list('ReplicaSet', {namespace: d.metadata.namespace})
		.filter(rs => rs.metadata.ownerReferences?.some(o => o.uid === d.metadata.uid) && ((rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0))
		.map(rs => `${rs.metadata.name}${rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision ? ' (new)' : ''} ${rs.status?.readyReplicas ?? 0}/${rs.spec?.replicas ?? 0}`);
	const stalled = progressing?.reason === 'ProgressDeadlineExceeded' ? ' [progress deadline exceeded]' : '';
	return `  rollout: ${s.updatedReplicas ?? 0} updated, ${s.readyReplicas ?? 0} ready, ${s.availableReplicas ?? 0} available of ${want}${stalled} | ${sets.join(', ')}`;
}

export function ownedBy(client: ClusterClient, obj: KObject, uid: string, depth = 0): boolean {
	for (const o of obj.metadata.ownerReferences ?? []) {
		if (o.uid === uid) return true;
		if (depth < 2 && o.controller) {
			const owner = client.get(o.kind, obj.metadata.namespace, o.name);
			if (owner && ownedBy(client, owner, uid, depth + 1)) return true;
		}
	}
	return false;
}

export function stripHash(template: any): any {
	const t = structuredClone(template ?? {});
	if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
	return t;
}
