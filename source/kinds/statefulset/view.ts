// The dashboard's view of StatefulSets: a workload coloured by ready replicas; scale and restart.
import type {KindView} from '../types.js';
import {replicasHealth, RESTART, SCALE, WORKLOAD_VIEW} from '../view.js';

export const statefulSetView: KindView = {...WORKLOAD_VIEW, health: replicasHealth, actions: [SCALE, RESTART]};
