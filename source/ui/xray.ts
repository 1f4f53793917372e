// `:xray KIND`: each object of a kind as a tree of what makes it work. Under an object come the
// objects it controls (by their controller reference: a Deployment's ReplicaSets, their pods),
// else the pods it stands for (a Service's), then its parts (a pod's containers) and the objects
// it uses by name (ConfigMaps, Secrets, claims, the service account), each coloured by health.
import type {KObject} from '../cluster/types.js';
import {controllerOf} from '../cluster/core/owners.js';
import {t} from '../i18n/index.js';
import {healthOf, kindInfo, relatedPods, type Health, type KindInfo, type ViewContext} from '../kinds/index.js';

export interface XrayRow {
	key: string;
	/** The tree's lines before the label: `│  ├─ `. */
	prefix: string;
	label: string;
	detail: string;
	health: Health;
	/** The object the row stands for, when it is one (describe opens it). */
	ref?: {kind: string; namespace?: string; name: string};
}

/** A cell that says how an object is doing: its STATUS, else its READY, else nothing. */
function statusCell(kind: KindInfo, obj: KObject, now: number): string {
	const cells = kind.row(obj, {now});
	for (const name of ['Status', 'Ready', 'Completions', 'Type']) {
		const i = kind.columns.findIndex(c => c.name === name);
		if (i >= 0 && cells[i] !== undefined) return `${name.toLowerCase()} ${cells[i]}`;
	}
	return '';
}

function byName(a: KObject, b: KObject): number {
	return a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export function xrayRows(client: ViewContext & {now(): number}, kind: KindInfo, namespace: string): XrayRow[] {
	const ns = namespace || undefined;
	const now = client.now();
	const children = new Map<string, KObject[]>();
	for (const k of client.kinds()) {
		if (!k.view?.xray || !k.namespaced) continue;
		for (const o of client.list(k.kind, {namespace: ns})) {
			const owner = controllerOf(o)?.uid;
			if (!owner) continue;
			const list = children.get(owner);
			if (list) list.push(o);
			else children.set(owner, [o]);
		}
	}
	const rows: XrayRow[] = [];
	const seen = new Set<string>();
	const walk = (obj: KObject, lead: string, connector: string, showNamespace: boolean) => {
		const k = kindInfo(obj.kind);
		if (!k) return;
		const uid = obj.metadata.uid ?? `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`;
		if (seen.has(uid)) return;
		seen.add(uid);
		const name = showNamespace && obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
		rows.push({key: uid, prefix: lead + connector, label: `${k.singular}/${name}`, detail: statusCell(k, obj, now), health: healthOf(k, obj), ref: {kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name}});
		const below = lead + (connector === '├─ ' ? '│  ' : connector === '└─ ' ? '   ' : '');
		const owned = (children.get(uid) ?? []).slice().sort(byName);
		const under: KObject[] = owned.length ? owned : (k.view?.relatedPods ? relatedPods(obj, client).slice().sort(byName) : []);
		const parts = k.view?.xray?.parts?.(obj) ?? [];
		const uses = k.view?.xray?.uses?.(obj) ?? [];
		const total = under.length + parts.length + uses.length;
		let i = 0;
		const next = () => (++i === total ? '└─ ' : '├─ ');
		for (const child of under) walk(child, below, next(), false);
		for (const part of parts) rows.push({key: `${uid}#${part.label}`, prefix: below + next(), label: part.label, detail: part.detail, health: part.health});
		for (const use of uses) {
			const target = kindInfo(use.kind);
			const found = client.get(use.kind, obj.metadata.namespace, use.name);
			rows.push({
				key: `${uid}>${use.kind}/${use.name}`,
				prefix: below + next(),
				label: `${target?.singular ?? use.kind.toLowerCase()}/${use.name}`,
				detail: found ? '' : t('screen.xray.missing'),
				health: found ? 'none' : 'bad',
				...(found ? {ref: {kind: use.kind, namespace: obj.metadata.namespace, name: use.name}} : {}),
			});
		}
	};
	for (const root of client.list(kind.kind, {namespace: ns}).slice().sort(byName)) walk(root, '', '', !ns);
	return rows;
}
