// Authentication on the eks profile and with static tokens, over HTTP without kubectl: IAM
// tokens mapped through the creator's mapping and the aws-auth ConfigMap (mapUsers, mapRoles with
// assumed roles and node roles), refused with 401 when unmapped, expired, edited or made for
// another cluster; static --user tokens; and the exact 403s of a user without a binding for
// list, get, create and delete at namespace and cluster scope, then allowed once bound.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import {iamToken} from '../../source/server/iam.js';
import {ACCOUNT_ID, CREATOR_ARN, nodeInstanceRoleArn} from '../../source/cluster/cloud/iam.js';
import type {StaticUser} from '../../source/server/static-tokens.js';

let cluster: Cluster;
let server: KubeApiServer;
const NOW = Date.UTC(2026, 11, 2, 6, 0, 0);
let now = NOW;
const JANE = `arn:aws:iam::${ACCOUNT_ID}:user/jane`;
const BOB: StaticUser = {token: 'bob-token-1', username: 'bob', uid: 'kubesim-user-bob', groups: []};
const G = 'rbac.authorization.k8s.io';

async function call(path: string, opts: {token?: string; body?: unknown; method?: string} = {}): Promise<{status: number; body: any}> {
	const res = await fetch(`${server.url()}${path}`, {
		method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
		headers: {'Content-Type': 'application/json', ...(opts.token ? {Authorization: `Bearer ${opts.token}`} : {})},
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
	});
	return {status: res.status, body: await res.json()};
}

const tokenOf = (arn: string, clusterName = 'kubesim') => iamToken({arn, clusterName, now: NOW}).token;

async function whoami(token: string) {
	const r = await call('/apis/authentication.k8s.io/v1/selfsubjectreviews', {token, body: {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'}});
	return r.status === 201 ? r.body.status.userInfo : r;
}

const UNAUTHORIZED = {status: 401, body: {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401}};

function setAwsAuth(mapUsers: string, mapRoles = `- rolearn: ${nodeInstanceRoleArn('kubesim', 'ng-general')}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n  - system:bootstrappers\n  - system:nodes\n`) {
	cluster.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n${mapRoles.replace(/^/gm, '    ')}\n  mapUsers: |\n${mapUsers.replace(/^/gm, '    ')}\n`);
}

describe('IAM tokens and aws-auth on the eks profile', () => {
	beforeAll(async () => {
		cluster = createCluster({profile: 'eks', seed: 3, startTime: NOW - 60_000});
		cluster.advance(60_000);
		server = createApiServer(cluster, {users: [BOB], iamNow: () => now});
		await server.listen(0, '127.0.0.1');
	});
	afterAll(async () => server?.close());

	it('holds aws-auth as EKS writes it: the node group\'s instance role as system:node in system:bootstrappers and system:nodes', () => {
		const cm = cluster.get('ConfigMap', 'kube-system', 'aws-auth') as any;
		expect(cm.data).toEqual({
			mapRoles: `- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: ${nodeInstanceRoleArn('kubesim', 'ng-general')}\n  username: system:node:{{EC2PrivateDNSName}}\n`,
		});
		expect(nodeInstanceRoleArn('kubesim', 'ng-general')).toMatch(/^arn:aws:iam::111122223333:role\/eksctl-kubesim-nodegroup-ng-general-NodeInstanceRole-[0-9A-Z]{7}$/);
	});

	it('takes the creator as kubernetes-admin in system:masters, though aws-auth does not name them', async () => {
		const u = await whoami(tokenOf(CREATOR_ARN));
		expect(u.username).toBe('kubernetes-admin');
		expect(u.groups).toEqual(['system:masters', 'system:authenticated']);
		expect(u.uid).toMatch(/^aws-iam-authenticator:111122223333:AIDA[A-Z2-7]{17}$/);
		expect(u.extra.arn).toEqual([CREATOR_ARN]);
		expect(u.extra.canonicalArn).toEqual([CREATOR_ARN]);
		expect(u.extra.accessKeyId[0]).toMatch(/^AKIA[A-Z2-7]{16}$/);
		expect(u.extra.sessionName).toEqual(['']);
		expect((await call('/api/v1/nodes', {token: tokenOf(CREATOR_ARN)})).status).toBe(200);
	});

	it('refuses an ARN aws-auth does not map with 401 Unauthorized', async () => {
		expect(await call('/api/v1/namespaces/default/pods', {token: tokenOf(JANE)})).toEqual(UNAUTHORIZED);
		expect(await whoami(tokenOf(JANE))).toEqual(UNAUTHORIZED);
	});

	it('maps jane once mapUsers names her, on the next request: her user and groups, then RBAC decides', async () => {
		setAwsAuth(`- userarn: ${JANE}\n  username: jane\n  groups:\n  - dev\n`);
		const token = tokenOf(JANE);
		const u = await whoami(token);
		expect([u.username, u.groups]).toEqual(['jane', ['dev', 'system:authenticated']]);
		const pods = await call('/api/v1/namespaces/default/pods', {token});
		expect([pods.status, pods.body.message]).toEqual([403, 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"']);
		cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'dev-view', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'view'}, subjects: [{apiGroup: G, kind: 'Group', name: 'dev'}]} as any);
		expect((await call('/api/v1/namespaces/default/pods', {token})).status).toBe(200);
		const other = await call('/api/v1/namespaces/kube-system/pods', {token});
		expect([other.status, other.body.message]).toEqual([403, 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"']);
	});

	it('maps an assumed-role ARN through mapRoles by its role ARN, with the session name in the username template', async () => {
		const roles = `- rolearn: arn:aws:iam::${ACCOUNT_ID}:role/ops\n  username: ops:{{SessionName}}\n  groups: [ops]\n- rolearn: arn:aws:iam::${ACCOUNT_ID}:role/teams/dev\n  username: team-dev\n`;
		setAwsAuth(`- userarn: ${JANE}\n  username: jane\n  groups: [dev]\n`, roles);
		const u = await whoami(tokenOf(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/ops/alice@example.com`));
		expect([u.username, u.groups, u.extra.canonicalArn, u.extra.sessionName]).toEqual(['ops:alice-example.com', ['ops', 'system:authenticated'], [`arn:aws:iam::${ACCOUNT_ID}:role/ops`], ['alice@example.com']]);
		expect(u.uid).toMatch(/^aws-iam-authenticator:111122223333:AROA[A-Z2-7]{17}$/);
		// STS's assumed-role ARN has no path: a rolearn written with its path never matches
		expect(await whoami(tokenOf(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/dev/bob`))).toEqual(UNAUTHORIZED);
	});

	it('maps a node\'s instance role session to system:node:<its private DNS name>', async () => {
		setAwsAuth(`- userarn: ${JANE}\n  username: jane\n  groups: [dev]\n`);
		const node = cluster.list('Node')[0] as any;
		const instance = node.spec.providerID.split('/').at(-1);
		const role = nodeInstanceRoleArn('kubesim', 'ng-general').split('/').at(-1);
		const u = await whoami(tokenOf(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role}/${instance}`));
		expect([u.username, u.groups]).toEqual([`system:node:${node.metadata.name}`, ['system:bootstrappers', 'system:nodes', 'system:authenticated']]);
		expect(await whoami(tokenOf(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role}/i-0123456789abcdef0`))).toEqual(UNAUTHORIZED);
	});

	it('refuses a token 15 minutes past its X-Amz-Date, one made for another cluster, and an edited one', async () => {
		const token = tokenOf(CREATOR_ARN);
		now = NOW + 15 * 60_000;
		expect((await call('/api/v1/nodes', {token})).status).toBe(200);
		now = NOW + 15 * 60_000 + 1000;
		expect(await call('/api/v1/nodes', {token})).toEqual(UNAUTHORIZED);
		now = NOW;
		expect(await call('/api/v1/nodes', {token: tokenOf(CREATOR_ARN, 'other-cluster')})).toEqual(UNAUTHORIZED);
		const url = Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString();
		const answer = new URL(url).searchParams.get('X-Amz-Security-Token')!;
		const forged = url.replace(encodeURIComponent(answer), encodeURIComponent(Buffer.from(JSON.stringify({...JSON.parse(Buffer.from(answer, 'base64').toString()), Arn: JANE})).toString('base64')));
		expect(forged).not.toBe(url);
		expect(await call('/api/v1/nodes', {token: `k8s-aws-v1.${Buffer.from(forged).toString('base64url')}`})).toEqual(UNAUTHORIZED);
	});

	it('answers TokenReview for an IAM token with the mapped user', async () => {
		const r = await call('/apis/authentication.k8s.io/v1/tokenreviews', {token: tokenOf(CREATOR_ARN), body: {apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: {token: tokenOf(JANE)}}});
		expect([r.status, r.body.status.authenticated, r.body.status.user.username, r.body.status.user.groups]).toEqual([201, true, 'jane', ['dev', 'system:authenticated']]);
	});
});

describe('a static token user without a binding, then with one', () => {
	beforeAll(async () => {
		cluster = createCluster({nodes: 1, seed: 5, addons: false});
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'default'}, data: {a: '1'}});
		server = createApiServer(cluster, {users: [BOB]});
		await server.listen(0, '127.0.0.1');
	});
	afterAll(async () => server?.close());

	const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'new'}, data: {}};
	const ns = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-b'}};
	const requests = {
		listNs: () => call('/api/v1/namespaces/default/configmaps', {token: BOB.token}),
		getNs: () => call('/api/v1/namespaces/default/configmaps/settings', {token: BOB.token}),
		createNs: () => call('/api/v1/namespaces/default/configmaps', {token: BOB.token, body: cm}),
		deleteNs: () => call('/api/v1/namespaces/default/configmaps/settings', {token: BOB.token, method: 'DELETE'}),
		listCluster: () => call('/api/v1/namespaces', {token: BOB.token}),
		getCluster: () => call('/api/v1/namespaces/default', {token: BOB.token}),
		createCluster: () => call('/api/v1/namespaces', {token: BOB.token, body: ns}),
		deleteCluster: () => call('/api/v1/namespaces/team-b', {token: BOB.token, method: 'DELETE'}),
	};

	it('is bob by his token, with an unknown token 401', async () => {
		expect((await whoami(BOB.token)) as unknown).toEqual({username: 'bob', uid: 'kubesim-user-bob', groups: ['system:authenticated']});
		expect(await call('/api/v1/namespaces', {token: 'not-a-token'})).toEqual(UNAUTHORIZED);
	});

	it('refuses every verb with the API server\'s 403 text', async () => {
		const messages: Record<string, string> = {};
		for (const [name, r] of Object.entries(requests)) {
			const res = await r();
			expect(res.status).toBe(403);
			messages[name] = res.body.message;
		}
		expect(messages).toEqual({
			listNs: 'configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "default"',
			getNs: 'configmaps "settings" is forbidden: User "bob" cannot get resource "configmaps" in API group "" in the namespace "default"',
			createNs: 'configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"',
			deleteNs: 'configmaps "settings" is forbidden: User "bob" cannot delete resource "configmaps" in API group "" in the namespace "default"',
			listCluster: 'namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope',
			getCluster: 'namespaces "default" is forbidden: User "bob" cannot get resource "namespaces" in API group "" at the cluster scope',
			createCluster: 'namespaces is forbidden: User "bob" cannot create resource "namespaces" in API group "" at the cluster scope',
			deleteCluster: 'namespaces "team-b" is forbidden: User "bob" cannot delete resource "namespaces" in API group "" at the cluster scope',
		});
	});

	it('allows the same requests once a RoleBinding and a ClusterRoleBinding grant them', async () => {
		cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'bob-edit', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'edit'}, subjects: [{apiGroup: G, kind: 'User', name: 'bob'}]} as any);
		cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name: 'namespace-keeper'}, rules: [{apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'create', 'delete']}]} as any);
		cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRoleBinding', metadata: {name: 'bob-namespaces'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'namespace-keeper'}, subjects: [{apiGroup: G, kind: 'User', name: 'bob'}]} as any);
		const statuses: Record<string, number> = {};
		for (const [name, r] of Object.entries(requests)) statuses[name] = (await r()).status;
		expect(statuses).toEqual({listNs: 200, getNs: 200, createNs: 201, deleteNs: 200, listCluster: 200, getCluster: 200, createCluster: 201, deleteCluster: 200});
	});
});
