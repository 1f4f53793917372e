// The help screen: every key of the view underneath, in columns.
import React from 'react';
import {Box, Text} from 'ink';
import type {Binding} from '../keymap.js';
import type {Theme} from '../theme.js';

export function HelpView({bindings, height, width, theme}: {bindings: Binding[]; height: number; width: number; theme: Theme}) {
	const lines = bindings.map(b => ({key: b.key, text: b.description, scope: b.scope}));
	const perColumn = Math.max(1, height - 1);
	const columns: (typeof lines)[] = [];
	for (let i = 0; i < lines.length; i += perColumn) columns.push(lines.slice(i, i + perColumn));
	const colWidth = Math.max(30, Math.floor(width / Math.max(1, columns.length)));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined}>
				Help (esc to go back)
			</Text>
			<Box flexDirection="row">
				{columns.map((col, i) => (
					<Box key={i} flexDirection="column" width={colWidth}>
						{col.map(l => (
							<Text key={l.scope + l.key + l.text} wrap="truncate">
								<Text color={theme.color ? theme.key : undefined}>{`<${l.key}>`.padEnd(16)}</Text>
								{l.text}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
