// scheduling.k8s.io/v1 PriorityClasses.
import type {KObject} from './meta.js';

export interface PriorityClass extends KObject {
	kind: 'PriorityClass';
	value: number;
	globalDefault?: boolean;
	description?: string;
	preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
}
