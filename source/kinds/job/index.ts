// Job: batch/v1 jobs.
import type {Job, JobSpec, JobStatus} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, controllerName, age, containerCells, formatSelector, humanDuration, rfc1123z, selectorString, timeOf, TEMPLATE_COLUMNS, SELECTOR_COLUMN} from '../format.js';
import {describePodTemplate, writeEvents} from '../describe.js';
import {GENERATED_JOB_LABELS, jobApi} from './api.js';
import {jobView} from './view.js';

function hasCondition(job: Job, type: string): boolean {
	const c = (job.status?.conditions ?? []).find(c => c.type === type);
	return c?.status === 'True';
}

/** The STATUS column of jobs: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Job): string {
	if (hasCondition(job, 'Complete')) return 'Complete';
	if (hasCondition(job, 'Failed')) return 'Failed';
	if (job.metadata.deletionTimestamp) return 'Terminating';
	if (hasCondition(job, 'Suspended')) return 'Suspended';
	if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
	return 'Running';
}

/** The COMPLETIONS column: `1/3`, or `0/1 of 4` for a work queue with parallelism. */
export function jobCompletions(job: Job): string {
	const succeeded = job.status?.succeeded ?? 0;
	const completions = job.spec?.completions;
	if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
	const parallelism = job.spec?.parallelism ?? 0;
	return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** The DURATION column: from start to completion, or to now while running; empty before start. */
export function jobDuration(job: Job, now: number): string {
	const start = timeOf(job.status?.startTime);
	if (start === undefined) return '';
	const end = timeOf(job.status?.completionTime);
	return humanDuration((end ?? now) - start);
}

function describeJob(job: Job, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const spec: Partial<JobSpec> = job.spec ?? {};
	const s: JobStatus = job.status ?? {};
	w.item(0, 'Name', job.metadata.name);
	w.item(0, 'Namespace', job.metadata.namespace ?? '');
	w.item(0, 'Selector', selectorString(spec.selector));
	w.labels('Labels', job.metadata.labels);
	w.annotations('Annotations', job.metadata.annotations);
	const controlledBy = controllerName(job);
	if (controlledBy) w.item(0, 'Controlled By', controlledBy);
	w.item(0, 'Parallelism', spec.parallelism ?? 1);
	w.item(0, 'Completions', spec.completions ?? (spec.parallelism === undefined ? 1 : '<unset>'));
	w.item(0, 'Completion Mode', spec.completionMode ?? 'NonIndexed');
	w.item(0, 'Suspend', String(spec.suspend ?? false));
	w.item(0, 'Backoff Limit', spec.backoffLimit ?? 6);
	if (spec.ttlSecondsAfterFinished !== undefined) w.item(0, 'TTL Seconds After Finished', String(spec.ttlSecondsAfterFinished));
	if (s.startTime) w.item(0, 'Start Time', rfc1123z(s.startTime));
	if (s.completionTime) w.item(0, 'Completed At', rfc1123z(s.completionTime));
	if (s.startTime && s.completionTime) w.item(0, 'Duration', jobDuration(job, ctx.now));
	if (spec.activeDeadlineSeconds !== undefined) w.item(0, 'Active Deadline Seconds', `${spec.activeDeadlineSeconds}s`);
	if (s.ready === undefined || s.ready === null) {
		w.item(0, 'Pods Statuses', `${s.active ?? 0} Active / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed`);
	} else {
		w.item(0, 'Pods Statuses', `${s.active ?? 0} Active (${s.ready} Ready) / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed`);
	}
	if (spec.completionMode === 'Indexed') w.item(0, 'Completed Indexes', s.completedIndexes || '<none>');
	describePodTemplate(w, spec.template);
	writeEvents(w, job, ctx);
	return w.toString();
}

export const job: KindInfo = {
	kind: 'Job',
	group: 'batch',
	version: 'v1',
	apiVersion: 'batch/v1',
	plural: 'jobs',
	singular: 'job',
	namespaced: true,
	shortNames: [],
	categories: ['all'],
	subresources: ['status'],
	api: jobApi,
	protobuf: 'k8s.io.api.batch.v1.Job',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Status', type: 'string', priority: 0, description: 'Status of the job.'},
		{name: 'Completions', type: 'string', priority: 0, description: 'The number of pods which reached phase Succeeded.'},
		{name: 'Duration', type: 'string', priority: 0, description: 'Time required to complete the job.'},
		{name: 'Age', type: 'date', priority: 0},
		...TEMPLATE_COLUMNS,
		SELECTOR_COLUMN,
	],
	row: (obj: Job, ctx) => {
		const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
		return [
			obj.metadata.name,
			jobStatus(obj),
			jobCompletions(obj),
			jobDuration(obj, ctx.now),
			age(obj.metadata.creationTimestamp, ctx.now),
			names,
			images,
			formatSelector(obj.spec?.selector),
		];
	},
	describe: describeJob,
	capabilities: {loggable: true},
	// the selector on the Job's uid and its labels are generated at create (unless manualSelector)
	exported: obj => {
		const spec = obj.spec as {manualSelector?: boolean; selector?: unknown; template?: {metadata?: {labels?: Record<string, string>}}} | undefined;
		if (!spec || spec.manualSelector === true) return obj;
		delete spec.selector;
		const meta = spec.template?.metadata;
		if (meta?.labels) {
			for (const l of GENERATED_JOB_LABELS) delete meta.labels[l];
			if (!Object.keys(meta.labels).length) delete meta.labels;
		}
		return obj;
	},
	view: jobView,
};
