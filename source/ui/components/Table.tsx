// A table of rows already sliced to what fits: header, rows with health colours, the selected
// row highlighted and marked rows flagged. Widths come from the visible cells only; every row is
// one terminal line of at most `width` columns, with the columns that fit (see columns.ts).
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme, Health} from '../theme.js';
import {cut, padTo, sliceWidth, textWidth} from '../text.js';
import {fitColumns, GAP, type ColumnFit, type Keep} from './columns.js';

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
	/** Terminal columns the table takes, the row marker included. */
	width: number;
	/** How long each column stays when they do not all fit; by default the first is the name and the rest go from the right. */
	keep?: Keep[];
	theme: Theme;
	/** Column to highlight in the header (the sort column). */
	sortColumn?: string;
	ascending?: boolean;
	focused?: boolean;
}

/** One row: the shown cells, each fitted to its column (cut to end in `…`), GAP blanks apart; padded to `width` only when `fill`. */
export function formatLine(cells: string[], fitted: ColumnFit, width: number, fill = true): string {
	const {shown, widths} = fitted;
	let s = '';
	for (let k = 0; k < shown.length; k++) {
		const c = cells[shown[k]!] ?? '';
		s += k === shown.length - 1 ? cut(c, widths[k]!) : padTo(cut(c, widths[k]!), widths[k]! + GAP);
	}
	s = textWidth(s) > width ? sliceWidth(s, width) : s;
	return fill ? padTo(s, width) : s.trimEnd();
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

export function Table({headers, rows, selected, width, keep, theme, sortColumn, ascending, focused = true}: TableProps) {
	// a column for the marker before each row, and one after it so the selected row's bar has an end
	const inner = Math.max(1, width - 2);
	const head = headers.map(h => (sortColumn && h.toLowerCase() === sortColumn.toLowerCase() ? `${h}${ascending ? '↑' : '↓'}` : h));
	const columns = fitColumns(head, rows.map(r => r.cells), inner, keep);
	// consecutive rows of the same style go out as one Text: Ink measures each node, so fewer
	// nodes make a cheaper frame
	const groups: Array<{style: string; color?: string; lines: string[]; selected: boolean}> = [];
	rows.forEach((r, i) => {
		const isSelected = i === selected && focused;
		// only the selected row is padded to the full width (its highlight is a bar); the
		// others carry no trailing blanks for Ink to process
		const line = (r.marked ? '▌' : ' ') + formatLine(r.cells, columns, inner, isSelected) + (isSelected ? ' ' : '');
		const color = isSelected ? undefined : r.marked && theme.color ? theme.marked : colorOf(r.health, theme);
		const style = isSelected ? 'selected' : `${color ?? ''}${i === selected ? ':bold' : ''}`;
		const last = groups[groups.length - 1];
		if (last && last.style === style && !isSelected) last.lines.push(line);
		else groups.push({style, color, lines: [line], selected: isSelected});
	});
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.header : undefined}>
				{` ${formatLine(head, columns, inner, false)}`}
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
