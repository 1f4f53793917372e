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
	const colWidth = 26;
	const columns = Math.max(0, Math.floor((width - left) / colWidth));
	const shown = hints.slice(0, columns * HEADER_HEIGHT);
	const cols: Binding[][] = [];
	for (let i = 0; i < shown.length; i += HEADER_HEIGHT) cols.push(shown.slice(i, i + HEADER_HEIGHT));
	const time = info.clock ? `${info.clock} ${info.paused ? '(paused)' : `(${info.speed ?? 1}x)`}` : 'live';
	const fit = (t: string, w: number) => (t.length > w ? `${t.slice(0, w - 1)}…` : t);
	// few Text nodes with pre-cut strings: Ink measures every node on every frame
	return (
		<Box flexDirection="row" height={HEADER_HEIGHT}>
			<Box flexDirection="column" width={left}>
				<Text>
					<Text color={c(theme.warn)}>Cluster: </Text>
					<Text bold>{fit(info.cluster, 16)}</Text>
					<Text color={c(theme.muted)}>{fit(` (${info.kind === 'simulated' ? 'simulated' : 'kubeconfig'}${info.readonly ? ', read-only' : ''})`, left - 10 - Math.min(16, info.cluster.length))}</Text>
				</Text>
				<Text>
					<Text color={c(theme.warn)}>K8s: </Text>
					{fit(`${info.version}  NS: ${info.namespace || 'all'}  Nodes: ${info.nodesReady}/${info.nodes}`, left - 6)}
				</Text>
				<Bar label="CPU" fraction={info.cpu} theme={theme} width={12} />
				<Bar label="MEM" fraction={info.memory} theme={theme} width={12} />
				<Text>
					<Text color={c(theme.warn)}>Clock: </Text>
					<Text color={info.paused ? c(theme.bad) : undefined}>{time}</Text>
				</Text>
			</Box>
			{cols.map((col, i) => {
				const keys = col.map(b => `<${b.key}>`);
				const keyWidth = Math.min(12, Math.max(...keys.map(k => k.length)) + 1);
				return (
					<Box key={i} flexDirection="row" width={colWidth}>
						<Text color={c(theme.key)}>{keys.map(k => fit(k, keyWidth).padEnd(keyWidth)).join('\n')}</Text>
						<Text color={c(theme.muted)}>{col.map(b => fit(shortDescription(b), colWidth - keyWidth - 1)).join('\n')}</Text>
					</Box>
				);
			})}
		</Box>
	);
}

function shortDescription(b: Binding): string {
	return b.description.replace(/\s*\(.*\)$/, '').replace(/^Toggle /, '');
}
