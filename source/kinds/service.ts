// Service: v1 services.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const service: KindInfo = {
	kind: 'Service',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'services',
	singular: 'service',
	namespaced: true,
	shortNames: ['svc'],
	categories: ['all'],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
