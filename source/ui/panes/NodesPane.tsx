// Nodes with their pods and CPU/memory requested and used: extra columns for the nodes table,
// and the small nodes table of the dashboard layout.
import React from 'react';
import {Box, Text} from 'ink';
import type {ClusterClient} from '../../client/types.js';
import type {KObject} from '../../cluster/types.js';
import {nodeStatus} from '../../kinds/node/index.js';
import {bytes, milliCpu} from '../../cluster/core/quantity.js';
import {statusHealth, type Theme} from '../theme.js';
import {Table, type TableRow} from '../components/Table.js';
import {bar} from '../components/Bar.js';

/** Node rows in the dashboard: pods, and CPU/memory requested and used against allocatable as bars. */
export function nodeUsageColumns(client: ClusterClient): {headers: string[]; cells(node: KObject): string[]} {
	const pct = (x: number) => `${bar(x, 4)}${String(Math.round(x * 100)).padStart(4)}%`;
	return {
		headers: ['PODS', 'CPU REQ', 'CPU USE', 'MEM REQ', 'MEM USE'],
		cells(node) {
			const cpu = milliCpu(node.status?.allocatable?.cpu) || 1;
			const mem = bytes(node.status?.allocatable?.memory) || 1;
			const pods = client.list('Pod', {fieldSelector: `spec.nodeName=${node.metadata.name}`}).filter(p => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
			let rc = 0;
			let rm = 0;
			for (const p of pods)
				for (const c of p.spec.containers ?? []) {
					rc += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
					rm += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
				}
			const u = client.usage('Node', undefined, node.metadata.name);
			return [`${pods.length}/${node.status?.allocatable?.pods ?? 110}`, pct(rc / cpu), u ? pct(u.cpuMilli / cpu) : 'n/a', pct(rm / mem), u ? pct(u.memoryBytes / mem) : 'n/a'];
		},
	};
}

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
		<Box flexDirection="column" width={width} height={height}>
			<Text bold color={theme.color ? theme.title : undefined}>
				Nodes
			</Text>
			<Table headers={['NAME', 'STATUS', 'CPU', 'MEM', 'PODS']} rows={rows} selected={-1} width={width} theme={theme} />
		</Box>
	);
}
