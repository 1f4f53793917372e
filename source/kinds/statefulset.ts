// StatefulSet: apps/v1 statefulsets.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const statefulSet: KindInfo = {
	kind: 'StatefulSet',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'statefulsets',
	singular: 'statefulset',
	namespaced: true,
	shortNames: ['sts'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {scalable: true, restartable: true, loggable: true},
};
