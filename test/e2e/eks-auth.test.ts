// `kubesim serve --profile eks` from dist/ with the real kubectl: aws-auth as kubectl shows it,
// impersonated 403s and `auth can-i --list`, and the kubeconfig's users over HTTPS (users of
// tokens make the server answer HTTPS): the exec plugin of an IAM user and a static --user
// token, through kubectl's contexts and through Node's HTTPS client. Walks the "fix a user's
// access" path: jane's token refused, aws-auth edited with kubectl, 403, a RoleBinding, allowed.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {request} from 'node:https';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {parse} from 'yaml';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from '../server/run-kubectl.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kubesim-eks-auth-'));
const JANE = 'arn:aws:iam::111122223333:user/jane';
let child: ChildProcess;
let url: string;
let kubeconfig: any;
const kubectl = (...args: string[]) => runKubectl(dir, args);
const kubectlIn = (input: string, ...args: string[]) => runKubectl(dir, args, input);

/** The token a kubeconfig user presents: its static token, or what its exec plugin prints. */
async function tokenOf(user: string): Promise<string> {
	const u = kubeconfig.users.find((x: any) => x.name === user).user;
	if (u.token) return u.token;
	const {stdout} = await promisify(execFile)(u.exec.command, u.exec.args);
	const cred = JSON.parse(stdout);
	expect([cred.kind, cred.apiVersion, Object.keys(cred.status).sort()]).toEqual(['ExecCredential', 'client.authentication.k8s.io/v1beta1', ['expirationTimestamp', 'token']]);
	return cred.status.token;
}

/** A request as a user, over HTTPS with the CA of the kubeconfig. */
async function as(user: string, path: string, body?: unknown): Promise<{status: number; body: any}> {
	const token = user === 'carol' ? 'carol-token' : await tokenOf(user);
	const ca = Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64');
	return new Promise((res, rej) => {
		const req = request(`${url}${path}`, {method: body === undefined ? 'GET' : 'POST', ca, headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'application/json'}}, r => {
			let text = '';
			r.on('data', d => (text += d));
			r.on('end', () => res({status: r.statusCode!, body: JSON.parse(text)}));
		});
		req.on('error', rej);
		req.end(body === undefined ? undefined : JSON.stringify(body));
	});
}

const whoami = async (user: string) => (await as(user, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'})).body;

describeWithTool(kubectlTool, 'kubesim serve --profile eks: IAM users, aws-auth and RBAC', () => {
	beforeAll(async () => {
		writeFileSync(join(dir, 'tokens.csv'), 'carol-token,carol,u-carol,"dev,qa"\n');
		child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--profile', 'eks', '--port', '0', '--kubeconfig-out', join(dir, 'kubeconfig'), '--iam', JANE, '--user', 'bob:dev', '--token-auth-file', join(dir, 'tokens.csv')], {cwd: dir, env: {...process.env, XDG_CONFIG_HOME: dir}});
		let out = '';
		url = await new Promise<string>((res, rej) => {
			child.stdout!.on('data', (d: Buffer) => {
				out += d.toString();
				const m = /serving the simulated cluster at (https:\/\/\S+)/.exec(out);
				if (m && out.includes('Ctrl-C')) res(m[1]!);
			});
			child.on('exit', code => rej(new Error(`kubesim serve exited (${code}): ${out}`)));
		});
		expect(out.split('\n').slice(1, 7)).toEqual([
			`kubeconfig: ${join(dir, 'kubeconfig')}`,
			expect.stringMatching(/^certificates: .*kubesim-pki \(made the CA and serving certificate in \d+ ms\)$/),
			'the admin user has a token made for this run, in the kubeconfig',
			'  context bob: a static token of user bob in dev',
			'  context iam-admin: IAM user that created the cluster arn:aws:iam::111122223333:user/admin',
			`  context iam-jane: IAM identity ${JANE}`,
		]);
		kubeconfig = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8'));
	});
	afterAll(() => {
		child?.kill();
		rmSync(dir, {recursive: true, force: true});
	});

	it('writes a context for each user, the IAM ones running `kubesim iam token` as an exec plugin', () => {
		expect(kubeconfig.contexts.map((c: any) => [c.name, c.context.user])).toEqual([
			['kubesim', 'kubesim'],
			['bob', 'bob'],
			['iam-admin', 'iam-admin'],
			['iam-jane', 'iam-jane'],
		]);
		const exec = kubeconfig.users.find((u: any) => u.name === 'iam-jane').user.exec;
		expect([exec.apiVersion, exec.command, exec.args]).toEqual(['client.authentication.k8s.io/v1beta1', process.execPath, [join(root, 'dist/cli.js'), 'iam', 'token', '--arn', JANE, '--cluster-name', 'kubesim']]);
	});

	it('shows aws-auth with the node group\'s instance role, and nothing of the creator', async () => {
		const r = await kubectl('get', 'cm', 'aws-auth', '-n', 'kube-system', '-o', 'yaml');
		expect(r.stderr).toBe('');
		const lines = r.stdout.split('\n');
		expect(lines.slice(0, 8).join('\n')).toMatch(
			/^apiVersion: v1\ndata:\n {2}mapRoles: \|\n {4}- groups:\n {6}- system:bootstrappers\n {6}- system:nodes\n {6}rolearn: arn:aws:iam::111122223333:role\/eksctl-kubesim-nodegroup-ng-general-NodeInstanceRole-[0-9A-Z]{7}\n {6}username: system:node:\{\{EC2PrivateDNSName\}\}$/,
		);
		expect(lines[8]).toBe('kind: ConfigMap');
		expect(r.stdout).not.toContain('admin');
	});

	it('takes the creator\'s IAM token as kubernetes-admin, and jane\'s, not in aws-auth, as no one (401)', async () => {
		const admin = await whoami('iam-admin');
		expect([admin.status.userInfo.username, admin.status.userInfo.groups, admin.status.userInfo.extra.arn]).toEqual(['kubernetes-admin', ['system:masters', 'system:authenticated'], ['arn:aws:iam::111122223333:user/admin']]);
		expect(await as('iam-jane', '/api/v1/namespaces/default/pods')).toEqual({status: 401, body: {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401}});
		// kubectl runs the exec plugin and sends its token over HTTPS
		const refused = await kubectl('--context', 'iam-jane', 'get', 'pods');
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)\n$/);
		expect((await kubectl('--context', 'iam-admin', 'get', 'ns', 'default', '-o', 'name')).stdout).toBe('namespace/default\n');
	});

	it('refuses jane impersonated with the 403 text, and lists only what every authenticated user may do', async () => {
		expect(await kubectl('--as=jane', 'get', 'pods')).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
		});
		const list = await kubectl('auth', 'can-i', '--list', '--as=jane');
		expect(list.stdout.split('\n').slice(0, 4).map(l => l.trimEnd())).toEqual([
			'Resources                                       Non-Resource URLs   Resource Names   Verbs',
			'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
			'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
			'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
		]);
		expect(list.stdout).not.toContain('pods');
	});

	it('maps jane after `kubectl apply` of aws-auth, 403 until a RoleBinding of her group, then lists pods there only', async () => {
		const current = (await kubectl('get', 'cm', 'aws-auth', '-n', 'kube-system', '-o', 'jsonpath={.data.mapRoles}')).stdout;
		const manifest = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'aws-auth', namespace: 'kube-system'}, data: {mapRoles: current, mapUsers: `- userarn: ${JANE}\n  username: jane\n  groups:\n  - dev\n`}};
		expect((await kubectlIn(JSON.stringify(manifest), 'apply', '-f', '-')).stdout).toBe('configmap/aws-auth configured\n');
		const me = await whoami('iam-jane');
		expect([me.status.userInfo.username, me.status.userInfo.groups]).toEqual(['jane', ['dev', 'system:authenticated']]);
		const refused = await as('iam-jane', '/api/v1/namespaces/default/pods');
		expect([refused.status, refused.body.message]).toEqual([403, 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"']);
		expect((await kubectl('create', 'rolebinding', 'dev-view', '--clusterrole=view', '--group=dev', '-n', 'default')).stdout).toBe('rolebinding.rbac.authorization.k8s.io/dev-view created\n');
		const pods = await as('iam-jane', '/api/v1/namespaces/default/pods');
		expect([pods.status, pods.body.kind]).toEqual([200, 'PodList']);
		const listed = await kubectl('--context', 'iam-jane', 'get', 'pods', '-o', 'name');
		expect([listed.code, listed.stderr]).toEqual([0, '']);
		expect((await kubectl('--context', 'iam-jane', 'get', 'pods', '-n', 'kube-system')).stderr).toBe(
			'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"\n',
		);
		const elsewhere = await as('iam-jane', '/api/v1/namespaces/kube-system/pods');
		expect([elsewhere.status, elsewhere.body.message]).toEqual([403, 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"']);
		// bob, of the static token, is in dev too
		expect((await as('bob', '/api/v1/namespaces/default/pods')).status).toBe(200);
		expect((await kubectl('--context', 'bob', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')).stdout).toBe('bob');
		expect((await whoami('bob')).status.userInfo).toEqual({username: 'bob', uid: 'kubesim-user-bob', groups: ['dev', 'system:authenticated']});
		// and carol, of the token file
		expect((await whoami('carol')).status.userInfo).toEqual({username: 'carol', uid: 'u-carol', groups: ['dev', 'qa', 'system:authenticated']});
		expect((await as('carol', '/api/v1/namespaces/default/pods')).status).toBe(200);
	});
});
