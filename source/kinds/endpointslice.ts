// EndpointSlice: discovery.k8s.io/v1 endpointslices.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const endpointSlice: KindInfo = {
	kind: 'EndpointSlice',
	group: 'discovery.k8s.io',
	version: 'v1',
	apiVersion: 'discovery.k8s.io/v1',
	plural: 'endpointslices',
	singular: 'endpointslice',
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
