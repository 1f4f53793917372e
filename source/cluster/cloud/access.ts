// EKS access entries, the API's alternative to the aws-auth ConfigMap. A cluster's
// authentication mode says where the authenticator looks an IAM principal up: CONFIG_MAP (aws-auth
// only), API_AND_CONFIG_MAP (access entries first, then aws-auth) or API (access entries only).
// An entry names a principal ARN, an optional Kubernetes username (EKS fills one in when none is
// given), Kubernetes groups for RBAC, and access policies that EKS's own authorizer grants beside
// RBAC, each at cluster scope or in listed namespaces. The four policies grant what the default
// ClusterRoles of the same spirit grant (cluster-admin, admin, edit, view), at cluster scope as a
// ClusterRoleBinding would and at namespace scope as RoleBindings in those namespaces would.
// Pure functions: the cluster supplies the roles and the request.
import type {PolicyRule} from '../types.js';
import {ruleAllows, type RequestAttributes} from '../api/authorizer.js';
import {canonicalize, CREATOR_ARN, type IamIdentity} from './iam.js';

export const AUTHENTICATION_MODES = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

const POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';
/** Each access policy and the default ClusterRole whose rules it grants. */
export const ACCESS_POLICIES = {
	AmazonEKSClusterAdminPolicy: 'cluster-admin',
	AmazonEKSAdminPolicy: 'admin',
	AmazonEKSEditPolicy: 'edit',
	AmazonEKSViewPolicy: 'view',
} as const;
export type AccessPolicyName = keyof typeof ACCESS_POLICIES;

export interface AccessPolicyAssociation {
	policy: AccessPolicyName;
	/** Empty for cluster scope; the namespaces for namespace scope. */
	namespaces: string[];
}

export interface AccessEntry {
	principalArn: string;
	/** As given; undefined when EKS is to fill it in. */
	username?: string;
	kubernetesGroups: string[];
	accessPolicies: AccessPolicyAssociation[];
}

export interface AccessConfig {
	authenticationMode: AuthenticationMode;
	accessEntries: AccessEntry[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const GROUP = /^[a-zA-Z0-9:_@.-]{1,255}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The policy a name or a full policy ARN stands for, or undefined. */
export function accessPolicy(name: string): AccessPolicyName | undefined {
	const short = name.startsWith(POLICY_PREFIX) ? name.slice(POLICY_PREFIX.length) : name;
	return Object.hasOwn(ACCESS_POLICIES, short) ? (short as AccessPolicyName) : undefined;
}

export function policyArn(p: AccessPolicyName): string {
	return POLICY_PREFIX + p;
}

/** An eksctl-style `accessConfig` map; throws naming the field that cannot be used. */
export function parseAccessConfig(raw: unknown, where = 'accessConfig'): AccessConfig {
	if (raw === undefined || raw === null) return {authenticationMode: 'API_AND_CONFIG_MAP', accessEntries: []};
	if (!isObj(raw)) throw new Error(`${where} must be a map`);
	const mode = raw.authenticationMode ?? 'API_AND_CONFIG_MAP';
	if (!AUTHENTICATION_MODES.includes(mode as never)) throw new Error(`${where}.authenticationMode must be one of ${AUTHENTICATION_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
	const list = raw.accessEntries ?? [];
	if (!Array.isArray(list)) throw new Error(`${where}.accessEntries must be a list`);
	if (list.length && mode === 'CONFIG_MAP') throw new Error(`${where}.accessEntries cannot be used with authenticationMode CONFIG_MAP`);
	const accessEntries = list.map((e: unknown, i) => parseAccessEntry(e, `${where}.accessEntries[${i}]`));
	const seen = new Set<string>();
	for (const [i, e] of accessEntries.entries()) {
		const key = canonicalKey(e.principalArn);
		if (seen.has(key)) throw new Error(`${where}.accessEntries[${i}]: an access entry for ${e.principalArn} is already given`);
		seen.add(key);
	}
	return {authenticationMode: mode as AuthenticationMode, accessEntries};
}

function canonicalKey(arn: string): string {
	return arn.toLowerCase();
}

function parseAccessEntry(e: unknown, where: string): AccessEntry {
	if (!isObj(e)) throw new Error(`${where} must be a map`);
	const arn = e.principalARN ?? e.principalArn;
	if (typeof arn !== 'string') throw new Error(`${where}.principalARN must be a string`);
	const c = canonicalize(arn);
	if ('error' in c) throw new Error(`${where}.principalARN: ${c.error}`);
	if (c.type !== 'user' && c.type !== 'role') throw new Error(`${where}.principalARN must be an IAM user or role ARN (arn:aws:iam::ACCOUNT:user/NAME or :role/NAME), got ${arn}`);
	const entry: AccessEntry = {principalArn: arn, kubernetesGroups: [], accessPolicies: []};
	if (e.username !== undefined) {
		if (typeof e.username !== 'string' || !e.username) throw new Error(`${where}.username must be a non-empty string`);
		if (e.username.startsWith('system:') || e.username.startsWith('eks:') || e.username.startsWith('amazon:') || e.username.startsWith('aws:'))
			throw new Error(`${where}.username cannot start with system:, eks:, amazon: or aws:`);
		entry.username = e.username;
	}
	if (e.kubernetesGroups !== undefined) {
		if (!Array.isArray(e.kubernetesGroups) || !e.kubernetesGroups.every(g => typeof g === 'string' && GROUP.test(g))) throw new Error(`${where}.kubernetesGroups must be a list of group names`);
		for (const g of e.kubernetesGroups as string[]) if (g === 'system:masters' || g.startsWith('system:') || g.startsWith('eks:')) throw new Error(`${where}.kubernetesGroups cannot hold ${g}: groups starting with system: or eks: are reserved`);
		entry.kubernetesGroups = [...(e.kubernetesGroups as string[])];
	}
	if (e.accessPolicies !== undefined) {
		if (!Array.isArray(e.accessPolicies)) throw new Error(`${where}.accessPolicies must be a list`);
		entry.accessPolicies = e.accessPolicies.map((p: unknown, j) => {
			const at = `${where}.accessPolicies[${j}]`;
			if (!isObj(p)) throw new Error(`${at} must be a map`);
			const name = p.policyARN ?? p.policyArn;
			const policy = typeof name === 'string' ? accessPolicy(name) : undefined;
			if (!policy) throw new Error(`${at}.policyARN must be one of ${(Object.keys(ACCESS_POLICIES) as AccessPolicyName[]).map(policyArn).join(', ')}, got ${JSON.stringify(name ?? null)}`);
			const scope = p.accessScope;
			if (!isObj(scope)) throw new Error(`${at}.accessScope must be a map with a type of cluster or namespace`);
			if (scope.type === 'cluster') {
				if (scope.namespaces !== undefined && !(Array.isArray(scope.namespaces) && scope.namespaces.length === 0)) throw new Error(`${at}.accessScope.namespaces can only be given with type namespace`);
				return {policy, namespaces: []};
			}
			if (scope.type !== 'namespace') throw new Error(`${at}.accessScope.type must be cluster or namespace, got ${JSON.stringify(scope.type ?? null)}`);
			const ns = scope.namespaces;
			if (!Array.isArray(ns) || !ns.length || !ns.every(n => typeof n === 'string' && NAMESPACE.test(n))) throw new Error(`${at}.accessScope.namespaces must be a non-empty list of namespace names`);
			return {policy, namespaces: [...new Set(ns as string[])]};
		});
	}
	return entry;
}

/** The entry of a principal: an STS assumed-role ARN finds its role's entry. */
export function findAccessEntry(entries: readonly AccessEntry[], id: IamIdentity): AccessEntry | undefined {
	const want = canonicalKey(id.canonicalArn);
	return entries.find(e => canonicalKey(e.principalArn) === want);
}

/** The user an entry makes of an identity: its username, or the one EKS fills in. */
export function accessEntryUser(entry: AccessEntry, id: IamIdentity): {username: string; groups: string[]} {
	let username = entry.username;
	if (username === undefined) {
		const c = canonicalize(entry.principalArn);
		const isRole = !('error' in c) && c.type === 'role';
		const roleName = entry.principalArn.split('/').at(-1)!;
		const partition = entry.principalArn.split(':')[1]!;
		username = isRole ? `arn:${partition}:sts::${id.accountId}:assumed-role/${roleName}/{{SessionName}}` : entry.principalArn;
	}
	username = username.replaceAll('{{SessionName}}', id.sessionName).replaceAll('{{AccountID}}', id.accountId);
	return {username, groups: [...entry.kubernetesGroups]};
}

/**
 * Whether an entry's access policies allow a request. `rules` gives the rules of a default
 * ClusterRole. A namespace-scoped association allows only requests in its namespaces.
 */
export function accessPoliciesAllow(entry: AccessEntry, attrs: RequestAttributes, rules: (clusterRole: string) => readonly PolicyRule[]): AccessPolicyAssociation | undefined {
	for (const a of entry.accessPolicies) {
		if (a.namespaces.length) {
			if (!attrs.namespace || !a.namespaces.includes(attrs.namespace)) continue;
		}
		if (rules(ACCESS_POLICIES[a.policy]).some(r => ruleAllows(attrs, r))) return a;
	}
	return undefined;
}


/**
 * The access configuration a cluster starts with: in the API modes EKS gives the cluster's
 * creator an entry with AmazonEKSClusterAdminPolicy unless told not to (in CONFIG_MAP mode the
 * creator is mapped out of sight instead).
 */
export function withCreatorEntry(config: AccessConfig, bootstrap: boolean): AccessConfig {
	if (config.authenticationMode === 'CONFIG_MAP' || !bootstrap) return config;
	if (config.accessEntries.some(e => canonicalKey(e.principalArn) === canonicalKey(CREATOR_ARN))) return config;
	return {...config, accessEntries: [{principalArn: CREATOR_ARN, kubernetesGroups: [], accessPolicies: [{policy: 'AmazonEKSClusterAdminPolicy', namespaces: []}]}, ...config.accessEntries]};
}
