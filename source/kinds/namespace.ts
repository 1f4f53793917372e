// Namespace: v1 namespaces.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const namespace: KindInfo = {
	kind: 'Namespace',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'namespaces',
	singular: 'namespace',
	namespaced: false,
	shortNames: ['ns'],
	categories: [],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
