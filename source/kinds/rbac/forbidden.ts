// `w` on a refused request (`:user jane` listing what she may not, or an action she may not take):
// what was asked (verb, resource, API group, namespace), what is bound to the user and their
// groups, and which binding would let the request through, as the `kubectl create` lines to type.
import {apiGroupMatches, appliesTo, parseServiceAccountUser, resourceMatches, ruleAllows, type RbacObjects, type RequestAttributes} from '../../cluster/api/authorizer.js';
import type {ClusterRole, Role} from '../../cluster/types.js';
import type {Finding, Said, UserInfo} from '../types.js';

/** The ClusterRoles offered first, the smallest first (the defaults every cluster has). */
const DEFAULT_ROLES = ['view', 'edit', 'admin'];
const AUTHENTICATED = 'system:authenticated';

function allows(role: Role | ClusterRole | undefined, attrs: RequestAttributes): boolean {
	return (role?.rules ?? []).some(r => ruleAllows(attrs, r));
}

/** What a role grants on the resource asked: its verbs there, or that it grants nothing there. */
function onResource(role: Role | ClusterRole | undefined, attrs: RequestAttributes, resource: string): string {
	if (!role) return 'not found';
	const sub = attrs.subresource ?? '';
	const combined = sub ? `${attrs.resource}/${sub}` : attrs.resource!;
	const verbs = new Set<string>();
	for (const r of role.rules ?? []) if (apiGroupMatches(r, attrs.apiGroup ?? '') && resourceMatches(r, combined, sub)) for (const v of r.verbs ?? []) verbs.add(v);
	return verbs.size ? `${resource}: ${[...verbs].join(', ')}` : `nothing on ${resource}`;
}

/** `--resource=` as kubectl create role takes it: `pods`, `deployments.apps`, `pods/log`. */
function resourceFlag(attrs: RequestAttributes): string {
	const base = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource!;
	return attrs.subresource ? `${base}/${attrs.subresource}` : base;
}

/** A name for the binding or role made for the user: DNS-safe, from the user and what it grants. */
function nameFor(user: UserInfo, what: string): string {
	const sa = parseServiceAccountUser(user.username);
	const who = (sa ? sa.name : user.username).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'user';
	return `${who}-${what.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}`.slice(0, 63).replace(/[-.]+$/, '');
}

function subjectFlag(user: UserInfo): string {
	const sa = parseServiceAccountUser(user.username);
	return sa ? `--serviceaccount=${sa.namespace}:${sa.name}` : `--user=${user.username}`;
}

/** What is bound to the user or their groups, a line per binding with what its role grants on the resource. */
function boundLines(objs: RbacObjects, user: UserInfo, attrs: RequestAttributes, resource: string): string[] {
	const out: string[] = [];
	const namespace = attrs.namespace;
	for (const b of objs.clusterRoleBindings()) {
		const s = (b.subjects ?? []).find(x => appliesTo(user, x, ''));
		if (!s) continue;
		out.push(`ClusterRoleBinding ${b.metadata.name} → ClusterRole ${b.roleRef?.name ?? ''} (${s.kind} ${s.name}): ${onResource(objs.clusterRole(b.roleRef?.name ?? ''), attrs, resource)}`);
	}
	if (namespace)
		for (const b of objs.roleBindings(namespace)) {
			const s = (b.subjects ?? []).find(x => appliesTo(user, x, namespace));
			if (!s) continue;
			const ref = b.roleRef;
			const role = ref?.kind === 'ClusterRole' ? objs.clusterRole(ref.name) : ref?.kind === 'Role' ? objs.role(namespace, ref.name) : undefined;
			out.push(`RoleBinding ${namespace}/${b.metadata.name} → ${ref?.kind ?? 'Role'} ${ref?.name ?? ''} (${s.kind} ${s.name}): ${onResource(role, attrs, resource)}`);
		}
	return out;
}

/**
 * The diagnosis of a request RBAC refused: `message` is the API server's 403 text. `roles` lists
 * the Roles of the namespace and the ClusterRoles there are, to find one that would allow it.
 */
export function whyForbidden(objs: RbacObjects & {roles(namespace: string): readonly Role[]; clusterRoles(): readonly ClusterRole[]}, user: UserInfo, attrs: RequestAttributes, message: string): Finding[] {
	const groups = (user.groups ?? []).filter(g => g !== AUTHENTICATED);
	const groupText = [...groups, ...((user.groups ?? []).includes(AUTHENTICATED) ? [AUTHENTICATED] : [])].join(', ') || '-';
	const ns = attrs.namespace;
	if (attrs.resource === undefined) return [{level: 'bad', message: 'why.forbidden.path', values: {user: user.username, verb: attrs.verb, path: attrs.nonResourceURL ?? ''}, lines: [message]}];
	const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
	const values = {user: user.username, verb: attrs.verb, resource, group: attrs.apiGroup ?? '', namespace: ns ?? ''};
	const out: Finding[] = [{level: 'bad', message: ns ? 'why.forbidden.deniedIn' : 'why.forbidden.deniedCluster', values, lines: [message]}];
	const bound = boundLines(objs, user, attrs, resource);
	out.push(bound.length ? {level: 'info', message: 'why.forbidden.bound', values: {user: user.username, groups: groupText}, lines: bound} : {level: 'info', message: 'why.forbidden.noneBound', values: {user: user.username, groups: groupText}});

	const fixes: Said[] = [];
	const subject = subjectFlag(user);
	if (ns) {
		const role = objs.roles(ns).find(r => allows(r, attrs));
		if (role) fixes.push({message: 'why.forbidden.fix.bindRole', values: {role: role.metadata.name, namespace: ns, command: `kubectl create rolebinding ${nameFor(user, role.metadata.name)} --role=${role.metadata.name} ${subject} --namespace=${ns}`}});
	}
	const clusterRoles = objs.clusterRoles();
	const preferred = [
		...DEFAULT_ROLES.map(n => clusterRoles.find(r => r.metadata.name === n)),
		...clusterRoles.filter(r => !DEFAULT_ROLES.includes(r.metadata.name) && !r.metadata.name.startsWith('system:') && r.metadata.name !== 'cluster-admin').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)),
	].find(r => allows(r, attrs));
	if (preferred) {
		const name = preferred.metadata.name;
		fixes.push(
			ns
				? {message: 'why.forbidden.fix.bindClusterRole', values: {role: name, namespace: ns, command: `kubectl create rolebinding ${nameFor(user, name)} --clusterrole=${name} ${subject} --namespace=${ns}`}}
				: {message: 'why.forbidden.fix.bindClusterRoleEverywhere', values: {role: name, command: `kubectl create clusterrolebinding ${nameFor(user, name)} --clusterrole=${name} ${subject}`}},
		);
	}
	const own = nameFor(user, `${attrs.verb}-${attrs.resource}${attrs.subresource ? `-${attrs.subresource}` : ''}`);
	const rule = `--verb=${attrs.verb} --resource=${resourceFlag(attrs)}${attrs.name && attrs.verb !== 'create' ? ` --resource-name=${attrs.name}` : ''}`;
	if (ns) {
		fixes.push({message: fixes.length ? 'why.forbidden.fix.newRole' : 'why.forbidden.fix.newRoleOnly', values: {command: `kubectl create role ${own} ${rule} --namespace=${ns}`}});
		fixes.push({message: 'why.forbidden.fix.bindNew', values: {user: user.username, command: `kubectl create rolebinding ${own} --role=${own} ${subject} --namespace=${ns}`}});
	} else {
		fixes.push({message: fixes.length ? 'why.forbidden.fix.newClusterRole' : 'why.forbidden.fix.newClusterRoleOnly', values: {command: `kubectl create clusterrole ${own} ${rule}`}});
		fixes.push({message: 'why.forbidden.fix.bindNew', values: {user: user.username, command: `kubectl create clusterrolebinding ${own} --clusterrole=${own} ${subject}`}});
	}
	out[1]!.fixes = fixes;
	out.push({level: 'info', message: 'why.forbidden.asAdmin'});
	return out;
}
