// policy/v1: PodDisruptionBudgets.
import type {Condition, IntOrString, KObject, LabelSelector} from './meta.js';

export interface PodDisruptionBudgetSpec {
	minAvailable?: IntOrString;
	maxUnavailable?: IntOrString;
	/** An empty selector selects every pod of the namespace; a missing one none. */
	selector?: LabelSelector;
	unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

export interface PodDisruptionBudgetStatus {
	observedGeneration?: number;
	/** Pods evicted but not yet gone: name -> eviction time. */
	disruptedPods?: Record<string, string>;
	disruptionsAllowed: number;
	currentHealthy: number;
	desiredHealthy: number;
	expectedPods: number;
	/** DisruptionAllowed. */
	conditions?: Condition[];
}

export interface PodDisruptionBudget extends KObject {
	kind: 'PodDisruptionBudget';
	spec?: PodDisruptionBudgetSpec;
	status?: PodDisruptionBudgetStatus;
}
