// The small nodes table of the dashboard layout: status, CPU and memory used, pods.
import React from 'react';
import {Box, Text} from 'ink';
import type {ClusterClient} from '../../client/types.js';
import {statusHealth} from '../../kinds/index.js';
import {t} from '../../i18n/index.js';
import {nodeStatus} from '../../kinds/node/index.js';
import {bytes, milliCpu} from '../../cluster/core/quantity.js';
import type {Theme} from '../theme.js';
import {Table, type TableRow} from '../components/Table.js';
import type {Keep} from '../components/columns.js';

/** A narrow pane keeps a node's name and status, then its CPU, memory and pod count in that order. */
const NODE_KEEP: Keep[] = ['name', 'always', 3, 2, 1];

export function NodesMini({client, width, height, theme}: {client: ClusterClient; width: number; height: number; theme: Theme}) {
	const nodes = client.list('Node').slice(0, Math.max(0, height - 2));
	const rows: TableRow[] = nodes.map(n => {
		const status = nodeStatus(n);
		const u = client.usage('Node', undefined, n.metadata.name);
		const cpu = milliCpu(n.status?.allocatable?.cpu);
		const mem = bytes(n.status?.allocatable?.memory);
		const pods = client.list('Pod', {fieldSelector: `spec.nodeName=${n.metadata.name}`}).length;
		return {
			key: n.metadata.name,
			cells: [n.metadata.name, status, u && cpu ? `${Math.round((u.cpuMilli / cpu) * 100)}%` : '-', u && mem ? `${Math.round((u.memoryBytes / mem) * 100)}%` : '-', String(pods)],
			health: statusHealth(status),
		};
	});
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.pane.nodes')}
			</Text>
			<Table headers={['NAME', 'STATUS', 'CPU', 'MEM', 'PODS']} keep={NODE_KEEP} rows={rows} selected={-1} width={width} theme={theme} />
		</Box>
	);
}
