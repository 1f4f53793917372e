// The review APIs and authentication over HTTP, without kubectl: SubjectAccessReview for another
// user, the server's --token as the admin next to ServiceAccount tokens, impersonation rights,
// and fuzzed review and TokenRequest bodies (an answer or a 4xx Status, never a 500).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import type {KObject} from '../../source/cluster/types.js';

let cluster: Cluster;
let server: KubeApiServer;
const ADMIN_TOKEN = 's3cret';
const G = 'rbac.authorization.k8s.io';

async function call(path: string, opts: {token?: string; body?: unknown; method?: string; headers?: Record<string, string>} = {}): Promise<{status: number; body: any}> {
	const res = await fetch(`${server.url()}${path}`, {
		method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
		headers: {'Content-Type': 'application/json', ...(opts.token ? {Authorization: `Bearer ${opts.token}`} : {}), ...opts.headers},
		body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
	});
	return {status: res.status, body: await res.json()};
}

describe('reviews and authentication', () => {
	beforeAll(async () => {
		cluster = createCluster({nodes: 1, seed: 2, addons: false});
		cluster.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'ci', namespace: 'default'}});
		cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'ci-edit', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'edit'}, subjects: [{kind: 'ServiceAccount', name: 'ci'}]} as KObject);
		server = createApiServer(cluster, {token: ADMIN_TOKEN});
		await server.listen(0, '127.0.0.1');
	});
	afterAll(async () => server?.close());

	it('takes the server token as the admin and refuses anything else without a valid token', async () => {
		expect((await call('/api/v1/namespaces')).status).toBe(401);
		expect((await call('/api/v1/namespaces', {token: 'wrong'})).status).toBe(401);
		expect((await call('/api/v1/namespaces', {token: ADMIN_TOKEN})).status).toBe(200);
	});

	it('issues a ServiceAccount token the server then accepts, with the SA\'s rights only', async () => {
		const issued = await call('/api/v1/namespaces/default/serviceaccounts/ci/token', {token: ADMIN_TOKEN, body: {apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {expirationSeconds: 600}}});
		expect(issued.status).toBe(201);
		expect(issued.body.status.expirationTimestamp).toBe(new Date(Math.floor(cluster.now() / 1000) * 1000 + 600_000).toISOString().replace('.000Z', 'Z'));
		const token = issued.body.status.token as string;
		expect((await call('/apis/apps/v1/namespaces/default/deployments', {token})).status).toBe(200);
		const denied = await call('/api/v1/namespaces/kube-system/pods', {token});
		expect(denied.body.message).toBe('pods is forbidden: User "system:serviceaccount:default:ci" cannot list resource "pods" in API group "" in the namespace "kube-system"');
		// edit may impersonate ServiceAccounts of its namespace, not users
		const asUser = await call('/api/v1/namespaces/default/pods', {token, headers: {'Impersonate-User': 'jane'}});
		expect(asUser.body.message).toBe('users "jane" is forbidden: User "system:serviceaccount:default:ci" cannot impersonate resource "users" in API group "" at the cluster scope');
		const asSa = await call('/apis/authentication.k8s.io/v1/selfsubjectreviews', {token, headers: {'Impersonate-User': 'system:serviceaccount:default:other'}, body: {}});
		expect(asSa.body.status.userInfo).toEqual({username: 'system:serviceaccount:default:other', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']});
		// the token expires with the simulated clock
		cluster.advance(600_000);
		expect((await call('/apis/apps/v1/namespaces/default/deployments', {token})).status).toBe(401);
		const short = await call('/api/v1/namespaces/default/serviceaccounts/ci/token', {token: ADMIN_TOKEN, body: {spec: {expirationSeconds: 60}}});
		expect(short.body.message).toBe('TokenRequest.authentication.k8s.io "ci" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
	});

	it('answers a SubjectAccessReview for another user, with the binding that allows it', async () => {
		const sar = (user: string, verb: string) =>
			call('/apis/authorization.k8s.io/v1/subjectaccessreviews', {token: ADMIN_TOKEN, body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {user, resourceAttributes: {namespace: 'default', verb, resource: 'deployments', group: 'apps'}}}});
		const yes = await sar('system:serviceaccount:default:ci', 'create');
		expect(yes.status).toBe(201);
		expect(yes.body.status).toEqual({allowed: true, reason: 'RBAC: allowed by RoleBinding "ci-edit/default" of ClusterRole "edit" to ServiceAccount "ci/default"'});
		expect((await sar('jane', 'create')).body.status).toEqual({allowed: false});
		const none = await call('/apis/authorization.k8s.io/v1/subjectaccessreviews', {token: ADMIN_TOKEN, body: {spec: {resourceAttributes: {verb: 'get'}}}});
		expect([none.status, none.body.message]).toEqual([422, 'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified']);
		const neither = await call('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {token: ADMIN_TOKEN, body: {spec: {}}});
		expect(neither.body.message).toBe('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
		expect((await call('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {token: ADMIN_TOKEN})).status).toBe(405);
	});

	it('answers fuzzed review and token bodies with a review or a 4xx Status, never a 500', async () => {
		const paths = [
			'/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
			'/apis/authorization.k8s.io/v1/subjectaccessreviews',
			'/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews',
			'/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
			'/apis/authentication.k8s.io/v1/selfsubjectreviews',
			'/apis/authentication.k8s.io/v1/tokenreviews',
			'/api/v1/namespaces/default/serviceaccounts/ci/token',
		];
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...paths), fc.oneof(fc.json(), fc.record({spec: fc.anything()}), fc.record({spec: fc.record({resourceAttributes: fc.anything(), nonResourceAttributes: fc.anything(), user: fc.anything(), namespace: fc.anything(), token: fc.anything(), expirationSeconds: fc.anything()}, {requiredKeys: []})})), async (path, body) => {
				const r = await call(path, {token: ADMIN_TOKEN, body: typeof body === 'string' ? body : JSON.stringify(body)});
				expect(r.status === 201 || (r.status >= 400 && r.status < 500), `${r.status} ${JSON.stringify(r.body)}`).toBe(true);
			}),
			{numRuns: 150},
		);
	});

	it('refuses a Role or binding granting more than its writer holds, naming the missing rules', async () => {
		cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'ci-admin', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'admin'}, subjects: [{kind: 'ServiceAccount', name: 'ci'}]} as KObject);
		const token = (await call('/api/v1/namespaces/default/serviceaccounts/ci/token', {token: ADMIN_TOKEN, body: {}})).body.status.token as string;
		const role = (name: string, rules: unknown[]) => call('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', {token, body: {apiVersion: `${G}/v1`, kind: 'Role', metadata: {name}, rules}});
		expect((await role('pod-reader', [{apiGroups: [''], resources: ['pods'], verbs: ['get', 'list']}])).status).toBe(201);
		const groups = '["system:serviceaccounts" "system:serviceaccounts:default" "system:authenticated"]';
		const refused = await role('node-reader', [{apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['list', 'get']}]);
		expect([refused.status, refused.body.message]).toEqual([
			403,
			`roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "system:serviceaccount:default:ci" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["list" "get"]}`,
		]);
		const bind = (name: string, role: string) =>
			call('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {token, body: {apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: role}, subjects: [{kind: 'User', name: 'jane'}]}});
		expect((await bind('jane-view', 'view')).status).toBe(201);
		const root = await bind('jane-root', 'cluster-admin');
		expect(root.body.message).toBe(
			`rolebindings.rbac.authorization.k8s.io "jane-root" is forbidden: user "system:serviceaccount:default:ci" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`,
		);
		// the admin may grant anything
		expect((await call('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {token: ADMIN_TOKEN, body: {apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'jane-root'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'cluster-admin'}, subjects: [{kind: 'User', name: 'jane'}]}})).status).toBe(201);
	});
});
