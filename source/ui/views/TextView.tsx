// A scrollable text (describe, YAML, diff): its rows wrapped or seen through a window that
// scrolls sideways (marked where a line goes on), YAML and diff colours, search matches highlighted.
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';
import {cutSpans, matchRanges, overlay, windowSpans, type Span, type TextLayout} from './textLayout.js';

export interface TextViewProps {
	lines: string[];
	/** The rows the lines make (one a line, or wrapped). */
	layout: TextLayout;
	/** The first row shown. */
	offset: number;
	height: number;
	width: number;
	/** The first column shown when lines are not wrapped. */
	left: number;
	wrap: boolean;
	search?: string;
	yaml?: boolean;
	diff?: boolean;
	theme: Theme;
}

const YAML_KEY = /^(\s*(?:- )?)([^:#'"]+?):( .*)?$/;

/** A whole line in its styles: YAML keys and values, diff lines, then the search matches. */
function styleLine(line: string, {search, yaml, diff, theme}: Pick<TextViewProps, 'search' | 'yaml' | 'diff' | 'theme'>): Span[] {
	let spans: Span[] = [{text: line}];
	if (theme.color && yaml) {
		const m = YAML_KEY.exec(line);
		spans = m ? [{text: m[1]!}, {text: m[2]!, color: theme.accent}, {text: ':'}, {text: m[3] ?? '', color: theme.ok}] : [{text: line, color: theme.ok}];
	} else if (theme.color && diff && (line.startsWith('+') || line.startsWith('-'))) spans = [{text: line, color: line.startsWith('+') ? theme.ok : theme.bad}];
	return overlay(spans, matchRanges(line, search), {inverse: true, color: theme.color ? theme.warn : undefined});
}

export function TextView({lines, layout, offset, height, width, left, wrap, search, yaml, diff, theme}: TextViewProps) {
	const shown = layout.rows.slice(offset, offset + height);
	const marker = theme.color ? theme.muted : undefined;
	return (
		<Box flexDirection="column">
			{shown.map((row, i) => {
				const line = lines[row.line] ?? '';
				const styled = styleLine(line, {search, yaml, diff, theme});
				const spans = wrap ? cutSpans(styled, row.start, row.end) : windowSpans(styled, row.end, left, width, marker);
				return (
					<Text key={i} wrap="truncate">
						{spans.map((s, j) => (s.color || s.inverse ? <Text key={j} color={s.color} inverse={s.inverse}>{s.text}</Text> : s.text))}
					</Text>
				);
			})}
		</Box>
	);
}

/** Indexes of lines containing the search term. */
export function matchLines(lines: string[], search: string | undefined): number[] {
	if (!search) return [];
	const s = search.toLowerCase();
	const out: number[] = [];
	lines.forEach((l, i) => {
		if (l.toLowerCase().includes(s)) out.push(i);
	});
	return out;
}

/** A unified-ish line diff of two texts (longest common subsequence on lines). */
export function diffLines(a: string[], b: string[]): string[] {
	const n = a.length;
	const m = b.length;
	const dp: number[][] = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
	const out: string[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			out.push(`  ${a[i]}`);
			i++;
			j++;
		} else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) out.push(`- ${a[i++]}`);
		else out.push(`+ ${b[j++]}`);
	}
	while (i < n) out.push(`- ${a[i++]}`);
	while (j < m) out.push(`+ ${b[j++]}`);
	return out;
}
