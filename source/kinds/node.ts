// Node: v1 nodes.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const node: KindInfo = {
	kind: 'Node',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'nodes',
	singular: 'node',
	namespaced: false,
	shortNames: ['no'],
	categories: [],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
