// batch/v1: Jobs and CronJobs.
import type {Condition, KObject, LabelSelector, ObjectMeta} from './meta.js';
import type {ObjectReference, PodTemplateSpec} from './core.js';

export interface PodFailurePolicyRule {
	action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
	onExitCodes?: {containerName?: string | null; operator: 'In' | 'NotIn'; values: number[]};
	onPodConditions?: Array<{type: string; status: 'True' | 'False' | 'Unknown'}>;
}

export interface SuccessPolicyRule {
	/** Indexes as ranges (`0,2-3`) of which all (or succeededCount) must succeed. */
	succeededIndexes?: string | null;
	succeededCount?: number | null;
}

export interface JobSpec {
	parallelism?: number;
	/** Unset (or null): any one success completes the Job (a work queue). */
	completions?: number | null;
	activeDeadlineSeconds?: number;
	backoffLimit?: number;
	backoffLimitPerIndex?: number;
	maxFailedIndexes?: number;
	selector?: LabelSelector;
	manualSelector?: boolean;
	template: PodTemplateSpec;
	ttlSecondsAfterFinished?: number | null;
	completionMode?: 'NonIndexed' | 'Indexed';
	suspend?: boolean;
	podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
	podFailurePolicy?: {rules: PodFailurePolicyRule[]};
	successPolicy?: {rules: SuccessPolicyRule[]};
}

export interface UncountedTerminatedPods {
	succeeded?: string[];
	failed?: string[];
}

export interface JobStatus {
	/** Suspended, SuccessCriteriaMet, FailureTarget, Complete, Failed. */
	conditions?: Condition[];
	startTime?: string;
	completionTime?: string;
	active?: number;
	succeeded?: number;
	failed?: number;
	terminating?: number;
	/** Completed indexes of an Indexed Job as ranges: `1,3-5,7`. */
	completedIndexes?: string;
	failedIndexes?: string;
	uncountedTerminatedPods?: UncountedTerminatedPods;
	ready?: number;
}

export interface Job extends KObject {
	kind: 'Job';
	spec: JobSpec;
	status?: JobStatus;
}

export interface JobTemplateSpec {
	metadata?: Partial<ObjectMeta>;
	spec: JobSpec;
}

export interface CronJobSpec {
	schedule: string;
	timeZone?: string;
	startingDeadlineSeconds?: number | null;
	concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
	suspend?: boolean;
	jobTemplate: JobTemplateSpec;
	successfulJobsHistoryLimit?: number | null;
	failedJobsHistoryLimit?: number | null;
}

export interface CronJobStatus {
	active?: ObjectReference[];
	lastScheduleTime?: string;
	lastSuccessfulTime?: string;
}

export interface CronJob extends KObject {
	kind: 'CronJob';
	spec: CronJobSpec;
	status?: CronJobStatus;
}
