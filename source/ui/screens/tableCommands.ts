// What the keys of every table do: move, mark, sort, widen, switch namespace, drill down,
// describe, edit and delete the selected (or marked) objects. Each command of TABLE_KEYS has
// its handler here; the type makes a binding without one a compile error.
import type {KObject} from '../../cluster/types.js';
import {drillOf, kindInfo, type KindInfo} from '../../kinds/index.js';
import type {Preferences} from '../../config/preferences.js';
import {t as text} from '../../i18n/index.js';
import type {TableCommand} from '../keymap.js';
import {headers, rowKey} from '../rows.js';
import {tableScreen, withCancel, type ScreenState, type TableState} from '../state.js';
import {editInEditor} from '../edit.js';
import type {ScreenEnv} from './types.js';
import type {Row} from '../rows.js';

/** What the table screen lets its commands reach beyond the screen itself. */
export interface TableNav {
	favorites: string[];
	/** Makes a namespace the current one and saves it with the other preferences given. */
	switchNamespace(ns: string, prefs?: Partial<Preferences>): void;
	/** Replaces the whole stack with one screen. */
	reset(s: ScreenState): void;
	/** Simulator toggles the dashboard remembers: pods whose probes fail, nodes it failed. */
	toggles: {failingProbes: Set<string>; failedNodes: Set<string>};
}

export interface TableContext {
	env: ScreenEnv;
	nav: TableNav;
	screen: TableState;
	kind: KindInfo;
	/** The rows shown (after the filter). */
	rows: Row[];
	selected: number;
	obj: KObject | undefined;
	/** Rows a page moves. */
	pageSize: number;
	update(fn: (t: TableState) => TableState): void;
	/** Moves the selection, from the latest one when keys come faster than renders. */
	moveTo(target: number | ((current: number) => number)): void;
	/** Renders again (ctrl-r, after an edit). */
	refresh(): void;
}

/** The objects an action applies to: the marked rows, else the selected one. */
export function targets(t: TableContext): KObject[] {
	if (t.screen.marked.length) return t.rows.filter(r => t.screen.marked.includes(r.key)).map(r => r.obj);
	return t.obj ? [t.obj] : [];
}

/** What a prompt names: one object, or how many are marked. */
export function targetsName(list: KObject[], kind: KindInfo): string {
	return list.length === 1 ? `${kind.singular}/${list[0]!.metadata.name}` : text('prompt.targets', {count: list.length, plural: kind.plural});
}

const PROPAGATION = ['Background', 'Foreground', 'Orphan'] as const;

function sortBy(t: TableContext, column: string): void {
	t.update(s => ({...s, sort: {column, ascending: s.sort.column === column ? !s.sort.ascending : column !== 'Age'}}));
}

function withObject(t: TableContext, fn: (obj: KObject) => void): () => void {
	return () => {
		if (t.obj) fn(t.obj);
	};
}

function showText(t: TableContext, mode: 'describe' | 'yaml' | 'why'): () => void {
	return withObject(t, obj => t.env.push({type: 'text', mode, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name}));
}

/** enter: what the kind's view says the object opens. */
function drill(t: TableContext, obj: KObject): void {
	const {env} = t;
	const name = obj.metadata.name;
	const title = `${kindInfo(obj.kind)?.singular ?? obj.kind.toLowerCase()}/${name}`;
	const target = drillOf(t.kind, obj, env.client);
	switch (target.to) {
		case 'pods':
			env.push(tableScreen('Pod', target.namespace, {ownerUid: target.ownerUid, labelSelector: target.labelSelector, fieldSelector: target.fieldSelector, title}));
			return;
		case 'containers':
			env.push({type: 'containers', namespace: obj.metadata.namespace!, pod: name, selected: 0});
			return;
		case 'namespace':
			t.nav.reset(tableScreen('Pod', name));
			t.nav.switchNamespace(name, {lastView: 'pods'});
			env.flash(text('flash.namespace', {name}));
			return;
		case 'describe':
			env.push({type: 'text', mode: 'describe', kind: obj.kind, namespace: obj.metadata.namespace, name});
			return;
		case 'objects': {
			const k = env.client.kinds().find(x => x.kind === target.kind);
			if (!k) env.flash(`error: the server doesn't have a resource type "${target.kind}"`, 'error');
			else env.push(tableScreen(k.kind, ''));
			return;
		}
		case 'error':
			env.flash(target.message, 'error');
			return;
		case 'nothing':
			return;
	}
}

/** shift-j: the owner's table (its controller, else its first owner) with the owner selected. */
function jumpToOwner(t: TableContext, obj: KObject): void {
	const {env} = t;
	const self = `${t.kind.singular}/${obj.metadata.name}`;
	const refs = obj.metadata.ownerReferences ?? [];
	const ref = refs.find(o => o.controller) ?? refs[0];
	if (!ref) {
		env.flash(text('error.noOwner', {target: self}), 'error');
		return;
	}
	const k = env.client.kinds().find(x => x.kind === ref.kind);
	const namespace = k?.namespaced ? obj.metadata.namespace : undefined;
	const owner = k && env.client.get(k.kind, namespace, ref.name);
	if (!k || !owner) {
		env.flash(text('error.ownerNotFound', {owner: `${k?.singular ?? ref.kind}/${ref.name}`, target: self}), 'error');
		return;
	}
	env.push(tableScreen(k.kind, k.namespaced && t.screen.namespace ? namespace! : '', {selectedKey: rowKey(owner)}));
	env.flash(text('flash.owns', {owner: `${k.singular}/${ref.name}`, target: self}));
}

export function tableCommands(t: TableContext): Record<TableCommand, (key: string) => void> {
	const {env, kind, screen} = t;
	return {
		down: () => t.moveTo(i => i + 1),
		up: () => t.moveTo(i => i - 1),
		pageDown: () => t.moveTo(i => i + t.pageSize),
		pageUp: () => t.moveTo(i => i - t.pageSize),
		top: () => t.moveTo(0),
		bottom: () => t.moveTo(Number.MAX_SAFE_INTEGER),
		wide: () => t.update(s => ({...s, wide: !s.wide})),
		refresh: () => {
			t.refresh();
			env.flash(text('flash.refreshed'));
		},
		sortName: () => sortBy(t, 'Name'),
		sortAge: () => sortBy(t, 'Age'),
		sortStatus: () => sortBy(t, 'Status'),
		sortPicker: () => {
			const items = headers(kind, !screen.namespace, screen.wide).names.filter(n => n !== 'NAMESPACE');
			env.setMode({type: 'picker', title: text('prompt.sortBy'), items, choice: 0, onPick: column => t.update(s => ({...s, sort: {column, ascending: true}}))});
		},
		allNamespaces: () => {
			if (!kind.namespaced) return;
			t.update(s => ({...s, namespace: '', selected: 0}));
			t.nav.switchNamespace('');
		},
		favorite: key => {
			const ns = t.nav.favorites[Number(key) - 1];
			if (!ns || !kind.namespaced) return;
			t.update(s => ({...s, namespace: ns, selected: 0}));
			t.nav.switchNamespace(ns);
			env.flash(text('flash.namespace', {name: ns}));
		},
		mark: withObject(t, () => {
			const key = t.rows[t.selected]!.key;
			t.update(s => ({...s, marked: s.marked.includes(key) ? s.marked.filter(k => k !== key) : [...s.marked, key]}));
			t.moveTo(i => i + 1);
		}),
		unmarkAll: () => t.update(s => ({...s, marked: []})),
		enter: withObject(t, obj => drill(t, obj)),
		owner: withObject(t, obj => jumpToOwner(t, obj)),
		label: withObject(t, () => {
			const list = targets(t);
			env.setMode({
				type: 'prompt',
				label: text('prompt.label', {target: targetsName(list, kind)}),
				text: '',
				onEnter: text => env.run(Promise.all(list.map(o => env.client.label(o.kind, o.metadata.namespace, o.metadata.name, text)))),
			});
		}),
		describe: showText(t, 'describe'),
		yaml: showText(t, 'yaml'),
		why: () => {
			// an empty list the acting user may not read: why it is refused
			const ns = t.kind.namespaced ? t.screen.namespace || undefined : undefined;
			if (!t.obj && t.env.client.forbiddenWhy && t.env.client.listProblem?.(t.kind.kind, ns)) t.env.push({type: 'text', mode: 'why', kind: t.kind.kind, namespace: ns, name: '', title: text('screen.crumb.why', {target: t.kind.plural}), forbidden: {verb: 'list', kind: t.kind.kind, namespace: ns}});
			else showText(t, 'why')();
		},
		edit: withObject(t, obj => {
			env.run(editInEditor(env.client, obj));
			t.refresh();
		}),
		delete: withObject(t, () => {
			const list = targets(t);
			env.setMode({
				type: 'confirm',
				message: list.length === 1 ? text('confirm.delete', {kind: kind.singular, name: list[0]!.metadata.name}) : text('confirm.deleteMany', {count: list.length, plural: kind.plural}),
				// kubectl's propagation policies, by their names
				options: withCancel(PROPAGATION.map(p => ({value: p, label: p}))),
				choice: 0,
				onChoose: option => {
					const propagation = PROPAGATION.find(p => p === option);
					if (!propagation) return;
					env.run(Promise.all(list.map(o => env.client.delete(o.kind, o.metadata.namespace, o.metadata.name, propagation))).then(r => r.join(', ')));
					t.update(s => ({...s, marked: []}));
				},
			});
		}),
	};
}
