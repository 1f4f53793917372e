import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';
import type {Job} from '../../source/cluster/types.js';

const manifest = (name: string) => readFileSync(new URL(`../../manifests/${name}`, import.meta.url), 'utf8');

function job(name: string, spec: string, command: string, restartPolicy = 'Never'): string {
	return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
        - name: main
          image: busybox:1.36
          command: ["sh", "-c", ${JSON.stringify(command)}]
`;
}

const condition = (obj: any, type: string) => obj.status?.conditions?.find((c: any) => c.type === type);
const jobPods = (cluster: ReturnType<typeof smallCluster>, name: string, ns = 'default') => cluster.list('Pod', {namespace: ns, labelSelector: `batch.kubernetes.io/job-name=${name}`});

describe('Job', () => {
	it('runs the pi Job to completion and its pod prints the digits', () => {
		const cluster = smallCluster();
		cluster.apply(manifest('00-namespace.yaml'), '00-namespace.yaml');
		cluster.apply(manifest('50-jobs.yaml').split('\n---\n')[0]!, '50-jobs.yaml');
		const pi = cluster.get('Job', 'batch', 'pi');
		expect(pi.spec.selector).toEqual({matchLabels: {'batch.kubernetes.io/controller-uid': pi.metadata.uid}});
		expect(pi.metadata.generation).toBe(1);
		advanceUntil(cluster, () => !!condition(cluster.get('Job', 'batch', 'pi'), 'Complete'), 300_000);
		const done = cluster.get('Job', 'batch', 'pi');
		expect(done.status?.succeeded).toBe(1);
		expect(done.status!.active).toBeUndefined();
		expect(done.status!.failed).toBeUndefined();
		expect(done.status?.startTime).toBe('2025-01-06T09:00:00Z');
		expect(done.status?.completionTime).toBe('2025-01-06T09:00:17Z'); // the image pull, start-up and bpi(2000)
		expect(done.status?.uncountedTerminatedPods).toEqual({});
		expect(condition(done, 'Complete')).toMatchObject({status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods'});
		expect(condition(done, 'SuccessCriteriaMet')).toMatchObject({status: 'True'});
		const pods = jobPods(cluster, 'pi', 'batch');
		expect(pods).toHaveLength(1);
		const pod = pods[0]!;
		expect(pod.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		expect(pod.metadata.labels).toMatchObject({'batch.kubernetes.io/controller-uid': pi.metadata.uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': pi.metadata.uid, 'job-name': 'pi'});
		expect(pod.metadata.finalizers).toBeUndefined();
		expect(pod.status.phase).toBe('Succeeded');
		const logs = cluster.logs('batch', pod.metadata.name);
		expect(logs.join('\n').startsWith('3.14159')).toBe(true);
		expect(eventsFor(cluster, {name: 'pi', kind: 'Job', reason: 'SuccessfulCreate'}).map(e => e.message)).toEqual([`Created pod: ${pod.metadata.name}`]);
		expect(eventsFor(cluster, {name: 'pi', kind: 'Job', reason: 'Completed'}).map(e => e.message)).toEqual(['Job completed']);
	});

	it('retries a failing pod with a doubling back-off, then fails with BackoffLimitExceeded', () => {
		const cluster = smallCluster();
		cluster.apply(job('flaky', '  backoffLimit: 3\n', 'echo trying; exit 1'), 'flaky.yaml');
		const created: number[] = [];
		let seen = 0;
		advanceUntil(
			cluster,
			() => {
				const n = jobPods(cluster, 'flaky').length;
				if (n > seen) {
					for (let i = seen; i < n; i++) created.push(cluster.elapsed());
					seen = n;
				}
				return !!condition(cluster.get('Job', 'default', 'flaky'), 'Failed');
			},
			600_000,
			250,
		);
		const j = cluster.get('Job', 'default', 'flaky');
		expect(jobPods(cluster, 'flaky')).toHaveLength(4); // backoffLimit + 1
		expect(jobPods(cluster, 'flaky').every(p => p.status.phase === 'Failed')).toBe(true);
		expect(j.status?.failed).toBe(4);
		expect(j.status!.succeeded).toBeUndefined();
		expect(condition(j, 'Failed')).toMatchObject({status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'});
		expect(condition(j, 'FailureTarget')).toMatchObject({status: 'True', reason: 'BackoffLimitExceeded'});
		expect(j.status!.completionTime).toBeUndefined();
		// each new pod comes 10 s, 20 s, 40 s after the previous one failed
		const pods = jobPods(cluster, 'flaky').sort((a, b) => Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!));
		const waits = pods.slice(1).map((p, i) => (Date.parse(p.metadata.creationTimestamp!) - Date.parse(pods[i]!.status.containerStatuses![0].state.terminated!.finishedAt!)) / 1000);
		expect(waits).toEqual([10, 20, 40]);
		expect(created).toHaveLength(4);
		const warn = eventsFor(cluster, {name: 'flaky', kind: 'Job', reason: 'BackoffLimitExceeded'});
		expect(warn.map(e => [e.type, e.message])).toEqual([['Warning', 'Job has reached the specified backoff limit']]);
		expect(eventsFor(cluster, {name: 'flaky', kind: 'Job', reason: 'SuccessfulCreate'})).toHaveLength(4);
	});

	it('counts container restarts toward backoffLimit with restartPolicy OnFailure', () => {
		const cluster = smallCluster();
		cluster.apply(job('crashy', '  backoffLimit: 2\n', 'exit 3', 'OnFailure'), 'crashy.yaml');
		advanceUntil(cluster, () => !!condition(cluster.get('Job', 'default', 'crashy'), 'Failed'), 600_000);
		const j = cluster.get('Job', 'default', 'crashy');
		expect(condition(j, 'Failed').reason).toBe('BackoffLimitExceeded');
		expect(eventsFor(cluster, {name: 'crashy', kind: 'Job', reason: 'SuccessfulCreate'})).toHaveLength(1);
	});

	it('runs completions with parallelism and finishes Complete', () => {
		const cluster = smallCluster();
		cluster.apply(job('batch', '  completions: 5\n  parallelism: 2\n', 'echo working; sleep 3; echo ok'), 'batch.yaml');
		let maxActive = 0;
		advanceUntil(
			cluster,
			() => {
				const j = cluster.get('Job', 'default', 'batch');
				maxActive = Math.max(maxActive, j.status?.active ?? 0);
				return !!condition(j, 'Complete');
			},
			300_000,
			200,
		);
		const j = cluster.get('Job', 'default', 'batch');
		expect(maxActive).toBe(2);
		expect(j.status?.succeeded).toBe(5);
		expect(jobPods(cluster, 'batch')).toHaveLength(5);
	});

	it('a work queue (parallelism without completions) completes once its pods have finished', () => {
		const cluster = smallCluster();
		cluster.apply(job('queue', '  parallelism: 3\n', 'echo took one; sleep 4'), 'queue.yaml');
		expect(cluster.get('Job', 'default', 'queue').spec.completions).toBeUndefined();
		advanceUntil(cluster, () => !!condition(cluster.get('Job', 'default', 'queue'), 'Complete'), 300_000);
		expect(cluster.get('Job', 'default', 'queue').status?.succeeded).toBe(3);
		expect(jobPods(cluster, 'queue')).toHaveLength(3);
	});

	it('Indexed jobs give each pod its completion index', () => {
		const cluster = smallCluster();
		cluster.apply(job('idx', '  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n', 'echo index $JOB_COMPLETION_INDEX'), 'idx.yaml');
		advanceUntil(cluster, () => !!condition(cluster.get('Job', 'default', 'idx'), 'Complete'), 300_000);
		const j = cluster.get('Job', 'default', 'idx');
		expect(j.status?.completedIndexes).toBe('0-2');
		const pods = jobPods(cluster, 'idx').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
		expect(pods.map(p => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1', '2']);
		expect(pods.map(p => p.metadata.name.replace(/-[^-]+$/, ''))).toEqual(['idx-0', 'idx-1', 'idx-2']);
		expect(cluster.logs('default', pods[1]!.metadata.name)).toEqual(['index 1']);
	});

	it('fails with DeadlineExceeded after activeDeadlineSeconds and deletes its pods', () => {
		const cluster = smallCluster();
		cluster.apply(job('slow', '  activeDeadlineSeconds: 20\n', 'sleep 600'), 'slow.yaml');
		advanceUntil(cluster, () => !!condition(cluster.get('Job', 'default', 'slow'), 'Failed'), 120_000);
		const j = cluster.get('Job', 'default', 'slow');
		expect(condition(j, 'Failed')).toMatchObject({reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline'});
		// 20 s after startTime the Job is marked FailureTarget and its pod is told to stop; `sh` as
		// PID 1 ignores SIGTERM, so the pod goes at the end of its 30 s grace period, and then the Job is Failed
		expect(j.status?.startTime).toBe('2025-01-06T09:00:00Z');
		expect(j.status?.conditions?.map(c => [c.type, c.lastTransitionTime])).toEqual([
			['FailureTarget', '2025-01-06T09:00:20Z'],
			['Failed', '2025-01-06T09:00:50Z'],
		]);
		expect(cluster.elapsed()).toBe(50_000);
		expect(jobPods(cluster, 'slow').filter(p => !p.metadata.deletionTimestamp)).toHaveLength(0);
		expect(eventsFor(cluster, {name: 'slow', kind: 'Job', reason: 'DeadlineExceeded'})[0]?.type).toBe('Warning');
	});

	it('suspends and resumes, and ttlSecondsAfterFinished deletes the finished Job', () => {
		const cluster = smallCluster();
		cluster.apply(job('later', '  suspend: true\n  ttlSecondsAfterFinished: 30\n', 'echo hi'), 'later.yaml');
		cluster.advance(10_000);
		let j = cluster.get('Job', 'default', 'later');
		expect(jobPods(cluster, 'later')).toHaveLength(0);
		expect(condition(j, 'Suspended')).toMatchObject({status: 'True', reason: 'JobSuspended', message: 'Job suspended'});
		expect(j.status!.startTime).toBeUndefined();
		cluster.patch('Job', 'default', 'later', {spec: {suspend: false}}, 'application/merge-patch+json');
		advanceUntil(cluster, () => !!condition(cluster.get('Job', 'default', 'later'), 'Complete'), 120_000);
		j = cluster.get('Job', 'default', 'later');
		expect(j.status?.conditions?.find(c => c.type === 'Suspended')).toMatchObject({status: 'False', reason: 'JobResumed'});
		expect(eventsFor(cluster, {name: 'later', kind: 'Job'}).map(e => e.reason)).toEqual(expect.arrayContaining(['Suspended', 'Resumed', 'Completed']));
		const finishedAt = Date.parse(j.status!.completionTime!);
		advanceUntil(cluster, () => !cluster.find('Job', 'default', 'later'), 120_000);
		expect(cluster.now() - finishedAt).toBe(30_000);
		advanceUntil(cluster, () => jobPods(cluster, 'later').length === 0, 60_000);
	});

	it('deleting a Job deletes its pods, including pending ones', () => {
		const cluster = smallCluster();
		cluster.apply(job('gone', '  parallelism: 2\n  completions: 2\n', 'sleep 600'), 'gone.yaml');
		cluster.advance(10_000);
		expect(jobPods(cluster, 'gone')).toHaveLength(2);
		cluster.delete('Job', 'default', 'gone');
		advanceUntil(cluster, () => jobPods(cluster, 'gone').length === 0, 120_000);
	});

	it('gets its selector from the API server as it is created, not from a later write of the controller', () => {
		const cluster = smallCluster();
		const created = cluster.create<Job>({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'once', namespace: 'default'}, spec: {template: {metadata: {labels: {team: 'a'}}, spec: {restartPolicy: 'Never', containers: [{name: 'c', image: 'busybox:1.36', command: ['true']}]}}}});
		const uid = created.metadata.uid!;
		expect(created.spec.selector).toEqual({matchLabels: {'batch.kubernetes.io/controller-uid': uid}});
		expect(created.spec.template.metadata?.labels).toEqual({team: 'a', 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'once', 'controller-uid': uid, 'job-name': 'once'});
		expect(created.metadata.generation).toBe(1);
		// a manual selector is left as it is
		const manual = cluster.create<Job>({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'manual', namespace: 'default'}, spec: {manualSelector: true, selector: {matchLabels: {team: 'b'}}, template: {metadata: {labels: {team: 'b'}}, spec: {restartPolicy: 'Never', containers: [{name: 'c', image: 'busybox:1.36', command: ['true']}]}}}});
		expect(manual.spec.selector).toEqual({matchLabels: {team: 'b'}});
		expect(manual.spec.template.metadata?.labels).toEqual({team: 'b'});
	});
});
