// Heartbeats: each kubelet holds a Lease in kube-node-lease and renews it every 10 s; the node
// lifecycle controller reads renewTime to tell a live node from a lost one.
import type {KObject} from '../types.js';
import type {KubeletContext, NodeAgent} from './state.js';

export const LEASE_RENEW_MS = 10_000;
const LEASE_DURATION_SECONDS = 40;

/** The node's Lease, owned by its Node. */
export function createLease(k: KubeletContext, node: KObject): void {
	const name = node.metadata.name;
	k.api.create(
		{
			apiVersion: 'coordination.k8s.io/v1',
			kind: 'Lease',
			metadata: {
				name,
				namespace: 'kube-node-lease',
				ownerReferences: [{apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid!}],
			},
			spec: {holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(k.clock.now())},
		},
		{trusted: true},
	);
}

export function renewLease(k: KubeletContext, node: string): void {
	const lease = k.store.get('Lease', 'kube-node-lease', node);
	if (lease) k.api.replace(lease, {...lease, metadata: {...lease.metadata}, spec: {...lease.spec, renewTime: microTime(k.clock.now())}});
}

/** Renews the Lease every 10 s while the kubelet is alive. */
export function startHeartbeat(k: KubeletContext, agent: NodeAgent): void {
	// spread first renewals over the period so 5,000 nodes do not renew at the same instant
	const offset = agent.leaseTimer === undefined ? (agent.index * 37) % LEASE_RENEW_MS : LEASE_RENEW_MS;
	agent.leaseTimer = k.clock.after(offset || LEASE_RENEW_MS, () => {
		if (!agent.alive) return;
		renewLease(k, agent.name);
		startHeartbeat(k, agent);
	});
}

export function stopHeartbeat(k: KubeletContext, agent: NodeAgent): void {
	k.clock.cancel(agent.leaseTimer);
	agent.leaseTimer = undefined;
}

/** MicroTime as the API prints Lease renewTime. */
export function microTime(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000Z`;
}
