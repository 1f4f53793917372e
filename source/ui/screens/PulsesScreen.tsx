// `:pulses`: the cluster's pulse as charts over time: CPU and memory use, pods by phase and the
// events of each interval, sampled every five seconds of cluster time while the view is open
// (the samples stay when it closes and opens again).
import React from 'react';
import {Box, Text} from 'ink';
import type {ClusterClient} from '../../client/types.js';
import {t} from '../../i18n/index.js';
import type {PulsesState} from '../state.js';
import {Chart, sparkline} from '../components/Sparkline.js';
import {PulseHistory, PULSE_EVERY_MS, type PulseSample} from '../pulses.js';
import type {Theme} from '../theme.js';
import type {ScreenEnv} from './types.js';

const histories = new WeakMap<ClusterClient, Map<string, PulseHistory>>();

function historyOf(client: ClusterClient, namespace: string): PulseHistory {
	let byNs = histories.get(client);
	if (!byNs) histories.set(client, (byNs = new Map()));
	let h = byNs.get(namespace);
	if (!h) byNs.set(namespace, (h = new PulseHistory()));
	return h;
}

function Series({label, values, now, width, color, theme}: {label: string; values: number[]; now: number; width: number; color?: string; theme: Theme}) {
	const text = `${label} ${now}`.padEnd(14);
	return (
		<Text wrap="truncate">
			{text}
			<Text color={theme.color ? color : undefined}>{sparkline(values, Math.max(5, width - text.length - 1), Math.max(1, ...values))}</Text>
		</Text>
	);
}

export function PulsesScreen({env, screen}: {env: ScreenEnv; screen: PulsesState}) {
	const {client, width, height, theme, frame} = env;
	void frame;
	const history = historyOf(client, screen.namespace);
	history.tick(client, screen.namespace || undefined);
	const s = history.samples;
	const last = s.at(-1);
	env.input.current = {key: () => false};
	const half = Math.max(20, Math.floor(width / 2) - 1);
	const chartHeight = Math.max(2, Math.floor((height - 8) / 2));
	const pick = (f: (x: PulseSample) => number) => s.map(f);
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.pulses.title', {namespace: screen.namespace || t('screen.allNamespaces'), every: PULSE_EVERY_MS / 1000, count: s.length})}
			</Text>
			<Box>
				<Box width={half} flexDirection="column">
					<Chart title={t('screen.pulses.cpu', {percent: Math.round((last?.cpu ?? 0) * 100)})} values={pick(x => x.cpu * 100)} width={half} height={chartHeight} max={100} unit="%" theme={theme} />
				</Box>
				<Box width={half} flexDirection="column">
					<Chart title={t('screen.pulses.memory', {percent: Math.round((last?.mem ?? 0) * 100)})} values={pick(x => x.mem * 100)} width={half} height={chartHeight} max={100} unit="%" theme={theme} />
				</Box>
			</Box>
			<Box>
				<Box width={half} flexDirection="column">
					<Text bold>{t('screen.pulses.podsByPhase')}</Text>
					<Series label="Running" values={pick(x => x.running)} now={last?.running ?? 0} width={half} color={theme.ok} theme={theme} />
					<Series label="Pending" values={pick(x => x.pending)} now={last?.pending ?? 0} width={half} color={theme.warn} theme={theme} />
					<Series label="Failed" values={pick(x => x.failed)} now={last?.failed ?? 0} width={half} color={theme.bad} theme={theme} />
					<Series label="Succeeded" values={pick(x => x.succeeded)} now={last?.succeeded ?? 0} width={half} color={theme.muted} theme={theme} />
				</Box>
				<Box width={half} flexDirection="column">
					<Text bold>{t('screen.pulses.events', {every: PULSE_EVERY_MS / 1000})}</Text>
					<Series label="Normal" values={pick(x => x.normal)} now={last?.normal ?? 0} width={half} color={theme.info} theme={theme} />
					<Series label="Warning" values={pick(x => x.warning)} now={last?.warning ?? 0} width={half} color={theme.bad} theme={theme} />
				</Box>
			</Box>
		</Box>
	);
}
