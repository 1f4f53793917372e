// The pane that follows the selection: a workload's pods, a pod's log tail, an HPA's chart, a
// node's pods, a Service's endpoints, an event in full; and the small tables of the dashboard layout.
import React from 'react';
import {Box, Text} from 'ink';
import type {ClusterClient} from '../../client/types.js';
import type {Event, HorizontalPodAutoscaler, KObject, Pod} from '../../cluster/types.js';
import {kindInfo, relatedPods, statusHealth, type SidePaneContent} from '../../kinds/index.js';
import {podRestarts, podSummary} from '../../kinds/pod/index.js';
import {hpaTargets} from '../../kinds/hpa/index.js';
import {eventCount, eventFirstSeen, eventLastSeen, eventObject, eventSource} from '../../kinds/event.js';
import {t} from '../../i18n/index.js';
import type {Theme} from '../theme.js';
import {Table, type TableRow} from '../components/Table.js';
import {Chart, sparkline} from '../components/Sparkline.js';
import type {Keep} from '../components/columns.js';
import {sliceWidth} from '../text.js';
import {cutSpans, wrapLine} from '../views/textLayout.js';

export interface PaneProps {
	client: ClusterClient;
	obj: KObject | undefined;
	width: number;
	height: number;
	theme: Theme;
	/** Log lines of the selected pod (kept by the app so the tail survives re-renders). */
	logTail?: string[];
}

function Title({text, theme}: {text: string; theme: Theme}) {
	return (
		<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
			{text}
		</Text>
	);
}

export function podRows(client: ClusterClient, pods: Pod[]): TableRow[] {
	const now = client.now();
	return pods
		.slice()
		.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
		.map(p => {
			const s = podSummary(p);
			return {key: p.metadata.uid ?? p.metadata.name, cells: [p.metadata.name, `${s.readyContainers}/${s.totalContainers}`, s.status, podRestarts(p, now), p.spec.nodeName ?? '<none>'], health: statusHealth(s.status)};
		});
}

const POD_HEADERS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'NODE'];
/** A narrow pane keeps a pod's name, readiness and status; the node goes after the restarts. */
const POD_KEEP: Keep[] = ['name', 'always', 'always', 2, 1];

export function PodsPane({client, obj, width, height, theme, title}: PaneProps & {title?: string}) {
	const pods = obj ? relatedPods(obj, client) : [];
	const rows = podRows(client, pods).slice(0, Math.max(0, height - 2));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Title text={title ?? t('screen.pane.pods', {target: obj ? `${obj.kind.toLowerCase()}/${obj.metadata.name}` : '-', count: pods.length})} theme={theme} />
			<Table headers={POD_HEADERS} keep={POD_KEEP} rows={rows} selected={-1} width={width} theme={theme} />
		</Box>
	);
}

export function LogTailPane({obj, width, height, theme, logTail}: PaneProps) {
	const lines = (logTail ?? []).slice(-(height - 1));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Title text={t('screen.pane.logTail', {name: obj?.metadata.name ?? '-'})} theme={theme} />
			{lines.length ? (
				<Text>{lines.map(l => sliceWidth(l, width)).join('\n')}</Text>
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.pane.noLogs')}</Text>
			)}
		</Box>
	);
}

export function HpaPane({client, obj: selected, width, height, theme}: PaneProps) {
	if (!selected) return <Box width={width} height={height} />;
	const obj = selected as HorizontalPodAutoscaler;
	const ns = obj.metadata.namespace ?? 'default';
	const points = client.sim?.hpaHistory(ns, obj.metadata.name) ?? [];
	const util = points.map(p => p.utilization ?? 0);
	const replicas = points.map(p => p.replicas);
	const target = points.at(-1)?.target ?? obj.spec?.metrics?.[0]?.resource?.target?.averageUtilization;
	// the title, the chart's title and the replicas line, the chart, then the scaling events when
	// two more rows are left (a heading and one event at least)
	const chartHeight = Math.min(Math.max(3, Math.floor((height - 6) * 0.6)), Math.max(1, height - 3));
	const eventRows = height - 3 - chartHeight - 1;
	const events = eventRows > 0 ? client.eventsFor(obj).filter(e => e.reason === 'SuccessfulRescale').slice(-eventRows) : [];
	const max = Math.max(100, (target ?? 0) * 2, ...util);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Title text={t('screen.pane.hpa', {name: obj.metadata.name, targets: hpaTargets(obj), replicas: obj.status?.currentReplicas ?? 0, min: obj.spec?.minReplicas ?? 1, max: String(obj.spec?.maxReplicas)})} theme={theme} />
			<Chart title={t('screen.pane.hpaChart', {target: target ?? '?'})} values={util} width={width - 1} height={chartHeight} max={max} target={target} unit="%" theme={theme} />
			<Text wrap="truncate">
				{t('screen.pane.replicas')} <Text color={theme.color ? theme.accent : undefined}>{sparkline(replicas, Math.max(5, width - 14), obj.spec?.maxReplicas ?? undefined)}</Text>
			</Text>
			{eventRows > 0 ? <Title text={t('screen.pane.scalingEvents')} theme={theme} /> : null}
			{eventRows <= 0 ? null : events.length ? (
				events.map(e => (
					<Text key={e.metadata.name} wrap="truncate">
						{eventLastSeen(e, client.now()).padEnd(6)} {e.message}
					</Text>
				))
			) : (
				<Text color={theme.color ? theme.muted : undefined}>{t('screen.pane.noneYet')}</Text>
			)}
		</Box>
	);
}

/** As the events table: the type goes first (the colour tells a warning), then the reason; the object and the message are cut, never dropped. */
const EVENT_KEEP: Keep[] = [3, 1, 2, 'always', 'always'];

export function EventsPane({client, obj, width, height, theme}: PaneProps & {obj: KObject | undefined}) {
	const events = (obj ? client.eventsFor(obj) : client.list('Event')).slice().sort((a, b) => ((a.lastTimestamp ?? '') < (b.lastTimestamp ?? '') ? -1 : 1)).slice(-(height - 2));
	const now = client.now();
	const rows: TableRow[] = events.map(e => ({
		key: e.metadata.uid ?? e.metadata.name,
		cells: [eventLastSeen(e, now), e.type ?? '', e.reason ?? '', obj ? '' : `${(e.involvedObject.kind ?? '').toLowerCase()}/${e.involvedObject.name ?? ''}`, e.message ?? ''].filter((_, i) => obj ? i !== 3 : true),
		health: e.type === 'Warning' ? 'bad' : 'none',
	}));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Title text={obj ? t('screen.pane.eventsOf', {target: `${obj.kind.toLowerCase()}/${obj.metadata.name}`}) : t('screen.pane.events')} theme={theme} />
			<Table headers={obj ? ['LAST SEEN', 'TYPE', 'REASON', 'MESSAGE'] : ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']} keep={obj ? EVENT_KEEP.filter((_, i) => i !== 3) : EVENT_KEEP} rows={rows} selected={-1} width={width} theme={theme} />
		</Box>
	);
}

/** A text wrapped into rows of `width` columns, at most `max` of them (the last cut with `…`). */
export function wrappedRows(text: string, width: number, max: number): string[] {
	const row = ([start, end]: [number, number]) => cutSpans([{text}], start, end).map(s => s.text).join('');
	const all = wrapLine(text, width);
	if (all.length <= max) return all.map(row);
	const rows = all.slice(0, Math.max(0, max)).map(row);
	const last = all[rows.length - 1];
	if (last) rows[rows.length - 1] = `${row([last[0], Math.min(last[1], last[0] + Math.max(0, width - 1))]).trimEnd()}…`;
	return rows;
}

/** The selected event in full: what it is about, who reported it, and its whole message, wrapped. */
export function EventPane({client, obj, width, height, theme}: PaneProps) {
	if (!obj) return <Box width={width} height={height} />;
	const ev = obj as Event;
	const now = client.now();
	const fields: Array<[string, string]> = [
		['Type', ev.type ?? ''],
		['Reason', ev.reason ?? ''],
		['Source', eventSource(ev)],
		['Count', String(eventCount(ev))],
		['Last Seen', t('screen.pane.lastSeen', {last: eventLastSeen(ev, now), first: eventFirstSeen(ev, now)})],
	];
	const message = String(ev.message ?? '').trim();
	const warn = ev.type === 'Warning' && theme.color ? theme.bad : undefined;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Title text={t('screen.pane.eventOf', {target: eventObject(ev)})} theme={theme} />
			{fields.map(([label, value]) => (
				<Text key={label} wrap="truncate" color={label === 'Type' ? warn : undefined}>
					{`${`${label}:`.padEnd(11)}${value}`}
				</Text>
			))}
			<Text>Message:</Text>
			<Text color={warn}>{wrappedRows(message, width, height - fields.length - 2).join('\n')}</Text>
		</Box>
	);
}

const PANES: Record<SidePaneContent, (props: PaneProps) => React.ReactNode> = {
	pods: PodsPane,
	logTail: LogTailPane,
	hpa: HpaPane,
	events: EventsPane,
	event: EventPane,
};

/**
 * The pane that follows a selected object in the split layout: what its kind's view names. A row
 * the server sent as a Table row (`listed`) is shown by name while its whole object is fetched,
 * so that the pane never shows another object's content under the new selection.
 */
export function SidePane(props: PaneProps & {listed?: KObject}) {
	const {obj, listed} = props;
	if (!obj && listed) {
		const pane = kindInfo(listed.kind)?.view?.pane ?? 'events';
		if (pane === 'logTail') return <LogTailPane {...props} obj={listed} />;
		return (
			<Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
				<Title text={`${listed.kind.toLowerCase()}/${listed.metadata.name}`} theme={props.theme} />
				<Text color={props.theme.color ? props.theme.muted : undefined}>{t('screen.pane.fetching', {target: `${listed.kind.toLowerCase()}/${listed.metadata.name}`})}</Text>
			</Box>
		);
	}
	if (!obj) return <EventsPane {...props} />;
	const kind = kindInfo(obj.kind);
	if (!kind) return null;
	const Pane = PANES[kind.view?.pane ?? 'events'];
	return <Pane {...props} />;
}
