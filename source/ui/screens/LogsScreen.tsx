// Logs: one pod's container, or several pods merged; autoscroll, wrap, timestamps, the
// previous container, the next container, head and tail, a highlighted filter; and scrolling.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {dispatch, LOGS_KEYS, visible, type LogsCommand, type Motion} from '../keymap.js';
import type {LogsState} from '../state.js';
import {LogsView, useLogStream, visibleLogLines, type LogViewState} from '../views/LogsView.js';
import type {ScreenEnv} from './types.js';

export interface LogsScreenProps {
	env: ScreenEnv;
	screen: LogsState;
	/** The view's toggles, kept by the app: wrap and timestamps stay as set for the next logs. */
	view: LogViewState;
	setView(fn: (v: LogViewState) => LogViewState): void;
	/** Lines kept in memory. */
	capacity: number;
}

const on = (b: boolean) => t(b ? 'screen.logs.on' : 'screen.logs.off');

export function LogsScreen({env, screen, view, setView, capacity}: LogsScreenProps) {
	const {client, height, width, theme} = env;
	const {buffer, error} = useLogStream(client, screen, view, capacity);
	const page = height - 1;
	const {total, start} = visibleLogLines(buffer, view, page, width, screen.pods.length > 1);
	const last = Math.max(0, total - 1);
	/** Scrolls from where the view is (the tail's start while following). */
	const scroll = (by: number, follow = false) =>
		setView(s => {
			const from = s.follow ? start : s.offset;
			return {...s, follow: follow && s.follow, offset: by > 0 ? Math.min(last, from + by) : Math.max(0, from + by)};
		});
	const commands: Record<LogsCommand, () => void> = {
		autoscroll: () => {
			setView(s => ({...s, follow: !s.follow, offset: start}));
			env.flash(t(view.follow ? 'flash.autoscrollOff' : 'flash.autoscrollOn'));
		},
		wrap: () => setView(s => ({...s, wrap: !s.wrap})),
		timestamps: () => setView(s => ({...s, timestamps: !s.timestamps})),
		previous: () => {
			setView(s => ({...s, previous: !s.previous}));
			env.flash(t(view.previous ? 'flash.currentContainer' : 'flash.previousContainer'));
		},
		container: () => {
			const pod = client.get('Pod', screen.namespace, screen.pods[0]!);
			const names = pod?.spec.containers.map(c => c.name) ?? [];
			if (names.length < 2) {
				env.flash(t('error.oneContainer'), 'error');
				return;
			}
			const next = names[(names.indexOf(view.container ?? names[0]!) + 1) % names.length]!;
			setView(s => ({...s, container: next}));
			env.flash(t('flash.container', {name: next}));
		},
		tail: () => setView(s => ({...s, follow: true})),
		head: () => setView(s => ({...s, follow: false, offset: 0})),
		filter: () => env.setMode({type: 'filter', text: view.filter}),
	};
	const moves: Record<Motion, () => void> = {
		down: () => scroll(1),
		up: () => scroll(-1),
		pageUp: () => scroll(-page),
		// a page down keeps following when it follows
		pageDown: () => scroll(page, true),
		top: commands.head,
		bottom: commands.tail,
	};
	env.input.current = {
		key: name => dispatch(name, visible(LOGS_KEYS, env.keys), commands, moves),
		clear() {
			if (!view.filter) return false;
			setView(s => ({...s, filter: ''}));
			return true;
		},
		filter: {text: view.filter, entered: text => setView(s => ({...s, filter: text}))},
	};
	const target = `${screen.title}${view.container ? `:${view.container}` : ''}`;
	const toggles = t('screen.logs.toggles', {autoscroll: on(view.follow), wrap: on(view.wrap), timestamps: on(view.timestamps)});
	const title = `${t(screen.attach ? 'screen.logs.attached' : 'screen.logs.title', {target})}${view.previous ? t('screen.logs.previous') : ''}  ${toggles}${view.filter ? ` /${view.filter}` : ''}`;
	return (
		<Box flexDirection="column" height={height}>
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{title}
			</Text>
			<LogsView buffer={buffer} state={view} merged={screen.pods.length > 1} height={page} width={width} theme={theme} error={error} />
		</Box>
	);
}
