// The dashboard's view of Jobs: its pods on enter and in the side pane.
import type {KindView} from '../types.js';
import {WORKLOAD_VIEW} from '../view.js';

export const jobView: KindView = WORKLOAD_VIEW;
