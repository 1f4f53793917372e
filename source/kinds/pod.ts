// Pod: v1 pods.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const pod: KindInfo = {
	kind: 'Pod',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'pods',
	singular: 'pod',
	namespaced: true,
	shortNames: ['po'],
	categories: ['all'],
	subresources: ['status', 'log', 'eviction', 'exec', 'binding'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {loggable: true},
};
