// The header's figures: nodes ready, cluster CPU and memory use against allocatable, the clock.
import {useMemo} from 'react';
import type {ClusterClient} from '../../client/types.js';
import {clusterTotals} from '../pulses.js';
import type {HeaderInfo} from '../components/Header.js';

export function useHeaderInfo(client: ClusterClient, namespace: string, readonly: boolean, frame: number): HeaderInfo {
	const nodesRevision = client.revision('Node');
	const second = Math.floor(client.now() / 5000);
	// eslint-disable-next-line react-hooks/exhaustive-deps
	const totals = useMemo(() => clusterTotals(client), [client, nodesRevision, second]);
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
	};
}
