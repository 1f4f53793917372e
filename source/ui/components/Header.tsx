// The header: cluster, version, namespace, nodes, cluster CPU and memory bars, the simulated
// clock with its speed, and the key hints of the current view (like k9s's menu).
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';
import type {Binding} from '../keymap.js';
import {Bar} from './Bar.js';

export interface HeaderInfo {
	cluster: string;
	kind: 'simulated' | 'context';
	version: string;
	namespace: string;
	nodes: number;
	nodesReady: number;
	cpu: number;
	memory: number;
	clock?: string;
	speed?: number;
	paused?: boolean;
	readonly: boolean;
}

export const HEADER_HEIGHT = 5;

export function Header({info, hints, width, theme}: {info: HeaderInfo; hints: Binding[]; width: number; theme: Theme}) {
	const c = (s: string) => (theme.color ? s : undefined);
	const left = 44;
	const columns = Math.max(1, Math.floor((width - left) / 22));
	const shown = hints.slice(0, columns * HEADER_HEIGHT);
	const cols: Binding[][] = [];
	for (let i = 0; i < shown.length; i += HEADER_HEIGHT) cols.push(shown.slice(i, i + HEADER_HEIGHT));
	const time = info.clock ? `${info.clock} ${info.paused ? '(paused)' : `(${info.speed ?? 1}x)`}` : 'live';
	return (
		<Box flexDirection="row" height={HEADER_HEIGHT}>
			<Box flexDirection="column" width={left}>
				<Text wrap="truncate">
					<Text color={c(theme.warn)}>Cluster: </Text>
					<Text bold>{info.cluster}</Text> <Text color={c(theme.muted)}>({info.kind === 'simulated' ? 'simulated' : 'kubeconfig'}{info.readonly ? ', read-only' : ''})</Text>
				</Text>
				<Text wrap="truncate">
					<Text color={c(theme.warn)}>K8s: </Text>
					{info.version} <Text color={c(theme.warn)}> NS: </Text>
					{info.namespace || 'all'} <Text color={c(theme.warn)}> Nodes: </Text>
					{info.nodesReady}/{info.nodes}
				</Text>
				<Bar label="CPU" fraction={info.cpu} theme={theme} width={12} />
				<Bar label="MEM" fraction={info.memory} theme={theme} width={12} />
				<Text wrap="truncate">
					<Text color={c(theme.warn)}>Clock: </Text>
					<Text color={info.paused ? c(theme.bad) : undefined}>{time}</Text>
				</Text>
			</Box>
			{cols.map((col, i) => (
				<Box key={i} flexDirection="column" width={22}>
					{col.map(b => (
						<Text key={b.key + b.command} wrap="truncate">
							<Text color={c(theme.key)}>{`<${b.key}>`}</Text> <Text color={c(theme.muted)}>{shortDescription(b)}</Text>
						</Text>
					))}
				</Box>
			))}
		</Box>
	);
}

function shortDescription(b: Binding): string {
	return b.description.replace(/\s*\(.*\)$/, '').replace(/^Toggle /, '');
}
