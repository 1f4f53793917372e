// `:pf`: the port forwards open now (shift-f on a pod makes one), as k9s lists them; ctrl-d
// stops the selected one after asking.
import React from 'react';
import {Box, Text} from 'ink';
import {age} from '../../kinds/format.js';
import {dispatch, FORWARDS_KEYS, visible, type ForwardsCommand} from '../keymap.js';
import {t} from '../../i18n/index.js';
import {withCancel, type ForwardsState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';
import type {ScreenEnv} from './types.js';

/** A narrow terminal keeps the pod and its ports; AGE goes first, the namespace last. */
const FORWARD_KEEP: Keep[] = [3, 'name', 'always', 2, 1];

export function ForwardsScreen({env, screen}: {env: ScreenEnv; screen: ForwardsState}) {
	const {client, width, theme} = env;
	const forwards = client.portForwards?.() ?? [];
	const selected = Math.max(0, Math.min(screen.selected, forwards.length - 1));
	const chosen = forwards[selected];
	const page = Math.max(1, env.height - 3);
	const select = (fn: (i: number) => number) => env.replaceTop(s => (s.type === 'forwards' ? {...s, selected: Math.max(0, Math.min(forwards.length - 1, fn(selected)))} : s));
	const commands: Record<ForwardsCommand, () => void> = {
		stop: () => {
			if (!chosen) return;
			env.setMode({
				type: 'confirm',
				message: t('confirm.stopForward', {local: chosen.localPort, remote: chosen.remotePort, pod: chosen.pod}),
				options: withCancel([{value: 'stop', label: t('confirm.stopOption')}]),
				choice: 0,
				onChoose: () => {
					client.stopPortForward?.(chosen.id);
					env.flash(t('flash.stoppedForward', {local: chosen.localPort, pod: chosen.pod, remote: chosen.remotePort}));
				},
			});
		},
	};
	env.input.current = {
		key: name =>
			dispatch(name, visible(FORWARDS_KEYS, env.keys), commands, {
				down: () => select(i => i + 1),
				up: () => select(i => i - 1),
				pageDown: () => select(i => i + page),
				pageUp: () => select(i => i - page),
				top: () => select(() => 0),
				bottom: () => select(() => forwards.length - 1),
			}),
	};
	const rows: TableRow[] = forwards.map(f => ({key: f.id, cells: [f.namespace, f.pod, `${f.localPort}:${f.remotePort}`, `http://127.0.0.1:${f.localPort}/`, age(new Date(f.since).toISOString(), client.now())], health: 'ok'}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.forwards.title', {count: forwards.length})}
			</Text>
			{rows.length ? (
				<Table headers={['NAMESPACE', 'NAME', 'PORTS', 'URL', 'AGE']} keep={FORWARD_KEEP} rows={rows} selected={selected} width={width} theme={theme} />
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.forwards.empty')}</Text>
			)}
		</Box>
	);
}
