// Ingress: networking.k8s.io/v1 ingresses.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const ingress: KindInfo = {
	kind: 'Ingress',
	group: 'networking.k8s.io',
	version: 'v1',
	apiVersion: 'networking.k8s.io/v1',
	plural: 'ingresses',
	singular: 'ingress',
	namespaced: true,
	shortNames: ['ing'],
	categories: [],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
