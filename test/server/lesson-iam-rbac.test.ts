// The lesson iam-rbac played with the real kubectl against the eks profile served: aws-auth
// patched to map jane's IAM user, jane (kubectl --as) forbidden until a Role and RoleBinding let
// her list the Pods of dev, then her group bound to edit, and she scales a Deployment. And the
// kubectl create lines w offers for a Forbidden request, typed into kubectl, allow it.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {join} from 'node:path';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {loadCourse} from '../../source/learn/course.js';
import {accessRequest, stepDone, type ObjectReader} from '../../source/learn/check.js';
import {runKubectl} from './run-kubectl.js';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {describeWithTool, kubectlTool} from '../tools.js';

const lesson = loadCourse('lessons').find(l => l.id === 'iam-rbac')!;
const JANE = 'arn:aws:iam::111122223333:user/jane';
let cluster: Cluster;
let server: KubeApiServer;
let dir: string;

const reader = (): ObjectReader => ({
	list: (kind, opts) => cluster.list(kind, opts ?? {}),
	get: (kind, ns, name) => cluster.find(kind, ns, name),
	allows: access => {
		const {user, attrs} = accessRequest(access);
		return cluster.authorize(user, attrs).allowed;
	},
});
const done = (i: number) => stepDone(lesson.steps[i]!, reader());

async function kubectl(...args: string[]) {
	return runKubectl(dir, args);
}
async function ok(...args: string[]): Promise<string> {
	const r = await kubectl(...args);
	if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
	return r.stdout;
}

describeWithTool(kubectlTool, 'the iam-rbac lesson with the real kubectl', () => {
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'kubesim-lesson-'));
		cluster = createCluster({profile: 'eks', seed: 7, startTime: Date.now()});
		cluster.advance(30_000);
		server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
		const r = await runKubectl(dir, ['apply', '-f', '-'], lesson.manifests);
		expect(r.stdout).toBe('namespace/dev created\ndeployment.apps/web created\n');
	});

	afterAll(async () => {
		await server?.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it('plays every step to its end', async () => {
		// step 1: aws-auth maps the IAM user to jane (the 401 before it is in test/server/iam.test.ts)
		expect(done(0)).toBe(false);
		await ok('patch', 'configmap', 'aws-auth', '-n', 'kube-system', '--type', 'merge', '-p', JSON.stringify({data: {mapUsers: `- userarn: ${JANE}\n  username: jane\n`}}));
		expect(done(0)).toBe(true);
		expect(await ok('get', 'cm', 'aws-auth', '-n', 'kube-system', '-o', 'jsonpath={.data.mapUsers}')).toBe(`- userarn: ${JANE}\n  username: jane\n`);
		let r = await kubectl('get', 'pods', '-n', 'dev', '--as', 'jane');
		expect(r.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "dev"');

		// step 2: a Role and a RoleBinding, as the hint types them
		r = await kubectl('auth', 'can-i', 'list', 'pods', '-n', 'dev', '--as', 'jane');
		expect([r.code, r.stdout.trim()]).toEqual([1, 'no']);
		expect(done(1)).toBe(false);
		expect(await ok('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', 'dev')).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
		expect(await ok('create', 'rolebinding', 'jane-pod-reader', '--role=pod-reader', '--user=jane', '-n', 'dev')).toBe('rolebinding.rbac.authorization.k8s.io/jane-pod-reader created\n');
		expect((await ok('auth', 'can-i', 'list', 'pods', '-n', 'dev', '--as', 'jane')).trim()).toBe('yes');
		expect(done(1)).toBe(true);
		expect((await ok('get', 'pods', '-n', 'dev', '--as', 'jane', '-o', 'name')).trim().split('\n').length).toBe(2);
		r = await kubectl('scale', 'deployment', 'web', '-n', 'dev', '--replicas=3', '--as', 'jane');
		// kubectl scale reads the Deployment first, and words the refusal so
		expect(r.stderr.trim()).toBe('error: no objects passed to scale deployments.apps "web" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "dev"');

		// step 3: her group through aws-auth, bound to edit in dev
		expect(done(2)).toBe(false);
		await ok('patch', 'configmap', 'aws-auth', '-n', 'kube-system', '--type', 'merge', '-p', JSON.stringify({data: {mapUsers: `- userarn: ${JANE}\n  username: jane\n  groups:\n  - dev-team\n`}}));
		expect(done(2)).toBe(false);
		await ok('create', 'rolebinding', 'dev-team-edit', '--clusterrole=edit', '--group=dev-team', '-n', 'dev');
		expect(done(2)).toBe(true);
		expect(await ok('scale', 'deployment', 'web', '-n', 'dev', '--replicas=3', '--as', 'jane', '--as-group', 'dev-team')).toBe('deployment.apps/web scaled\n');
	});

	it('the kubectl create lines of w on a Forbidden request do what they say', async () => {
		const client = new EmbeddedClient(cluster, {paused: true});
		try {
			client.actAs({username: 'sam', groups: []});
			const ask = {verb: 'list', kind: 'ConfigMap', namespace: 'dev'};
			const commands = client.forbiddenWhy(ask)!.flatMap(f => f.fixes ?? []).filter(f => f.message === 'why.forbidden.fix.newRole' || f.message === 'why.forbidden.fix.bindNew').map(f => String(f.values!.command));
			expect(commands).toEqual(['kubectl create role sam-list-configmaps --verb=list --resource=configmaps --namespace=dev', 'kubectl create rolebinding sam-list-configmaps --role=sam-list-configmaps --user=sam --namespace=dev']);
			expect((await kubectl('auth', 'can-i', 'list', 'configmaps', '-n', 'dev', '--as', 'sam')).stdout.trim()).toBe('no');
			for (const c of commands) await ok(...c.split(' ').slice(1));
			expect((await ok('auth', 'can-i', 'list', 'configmaps', '-n', 'dev', '--as', 'sam')).trim()).toBe('yes');
			expect((await kubectl('auth', 'can-i', 'delete', 'configmaps', '-n', 'dev', '--as', 'sam')).stdout.trim()).toBe('no');
			expect(client.forbiddenWhy(ask)![0]).toMatchObject({level: 'ok', lines: ['RBAC: allowed by RoleBinding "sam-list-configmaps/dev" of Role "sam-list-configmaps" to User "sam"']});
		} finally {
			client.close();
		}
	});
});
