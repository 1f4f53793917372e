// A pod's containers (init ones marked) with image, readiness, state and restarts.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import type {ContainerStatus, Pod} from '../../cluster/types.js';
import type {ContainersState} from '../state.js';
import {statusHealth} from '../../kinds/index.js';
import type {Theme} from '../theme.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';

export interface ContainerRow {
	name: string;
	image: string;
	ready: boolean;
	state: string;
	restarts: number;
	init: boolean;
}

export function containerRows(pod: Pod | undefined): ContainerRow[] {
	if (!pod) return [];
	const st: ContainerStatus[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	const all = [...(pod.spec.initContainers ?? []).map(c => ({c, init: true})), ...pod.spec.containers.map(c => ({c, init: false}))];
	return all.map(({c, init}) => {
		const s = st.find(x => x.name === c.name);
		const state = s?.state?.running ? 'Running' : s?.state?.waiting ? s.state.waiting.reason : s?.state?.terminated ? s.state.terminated.reason : 'Waiting';
		return {name: c.name, image: c.image, ready: !!s?.ready, state, restarts: s?.restartCount ?? 0, init};
	});
}

/** A narrow terminal cuts the image and the state before it drops readiness, then the restarts go first. */
const CONTAINER_KEEP: Keep[] = ['name', 'always', 2, 'always', 1];

export function ContainersView({containers, screen, width, theme}: {containers: ContainerRow[]; screen: ContainersState; width: number; theme: Theme}) {
	const rows: TableRow[] = containers.map(c => ({key: c.name, cells: [c.name + (c.init ? t('screen.containers.init') : ''), c.image, c.ready ? 'true' : 'false', c.state, String(c.restarts)], health: statusHealth(c.state)}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.containers.title', {pod: screen.pod})}
			</Text>
			<Table headers={['NAME', 'IMAGE', 'READY', 'STATE', 'RESTARTS']} keep={CONTAINER_KEEP} rows={rows} selected={screen.selected} width={width} theme={theme} />
		</Box>
	);
}
