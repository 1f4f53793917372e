// EKS access entries: the authentication mode decides whether an IAM principal is looked up in
// aws-auth, in the access entries, or in both (entries first); an entry's username (or the one
// EKS fills in) and kubernetesGroups make the user, and its access policies allow requests at
// cluster or namespace scope beside RBAC. The cluster file's accessConfig is read or refused
// with the field named.
import {afterEach, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import {iamToken} from '../../source/server/iam.js';
import {ACCOUNT_ID, CREATOR_ARN} from '../../source/cluster/cloud/iam.js';
import {parseAccessConfig, type AccessConfig} from '../../source/cluster/cloud/access.js';
import {parseClusterFile} from '../../source/config/clusterfile.js';

const NOW = Date.UTC(2026, 11, 2, 6, 0, 0);
const JANE = `arn:aws:iam::${ACCOUNT_ID}:user/jane`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT_ID}:role/deployer`;
const P = 'arn:aws:eks::aws:cluster-access-policy/';
let server: KubeApiServer | undefined;
let cluster: Cluster;

async function start(access: unknown, extra: {bootstrapCreatorAdmin?: boolean} = {}) {
	cluster = createCluster({profile: 'eks', seed: 3, startTime: NOW - 60_000, eks: {access: parseAccessConfig(access), ...extra}});
	cluster.advance(60_000);
	server = createApiServer(cluster, {iamNow: () => NOW});
	await server.listen(0, '127.0.0.1');
}
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function call(path: string, arn: string, body?: unknown): Promise<{status: number; body: any}> {
	const res = await fetch(`${server!.url()}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: {'Content-Type': 'application/json', Authorization: `Bearer ${iamToken({arn, now: NOW}).token}`},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return {status: res.status, body: await res.json()};
}
async function whoami(arn: string) {
	const r = await call('/apis/authentication.k8s.io/v1/selfsubjectreviews', arn, {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'});
	return r.status === 201 ? [r.body.status.userInfo.username, r.body.status.userInfo.groups] : r.status;
}
const mapJane = () => cluster.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapUsers: |\n    - userarn: ${JANE}\n      username: jane-from-configmap\n      groups: [dev]\n`);
const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}, data: {a: 'b'}};

describe('the authentication mode', () => {
	it('CONFIG_MAP: aws-auth only, the creator mapped out of sight as kubernetes-admin', async () => {
		await start({authenticationMode: 'CONFIG_MAP'});
		expect(await whoami(CREATOR_ARN)).toEqual(['kubernetes-admin', ['system:masters', 'system:authenticated']]);
		expect(await whoami(JANE)).toBe(401);
		mapJane();
		expect(await whoami(JANE)).toEqual(['jane-from-configmap', ['dev', 'system:authenticated']]);
	});

	it('API: access entries only; aws-auth is not read; the creator has an entry with the cluster admin policy', async () => {
		await start({authenticationMode: 'API', accessEntries: [{principalARN: DEPLOYER, kubernetesGroups: ['deployers']}]});
		mapJane();
		expect(await whoami(JANE)).toBe(401);
		expect(await whoami(CREATOR_ARN)).toEqual([CREATOR_ARN, ['system:authenticated']]);
		expect((await call('/api/v1/nodes', CREATOR_ARN)).status).toBe(200);
		expect((await call('/api/v1/namespaces/kube-system/configmaps', CREATOR_ARN, cm)).status).toBe(201);
		// a role's entry without a username: the assumed-role ARN with the session name
		const session = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/ci-42`;
		expect(await whoami(session)).toEqual([session, ['deployers', 'system:authenticated']]);
		const r = await call('/api/v1/namespaces/default/pods', session);
		expect([r.status, r.body.message]).toEqual([403, `pods is forbidden: User "${session}" cannot list resource "pods" in API group "" in the namespace "default"`]);
	});

	it('API without bootstrapClusterCreatorAdminPermissions: the creator is refused', async () => {
		await start({authenticationMode: 'API'}, {bootstrapCreatorAdmin: false});
		expect(await whoami(CREATOR_ARN)).toBe(401);
	});

	it('API_AND_CONFIG_MAP: an entry wins over aws-auth for the same ARN; others fall back to aws-auth', async () => {
		await start({authenticationMode: 'API_AND_CONFIG_MAP', accessEntries: [{principalARN: DEPLOYER, username: 'deployer', kubernetesGroups: ['deployers']}]});
		mapJane();
		expect(await whoami(JANE)).toEqual(['jane-from-configmap', ['dev', 'system:authenticated']]);
		expect(await whoami(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/s1`)).toEqual(['deployer', ['deployers', 'system:authenticated']]);
	});
});

describe('access policies', () => {
	it('namespace scope: the edit policy allows writes in its namespaces only; view reads everywhere; nodes stay forbidden', async () => {
		await start({
			authenticationMode: 'API',
			accessEntries: [
				{principalARN: JANE, username: 'jane', accessPolicies: [{policyARN: `${P}AmazonEKSEditPolicy`, accessScope: {type: 'namespace', namespaces: ['team-a']}}, {policyARN: `${P}AmazonEKSViewPolicy`, accessScope: {type: 'cluster'}}]},
			],
		});
		cluster.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a'}});
		expect((await call('/api/v1/namespaces/team-a/configmaps', JANE, cm)).status).toBe(201);
		const other = await call('/api/v1/namespaces/default/configmaps', JANE, cm);
		expect([other.status, other.body.message]).toEqual([403, 'configmaps is forbidden: User "jane" cannot create resource "configmaps" in API group "" in the namespace "default"']);
		expect((await call('/api/v1/namespaces/kube-system/pods', JANE)).status).toBe(200);
		expect((await call('/api/v1/pods', JANE)).status).toBe(200);
		const nodes = await call('/api/v1/nodes', JANE);
		expect([nodes.status, nodes.body.message]).toEqual([403, 'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope']);
	});

	it('RBAC still allows what a binding of the entry\'s groups grants', async () => {
		await start({authenticationMode: 'API', accessEntries: [{principalARN: JANE, username: 'jane', kubernetesGroups: ['node-readers']}]});
		expect((await call('/api/v1/nodes', JANE)).status).toBe(403);
		const G = 'rbac.authorization.k8s.io';
		cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name: 'node-reader'}, rules: [{apiGroups: [''], resources: ['nodes'], verbs: ['list']}]} as any);
		cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRoleBinding', metadata: {name: 'node-readers'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'node-reader'}, subjects: [{apiGroup: G, kind: 'Group', name: 'node-readers'}]} as any);
		expect((await call('/api/v1/nodes', JANE)).status).toBe(200);
	});
});

describe('accessConfig in the cluster file', () => {
	const file = (access: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: shop}\naccessConfig:\n${access}`;
	it('reads the mode, the entries and their policies', () => {
		const o = parseClusterFile(
			file(`  authenticationMode: API\n  bootstrapClusterCreatorAdminPermissions: false\n  accessEntries:\n    - principalARN: ${JANE}\n      kubernetesGroups: [dev]\n      accessPolicies:\n        - policyARN: ${P}AmazonEKSAdminPolicy\n          accessScope: {type: namespace, namespaces: [dev, dev]}\n`),
		);
		expect(o.eks?.access).toEqual({authenticationMode: 'API', accessEntries: [{principalArn: JANE, kubernetesGroups: ['dev'], accessPolicies: [{policy: 'AmazonEKSAdminPolicy', namespaces: ['dev']}]}]} satisfies AccessConfig);
		expect(o.eks?.bootstrapCreatorAdmin).toBe(false);
	});

	it('names the field it cannot use', () => {
		const cases: Array<[string, string]> = [
			['  authenticationMode: APIS\n', 'accessConfig.authenticationMode must be one of CONFIG_MAP, API_AND_CONFIG_MAP, API, got "APIS"'],
			[`  authenticationMode: CONFIG_MAP\n  accessEntries: [{principalARN: "${JANE}"}]\n`, 'accessConfig.accessEntries cannot be used with authenticationMode CONFIG_MAP'],
			['  accessEntries: [{principalARN: "arn:aws:sts::111122223333:assumed-role/x/y"}]\n', 'accessConfig.accessEntries[0].principalARN must be an IAM user or role ARN (arn:aws:iam::ACCOUNT:user/NAME or :role/NAME), got arn:aws:sts::111122223333:assumed-role/x/y'],
			[`  accessEntries: [{principalARN: "${JANE}", kubernetesGroups: [system:masters]}]\n`, 'accessConfig.accessEntries[0].kubernetesGroups cannot hold system:masters: groups starting with system: or eks: are reserved'],
			[`  accessEntries: [{principalARN: "${JANE}", accessPolicies: [{policyARN: AmazonEKSRootPolicy, accessScope: {type: cluster}}]}]\n`, `accessConfig.accessEntries[0].accessPolicies[0].policyARN must be one of ${P}AmazonEKSClusterAdminPolicy, ${P}AmazonEKSAdminPolicy, ${P}AmazonEKSEditPolicy, ${P}AmazonEKSViewPolicy, got "AmazonEKSRootPolicy"`],
			[`  accessEntries: [{principalARN: "${JANE}", accessPolicies: [{policyARN: AmazonEKSViewPolicy, accessScope: {type: namespace}}]}]\n`, 'accessConfig.accessEntries[0].accessPolicies[0].accessScope.namespaces must be a non-empty list of namespace names'],
			[`  accessEntries: [{principalARN: "${JANE}"}, {principalARN: "${JANE}"}]\n`, `accessConfig.accessEntries[1]: an access entry for ${JANE} is already given`],
		];
		for (const [text, message] of cases) expect(() => parseClusterFile(file(text)), text).toThrow(message);
	});

	it('any accessConfig value is read or refused with an Error, never anything else', () => {
		fc.assert(
			fc.property(fc.anything(), fc.record({authenticationMode: fc.oneof(fc.constantFrom('API', 'CONFIG_MAP', 'API_AND_CONFIG_MAP'), fc.anything()), accessEntries: fc.array(fc.dictionary(fc.constantFrom('principalARN', 'username', 'kubernetesGroups', 'accessPolicies'), fc.oneof(fc.constant(JANE), fc.anything())))}), (a, b) => {
				for (const v of [a, b]) {
					try {
						const c = parseAccessConfig(v);
						expect(['API', 'CONFIG_MAP', 'API_AND_CONFIG_MAP']).toContain(c.authenticationMode);
					} catch (e) {
						expect(e).toBeInstanceOf(Error);
					}
				}
			}),
			{seed: 11, numRuns: 500},
		);
	});
});
