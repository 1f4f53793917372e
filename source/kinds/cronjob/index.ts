// CronJob: batch/v1 cronjobs.
import type {CronJob, CronJobSpec, JobSpec} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, containerCells, formatSelector, printBoolPtr, rfc1123z, selectorString, TEMPLATE_COLUMNS, SELECTOR_COLUMN} from '../format.js';
import {describePodTemplate, writeEvents} from '../describe.js';
import {cronJobApi} from './api.js';
import {cronJobView} from './view.js';

function describeCronJob(cj: CronJob, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const spec: Partial<CronJobSpec> = cj.spec ?? {};
	w.item(0, 'Name', cj.metadata.name);
	w.item(0, 'Namespace', cj.metadata.namespace ?? '');
	w.labels('Labels', cj.metadata.labels);
	w.annotations('Annotations', cj.metadata.annotations);
	w.item(0, 'Schedule', spec.schedule ?? '');
	w.item(0, 'Concurrency Policy', spec.concurrencyPolicy ?? 'Allow');
	w.item(0, 'Suspend', printBoolPtr(spec.suspend ?? false));
	w.item(0, 'Successful Job History Limit', spec.successfulJobsHistoryLimit ?? 3);
	w.item(0, 'Failed Job History Limit', spec.failedJobsHistoryLimit ?? 1);
	w.item(0, 'Starting Deadline Seconds', spec.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : '<unset>');
	const jobSpec: Partial<JobSpec> = spec.jobTemplate?.spec ?? {};
	w.item(0, 'Selector', jobSpec.selector ? selectorString(jobSpec.selector) : '<unset>');
	w.item(0, 'Parallelism', jobSpec.parallelism ?? '<unset>');
	w.item(0, 'Completions', jobSpec.completions ?? '<unset>');
	if (jobSpec.activeDeadlineSeconds !== undefined) w.item(0, 'Active Deadline Seconds', `${jobSpec.activeDeadlineSeconds}s`);
	describePodTemplate(w, jobSpec.template);
	w.item(0, 'Last Schedule Time', cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>');
	const active = cj.status?.active ?? [];
	w.item(0, 'Active Jobs', active.length ? active.map(j => j.name).join(', ') : '<none>');
	writeEvents(w, cj, ctx);
	return w.toString();
}

export const cronJob: KindInfo = {
	kind: 'CronJob',
	group: 'batch',
	version: 'v1',
	apiVersion: 'batch/v1',
	plural: 'cronjobs',
	singular: 'cronjob',
	namespaced: true,
	shortNames: ['cj'],
	categories: ['all'],
	subresources: ['status'],
	api: cronJobApi,
	protobuf: 'k8s.io.api.batch.v1.CronJob',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Schedule', type: 'string', priority: 0, description: 'The schedule in Cron format.'},
		{name: 'Timezone', type: 'string', priority: 0, description: 'The time zone name for the given schedule.'},
		{name: 'Suspend', type: 'boolean', priority: 0, description: 'This flag tells the controller to suspend subsequent executions.'},
		{name: 'Active', type: 'integer', priority: 0, description: 'A list of pointers to currently running jobs.'},
		{name: 'Last Schedule', type: 'string', priority: 0, description: 'Information when was the last time the job was successfully scheduled.'},
		{name: 'Age', type: 'date', priority: 0},
		...TEMPLATE_COLUMNS,
		SELECTOR_COLUMN,
	],
	row: (obj: CronJob, ctx) => {
		const jobSpec: Partial<JobSpec> = obj.spec?.jobTemplate?.spec ?? {};
		const [names, images] = containerCells(jobSpec.template?.spec?.containers);
		const last = obj.status?.lastScheduleTime;
		return [
			obj.metadata.name,
			obj.spec?.schedule ?? '',
			obj.spec?.timeZone || '<none>',
			printBoolPtr(obj.spec?.suspend ?? false),
			(obj.status?.active ?? []).length,
			last ? age(last, ctx.now) : '<none>',
			age(obj.metadata.creationTimestamp, ctx.now),
			names,
			images,
			formatSelector(jobSpec.selector),
		];
	},
	describe: describeCronJob,
	capabilities: {},
	view: cronJobView,
};
