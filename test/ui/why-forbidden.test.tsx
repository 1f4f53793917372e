// `w` on what the acting user was refused: a list she may not make (the empty table) or an action
// she may not take (the row she tried it on). The diagnosis names the request (verb, resource, API
// group, namespace), what is bound to her and her groups, and the `kubectl create` lines that would
// let it through; once a binding allows it, it says so. In English and Japanese.
import {afterEach, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {whyForbidden} from '../../source/kinds/rbac/forbidden.js';
import {createCluster} from '../../source/cluster/index.js';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {forbiddenLines, whyLines} from '../../source/ui/why.js';
import {setLanguage} from '../../source/i18n/index.js';
import {KEYS, start, type Harness} from './harness.js';

const G = 'rbac.authorization.k8s.io';
const DEFAULTS = (resource: string) => [
	`    ClusterRoleBinding system:basic-user → ClusterRole system:basic-user (Group system:authenticated): nothing on ${resource}`,
	`    ClusterRoleBinding system:discovery → ClusterRole system:discovery (Group system:authenticated): nothing on ${resource}`,
	`    ClusterRoleBinding system:public-info-viewer → ClusterRole system:public-info-viewer (Group system:authenticated): nothing on ${resource}`,
];
const LIVE = 'Read from the cluster now; it changes as the cluster does. esc goes back.';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});

function cluster() {
	const c = createCluster({seed: 3});
	c.advance(10_000);
	c.apply(
		[
			'apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}\n',
			`apiVersion: ${G}/v1\nkind: Role\nmetadata: {name: pod-reader, namespace: dev}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get, list, watch]\n`,
			`apiVersion: ${G}/v1\nkind: RoleBinding\nmetadata: {name: dev-team-view, namespace: default}\nroleRef: {apiGroup: ${G}, kind: ClusterRole, name: view}\nsubjects:\n- {apiGroup: ${G}, kind: Group, name: dev-team}\n`,
		].join('---\n'),
	);
	const client = new EmbeddedClient(c, {paused: true});
	client.actAs({username: 'jane', groups: ['dev-team']});
	return {c, client};
}

describe('why a request is forbidden', () => {
	it('a list in a namespace: the Role there that allows it, the ClusterRole view, or a Role of its own; then that it is allowed', () => {
		const {c, client} = cluster();
		try {
			expect(forbiddenLines(client, {verb: 'list', kind: 'Pod', namespace: 'dev'})).toEqual([
				'✗ User jane may not list pods (API group "") in the namespace dev: no rule of the Roles and ClusterRoles bound to jane or their groups allows it. The API server answered:',
				'    Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "dev"',
				'· What is bound to jane or their groups (dev-team, system:authenticated):',
				...DEFAULTS('pods'),
				'  What would fix it:',
				'    → Bind the Role pod-reader of dev, which allows it: kubectl create rolebinding jane-pod-reader --role=pod-reader --user=jane --namespace=dev',
				'    → Bind the ClusterRole view in dev (its rules then hold in dev only): kubectl create rolebinding jane-view --clusterrole=view --user=jane --namespace=dev',
				'    → Or make a Role with just that rule: kubectl create role jane-list-pods --verb=list --resource=pods --namespace=dev',
				'    → and bind it to jane: kubectl create rolebinding jane-list-pods --role=jane-list-pods --user=jane --namespace=dev',
				'· Create the binding as a user who may (:user alone goes back to yourself); w here then shows the request allowed.',
				'',
				LIVE,
			]);
			c.apply(`apiVersion: ${G}/v1\nkind: RoleBinding\nmetadata: {name: jane-pod-reader, namespace: dev}\nroleRef: {apiGroup: ${G}, kind: Role, name: pod-reader}\nsubjects:\n- {apiGroup: ${G}, kind: User, name: jane}\n`);
			expect(forbiddenLines(client, {verb: 'list', kind: 'Pod', namespace: 'dev'})).toEqual([
				'✓ User jane may list pods now (namespace dev):',
				'    RBAC: allowed by RoleBinding "jane-pod-reader/dev" of Role "pod-reader" to User "jane"',
				'',
				LIVE,
			]);
		} finally {
			client.close();
		}
	});

	it('at the cluster scope: only a ClusterRole and a ClusterRoleBinding, in Japanese too', () => {
		const {client} = cluster();
		try {
			const en = forbiddenLines(client, {verb: 'list', kind: 'Node'});
			expect(en).toEqual([
				'✗ User jane may not list nodes (API group "") at the cluster scope: only a ClusterRoleBinding grants that, and none bound to jane or their groups allows it. The API server answered:',
				'    Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope',
				'· What is bound to jane or their groups (dev-team, system:authenticated):',
				...DEFAULTS('nodes'),
				'  What would fix it:',
				'    → Make a ClusterRole with just that rule: kubectl create clusterrole jane-list-nodes --verb=list --resource=nodes',
				'    → and bind it to jane: kubectl create clusterrolebinding jane-list-nodes --clusterrole=jane-list-nodes --user=jane',
				'· Create the binding as a user who may (:user alone goes back to yourself); w here then shows the request allowed.',
				'',
				LIVE,
			]);
			setLanguage('ja');
			expect(forbiddenLines(client, {verb: 'list', kind: 'Node'})).toEqual([
				'✗ ユーザー jane はクラスター全体で nodes (API グループ "") を list できない。これを与えられるのは ClusterRoleBinding だけで、jane やそのグループにバインドされたものに許す規則がない。API サーバーの答え:',
				en[1],
				'· jane とそのグループ (dev-team, system:authenticated) にバインドされているもの:',
				...DEFAULTS('nodes'),
				'  直すには:',
				'    → その規則だけを持つ ClusterRole を作る: kubectl create clusterrole jane-list-nodes --verb=list --resource=nodes',
				'    → そして jane にバインドする: kubectl create clusterrolebinding jane-list-nodes --clusterrole=jane-list-nodes --user=jane',
				'· バインディングは、それを作れるユーザーで作ること (:user だけで自分に戻る)。作ったあとここで w を押すと、リクエストが許されたことがわかる。',
				'',
				'いまのクラスターの状態から読んでいるので、クラスターが変われば変わる。esc で戻る。',
			]);
		} finally {
			client.close();
		}
	});

	it('an action refused on an object comes first in w on that object, with the binding that lets her read it; a ServiceAccount is bound with --serviceaccount', async () => {
		const {c, client} = cluster();
		try {
			c.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default}\nspec:\n  containers: [{name: nginx, image: "nginx:1.27"}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: default}\nspec:\n  containers: [{name: nginx, image: "nginx:1.27"}]\n');
			c.advance(30_000);
			const pod = client.get('Pod', 'default', 'web')!;
			await expect(client.delete('Pod', 'default', pod.metadata.name)).rejects.toThrow(`Error from server (Forbidden): pods "${pod.metadata.name}" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"`);
			expect(client.lastRefused()).toEqual({verb: 'delete', kind: 'Pod', namespace: 'default', name: pod.metadata.name});
			const lines = whyLines(pod, client);
			expect(lines.slice(0, 10)).toEqual([
				'✗ User jane may not delete pods (API group "") in the namespace default: no rule of the Roles and ClusterRoles bound to jane or their groups allows it. The API server answered:',
				`    Error from server (Forbidden): pods "${pod.metadata.name}" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"`,
				'· What is bound to jane or their groups (dev-team, system:authenticated):',
				...DEFAULTS('pods'),
				'    RoleBinding default/dev-team-view → ClusterRole view (Group dev-team): pods: get, list, watch',
				'  What would fix it:',
				'    → Bind the ClusterRole edit in default (its rules then hold in default only): kubectl create rolebinding jane-edit --clusterrole=edit --user=jane --namespace=default',
				`    → Or make a Role with just that rule: kubectl create role jane-delete-pods --verb=delete --resource=pods --resource-name=web --namespace=default`,
			]);
			// the pod's own diagnosis follows
			expect(lines).toContain(`✓ The pod runs on ${pod.spec.nodeName} and every container is Ready.`);
			// another object's why does not carry it
			const other = client.get('Pod', 'default', 'api')!;
			expect(whyLines(other, client).join('\n')).not.toContain('Forbidden');
			client.actAs({username: 'system:serviceaccount:dev:builder', groups: []});
			expect(client.lastRefused()).toBeUndefined();
			expect(forbiddenLines(client, {verb: 'create', kind: 'Deployment', namespace: 'dev'}).filter(l => l.startsWith('    → '))).toEqual([
				'    → Bind the ClusterRole edit in dev (its rules then hold in dev only): kubectl create rolebinding builder-edit --clusterrole=edit --serviceaccount=dev:builder --namespace=dev',
				'    → Or make a Role with just that rule: kubectl create role builder-create-deployments --verb=create --resource=deployments.apps --namespace=dev',
				'    → and bind it to system:serviceaccount:dev:builder: kubectl create rolebinding builder-create-deployments --role=builder-create-deployments --serviceaccount=dev:builder --namespace=dev',
			]);
		} finally {
			client.close();
		}
	});
});

describe('the diagnosis of any refused request', () => {
	it('never throws, and every name it suggests is one the API server takes', () => {
		const none = {clusterRoleBindings: () => [], roleBindings: () => [], clusterRole: () => undefined, role: () => undefined, roles: () => [], clusterRoles: () => []};
		const word = fc.stringMatching(/^[A-Za-z0-9:@._\/-]{1,80}$/);
		fc.assert(
			fc.property(word, fc.constantFrom('get', 'list', 'delete', 'patch', 'create'), word, fc.option(word), fc.option(fc.constantFrom('dev', 'kube-system')), fc.option(word), (username, verb, resource, group, namespace, name) => {
				const attrs = {verb, resource, apiGroup: group ?? '', ...(namespace ? {namespace} : {}), ...(name ? {name} : {})};
				const findings = whyForbidden(none, {username, groups: ['system:authenticated']}, attrs, 'forbidden');
				expect(findings[0]!.level).toBe('bad');
				for (const fix of findings.flatMap(f => f.fixes ?? [])) {
					const made = /kubectl create (?:role|rolebinding|clusterrole|clusterrolebinding) (\S+)/.exec(String(fix.values?.command))![1]!;
					expect(made).toMatch(/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/);
				}
			}),
			{numRuns: 300, seed: 11},
		);
	});
});

describe('w in the dashboard', () => {
	it('on the empty table of a list jane may not make, and in Japanese', async () => {
		h = await start({width: 200, height: 40});
		await h.type(':user jane');
		await h.press(KEYS.enter);
		let f = await h.press('w');
		expect(f).toContain('why pods');
		expect(f).toContain('User jane may not list pods (API group "") in the namespace default: no rule of the Roles and ClusterRoles bound to jane or their groups allows it.');
		expect(f).toContain('kubectl create rolebinding jane-view --clusterrole=view --user=jane --namespace=default');
		h.cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'jane-view', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'view'}, subjects: [{apiGroup: G, kind: 'User', name: 'jane'}]} as any);
		f = await h.advance(1_000);
		expect(f).toContain('✓ User jane may list pods now (namespace default):');
		expect(f).toContain('RBAC: allowed by RoleBinding "jane-view/default" of ClusterRole "view" to User "jane"');
		await h.press(KEYS.esc);
		setLanguage('ja');
		await h.type(':nodes');
		await h.press(KEYS.enter);
		f = await h.press('w');
		expect(f).toContain('ユーザー jane はクラスター全体で nodes (API グループ "") を list できない。');
		expect(f).toContain('kubectl create clusterrolebinding jane-list-nodes --clusterrole=jane-list-nodes --user=jane');
	});
});
