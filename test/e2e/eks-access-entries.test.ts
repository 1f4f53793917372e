// `kubesim serve --cluster FILE` from dist/ with the real kubectl: a cluster file with
// accessConfig in API mode and a users: section. The creator's IAM context is cluster admin
// through its access entry, jane's entry grants the view policy in one namespace only, and the
// file's static users are contexts of their own, with their groups.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {parse} from 'yaml';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from '../server/run-kubectl.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kubesim-eks-access-'));
const JANE = 'arn:aws:iam::111122223333:user/jane';
let child: ChildProcess;
const kubectl = (...args: string[]) => runKubectl(dir, args);

const CLUSTER = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
accessConfig:
  authenticationMode: API
  accessEntries:
    - principalARN: ${JANE}
      username: jane
      accessPolicies:
        - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy
          accessScope: {type: namespace, namespaces: [kube-system]}
users:
  - name: alice
    token: alice-token-123
    groups: [dev, ops]
  - name: carl
`;

describeWithTool(kubectlTool, 'kubesim serve --cluster: access entries and users from the cluster file', () => {
	beforeAll(async () => {
		writeFileSync(join(dir, 'cluster.yaml'), CLUSTER);
		child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--cluster', join(dir, 'cluster.yaml'), '--port', '0', '--kubeconfig-out', join(dir, 'kubeconfig'), '--iam', JANE], {cwd: dir, env: {...process.env, XDG_CONFIG_HOME: dir}});
		let out = '';
		await new Promise<void>((res, rej) => {
			child.stdout!.on('data', (d: Buffer) => {
				out += d.toString();
				if (out.includes('Ctrl-C')) res();
			});
			child.on('exit', code => rej(new Error(`kubesim serve exited (${code}): ${out}`)));
		});
		expect(out).toContain('  context alice: a static token of user alice in dev, ops\n');
		expect(out).toContain('  context carl: a static token of user carl\n');
	}, 60_000);
	afterAll(() => {
		child?.kill();
		rmSync(dir, {recursive: true, force: true});
	});

	it('writes the file\'s token for alice, and one made for the run for carl', () => {
		const users = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8')).users;
		expect(users.find((u: any) => u.name === 'alice').user.token).toBe('alice-token-123');
		expect(users.find((u: any) => u.name === 'carl').user.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
	});

	it('alice is alice in her groups, and RBAC refuses her until bound', async () => {
		const who = await kubectl('--context', 'alice', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}');
		expect(who.stdout).toBe('alice ["dev","ops","system:authenticated"]');
		const r = await kubectl('--context', 'alice', 'get', 'pods');
		expect(r.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
	});

	it('the creator is cluster admin through its access entry, under its ARN', async () => {
		const who = await kubectl('--context', 'iam-admin', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');
		expect(who.stdout).toBe('arn:aws:iam::111122223333:user/admin');
		expect((await kubectl('--context', 'iam-admin', 'auth', 'can-i', 'delete', 'nodes')).stdout.trim()).toBe('yes');
		expect((await kubectl('--context', 'iam-admin', 'create', 'namespace', 'team-a')).code).toBe(0);
	});

	it('jane views kube-system by her access policy and nothing else', async () => {
		expect((await kubectl('--context', 'iam-jane', 'get', 'pods', '-n', 'kube-system', '-o', 'name')).code).toBe(0);
		const write = await kubectl('--context', 'iam-jane', 'create', 'configmap', 'x', '-n', 'kube-system');
		expect(write.stderr.trim()).toBe('error: failed to create configmap: configmaps is forbidden: User "jane" cannot create resource "configmaps" in API group "" in the namespace "kube-system"');
		const other = await kubectl('--context', 'iam-jane', 'get', 'pods', '-n', 'default');
		expect(other.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
	});
});
