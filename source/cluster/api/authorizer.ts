// Authorization as the API server decides it: the privileged group system:masters is always
// allowed; everyone else is allowed what a binding grants them (RBAC). Bindings are read from
// the store: ClusterRoleBindings everywhere, RoleBindings in the namespace of the request; a rule
// allows a request when its verb, API group, resource (with `*`, `pods/log`, `*/scale`),
// resource name and non-resource URL (with a trailing `*`) all match.
import type {ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject} from '../types.js';
import type {UserInfo} from '../../kinds/index.js';

/** What a request asks to do. */
export interface RequestAttributes {
	verb: string;
	/** Set for a resource request. */
	resource?: string;
	apiGroup?: string;
	subresource?: string;
	name?: string;
	namespace?: string;
	/** Set for a request of a path that is no resource (`/api`, `/healthz`). */
	nonResourceURL?: string;
}

export interface Decision {
	allowed: boolean;
	/** Why: the binding that allowed it, or the bindings that could not be read. */
	reason: string;
}

/** The RBAC objects the authorizer reads. */
export interface RbacObjects {
	clusterRoleBindings(): readonly ClusterRoleBinding[];
	roleBindings(namespace: string): readonly RoleBinding[];
	clusterRole(name: string): ClusterRole | undefined;
	role(namespace: string, name: string): Role | undefined;
}

export const PRIVILEGED_GROUP = 'system:masters';
const SA_PREFIX = 'system:serviceaccount:';

/** The user name of a ServiceAccount: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUser(namespace: string, name: string): string {
	return `${SA_PREFIX}${namespace}:${name}`;
}

/** The groups every ServiceAccount of a namespace is in. */
export function serviceAccountGroups(namespace: string): string[] {
	return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/** The namespace and name of a ServiceAccount's user name, or undefined for another user. */
export function parseServiceAccountUser(username: string): {namespace: string; name: string} | undefined {
	if (!username.startsWith(SA_PREFIX)) return undefined;
	const rest = username.slice(SA_PREFIX.length).split(':');
	if (rest.length !== 2 || !rest[0] || !rest[1]) return undefined;
	return {namespace: rest[0], name: rest[1]};
}

const matchesAll = (list: readonly string[] | undefined, value: string) => (list ?? []).some(v => v === '*' || v === value);

export function verbMatches(rule: PolicyRule, verb: string): boolean {
	return matchesAll(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
	return matchesAll(rule.apiGroups, group);
}

/** `*`, the exact `resource/subresource`, or `*\/subresource`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
	for (const r of rule.resources ?? []) {
		if (r === '*' || r === combined) return true;
		if (subresource && r === `*/${subresource}`) return true;
	}
	return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
	const names = rule.resourceNames ?? [];
	if (!names.length) return true;
	return names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
	for (const u of rule.nonResourceURLs ?? []) {
		if (u === '*' || u === url) return true;
		if (u.endsWith('*') && url.startsWith(u.slice(0, -1))) return true;
	}
	return false;
}

/** Whether one rule allows a request. */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
	if (attrs.resource !== undefined) {
		const sub = attrs.subresource ?? '';
		const combined = sub ? `${attrs.resource}/${sub}` : attrs.resource;
		return verbMatches(rule, attrs.verb) && apiGroupMatches(rule, attrs.apiGroup ?? '') && resourceMatches(rule, combined, sub) && resourceNameMatches(rule, attrs.name ?? '');
	}
	return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.nonResourceURL ?? '');
}

/** Whether a binding's subject is this user; `namespace` is the binding's (empty for a ClusterRoleBinding). */
export function appliesTo(user: UserInfo, subject: Subject, namespace: string): boolean {
	switch (subject.kind) {
		case 'User':
			return user.username === subject.name;
		case 'Group':
			return (user.groups ?? []).includes(subject.name);
		case 'ServiceAccount': {
			const ns = subject.namespace || namespace;
			return !!ns && user.username === serviceAccountUser(ns, subject.name);
		}
		default:
			return false;
	}
}

function describeSubject(s: Subject, bindingNamespace: string): string {
	if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
	return `${s.kind} ${JSON.stringify(s.name)}`;
}

interface Visit {
	/** Where the rule comes from, as a reason names it. */
	source: () => string;
	rule?: PolicyRule;
	error?: string;
}

/**
 * Every rule granted to a user in a namespace (`''`: cluster-wide only), in the order the API
 * server visits them; `visit` returns false to stop.
 */
export function visitRules(objs: RbacObjects, user: UserInfo, namespace: string, visit: (v: Visit) => boolean): void {
	for (const b of objs.clusterRoleBindings()) {
		const subject = (b.subjects ?? []).find(s => appliesTo(user, s, ''));
		if (!subject) continue;
		const role = b.roleRef?.kind === 'ClusterRole' ? objs.clusterRole(b.roleRef.name) : undefined;
		if (!role) {
			if (!visit({source: () => '', error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef?.name ?? '')} not found`})) return;
			continue;
		}
		const source = () => `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ClusterRole ${JSON.stringify(role.metadata.name)} to ${describeSubject(subject, '')}`;
		for (const rule of role.rules ?? []) if (!visit({source, rule})) return;
	}
	if (!namespace) return;
	for (const b of objs.roleBindings(namespace)) {
		const subject = (b.subjects ?? []).find(s => appliesTo(user, s, namespace));
		if (!subject) continue;
		const ref = b.roleRef;
		const role = ref?.kind === 'ClusterRole' ? objs.clusterRole(ref.name) : ref?.kind === 'Role' ? objs.role(namespace, ref.name) : undefined;
		if (!role) {
			const what = ref?.kind === 'ClusterRole' ? 'clusterrole' : 'role';
			if (!visit({source: () => '', error: `${what}.rbac.authorization.k8s.io ${JSON.stringify(ref?.name ?? '')} not found`})) return;
			continue;
		}
		const source = () => `RoleBinding ${JSON.stringify(`${b.metadata.name}/${namespace}`)} of ${ref!.kind} ${JSON.stringify(ref!.name)} to ${describeSubject(subject, namespace)}`;
		for (const rule of role.rules ?? []) if (!visit({source, rule})) return;
	}
}

/** The RBAC authorizer alone: allowed by a binding, or no opinion (with the errors it met). */
export function rbacAuthorize(objs: RbacObjects, user: UserInfo, attrs: RequestAttributes): Decision {
	let reason = '';
	const errors: string[] = [];
	let allowed = false;
	visitRules(objs, user, attrs.namespace ?? '', v => {
		if (v.error) errors.push(v.error);
		else if (v.rule && ruleAllows(attrs, v.rule)) {
			allowed = true;
			reason = `RBAC: allowed by ${v.source()}`;
			return false;
		}
		return true;
	});
	if (allowed) return {allowed, reason};
	if (errors.length === 1) return {allowed, reason: `RBAC: ${errors[0]}`};
	if (errors.length) return {allowed, reason: `RBAC: [${errors.join(', ')}]`};
	return {allowed: false, reason: ''};
}

/** The API server's decision: system:masters first, then RBAC. */
export function authorize(objs: RbacObjects, user: UserInfo, attrs: RequestAttributes): Decision {
	if ((user.groups ?? []).includes(PRIVILEGED_GROUP)) return {allowed: true, reason: ''};
	return rbacAuthorize(objs, user, attrs);
}

export interface ResourceRule {
	verbs: string[];
	apiGroups?: string[];
	resources?: string[];
	resourceNames?: string[];
}

export interface NonResourceRule {
	verbs: string[];
	nonResourceURLs?: string[];
}

export interface RulesReview {
	resourceRules: ResourceRule[];
	nonResourceRules: NonResourceRule[];
	incomplete: boolean;
	evaluationError?: string;
}

/** What a user may do in a namespace (SelfSubjectRulesReview): every rule granted, split by kind. */
export function rulesFor(objs: RbacObjects, user: UserInfo, namespace: string): RulesReview {
	const resourceRules: ResourceRule[] = [];
	const nonResourceRules: NonResourceRule[] = [];
	if ((user.groups ?? []).includes(PRIVILEGED_GROUP)) {
		resourceRules.push({verbs: ['*'], apiGroups: ['*'], resources: ['*']});
		nonResourceRules.push({verbs: ['*'], nonResourceURLs: ['*']});
	}
	const errors: string[] = [];
	visitRules(objs, user, namespace, v => {
		if (v.error) errors.push(v.error);
		const r = v.rule;
		if (!r) return true;
		if ((r.nonResourceURLs ?? []).length) nonResourceRules.push({verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs!]});
		else
			resourceRules.push({
				verbs: [...r.verbs],
				apiGroups: [...(r.apiGroups ?? [])],
				resources: [...(r.resources ?? [])],
				...(r.resourceNames?.length ? {resourceNames: [...r.resourceNames]} : {}),
			});
		return true;
	});
	return {
		resourceRules,
		nonResourceRules,
		incomplete: errors.length > 0,
		...(errors.length ? {evaluationError: errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`} : {}),
	};
}

/** The RBAC objects of a store-like lister. */
export function rbacObjects(list: (kind: string, namespace?: string) => readonly unknown[], find: (kind: string, namespace: string | undefined, name: string) => unknown): RbacObjects {
	return {
		clusterRoleBindings: () => list('ClusterRoleBinding') as ClusterRoleBinding[],
		roleBindings: ns => list('RoleBinding', ns) as RoleBinding[],
		clusterRole: name => find('ClusterRole', undefined, name) as ClusterRole | undefined,
		role: (ns, name) => find('Role', ns, name) as Role | undefined,
	};
}
