// Describe, YAML and diff: a text that follows its object live (or a fixed one), scrolled with
// the motion keys and space, searched with `/`, n and N.
import React, {useMemo, useState} from 'react';
import YAML from 'yaml';
import type {ClusterClient} from '../../client/types.js';
import {kindInfo} from '../../kinds/index.js';
import {dispatch, TEXT_KEYS, visible, type Motion, type TextCommand} from '../keymap.js';
import type {TextState} from '../state.js';
import {TextView, matchLines} from '../views/TextView.js';
import type {ScreenEnv} from './types.js';

function textOf(client: ClusterClient, screen: TextState): string[] {
	if (screen.text !== undefined) return screen.text.split('\n');
	const obj = client.get(screen.kind, screen.namespace, screen.name);
	if (!obj) return [`${kindInfo(screen.kind)?.plural ?? screen.kind} "${screen.name}" not found`];
	if (screen.mode === 'yaml') return YAML.stringify(obj, {lineWidth: 0}).split('\n');
	try {
		return client.describe(obj).split('\n');
	} catch (e) {
		return [`error: ${(e as Error).message}`];
	}
}

export function TextScreen({env, screen}: {env: ScreenEnv; screen: TextState}) {
	const {client, frame, height, width, theme} = env;
	const [offset, setOffset] = useState(0);
	const [search, setSearch] = useState<string | undefined>();
	// eslint-disable-next-line react-hooks/exhaustive-deps
	const lines = useMemo(() => textOf(client, screen), [screen, client, frame]);
	const page = height - 1;
	const max = Math.max(0, lines.length - page);
	const hits = matchLines(lines, search);
	const jump = (line: number | undefined) => {
		if (line !== undefined) setOffset(Math.min(max, line));
	};
	const commands: Record<TextCommand, () => void> = {
		search: () => env.setMode({type: 'filter', text: search ?? ''}),
		nextMatch: () => jump(hits.find(h => h > offset) ?? hits[0]),
		prevMatch: () => jump([...hits].reverse().find(h => h < offset) ?? hits[hits.length - 1]),
	};
	const moves: Record<Motion, () => void> = {
		down: () => setOffset(o => Math.min(max, o + 1)),
		up: () => setOffset(o => Math.max(0, o - 1)),
		pageDown: () => setOffset(o => Math.min(max, o + page)),
		pageUp: () => setOffset(o => Math.max(0, o - page)),
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
				if (found.length) setOffset(found[0]!);
				else if (text) env.flash(`no match for "${text}"`, 'error');
			},
		},
	};
	return <TextView lines={lines} offset={Math.min(offset, Math.max(0, lines.length - 1))} height={height} width={width} search={search} yaml={screen.mode === 'yaml'} diff={screen.mode === 'diff'} theme={theme} />;
}
