// The help screen: every key of the view underneath, under a heading per kind of key, in as
// many columns as fit side by side. Keys and texts never overlap: a column is as wide as its
// longest key and text; when the columns do not fit, the details in parentheses go, then a
// column (one column wraps a long text onto the rows under it), and the rows that do not fit the
// height scroll.
import React from 'react';
import {Box, Text} from 'ink';
import type {Binding, Scope} from '../keymap.js';
import type {Theme} from '../theme.js';
import {cut, padTo, textWidth} from '../text.js';
import {t, type MessageId} from '../../i18n/index.js';

export type HelpEntry = {heading: string} | {key: string; text: string};

export interface HelpColumn {
	entries: HelpEntry[];
	keyWidth: number;
	width: number;
}

export interface HelpLayout {
	columns: HelpColumn[];
	/** Rows of the longest column. */
	rows: number;
	/** Rows shown at a time; fewer than `rows` when the help scrolls. */
	visible: number;
}

/** Blanks between two columns. */
const GAP = 3;

const HEADINGS: Record<Scope, MessageId> = {
	global: 'screen.help.headings.global',
	table: 'screen.help.headings.table',
	kind: 'screen.help.headings.kind',
	logs: 'screen.help.headings.logs',
	text: 'screen.help.headings.text',
	history: 'screen.help.headings.history',
	containers: 'screen.help.headings.containers',
	xray: 'screen.help.headings.xray',
	nodegroups: 'screen.help.headings.nodegroups',
	forwards: 'screen.help.headings.forwards',
	aliases: 'screen.help.headings.aliases',
	lessons: 'screen.help.headings.lessons',
	lesson: 'screen.help.headings.lesson',
	drills: 'screen.help.headings.drills',
	cluster: 'screen.help.headings.cluster',
};

/**
 * Bindings under a heading at each change of scope (the kind's keys under its name, when given),
 * then the user's hotkeys under theirs.
 */
export function helpEntries(bindings: Binding[], kindTitle?: string, hotkeys: ReadonlyArray<{shortCut: string; description: string}> = []): HelpEntry[] {
	const out: HelpEntry[] = [];
	let scope: Scope | undefined;
	for (const b of bindings) {
		if (b.scope !== scope) {
			scope = b.scope;
			out.push({heading: scope === 'kind' && kindTitle ? kindTitle.toUpperCase() : t(HEADINGS[scope])});
		}
		out.push({key: `<${b.key}>`, text: b.description});
	}
	if (hotkeys.length) out.push({heading: t('screen.help.headings.hotkeys')});
	for (const h of hotkeys) out.push({key: `<${h.shortCut.toLowerCase()}>`, text: h.description});
	return out;
}

/** Entries in columns of at most `rows`; a heading never ends a column (it starts the next). */
function split(entries: HelpEntry[], rows: number): HelpEntry[][] {
	const cols: HelpEntry[][] = [];
	let col: HelpEntry[] = [];
	entries.forEach((e, i) => {
		const full = col.length >= rows || ('heading' in e && col.length === rows - 1 && i < entries.length - 1);
		if (full && col.length) {
			cols.push(col);
			col = [];
		}
		col.push(e);
	});
	if (col.length) cols.push(col);
	return cols;
}

/** A text in rows of at most `width` columns, broken at spaces (a word longer than a row is cut). */
function wrapWords(text: string, width: number): string[] {
	const rows: string[] = [];
	let row = '';
	for (const word of text.split(' ')) {
		const next = row ? `${row} ${word}` : word;
		if (textWidth(next) <= width) row = next;
		else {
			if (row) rows.push(row);
			row = cut(word, width);
		}
	}
	rows.push(row);
	return rows;
}

const short = (text: string) => text.replace(/\s*\(.*\)$/, '');

function measure(cols: HelpEntry[][], brief: boolean): HelpColumn[] {
	return cols.map(entries => {
		const keys = entries.flatMap(e => ('key' in e ? [textWidth(e.key)] : []));
		const keyWidth = Math.max(0, ...keys) + 1;
		const texts = entries.map(e => ('key' in e ? keyWidth + textWidth(brief ? short(e.text) : e.text) : textWidth(e.heading)));
		const shown = brief ? entries.map(e => ('key' in e ? {key: e.key, text: short(e.text)} : e)) : entries;
		return {entries: shown, keyWidth, width: Math.max(...texts)};
	});
}

const widthOf = (cols: HelpColumn[]) => cols.reduce((a, c) => a + c.width, 0) + GAP * (cols.length - 1);

/** The fewest rows a column needs for the entries to fit `count` columns. */
function rowsFor(entries: HelpEntry[], count: number): number {
	let rows = Math.max(1, Math.ceil(entries.length / count));
	while (split(entries, rows).length > count) rows++;
	return rows;
}

/**
 * How help fits `width` x `height` (the title's row included): every entry in view in as few
 * columns as that takes, whole or without the details in parentheses; else as many columns as
 * fit the width, scrolling; at the least one column, a long text going on in the rows under it.
 */
export function helpLayout(entries: HelpEntry[], width: number, height: number): HelpLayout {
	const visible = Math.max(1, height - 1);
	const count = split(entries, visible).length;
	const fits = (cols: HelpColumn[]) => widthOf(cols) <= width;
	for (const brief of [false, true]) {
		const cols = measure(split(entries, rowsFor(entries, count)), brief);
		if (fits(cols)) return {columns: cols, rows: Math.max(...cols.map(c => c.entries.length)), visible};
	}
	for (let n = count - 1; n >= 2; n--)
		for (const brief of [false, true]) {
			const cols = measure(split(entries, rowsFor(entries, n)), brief);
			if (fits(cols)) return {columns: cols, rows: Math.max(...cols.map(c => c.entries.length)), visible};
		}
	// one column, a text too long for it going on in the rows under it
	const keyWidth = measure([entries], false)[0]!.keyWidth;
	const room = Math.max(1, width - keyWidth);
	const rows = entries.flatMap((e): HelpEntry[] => ('key' in e ? wrapWords(e.text, room).map((text, i) => ({key: i ? '' : e.key, text})) : [e]));
	const widest = Math.max(...rows.map(e => ('key' in e ? keyWidth + textWidth(e.text) : textWidth(e.heading))));
	return {columns: [{entries: rows, keyWidth, width: Math.min(widest, width)}], rows: rows.length, visible};
}

export function HelpView({layout, offset, theme}: {layout: HelpLayout; offset: number; theme: Theme}) {
	const {columns, rows, visible} = layout;
	const scrolls = rows > visible;
	const title = scrolls ? t('screen.help.scrolling', {from: offset + 1, to: Math.min(rows, offset + visible), rows}) : t('screen.help.title');
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{title}
			</Text>
			<Box flexDirection="row">
				{columns.map((col, i) => (
					<Box key={i} flexDirection="column" width={col.width} marginLeft={i ? GAP : 0} flexShrink={0}>
						{col.entries.slice(offset, offset + visible).map((e, j) =>
							'heading' in e ? (
								<Text key={j} bold color={theme.color ? theme.title : undefined}>
									{cut(e.heading, col.width)}
								</Text>
							) : (
								<Text key={j}>
									<Text color={theme.color ? theme.key : undefined}>{padTo(cut(e.key, col.width), Math.min(col.keyWidth, col.width))}</Text>
									{cut(e.text, col.width - col.keyWidth)}
								</Text>
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
}
