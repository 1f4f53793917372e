// Aliases (`:aliases`, ctrl-a): every word the `:` prompt knows, by the kind it opens, with the
// kind's API version; filtered with `/` as a table is (text, regex, `!`, `-f` fuzzy), and enter
// opens the selected kind's view.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {aliasRows, type AliasRow} from '../commands.js';
import {ALIASES_KEYS, dispatch, listMoves, visible, type AliasesCommand} from '../keymap.js';
import {compileFilter, fuzzyQuery, fuzzyRank} from '../rows.js';
import type {AliasesState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';
import type {ScreenEnv} from './types.js';

const HEADERS = ['RESOURCE', 'KIND', 'APIVERSION', 'COMMAND'];
/** A narrow terminal keeps the command words (cut if need be); the API version goes first. */
const KEEP: Keep[] = ['name', 2, 1, 'always'];

function cells(r: AliasRow): string[] {
	return [r.kind.plural, r.kind.kind, r.kind.apiVersion, r.words.join(', ')];
}

/** The rows a filter keeps: fuzzy on the words (best first), else as a table's text filter. */
export function filterAliases(rows: AliasRow[], filter: string | undefined): AliasRow[] {
	const query = fuzzyQuery(filter);
	if (query !== undefined) return fuzzyRank(rows, query, r => r.words.join(' '));
	const match = compileFilter(filter);
	return match ? rows.filter(r => match(cells(r).join(' ').toLowerCase())) : rows;
}

export function AliasesScreen({env, screen, open}: {env: ScreenEnv; screen: AliasesState; open(kind: string): void}) {
	const {client, theme, width, height} = env;
	const rows = filterAliases(aliasRows(client.kinds()), screen.filter);
	const selected = Math.min(screen.selected, Math.max(0, rows.length - 1));
	const page = Math.max(1, height - 2);
	const top = Math.max(0, Math.min(selected - Math.floor(page / 2), rows.length - page));
	const update = (fn: (s: AliasesState) => AliasesState) => env.replaceTop(s => (s.type === 'aliases' ? fn(s) : s));
	const select = (fn: (i: number) => number) => update(s => ({...s, selected: Math.max(0, Math.min(rows.length - 1, fn(Math.min(s.selected, rows.length - 1))))}));
	const setFilter = (filter: string | undefined) => update(s => ({...s, filter: filter || undefined, selected: 0}));
	const commands: Record<AliasesCommand, () => void> = {
		open: () => {
			const r = rows[selected];
			if (r) open(r.kind.plural);
		},
	};
	const moves = listMoves(select, rows.length, page);
	env.input.current = {
		key: name => dispatch(name, visible(ALIASES_KEYS, env.keys), commands, moves),
		clear() {
			if (!screen.filter) return false;
			setFilter(undefined);
			return true;
		},
		filter: {text: screen.filter ?? '', typed: setFilter, entered: setFilter, cancelled: () => setFilter(undefined)},
	};
	const shown: TableRow[] = rows.slice(top, top + page).map(r => ({key: r.kind.kind, cells: cells(r), health: 'none'}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.aliases.title', {filter: screen.filter ? ` /${screen.filter}` : '', count: rows.length})}
			</Text>
			{rows.length ? (
				<Table headers={HEADERS} keep={KEEP} rows={shown} selected={selected - top} width={width} theme={theme} />
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.aliases.noMatch', {filter: screen.filter ?? ''})}</Text>
			)}
		</Box>
	);
}
