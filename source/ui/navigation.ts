// Small pure helpers of the dashboard's navigation: breadcrumbs, empty-table messages,
// ownership checks for drill-downs and templates without their hash label for diffs.
import type {ClusterClient} from '../client/types.js';
import type {KObject, Labels} from '../cluster/types.js';
import {HASH_LABEL} from '../cluster/core/templates.js';
import {kindInfo, type KindInfo} from '../kinds/index.js';
import type {ScreenState, TableState} from './state.js';

export function crumb(s: ScreenState): string {
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
		case 'forwards':
			return 'portforwards';
		case 'shell':
			return `shell pod/${s.pod}:${s.container}`;
		case 'pulses':
			return 'pulses';
		case 'xray':
			return `xray ${kindInfo(s.kind)?.plural ?? s.kind}`;
		case 'aliases':
			return s.filter ? `aliases /${s.filter}` : 'aliases';
	}
}

export function emptyMessage(kind: KindInfo, screen: TableState): string {
	if (screen.filter) return `No ${kind.plural} match "${screen.filter}".`;
	if (!kind.namespaced || !screen.namespace) return 'No resources found.';
	return `No resources found in ${screen.namespace} namespace.`;
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

/** A pod template without its pod-template-hash label (revisions differ by it alone). */
export function stripHash(template: {metadata?: {labels?: Labels}} | undefined): object {
	const t = structuredClone(template ?? {});
	if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
	return t;
}
