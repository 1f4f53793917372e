// A Job's outcome as its conditions tell it (read by the Job and CronJob controllers).
import type {Condition, KObject} from '../types.js';

export function jobCondition(job: KObject, type: string): Condition | undefined {
	return (job.status?.conditions as Condition[] | undefined)?.find(c => c.type === type && c.status === 'True');
}

/** Complete or Failed (status True), else undefined. */
export function jobFinished(job: KObject): 'Complete' | 'Failed' | undefined {
	for (const c of (job.status?.conditions ?? []) as Condition[]) {
		if (c.status !== 'True') continue;
		if (c.type === 'Complete' || c.type === 'Failed') return c.type;
	}
	return undefined;
}
