// ServiceAccount: v1 serviceaccounts.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const serviceAccount: KindInfo = {
	kind: 'ServiceAccount',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'serviceaccounts',
	singular: 'serviceaccount',
	namespaced: true,
	shortNames: ['sa'],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
