// Manifests of kubernetes/website content/en/examples/, each applied with the real kubectl in a
// namespace of its own: what kubectl answers (created, or the exact refusal), and the state the
// cluster settles in, as a real 1.32 kind cluster (three workers and a tainted control plane,
// no internet) settles.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {describeWithTool, kubectlTool} from '../../tools.js';
import {EX, rows, startTutorial, type Tutorial} from './tutorial.js';

interface Case {
	file: string;
	/** kubectl apply's stdout, or its stderr when it refuses (then `code` is 1, and the manifest goes in twice: first created, then refused). */
	answer: string;
	code?: number;
	/** Settled state: `kubectl get` of these, without AGE. */
	get: string[];
	state: string[][];
	/** Logs to check after settling: pod (or type/name) and the exact text. */
	logs?: [string, string];
	/** An event of the namespace, `reason: message`, that must have been recorded. */
	event?: string;
}

const CASES: Case[] = [
	{file: 'pods/simple-pod.yaml', answer: 'pod/nginx created\n', get: ['pod', 'nginx'], state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['nginx', '1/1', 'Running', '0']]},
	{
		file: 'pods/pod-nginx.yaml',
		answer: 'pod/nginx created\n',
		get: ['pod', 'nginx'],
		state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['nginx', '0/1', 'Pending', '0']],
		event: "FailedScheduling: 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
	},
	{file: 'pods/pod-with-toleration.yaml', answer: 'pod/nginx created\n', get: ['pod', 'nginx'], state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['nginx', '1/1', 'Running', '0']]},
	{
		file: 'pods/commands.yaml',
		answer: 'pod/command-demo created\n',
		get: ['pod', 'command-demo'],
		state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['command-demo', '0/1', 'Completed', '0']],
		logs: ['command-demo', 'command-demo\ntcp://10.96.0.1:443\n'],
	},
	{file: 'pods/two-container-pod.yaml', answer: 'pod/two-containers created\n', get: ['pod', 'two-containers'], state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['two-containers', '1/2', 'NotReady', '0']]},
	{file: 'pods/security/security-context.yaml', answer: 'pod/security-context-demo created\n', get: ['pod', 'security-context-demo'], state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['security-context-demo', '1/1', 'Running', '0']]},
	{
		file: 'controllers/job.yaml',
		answer: 'job.batch/pi created\n',
		get: ['job', 'pi'],
		state: [['NAME', 'STATUS', 'COMPLETIONS', 'DURATION'], ['pi', 'Complete', '1/1', expect.stringMatching(/^\d+s$/) as unknown as string]],
	},
	{
		file: 'application/nginx-app.yaml',
		answer: 'service/my-nginx-svc created\ndeployment.apps/my-nginx created\n',
		get: ['deployment', 'my-nginx'],
		state: [['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE'], ['my-nginx', '3/3', '3', '3']],
	},
	{file: 'service/nginx-service.yaml', answer: 'service/nginx-service created\n', get: ['endpoints', 'nginx-service'], state: [['NAME', 'ENDPOINTS'], ['nginx-service', '<none>']]},
	{
		file: 'policy/zookeeper-pod-disruption-budget-minavailable.yaml',
		answer: 'poddisruptionbudget.policy/zk-pdb created\n',
		get: ['pdb', 'zk-pdb'],
		state: [['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS'], ['zk-pdb', '2', 'N/A', '0']],
	},
	{
		file: 'pods/simple-pod.yaml',
		// `create` of what exists is refused; apply would have answered "unchanged"
		answer: 'Error from server (AlreadyExists): error when creating "test/fixtures/website/pods/simple-pod.yaml": pods "nginx" already exists\n',
		code: 1,
		get: ['pod', 'nginx'],
		state: [['NAME', 'READY', 'STATUS', 'RESTARTS'], ['nginx', '1/1', 'Running', '0']],
	},
	{
		file: 'controllers/daemonset.yaml',
		// the manifest names kube-system: kubectl itself refuses another namespace
		answer: 'error: the namespace from the provided object "kube-system" does not match the namespace "case-11". You must pass \'--namespace=kube-system\' to perform this operation.\n',
		code: 1,
		get: ['daemonsets', '-A', '-l', 'k8s-app=fluentd-logging'],
		state: [[]],
	},
];

describeWithTool(kubectlTool, "the website's manifests applied with kubectl", () => {
	let t: Tutorial;
	beforeAll(async () => {
		t = await startTutorial(9);
	});
	afterAll(async () => {
		await t?.close();
	});

	CASES.forEach((c, i) => {
		it(c.code ? `${c.file} (refused)` : c.file, async () => {
			const ns = `case-${i}`;
			await t.kubectl('create', 'namespace', ns);
			if (c.code && c.file.startsWith('pods/')) await t.kubectl('create', '-n', ns, '-f', `${EX}/${c.file}`);
			const applied = await t.kubectl(c.code ? 'create' : 'apply', '-n', ns, '-f', `${EX}/${c.file}`);
			expect([applied.code, c.code ? applied.stderr : applied.stdout]).toEqual([c.code ?? 0, c.answer]);
			t.settle(60_000);
			const got = await t.kubectl('get', '-n', ns, ...c.get);
			expect(rows(got.stdout)).toEqual(c.state);
			if (c.logs) expect((await t.kubectl('logs', '-n', ns, c.logs[0])).stdout).toBe(c.logs[1]);
			if (c.event) {
				const events = (await t.kubectl('get', 'events', '-n', ns, '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}')).stdout.trim().split('\n');
				expect(events).toContain(c.event);
			}
		});
	});
});
