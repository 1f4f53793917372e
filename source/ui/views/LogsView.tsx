// Logs: follows one pod's container (or several pods merged, each line prefixed with its pod),
// keeps a bounded buffer so memory stays flat, and shows it with autoscroll, wrap, timestamps,
// previous container, a highlighted filter, head and tail.
import React, {useEffect, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {t} from '../../i18n/index.js';
import type {ClusterClient} from '../../client/types.js';
import type {LogsState} from '../state.js';
import type {Theme} from '../theme.js';

export interface LogLine {
	pod: string;
	time: string;
	text: string;
}

export class LogBuffer {
	lines: LogLine[] = [];
	/** Lines dropped off the front since the start (for stable offsets). */
	dropped = 0;
	version = 0;

	constructor(private readonly capacity: number) {}

	/** Adds a line in time order (merged pods interleave by timestamp). */
	push(line: LogLine): void {
		let i = this.lines.length;
		if (line.time) while (i > 0 && this.lines[i - 1]!.time > line.time) i--;
		if (i === this.lines.length) this.lines.push(line);
		else this.lines.splice(i, 0, line);
		if (this.lines.length > this.capacity * 1.25) {
			const cut = this.lines.length - this.capacity;
			this.lines.splice(0, cut);
			this.dropped += cut;
		}
		this.version++;
	}

	trimmed(): LogLine[] {
		return this.lines.length > this.capacity ? this.lines.slice(this.lines.length - this.capacity) : this.lines;
	}
}

export interface LogViewState {
	follow: boolean;
	wrap: boolean;
	timestamps: boolean;
	filter: string;
	/** First shown line when not following. */
	offset: number;
	container?: string;
	previous: boolean;
	error?: string;
}

export function splitTimestamp(raw: string): {time: string; text: string} {
	const i = raw.indexOf(' ');
	if (i > 0 && /^\d{4}-\d\d-\d\dT/.test(raw)) return {time: raw.slice(0, i), text: raw.slice(i + 1)};
	return {time: '', text: raw};
}

/** Subscribes to the logs of the screen's pods; returns the buffer and a version to re-render on. */
export function useLogStream(client: ClusterClient, screen: LogsState, state: LogViewState, capacity: number): {buffer: LogBuffer; error?: string} {
	const bufferRef = useRef<LogBuffer>(new LogBuffer(capacity));
	const [error, setError] = useState<string | undefined>();
	const [, setVersion] = useState(0);
	// new lines re-render at most every 100 ms, even while simulated time is paused
	useEffect(() => {
		if (!screen.pods.length) return;
		let seen = -1;
		const t = setInterval(() => {
			const v = bufferRef.current.version;
			if (v !== seen) {
				seen = v;
				setVersion(v);
			}
		}, 100);
		return () => clearInterval(t);
	}, [screen]);
	useEffect(() => {
		const buffer = new LogBuffer(capacity);
		bufferRef.current = buffer;
		setError(undefined);
		const stops: Array<() => void> = [];
		let cancelled = false;
		const tail = screen.attach ? 0 : Math.max(100, Math.min(capacity, 1000));
		for (const pod of screen.pods) {
			client
				.logs(screen.namespace, pod, {container: state.container ?? screen.container, previous: state.previous, follow: !state.previous, timestamps: true, tailLines: tail}, line => {
					const {time, text} = splitTimestamp(line);
					buffer.push({pod, time, text});
				})
				.then(stop => {
					if (cancelled) stop();
					else stops.push(stop);
				})
				.catch((e: Error) => {
					if (!cancelled && screen.pods.length === 1) setError(e.message);
				});
		}
		return () => {
			cancelled = true;
			for (const s of stops) s();
		};
	}, [client, screen, state.container, state.previous, capacity]);
	return {buffer: bufferRef.current, error};
}

export interface LogsViewProps {
	buffer: LogBuffer;
	state: LogViewState;
	merged: boolean;
	height: number;
	width: number;
	theme: Theme;
	error?: string;
}

const POD_COLORS = ['cyan', 'magenta', 'green', 'yellow', 'blue', 'red'];

/** What a log line shows before its text: the pod when merged, the time when asked for. */
function linePrefix(l: LogLine, state: LogViewState, merged: boolean): string {
	return `${merged ? `[${l.pod}] ` : ''}${state.timestamps && l.time ? `${l.time} ` : ''}`;
}

/** Screen rows a line takes: one, or as many as its wrapped text needs. */
function rowsOf(l: LogLine, state: LogViewState, merged: boolean, width: number): number {
	if (!state.wrap) return 1;
	return Math.max(1, Math.ceil(stringWidth(linePrefix(l, state, merged) + l.text) / Math.max(1, width)));
}

/**
 * The lines shown for a state: filtered, then those that fill `height` rows at the offset, or
 * the newest ones when following. With wrap on a line may take several rows, so following
 * counts rows back from the newest line: the last row on screen is always the newest line.
 */
export function visibleLogLines(buffer: LogBuffer, state: LogViewState, height: number, width = Infinity, merged = false): {lines: LogLine[]; total: number; start: number} {
	let all = buffer.trimmed();
	if (state.filter) {
		const f = state.filter.toLowerCase();
		all = all.filter(l => l.text.toLowerCase().includes(f) || l.pod.toLowerCase().includes(f));
	}
	const total = all.length;
	if (!state.wrap || !Number.isFinite(width)) {
		const start = state.follow ? Math.max(0, total - height) : Math.max(0, Math.min(state.offset, Math.max(0, total - height)));
		return {lines: all.slice(start, start + height), total, start};
	}
	if (state.follow) {
		let start = total;
		let rows = 0;
		while (start > 0) {
			const r = rowsOf(all[start - 1]!, state, merged, width);
			if (rows + r > height && rows > 0) break;
			rows += r;
			start--;
		}
		return {lines: all.slice(start), total, start};
	}
	const start = Math.max(0, Math.min(state.offset, Math.max(0, total - 1)));
	let end = start;
	let rows = 0;
	while (end < total) {
		const r = rowsOf(all[end]!, state, merged, width);
		if (rows + r > height && rows > 0) break;
		rows += r;
		end++;
	}
	return {lines: all.slice(start, end), total, start};
}

export function LogsView({buffer, state, merged, height, width, theme, error}: LogsViewProps) {
	if (error) return <Text color={theme.color ? theme.bad : undefined}>{error}</Text>;
	const {lines, total} = visibleLogLines(buffer, state, height, width, merged);
	if (!total) return <Text color={theme.color ? theme.muted : undefined}>{state.filter ? t('screen.logs.noMatch', {filter: state.filter}) : t('screen.logs.waiting')}</Text>;
	const podNames = [...new Set(lines.map(l => l.pod))];
	const out: React.ReactNode[] = [];
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i]!;
		const prefix = linePrefix(l, state, merged);
		const text = state.wrap ? prefix + l.text : (prefix + l.text).slice(0, width);
		const color = merged && theme.color ? POD_COLORS[podNames.indexOf(l.pod) % POD_COLORS.length] : undefined;
		out.push(
			<Text key={i} wrap={state.wrap ? 'wrap' : 'truncate'}>
				{merged ? <Text color={color}>{`[${l.pod}] `}</Text> : null}
				{state.timestamps && l.time ? <Text color={theme.color ? theme.muted : undefined}>{`${l.time} `}</Text> : null}
				{highlight(state.wrap ? l.text : text.slice(prefix.length), state.filter, theme)}
			</Text>,
		);
	}
	return <Box flexDirection="column">{out}</Box>;
}

function highlight(text: string, filter: string, theme: Theme): React.ReactNode {
	if (!filter) return text;
	const i = text.toLowerCase().indexOf(filter.toLowerCase());
	if (i < 0) return text;
	return (
		<>
			{text.slice(0, i)}
			<Text inverse color={theme.color ? theme.warn : undefined}>
				{text.slice(i, i + filter.length)}
			</Text>
			{text.slice(i + filter.length)}
		</>
	);
}
