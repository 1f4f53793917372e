// CronJob: batch/v1 cronjobs.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const cronJob: KindInfo = {
	kind: 'CronJob',
	group: 'batch',
	version: 'v1',
	apiVersion: 'batch/v1',
	plural: 'cronjobs',
	singular: 'cronjob',
	namespaced: true,
	shortNames: ['cj'],
	categories: ['all'],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
