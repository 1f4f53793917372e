// How EKS turns an IAM identity into a Kubernetes user (the AWS IAM Authenticator, run by AWS as
// part of the control plane): the caller's ARN, canonicalised (an STS assumed-role ARN becomes
// its IAM role ARN, the role's path lost), is looked up first in the mapping EKS keeps for the
// cluster's creator (system:masters, not shown anywhere in the cluster), then in the aws-auth
// ConfigMap of kube-system: mapRoles by rolearn, mapUsers by userarn, mapAccounts by account.
// The ConfigMap is read as it is at each request, so an edit takes effect on the next one.
// Pure functions: the API server supplies the token's identity and the cluster's nodes.
import {parse} from 'yaml';

/** The AWS account of the simulated cluster (the account AWS's documentation uses in examples). */
export const ACCOUNT_ID = '111122223333';
/** The IAM user that created the cluster. */
export const CREATOR_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/admin`;
/** The user name EKS gives the creator. */
export const CREATOR_USERNAME = 'kubernetes-admin';

export const AWS_AUTH = {namespace: 'kube-system', name: 'aws-auth'};
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'];

export type PrincipalType = 'user' | 'role' | 'root' | 'assumed-role' | 'federated-user';

/** What STS GetCallerIdentity tells the authenticator, with the ARN canonicalised. */
export interface IamIdentity {
	arn: string;
	canonicalArn: string;
	type: PrincipalType;
	accountId: string;
	/** The principal's unique id (AIDA... for a user, AROA... for a role). */
	userId: string;
	/** An assumed role's session name ('' otherwise). */
	sessionName: string;
	accessKeyId: string;
}

/** An ARN's type and canonical form, or why the authenticator refuses it. */
export function canonicalize(arn: string): {type: PrincipalType; canonical: string; accountId: string} | {error: string} {
	const parts = arn.split(':');
	if (parts.length < 6 || parts[0] !== 'arn') return {error: `arn '${arn}' is invalid`};
	const [, partition, service, , accountId] = parts as [string, string, string, string, string];
	const resource = parts.slice(5).join(':');
	if (!PARTITIONS.includes(partition)) return {error: `arn '${arn}' does not have a recognized partition`};
	const segs = resource.split('/');
	if (service === 'sts') {
		if (segs[0] === 'federated-user') return {type: 'federated-user', canonical: arn, accountId};
		if (segs[0] === 'assumed-role') {
			if (segs.length < 3) return {error: `assumed-role arn '${arn}' does not have a role`};
			return {type: 'assumed-role', canonical: `arn:${partition}:iam::${accountId}:role/${segs.slice(1, -1).join('/')}`, accountId};
		}
		return {error: `unrecognized resource ${resource} for service sts`};
	}
	if (service === 'iam') {
		if (segs[0] === 'role' || segs[0] === 'user' || segs[0] === 'root') return {type: segs[0], canonical: arn, accountId};
		return {error: `unrecognized resource ${resource} for service iam`};
	}
	return {error: `service ${service} in arn ${arn} is not a valid service for identities`};
}

export interface IdentityMapping {
	arn: string;
	username: string;
	groups: string[];
}

/** The aws-auth ConfigMap as the authenticator reads it: what it could use and what it skipped. */
export interface AwsAuth {
	roles: IdentityMapping[];
	users: IdentityMapping[];
	accounts: string[];
	problems: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key of an entry matched without regard to case, as Go's JSON decoder matches field names. */
function field(entry: Record<string, unknown>, name: string): unknown {
	for (const [k, v] of Object.entries(entry)) if (k.toLowerCase() === name) return v;
	return undefined;
}

function skippable(text: string): boolean {
	const t = text.trim();
	return t === '' || t === '``' || t === '""';
}

/** The YAML list under one key, or a problem; never throws. */
function yamlList(data: Record<string, unknown>, key: string, problems: string[]): unknown[] {
	const text = data[key];
	if (text === undefined) return [];
	if (typeof text !== 'string') {
		problems.push(`${key}: not a string`);
		return [];
	}
	if (skippable(text)) return [];
	let doc: unknown;
	try {
		doc = parse(text, {logLevel: 'error', maxAliasCount: 100});
	} catch (e) {
		problems.push(`${key}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
		return [];
	}
	if (doc === null || doc === undefined) return [];
	if (!Array.isArray(doc)) {
		problems.push(`${key}: must be a list`);
		return [];
	}
	return doc;
}

function mappings(data: Record<string, unknown>, key: 'mapRoles' | 'mapUsers', arnKey: 'rolearn' | 'userarn', problems: string[]): IdentityMapping[] {
	const out: IdentityMapping[] = [];
	yamlList(data, key, problems).forEach((entry, i) => {
		const where = `${key}[${i}]`;
		if (!isObj(entry)) return problems.push(`${where}: must be a map`);
		const arn = field(entry, arnKey);
		if (typeof arn !== 'string' || !arn) return problems.push(`${where}: ${arnKey} must be supplied`);
		const username = field(entry, 'username');
		if (typeof username !== 'string' || !username) return problems.push(`${where}: username must be supplied`);
		const raw = field(entry, 'groups');
		let groups: string[] = [];
		if (Array.isArray(raw) && raw.every(g => typeof g === 'string')) groups = raw as string[];
		else if (raw !== undefined && raw !== null) problems.push(`${where}: groups must be a list of strings (left out)`);
		out.push({arn, username, groups});
	});
	return out;
}

/** Reads an aws-auth ConfigMap's data; bad entries are reported and skipped, never thrown. */
export function parseAwsAuth(data: unknown): AwsAuth {
	const problems: string[] = [];
	const d = isObj(data) ? data : {};
	const roles = mappings(d, 'mapRoles', 'rolearn', problems);
	const users = mappings(d, 'mapUsers', 'userarn', problems);
	const accounts: string[] = [];
	yamlList(d, 'mapAccounts', problems).forEach((a, i) => {
		if (typeof a === 'string' || typeof a === 'number') accounts.push(String(a));
		else problems.push(`mapAccounts[${i}]: must be an account id`);
	});
	return {roles, users, accounts, problems};
}

const INSTANCE_ID = /^i-(\w{8}|\w{17})$/;

/** A username or group with the authenticator's templates filled in, or why it cannot be. */
function render(template: string, id: IamIdentity, privateDnsName: (instanceId: string) => string | undefined): string | {error: string} {
	let out = template;
	if (out.includes('{{EC2PrivateDNSName}}')) {
		if (!INSTANCE_ID.test(id.sessionName)) return {error: 'SessionName did not contain an instance id'};
		const dns = privateDnsName(id.sessionName);
		if (!dns) return {error: `instance ${id.sessionName} not found`};
		out = out.replaceAll('{{EC2PrivateDNSName}}', dns);
	}
	return out
		.replaceAll('{{AccountID}}', id.accountId)
		.replaceAll('{{SessionName}}', id.sessionName.replaceAll('@', '-'))
		.replaceAll('{{SessionNameRaw}}', id.sessionName)
		.replaceAll('{{AccessKeyID}}', id.accessKeyId);
}

/**
 * The Kubernetes user an IAM identity is, or why it is none (then the API server answers 401):
 * the creator first (unless the cluster's access entries map it), then mapRoles, mapUsers and mapAccounts.
 */
export function mapIdentity(auth: AwsAuth, id: IamIdentity, privateDnsName: (instanceId: string) => string | undefined, creator = true): {username: string; groups: string[]} | {error: string} {
	const arn = id.canonicalArn.toLowerCase();
	if (creator && arn === CREATOR_ARN.toLowerCase()) return {username: CREATOR_USERNAME, groups: ['system:masters']};
	// later entries for the same ARN win, as they overwrite earlier ones in the authenticator's map
	const found = [...auth.roles].reverse().find(m => m.arn.toLowerCase() === arn) ?? [...auth.users].reverse().find(m => m.arn.toLowerCase() === arn);
	if (found) {
		const username = render(found.username, id, privateDnsName);
		if (typeof username !== 'string') return {error: `error rendering username template ${JSON.stringify(found.username)}: ${username.error}`};
		const groups: string[] = [];
		for (const g of found.groups) {
			const r = render(g, id, privateDnsName);
			if (typeof r !== 'string') return {error: `error rendering group template ${JSON.stringify(g)}: ${r.error}`};
			groups.push(r);
		}
		return {username, groups};
	}
	if (auth.accounts.includes(id.accountId)) return {username: id.canonicalArn, groups: []};
	return {error: 'ARN is not mapped'};
}

/** The IAM role of a node group's instances, named as eksctl names it. */
export function nodeInstanceRoleArn(cluster: string, nodeGroup: string): string {
	let h = 0x811c9dc5;
	for (const c of `${cluster}/${nodeGroup}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
	const suffix = h.toString(36).toUpperCase().padStart(7, '0').slice(0, 7);
	return `arn:aws:iam::${ACCOUNT_ID}:role/eksctl-${cluster}-nodegroup-${nodeGroup}-NodeInstanceRole-${suffix}`;
}

/** The aws-auth ConfigMap EKS writes when managed node groups are created: their instance roles as nodes. */
export function awsAuthConfigMap(roleArns: string[]) {
	const mapRoles = roleArns.map(arn => `- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: ${arn}\n  username: system:node:{{EC2PrivateDNSName}}\n`).join('');
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {...AWS_AUTH}, data: {mapRoles}};
}
