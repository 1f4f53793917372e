// `:cost`: what the simulated EKS cluster has cost so far at list prices (control plane, each
// node group's instances), split by namespace, and what the same requests would cost per hour
// on other instance types.
import React from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import {Table, type TableRow} from '../components/Table.js';
import type {ScreenEnv} from './types.js';

/** Dollars as the bill reads: four decimals below a dollar, two above. */
export function dollars(v: number): string {
	return `$${v < 1 ? v.toFixed(4) : v.toFixed(2)}`;
}

export function CostScreen({env}: {env: ScreenEnv}) {
	const {client, width, theme} = env;
	const bill = client.sim?.cloud?.bill();
	env.input.current = {key: () => false};
	if (!bill) return <Text color={theme.color ? theme.muted : undefined}>{t('error.cloud.noCloud')}</Text>;
	const muted = theme.color ? theme.muted : undefined;
	const groupRows: TableRow[] = [
		{key: '(control-plane)', cells: [t('screen.cost.controlPlane'), '-', '-', bill.hours.toFixed(2), dollars(bill.controlPlane)], health: 'none'},
		...bill.nodeGroups.map(g => ({key: g.name, cells: [g.name, g.instanceType, `$${g.pricePerHour}`, g.instanceHours.toFixed(2), dollars(g.cost)], health: 'ok' as const})),
		...(bill.fargate.pods ? [{key: '(fargate)', cells: [t('screen.cost.fargate', {count: bill.fargate.pods}), '-', '-', bill.fargate.vcpuHours.toFixed(2), dollars(bill.fargate.cost)], health: 'ok' as const}] : []),
	];
	const nsRows: TableRow[] = bill.namespaces.slice(0, 6).map(n => ({key: n.namespace, cells: [n.namespace, dollars(n.cost)], health: 'none'}));
	const altRows: TableRow[] = bill.alternatives.slice(0, 6).map(a => ({key: a.instanceType, cells: [a.instanceType, String(a.nodes), dollars(a.perHour)], health: 'none'}));
	return (
		<Box flexDirection="column">
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.cost.title', {region: bill.region, date: bill.pricesChecked})}
			</Text>
			<Text wrap="truncate">{t('screen.cost.summary', {total: dollars(bill.total), hours: bill.hours.toFixed(2), rate: dollars(bill.perHour)})}</Text>
			<Text bold wrap="truncate">
				{t('screen.cost.groups')}
			</Text>
			<Table headers={['NAME', 'INSTANCE-TYPE', 'PRICE/H', 'HOURS', 'COST']} rows={groupRows} selected={-1} width={width} theme={theme} />
			<Text bold wrap="truncate">
				{t('screen.cost.namespaces')}
			</Text>
			{nsRows.length ? <Table headers={['NAMESPACE', 'COST']} rows={nsRows} selected={-1} width={Math.min(width, 50)} theme={theme} /> : <Text color={muted}>{t('screen.cost.noNamespaces')}</Text>}
			<Text bold wrap="truncate">
				{t('screen.cost.alternatives')}
			</Text>
			<Table headers={['INSTANCE-TYPE', 'NODES', 'PER-HOUR']} rows={altRows} selected={-1} width={Math.min(width, 50)} theme={theme} />
		</Box>
	);
}
