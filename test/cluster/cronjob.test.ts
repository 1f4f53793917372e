import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {EPOCH_MS} from '../../source/cluster/index.js';
import {manualJob, parseSchedule, rfc1123z, rfc3339In} from '../../source/cluster/controllers/cronjob.js';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';

const manifest = (name: string) => readFileSync(new URL(`../../manifests/${name}`, import.meta.url), 'utf8');

function cronJob(name: string, extra: string, command: string, schedule = '*/1 * * * *'): string {
	return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: ${JSON.stringify(schedule)}
${extra}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: main
              image: busybox:1.36
              command: ["sh", "-c", ${JSON.stringify(command)}]
`;
}

const MINUTE = 60_000;
const minuteOf = (ms: number) => Math.floor(ms / MINUTE);
const jobsOf = (cluster: ReturnType<typeof smallCluster>, cj: string, ns = 'default') =>
	cluster.list('Job', {namespace: ns}).filter(j => j.metadata.ownerReferences?.[0]?.name === cj);
const isActive = (j: any) => !j.status?.conditions?.some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

describe('CronJob', () => {
	it('creates a Job at each minute boundary and keeps the last three successful ones', () => {
		const cluster = smallCluster();
		cluster.apply(manifest('00-namespace.yaml'), '00-namespace.yaml');
		cluster.apply(manifest('50-jobs.yaml'), '50-jobs.yaml');
		const first = minuteOf(EPOCH_MS) + 1;
		cluster.advance(MINUTE - 1);
		expect(jobsOf(cluster, 'report', 'batch')).toHaveLength(0);
		cluster.advance(1);
		let jobs = jobsOf(cluster, 'report', 'batch');
		expect(jobs.map(j => j.metadata.name)).toEqual([`report-${first}`]);
		const job = jobs[0]!;
		expect(job.metadata.creationTimestamp).toBe('2025-01-06T09:01:00Z');
		expect(job.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-06T09:01:00Z');
		expect(job.metadata.ownerReferences).toEqual([{apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: cluster.get('CronJob', 'batch', 'report').metadata.uid, controller: true, blockOwnerDeletion: true}]);
		expect(job.spec.backoffLimit).toBe(6); // the Job got the API server's defaults
		let cj = cluster.get('CronJob', 'batch', 'report');
		expect(cj.status?.lastScheduleTime).toBe('2025-01-06T09:01:00Z');
		expect(cj.status?.active).toEqual([{apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: 'batch', uid: job.metadata.uid, resourceVersion: expect.any(String)}]);

		cluster.advance(5 * MINUTE + 30_000); // 09:06:30
		jobs = jobsOf(cluster, 'report', 'batch');
		expect(jobs.map(j => j.metadata.name).sort()).toEqual([first + 3, first + 4, first + 5].map(m => `report-${m}`));
		cj = cluster.get('CronJob', 'batch', 'report');
		expect(cj.status!.active).toBeUndefined();
		expect(cj.status?.lastScheduleTime).toBe('2025-01-06T09:06:00Z');
		expect(cj.status?.lastSuccessfulTime).toBe('2025-01-06T09:06:05Z'); // the 09:06 run's `sleep 5`
		const created = eventsFor(cluster, {name: 'report', kind: 'CronJob', reason: 'SuccessfulCreate', namespace: 'batch'}).map(e => e.message);
		expect(created).toEqual([0, 1, 2, 3, 4, 5].map(i => `Created job report-${first + i}`));
		const deleted = eventsFor(cluster, {name: 'report', kind: 'CronJob', reason: 'SuccessfulDelete', namespace: 'batch'}).map(e => e.message);
		expect(deleted).toEqual([0, 1, 2].map(i => `Deleted job report-${first + i}`));
		const saw = eventsFor(cluster, {name: 'report', kind: 'CronJob', reason: 'SawCompletedJob', namespace: 'batch'}).map(e => e.message);
		expect(saw[0]).toBe(`Saw completed job: report-${first}, condition: Complete`);
		// the deleted Jobs took their pods with them
		cluster.advance(1000);
		expect(cluster.list('Pod', {namespace: 'batch'}).filter(p => p.metadata.name.startsWith('report-')).map(p => p.metadata.labels!['job-name']).sort()).toEqual(
			[first + 3, first + 4, first + 5].map(m => `report-${m}`),
		);
	});

	it('Forbid skips a run while the previous one is still running', () => {
		const cluster = smallCluster();
		cluster.apply(cronJob('long', '  concurrencyPolicy: Forbid\n', 'sleep 150'), 'long.yaml');
		let maxActive = 0;
		advanceUntil(
			cluster,
			() => {
				maxActive = Math.max(maxActive, jobsOf(cluster, 'long').filter(isActive).length);
				return cluster.elapsed() >= 7 * MINUTE;
			},
			8 * MINUTE,
			1000,
		);
		expect(maxActive).toBe(1);
		// a run takes 150 s and a bit: the 09:01 one ends at 09:03:31, when the missed 09:03 run starts
		// (no startingDeadlineSeconds); it ends at 09:06:01 and the 09:06 run starts then. Skipped:
		// 09:02, 09:03 (on time), 09:04, 09:05, 09:06 (on time) and 09:07, one event counted 6 times
		const skipped = eventsFor(cluster, {name: 'long', kind: 'CronJob', reason: 'JobAlreadyActive'});
		expect(skipped.map(e => [e.message, e.count, e.firstTimestamp, e.lastTimestamp])).toEqual([['Not starting job because prior execution is running and concurrency policy is Forbid', 6, '2025-01-06T09:02:00Z', '2025-01-06T09:07:00Z']]);
		const created = eventsFor(cluster, {name: 'long', kind: 'CronJob', reason: 'SuccessfulCreate'}).map(e => e.message);
		expect(created).toEqual([1, 3, 6].map(m => `Created job long-${minuteOf(EPOCH_MS) + m}`));
		expect(jobsOf(cluster, 'long').map(j => [j.metadata.name, j.status?.startTime, j.status?.completionTime])).toEqual([
			[`long-${minuteOf(EPOCH_MS) + 1}`, '2025-01-06T09:01:00Z', '2025-01-06T09:03:31Z'],
			[`long-${minuteOf(EPOCH_MS) + 3}`, '2025-01-06T09:03:31Z', '2025-01-06T09:06:01Z'],
			[`long-${minuteOf(EPOCH_MS) + 6}`, '2025-01-06T09:06:01Z', undefined],
		]);
	});

	it('Allow runs them side by side; Replace deletes the running one first', () => {
		const cluster = smallCluster();
		cluster.apply(cronJob('many', '', 'sleep 150'), 'many.yaml');
		cluster.apply(cronJob('one', '  concurrencyPolicy: Replace\n', 'sleep 150'), 'one.yaml');
		cluster.advance(3 * MINUTE + 10_000);
		expect(jobsOf(cluster, 'many').filter(isActive)).toHaveLength(3);
		expect(cluster.get('CronJob', 'default', 'many').status?.active).toHaveLength(3);
		const ones = jobsOf(cluster, 'one');
		expect(ones.map(j => j.metadata.name)).toEqual([`one-${minuteOf(EPOCH_MS) + 3}`]);
		expect(eventsFor(cluster, {name: 'one', kind: 'CronJob', reason: 'SuccessfulDelete'}).map(e => e.message)).toEqual([
			`Deleted job one-${minuteOf(EPOCH_MS) + 1}`,
			`Deleted job one-${minuteOf(EPOCH_MS) + 2}`,
		]);
	});

	it('suspend stops new runs; a missed run starts on resume unless startingDeadlineSeconds has passed', () => {
		const cluster = smallCluster();
		cluster.apply(cronJob('late', '  suspend: true\n', 'echo hi'), 'late.yaml');
		cluster.apply(cronJob('strict', '  suspend: true\n  startingDeadlineSeconds: 10\n', 'echo hi'), 'strict.yaml');
		cluster.advance(2 * MINUTE + 30_000); // 09:02:30
		expect(jobsOf(cluster, 'late')).toHaveLength(0);
		for (const name of ['late', 'strict']) cluster.patch('CronJob', 'default', name, {spec: {suspend: false}}, 'application/merge-patch+json');
		expect(jobsOf(cluster, 'late').map(j => j.metadata.name)).toEqual([`late-${minuteOf(EPOCH_MS) + 2}`]);
		expect(jobsOf(cluster, 'strict')).toHaveLength(0);
		// the 09:02 run is more than startingDeadlineSeconds late: it is not started at all
		expect(eventsFor(cluster, {name: 'strict', kind: 'CronJob', reason: 'SuccessfulCreate'})).toHaveLength(0);
		cluster.advance(30_000); // 09:03:00
		expect(jobsOf(cluster, 'strict').map(j => j.metadata.name)).toEqual([`strict-${minuteOf(EPOCH_MS) + 3}`]);
	});

	it('evaluates the schedule in spec.timeZone and understands descriptors', () => {
		const cluster = smallCluster();
		cluster.apply(cronJob('ny', '  timeZone: America/New_York\n', 'echo hi', '30 4 * * *'), 'ny.yaml');
		cluster.apply(cronJob('hourly', '', 'echo hi', '@hourly'), 'hourly.yaml');
		cluster.advance(60 * MINUTE);
		const hourly = jobsOf(cluster, 'hourly');
		expect(hourly.map(j => j.metadata.name)).toEqual([`hourly-${minuteOf(EPOCH_MS) + 60}`]);
		expect(hourly[0]!.metadata.creationTimestamp).toBe('2025-01-06T10:00:00Z');
		// 04:30 in New York is 09:30 UTC in January
		const ny = jobsOf(cluster, 'ny');
		expect(ny.map(j => j.metadata.name)).toEqual([`ny-${minuteOf(EPOCH_MS) + 30}`]);
		expect(ny[0]!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-06T04:30:00-05:00');
		// one timer a CronJob, for its next run: nothing piles up minute by minute
		const bare = smallCluster();
		bare.advance(60 * MINUTE);
		expect(cluster.stats().timers).toBe(bare.stats().timers + 2);
	});

	it('a Job created from the CronJob by hand runs but is not adopted', () => {
		const cluster = smallCluster();
		cluster.apply(cronJob('nightly', '', 'echo hi; sleep 30', '0 3 * * *'), 'nightly.yaml');
		const cj = cluster.get('CronJob', 'default', 'nightly');
		cluster.create(manualJob(cj, 'nightly-manual-x7k'));
		const j = cluster.get('Job', 'default', 'nightly-manual-x7k');
		expect(j.metadata.annotations).toEqual({'cronjob.kubernetes.io/instantiate': 'manual'});
		expect(cluster.get('CronJob', 'default', 'nightly').status!.active).toBeUndefined();
		expect(eventsFor(cluster, {name: 'nightly', kind: 'CronJob', reason: 'UnexpectedJob'})[0]?.message).toBe('Saw a job that the controller did not create or forgot: nightly-manual-x7k');
		advanceUntil(cluster, () => cluster.get('Job', 'default', 'nightly-manual-x7k').status?.succeeded === 1, 120_000);
	});

	it('schedule helpers', () => {
		const s = parseSchedule('*/15 * * * *');
		if (typeof s === 'string') throw new Error(s);
		expect(new Date(s.next(EPOCH_MS)).toISOString()).toBe('2025-01-06T09:15:00.000Z');
		expect(s.mostRecent(EPOCH_MS, EPOCH_MS + 50 * MINUTE, 101)).toEqual({time: EPOCH_MS + 45 * MINUTE, count: 3});
		const every = parseSchedule('@every 90s');
		if (typeof every === 'string') throw new Error(every);
		expect(every.next(EPOCH_MS)).toBe(EPOCH_MS + 90_000);
		expect(parseSchedule('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
		expect(rfc3339In(EPOCH_MS, 'Europe/Paris')).toBe('2025-01-06T10:00:00+01:00');
		expect(rfc1123z(EPOCH_MS)).toBe('Mon, 06 Jan 2025 09:00:00 +0000');
	});
});
