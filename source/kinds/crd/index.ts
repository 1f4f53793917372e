// CustomResourceDefinition: apiextensions.k8s.io/v1 customresourcedefinitions (cluster-scoped).
// `kubectl get crd` prints NAME and CREATED AT; the kinds a definition serves are built in
// ./custom.ts and served by the CRD controller once the definition is established.
import type {KindInfo} from '../types.js';
import {findCondition} from '../format.js';
import {describeGeneric} from '../describe.js';
import {crdApi, type CustomResourceDefinition} from './api.js';

export const customResourceDefinition: KindInfo = {
	kind: 'CustomResourceDefinition',
	group: 'apiextensions.k8s.io',
	version: 'v1',
	apiVersion: 'apiextensions.k8s.io/v1',
	plural: 'customresourcedefinitions',
	singular: 'customresourcedefinition',
	namespaced: false,
	shortNames: ['crd', 'crds'],
	categories: ['api-extensions'],
	subresources: ['status'],
	api: crdApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Created At', type: 'date', priority: 0},
	],
	row: obj => [obj.metadata.name, obj.metadata.creationTimestamp ?? ''],
	describe: describeGeneric,
	capabilities: {creatable: true},
	view: {
		// enter opens the definition's objects, once it serves them
		drill(obj) {
			const crd = obj as CustomResourceDefinition;
			const established = findCondition(crd.status?.conditions, 'Established')?.status === 'True';
			return established ? {to: 'objects', kind: crd.spec.names.kind} : {to: 'error', message: `error: the server doesn't have a resource type "${crd.spec.names.plural}"`};
		},
		health(obj) {
			const crd = obj as CustomResourceDefinition;
			if (crd.metadata.deletionTimestamp) return 'muted';
			const established = findCondition(crd.status?.conditions, 'Established');
			return established?.status === 'True' ? 'ok' : 'warn';
		},
	},
};
