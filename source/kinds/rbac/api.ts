// Roles, ClusterRoles and their bindings in the API server: the v1 defaults (the API group of a
// roleRef and of User and Group subjects) and the validation of rules, references and subjects.
import type {KindApi} from '../types.js';
import {FieldErrors, GoLiteral, type Obj, child, goQuote, isObj, sameValue} from '../shared/fields.js';
import {isDNS1123Subdomain, isPathSegmentName} from '../shared/formats.js';
import {objects} from '../shared/defaults.js';
import {labelSelector} from '../shared/meta.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const stringSlice = (v: readonly string[]) => new GoLiteral(`[]string{${v.map(goQuote).join(', ')}}`);

function policyRule(e: FieldErrors, rule: Obj, p: string, namespaced: boolean): void {
	const verbs = e.strList(rule.verbs, child(p, 'verbs')) ?? [];
	const groups = e.strList(rule.apiGroups, child(p, 'apiGroups')) ?? [];
	const resources = e.strList(rule.resources, child(p, 'resources')) ?? [];
	const names = e.strList(rule.resourceNames, child(p, 'resourceNames')) ?? [];
	const urls = e.strList(rule.nonResourceURLs, child(p, 'nonResourceURLs')) ?? [];
	if (!verbs.length) e.required(child(p, 'verbs'), 'verbs must contain at least one value');
	if (urls.length) {
		if (namespaced) e.invalid(child(p, 'nonResourceURLs'), stringSlice(urls), 'namespaced rules cannot apply to non-resource URLs');
		if (groups.length || resources.length || names.length)
			e.invalid(child(p, 'nonResourceURLs'), stringSlice(urls), 'rules cannot apply to both regular resources and non-resource URLs');
		return;
	}
	if (!groups.length) e.required(child(p, 'apiGroups'), 'resource rules must supply at least one api group');
	if (!resources.length) e.required(child(p, 'resources'), 'resource rules must supply at least one resource');
	if (names.length && resources.length > 1) e.required(child(p, 'resourceNames'), 'resource names cannot apply to multiple resources');
}

function rules(e: FieldErrors, obj: Obj, namespaced: boolean): void {
	for (const [rule, p] of e.objList(obj.rules, 'rules')) policyRule(e, rule, p, namespaced);
}

function subject(e: FieldErrors, s: Obj, p: string, namespaced: boolean): void {
	const name = e.str(s.name, child(p, 'name')) ?? '';
	const kind = e.str(s.kind, child(p, 'kind')) ?? '';
	const group = e.str(s.apiGroup, child(p, 'apiGroup')) ?? '';
	const ns = e.str(s.namespace, child(p, 'namespace')) ?? '';
	if (!name) e.required(child(p, 'name'));
	switch (kind) {
		case 'ServiceAccount':
			if (name) e.each(child(p, 'name'), name, isDNS1123Subdomain(name));
			if (group) e.notSupported(child(p, 'apiGroup'), group, ['']);
			if (!namespaced && !ns) e.required(child(p, 'namespace'));
			break;
		case 'User':
		case 'Group':
			if (!name) e.invalid(child(p, 'name'), name, `${kind.toLowerCase()} name cannot be empty`);
			if (group !== RBAC_GROUP) e.notSupported(child(p, 'apiGroup'), group, [RBAC_GROUP]);
			break;
		default:
			e.notSupported(child(p, 'kind'), kind, ['ServiceAccount', 'User', 'Group']);
	}
}

function binding(e: FieldErrors, obj: Obj, kinds: readonly string[], namespaced: boolean): void {
	const ref = isObj(obj.roleRef) ? obj.roleRef : (e.obj(obj.roleRef, 'roleRef') ?? {});
	const group = e.str(ref.apiGroup, 'roleRef.apiGroup') ?? '';
	const kind = e.str(ref.kind, 'roleRef.kind') ?? '';
	const name = e.str(ref.name, 'roleRef.name') ?? '';
	if (group !== RBAC_GROUP) e.notSupported('roleRef.apiGroup', group, [RBAC_GROUP]);
	if (!kinds.includes(kind)) e.notSupported('roleRef.kind', kind, kinds);
	if (!name) e.required('roleRef.name');
	else e.each('roleRef.name', name, isPathSegmentName(name));
	for (const [s, p] of e.objList(obj.subjects, 'subjects')) subject(e, s, p, namespaced);
}

/** A roleRef as Go prints the struct in an `Invalid value:` message. */
function roleRefLiteral(ref: unknown): GoLiteral {
	const r = isObj(ref) ? ref : {};
	const field = (k: string) => goQuote(typeof r[k] === 'string' ? (r[k] as string) : '');
	return new GoLiteral(`rbac.RoleRef{APIGroup:${field('apiGroup')}, Kind:${field('kind')}, Name:${field('name')}}`);
}

function bindingDefaults(obj: Record<string, any>): void {
	if (isObj(obj.roleRef) && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
	for (const s of objects(obj.subjects)) {
		if (s.apiGroup) continue;
		if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
		else if (s.kind === 'ServiceAccount') s.apiGroup = '';
	}
}

function immutableRoleRef(e: FieldErrors, obj: Obj, old: Obj): void {
	if (!sameValue(obj.roleRef, old.roleRef)) e.invalid('roleRef', roleRefLiteral(obj.roleRef), 'cannot change roleRef');
}

const name = isPathSegmentName;

export const roleApi: KindApi = {name, validate: (e, obj) => rules(e, obj, true)};

export const clusterRoleApi: KindApi = {
	name,
	validate: (e, obj) => {
		rules(e, obj, false);
		const agg = e.obj(obj.aggregationRule, 'aggregationRule');
		if (agg) for (const [sel, p] of e.objList(agg.clusterRoleSelectors, 'aggregationRule.clusterRoleSelectors')) labelSelector(e, sel, p);
	},
};

export const roleBindingApi: KindApi = {
	name,
	defaults: bindingDefaults,
	validate: (e, obj) => binding(e, obj, ['Role', 'ClusterRole'], true),
	validateUpdate: immutableRoleRef,
};

export const clusterRoleBindingApi: KindApi = {
	name,
	defaults: bindingDefaults,
	validate: (e, obj) => binding(e, obj, ['ClusterRole'], false),
	validateUpdate: immutableRoleRef,
};
