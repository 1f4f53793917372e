// Lease: coordination.k8s.io/v1 leases.
import type {KindInfo} from './types.js';
import {age} from './format.js';

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
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
