// The dashboard's view of ReplicaSets: a workload coloured by ready replicas; scale, and roll
// the owning Deployment back to this ReplicaSet's revision.
import type {KindView} from '../types.js';
import {replicasHealth, SCALE, WORKLOAD_VIEW} from '../view.js';

export const replicaSetView: KindView = {
	...WORKLOAD_VIEW,
	health: replicasHealth,
	actions: [SCALE, {key: 'ctrl-l', command: 'rollbackTo', message: 'keys.replicaset.rollbackTo', mutates: true}],
};
