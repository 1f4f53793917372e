// ReplicaSet: apps/v1 replicasets.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const replicaSet: KindInfo = {
	kind: 'ReplicaSet',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'replicasets',
	singular: 'replicaset',
	namespaced: true,
	shortNames: ['rs'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {scalable: true, loggable: true},
};
