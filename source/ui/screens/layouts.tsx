// The layouts around a table: beside it (or under it, on a narrow terminal) the pane that
// follows the selection; or the dashboard: the table, nodes, the first HPA's chart (or the
// selection's pods) and the latest events.
import React from 'react';
import {Box} from 'ink';
import type {KObject} from '../../cluster/types.js';
import {EventsPane, HpaPane, PodsPane, SidePane} from '../panes/SidePane.js';
import {NodesMini} from '../panes/NodesPane.js';
import type {ScreenEnv} from './types.js';

export interface LayoutProps {
	env: ScreenEnv;
	/** The table, drawn at a width. */
	main(width: number): React.ReactNode;
	mainWidth: number;
	mainHeight: number;
	selected: KObject | undefined;
	/** The selected row as listed, when its whole object is still on its way. */
	listed?: KObject;
}

export function SplitLayout({env, main, mainWidth, mainHeight, selected, listed, vertical, logTail}: LayoutProps & {vertical: boolean; logTail: string[]}) {
	const {client, theme, width, height} = env;
	return (
		<Box flexDirection={vertical ? 'column' : 'row'}>
			{main(mainWidth)}
			{!vertical ? <Box width={1} /> : null}
			<SidePane client={client} obj={selected} listed={listed} width={vertical ? width : width - mainWidth - 1} height={vertical ? height - mainHeight : height} theme={theme} logTail={logTail} />
		</Box>
	);
}

export function DashboardLayout({env, main, mainHeight, selected}: LayoutProps) {
	const {client, theme, width, height} = env;
	const half = Math.floor(width / 2);
	const lowHeight = height - mainHeight;
	const hpa = client.list('HorizontalPodAutoscaler')[0];
	return (
		<Box flexDirection="column">
			<Box flexDirection="row">
				{main(half)}
				<Box width={1} />
				<NodesMini client={client} width={width - half - 1} height={mainHeight} theme={theme} />
			</Box>
			<Box flexDirection="row">
				{hpa ? <HpaPane client={client} obj={hpa} width={half} height={lowHeight} theme={theme} /> : <PodsPane client={client} obj={selected} width={half} height={lowHeight} theme={theme} />}
				<Box width={1} />
				<EventsPane client={client} obj={undefined} width={width - half - 1} height={lowHeight} theme={theme} />
			</Box>
		</Box>
	);
}
