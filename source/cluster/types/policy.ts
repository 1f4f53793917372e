// policy/v1: PodDisruptionBudgets.
// The counters of a status are optional even where the API always sends them: the API server
// stores a new object's status as {}, and the controller fills it in with its first pass.
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
	disruptionsAllowed?: number;
	currentHealthy?: number;
	desiredHealthy?: number;
	expectedPods?: number;
	/** DisruptionAllowed. */
	conditions?: Condition[];
}

export interface PodDisruptionBudget extends KObject {
	kind: 'PodDisruptionBudget';
	spec?: PodDisruptionBudgetSpec;
	status?: PodDisruptionBudgetStatus;
}
