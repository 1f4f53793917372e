// `:nodegroups`: the managed node groups of the eks profile (desired, min and max sizes, the
// instance type, nodes Ready) with keys that change a group's size and limits, and below them
// the Cluster Autoscaler's latest decisions.
import React from 'react';
import {Box, Text} from 'ink';
import {age} from '../../kinds/format.js';
import {dispatch, listMoves, NODEGROUPS_KEYS, visible, type NodeGroupsCommand} from '../keymap.js';
import {t} from '../../i18n/index.js';
import type {NodeGroupsState} from '../state.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';
import type {ScreenEnv} from './types.js';

const KEEP: Keep[] = ['name', 1, 2, 3, 4, 5, 6];
/** Decisions shown at most. */
const DECISIONS = 8;

/** `2 6` or `2,6`: min and max, or undefined. */
export function parseLimits(text: string): {min: number; max: number} | undefined {
	const m = /^\s*(\d{1,4})\s*[\s,/-]\s*(\d{1,4})\s*$/.exec(text);
	return m ? {min: Number(m[1]), max: Number(m[2])} : undefined;
}

export function NodeGroupsScreen({env, screen}: {env: ScreenEnv; screen: NodeGroupsState}) {
	const {client, width, theme} = env;
	const cloud = client.sim?.cloud;
	const groups = cloud?.nodeGroups() ?? [];
	const selected = Math.max(0, Math.min(screen.selected, groups.length - 1));
	const chosen = groups[selected];
	const select = (fn: (i: number) => number) => env.replaceTop(s => (s.type === 'nodegroups' ? {...s, selected: Math.max(0, Math.min(groups.length - 1, fn(selected)))} : s));
	const resize = (desired: number) => chosen && cloud && env.run(cloud.setNodeGroupSize(chosen.name, desired));
	const commands: Record<NodeGroupsCommand, () => void> = {
		grow: () => chosen && resize(chosen.desiredSize + 1),
		shrink: () => chosen && resize(chosen.desiredSize - 1),
		size: () => {
			if (!chosen || !cloud) return;
			env.setMode({
				type: 'prompt',
				label: t('prompt.cloud.size', {name: chosen.name, min: chosen.minSize, max: chosen.maxSize}),
				text: String(chosen.desiredSize),
				onEnter: text => {
					if (!/^\s*\d{1,4}\s*$/.test(text)) env.flash(t('error.cloud.notSize', {text}), 'error');
					else resize(Number(text));
				},
			});
		},
		limits: () => {
			if (!chosen || !cloud) return;
			env.setMode({
				type: 'prompt',
				label: t('prompt.cloud.limits', {name: chosen.name}),
				text: `${chosen.minSize} ${chosen.maxSize}`,
				onEnter: text => {
					const l = parseLimits(text);
					if (!l) env.flash(t('error.cloud.notLimits', {text}), 'error');
					else env.run(cloud.setNodeGroupLimits(chosen.name, l.min, l.max));
				},
			});
		},
	};
	env.input.current = {key: name => dispatch(name, visible(NODEGROUPS_KEYS, env.keys), commands, listMoves(select, groups.length, Math.max(1, env.height - 3)))};
	if (!cloud) return <Text color={theme.color ? theme.muted : undefined}>{t('error.cloud.noCloud')}</Text>;
	const rows: TableRow[] = groups.map(g => ({
		key: g.name,
		cells: [g.name, g.instanceType, String(g.desiredSize), String(g.minSize), String(g.maxSize), `${g.readyNodes}/${g.instances}`, g.instances > g.readyNodes ? 'Scaling' : 'Active'],
		health: g.instances > g.readyNodes ? 'warn' : 'ok',
	}));
	const decisions = cloud.autoscalerDecisions().slice(-DECISIONS);
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.nodegroups.title', {count: groups.length})}
			</Text>
			<Table headers={['NAME', 'INSTANCE-TYPE', 'DESIRED', 'MIN', 'MAX', 'READY', 'STATUS']} keep={KEEP} rows={rows} selected={selected} width={width} theme={theme} />
			<Text> </Text>
			<Text bold wrap="truncate">
				{t('screen.nodegroups.decisions')}
			</Text>
			{decisions.length ? (
				decisions.map((d, i) => (
					<Text key={i} wrap="truncate">
						{`${age(new Date(d.time).toISOString(), client.now()).padStart(6)}  ${d.kind.padEnd(9)} ${d.message}`}
					</Text>
				))
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.nodegroups.noDecisions')}</Text>
			)}
		</Box>
	);
}
