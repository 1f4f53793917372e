// The lesson pane beside the views: the lesson, the step's goal (checked against the cluster as
// it changes), its hint on ctrl-g, and once the goal is met, what the control plane did.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {textIn, type Lesson} from '../../learn/lesson.js';
import type {Theme} from '../theme.js';
import {wrappedRows} from '../panes/SidePane.js';

export interface LessonView {
	lesson: Lesson;
	/** The step shown (steps.length once all are done). */
	step: number;
	done: boolean;
	hint: boolean;
}

/**
 * The rows of each block, given in this order while rows are left: the goal, the hint, and the
 * explanation, or on the first step the lesson's introduction and then the line that says the
 * goal is being checked; a block is cut (with …) to the rows that remain, so nothing runs past
 * the pane's border. :learn shows the whole introduction of the lesson selected there.
 */
function layout(blocks: Array<[string, string]>, width: number, rows: number): Map<string, string[]> {
	const out = new Map<string, string[]>();
	let left = rows;
	for (const [key, text] of blocks) {
		const r = wrappedRows(text, width, left);
		left -= r.length;
		out.set(key, r);
	}
	return out;
}

export function LessonPane({view, width, height, language, theme}: {view: LessonView; width: number; height: number; language: string; theme: Theme}) {
	const {lesson, step, done, hint} = view;
	const current = lesson.steps[step];
	const color = (c: string) => (theme.color ? c : undefined);
	const blocks: Array<[string, string]> = [];
	if (current) {
		blocks.push(['goal', textIn(current.goal, language)]);
		if (hint) blocks.push(['hint', `${t('screen.lesson.hint')}: ${textIn(current.hint, language)}`]);
		if (done) blocks.push(['done', t('screen.lesson.done')], ['explain', textIn(current.explain, language)]);
		else {
			if (step === 0) blocks.push(['intro', textIn(lesson.intro, language)]);
			blocks.push(['waiting', t('screen.lesson.waiting')]);
		}
	}
	// inside the border and a column of padding each side; the title, step and keys take a row each
	const rows = layout(blocks, Math.max(1, width - 4), Math.max(0, height - 2 - 3));
	const lines = (rows: string[] | undefined, c?: string, bold?: boolean) =>
		(rows ?? []).map((row, i) => (
			<Text key={i} color={c ? color(c) : undefined} bold={bold} wrap="truncate">
				{row}
			</Text>
		));
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0} overflow="hidden" borderStyle="single" borderColor={color(theme.muted)} paddingX={1}>
			<Text bold color={color(theme.title)} wrap="truncate">
				{textIn(lesson.title, language)}
			</Text>
			{current ? (
				<>
					<Text color={color(theme.muted)} wrap="truncate">
						{t('screen.lesson.step', {step: step + 1, steps: lesson.steps.length})}
					</Text>
					<Box flexDirection="column" key="intro">{lines(rows.get('intro'))}</Box>
					<Box flexDirection="column" key="goal">{lines(rows.get('goal'), undefined, true)}</Box>
					<Box flexDirection="column" key="hint">{lines(rows.get('hint'), theme.warn)}</Box>
					<Box flexDirection="column" key="done">{lines(rows.get('done'), theme.ok)}</Box>
					<Box flexDirection="column" key="explain">{lines(rows.get('explain'))}</Box>
					<Box flexDirection="column" key="waiting">{lines(rows.get('waiting'), theme.muted)}</Box>
					<Text color={color(theme.muted)} wrap="truncate">
						{t('screen.lesson.keys')}
					</Text>
				</>
			) : (
				<Text color={color(theme.ok)} wrap="wrap">
					{t('screen.lesson.complete')}
				</Text>
			)}
		</Box>
	);
}
