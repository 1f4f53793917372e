// The RBAC authorizer: its matching rules one by one, the reasons it gives, the rules review, and
// properties over random rules and requests (a wildcard never allows less, system:masters is
// always allowed, a binding's subject is what grants).
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import type {ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject} from '../../source/cluster/types.js';
import {authorize, rbacAuthorize, ruleAllows, rulesFor, serviceAccountUser, type RbacObjects, type RequestAttributes} from '../../source/cluster/api/authorizer.js';
import type {UserInfo} from '../../source/kinds/index.js';
import {createCluster} from '../../source/cluster/index.js';

const G = 'rbac.authorization.k8s.io';

function objects(o: {clusterRoles?: ClusterRole[]; roles?: Role[]; crbs?: ClusterRoleBinding[]; rbs?: RoleBinding[]}): RbacObjects {
	return {
		clusterRoleBindings: () => o.crbs ?? [],
		roleBindings: ns => (o.rbs ?? []).filter(b => b.metadata.namespace === ns),
		clusterRole: name => (o.clusterRoles ?? []).find(r => r.metadata.name === name),
		role: (ns, name) => (o.roles ?? []).find(r => r.metadata.namespace === ns && r.metadata.name === name),
	};
}

const clusterRole = (name: string, rules: PolicyRule[]): ClusterRole => ({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name}, rules});
const role = (namespace: string, name: string, rules: PolicyRule[]): Role => ({apiVersion: `${G}/v1`, kind: 'Role', metadata: {name, namespace}, rules});
const crb = (name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding => ({
	apiVersion: `${G}/v1`,
	kind: 'ClusterRoleBinding',
	metadata: {name},
	roleRef: {apiGroup: G, kind: 'ClusterRole', name: roleName},
	subjects,
});
const rb = (namespace: string, name: string, kind: 'Role' | 'ClusterRole', roleName: string, subjects: Subject[]): RoleBinding => ({
	apiVersion: `${G}/v1`,
	kind: 'RoleBinding',
	metadata: {name, namespace},
	roleRef: {apiGroup: G, kind, name: roleName},
	subjects,
});
const user = (name: string): Subject => ({kind: 'User', apiGroup: G, name});
const jane: UserInfo = {username: 'jane', groups: ['system:authenticated']};
const listPods: RequestAttributes = {verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default'};

describe('one rule', () => {
	const r = (rule: Partial<PolicyRule>): PolicyRule => ({verbs: ['get'], apiGroups: [''], resources: ['pods'], ...rule});

	it('matches verb, group, resource and name exactly, or by `*`', () => {
		const get = {verb: 'get', resource: 'pods', apiGroup: '', name: 'web', namespace: 'default'};
		expect(ruleAllows(get, r({}))).toBe(true);
		expect(ruleAllows({...get, verb: 'delete'}, r({}))).toBe(false);
		expect(ruleAllows({...get, verb: 'delete'}, r({verbs: ['*']}))).toBe(true);
		expect(ruleAllows({...get, apiGroup: 'apps', resource: 'deployments'}, r({}))).toBe(false);
		expect(ruleAllows({...get, apiGroup: 'apps', resource: 'deployments'}, r({apiGroups: ['*'], resources: ['*']}))).toBe(true);
		expect(ruleAllows(get, r({resourceNames: ['web']}))).toBe(true);
		expect(ruleAllows(get, r({resourceNames: ['db']}))).toBe(false);
		// a list has no name: a rule limited to names never allows it
		expect(ruleAllows({...get, verb: 'list', name: undefined}, r({verbs: ['list'], resourceNames: ['web']}))).toBe(false);
	});

	it('names subresources as resource/subresource, and `*/sub` matches any resource\'s', () => {
		const logs = {verb: 'get', resource: 'pods', subresource: 'log', apiGroup: '', namespace: 'default', name: 'web'};
		expect(ruleAllows(logs, r({}))).toBe(false);
		expect(ruleAllows(logs, r({resources: ['pods/log']}))).toBe(true);
		expect(ruleAllows(logs, r({resources: ['*/log']}))).toBe(true);
		expect(ruleAllows(logs, r({resources: ['*/status']}))).toBe(false);
		expect(ruleAllows({...logs, subresource: undefined}, r({resources: ['*/log']}))).toBe(false);
		expect(ruleAllows(logs, r({resources: ['*']}))).toBe(true);
	});

	it('matches non-resource URLs exactly, by `*`, or by a trailing `*` prefix', () => {
		const rule: PolicyRule = {verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*']};
		expect(ruleAllows({verb: 'get', nonResourceURL: '/healthz'}, rule)).toBe(true);
		expect(ruleAllows({verb: 'get', nonResourceURL: '/healthz/etcd'}, rule)).toBe(false);
		expect(ruleAllows({verb: 'get', nonResourceURL: '/apis/apps/v1'}, rule)).toBe(true);
		expect(ruleAllows({verb: 'get', nonResourceURL: '/api'}, rule)).toBe(false);
		expect(ruleAllows({verb: 'post', nonResourceURL: '/healthz'}, rule)).toBe(false);
		expect(ruleAllows({verb: 'get', nonResourceURL: '/anything'}, {verbs: ['get'], nonResourceURLs: ['*']})).toBe(true);
		// a resource rule never allows a path, nor a path rule a resource
		expect(ruleAllows({verb: 'get', nonResourceURL: '/healthz'}, {verbs: ['*'], apiGroups: ['*'], resources: ['*']})).toBe(false);
		expect(ruleAllows(listPods, {verbs: ['*'], nonResourceURLs: ['*']})).toBe(false);
	});
});

describe('bindings', () => {
	const reader = role('default', 'pod-reader', [{verbs: ['get', 'watch', 'list'], apiGroups: [''], resources: ['pods']}]);

	it('a RoleBinding grants its Role in its namespace only, and says which binding allowed', () => {
		const objs = objects({roles: [reader], rbs: [rb('default', 'read-pods', 'Role', 'pod-reader', [user('jane')])]});
		expect(rbacAuthorize(objs, jane, listPods)).toEqual({allowed: true, reason: 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"'});
		expect(rbacAuthorize(objs, jane, {...listPods, namespace: 'kube-system'})).toEqual({allowed: false, reason: ''});
		expect(rbacAuthorize(objs, jane, {...listPods, namespace: undefined})).toEqual({allowed: false, reason: ''});
		expect(rbacAuthorize(objs, {username: 'dave', groups: []}, listPods)).toEqual({allowed: false, reason: ''});
	});

	it('a RoleBinding of a ClusterRole grants it in the binding\'s namespace; a ClusterRoleBinding everywhere', () => {
		const secrets = clusterRole('secret-reader', [{verbs: ['get', 'watch', 'list'], apiGroups: [''], resources: ['secrets']}]);
		const read = {verb: 'get', resource: 'secrets', apiGroup: '', name: 's', namespace: 'development'};
		const dave: UserInfo = {username: 'dave', groups: ['system:authenticated']};
		const objs = objects({clusterRoles: [secrets], rbs: [rb('development', 'read-secrets', 'ClusterRole', 'secret-reader', [user('dave')])], crbs: [crb('read-secrets-global', 'secret-reader', [{kind: 'Group', apiGroup: G, name: 'manager'}])]});
		expect(rbacAuthorize(objs, dave, read).allowed).toBe(true);
		expect(rbacAuthorize(objs, dave, {...read, namespace: 'default'}).allowed).toBe(false);
		const manager: UserInfo = {username: 'bob', groups: ['manager', 'system:authenticated']};
		expect(rbacAuthorize(objs, manager, {...read, namespace: 'default'})).toEqual({
			allowed: true,
			reason: 'RBAC: allowed by ClusterRoleBinding "read-secrets-global" of ClusterRole "secret-reader" to Group "manager"',
		});
		expect(rbacAuthorize(objs, manager, {verb: 'list', resource: 'secrets', apiGroup: ''}).allowed).toBe(true);
	});

	it('a ServiceAccount subject is system:serviceaccount:<ns>:<name>, its namespace defaulting to the binding\'s', () => {
		const objs = objects({roles: [reader], rbs: [rb('default', 'sa', 'Role', 'pod-reader', [{kind: 'ServiceAccount', name: 'bot'}])]});
		const bot: UserInfo = {username: serviceAccountUser('default', 'bot'), groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']};
		expect(bot.username).toBe('system:serviceaccount:default:bot');
		expect(rbacAuthorize(objs, bot, listPods)).toEqual({allowed: true, reason: 'RBAC: allowed by RoleBinding "sa/default" of Role "pod-reader" to ServiceAccount "bot/default"'});
		expect(rbacAuthorize(objs, {...bot, username: serviceAccountUser('other', 'bot')}, listPods).allowed).toBe(false);
		// a ClusterRoleBinding's ServiceAccount subject without a namespace matches no one
		const none = objects({clusterRoles: [clusterRole('all', [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}])], crbs: [crb('x', 'all', [{kind: 'ServiceAccount', name: 'bot'}])]});
		expect(rbacAuthorize(none, bot, listPods).allowed).toBe(false);
	});

	it('a binding to a missing role is reported in the reason', () => {
		const objs = objects({rbs: [rb('default', 'read-pods', 'Role', 'pod-reader', [user('jane')])], crbs: [crb('c', 'gone', [user('jane')])]});
		expect(rbacAuthorize(objs, jane, listPods)).toEqual({
			allowed: false,
			reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "pod-reader" not found]',
		});
	});

	it('system:masters is always allowed, without a reason', () => {
		expect(authorize(objects({}), {username: 'admin', groups: ['system:masters']}, {verb: 'delete', resource: 'nodes', apiGroup: '', name: 'n'})).toEqual({allowed: true, reason: ''});
	});

	it('the rules review lists every granted rule, resource and non-resource apart', () => {
		const objs = objects({
			roles: [reader],
			clusterRoles: [clusterRole('disc', [{verbs: ['get'], nonResourceURLs: ['/api', '/api/*']}])],
			rbs: [rb('default', 'read-pods', 'Role', 'pod-reader', [user('jane')])],
			crbs: [crb('disc', 'disc', [{kind: 'Group', apiGroup: G, name: 'system:authenticated'}])],
		});
		expect(rulesFor(objs, jane, 'default')).toEqual({
			resourceRules: [{verbs: ['get', 'watch', 'list'], apiGroups: [''], resources: ['pods']}],
			nonResourceRules: [{verbs: ['get'], nonResourceURLs: ['/api', '/api/*']}],
			incomplete: false,
		});
		expect(rulesFor(objs, jane, 'kube-system').resourceRules).toEqual([]);
	});
});

describe('the default policy of a new cluster', () => {
	const cluster = createCluster({nodes: 1, seed: 1});

	it('aggregates admin, edit and view from their labelled roles', () => {
		const rulesOf = (name: string) => cluster.get('ClusterRole', undefined, name).rules ?? [];
		expect(rulesOf('view')).toHaveLength(10);
		expect(rulesOf('edit')).toHaveLength(23);
		expect(rulesOf('admin')).toHaveLength(25);
		expect(rulesOf('edit').slice(13)).toEqual(rulesOf('view'));
	});

	it('lets every authenticated user ask about itself and discover the API, and nothing else', () => {
		expect(cluster.authorize(jane, {verb: 'create', resource: 'selfsubjectaccessreviews', apiGroup: 'authorization.k8s.io'}).allowed).toBe(true);
		expect(cluster.authorize(jane, {verb: 'get', nonResourceURL: '/apis/apps/v1'}).allowed).toBe(true);
		expect(cluster.authorize(jane, listPods)).toEqual({allowed: false, reason: ''});
		expect(cluster.authorize({username: 'x', groups: ['system:unauthenticated']}, {verb: 'get', nonResourceURL: '/version'}).allowed).toBe(true);
		expect(cluster.authorize({username: 'x', groups: ['system:unauthenticated']}, {verb: 'get', nonResourceURL: '/api'}).allowed).toBe(false);
	});

	it('grants the view role through a RoleBinding once it exists', () => {
		cluster.create({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'jane-view', namespace: 'default'}, roleRef: {apiGroup: G, kind: 'ClusterRole', name: 'view'}, subjects: [{kind: 'User', name: 'jane'}]} as RoleBinding);
		expect(cluster.authorize(jane, listPods)).toEqual({allowed: true, reason: 'RBAC: allowed by RoleBinding "jane-view/default" of ClusterRole "view" to User "jane"'});
		expect(cluster.authorize(jane, {...listPods, verb: 'delete', name: 'x'}).allowed).toBe(false);
		expect(cluster.authorize(jane, {verb: 'get', resource: 'pods', subresource: 'log', apiGroup: '', namespace: 'default', name: 'p'}).allowed).toBe(true);
		expect(cluster.authorize(jane, {verb: 'get', resource: 'secrets', apiGroup: '', namespace: 'default', name: 's'}).allowed).toBe(false);
	});
});

describe('properties', () => {
	const word = fc.constantFrom('get', 'list', 'watch', 'create', 'delete', 'patch');
	const group = fc.constantFrom('', 'apps', 'batch');
	const resource = fc.constantFrom('pods', 'deployments', 'jobs', 'secrets');
	const sub = fc.option(fc.constantFrom('log', 'status', 'scale'), {nil: undefined});
	const name = fc.option(fc.constantFrom('a', 'b', 'c'), {nil: undefined});
	const ns = fc.option(fc.constantFrom('default', 'dev'), {nil: undefined});
	const attrs = fc.record({verb: word, apiGroup: group, resource, subresource: sub, name, namespace: ns});
	const rule = fc.record({
		verbs: fc.array(word, {minLength: 1, maxLength: 3}),
		apiGroups: fc.array(group, {minLength: 1, maxLength: 2}),
		resources: fc.array(fc.oneof(resource, fc.constantFrom('pods/log', '*/scale', 'deployments/scale')), {minLength: 1, maxLength: 3}),
		resourceNames: fc.array(fc.constantFrom('a', 'b'), {maxLength: 2}),
	});

	it('a wildcard in any field never allows less', () => {
		fc.assert(
			fc.property(attrs, rule, fc.constantFrom('verbs', 'apiGroups', 'resources'), (a, r, field) => {
				if (!ruleAllows(a, r)) return;
				expect(ruleAllows(a, {...r, [field]: ['*']})).toBe(true);
				expect(ruleAllows(a, {...r, resourceNames: []})).toBe(true);
			}),
		);
	});

	it('allows exactly when one field-by-field match of the rule holds', () => {
		fc.assert(
			fc.property(attrs, rule, (a, r) => {
				const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
				const expected =
					r.verbs.includes(a.verb) &&
					r.apiGroups.includes(a.apiGroup) &&
					r.resources.some(x => x === combined || (a.subresource !== undefined && x === `*/${a.subresource}`)) &&
					(r.resourceNames.length === 0 || (a.name !== undefined && (r.resourceNames as string[]).includes(a.name)));
				expect(ruleAllows(a, r)).toBe(expected);
			}),
		);
	});

	it('a user is allowed only through a binding naming it (or a group of it), and system:masters always', () => {
		fc.assert(
			fc.property(attrs, fc.array(rule, {minLength: 1, maxLength: 3}), fc.constantFrom('User', 'Group'), (a, rules, kind) => {
				const subject: Subject = kind === 'User' ? user('jane') : {kind: 'Group', apiGroup: G, name: 'dev'};
				const objs = objects({clusterRoles: [clusterRole('r', rules)], crbs: [crb('b', 'r', [subject])]});
				const anyRule = rules.some(r => ruleAllows(a, r));
				const member: UserInfo = {username: 'jane', groups: kind === 'Group' ? ['dev'] : []};
				expect(rbacAuthorize(objs, member, a).allowed).toBe(anyRule);
				expect(rbacAuthorize(objs, {username: 'other', groups: ['system:authenticated']}, a).allowed).toBe(false);
				expect(authorize(objs, {username: 'other', groups: ['system:masters']}, a).allowed).toBe(true);
				// the rules review lists what authorize allows
				const review = rulesFor(objs, member, a.namespace ?? '');
				expect(review.resourceRules.some(r => ruleAllows(a, {...r, resourceNames: r.resourceNames ?? []}))).toBe(anyRule);
			}),
		);
	});

	it('non-resource URLs: a trailing `*` rule allows exactly the paths with its prefix', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\/[a-z]{0,4}(\/[a-z]{0,3})?$/), fc.stringMatching(/^\/[a-z]{0,3}$/), (path, prefix) => {
				expect(ruleAllows({verb: 'get', nonResourceURL: path}, {verbs: ['get'], nonResourceURLs: [`${prefix}*`]})).toBe(path.startsWith(prefix));
				expect(ruleAllows({verb: 'get', nonResourceURL: path}, {verbs: ['get'], nonResourceURLs: [prefix]})).toBe(path === prefix);
			}),
		);
	});
});
