// The header's figures: nodes ready, cluster CPU and memory use against allocatable, the clock.
import {useMemo} from 'react';
import type {ClusterClient} from '../../client/types.js';
import type {Condition} from '../../cluster/types.js';
import {bytes, milliCpu} from '../../cluster/core/quantity.js';
import type {HeaderInfo} from '../components/Header.js';

export function useHeaderInfo(client: ClusterClient, namespace: string, readonly: boolean, frame: number): HeaderInfo {
	const nodesRevision = client.revision('Node');
	const second = Math.floor(client.now() / 5000);
	const totals = useMemo(() => {
		const nodes = client.list('Node');
		let cpuAlloc = 0;
		let memAlloc = 0;
		let cpuUsed = 0;
		let memUsed = 0;
		let ready = 0;
		for (const n of nodes) {
			cpuAlloc += milliCpu(n.status?.allocatable?.cpu);
			memAlloc += bytes(n.status?.allocatable?.memory);
			const u = client.usage('Node', undefined, n.metadata.name);
			if (u) {
				cpuUsed += u.cpuMilli;
				memUsed += u.memoryBytes;
			}
			if (n.status?.conditions?.some((c: Condition) => c.type === 'Ready' && c.status === 'True')) ready++;
		}
		return {nodes: nodes.length, ready, cpu: cpuAlloc ? cpuUsed / cpuAlloc : 0, mem: memAlloc ? memUsed / memAlloc : 0};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [client, nodesRevision, second]);
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
