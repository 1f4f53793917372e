// The Job controller's failure and success policies and Indexed completion, driven by the manifests
// of the Kubernetes documentation (kubernetes/website content/en/examples) to their final statuses.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';
import type {Cluster} from '../../source/cluster/index.js';
import type {Job, Pod} from '../../source/cluster/types.js';
import {formatIndexes, indexedGenerateName, parseIndexes} from '../../source/cluster/controllers/job.js';
import {indexesBelow, matchPodFailurePolicy, matchSuccessPolicy} from '../../source/cluster/core/jobpolicy.js';
import {indexListTotal} from '../../source/kinds/job/api.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/website/${path}`, import.meta.url), 'utf8');
const finished = (j: Job | undefined) => !!j?.status?.conditions?.some(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
const conditions = (j: Job) => (j.status?.conditions ?? []).map(c => [c.type, c.status, c.reason, c.message, c.lastTransitionTime]);
const podsOf = (cluster: Cluster, job: string): Pod[] =>
	cluster.list<Pod>('Pod', {namespace: 'default', labelSelector: `batch.kubernetes.io/job-name=${job}`}).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

function run(path: string, name: string, limitMs = 600_000): {cluster: Cluster; job: Job} {
	const cluster = smallCluster();
	cluster.apply(fixture(path), path);
	advanceUntil(cluster, () => finished(cluster.find<Job>('Job', 'default', name)), limitMs);
	return {cluster, job: cluster.get<Job>('Job', 'default', name)};
}

describe('Job podFailurePolicy', () => {
	it('fails the Job at the first exit code 42 (job-pod-failure-policy-example) and terminates the other pods', () => {
		const {cluster, job} = run('controllers/job-pod-failure-policy-example.yaml', 'job-pod-failure-policy-example');
		expect(job.spec.podReplacementPolicy).toBe('Failed');
		const first = cluster.list<Pod>('Pod', {namespace: 'default'}).find(p => p.status.containerStatuses?.[0]?.state.terminated?.exitCode === 42 && !p.metadata.deletionTimestamp)!;
		const message = `Container main for pod default/${first.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
		expect(conditions(job)).toEqual([
			['FailureTarget', 'True', 'PodFailurePolicy', message, '2025-01-06T09:00:09Z'],
			// the two other pods were told to stop; bash ignores SIGTERM, so they go after their 30 s of grace
			['Failed', 'True', 'PodFailurePolicy', message, '2025-01-06T09:00:39Z'],
		]);
		expect(job.status).toMatchObject({failed: 3, terminating: 0, ready: 0, startTime: '2025-01-06T09:00:00Z', uncountedTerminatedPods: {}});
		expect(job.status!.succeeded).toBeUndefined();
		expect(job.status!.active).toBeUndefined();
		expect(eventsFor(cluster, {kind: 'Job', name: 'job-pod-failure-policy-example', reason: 'PodFailurePolicy'}).map(e => [e.type, e.message])).toEqual([['Warning', message]]);
		expect(eventsFor(cluster, {kind: 'Job', name: 'job-pod-failure-policy-example', reason: 'SuccessfulCreate'})).toHaveLength(3);
	});

	it('job-pod-failure-policy-failjob fails after 30 s with the rule at index 0, not after six retries', () => {
		const {cluster, job} = run('controllers/job-pod-failure-policy-failjob.yaml', 'job-pod-failure-policy-failjob');
		expect(conditions(job).map(c => [c[0], c[2], c[4]])).toEqual([
			['FailureTarget', 'PodFailurePolicy', '2025-01-06T09:00:34Z'],
			['Failed', 'PodFailurePolicy', '2025-01-06T09:01:04Z'],
		]);
		expect(conditions(job)[0]![3]).toMatch(/^Container main for pod default\/job-pod-failure-policy-failjob-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
		expect(job.status).toMatchObject({failed: 2, terminating: 0});
		expect(podsOf(cluster, 'job-pod-failure-policy-failjob')).toHaveLength(1);
	});

	it('ignores a pod evicted by a drain (DisruptionTarget) and replaces it, so backoffLimit 0 is not used up', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('controllers/job-pod-failure-policy-ignore.yaml'), 'ignore.yaml');
		const job0 = cluster.get<Job>('Job', 'default', 'job-pod-failure-policy-ignore');
		// the API server gives a pattern without a status the status "True"
		expect(job0.spec.podFailurePolicy!.rules[0]!.onPodConditions).toEqual([{type: 'DisruptionTarget', status: 'True'}]);
		advanceUntil(cluster, () => podsOf(cluster, 'job-pod-failure-policy-ignore').some(p => p.status.phase === 'Running'), 120_000);
		const victim = podsOf(cluster, 'job-pod-failure-policy-ignore').find(p => p.status.phase === 'Running')!;
		cluster.evict('default', victim.metadata.name);
		const evicted = cluster.get<Pod>('Pod', 'default', victim.metadata.name);
		expect(evicted.status.conditions?.find(c => c.type === 'DisruptionTarget')).toMatchObject({status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting'});
		advanceUntil(cluster, () => finished(cluster.find<Job>('Job', 'default', 'job-pod-failure-policy-ignore')), 900_000);
		const job = cluster.get<Job>('Job', 'default', 'job-pod-failure-policy-ignore');
		expect(conditions(job).map(c => [c[0], c[2]])).toEqual([
			['SuccessCriteriaMet', 'CompletionsReached'],
			['Complete', 'CompletionsReached'],
		]);
		expect(job.status!.succeeded).toBe(4);
		// the evicted pod is not counted: it matched the Ignore rule
		expect(job.status!.failed).toBeUndefined();
		expect(eventsFor(cluster, {kind: 'Job', name: 'job-pod-failure-policy-ignore', reason: 'SuccessfulCreate'})).toHaveLength(5);
	});

	it('fails the Job on a pod condition (ConfigIssue) that something else set on the pod before it failed', () => {
		const cluster = smallCluster();
		// the task page's image does not exist; the simulator pulls any image it does not know, so a
		// container that runs until it is stopped stands in for the one that never starts
		const manifest = fixture('controllers/job-pod-failure-policy-config-issue.yaml').replace('"non-existing-repo/non-existing-image:example"', 'busybox:1.36\n        command: ["sh", "-c", "sleep 3600"]');
		cluster.apply(manifest, 'config-issue.yaml');
		advanceUntil(cluster, () => podsOf(cluster, 'job-pod-failure-policy-config-issue').filter(p => p.status.phase === 'Running').length === 2, 120_000);
		const pod = podsOf(cluster, 'job-pod-failure-policy-config-issue')[0]!;
		// as the task page does with kubectl patch --subresource=status, then kubectl delete
		cluster.patch('Pod', 'default', pod.metadata.name, {status: {conditions: [{type: 'ConfigIssue', status: 'True', reason: 'NonExistingImage', lastTransitionTime: '2025-01-06T09:00:30Z'}]}}, 'application/strategic-merge-patch+json', {subresource: 'status'});
		cluster.delete('Pod', 'default', pod.metadata.name);
		advanceUntil(cluster, () => finished(cluster.find<Job>('Job', 'default', 'job-pod-failure-policy-config-issue')), 300_000);
		const job = cluster.get<Job>('Job', 'default', 'job-pod-failure-policy-config-issue');
		const message = `Pod default/${pod.metadata.name} has condition ConfigIssue matching FailJob rule at index 0`;
		expect(conditions(job).map(c => [c[0], c[2], c[3]])).toEqual([
			['FailureTarget', 'PodFailurePolicy', message],
			['Failed', 'PodFailurePolicy', message],
		]);
	});
});

describe('Job backoffLimitPerIndex', () => {
	it('job-backoff-limit-per-index-example: the even indexes fail twice each, the odd ones succeed', () => {
		const {cluster, job} = run('controllers/job-backoff-limit-per-index-example.yaml', 'job-backoff-limit-per-index-example');
		expect(job.spec.backoffLimit).toBe(2147483647);
		expect(job.status).toMatchObject({completedIndexes: '1,3,5,7,9', failedIndexes: '0,2,4,6,8', succeeded: 5, failed: 10, terminating: 0});
		expect(conditions(job).map(c => [c[0], c[2], c[3]])).toEqual([
			['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
			['Failed', 'FailedIndexes', 'Job has failed indexes'],
		]);
		const pods = podsOf(cluster, 'job-backoff-limit-per-index-example');
		expect(pods).toHaveLength(15);
		// each retry carries the failures of its index so far, and waits out the index's own back-off
		const zero = pods.filter(p => p.metadata.labels!['batch.kubernetes.io/job-completion-index'] === '0').sort((a, b) => a.metadata.creationTimestamp!.localeCompare(b.metadata.creationTimestamp!));
		expect(zero.map(p => p.metadata.annotations!['batch.kubernetes.io/job-index-failure-count'])).toEqual(['0', '1']);
		const wait = Date.parse(zero[1]!.metadata.creationTimestamp!) - Date.parse(zero[0]!.status.containerStatuses![0]!.state.terminated!.finishedAt!);
		expect(wait).toBe(10_000);
		expect(cluster.logs('default', zero[0]!.metadata.name)).toEqual(['Hello world']);
		expect(eventsFor(cluster, {kind: 'Job', name: 'job-backoff-limit-per-index-example', reason: 'FailedIndexes'}).map(e => e.message)).toEqual(['Job has failed indexes']);
	});

	it('job-backoff-limit-per-index-failindex: exit code 42 fails index 1 at once, index 0 gets its one retry', () => {
		const {cluster, job} = run('controllers/job-backoff-limit-per-index-failindex.yaml', 'job-backoff-limit-per-index-failindex');
		expect(job.status).toMatchObject({completedIndexes: '2,3', failedIndexes: '0,1', succeeded: 2, failed: 3});
		expect(conditions(job).map(c => [c[0], c[2]])).toEqual([
			['FailureTarget', 'FailedIndexes'],
			['Failed', 'FailedIndexes'],
		]);
		const byIndex = (i: string) => podsOf(cluster, 'job-backoff-limit-per-index-failindex').filter(p => p.metadata.labels!['batch.kubernetes.io/job-completion-index'] === i);
		expect(byIndex('0')).toHaveLength(2);
		expect(byIndex('1')).toHaveLength(1);
		expect(byIndex('1')[0]!.status.containerStatuses![0]!.state.terminated!.exitCode).toBe(42);
	});

	it('stops with MaxFailedIndexesExceeded once more indexes failed than maxFailedIndexes', () => {
		const cluster = smallCluster();
		cluster.apply(
			`apiVersion: batch/v1
kind: Job
metadata:
  name: strict
spec:
  completions: 6
  parallelism: 2
  completionMode: Indexed
  backoffLimitPerIndex: 0
  maxFailedIndexes: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "sleep 2; exit 3"]
`,
			'strict.yaml',
		);
		advanceUntil(cluster, () => finished(cluster.find<Job>('Job', 'default', 'strict')), 300_000);
		const job = cluster.get<Job>('Job', 'default', 'strict');
		expect(conditions(job).map(c => [c[0], c[2], c[3]])).toEqual([
			['FailureTarget', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'],
			['Failed', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'],
		]);
		// index 2 had started when index 1 failed: it is terminated and counted as failed too
		expect(job.status).toMatchObject({failedIndexes: '0,1', failed: 3});
		expect(eventsFor(cluster, {kind: 'Job', name: 'strict', reason: 'SuccessfulCreate'})).toHaveLength(3);
		expect(eventsFor(cluster, {kind: 'Job', name: 'strict', reason: 'SuccessfulDelete'})).toHaveLength(1);
	});
});

describe('Job successPolicy', () => {
	it('job-success-policy: index 2 succeeding meets the rule at index 0, and the other pods are terminated', () => {
		const {cluster, job} = run('controllers/job-success-policy.yaml', 'job-success');
		expect(conditions(job)).toEqual([
			['SuccessCriteriaMet', 'True', 'SuccessPolicy', 'Matched rules at index 0', '2025-01-06T09:00:20Z'],
			['Complete', 'True', 'SuccessPolicy', 'Matched rules at index 0', '2025-01-06T09:00:20Z'],
		]);
		expect(job.status).toMatchObject({completedIndexes: '2', succeeded: 1, completionTime: '2025-01-06T09:00:20Z', terminating: 0});
		expect(job.status!.active).toBeUndefined();
		advanceUntil(cluster, () => podsOf(cluster, 'job-success').every(p => p.status.phase === 'Succeeded' || p.status.phase === 'Failed'), 120_000);
		expect(eventsFor(cluster, {kind: 'Job', name: 'job-success', reason: 'Completed'}).map(e => e.message)).toEqual(['Job completed']);
	});
});

describe('Indexed completion', () => {
	it('indexed-job-vol: each pod reads its index from a downwardAPI file and reverses it', () => {
		const {cluster, job} = run('application/job/indexed-job-vol.yaml', 'indexed-job');
		expect(job.status).toMatchObject({completedIndexes: '0-4', succeeded: 5});
		const pods = podsOf(cluster, 'indexed-job');
		expect(pods.map(p => p.metadata.name.slice(0, -6))).toEqual(['indexed-job-0', 'indexed-job-1', 'indexed-job-2', 'indexed-job-3', 'indexed-job-4']);
		expect(pods.map(p => cluster.logs('default', p.metadata.name).join())).toEqual(['0', '1', '2', '3', '4']);
		for (const [i, p] of pods.entries()) {
			expect(p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
			expect(p.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
			expect(p.spec.hostname).toBe(`indexed-job-${i}`);
			expect(p.spec.containers[0]!.env).toEqual([{name: 'JOB_COMPLETION_INDEX', valueFrom: {fieldRef: {fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']"}}}]);
		}
	});

	it('gives each pod the hostname <job>-<index> and keeps a JOB_COMPLETION_INDEX the template sets itself', () => {
		const cluster = smallCluster();
		cluster.apply(
			`apiVersion: batch/v1
kind: Job
metadata:
  name: names
spec:
  completions: 2
  parallelism: 2
  completionMode: Indexed
  template:
    spec:
      subdomain: workers
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "echo $(hostname) $JOB_COMPLETION_INDEX"]
      - name: fixed
        image: busybox:1.36
        command: ["sh", "-c", "echo $JOB_COMPLETION_INDEX"]
        env:
        - name: JOB_COMPLETION_INDEX
          value: "7"
`,
			'names.yaml',
		);
		advanceUntil(cluster, () => finished(cluster.find<Job>('Job', 'default', 'names')), 120_000);
		const pods = podsOf(cluster, 'names');
		expect(pods.map(p => [p.spec.hostname, p.spec.subdomain])).toEqual([
			['names-0', 'workers'],
			['names-1', 'workers'],
		]);
		expect(pods.map(p => cluster.logs('default', p.metadata.name, {container: 'main'}).join())).toEqual(['names-0 0', 'names-1 1']);
		expect(pods.map(p => cluster.logs('default', p.metadata.name, {container: 'fixed'}).join())).toEqual(['7', '7']);
	});

	it('writes completed indexes as the API does: ranges of three or more, pairs as two', () => {
		expect(formatIndexes([0, 1, 2, 4, 5, 7])).toBe('0-2,4,5,7');
		expect(formatIndexes([])).toBe('');
		fc.assert(
			fc.property(fc.uniqueArray(fc.integer({min: 0, max: 200}), {maxLength: 60}), list => {
				const text = formatIndexes(list);
				expect([...parseIndexes(text)].sort((a, b) => a - b)).toEqual([...list].sort((a, b) => a - b));
				expect(indexesBelow(text, 201)).toEqual([...list].sort((a, b) => a - b));
				expect(indexListTotal(text, 201)).toBe(list.length);
				expect(text).not.toMatch(/(\d+)-(\d+)/.test(text) ? /(^|,)(\d+)-\2(,|$)/ : /-/);
			}),
		);
	});

	it('cuts a long Job name short in the generated pod name and keeps the index', () => {
		expect(indexedGenerateName('pi', 3)).toBe('pi-3-');
		const long = 'a'.repeat(60);
		expect(indexedGenerateName(long, 12)).toBe('a'.repeat(54) + '-12-');
		fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,62}$/), fc.nat(100_000), (name, i) => indexedGenerateName(name, i).length <= 58 && indexedGenerateName(name, i).endsWith(`-${i}-`)));
	});

	it('meets a success rule by the share of its indexes that succeeded', () => {
		const job = {spec: {completions: 10, successPolicy: {rules: [{succeededIndexes: '0,2-3', succeededCount: 1}, {succeededCount: 4}]}}} as unknown as Job;
		expect(matchSuccessPolicy(job, new Set())).toBeUndefined();
		expect(matchSuccessPolicy(job, new Set([1]))).toBeUndefined();
		expect(matchSuccessPolicy(job, new Set([3]))).toBe('Matched rules at index 0');
		expect(matchSuccessPolicy(job, new Set([1, 5, 6, 7]))).toBe('Matched rules at index 1');
	});
});

describe('matching a failed pod against podFailurePolicy', () => {
	const failedPod = (containers: Array<[string, number]>, init: Array<[string, number]> = [], conditions: Array<[string, string]> = []) =>
		({
			metadata: {name: 'p', namespace: 'ns'},
			status: {
				phase: 'Failed',
				containerStatuses: containers.map(([name, exitCode]) => ({name, state: {terminated: {exitCode}}})),
				initContainerStatuses: init.map(([name, exitCode]) => ({name, state: {terminated: {exitCode}}})),
				conditions: conditions.map(([type, status]) => ({type, status})),
			},
		}) as unknown as Pod;
	const jobWith = (rules: unknown[]) => ({spec: {podFailurePolicy: {rules}}}) as unknown as Job;

	it('takes the first rule that matches, by exit code (In, NotIn, one container) or by condition', () => {
		const job = jobWith([
			{action: 'Retry', onExitCodes: {operator: 'In', values: [3]}},
			{action: 'Ignore', onPodConditions: [{type: 'DisruptionTarget', status: 'True'}]},
			{action: 'FailJob', onExitCodes: {containerName: 'main', operator: 'In', values: [3]}},
			{action: 'Count', onExitCodes: {operator: 'NotIn', values: [1, 2]}},
		]);
		// the unknown action is skipped; the sidecar's 3 is not main's, but is not in [1, 2]: Count
		expect(matchPodFailurePolicy(job, failedPod([['side', 3], ['main', 1]]))).toEqual({action: 'Count', counts: true});
		expect(matchPodFailurePolicy(job, failedPod([['side', 2], ['main', 1]]))).toEqual({counts: true});
		expect(matchPodFailurePolicy(job, failedPod([['main', 3]]))).toEqual({action: 'FailJob', counts: true, failJobMessage: 'Container main for pod ns/p failed with exit code 3 matching FailJob rule at index 2'});
		expect(matchPodFailurePolicy(job, failedPod([['main', 1]], [], [['DisruptionTarget', 'True']]))).toEqual({action: 'Ignore', counts: false});
		expect(matchPodFailurePolicy(job, failedPod([['side', 9]]))).toEqual({action: 'Count', counts: true});
		// exit code 0 never matches, an init container's code does when no regular one has
		expect(matchPodFailurePolicy(job, failedPod([['side', 0]], [['main', 3]]))).toMatchObject({action: 'FailJob'});
		expect(matchPodFailurePolicy(jobWith([{action: 'FailJob', onPodConditions: [{type: 'ConfigIssue', status: 'True'}]}]), failedPod([], [], [['ConfigIssue', 'True']]))).toEqual({
			action: 'FailJob',
			counts: true,
			failJobMessage: 'Pod ns/p has condition ConfigIssue matching FailJob rule at index 0',
		});
	});

	it('never throws on any policy and pod, and only an Ignore rule stops a failure from counting', () => {
		const code = fc.integer({min: 0, max: 255});
		const rule = fc.record({
			action: fc.constantFrom('FailJob', 'FailIndex', 'Ignore', 'Count', 'Other'),
			onExitCodes: fc.option(fc.record({operator: fc.constantFrom('In', 'NotIn', 'Is'), values: fc.array(code, {maxLength: 4}), containerName: fc.option(fc.constantFrom('a', 'b'), {nil: undefined})}), {nil: undefined}),
			onPodConditions: fc.option(fc.array(fc.record({type: fc.constantFrom('DisruptionTarget', 'ConfigIssue'), status: fc.constantFrom('True', 'False')}), {maxLength: 2}), {nil: undefined}),
		});
		fc.assert(
			fc.property(fc.array(rule, {maxLength: 5}), fc.array(fc.tuple(fc.constantFrom('a', 'b'), code), {maxLength: 3}), fc.array(fc.tuple(fc.constantFrom('DisruptionTarget', 'ConfigIssue'), fc.constantFrom('True', 'False')), {maxLength: 2}), (rules, containers, conds) => {
				const m = matchPodFailurePolicy(jobWith(rules), failedPod(containers, [], conds));
				expect(m.counts).toBe(m.action !== 'Ignore');
				expect(m.failJobMessage !== undefined).toBe(m.action === 'FailJob');
			}),
		);
	});
});
