// Role, ClusterRole, RoleBinding, ClusterRoleBinding: rbac.authorization.k8s.io/v1.
import type {ClusterRole, KObject, PolicyRule, RoleRef, Subject} from '../../cluster/types.js';
import type {Column, KindInfo} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {clusterRoleApi, clusterRoleBindingApi, roleApi, roleBindingApi} from './api.js';
import {policyRuleRows} from './rules.js';
import {bindingEscalation, roleEscalation} from './escalation.js';

const GROUP = 'rbac.authorization.k8s.io';
const API_VERSION = `${GROUP}/v1`;

interface RuleHolder extends KObject {
	rules?: PolicyRule[];
}

interface Binding extends KObject {
	roleRef?: RoleRef;
	subjects?: Subject[];
}

const ROLE_COLUMNS: Column[] = [
	{name: 'Name', type: 'string', priority: 0, format: 'name'},
	{name: 'Created At', type: 'string', priority: 0, keep: 1, description: 'CreationTimestamp is a timestamp representing the server time when this object was created.'},
];

const BINDING_COLUMNS: Column[] = [
	{name: 'Name', type: 'string', priority: 0, format: 'name'},
	{name: 'Role', type: 'string', priority: 0, description: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'},
	{name: 'Age', type: 'date', priority: 0},
	{name: 'Users', type: 'string', priority: 1, description: 'Users in the roleBinding'},
	{name: 'Groups', type: 'string', priority: 1, description: 'Groups in the roleBinding'},
	{name: 'ServiceAccounts', type: 'string', priority: 1, description: 'ServiceAccounts in the roleBinding'},
];

/** CREATED AT: the creation time in UTC, RFC 3339 to the second. */
function createdAt(obj: KObject): string {
	const t = obj.metadata.creationTimestamp;
	if (!t) return '0001-01-01T00:00:00Z';
	return new Date(Date.parse(t)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A binding's subjects by kind: users, groups and service accounts (`namespace:name` when the namespace is given). */
export function subjectsByKind(subjects: readonly Subject[] | undefined): {users: string[]; groups: string[]; serviceAccounts: string[]} {
	const out = {users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[]};
	for (const s of subjects ?? []) {
		if (s.kind === 'User') out.users.push(s.name);
		else if (s.kind === 'Group') out.groups.push(s.name);
		else if (s.kind === 'ServiceAccount') out.serviceAccounts.push(s.namespace ? `${s.namespace}:${s.name}` : s.name);
	}
	return out;
}

function describeRole(role: RuleHolder): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', role.metadata.name);
	w.labels('Labels', role.metadata.labels);
	w.annotations('Annotations', role.metadata.annotations);
	w.write(0, 'PolicyRule:\n');
	w.table(1, ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], policyRuleRows(role.rules));
	return w.toString();
}

function describeBinding(b: Binding): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', b.metadata.name);
	w.labels('Labels', b.metadata.labels);
	w.annotations('Annotations', b.metadata.annotations);
	w.write(0, 'Role:\n');
	w.item(1, 'Kind', b.roleRef?.kind ?? '');
	w.item(1, 'Name', b.roleRef?.name ?? '');
	w.write(0, 'Subjects:\n');
	w.table(1, ['Kind', 'Name', 'Namespace'], (b.subjects ?? []).map(s => [s.kind, s.name, s.namespace ?? '']));
	return w.toString();
}

const roleRow = (obj: KObject) => [obj.metadata.name, createdAt(obj)];

const bindingRow = (obj: Binding, ctx: {now: number}) => {
	const {users, groups, serviceAccounts} = subjectsByKind(obj.subjects);
	return [
		obj.metadata.name,
		`${obj.roleRef?.kind ?? ''}/${obj.roleRef?.name ?? ''}`,
		age(obj.metadata.creationTimestamp, ctx.now),
		users.join(', '),
		groups.join(', '),
		serviceAccounts.join(', '),
	];
};

const rbacKind = (kind: string, plural: string, namespaced: boolean): Omit<KindInfo, 'columns' | 'row'> => ({
	kind,
	group: GROUP,
	version: 'v1',
	apiVersion: API_VERSION,
	plural,
	singular: kind.toLowerCase(),
	namespaced,
	shortNames: [],
	categories: [],
	subresources: [],
	capabilities: {creatable: true},
});

export const role: KindInfo = {
	...rbacKind('Role', 'roles', true),
	api: {...roleApi, authorizeWrite: (o, a) => roleEscalation('roles')(o as RuleHolder, a)},
	protobuf: 'k8s.io.api.rbac.v1.Role',
	columns: ROLE_COLUMNS,
	row: roleRow,
	describe: o => describeRole(o as RuleHolder),
};

export const clusterRole: KindInfo = {
	...rbacKind('ClusterRole', 'clusterroles', false),
	api: {...clusterRoleApi, authorizeWrite: (o, a) => roleEscalation('clusterroles')(o as RuleHolder, a)},
	protobuf: 'k8s.io.api.rbac.v1.ClusterRole',
	columns: ROLE_COLUMNS,
	row: roleRow,
	describe: o => describeRole(o as ClusterRole),
};

export const roleBinding: KindInfo = {
	...rbacKind('RoleBinding', 'rolebindings', true),
	api: {...roleBindingApi, authorizeWrite: (o, a) => bindingEscalation(o as Binding, a)},
	protobuf: 'k8s.io.api.rbac.v1.RoleBinding',
	columns: BINDING_COLUMNS,
	row: (o, ctx) => bindingRow(o as Binding, ctx),
	describe: o => describeBinding(o as Binding),
};

export const clusterRoleBinding: KindInfo = {
	...rbacKind('ClusterRoleBinding', 'clusterrolebindings', false),
	api: {...clusterRoleBindingApi, authorizeWrite: (o, a) => bindingEscalation(o as Binding, a)},
	protobuf: 'k8s.io.api.rbac.v1.ClusterRoleBinding',
	columns: BINDING_COLUMNS,
	row: (o, ctx) => bindingRow(o as Binding, ctx),
	describe: o => describeBinding(o as Binding),
};
