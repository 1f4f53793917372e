// End to end: lessons played with the real kubectl against kubesim serve, on the demo cluster a
// learner has, with the very commands their hints give (x on a node, a simulator power, is the
// cluster's own call). Each step is not done before its
// command and is found done after it, by the lesson's own checks on the cluster. The DNS
// answers the Service lesson tells of are asked from a busybox Pod with kubectl exec.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runKubectl} from './run-kubectl.js';
import {serveDemo, type Served} from '../served.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {untilSimulated} from '../wait.js';
import {loadCourse} from '../../source/learn/course.js';
import {stepDone, type ObjectReader} from '../../source/learn/check.js';
import type {Lesson} from '../../source/learn/lesson.js';
import type {Pod, ResourceQuota, Service} from '../../source/cluster/types.js';

let served: Served;
const course = loadCourse('lessons');
const dir = () => served.kubeconfig.replace(/\/kubeconfig$/, '');

async function ok(args: string[], input?: string): Promise<string> {
	const r = await runKubectl(dir(), args, input);
	if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
	return r.stdout;
}

const reader = (): ObjectReader => ({list: (kind, opts) => served.cluster.list(kind, opts ?? {}), get: (kind, ns, name) => served.cluster.find(kind, ns, name)});
const until = (what: string, done: () => boolean) => untilSimulated(served.cluster, served.driver!, what, done);

/** Starts a lesson as :learn does (its manifests applied), then does each step with kubectl. */
async function play(id: string, steps: Array<() => Promise<unknown>>): Promise<Lesson> {
	const lesson = course.find(l => l.id === id)!;
	expect(steps).toHaveLength(lesson.steps.length);
	if (lesson.manifests) served.cluster.apply(lesson.manifests, lesson.source);
	for (const [i, step] of lesson.steps.entries()) {
		expect(stepDone(step, reader()), `${id} step ${i + 1} before`).toBe(false);
		await steps[i]!();
		await until(`${id} step ${i + 1} done`, () => stepDone(step, reader()));
	}
	return lesson;
}

/**
 * A busybox Pod to ask DNS from, as the Service lesson's introduction starts one; on
 * kubesim-worker2, so that the DaemonSet lesson's drain meets a Pod without a controller there.
 */
async function dnsPod(): Promise<void> {
	if (!served.cluster.find('Pod', 'default', 'dns')) await ok(['run', 'dns', '--image=busybox:1.36', '--overrides={"spec":{"nodeName":"kubesim-worker2"}}', '--', 'sleep', '3600']);
	await until('the dns Pod Running', () => served.cluster.find<Pod>('Pod', 'default', 'dns')?.status?.phase === 'Running');
}

describeWithTool(kubectlTool, 'lessons with kubectl against kubesim serve', () => {
	beforeAll(async () => {
		served = await serveDemo({seed: 12, speed: 20});
	});

	afterAll(async () => {
		await served?.close();
	});

	it('containers: an image update, a second Pod from an image already there, and an image that outlives its Pods', async () => {
		await play('containers', [
			() => ok(['set', 'image', 'deployment/layers', 'nginx=nginx:1.27-alpine-perl']),
			() => ok(['scale', 'deployment/layers', '--replicas=2']),
			() => ok(['delete', 'deployment', 'layers']),
		]);
		const node = JSON.parse(await ok(['get', 'node', 'kubesim-worker2', '-o', 'json']));
		expect(node.status.images.flatMap((i: {names: string[]}) => i.names)).toContain('docker.io/library/nginx:1.27-alpine-perl');
	});

	it('control-plane: a Deployment, a Pod that skips the scheduler, and a node that stops and comes back', async () => {
		await play('control-plane', [
			() => ok(['create', 'deployment', 'hello', '--image=nginx:1.27', '--replicas=3']),
			() => ok(['run', 'manual', '--image=nginx:1.27', '--overrides={"spec":{"nodeName":"kubesim-worker3"}}']),
			// x on the node in :nodes: a simulator power, which kubectl does not have
			async () => served.cluster.failNode('kubesim-worker3'),
			async () => served.cluster.recoverNode('kubesim-worker3'),
		]);
		const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=manual', '-o', 'jsonpath={.items[*].reason}']);
		expect(events.split(' ')).not.toContain('Scheduled');
		expect(events.split(' ')).toContain('Started');
	});

	it('statefulset: ordered Pods with claims of their own, a Pod that comes back as itself, claims kept', async () => {
		await play('statefulset', [
			() => ok(['scale', 'statefulset/cache', '--replicas=3']),
			() => ok(['delete', 'pod', 'cache-1']),
			() => ok(['scale', 'statefulset/cache', '--replicas=1']),
		]);
		expect(await ok(['get', 'pvc', '-l', 'app=cache', '-o', 'jsonpath={.items[*].metadata.name}'])).toBe('data-cache-0 data-cache-1 data-cache-2');
		// the stable DNS name of the Pod that is left, under the headless Service
		await dnsPod();
		const ip = served.cluster.get<Pod>('Pod', 'default', 'cache-0').status!.podIP!;
		for (const name of ['cache-0.cache', 'cache-0.cache.default.svc.cluster.local']) expect((await ok(['exec', 'dns', '--', 'nslookup', name])).endsWith(`Name:\tcache-0.cache.default.svc.cluster.local\nAddress: ${ip}\n\n`), name).toBe(true);
		const gone = await runKubectl(dir(), ['exec', 'dns', '--', 'nslookup', 'cache-2.cache']);
		expect(gone.stdout).toContain("** server can't find cache-2.cache: NXDOMAIN");
	});

	it('service-types: LoadBalancer, a headless Service and ExternalName, and the names DNS gives', async () => {
		await dnsPod();
		const lookup = (name: string) => runKubectl(dir(), ['exec', 'dns', '--', 'nslookup', name]);
		await play('service-types', [
			() => ok(['patch', 'svc', 'shop', '-p', '{"spec":{"type":"LoadBalancer"}}']),
			async () => {
				const out = await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop-pods\nspec:\n  clusterIP: None\n  selector: {app: shop}\n  ports: [{port: 80}]\n');
				expect(out).toBe('service/shop-pods created\n');
			},
			async () => expect(await ok(['create', 'service', 'externalname', 'db', '--external-name', 'db.example.com'])).toBe('service/db created\n'),
		]);
		const shop = served.cluster.get<Service>('Service', 'default', 'shop');
		expect(await ok(['get', 'svc', 'shop', '-o', 'jsonpath={.spec.type} {.status.loadBalancer.ingress[0].ip}'])).toBe(`LoadBalancer ${shop.status!.loadBalancer!.ingress![0]!.ip}`);

		// the Service's one cluster IP; the headless one's answer is each Ready Pod's own address
		const one = await lookup('shop');
		expect(one.stdout).toContain(`Name:\tshop.default.svc.cluster.local\nAddress: ${shop.spec!.clusterIP}\n`);
		const podIPs = served.cluster.list<Pod>('Pod', {namespace: 'default', labelSelector: 'app=shop'}).map(p => p.status!.podIP!).sort();
		expect(podIPs).toHaveLength(2);
		const each = await lookup('shop-pods');
		expect([...each.stdout.matchAll(/Name:\tshop-pods\.default\.svc\.cluster\.local\nAddress: (\S+)/g)].map(m => m[1]).sort()).toEqual(podIPs);
		const external = await lookup('db');
		expect(external.stdout).toContain('db.default.svc.cluster.local\tcanonical name = db.example.com\n');
	});

	it('jobs: the documentation\'s pi, an indexed Job, a CronJob every minute and then suspended', async () => {
		await play('jobs', [
			() => ok(['create', 'job', 'pi', '--image=perl', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(1000)']),
			() =>
				ok(
					['apply', '-f', '-'],
					'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: squares\nspec:\n  completions: 5\n  parallelism: 2\n  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: square\n        image: busybox:1.36\n        command: [sh, -c, "echo $((JOB_COMPLETION_INDEX * JOB_COMPLETION_INDEX))"]\n',
				),
			() => ok(['create', 'cronjob', 'hello', '--image=busybox:1.36', '--schedule=*/1 * * * *', '--', 'sh', '-c', 'date; echo Hello from the Kubernetes cluster']),
			() => ok(['patch', 'cronjob', 'hello', '-p', '{"spec":{"suspend":true}}']),
		]);
		const pi = await ok(['logs', 'job/pi']);
		expect(pi.startsWith('3.14159265358979323846')).toBe(true);
		// each indexed Pod printed the square of its index
		const squares = served.cluster.list<Pod>('Pod', {namespace: 'default', labelSelector: 'job-name=squares'});
		const printed = await Promise.all(squares.map(async p => [p.metadata.annotations!['batch.kubernetes.io/job-completion-index'], (await ok(['logs', p.metadata.name])).trim()]));
		expect(printed.sort()).toEqual([['0', '0'], ['1', '1'], ['2', '4'], ['3', '9'], ['4', '16']]);
		expect(await ok(['get', 'cronjob', 'hello', '-o', 'jsonpath={.spec.suspend}'])).toBe('true');
	});

	it('daemonset: the control plane tolerated, a drain that leaves the daemon, an update node by node', async () => {
		const tolerate = JSON.stringify({spec: {template: {spec: {tolerations: [{key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'}]}}}});
		await play('daemonset', [
			() => ok(['patch', 'daemonset', 'log-agent', '-p', tolerate]),
			async () => {
				// the dns Pod of the Service lessons, made by kubectl run, is on this node: drain refuses it without --force
				const refused = await runKubectl(dir(), ['drain', 'kubesim-worker2', '--ignore-daemonsets', '--delete-emptydir-data']);
				expect(refused.stderr).toContain('cannot delete Pods that declare no controller (use --force to override): default/dns');
				const out = await ok(['drain', 'kubesim-worker2', '--ignore-daemonsets', '--delete-emptydir-data', '--force']);
				expect(out).toContain('node/kubesim-worker2 drained');
			},
			() => ok(['set', 'image', 'daemonset/log-agent', 'agent=busybox:1.37']),
		]);
		expect(await ok(['uncordon', 'kubesim-worker2'])).toBe('node/kubesim-worker2 uncordoned\n');
	});

	it('namespaces: web in dev beside the demo\'s web, a quota of 3 Pods, and the namespace deleted with its contents', async () => {
		await play('namespaces', [
			async () => expect(await ok(['create', 'namespace', 'dev'])).toBe('namespace/dev created\n'),
			() => ok(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '-n', 'dev']),
			async () => {
				expect(await ok(['create', 'quota', 'pods', '-n', 'dev', '--hard=pods=3'])).toBe('resourcequota/pods created\n');
				await until('the quota counted', () => served.cluster.find<ResourceQuota>('ResourceQuota', 'dev', 'pods')?.status?.used?.pods === '2');
				await ok(['scale', 'deployment', 'web', '-n', 'dev', '--replicas=5']);
			},
			async () => {
				// the 4th Pod was refused at admission, as the explanation says
				const events = await ok(['get', 'events', '-n', 'dev', '--field-selector', 'reason=FailedCreate', '-o', 'jsonpath={.items[*].message}']);
				expect(events).toMatch(/^Error creating: pods "web-[a-z0-9]+-" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3$/);
				await ok(['delete', 'namespace', 'dev', '--wait=false']);
			},
		]);
		// the demo's web in default was never touched
		expect(served.cluster.get('Deployment', 'default', 'web').status?.readyReplicas).toBe(3);
	});
});
