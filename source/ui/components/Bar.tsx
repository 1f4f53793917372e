// A usage bar: [████░░░░] 42%.
import React from 'react';
import {Text} from 'ink';
import type {Theme} from '../theme.js';

export function bar(fraction: number, width: number): string {
	const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
	const full = Math.round(f * width);
	return '█'.repeat(full) + '░'.repeat(width - full);
}

/** A short bar and its percentage, as a table cell: `██░░  42%`. */
export function percentBar(fraction: number): string {
	return `${bar(fraction, 4)}${String(Math.round(fraction * 100)).padStart(4)}%`;
}

export function Bar({label, fraction, width = 10, theme}: {label: string; fraction: number; width?: number; theme: Theme}) {
	const pct = Math.round(fraction * 100);
	const color = !theme.color ? undefined : pct >= 90 ? theme.bad : pct >= 70 ? theme.warn : theme.ok;
	return (
		<Text>
			{label} <Text color={color}>{bar(fraction, width)}</Text> {String(pct).padStart(3)}%
		</Text>
	);
}
