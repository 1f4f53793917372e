// PodDisruptionBudget: policy/v1 poddisruptionbudgets.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const podDisruptionBudget: KindInfo = {
	kind: 'PodDisruptionBudget',
	group: 'policy',
	version: 'v1',
	apiVersion: 'policy/v1',
	plural: 'poddisruptionbudgets',
	singular: 'poddisruptionbudget',
	namespaced: true,
	shortNames: ['pdb'],
	categories: [],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
