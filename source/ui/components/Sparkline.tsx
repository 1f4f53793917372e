// Sparklines and a small line chart for time series (HPA utilization, replicas, CPU).
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';

const TICKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], width: number, max?: number): string {
	const v = values.slice(-width);
	const top = max ?? Math.max(1, ...v);
	return v.map(x => TICKS[Math.max(0, Math.min(TICKS.length - 1, Math.round((x / top) * (TICKS.length - 1))))]).join('').padStart(width, ' ');
}

/** A chart of `height` rows: each column one sample, a dotted line at `target`. */
export function chartLines(values: number[], width: number, height: number, max: number, target?: number): string[] {
	const v = values.slice(-width);
	const lines: string[] = [];
	for (let row = height - 1; row >= 0; row--) {
		const lo = (row / height) * max;
		const hi = ((row + 1) / height) * max;
		let s = '';
		for (let i = 0; i < width; i++) {
			const x = v[i - (width - v.length)];
			if (x === undefined) s += target !== undefined && target >= lo && target < hi ? '·' : ' ';
			else if (x >= hi) s += '█';
			else if (x > lo) s += TICKS[Math.max(0, Math.min(7, Math.floor(((x - lo) / (hi - lo)) * 8)))];
			else s += target !== undefined && target >= lo && target < hi ? '·' : ' ';
		}
		lines.push(s);
	}
	return lines;
}

export function Chart({title, values, width, height, max, target, unit, theme}: {title: string; values: number[]; width: number; height: number; max: number; target?: number; unit: string; theme: Theme}) {
	const lines = chartLines(values, Math.max(5, width - 7), height, max, target);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				{title}
			</Text>
			{lines.map((l, i) => {
				const label = i === 0 ? `${Math.round(max)}${unit}` : i === lines.length - 1 ? `0${unit}` : '';
				return (
					<Text key={i} wrap="truncate">
						<Text color={theme.color ? theme.muted : undefined}>{label.padStart(5)} │</Text>
						<Text color={theme.color ? theme.accent : undefined}>{l}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
