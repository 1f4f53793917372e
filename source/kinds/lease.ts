// Lease: coordination.k8s.io/v1 leases.
import type {Lease} from '../cluster/types.js';
import type {KindInfo} from './types.js';
import {age} from './format.js';
import {describeGeneric} from './describe.js';

export const lease: KindInfo = {
	kind: 'Lease',
	group: 'coordination.k8s.io',
	version: 'v1',
	apiVersion: 'coordination.k8s.io/v1',
	plural: 'leases',
	singular: 'lease',
	namespaced: true,
	shortNames: [],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Holder', type: 'string', priority: 0, description: 'holderIdentity contains the identity of the holder of a current lease.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: Lease, ctx) => [obj.metadata.name, obj.spec?.holderIdentity ?? '', age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeGeneric,
	capabilities: {},
	// kubelets and leader election hold leases: they make them again
	exported: false,
};
