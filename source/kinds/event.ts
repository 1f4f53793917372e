// Event: v1 events.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const event: KindInfo = {
	kind: 'Event',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'events',
	singular: 'event',
	namespaced: true,
	shortNames: ['ev'],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
