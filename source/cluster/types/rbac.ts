// rbac.authorization.k8s.io/v1: Roles, ClusterRoles and their bindings. The rules and the
// subjects live at the top level of these objects (they have no spec and no status).
import type {KObject, LabelSelector} from './meta.js';

export interface PolicyRule {
	verbs: string[];
	apiGroups?: string[];
	resources?: string[];
	resourceNames?: string[];
	nonResourceURLs?: string[];
}

export interface Subject {
	kind: 'User' | 'Group' | 'ServiceAccount' | string;
	name: string;
	apiGroup?: string;
	namespace?: string;
}

export interface RoleRef {
	apiGroup: string;
	kind: 'Role' | 'ClusterRole' | string;
	name: string;
}

export interface Role extends KObject {
	kind: 'Role';
	rules?: PolicyRule[];
}

export interface AggregationRule {
	clusterRoleSelectors?: LabelSelector[];
}

export interface ClusterRole extends KObject {
	kind: 'ClusterRole';
	rules?: PolicyRule[];
	aggregationRule?: AggregationRule;
}

export interface RoleBinding extends KObject {
	kind: 'RoleBinding';
	roleRef: RoleRef;
	subjects?: Subject[];
}

export interface ClusterRoleBinding extends KObject {
	kind: 'ClusterRoleBinding';
	roleRef: RoleRef;
	subjects?: Subject[];
}
