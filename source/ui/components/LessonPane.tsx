// The lesson pane beside the views: the lesson, the step's goal (checked against the cluster as
// it changes), its hint on ctrl-g, and once the goal is met, what the control plane did.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {textIn, type Lesson} from '../../learn/lesson.js';
import type {Theme} from '../theme.js';

export interface LessonView {
	lesson: Lesson;
	/** The step shown (steps.length once all are done). */
	step: number;
	done: boolean;
	hint: boolean;
}

export function LessonPane({view, width, height, language, theme}: {view: LessonView; width: number; height: number; language: string; theme: Theme}) {
	const {lesson, step, done, hint} = view;
	const current = lesson.steps[step];
	const color = (c: string) => (theme.color ? c : undefined);
	// the title, the step, its goal and the keys always show: a long intro or explanation is
	// what gets cut when the pane is short
	const fixed = (node: React.ReactNode) => <Box flexShrink={0}>{node}</Box>;
	const long = (node: React.ReactNode) => (
		<Box flexShrink={1} overflow="hidden">
			{node}
		</Box>
	);
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0} overflow="hidden" borderStyle="single" borderColor={color(theme.muted)} paddingX={1}>
			{fixed(
				<Text bold color={color(theme.title)} wrap="truncate">
					{textIn(lesson.title, language)}
				</Text>,
			)}
			{current ? (
				<>
					{fixed(
						<Text color={color(theme.muted)} wrap="truncate">
							{t('screen.lesson.step', {step: step + 1, steps: lesson.steps.length})}
						</Text>,
					)}
					{step === 0 && !done ? long(<Text wrap="wrap">{textIn(lesson.intro, language)}</Text>) : null}
					{fixed(
						<Text bold wrap="wrap">
							{textIn(current.goal, language)}
						</Text>,
					)}
					{hint
						? fixed(
								<Text color={color(theme.warn)} wrap="wrap">
									{`${t('screen.lesson.hint')}: ${textIn(current.hint, language)}`}
								</Text>,
							)
						: null}
					{done ? (
						<>
							{fixed(
								<Text color={color(theme.ok)} wrap="wrap">
									{t('screen.lesson.done')}
								</Text>,
							)}
							{long(<Text wrap="wrap">{textIn(current.explain, language)}</Text>)}
						</>
					) : (
						fixed(
							<Text color={color(theme.muted)} wrap="wrap">
								{t('screen.lesson.waiting')}
							</Text>,
						)
					)}
					{fixed(
						<Text color={color(theme.muted)} wrap="truncate">
							{t('screen.lesson.keys')}
						</Text>,
					)}
				</>
			) : (
				<Text color={color(theme.ok)} wrap="wrap">
					{t('screen.lesson.complete')}
				</Text>
			)}
		</Box>
	);
}
