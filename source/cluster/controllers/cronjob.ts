// The CronJob controller: at each time of the schedule (five fields, the @hourly-style
// descriptors or @every, evaluated in spec.timeZone or UTC) it creates a Job named
// `<cronjob>-<scheduled minutes since the epoch>` from the jobTemplate. concurrencyPolicy
// Allow/Forbid/Replace, suspend, startingDeadlineSeconds, history limits, and the status
// (active refs, lastScheduleTime, lastSuccessfulTime). One clock timer per CronJob wakes it at
// its next scheduled time.
import {CronExpressionParser} from 'cron-parser';
import type {CronJob, CronJobStatus, Job, KObject, ObjectReference} from '../types.js';
import {isStatusError} from '../core/errors.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {jobFinished} from '../core/jobs.js';
import {controllerOf} from '../core/owners.js';
import {isTimeZone} from '../../kinds/cronjob/schedule.js';
import {isKind, watchKind} from '../core/objects.js';

const SOURCE = {component: 'cronjob-controller'};
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const DESCRIPTORS: Record<string, string> = {
	'@yearly': '0 0 1 1 *',
	'@annually': '0 0 1 1 *',
	'@monthly': '0 0 1 * *',
	'@weekly': '0 0 * * 0',
	'@daily': '0 0 * * *',
	'@midnight': '0 0 * * *',
	'@hourly': '0 * * * *',
};

export interface Schedule {
	/** The first scheduled time strictly after `t` (epoch ms). */
	next(t: number): number;
	/** The latest scheduled time in (after, upTo], and how many there are (counted up to `cap`). */
	mostRecent(after: number, upTo: number, cap: number): {time: number; count: number} | undefined;
}

const GO_UNITS: Record<string, number> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

function goDurationMs(text: string): number | undefined {
	const re = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)/y;
	let total = 0;
	let i = 0;
	while (i < text.length) {
		re.lastIndex = i;
		const m = re.exec(text);
		if (!m || m[1] === '' || m[1] === '.') return undefined;
		total += Number(m[1]) * GO_UNITS[m[2]!]!;
		i = re.lastIndex;
	}
	return i > 0 ? total : undefined;
}

/** Parses a CronJob schedule; a string is the reason it cannot be parsed. */
export function parseSchedule(schedule: string, timeZone?: string): Schedule | string {
	const spec = schedule.trim();
	if (spec.startsWith('@every ')) {
		const d = goDurationMs(spec.slice(7).trim());
		if (d === undefined) return `failed to parse duration ${spec}`;
		const step = Math.max(1000, Math.floor(d / 1000) * 1000);
		return {
			next: t => Math.floor(t / 1000) * 1000 + step,
			mostRecent: (after, upTo, cap) => {
				const first = Math.floor(after / 1000) * 1000 + step;
				if (first > upTo) return undefined;
				const n = Math.floor((upTo - first) / step) + 1;
				return {time: first + (n - 1) * step, count: Math.min(n, cap)};
			},
		};
	}
	const expr = DESCRIPTORS[spec] ?? spec;
	if (expr.startsWith('@')) return `unrecognized descriptor: ${spec}`;
	const fields = expr.split(/\s+/);
	if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
	const tz = timeZone || 'UTC';
	const at = (t: number) => CronExpressionParser.parse(expr, {currentDate: new Date(t), tz});
	try {
		at(0);
	} catch (err) {
		return (err as Error).message;
	}
	return {
		next: t => at(t).next().getTime(),
		mostRecent: (after, upTo, cap) => {
			const latest = at(upTo + 1).prev().getTime();
			if (latest <= after) return undefined;
			let count = 0;
			const it = at(after);
			for (let t = it.next().getTime(); t <= upTo && count < cap; t = it.next().getTime()) count++;
			return {time: latest, count};
		},
	};
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Wall-clock fields of `ms` in a time zone, and its UTC offset in minutes. */
function zoned(ms: number, tz: string | undefined): {y: number; mo: number; d: number; h: number; mi: number; s: number; wd: number; offset: number} {
	const t = Math.floor(ms / 1000) * 1000;
	let local = t;
	if (tz && tz !== 'UTC') {
		const parts = new Intl.DateTimeFormat('en-US', {timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'}).formatToParts(new Date(t));
		const get = (type: string) => Number(parts.find(p => p.type === type)?.value ?? 0);
		local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	}
	const d = new Date(local);
	return {y: d.getUTCFullYear(), mo: d.getUTCMonth(), d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), wd: d.getUTCDay(), offset: Math.round((local - t) / 60000)};
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** Go's time.RFC3339 in a zone: 2025-01-06T04:01:00-05:00, or ...Z for UTC. */
export function rfc3339In(ms: number, tz?: string): string {
	const z = zoned(ms, tz);
	const off = z.offset === 0 ? 'Z' : `${z.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(z.offset) / 60))}:${pad(Math.abs(z.offset) % 60)}`;
	return `${z.y}-${pad(z.mo + 1)}-${pad(z.d)}T${pad(z.h)}:${pad(z.mi)}:${pad(z.s)}${off}`;
}

/** Go's time.RFC1123Z: Mon, 06 Jan 2025 09:01:00 +0000. */
export function rfc1123z(ms: number, tz?: string): string {
	const z = zoned(ms, tz);
	const off = `${z.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(z.offset) / 60))}${pad(Math.abs(z.offset) % 60)}`;
	return `${DAYS[z.wd]}, ${pad(z.d)} ${MONTHS[z.mo]} ${z.y} ${pad(z.h)}:${pad(z.mi)}:${pad(z.s)} ${off}`;
}

function jobRef(job: Job): ObjectReference {
	return {apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid};
}

/** Oldest first by start time (jobs that never started last), then by name. */
function byStartTime(a: Job, b: Job): number {
	const sa = a.status?.startTime;
	const sb = b.status?.startTime;
	if (sa && !sb) return -1;
	if (!sa && sb) return 1;
	if (sa && sb && sa !== sb) return sa < sb ? -1 : 1;
	return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** A Job from a CronJob's jobTemplate, owned by the CronJob, with extra annotations. */
export function jobFromCronJob(cj: CronJob, name: string, annotations: Record<string, string>): Job {
	const tmpl = cj.spec.jobTemplate;
	return {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {
			name,
			namespace: cj.metadata.namespace,
			...(tmpl.metadata?.labels ? {labels: {...tmpl.metadata.labels}} : {}),
			annotations: {...tmpl.metadata?.annotations, ...annotations},
			ownerReferences: [{apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true}],
		},
		spec: structuredClone(tmpl.spec),
	};
}

/** What `kubectl create job <name> --from=cronjob/<cj>` sends (the controller does not adopt it). */
export function manualJob(cj: KObject, name: string): Job {
	if (!isKind<CronJob>(cj, 'CronJob')) throw new Error(`${cj.kind} ${cj.metadata.name} is not a CronJob`);
	return jobFromCronJob(cj, name, {'cronjob.kubernetes.io/instantiate': 'manual'});
}

export class CronJobController implements Reconciler {
	readonly name = 'cronjob';
	private timers = new Map<string, {id: number; at: number}>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('CronJob', (type, cj, old) => {
			const key = `${cj.metadata.namespace}/${cj.metadata.name}`;
			if (type === 'DELETED') {
				this.clearTimer(key);
				return;
			}
			if (type === 'MODIFIED' && old && old.spec === cj.spec && old.metadata.deletionTimestamp === cj.metadata.deletionTimestamp) return;
			ctx.runner.enqueue(this, key);
		});
		watchKind<Job>(ctx.store, 'Job', (type, job, old) => {
			const owner = controllerOf(job);
			if (owner?.kind !== 'CronJob') return;
			if (type === 'MODIFIED' && old && jobFinished(old) === jobFinished(job) && old.status?.completionTime === job.status?.completionTime) return;
			ctx.runner.enqueue(this, `${job.metadata.namespace}/${owner.name}`);
		});
	}

	private clearTimer(key: string): void {
		const t = this.timers.get(key);
		if (t) this.ctx.clock.cancel(t.id);
		this.timers.delete(key);
	}

	/** Wakes the CronJob at `at` (epoch ms); one timer per CronJob. */
	private wakeAt(key: string, at: number): void {
		const t = this.timers.get(key);
		if (t?.at === at) return;
		if (t) this.ctx.clock.cancel(t.id);
		const id = this.ctx.clock.after(Math.max(0, at - this.ctx.clock.now()), () => {
			if (this.timers.get(key)?.id === id) this.timers.delete(key);
			this.ctx.runner.enqueue(this, key);
		});
		this.timers.set(key, {id, at});
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, api, clock, events} = this.ctx;
		const cj = store.get<CronJob>('CronJob', ns, name);
		if (!cj) {
			this.clearTimer(key);
			return;
		}
		const now = clock.now();
		const jobs = store.dependents(cj.metadata.uid!).filter((o): o is Job => isKind<Job>(o, 'Job') && controllerOf(o)?.uid === cj.metadata.uid);
		const prev = cj.status ?? {};
		let active: ObjectReference[] = [...(prev.active ?? [])];
		let lastSuccessfulTime = prev.lastSuccessfulTime;
		let lastScheduleTime = prev.lastScheduleTime;

		for (const job of jobs) {
			const inActive = active.some(r => r.uid === job.metadata.uid);
			const finished = jobFinished(job);
			if (!inActive && !finished) {
				// one it did not create (kubectl create job --from=cronjob/...), or forgot: it is not adopted
				events.record(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`, SOURCE);
			} else if (inActive && finished) {
				active = active.filter(r => r.uid !== job.metadata.uid);
				events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finished}`, SOURCE);
				const done = job.status?.completionTime;
				if (finished === 'Complete' && done && (!lastSuccessfulTime || done > lastSuccessfulTime)) lastSuccessfulTime = done;
			}
		}
		for (const ref of [...active]) {
			if (jobs.some(j => j.metadata.uid === ref.uid)) continue;
			active = active.filter(r => r !== ref);
			events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, SOURCE);
		}
		// refresh the references (resourceVersion moves with the Job)
		active = active.map(r => {
			const j = jobs.find(x => x.metadata.uid === r.uid);
			return j ? jobRef(j) : r;
		});

		if (!cj.metadata.deletionTimestamp) this.cleanup(cj, jobs);

		const writeStatus = () => {
			const cur = store.get<CronJob>('CronJob', ns, name);
			if (!cur) return;
			const status: CronJobStatus = {
				...(active.length ? {active} : {}),
				...(lastScheduleTime ? {lastScheduleTime} : {}),
				...(lastSuccessfulTime ? {lastSuccessfulTime} : {}),
			};
			if (JSON.stringify(status) !== JSON.stringify(cur.status ?? {})) api.setStatus(cur, status);
		};

		if (cj.metadata.deletionTimestamp || cj.spec.suspend) {
			writeStatus();
			this.clearTimer(key);
			return;
		}
		const tz = cj.spec.timeZone || undefined;
		if (tz && !isTimeZone(tz)) {
			events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${tz}": unknown time zone ${tz}`, SOURCE);
			writeStatus();
			this.clearTimer(key);
			return;
		}
		const sched = parseSchedule(cj.spec.schedule ?? '', tz);
		if (typeof sched === 'string') {
			events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec.schedule}" : ${sched}`, SOURCE);
			writeStatus();
			this.clearTimer(key);
			return;
		}
		const deadline = cj.spec.startingDeadlineSeconds ?? undefined;
		let earliest = Date.parse(lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
		if (deadline !== undefined) earliest = Math.max(earliest, now - deadline * 1000);
		const recent = sched.mostRecent(earliest, now, 101);
		const nextRun = sched.next(now);
		if (!recent) {
			writeStatus();
			this.wakeAt(key, nextRun);
			return;
		}
		if (recent.count > 100)
			events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${recent.count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, SOURCE);
		const scheduled = recent.time;
		if (deadline !== undefined && scheduled + deadline * 1000 < now) {
			events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`, SOURCE);
			writeStatus();
			this.wakeAt(key, nextRun);
			return;
		}
		const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
		if (active.some(r => r.name === jobName)) {
			writeStatus();
			this.wakeAt(key, nextRun);
			return;
		}
		const policy = cj.spec.concurrencyPolicy ?? 'Allow';
		if (policy === 'Forbid' && active.length) {
			events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
			writeStatus();
			this.wakeAt(key, nextRun);
			return;
		}
		if (policy === 'Replace') {
			for (const ref of active) {
				try {
					api.delete('Job', ns, ref.name ?? '', {propagationPolicy: 'Background', preconditions: {uid: ref.uid}});
					events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`, SOURCE);
				} catch {
					// gone already
				}
			}
			active = [];
		}
		const job = jobFromCronJob(cj, jobName, {[SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, tz)});
		try {
			const created = api.create(job);
			events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, SOURCE);
			active.push(jobRef(created));
			lastScheduleTime = clock.iso(scheduled);
		} catch (err) {
			if (!(isStatusError(err) && err.status.reason === 'AlreadyExists'))
				events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`, SOURCE);
		}
		writeStatus();
		this.wakeAt(key, nextRun);
	}

	/** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
	private cleanup(cj: CronJob, jobs: Job[]): void {
		const limits: Array<['Complete' | 'Failed', number | undefined]> = [
			['Complete', cj.spec.successfulJobsHistoryLimit ?? undefined],
			['Failed', cj.spec.failedJobsHistoryLimit ?? undefined],
		];
		for (const [type, limit] of limits) {
			if (limit === undefined) continue;
			const done = jobs.filter(j => jobFinished(j) === type && !j.metadata.deletionTimestamp).sort(byStartTime);
			for (const j of done.slice(0, Math.max(0, done.length - limit))) {
				try {
					this.ctx.api.delete('Job', j.metadata.namespace, j.metadata.name, {propagationPolicy: 'Background', preconditions: {uid: j.metadata.uid}});
					this.ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, SOURCE);
				} catch {
					// gone already
				}
			}
		}
	}
}
