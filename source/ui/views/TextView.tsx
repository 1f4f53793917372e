// A scrollable text (describe, YAML, diff) with search: matches highlighted, n/N to jump.
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';

export interface TextViewProps {
	lines: string[];
	offset: number;
	height: number;
	width: number;
	search?: string;
	yaml?: boolean;
	diff?: boolean;
	theme: Theme;
}

function highlight(line: string, search: string | undefined, theme: Theme): React.ReactNode {
	if (!search) return line;
	const lower = line.toLowerCase();
	const s = search.toLowerCase();
	const parts: React.ReactNode[] = [];
	let i = 0;
	let k = 0;
	for (;;) {
		const j = lower.indexOf(s, i);
		if (j < 0) break;
		parts.push(line.slice(i, j));
		parts.push(
			<Text key={k++} inverse color={theme.color ? theme.warn : undefined}>
				{line.slice(j, j + s.length)}
			</Text>,
		);
		i = j + s.length;
	}
	parts.push(line.slice(i));
	return parts;
}

function yamlLine(line: string, theme: Theme): React.ReactNode {
	if (!theme.color) return line;
	const m = /^(\s*(?:- )?)([^:#'"]+?):( .*)?$/.exec(line);
	if (!m) return <Text color={theme.ok}>{line}</Text>;
	return (
		<>
			{m[1]}
			<Text color={theme.accent}>{m[2]}</Text>:
			{m[3] ? <Text color={theme.ok}>{m[3]}</Text> : null}
		</>
	);
}

export function TextView({lines, offset, height, width, search, yaml, diff, theme}: TextViewProps) {
	const shown = lines.slice(offset, offset + height);
	return (
		<Box flexDirection="column">
			{shown.map((l, i) => {
				const line = l.length > width ? l.slice(0, width) : l;
				if (search && line.toLowerCase().includes(search.toLowerCase())) return <Text key={i}>{highlight(line, search, theme)}</Text>;
				if (diff && theme.color && (line.startsWith('+') || line.startsWith('-')))
					return (
						<Text key={i} color={line.startsWith('+') ? theme.ok : theme.bad}>
							{line}
						</Text>
					);
				return <Text key={i}>{yaml ? yamlLine(line, theme) : line}</Text>;
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
