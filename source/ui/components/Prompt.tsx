// The bottom line: a prompt being typed (command, filter, value), a confirm dialog, a picker,
// or the flash message of the last action.
import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {t} from '../../i18n/index.js';
import type {Flash, Mode} from '../state.js';
import type {Theme} from '../theme.js';
import {cut} from '../text.js';

/** The items of a picker that fit in `width` columns, the chosen one always among them. */
export function pickerWindow(all: readonly string[], choice: number, width: number): {items: string[]; from: number; to: number} {
	const size = (s: string) => stringWidth(s) + 2;
	let from = Math.max(0, Math.min(choice, all.length - 1));
	let to = from + 1;
	let used = all[from] === undefined ? 0 : size(all[from]!);
	// grow to the right first, then to the left, while the items fit
	while (to < all.length && used + size(all[to]!) <= width - 1) used += size(all[to++]!);
	while (from > 0 && used + size(all[from - 1]!) <= width - 1) used += size(all[--from]!);
	return {items: all.slice(from, to), from, to};
}

export function BottomLine({mode, flash, width, theme}: {mode: Mode; flash?: Flash; width: number; theme: Theme}) {
	const c = (s: string) => (theme.color ? s : undefined);
	switch (mode.type) {
		case 'command':
			return (
				<Text wrap="truncate">
					<Text color={c(theme.accent)} bold>
						:
					</Text>
					{mode.text}
					<Text color={c(theme.muted)}>{mode.completion ?? ''}</Text>
					<Text inverse> </Text>
				</Text>
			);
		case 'filter':
			return (
				<Text wrap="truncate">
					<Text color={c(theme.accent)} bold>
						/
					</Text>
					{mode.text}
					<Text inverse> </Text>
				</Text>
			);
		case 'prompt':
			return (
				<Text wrap="truncate">
					<Text color={c(theme.accent)} bold>
						{mode.label}
					</Text>
					{mode.text}
					<Text inverse> </Text>
				</Text>
			);
		case 'confirm':
			return (
				<Box width={width}>
					<Text wrap="truncate">
						<Text color={c(theme.warn)} bold>
							{mode.message}{' '}
						</Text>
						{mode.options.map((o, i) => (
							<Text key={o.value} inverse={i === mode.choice}>
								{` ${o.label} `}
							</Text>
						))}
						<Text color={c(theme.muted)}>{t('prompt.confirmHint')}</Text>
					</Text>
				</Box>
			);
		case 'picker': {
			const hint = t('prompt.pickerHint');
			const {items, from, to} = pickerWindow(mode.items, mode.choice, Math.max(10, width - mode.title.length - 2 - hint.length));
			return (
				<Text wrap="truncate">
					<Text color={c(theme.accent)} bold>
						{mode.title}:{' '}
					</Text>
					{from > 0 ? '‹' : ''}
					{items.map((o, i) => (
						<Text key={`${from + i}`} inverse={from + i === mode.choice}>
							{` ${o} `}
						</Text>
					))}
					{to < mode.items.length ? '›' : ''}
					<Text color={c(theme.muted)}>{hint}</Text>
				</Text>
			);
		}
		default:
			if (!flash) return <Text> </Text>;
			return (
				<Text wrap="truncate" color={c(flash.level === 'error' ? theme.bad : theme.info)}>
					{/* cut here by display columns: a wide character at the edge never makes the line one too long */}
					{cut(flash.text, width)}
				</Text>
			);
	}
}
