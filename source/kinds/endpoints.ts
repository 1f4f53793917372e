// Endpoints: v1 endpoints.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const endpoints: KindInfo = {
	kind: 'Endpoints',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'endpoints',
	singular: 'endpoints',
	namespaced: true,
	shortNames: ['ep'],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
