// PersistentVolumeClaim: v1 persistentvolumeclaims.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const persistentVolumeClaim: KindInfo = {
	kind: 'PersistentVolumeClaim',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'persistentvolumeclaims',
	singular: 'persistentvolumeclaim',
	namespaced: true,
	shortNames: ['pvc'],
	categories: [],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
