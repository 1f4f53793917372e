// The RBAC policy every cluster starts with (the API server's bootstrap policy): the user-facing
// ClusterRoles cluster-admin, admin, edit and view (the last three aggregated from labelled
// roles), the roles every authenticated user holds, and their ClusterRoleBindings. The rules are
// the facts of Kubernetes 1.32.
import type {ClusterRole, ClusterRoleBinding, PolicyRule} from './types.js';

const GROUP = 'rbac.authorization.k8s.io';
const API_VERSION = `${GROUP}/v1`;
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({apiGroups, resources, verbs});
const urls = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({nonResourceURLs, verbs});

function meta(name: string, labels: Record<string, string> = {}) {
	return {
		name,
		labels: {'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels},
		annotations: {'rbac.authorization.kubernetes.io/autoupdate': 'true'},
	};
}

function clusterRole(name: string, rules: PolicyRule[] | undefined, labels?: Record<string, string>, aggregateFrom?: string): ClusterRole {
	return {
		apiVersion: API_VERSION,
		kind: 'ClusterRole',
		metadata: meta(name, labels),
		...(aggregateFrom ? {aggregationRule: {clusterRoleSelectors: [{matchLabels: {[`${GROUP}/aggregate-to-${aggregateFrom}`]: 'true'}}]}} : {}),
		...(rules ? {rules} : {}),
	};
}

const aggregateTo = (role: string) => ({[`${GROUP}/aggregate-to-${role}`]: 'true'});

export const DEFAULT_CLUSTER_ROLES: ClusterRole[] = [
	clusterRole('admin', undefined, {}, 'admin'),
	clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
	clusterRole('edit', undefined, aggregateTo('admin'), 'edit'),
	clusterRole('system:aggregate-to-admin', [rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']), rule([GROUP], ['rolebindings', 'roles'], ALL)], aggregateTo('admin')),
	clusterRole(
		'system:aggregate-to-edit',
		[
			rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
			rule([''], ['serviceaccounts'], ['impersonate']),
			rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
			rule([''], ['pods/eviction'], ['create']),
			rule([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
			rule([''], ['serviceaccounts/token'], ['create']),
			rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
			rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
			rule(['batch'], ['cronjobs', 'jobs'], WRITE),
			rule(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
			rule(['policy'], ['poddisruptionbudgets'], WRITE),
			rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
			rule(['coordination.k8s.io'], ['leases'], ALL),
		],
		aggregateTo('edit'),
	),
	clusterRole(
		'system:aggregate-to-view',
		[
			rule([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
			rule([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
			rule([''], ['namespaces'], READ),
			rule(['discovery.k8s.io'], ['endpointslices'], READ),
			rule(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
			rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
			rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
			rule(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
			rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
			rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
		],
		aggregateTo('view'),
	),
	clusterRole('system:basic-user', [
		rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
		rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
	]),
	clusterRole('system:discovery', [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], ['get'])]),
	clusterRole('system:public-info-viewer', [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get'])]),
	clusterRole('view', undefined, aggregateTo('edit'), 'view'),
];

function binding(name: string, role: string, groups: string[]): ClusterRoleBinding {
	return {
		apiVersion: API_VERSION,
		kind: 'ClusterRoleBinding',
		metadata: meta(name),
		roleRef: {apiGroup: GROUP, kind: 'ClusterRole', name: role},
		subjects: groups.map(g => ({apiGroup: GROUP, kind: 'Group', name: g})),
	};
}

export const DEFAULT_CLUSTER_ROLE_BINDINGS: ClusterRoleBinding[] = [
	binding('cluster-admin', 'cluster-admin', ['system:masters']),
	binding('system:basic-user', 'system:basic-user', ['system:authenticated']),
	binding('system:discovery', 'system:discovery', ['system:authenticated']),
	binding('system:public-info-viewer', 'system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
];
