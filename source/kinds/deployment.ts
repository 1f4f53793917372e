// Deployment: apps/v1 deployments.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const deployment: KindInfo = {
	kind: 'Deployment',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'deployments',
	singular: 'deployment',
	namespaced: true,
	shortNames: ['deploy'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {scalable: true, restartable: true, rollbackable: true, loggable: true},
};
