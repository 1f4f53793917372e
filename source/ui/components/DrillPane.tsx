// The drill pane beside the views: the drill, its goal, the clock against the time limit and
// whether the goal holds now; once over, the after-action report's figures and its last lines.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {textIn} from '../../learn/lesson.js';
import type {Drill} from '../../drill/drill.js';
import type {DrillReport} from '../../drill/run.js';
import {clockText, durationText, entryText, outcomeText, percentText} from '../../drill/report.js';
import type {Theme} from '../theme.js';

export function DrillPane({drill, report, width, height, language, theme}: {drill: Drill; report: DrillReport; width: number; height: number; language: string; theme: Theme}) {
	const color = (c: string) => (theme.color ? c : undefined);
	const over = report.outcome !== 'running';
	const figures = [
		t('drill.report.outcome', {outcome: outcomeText(report.outcome), elapsed: durationText(report.elapsedMs)}),
		report.timeToRecoverMs !== undefined ? t('drill.pane.recovered', {time: durationText(report.timeToRecoverMs)}) : t('drill.pane.notRecovered'),
		t('drill.pane.availability', {percent: percentText(report.availability)}),
		t('drill.pane.actions', {count: report.actions.length}),
	];
	// what fits under the title, the goal (about two lines), the clock and the figures: the timeline's latest lines
	const room = Math.max(0, height - 2 - 6 - figures.length - 1);
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="single" borderColor={color(over ? (report.outcome === 'failed' ? theme.bad : theme.ok) : theme.warn)} paddingX={1} overflow="hidden">
			<Text bold color={color(theme.title)} wrap="wrap">
				{textIn(drill.title, language)}
			</Text>
			<Text bold wrap="wrap">
				{textIn(drill.goal.text, language)}
			</Text>
			<Text color={color(theme.muted)} wrap="truncate">
				{t('drill.pane.timer', {elapsed: clockText(report.elapsedMs), limit: clockText(report.timeLimitMs)})}
			</Text>
			{over ? (
				<>
					{figures.map((l, i) => (
						<Text key={i} color={i === 0 ? color(report.outcome === 'failed' ? theme.bad : theme.ok) : undefined} wrap="truncate">
							{l}
						</Text>
					))}
					{report.timeline.slice(-room).map((e, i) => (
						<Text key={`t${i}`} color={color(theme.muted)} wrap="truncate">
							{`${clockText(e.at)} ${entryText(e)}`}
						</Text>
					))}
					<Text color={color(theme.muted)} wrap="truncate">
						{t('drill.pane.over')}
					</Text>
				</>
			) : (
				<>
					<Text color={color(report.holds ? theme.ok : theme.bad)} wrap="truncate">
						{report.holds ? t('drill.pane.holds') : t('drill.pane.broken')}
					</Text>
					<Text wrap="wrap">{textIn(drill.briefing, language)}</Text>
					<Text color={color(theme.muted)} wrap="truncate">
						{t('drill.pane.keys')}
					</Text>
				</>
			)}
		</Box>
	);
}
