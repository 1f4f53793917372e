// ReplicationController: v1 replicationcontrollers, the ancestor of the ReplicaSet. It keeps a
// number of pods of its template running, like a ReplicaSet, but selects them with a plain map
// of labels (`app: web`) rather than a LabelSelector, and has no Deployment above it.
import type {ReplicationController} from '../../cluster/types.js';
import type {KindInfo} from '../types.js';
import {REPLICA_COLUMNS, describeReplicas, replicaRow} from '../replicaset/index.js';
import {asLabelSelector, replicationControllerApi} from './api.js';
import {replicationControllerView} from './view.js';

export const replicationController: KindInfo = {
	kind: 'ReplicationController',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'replicationcontrollers',
	storagePrefix: 'controllers',
	singular: 'replicationcontroller',
	namespaced: true,
	shortNames: ['rc'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	api: replicationControllerApi,
	columns: REPLICA_COLUMNS,
	row: (obj: ReplicationController, ctx) => replicaRow(obj, ctx, asLabelSelector(obj)),
	describe: (obj: ReplicationController, ctx) => describeReplicas(obj, ctx, asLabelSelector(obj)),
	capabilities: {scalable: true, loggable: true},
	view: replicationControllerView,
};
