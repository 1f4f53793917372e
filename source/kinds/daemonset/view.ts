// The dashboard's view of DaemonSets: a workload (its pods on enter and in the pane); restart.
import type {KindView} from '../types.js';
import {RESTART, WORKLOAD_VIEW} from '../view.js';

export const daemonSetView: KindView = {...WORKLOAD_VIEW, actions: [RESTART]};
