// The header's figures: nodes ready, cluster CPU and memory use against allocatable, the clock,
// and on the eks profile the bill so far with its hourly rate.
import {useMemo} from 'react';
import type {ClusterClient} from '../../client/types.js';
import {clusterTotals} from '../pulses.js';
import type {HeaderInfo} from '../components/Header.js';
import {t} from '../../i18n/index.js';

export function useHeaderInfo(client: ClusterClient, namespace: string, readonly: boolean, frame: number): HeaderInfo {
	const nodesRevision = client.revision('Node');
	const second = Math.floor(client.now() / 5000);
	// eslint-disable-next-line react-hooks/exhaustive-deps
	const totals = useMemo(() => clusterTotals(client), [client, nodesRevision, second]);
	// eslint-disable-next-line react-hooks/exhaustive-deps
	const bill = useMemo(() => client.sim?.cloud?.bill(), [client, second]);
	const info = client.info();
	void frame;
	return {
		cluster: info.name,
		kind: info.kind,
		version: info.version,
		namespace,
		nodes: totals.nodes,
		nodesReady: totals.ready,
		cpu: totals.cpu,
		memory: totals.mem,
		clock: client.sim ? new Date(client.now()).toISOString().slice(11, 19) : undefined,
		speed: client.sim?.speed(),
		paused: client.sim?.paused(),
		readonly,
		user: client.actingAs?.()?.username,
		cost: bill ? t('screen.header.cost', {total: `$${bill.total.toFixed(2)}`, rate: `$${bill.perHour.toFixed(2)}`}) : undefined,
	};
}
