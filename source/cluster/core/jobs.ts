// A Job's outcome as its conditions tell it (read by the Job and CronJob controllers).
import type {Condition, Job} from '../types.js';

export function jobCondition(job: Job, type: string): Condition | undefined {
	return job.status?.conditions?.find(c => c.type === type && c.status === 'True');
}

/** Complete or Failed (status True), else undefined. */
export function jobFinished(job: Job): 'Complete' | 'Failed' | undefined {
	for (const c of job.status?.conditions ?? []) {
		if (c.status !== 'True') continue;
		if (c.type === 'Complete' || c.type === 'Failed') return c.type;
	}
	return undefined;
}
