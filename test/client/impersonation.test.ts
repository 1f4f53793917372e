// `:user` over a kubeconfig: the KubeconfigClient sends Impersonate-User and Impersonate-Group on
// every request once told to act as jane, lists its caches again, keeps the server's 403 for a
// kind she cannot list, and fills the cache once a binding lets her.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createKubeconfigClient, type KubeconfigClient} from '../../source/client/kubeconfig.js';
import {serveDemo, type Served} from '../served.js';
import {untilSimulated} from '../wait.js';

let served: Served;
let client: KubeconfigClient;
const G = 'rbac.authorization.k8s.io';
const until = (what: string, done: () => boolean) => untilSimulated(served.cluster, served.driver!, what, done, 400_000);

beforeAll(async () => {
	served = await serveDemo({seed: 6, speed: 20});
	client = await createKubeconfigClient({kubeconfig: served.kubeconfig, metrics: false});
	await client.synced();
});
afterAll(async () => {
	client?.close();
	await served?.close();
});

it('acts as jane in dev: whoami says so, pods show the 403 until her group may list them, then her pods', async () => {
	expect(client.list('Pod').length).toBeGreaterThan(0);
	client.actAs({username: 'jane', groups: ['dev']});
	expect(client.actingAs()).toEqual({username: 'jane', groups: ['dev']});
	const me = await client.requestJson('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'});
	expect(me.status.userInfo).toEqual({username: 'jane', groups: ['dev', 'system:authenticated']});
	await until('the pods informer hears the 403', () => client.listProblem('Pod') !== undefined);
	expect(client.listProblem('Pod')).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope');
	expect(client.list('Pod')).toEqual([]);
	served.cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRoleBinding', metadata: {name: 'dev-view'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'view'}, subjects: [{apiGroup: G, kind: 'Group', name: 'dev'}]} as any);
	await until('the pods are listed as jane', () => client.list('Pod').length > 0);
	expect(client.listProblem('Pod')).toBeUndefined();
	await expect(client.delete('Pod', 'default', client.list('Pod', {namespace: 'default'})[0]!.metadata.name)).rejects.toThrow(/^Error from server \(Forbidden\): pods "[^"]+" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"$/);
	client.actAs(undefined);
	const back = await client.requestJson('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'});
	expect(back.status.userInfo.username).toBe('kubernetes-admin');
});
