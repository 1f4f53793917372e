// End to end: the real kubectl against the API server over a simulated cluster driven in real
// time (speed 20). Needs /usr/bin/kubectl: skipped with the reason outside CI, failed in CI.
import {afterAll, beforeAll, expect, it, onTestFinished} from 'vitest';
import {spawn} from 'node:child_process';
import {KUBECTL, kubectlEnv, runKubectl} from './run-kubectl.js';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster, type Driver, type Pod} from '../../source/cluster/index.js';
import {realTimeHost} from '../../source/client/host.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {REVISION} from '../../source/cluster/core/templates.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {untilSimulated} from '../wait.js';

let cluster: Cluster;
let driver: Driver;
let server: KubeApiServer;
let dir: string;

const kubectl = (...args: string[]) => runKubectl(dir, args);

async function ok(...args: string[]): Promise<string> {
	const r = await kubectl(...args);
	if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
	return r.stdout;
}

const until = (what: string, done: () => boolean) => untilSimulated(cluster, driver, what, done);

const webPods = () => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'});
const running = (p: Pod) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp;

describeWithTool(kubectlTool, 'kubectl against kubesim serve', () => {
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'kubesim-kubectl-'));
		cluster = createCluster({nodes: 3, seed: 1});
		driver = cluster.drive(realTimeHost, 20);
		server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	});

	afterAll(async () => {
		driver?.stop();
		await server?.close();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('applies the demo manifests: created, then unchanged, then configured', async () => {
		const first = await ok('apply', '-f', 'manifests/');
		expect(first).toContain('namespace/batch created');
		expect(first).toContain('deployment.apps/web created');
		expect(first).toContain('service/web created');
		await until('3 running web pods', () => webPods().filter(running).length === 3);
		const second = await ok('apply', '-f', 'manifests/');
		expect(second).toContain('deployment.apps/web unchanged');
		expect(second).not.toContain('configured');
		const changed = join(dir, 'web.yaml');
		writeFileSync(changed, readFileSync('manifests/20-web.yaml', 'utf8').replace('replicas: 3', 'replicas: 4'));
		const third = await ok('apply', '-f', changed);
		expect(third).toContain('deployment.apps/web configured');
		expect(third).toContain('service/web unchanged');
		await until('4 running web pods', () => webPods().filter(running).length === 4);
	});

	it('a patch that changes nothing is "patched (no change)" and keeps the resourceVersion', async () => {
		const before = cluster.get('ConfigMap', 'default', 'shop-config').metadata.resourceVersion;
		expect(await ok('patch', 'configmap', 'shop-config', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"config"}}}')).toBe('configmap/shop-config patched\n');
		const after = cluster.get('ConfigMap', 'default', 'shop-config').metadata.resourceVersion;
		expect(after).not.toBe(before);
		expect(await ok('patch', 'configmap', 'shop-config', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"config"}}}')).toBe('configmap/shop-config patched (no change)\n');
		expect(cluster.get('ConfigMap', 'default', 'shop-config').metadata.resourceVersion).toBe(after);
	});

	it('gets pods as kubectl prints them', async () => {
		const pods = await ok('get', 'pods');
		expect(pods.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
		expect(pods).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s/);
		const all = await ok('get', 'pods', '-A');
		expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY/);
		expect(all).toMatch(/kube-system\s+coredns-/);
		const wide = await ok('get', 'pods', '-o', 'wide');
		expect(wide.split('\n')[0]).toMatch(/IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
		expect(wide).toMatch(/10\.244\.\d+\.\d+\s+kubesim-worker/);
		const labelled = await ok('get', 'pods', '-l', 'app=web');
		expect(labelled.trim().split('\n').length).toBe(1 + 4);
		expect(labelled).not.toContain('api-');
		const yaml = await ok('get', 'deploy', 'web', '-o', 'yaml');
		expect(yaml).toContain('kind: Deployment');
		expect(yaml).toContain('name: web');
		expect(yaml).toContain('image: nginx:1.27');
	});

	it('describes pods, deployments and nodes', async () => {
		const pod = webPods().find(running)!.metadata.name;
		const dp = await ok('describe', 'pod', pod);
		expect(dp).toMatch(new RegExp(`^Name:\\s+${pod}`, 'm'));
		expect(dp).toMatch(/Status:\s+Running/);
		expect(dp).toMatch(/Normal\s+Scheduled/);
		const dd = await ok('describe', 'deployment', 'web');
		expect(dd).toMatch(/Replicas:\s+4 desired \| 4 updated \| 4 total \| 4 available \| 0 unavailable/);
		expect(dd).toMatch(/NewReplicaSet:\s+web-/);
		const dn = await ok('describe', 'node', 'kubesim-worker');
		expect(dn).toMatch(/^Name:\s+kubesim-worker$/m);
		expect(dn).toMatch(/HolderIdentity:\s+kubesim-worker/);
		expect(dn).toContain('Non-terminated Pods:');
	});

	it('reads logs and metrics', async () => {
		const pod = webPods().find(running)!.metadata.name;
		const logs = await ok('logs', pod, '--tail=5');
		expect(logs.trim().split('\n').length).toBe(5);
		await until('pod metrics', () => cluster.containerUsage('default', pod) !== undefined);
		const top = await ok('top', 'pods');
		expect(top.split('\n')[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
		expect(top).toMatch(new RegExp(`${pod}\\s+\\d+m\\s+\\d+Mi`));
		const nodes = await ok('top', 'nodes');
		expect(nodes).toMatch(/kubesim-worker\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
	});

	it('scales, updates, rolls back and restarts a deployment', async () => {
		expect(await ok('scale', 'deployment', 'web', '--replicas=5')).toBe('deployment.apps/web scaled\n');
		expect(await ok('set', 'image', 'deployment/web', 'web=nginx:1.28')).toBe('deployment.apps/web image updated\n');
		const status = await ok('rollout', 'status', 'deployment/web', '--timeout=50s');
		expect(status).toContain('deployment "web" successfully rolled out');
		const history = await ok('rollout', 'history', 'deployment/web');
		expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
		expect(history).toMatch(/^1\s+/m);
		expect(history).toMatch(/^2\s+/m);
		expect(await ok('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
		await ok('rollout', 'status', 'deployment/web', '--timeout=50s');
		expect(cluster.get('Deployment', 'default', 'web').spec.template.spec.containers[0].image).toBe('nginx:1.27');
		// the old ReplicaSet is adopted again (revision 1 becomes 3), no new one is made
		expect(cluster.list('ReplicaSet', {namespace: 'default', labelSelector: 'app=web'}).length).toBe(2);
		expect(await ok('rollout', 'restart', 'deployment/web')).toBe('deployment.apps/web restarted\n');
		await ok('rollout', 'status', 'deployment/web', '--timeout=50s');
		const after = await ok('rollout', 'history', 'deployment/web');
		expect(after).toMatch(/^4\s+/m);
	});

	it('cordons and drains a node', async () => {
		expect(await ok('cordon', 'kubesim-worker3')).toBe('node/kubesim-worker3 cordoned\n');
		expect(await ok('get', 'nodes')).toMatch(/kubesim-worker3\s+Ready,SchedulingDisabled/);
		const drain = await kubectl('drain', 'kubesim-worker3', '--ignore-daemonsets', '--timeout=50s');
		expect(drain.stderr + drain.stdout).toContain('node/kubesim-worker3 drained');
		expect(drain.code).toBe(0);
		const left = cluster.list('Pod', {fieldSelector: 'spec.nodeName=kubesim-worker3'}).filter(p => !p.metadata.ownerReferences?.some(o => o.kind === 'DaemonSet'));
		expect(left).toEqual([]);
	});

	it('taints a node and takes the taints off again (the list is replaced whole)', async () => {
		const taints = () => cluster.get('Node', undefined, 'kubesim-worker2').spec?.taints;
		expect(await ok('taint', 'node', 'kubesim-worker2', 'dedicated=gpu:NoSchedule', 'spot:PreferNoSchedule')).toBe('node/kubesim-worker2 tainted\n');
		expect(taints()).toEqual([
			{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'},
			{key: 'spot', effect: 'PreferNoSchedule'},
		]);
		expect(await ok('taint', 'node', 'kubesim-worker2', 'spot:PreferNoSchedule-')).toBe('node/kubesim-worker2 untainted\n');
		expect(taints()).toEqual([{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]);
		expect(await ok('taint', 'node', 'kubesim-worker2', 'dedicated-')).toBe('node/kubesim-worker2 untainted\n');
		expect(taints()).toBeUndefined();
	});

	it('creates namespaces, configmaps and secrets from protobuf bodies', async () => {
		expect(await ok('create', 'namespace', 'shop')).toBe('namespace/shop created\n');
		expect(await ok('create', 'configmap', 'cm1', '--from-literal=a=b', '-n', 'shop')).toBe('configmap/cm1 created\n');
		expect(await ok('create', 'secret', 'generic', 's1', '--from-literal=pw=x', '-n', 'shop')).toBe('secret/s1 created\n');
		expect(cluster.get('ConfigMap', 'shop', 'cm1').data).toEqual({a: 'b'});
		expect(cluster.get('Secret', 'shop', 's1').data).toEqual({pw: Buffer.from('x').toString('base64')});
	});

	it('creates deployments, services and the rest from protobuf bodies', async () => {
		expect(await ok('create', 'deployment', 'hello', '--image=nginx:1.27', '--replicas=2', '--port=80')).toBe('deployment.apps/hello created\n');
		const d = cluster.get('Deployment', 'default', 'hello');
		expect(d.spec.replicas).toBe(2);
		expect(d.spec.selector).toEqual({matchLabels: {app: 'hello'}});
		expect(d.spec.template.spec.containers[0]).toMatchObject({name: 'nginx', image: 'nginx:1.27', ports: [{containerPort: 80}]});
		expect(await ok('create', 'service', 'clusterip', 'hello', '--tcp=80:80')).toBe('service/hello created\n');
		const s = cluster.get('Service', 'default', 'hello');
		expect(s.spec.type).toBe('ClusterIP');
		expect(s.spec.selector).toEqual({app: 'hello'});
		expect(s.spec.ports).toEqual([expect.objectContaining({name: '80-80', protocol: 'TCP', port: 80, targetPort: 80})]);
		expect(await ok('create', 'namespace', 'team-a')).toBe('namespace/team-a created\n');
		expect(await ok('create', 'configmap', 'cfg', '--from-literal=a=1', '-n', 'team-a')).toBe('configmap/cfg created\n');
		expect(await ok('create', 'secret', 'generic', 's', '--from-literal=p=x', '-n', 'team-a')).toBe('secret/s created\n');
		expect(cluster.get('ConfigMap', 'team-a', 'cfg').data).toEqual({a: '1'});
		expect(cluster.get('Secret', 'team-a', 's').data).toEqual({p: Buffer.from('x').toString('base64')});
		expect(await ok('create', 'serviceaccount', 'robot', '-n', 'team-a')).toBe('serviceaccount/robot created\n');
		expect(await ok('create', 'pdb', 'hello', '--selector=app=hello', '--min-available=1')).toBe('poddisruptionbudget.policy/hello created\n');
		expect(cluster.get('PodDisruptionBudget', 'default', 'hello').spec).toEqual({minAvailable: 1, selector: {matchLabels: {app: 'hello'}}});
		expect(await ok('create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi')).toBe('job.batch/once created\n');
		expect(cluster.get('Job', 'default', 'once').spec.template.spec.containers[0].command).toEqual(['echo', 'hi']);
		expect(await ok('create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *')).toBe('cronjob.batch/tick created\n');
		expect(cluster.get('CronJob', 'default', 'tick').spec.schedule).toBe('*/5 * * * *');
	});

	it('deletes a pod and reports missing ones like the real server', async () => {
		const pod = webPods().find(running)!.metadata.name;
		expect(await ok('delete', 'pod', pod)).toBe(`pod "${pod}" deleted\n`);
		expect(cluster.find('Pod', 'default', pod)).toBeUndefined();
		const missing = await kubectl('get', 'pods', 'nope');
		expect(missing.code).toBe(1);
		expect(missing.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
	});

	it('streams: get -w until an event arrives, and logs -f with --tail', async () => {
		/**
		 * kubectl with these arguments until its output satisfies `until` (failing if it exits
		 * first); `ready` resolves once its standard error satisfies `started`.
		 */
		const stream = (args: string[], until: (out: string) => boolean, started: (err: string) => boolean = () => true) => {
			const child = spawn(KUBECTL, args, {env: kubectlEnv(dir)});
			onTestFinished(() => {
				child.kill();
			});
			let out = '';
			let err = '';
			const matched = new Promise<string>((resolve, reject) => {
				child.stdout.on('data', d => {
					out += String(d);
					if (until(out)) {
						child.kill();
						resolve(out);
					}
				});
				child.on('exit', code => reject(new Error(`kubectl ${args.join(' ')} exited (${code}) before printing a match; got:\n${out}${err}`)));
			});
			const ready = () =>
				new Promise<void>((resolve, reject) => {
					if (started(err)) resolve();
					child.stderr.on('data', () => started(err) && resolve());
					matched.catch(reject);
				});
			child.stderr.on('data', d => (err += String(d)));
			return {matched, ready};
		};
		// a watch sees the pods of a new deployment come and change; -v=6 logs kubectl's requests
		// on stderr, so the watch's 200 OK says it is watching (from its list's resourceVersion)
		const watched = stream(['get', 'pods', '-w', '-l', 'app=watched', '-v=6'], out => /watched-[a-z0-9]+-[a-z0-9]{5}\s+\S+\s+Running/.test(out), err => /pods\?labelSelector=app%3Dwatched&resourceVersion=\d+&watch=true 200 OK/.test(err));
		await watched.ready();
		await ok('create', 'deployment', 'watched', '--image=nginx:1.27');
		const w = await watched.matched;
		expect(w).toMatch(/watched-[a-z0-9]+-[a-z0-9]{5}\s+0\/1\s+(Pending|ContainerCreating)/);
		// follow a web pod's access log: the last 2 lines first, then new ones as traffic arrives
		const pod = webPods().find(running)!.metadata.name;
		const followed = await stream(['logs', '-f', '--tail=2', pod], out => out.trim().split('\n').length >= 5).matched;
		expect(followed).toMatch(/"GET \/\S* HTTP\/1\.1" \d{3}/);
	});

	it('applies server-side: creates when absent, then updates the fields it owns', async () => {
		const file = join(dir, 'ssa.yaml');
		writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
		expect(await ok('apply', '--server-side', '-f', file)).toContain('configmap/ssa serverside-applied');
		writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n');
		expect(await ok('apply', '--server-side', '-f', file)).toContain('configmap/ssa serverside-applied');
		expect(cluster.get('ConfigMap', 'default', 'ssa').data).toEqual({a: '2'});
	});
});
