// Small pure helpers of the dashboard's navigation: breadcrumbs, empty-table messages,
// ownership checks for drill-downs and templates without their hash label for diffs.
import type {ClusterClient} from '../client/types.js';
import type {KObject, Labels} from '../cluster/types.js';
import {HASH_LABEL} from '../cluster/core/templates.js';
import {kindInfo, type KindInfo} from '../kinds/index.js';
import {t} from '../i18n/index.js';
import type {ScreenState, TableState} from './state.js';

export function crumb(s: ScreenState): string {
	switch (s.type) {
		case 'table':
			return s.title ?? `${kindInfo(s.kind)?.plural ?? s.kind}`;
		case 'text':
			if (s.mode === 'why' && !s.title) return t('screen.crumb.why', {target: `${kindInfo(s.kind)?.singular ?? s.kind}/${s.name}`});
			return s.title ?? `${s.mode} ${kindInfo(s.kind)?.singular ?? s.kind}/${s.name}`;
		case 'lessons':
			return t('screen.crumb.lessons');
		case 'drills':
			return t('screen.crumb.drills');
		case 'logs':
			return t('screen.crumb.logs', {title: s.title});
		case 'history':
			return t('screen.crumb.history', {name: s.name});
		case 'containers':
			return t('screen.crumb.containers', {pod: s.pod});
		case 'help':
			return t('screen.crumb.help');
		case 'forwards':
			return t('screen.crumb.forwards');
		case 'shell':
			return t('screen.crumb.shell', {pod: s.pod, container: s.container});
		case 'pulses':
			return t('screen.crumb.pulses');
		case 'xray':
			return t('screen.crumb.xray', {plural: kindInfo(s.kind)?.plural ?? s.kind});
		case 'nodegroups':
			return t('screen.crumb.nodegroups');
		case 'cost':
			return t('screen.crumb.cost');
		case 'cluster':
			return t('screen.crumb.cluster');
		case 'aliases':
			return s.filter ? t('screen.crumb.aliasesFiltered', {filter: s.filter}) : t('screen.crumb.aliases');
	}
}

/** What an empty table says: kubectl's words, or that the filter matches nothing. */
export function emptyMessage(kind: KindInfo, screen: TableState): string {
	if (screen.filter) return t('screen.table.noMatch', {plural: kind.plural, filter: screen.filter});
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
