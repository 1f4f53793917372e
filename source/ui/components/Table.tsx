// A table of rows already sliced to what fits: header, rows with health colours, the selected
// row highlighted and marked rows flagged. Widths come from the visible cells only.
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme, Health} from '../theme.js';

export interface TableRow {
	key: string;
	cells: string[];
	health: Health;
	marked?: boolean;
}

export interface TableProps {
	headers: string[];
	rows: TableRow[];
	/** Index within `rows` of the selected row, or -1. */
	selected: number;
	width: number;
	theme: Theme;
	/** Column to highlight in the header (the sort column). */
	sortColumn?: string;
	ascending?: boolean;
	focused?: boolean;
}

export function layoutColumns(headers: string[], rows: string[][], width: number): number[] {
	const widths = headers.map((h, i) => Math.max(h.length + 1, ...rows.map(r => (r[i] ?? '').length)));
	// the name (and namespace) columns are what a user reads first: shrink the widest of the
	// others first, and the name only when nothing else is left to shrink
	const nameAt = headers.findIndex(h => /^NAME/.test(h));
	const keep = (i: number) => i === nameAt || headers[i] === 'NAMESPACE';
	const total = () => widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1) + 2;
	const shrinkable = (i: number, phase: number) => (phase === 0 ? !keep(i) && widths[i]! > 8 : phase === 1 ? !keep(i) && widths[i]! > 4 : widths[i]! > 10);
	for (let phase = 0; phase < 3 && total() > width; phase++) {
		while (total() > width) {
			let widest = -1;
			for (let i = 0; i < widths.length; i++) if (shrinkable(i, phase) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
			if (widest < 0) break;
			widths[widest]!--;
		}
	}
	return widths;
}

/** One row: cells padded to their column, cut to the width (padded to it only when `fill`). */
export function formatLine(cells: string[], widths: number[], width: number, fill = true): string {
	let s = '';
	for (let i = 0; i < widths.length; i++) {
		const w = widths[i]!;
		let c = cells[i] ?? '';
		if (c.length > w) c = w > 1 ? `${c.slice(0, w - 1)}…` : c.slice(0, w);
		s += i === widths.length - 1 ? c : c.padEnd(w + 2);
	}
	if (s.length > width) return s.slice(0, width);
	return fill ? s.padEnd(width) : s.trimEnd();
}

function colorOf(h: Health, theme: Theme): string | undefined {
	if (!theme.color) return undefined;
	switch (h) {
		case 'ok':
			return theme.ok;
		case 'warn':
			return theme.warn;
		case 'bad':
			return theme.bad;
		case 'muted':
			return theme.muted;
		default:
			return undefined;
	}
}

export function Table({headers, rows, selected, width, theme, sortColumn, ascending, focused = true}: TableProps) {
	const inner = Math.max(10, width - 2);
	const widths = layoutColumns(headers, rows.map(r => r.cells), inner);
	const head = headers.map(h => (sortColumn && h.toLowerCase() === sortColumn.toLowerCase() ? `${h}${ascending ? '↑' : '↓'}` : h));
	// consecutive rows of the same style go out as one Text: Ink measures each node, so fewer
	// nodes make a cheaper frame
	const groups: Array<{style: string; color?: string; lines: string[]; selected: boolean}> = [];
	rows.forEach((r, i) => {
		const isSelected = i === selected && focused;
		// only the selected row is padded to the full width (its highlight is a bar); the
		// others carry no trailing blanks for Ink to process
		const line = (r.marked ? '▌' : ' ') + formatLine(r.cells, widths, inner, isSelected) + (isSelected ? ' ' : '');
		const color = isSelected ? undefined : r.marked && theme.color ? theme.marked : colorOf(r.health, theme);
		const style = isSelected ? 'selected' : `${color ?? ''}${i === selected ? ':bold' : ''}`;
		const last = groups[groups.length - 1];
		if (last && last.style === style && !isSelected) last.lines.push(line);
		else groups.push({style, color, lines: [line], selected: isSelected});
	});
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.header : undefined}>
				{` ${formatLine(head, widths, inner, false)}`}
			</Text>
			{groups.map((g, i) =>
				g.selected ? (
					<Text key={i} inverse={!theme.color} backgroundColor={theme.color ? theme.selectedBg : undefined} color={theme.color ? theme.selectedFg : undefined}>
						{g.lines[0]}
					</Text>
				) : (
					<Text key={i} color={g.color} bold={g.style.endsWith(':bold')}>
						{g.lines.join('\n')}
					</Text>
				),
			)}
		</Box>
	);
}
