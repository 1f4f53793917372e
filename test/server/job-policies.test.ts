// The real kubectl against Jobs with failure and success policies: the documentation's manifests
// applied, settled on the virtual clock, then read back with get -o yaml, get and describe, and a
// policy the API server refuses (needs /usr/bin/kubectl: skipped with the reason outside CI,
// failed in CI).
import {afterAll, beforeAll, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import type {Job} from '../../source/cluster/types.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from './run-kubectl.js';

const finished = (j: Job | undefined) => !!j?.status?.conditions?.some(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

describeWithTool(kubectlTool, 'kubectl and Job policies', () => {
	let cluster: Cluster;
	let server: KubeApiServer;
	let dir: string;

	beforeAll(async () => {
		cluster = createCluster({nodes: 3, seed: 7});
		server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		dir = mkdtempSync(join(tmpdir(), 'kubesim-jobs-'));
		writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	});

	afterAll(async () => {
		await server?.close();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	const kubectl = (...args: string[]) => runKubectl(dir, args);
	const settle = (name: string) => {
		for (let i = 0; i < 600 && !finished(cluster.find<Job>('Job', 'default', name)); i++) cluster.advance(1000);
	};

	it('runs job-backoff-limit-per-index-example to the failed and completed indexes the task page shows', async () => {
		const applied = await kubectl('apply', '-f', 'test/fixtures/website/controllers/job-backoff-limit-per-index-example.yaml');
		expect(applied.stderr).toBe('');
		expect(applied.stdout).toBe('job.batch/job-backoff-limit-per-index-example created\n');
		settle('job-backoff-limit-per-index-example');

		const yaml = await kubectl('get', 'job', 'job-backoff-limit-per-index-example', '-o', 'yaml');
		expect(yaml.stderr).toBe('');
		const status = yaml.stdout.slice(yaml.stdout.indexOf('\nstatus:\n'));
		expect(status).toContain('\n  completedIndexes: 1,3,5,7,9\n');
		expect(status).toContain('\n  failedIndexes: 0,2,4,6,8\n');
		expect(status).toContain('\n  failed: 10\n');
		expect(status).toContain('\n  succeeded: 5\n');
		expect(status).toMatch(/\n {2}- lastProbeTime: "\S+"\n {4}lastTransitionTime: "\S+"\n {4}message: Job has failed indexes\n {4}reason: FailedIndexes\n {4}status: "True"\n {4}type: FailureTarget\n/);
		expect(status).toMatch(/\n {4}message: Job has failed indexes\n {4}reason: FailedIndexes\n {4}status: "True"\n {4}type: Failed\n/);
		expect(yaml.stdout).toContain('\n  backoffLimit: 2147483647\n');
		expect(yaml.stdout).toContain('\n  backoffLimitPerIndex: 1\n');
		expect(yaml.stdout).toContain('\n  maxFailedIndexes: 5\n');

		const listed = await kubectl('get', 'jobs');
		expect(listed.stdout.split('\n')[1]).toMatch(/^job-backoff-limit-per-index-example\s+Failed\s+5\/10\s+\S+\s+\S+$/);

		const pods = await kubectl('get', 'pods', '-l', 'batch.kubernetes.io/job-completion-index=0', '-o', "jsonpath={range .items[*]}{.metadata.annotations.batch\\.kubernetes\\.io/job-index-failure-count}{' '}{.spec.hostname}{'\\n'}{end}");
		expect(pods.stdout.split('\n').filter(Boolean).sort()).toEqual(['0 job-backoff-limit-per-index-example-0', '1 job-backoff-limit-per-index-example-0']);
	});

	it('fails job-pod-failure-policy-failjob with reason PodFailurePolicy and the rule in its message', async () => {
		const applied = await kubectl('create', '-f', 'test/fixtures/website/controllers/job-pod-failure-policy-failjob.yaml');
		expect(applied.stdout).toBe('job.batch/job-pod-failure-policy-failjob created\n');
		settle('job-pod-failure-policy-failjob');
		const conds = await kubectl('get', 'job', 'job-pod-failure-policy-failjob', '-o', "jsonpath={range .status.conditions[*]}{.type}={.reason}: {.message}{'\\n'}{end}");
		const lines = conds.stdout.split('\n').filter(Boolean);
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^FailureTarget=PodFailurePolicy: Container main for pod default\/job-pod-failure-policy-failjob-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
		expect(lines[1]).toBe(lines[0]!.replace('FailureTarget=', 'Failed='));
		const events = await kubectl('get', 'events', '--field-selector', 'involvedObject.kind=Job,reason=PodFailurePolicy', '-o', 'jsonpath={.items[*].type}');
		expect(events.stdout).toBe('Warning');
	});

	it('completes job-success with reason SuccessPolicy once index 2 has succeeded', async () => {
		const applied = await kubectl('apply', '-f', 'test/fixtures/website/controllers/job-success-policy.yaml');
		expect(applied.stderr).toBe('');
		expect(applied.stdout).toBe('job.batch/job-success created\n');
		settle('job-success');
		const conds = await kubectl('get', 'job', 'job-success', '-o', "jsonpath={range .status.conditions[*]}{.type}={.reason}: {.message}{'\\n'}{end}{.status.completedIndexes}");
		expect(conds.stdout).toBe('SuccessCriteriaMet=SuccessPolicy: Matched rules at index 0\nComplete=SuccessPolicy: Matched rules at index 0\n2');
		const listed = await kubectl('get', 'job', 'job-success');
		expect(listed.stdout.split('\n')[1]).toMatch(/^job-success\s+Complete\s+1\/10\s+0s\s+\S+$/); // the python image is on the nodes already
	});

	it('refuses a podFailurePolicy with restartPolicy OnFailure with the API server\'s words', async () => {
		const file = join(dir, 'bad.yaml');
		writeFileSync(
			file,
			`apiVersion: batch/v1
kind: Job
metadata:
  name: bad
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: main
        image: busybox:1.36
  podFailurePolicy:
    rules:
    - action: FailIndex
      onExitCodes:
        operator: In
        values: [1]
`,
		);
		const refused = await kubectl('apply', '-f', file);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe(
			'The Job "bad" is invalid: \n' +
				'* spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set\n' +
				'* spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified\n',
		);
		expect(cluster.find('Job', 'default', 'bad')).toBeUndefined();
	});
});
