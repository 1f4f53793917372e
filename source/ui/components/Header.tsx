// The header: cluster, version, namespace, nodes, cluster CPU and memory bars, the simulated
// clock with its speed, and the key hints of the current view (like k9s's menu).
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme} from '../theme.js';
import type {Binding} from '../keymap.js';
import {Bar} from './Bar.js';
import {t} from '../../i18n/index.js';
import {cut, padTo, textWidth} from '../text.js';

const BAR_WIDTH = 12;
const COMPACT_BAR = 4;

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
	/** Whom the dashboard acts as (`:user`). */
	user?: string;
	/** The bill so far and its rate, where the cluster has one (the eks profile). */
	cost?: string;
}

export const HEADER_HEIGHT = 5;

/** The widest the cluster figures get; the hints take the rest. */
const LEFT_MAX = 44;
/** Blanks between the figures and the hints, and between two columns of hints. */
const GAP = 2;
/** The longest a hint's text gets (a longer one ends at a word and `…`). */
const LABEL_MAX = 18;

/** Words a cut hint does not end on. */
const DANGLING = new Set(['/', 'a', 'an', 'the', 'to', 'of', 'in', 'into', 'for', 'and', 'or', 'by', 'on', 'with']);

/** A key's text as a hint: its label, or its description without the details (`(...)`, `: ...`) and without `Toggle`. */
export function hintLabel(b: Binding): string {
	const text = b.label ?? b.description.replace(/\s*\(.*\)$/, '').replace(/:.*$/, '').replace(/^Toggle /, '');
	if (textWidth(text) <= LABEL_MAX) return text;
	const words = text.split(' ');
	let kept = 1;
	while (kept < words.length && textWidth(`${words.slice(0, kept + 1).join(' ')}…`) <= LABEL_MAX) kept++;
	// never end on a word that leads into the next (`Shell into a…`)
	while (kept > 1 && DANGLING.has(words[kept - 1]!.toLowerCase())) kept--;
	return cut(`${words.slice(0, kept).join(' ')}…`, LABEL_MAX);
}

export interface HintColumn {
	keys: string[];
	labels: string[];
	keyWidth: number;
	width: number;
}

function columnsOf(hints: Binding[]): HintColumn[] {
	const cols: HintColumn[] = [];
	for (let i = 0; i < hints.length; i += HEADER_HEIGHT) {
		const col = hints.slice(i, i + HEADER_HEIGHT);
		const keys = col.map(b => `<${b.key}>`);
		const labels = col.map(hintLabel);
		const keyWidth = Math.max(...keys.map(textWidth)) + 1;
		cols.push({keys, labels, keyWidth, width: keyWidth + Math.max(...labels.map(textWidth))});
	}
	return cols;
}

/** The first that goes in when not every hint fits: help, then the view's own keys, then every table's, the global ones, the favourite namespaces. */
function rank(b: Binding): number {
	if (b.command === 'help' && b.scope === 'global') return 0;
	// the favourite namespaces come in last, where there is room
	if (b.command === 'favorite') return 4;
	return b.scope === 'global' ? 3 : b.scope === 'table' ? 2 : 1;
}

/**
 * The hints that fit `width` columns, in columns of HEADER_HEIGHT, GAP apart: as many as fit,
 * the most useful first (by `rank`), shown in their own order; every key and text whole or the
 * column left out.
 */
export function layoutHints(hints: Binding[], width: number): HintColumn[] {
	const byRank = hints.map((b, i) => ({b, i})).sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i);
	for (let n = hints.length; n > 0; n--) {
		const chosen = new Set(byRank.slice(0, n).map(x => x.i));
		const cols = columnsOf(hints.filter((_, i) => chosen.has(i)));
		if (cols.reduce((a, c) => a + c.width, 0) + GAP * (cols.length - 1) <= width) return cols;
	}
	return [];
}

/** Below this width the figures take a compact form (CPU and memory on one line) to leave room for hints. */
const COMPACT_BELOW = 100;

export function Header({info, hints, width, theme}: {info: HeaderInfo; hints: Binding[]; width: number; theme: Theme}) {
	const c = (s: string) => (theme.color ? s : undefined);
	const compact = width < COMPACT_BELOW;
	const time = (info.clock ? `${info.clock} ${info.paused ? t('screen.header.paused') : `(${info.speed ?? 1}x)`}` : t('screen.header.live')) + (info.cost ? ` ${info.cost}` : '');
	const cluster = cut(info.cluster, 16);
	// acting as another user (`:user`), the header says whom instead of the kind of cluster
	const kind = ` (${info.user ? t('screen.header.actingAs', {user: info.user}) : t(info.kind === 'simulated' ? 'screen.header.simulated' : 'screen.header.kubeconfig')}${info.readonly ? t('screen.header.readonly') : ''})`;
	const ns = `NS: ${info.namespace || 'all'}`;
	const nodes = `Nodes: ${info.nodesReady}/${info.nodes}`;
	const k8s = compact ? `${info.version}  ${nodes}` : `${info.version}  ${ns}  ${nodes}`;
	const barWidth = compact ? COMPACT_BAR : BAR_WIDTH;
	const bar = (label: string) => `${label} `.length + barWidth + ' 100%'.length;
	const lines = [`${t('screen.header.cluster')}${cluster}${kind}`, `K8s: ${k8s}`, compact ? ns : '', `${t('screen.header.clock')}${time}`].map(textWidth);
	const left = Math.min(LEFT_MAX, width, Math.max(...lines, compact ? bar('CPU') + GAP + bar('MEM') : bar('CPU')));
	const cols = layoutHints(hints, width - left - GAP);
	const cpu = <Bar label="CPU" fraction={info.cpu} theme={theme} width={barWidth} />;
	const mem = <Bar label="MEM" fraction={info.memory} theme={theme} width={barWidth} />;
	// few Text nodes with pre-cut strings: Ink measures every node on every frame
	return (
		<Box flexDirection="row" height={HEADER_HEIGHT}>
			<Box flexDirection="column" width={left} overflow="hidden">
				<Text wrap="truncate">
					<Text color={c(theme.warn)}>{t('screen.header.cluster')}</Text>
					<Text bold>{cluster}</Text>
					<Text color={c(theme.muted)}>{kind}</Text>
				</Text>
				<Text wrap="truncate">
					<Text color={c(theme.warn)}>K8s: </Text>
					{k8s}
				</Text>
				{compact ? (
					<Text wrap="truncate">
						<Text color={c(theme.warn)}>NS: </Text>
						{info.namespace || 'all'}
					</Text>
				) : null}
				{compact ? (
					<Text wrap="truncate">
						{cpu}
						{' '.repeat(GAP)}
						{mem}
					</Text>
				) : (
					cpu
				)}
				{compact ? null : mem}
				<Text wrap="truncate">
					<Text color={c(theme.warn)}>{t('screen.header.clock')}</Text>
					<Text color={info.paused ? c(theme.bad) : undefined}>{time}</Text>
				</Text>
			</Box>
			{cols.map((col, i) => (
				<Box key={i} flexDirection="row" width={col.width} marginLeft={GAP} flexShrink={0}>
					<Text color={c(theme.key)}>{col.keys.map(k => padTo(k, col.keyWidth)).join('\n')}</Text>
					<Text color={c(theme.muted)}>{col.labels.join('\n')}</Text>
				</Box>
			))}
		</Box>
	);
}
