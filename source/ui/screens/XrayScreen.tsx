// `:xray KIND`: the trees of source/ui/xray.ts, one line per object, part or use, coloured by
// health; the selection moves with the table's keys, d or enter describes, y shows the YAML.
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {kindInfo} from '../../kinds/index.js';
import {t} from '../../i18n/index.js';
import {dispatch, listMoves, visible, XRAY_KEYS, type XrayCommand} from '../keymap.js';
import type {XrayState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import {xrayRows} from '../xray.js';
import type {ScreenEnv} from './types.js';

export function XrayScreen({env, screen}: {env: ScreenEnv; screen: XrayState}) {
	const {client, width, height, theme, frame} = env;
	const kind = kindInfo(screen.kind);
	const rows = useMemo(() => (kind ? xrayRows(client, kind, screen.namespace) : []), [client, kind, screen.namespace, frame]);
	const selected = Math.max(0, Math.min(screen.selected, rows.length - 1));
	const page = Math.max(1, height - 3);
	const top = Math.max(0, Math.min(selected - Math.floor(page / 2), rows.length - page));
	const select = (fn: (i: number) => number) => env.replaceTop(s => (s.type === 'xray' ? {...s, selected: Math.max(0, Math.min(rows.length - 1, fn(selected)))} : s));
	const open = (mode: 'describe' | 'yaml') => {
		const ref = rows[selected]?.ref;
		if (ref) env.push({type: 'text', mode, kind: ref.kind, namespace: ref.namespace, name: ref.name});
		else env.flash(t('error.notAnObject'), 'error');
	};
	const commands: Record<XrayCommand, () => void> = {describe: () => open('describe'), yaml: () => open('yaml')};
	env.input.current = {
		key: name => dispatch(name, visible(XRAY_KEYS, env.keys), commands, listMoves(select, rows.length, page)),
	};
	const shown: TableRow[] = rows.slice(top, top + page).map(r => ({key: r.key, cells: [r.prefix + r.label, r.detail], health: r.health}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.xray.title', {plural: kind?.plural ?? screen.kind, namespace: screen.namespace || t('screen.allNamespaces'), count: rows.filter(r => r.prefix === '').length})}
			</Text>
			{rows.length ? (
				<Table headers={['NAME', 'STATUS']} rows={shown} selected={selected - top} width={width} theme={theme} />
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.xray.empty', {plural: kind?.plural ?? screen.kind})}</Text>
			)}
		</Box>
	);
}
