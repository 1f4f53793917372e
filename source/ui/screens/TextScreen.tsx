// Describe, YAML and diff: a text that follows its object live (or a fixed one), scrolled in
// rows with the motion keys and space, wrapped with w or scrolled sideways with left and right
// (0 and $ to a line's start and end), searched with `/`, n and N.
import React, {useMemo, useState} from 'react';
import YAML from 'yaml';
import type {ClusterClient} from '../../client/types.js';
import {kindInfo} from '../../kinds/index.js';
import {t} from '../../i18n/index.js';
import {dispatch, TEXT_KEYS, visible, type Motion, type TextCommand} from '../keymap.js';
import type {TextState} from '../state.js';
import {TextView, matchLines} from '../views/TextView.js';
import {layoutText, matchRanges, textWidth} from '../views/textLayout.js';
import type {ScreenEnv} from './types.js';
import {forbiddenLines, whyLines} from '../why.js';
import {underLines} from '../under.js';

/** A text's lines, without the empty one after its final newline. */
function linesOf(text: string): string[] {
	const lines = text.split('\n');
	if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
	return lines;
}

function textOf(client: ClusterClient, screen: TextState): string[] {
	if (screen.under) return underLines(client, screen.under);
	if (screen.text !== undefined) return linesOf(screen.text);
	if (screen.forbidden) return forbiddenLines(client, screen.forbidden);
	const obj = client.get(screen.kind, screen.namespace, screen.name);
	if (!obj) {
		// the acting user may not read it: why, rather than a not found
		const get = {verb: 'get', kind: screen.kind, namespace: screen.namespace, name: screen.name};
		if (screen.mode === 'why' && client.forbiddenWhy?.(get)?.[0]?.level === 'bad') return forbiddenLines(client, get);
		return [`${kindInfo(screen.kind)?.plural ?? screen.kind} "${screen.name}" not found`];
	}
	if (screen.mode === 'yaml') return linesOf(YAML.stringify(obj, {lineWidth: 0}));
	if (screen.mode === 'why') return whyLines(obj, client);
	try {
		return linesOf(client.describe(obj));
	} catch (e) {
		return [`error: ${(e as Error).message}`];
	}
}

export function TextScreen({env, screen}: {env: ScreenEnv; screen: TextState}) {
	const {client, frame, height, width, theme} = env;
	/** The first row shown (rows are lines, or wrapped lines with wrap on). */
	// a journal opens at its newest lines and keeps following them until scrolled up
	const [offset, setOffset] = useState(screen.under?.view === 'journal' ? Number.MAX_SAFE_INTEGER : 0);
	/** The first column shown when not wrapping. */
	const [left, setLeft] = useState(0);
	// a diagnosis is sentences: wrapped from the start
	const [wrap, setWrap] = useState(screen.mode === 'why');
	const [search, setSearch] = useState<string | undefined>();
	// eslint-disable-next-line react-hooks/exhaustive-deps
	const lines = useMemo(() => textOf(client, screen), [screen, client, frame]);
	const layout = useMemo(() => layoutText(lines, width, wrap), [lines, width, wrap]);
	const {rows, first} = layout;
	// a page down keeps the last row of the page on screen; the last row can reach the bottom
	const page = Math.max(1, height - 1);
	const max = Math.max(0, rows.length - height);
	const top = Math.min(offset, max);
	const topLine = rows[top]?.line ?? 0;
	// sideways: half a screen a step, as less does, and no further than the widest line's end
	const step = Math.max(1, Math.floor(width / 2));
	const maxLeft = Math.max(0, layout.widest - width);
	const hits = matchLines(lines, search);
	/** Scrolls to a line (its first row) and, when not wrapping, sideways to the term in it. */
	const jump = (line: number | undefined, term = search) => {
		if (line === undefined) return;
		setOffset(Math.min(max, first[line] ?? 0));
		const at = matchRanges(lines[line] ?? '', term)[0];
		if (wrap || !at) return;
		const from = textWidth(lines[line]!.slice(0, at[0]));
		const to = from + textWidth(lines[line]!.slice(at[0], at[1]));
		setLeft(l => {
			// in view already (past the marker columns): stay
			if (from >= l + (l > 0 ? 1 : 0) && to <= l + width - 1) return l;
			if (to <= width - 1) return 0;
			return Math.min(maxLeft, Math.max(0, from - Math.floor(width / 4)));
		});
	};
	const commands: Record<TextCommand, () => void> = {
		search: () => env.setMode({type: 'filter', text: search ?? ''}),
		nextMatch: () => jump(hits.find(h => h > topLine) ?? hits[0]),
		prevMatch: () => jump([...hits].reverse().find(h => h < topLine) ?? hits[hits.length - 1]),
		wrap: () => {
			// the line at the top stays at the top
			const next = layoutText(lines, width, !wrap);
			setOffset(Math.min(Math.max(0, next.rows.length - height), next.first[topLine] ?? 0));
			setLeft(0);
			setWrap(!wrap);
			env.flash(t(wrap ? 'flash.wrapOff' : 'flash.wrapOn'));
		},
		left: () => setLeft(l => Math.max(0, Math.min(maxLeft, l) - step)),
		right: () => {
			if (!wrap) setLeft(l => Math.min(maxLeft, l + step));
		},
		why: () => {
			if (screen.text === undefined && screen.mode !== 'why') env.push({type: 'text', mode: 'why', kind: screen.kind, namespace: screen.namespace, name: screen.name});
		},
		home: () => setLeft(0),
		end: () => {
			// to the end of the longest line on screen
			if (wrap) return;
			let widest = 0;
			for (const r of rows.slice(top, top + height)) widest = Math.max(widest, r.end);
			setLeft(Math.max(0, widest - width));
		},
	};
	const moves: Record<Motion, () => void> = {
		down: () => setOffset(o => Math.min(max, o + 1)),
		up: () => setOffset(o => Math.max(0, Math.min(max, o) - 1)),
		pageDown: () => setOffset(o => Math.min(max, o + page)),
		pageUp: () => setOffset(o => Math.max(0, Math.min(max, o) - page)),
		top: () => setOffset(0),
		bottom: () => setOffset(max),
	};
	env.input.current = {
		key(name) {
			if (name !== 'space') return dispatch(name, visible(TEXT_KEYS, env.keys), commands, moves);
			moves.pageDown();
			return true;
		},
		clear() {
			if (!search) return false;
			setSearch(undefined);
			return true;
		},
		filter: {
			text: search ?? '',
			entered: text => {
				setSearch(text || undefined);
				const found = matchLines(lines, text);
				if (found.length) jump(found[0], text);
				else if (text) env.flash(t('error.noMatch', {text}), 'error');
			},
		},
	};
	return <TextView lines={lines} layout={layout} offset={top} height={height} width={width} left={wrap ? 0 : Math.min(left, maxLeft)} wrap={wrap} search={search} yaml={screen.mode === 'yaml'} diff={screen.mode === 'diff'} theme={theme} />;
}
