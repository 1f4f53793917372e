// A resource table: the kind's rows (listed, sorted, filtered, the selection kept on its object),
// their colours, extra columns and status line from the kind's view, in one of the layouts; and
// its keys: the kind's actions first, then every table's keys.
import React, {useCallback, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import type {Pod} from '../../cluster/types.js';
import type {ExtraCell, KindInfo} from '../../kinds/index.js';
import {t as text} from '../../i18n/index.js';
import {kindBindings, resolveKey, TABLE_KEYS, visible} from '../keymap.js';
import {headers, rowHealth, visibleCells} from '../rows.js';
import {isListed} from '../../client/listed.js';
import type {Layout, TableState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import {percentBar} from '../components/Bar.js';
import {emptyMessage} from '../navigation.js';
import {selectorProblem} from '../commands.js';
import {useTableRows, type TableCache} from '../hooks/useTableRows.js';
import {useLogTail} from '../hooks/useLogTail.js';
import {tableCommands, type TableContext, type TableNav} from './tableCommands.js';
import {ACTIONS} from './actions.js';
import {DashboardLayout, SplitLayout} from './layouts.js';
import type {ScreenEnv} from './types.js';

export interface TableScreenProps {
	env: ScreenEnv;
	screen: TableState;
	kind: KindInfo;
	layout: Layout;
	/** Row cells and the last rows, kept by the app across screens. */
	cache: TableCache;
	nav: TableNav;
}

/** The columns a kind's view adds (a node's pods and usage) rank as its own columns do. */
const EXTRA_KEEP = 2;

function cellText(c: ExtraCell): string {
	return typeof c === 'string' ? c : percentBar(c.fraction);
}

export function TableScreen({env, screen, kind, layout, cache, nav}: TableScreenProps) {
	const {client, theme, width: cols, height: bodyHeight} = env;
	const [, force] = useState(0);
	const splitVertical = cols < 150;
	const mainWidth = layout === 'split' && !splitVertical ? Math.floor(cols * 0.58) : cols;
	const mainHeight = layout === 'split' && splitVertical ? Math.max(3, Math.ceil(bodyHeight * 0.55)) : layout === 'dashboard' ? Math.floor(bodyHeight / 2) : bodyHeight;
	const pageSize = Math.max(1, mainHeight - 2);

	const rows = useTableRows(client, screen, kind, cache);
	// keep the selection on the same object when rows move
	let selected = Math.min(screen.selected, Math.max(0, rows.length - 1));
	if (screen.selectedKey && rows[selected]?.key !== screen.selectedKey) {
		const i = rows.findIndex(r => r.key === screen.selectedKey);
		if (i >= 0) selected = i;
	}
	const row = rows[selected]?.obj;
	// a row the server sent as a Table row has only metadata: the screens get the whole object,
	// fetched for the selected row alone (undefined for the moment it takes to arrive)
	const obj = row && isListed(row) ? client.get(kind.kind, row.metadata.namespace, row.metadata.name) : row;
	const scrollTop = Math.max(0, Math.min(selected - Math.floor(pageSize / 2), rows.length - pageSize));
	const topIndex = Math.max(0, Math.min(scrollTop, selected));
	const logTail = useLogTail(client, layout !== 'single' && kind.view?.pane === 'logTail' ? (obj as Pod | undefined) : undefined);

	const {replaceTop} = env;
	const update = useCallback((fn: (t: TableState) => TableState) => replaceTop(s => (s.type === 'table' ? fn(s) : s)), [replaceTop]);
	// keys can come faster than renders: moves apply to the latest selection, not the rendered one
	const rowsRef = useRef(rows);
	rowsRef.current = rows;
	const moveTo = useCallback(
		(target: number | ((current: number) => number)) =>
			update(s => {
				const list = rowsRef.current;
				let current = Math.min(s.selected, Math.max(0, list.length - 1));
				if (s.selectedKey && list[current]?.key !== s.selectedKey) {
					const i = list.findIndex(r => r.key === s.selectedKey);
					if (i >= 0) current = i;
				}
				const want = typeof target === 'number' ? target : target(current);
				const n = Math.max(0, Math.min(want, list.length - 1));
				return n === s.selected && list[n]?.key === s.selectedKey ? s : {...s, selected: n, selectedKey: list[n]?.key};
			}),
		[update],
	);

	const t: TableContext = {env, nav, screen, kind, rows, selected, obj, pageSize, update, moveTo, refresh: () => force(n => n + 1)};
	const commands = tableCommands(t);
	const actionKeys = visible(kindBindings(kind), env.keys);
	const tableKeys = visible(TABLE_KEYS, env.keys);
	const setFilter = (filter: string) => update(s => ({...s, filter: filter || undefined, selected: 0, selectedKey: undefined}));
	env.input.current = {
		key(name) {
			const action = resolveKey(name, actionKeys);
			if (action) {
				if (obj) ACTIONS[action.command](obj, t);
				return true;
			}
			const b = resolveKey(name, tableKeys);
			if (b) commands[b.command](name);
			return !!b;
		},
		clear() {
			if (!screen.filter && !screen.userSelector) return false;
			// esc takes off the `/` text first, then the label selector the user gave
			update(s => (s.filter ? {...s, filter: undefined} : {...s, userSelector: undefined, selected: 0, selectedKey: undefined}));
			return true;
		},
		filter: {
			text: screen.filter ?? '',
			typed: text => {
				// `-l ...` is a selector, applied on enter; a lone `-` may become one
				if (text !== '-' && !/^-l(\s|$)/.test(text)) setFilter(text);
			},
			entered: text => {
				const selector = /^-l(\s|$)/.test(text) ? text.slice(2).trim() : undefined;
				if (selector !== undefined) {
					const problem = selector ? selectorProblem(selector) : undefined;
					if (problem) env.flash(problem, 'error');
					else update(s => ({...s, userSelector: selector || undefined, filter: undefined, selected: 0, selectedKey: undefined}));
				} else if (!text.trim()) update(s => ({...s, filter: undefined, userSelector: undefined, selected: 0, selectedKey: undefined}));
				else setFilter(text);
			},
			cancelled: () => update(s => ({...s, filter: undefined})),
		},
	};

	const {names, indexes, keep} = headers(kind, !screen.namespace && kind.namespaced, screen.wide);
	const ctx = {now: client.now()};
	const extra = kind.view?.extraColumns && (!kind.view.extraColumns.sim || client.sim) ? kind.view.extraColumns : undefined;
	if (extra) {
		names.push(...extra.headers);
		keep.push(...extra.headers.map(() => EXTRA_KEEP));
	}
	const tableRows: TableRow[] = rows.slice(topIndex, topIndex + pageSize).map(r => ({
		key: r.key,
		cells: [...visibleCells(kind, r.obj, indexes, cache.cells, ctx), ...(extra ? (isListed(r.obj) ? extra.headers.map(() => '') : extra.cells(r.obj, client).map(cellText)) : [])],
		health: rowHealth(kind, r.obj),
		marked: screen.marked.includes(r.key),
	}));
	const title = `${kind.plural}(${screen.namespace || (kind.namespaced ? text('screen.allNamespaces') : '')})${screen.userSelector ? ` ${screen.userSelector}` : ''}${screen.filter ? ` /${screen.filter}` : ''}[${rows.length}${cache.filter.pending() ? '…' : ''}]`;
	const main = (width: number) => (
		<Box flexDirection="column" width={width} height={mainHeight} overflow="hidden">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{title}
				{screen.marked.length ? text('screen.table.marked', {count: screen.marked.length}) : ''}
				{obj && kind.view?.statusLine ? kind.view.statusLine(obj, client) : ''}
			</Text>
			{rows.length === 0 ? (
				<Text color={theme.color ? theme.muted : undefined}>{client.listProblem?.(kind.kind, screen.namespace || undefined) ?? emptyMessage(kind, screen)}</Text>
			) : (
				<Table headers={names} keep={keep} rows={tableRows} selected={selected - topIndex} width={width} theme={theme} sortColumn={screen.sort.column} ascending={screen.sort.ascending} />
			)}
		</Box>
	);
	const layoutProps = {env, main, mainWidth, mainHeight, selected: obj, listed: row && isListed(row) && !obj ? row : undefined};
	if (layout === 'single') return main(mainWidth);
	if (layout === 'split') return <SplitLayout {...layoutProps} vertical={splitVertical} logTail={logTail} />;
	return <DashboardLayout {...layoutProps} />;
}
