// A CronJob in the API server: its defaults, its validation (schedule, time zone, the job
// template) and its name, short enough for the Jobs it names after it.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, specRules} from '../shared/fields.js';
import {isDNS1123Subdomain} from '../shared/formats.js';
import {dflt, objAt, specDefaults, templateDefaults} from '../shared/defaults.js';
import {annotations, labels} from '../shared/meta.js';
import {jobSpec} from '../job/api.js';
import {cronScheduleError, isTimeZone} from './schedule.js';

function cronJobDefaults(spec: Obj): void {
	dflt(spec, 'concurrencyPolicy', 'Allow');
	dflt(spec, 'suspend', false);
	dflt(spec, 'successfulJobsHistoryLimit', 3);
	dflt(spec, 'failedJobsHistoryLimit', 1);
	const jt = objAt(spec, 'jobTemplate');
	if (!jt) return;
	const js = objAt(jt, 'spec');
	if (js) templateDefaults(js, true);
}

function validateCronJob(e: FieldErrors, spec: Obj): void {
	const schedule = e.str(spec.schedule, 'spec.schedule');
	if (spec.schedule === undefined || spec.schedule === null || schedule === '') e.required('spec.schedule');
	else if (schedule !== undefined) {
		if (/(^|\s)(CRON_)?TZ=/.test(schedule)) {
			e.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
		} else {
			const err = cronScheduleError(schedule);
			if (err) e.invalid('spec.schedule', schedule, err);
		}
	}
	const tz = e.str(spec.timeZone, 'spec.timeZone');
	if (tz !== undefined) {
		if (tz === '' || !isTimeZone(tz)) e.invalid('spec.timeZone', tz, `unknown time zone ${tz}`);
	}
	e.oneOf(spec.concurrencyPolicy, 'spec.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']);
	e.nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds', 'int64');
	e.nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit');
	e.nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit');
	e.bool(spec.suspend, 'spec.suspend');
	const tmpl = spec.jobTemplate === undefined || spec.jobTemplate === null ? {} : e.obj(spec.jobTemplate, 'spec.jobTemplate');
	if (!tmpl) return;
	const meta = e.obj(tmpl.metadata, 'spec.jobTemplate.metadata');
	if (meta) {
		labels(e, meta.labels, 'spec.jobTemplate.metadata.labels');
		annotations(e, meta.annotations, 'spec.jobTemplate.metadata.annotations');
	}
	jobSpec(e, tmpl.spec, 'spec.jobTemplate.spec');
}

export const cronJobApi: KindApi = {
	name(name) {
		const errs = isDNS1123Subdomain(name);
		if (name.length > 52) errs.push('must be no more than 52 characters');
		return errs;
	},
	defaults: specDefaults(cronJobDefaults),
	validate: specRules(validateCronJob),
};
