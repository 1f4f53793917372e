// `:learn`: the lessons of the course in their order, each with its steps done, and below them
// the selected one's introduction when there is room; enter starts it, and its pane then sits
// beside the views.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {textIn, type Lesson} from '../../learn/lesson.js';
import {dispatch, LESSONS_KEYS, listMoves, visible, type LessonsCommand} from '../keymap.js';
import type {LessonsState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';
import type {ScreenEnv} from './types.js';
import {wrappedRows} from '../panes/SidePane.js';

/** A narrow terminal keeps the title; the status goes first. */
const KEEP: Keep[] = [2, 'name', 3, 1];

export function LessonsScreen({env, screen, lessons, progress, language, start}: {env: ScreenEnv; screen: LessonsState; lessons: readonly Lesson[]; progress: ReadonlyMap<string, number>; language: string; start(id: string): void}) {
	const {theme, width, height} = env;
	const selected = Math.min(screen.selected, Math.max(0, lessons.length - 1));
	const page = Math.max(1, height - 2);
	// the selected lesson's introduction in the rows under the table, after a blank one
	const introRows = lessons.length <= page ? height - 2 - lessons.length - 1 : 0;
	const intro = introRows >= 2 && lessons[selected] ? wrappedRows(textIn(lessons[selected].intro, language), width, introRows) : [];
	const top = Math.max(0, Math.min(selected - Math.floor(page / 2), lessons.length - page));
	const select = (fn: (i: number) => number) => env.replaceTop(s => (s.type === 'lessons' ? {...s, selected: Math.max(0, Math.min(lessons.length - 1, fn(Math.min(s.selected, lessons.length - 1))))} : s));
	const commands: Record<LessonsCommand, () => void> = {
		start: () => {
			const l = lessons[selected];
			if (l) start(l.id);
		},
	};
	env.input.current = {key: name => dispatch(name, visible(LESSONS_KEYS, env.keys), commands, listMoves(select, lessons.length, page))};
	const rows: TableRow[] = lessons.slice(top, top + page).map((l, i) => {
		const done = Math.min(progress.get(l.id) ?? 0, l.steps.length);
		const status = done >= l.steps.length ? t('screen.lessons.done') : done > 0 ? t('screen.lessons.begun') : '';
		return {key: l.id, cells: [String(top + i + 1), textIn(l.title, language), `${done}/${l.steps.length}`, status], health: done >= l.steps.length ? 'ok' : done > 0 ? 'warn' : 'none'};
	});
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.lessons.title', {count: lessons.length})}
			</Text>
			{lessons.length ? (
				<>
					<Table headers={['#', 'LESSON', 'STEPS', 'STATUS']} keep={KEEP} rows={rows} selected={selected - top} width={width} theme={theme} />
					{intro.length ? (
						<Box flexDirection="column" marginTop={1}>
							{intro.map((row, i) => (
								<Text key={i} wrap="truncate">
									{row}
								</Text>
							))}
						</Box>
					) : null}
				</>
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.lessons.noCourse')}</Text>
			)}
		</Box>
	);
}
