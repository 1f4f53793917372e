// coordination.k8s.io/v1: Leases (each node's heartbeat in kube-node-lease).
import type {KObject} from './meta.js';

export interface LeaseSpec {
	holderIdentity?: string;
	leaseDurationSeconds?: number;
	acquireTime?: string;
	renewTime?: string;
	leaseTransitions?: number;
}

export interface Lease extends KObject {
	kind: 'Lease';
	spec?: LeaseSpec;
}
