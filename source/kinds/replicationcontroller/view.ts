// The dashboard's view of ReplicationControllers: a workload coloured by ready replicas, whose
// related pods are those its map selector picks; scale.
import type {KObject, Pod, ReplicationController} from '../../cluster/types.js';
import type {KindView, ViewContext} from '../types.js';
import {ownedPods, replicasHealth, SCALE} from '../view.js';
import {selectorString} from '../format.js';
import {asLabelSelector} from './api.js';

function selectedPods(rc: ReplicationController, ctx: ViewContext): Pod[] {
	const selector = selectorString(asLabelSelector(rc));
	return selector ? ctx.list('Pod', {namespace: rc.metadata.namespace, labelSelector: selector}) : [];
}

export const replicationControllerView: KindView = {
	health: replicasHealth,
	drill: ownedPods,
	xray: {},
	relatedPods: selectedPods,
	pane: 'pods',
	actions: [SCALE],
};
