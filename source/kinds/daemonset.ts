// DaemonSet: apps/v1 daemonsets.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const daemonSet: KindInfo = {
	kind: 'DaemonSet',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'daemonsets',
	singular: 'daemonset',
	namespaced: true,
	shortNames: ['ds'],
	categories: ['all'],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {restartable: true, loggable: true},
};
