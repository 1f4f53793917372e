// HorizontalPodAutoscaler: autoscaling/v2 horizontalpodautoscalers.
import type {KindInfo} from './types.js';
import {age} from './format.js';

export const horizontalPodAutoscaler: KindInfo = {
	kind: 'HorizontalPodAutoscaler',
	group: 'autoscaling',
	version: 'v2',
	apiVersion: 'autoscaling/v2',
	plural: 'horizontalpodautoscalers',
	singular: 'horizontalpodautoscaler',
	namespaced: true,
	shortNames: ['hpa'],
	categories: ['all'],
	subresources: ['status'],
	columns: [
		{name: 'Name', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, age(obj.metadata.creationTimestamp, ctx.now)],
	capabilities: {},
};
