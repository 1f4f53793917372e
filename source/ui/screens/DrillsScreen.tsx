// `:drill`: the drills, each with its time limit and its faults; enter starts the selected one,
// whose pane then sits beside the views.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {textIn} from '../../learn/lesson.js';
import type {Drill} from '../../drill/drill.js';
import {durationText} from '../../drill/report.js';
import {dispatch, DRILLS_KEYS, listMoves, visible, type DrillsCommand} from '../keymap.js';
import type {DrillsState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';
import type {ScreenEnv} from './types.js';

/** A narrow terminal keeps the title; the id goes next. */
const KEEP: Keep[] = [2, 1, 'name', 3];

export function DrillsScreen({env, screen, drills, language, start}: {env: ScreenEnv; screen: DrillsState; drills: readonly Drill[]; language: string; start(id: string): void}) {
	const {theme, width, height} = env;
	const selected = Math.min(screen.selected, Math.max(0, drills.length - 1));
	const page = Math.max(1, height - 2);
	const top = Math.max(0, Math.min(selected - Math.floor(page / 2), drills.length - page));
	const select = (fn: (i: number) => number) => env.replaceTop(s => (s.type === 'drills' ? {...s, selected: Math.max(0, Math.min(drills.length - 1, fn(Math.min(s.selected, drills.length - 1))))} : s));
	const commands: Record<DrillsCommand, () => void> = {
		start: () => {
			const d = drills[selected];
			if (d) start(d.id);
		},
	};
	env.input.current = {key: name => dispatch(name, visible(DRILLS_KEYS, env.keys), commands, listMoves(select, drills.length, page))};
	const rows: TableRow[] = drills.slice(top, top + page).map((d, i) => ({
		key: d.id,
		cells: [String(top + i + 1), d.id, textIn(d.title, language), durationText(d.timeLimitMs), d.profile ?? 'kind'],
		health: 'none',
	}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('drill.list.title', {count: drills.length})}
			</Text>
			{drills.length ? (
				<Table headers={['#', 'ID', 'DRILL', 'LIMIT', 'PROFILE']} keep={KEEP} rows={rows} selected={selected - top} width={width} theme={theme} />
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('drill.list.none')}</Text>
			)}
		</Box>
	);
}
