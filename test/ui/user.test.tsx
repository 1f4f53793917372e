// `:user jane --group dev`: the dashboard as jane sees the cluster. Every list, get and action
// goes through the simulator's authorizer as her: a kind she cannot list shows the API server's
// 403 in the table and on the flash line, an action she may not take fails with it, and the
// header says whom the dashboard acts as. `:user` alone goes back to the admin.
import {afterEach, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';
import {setLanguage} from '../../source/i18n/index.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});

const G = 'rbac.authorization.k8s.io';
const PODS_403 = 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"';

it('shows the 403 where jane may not list, the pods once her group is bound to view, and refuses her a delete', async () => {
	// wide enough for a 403 on one line of the table
	h = await start({width: 260});
	expect(h.frame()).toContain('Cluster: kubesim (simulated)');
	await h.type(':user jane --group dev');
	let f = await h.press(KEYS.enter);
	expect(f).toContain('Cluster: kubesim (as jane)');
	expect(f).toContain('acting as jane (dev): every request is authorized as theirs (:user alone goes back)');
	expect(f).toContain(PODS_403);
	expect(f).toMatch(/pods\(default\)\[0\]/);
	// what the header counts is what jane may list: no nodes
	expect(f).toContain('Nodes: 0/0');

	await h.type(':deploy');
	f = await h.press(KEYS.enter);
	const deploys = 'Error from server (Forbidden): deployments.apps is forbidden: User "jane" cannot list resource "deployments" in API group "apps" in the namespace "default"';
	expect(f.split('\n').at(-1)).toContain(deploys.slice(0, 90));
	expect(f).toContain(deploys);

	h.cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'dev-view', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'view'}, subjects: [{apiGroup: G, kind: 'Group', name: 'dev'}]} as any);
	await h.type(':pods');
	f = await h.press(KEYS.enter);
	expect(f).not.toContain('Forbidden');
	expect(f).toMatch(/pods\(default\)\[6\]/);
	await h.type('/redis');
	f = await h.press(KEYS.enter);
	const name = /redis-[a-z0-9]+-[a-z0-9]{5}/.exec(f)![0];
	f = await h.press(KEYS.ctrlD);
	expect(f).toContain(`Delete pod ${name}?`);
	f = await h.press(KEYS.enter);
	expect(f).toContain(`Error from server (Forbidden): pods "${name}" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"`);
	expect(h.cluster.find('Pod', 'default', name)).toBeDefined();

	// in another namespace she is refused again
	await h.type(':pods kube-system');
	f = await h.press(KEYS.enter);
	expect(f).toContain('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"');

	await h.type(':user');
	f = await h.press(KEYS.enter);
	expect(f).toContain('acting as yourself again');
	expect(f).toContain('Cluster: kubesim (simulated)');
	expect(f).not.toContain('Forbidden');
	expect(f).toMatch(/Nodes: 4\/4/);
});

it('says how :user is used when it is given too much, and acts as a ServiceAccount with its groups', async () => {
	h = await start({width: 300});
	await h.type(':user jane bob');
	let f = await h.press(KEYS.enter);
	expect(f).toContain('user needs a user name: :user jane --group dev (:user alone goes back to yourself)');
	expect(h.client.actingAs()).toBeUndefined();
	await h.type(':user system:serviceaccount:default:ci');
	f = await h.press(KEYS.enter);
	// the header's figures keep their width: a long name is cut
	expect(f).toContain('Cluster: kubesim (as system:serviceaccount:…');
	expect(h.client.actingAs()).toEqual({username: 'system:serviceaccount:default:ci', groups: ['system:serviceaccounts', 'system:serviceaccounts:default']});
	expect(f).toContain('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:ci" cannot list resource "pods" in API group "" in the namespace "default"');
});

it('in Japanese, the flash and the header say it in Japanese; the 403 stays as the API server words it', async () => {
	setLanguage('ja');
	h = await start({width: 260});
	await h.type(':user jane');
	const f = await h.press(KEYS.enter);
	expect(f).toContain('jane として操作中: すべてのリクエストがこのユーザーの権限で認可される (:user だけで元に戻る)');
	expect(f).toContain('クラスター: kubesim (jane として)');
	expect(f).toContain(PODS_403);
});
