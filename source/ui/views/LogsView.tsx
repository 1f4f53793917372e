// Logs: follows one pod's container (or several pods merged, each line prefixed with its pod),
// keeps a bounded buffer so memory stays flat, and shows it with autoscroll, wrap, timestamps,
// previous container, a highlighted filter, head and tail.
import React, {useEffect, useRef, useState} from 'react';
import {Box, Text} from 'ink';
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
		const tail = Math.max(100, Math.min(capacity, 1000));
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

/** The lines shown for a state: filtered, then the window at the offset or the tail. */
export function visibleLogLines(buffer: LogBuffer, state: LogViewState, height: number): {lines: LogLine[]; total: number; start: number} {
	let all = buffer.trimmed();
	if (state.filter) {
		const f = state.filter.toLowerCase();
		all = all.filter(l => l.text.toLowerCase().includes(f) || l.pod.toLowerCase().includes(f));
	}
	const total = all.length;
	const start = state.follow ? Math.max(0, total - height) : Math.max(0, Math.min(state.offset, Math.max(0, total - height)));
	return {lines: all.slice(start, start + height), total, start};
}

export function LogsView({buffer, state, merged, height, width, theme, error}: LogsViewProps) {
	if (error) return <Text color={theme.color ? theme.bad : undefined}>{error}</Text>;
	const {lines, total} = visibleLogLines(buffer, state, height);
	if (!total) return <Text color={theme.color ? theme.muted : undefined}>{state.filter ? `no lines match "${state.filter}"` : 'Waiting for logs...'}</Text>;
	const podNames = [...new Set(lines.map(l => l.pod))];
	const out: React.ReactNode[] = [];
	let rows = 0;
	for (let i = 0; i < lines.length && rows < height; i++) {
		const l = lines[i]!;
		const prefix = `${merged ? `[${l.pod}] ` : ''}${state.timestamps && l.time ? `${l.time} ` : ''}`;
		const full = prefix + l.text;
		const chunks = state.wrap ? Math.max(1, Math.ceil(full.length / Math.max(1, width))) : 1;
		const text = state.wrap ? full : full.slice(0, width);
		rows += chunks;
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
