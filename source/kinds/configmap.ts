// ConfigMap: v1 configmaps.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const configMap: KindInfo = {
	kind: 'ConfigMap',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'configmaps',
	singular: 'configmap',
	namespaced: true,
	shortNames: ['cm'],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
