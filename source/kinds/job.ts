// Job: batch/v1 jobs.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const job: KindInfo = {
	kind: 'Job',
	group: 'batch',
	version: 'v1',
	apiVersion: 'batch/v1',
	plural: 'jobs',
	singular: 'job',
	namespaced: true,
	shortNames: [],
	categories: ['all'],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {loggable: true},
};
