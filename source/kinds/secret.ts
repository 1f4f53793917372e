// Secret: v1 secrets.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const secret: KindInfo = {
	kind: 'Secret',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'secrets',
	singular: 'secret',
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
