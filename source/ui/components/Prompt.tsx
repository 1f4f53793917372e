// The bottom line: a prompt being typed (command, filter, value), a confirm dialog, a picker,
// or the flash message of the last action.
import React from 'react';
import {Box, Text} from 'ink';
import type {Flash, Mode} from '../state.js';
import type {Theme} from '../theme.js';

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
							<Text key={o} inverse={i === mode.choice}>
								{` ${o} `}
							</Text>
						))}
						<Text color={c(theme.muted)}> (←/→ choose, enter confirm, esc cancel)</Text>
					</Text>
				</Box>
			);
		case 'picker':
			return <Text wrap="truncate">{mode.title}</Text>;
		default:
			if (!flash) return <Text> </Text>;
			return (
				<Text wrap="truncate" color={c(flash.level === 'error' ? theme.bad : theme.info)}>
					{flash.text}
				</Text>
			);
	}
}
