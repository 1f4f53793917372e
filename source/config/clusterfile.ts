// `kubesim --cluster cluster.yaml`: an EKS cluster described in the spirit of eksctl's
// ClusterConfig (apiVersion eksctl.io/v1alpha5): its name and region, managed node groups with
// their instance type and sizes, labels and taints, Fargate profiles, and accessConfig (the
// authentication mode and access entries), and users of static tokens.
import {parse} from 'yaml';
import type {ClusterOptions} from '../cluster/index.js';
import {parseAccessConfig} from '../cluster/cloud/access.js';
import {nodeGroupProblem, type NodeGroupSpec} from '../cluster/cloud/profile.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
/** The price list is us-east-1's; another region would be billed at the wrong prices. */
const REGIONS = ['us-east-1'];

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown, where: string): Record<string, string> | undefined {
	if (v === undefined) return undefined;
	if (!isObj(v) || !Object.values(v).every(x => typeof x === 'string')) throw new Error(`${where} must be a map of strings`);
	return v as Record<string, string>;
}

function whole(v: unknown, where: string): number {
	if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${where} must be a whole number`);
	return v;
}

/** A user of a static token, as `kubesim serve --user` makes one, the token given or made for the run. */
export interface ClusterFileUser {
	name: string;
	token?: string;
	groups: string[];
}

function parseUsers(raw: unknown): ClusterFileUser[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw new Error('users must be a list');
	const users = raw.map((u: unknown, i) => {
		const where = `users[${i}]`;
		if (!isObj(u)) throw new Error(`${where} must be a map with a name, and optionally a token and groups`);
		for (const k of Object.keys(u)) if (!['name', 'token', 'groups'].includes(k)) throw new Error(`${where}: unknown field "${k}" (a user has name, token and groups)`);
		if (typeof u.name === 'string' && u.name.startsWith('system:')) throw new Error(`${where}.name: the system: prefix is kept for Kubernetes' own users`);
		if (typeof u.name !== 'string' || !u.name.trim() || /[\s,:]/.test(u.name)) throw new Error(`${where}.name must be a user name without spaces, commas or colons`);
		if (u.token !== undefined && (typeof u.token !== 'string' || !/^[\x21-\x7e]{8,}$/.test(u.token))) throw new Error(`${where}.token must be at least 8 printable characters without spaces`);
		if (u.groups !== undefined && (!Array.isArray(u.groups) || !u.groups.every(g => typeof g === 'string' && g.trim() && !g.includes(',')))) throw new Error(`${where}.groups must be a list of group names`);
		return {name: u.name, ...(u.token !== undefined ? {token: u.token as string} : {}), groups: [...((u.groups as string[] | undefined) ?? [])]};
	});
	const names = new Set<string>();
	const tokens = new Set<string>();
	users.forEach((u, i) => {
		if (names.has(u.name)) throw new Error(`users[${i}]: user ${u.name} is already given`);
		if (u.token !== undefined && tokens.has(u.token)) throw new Error(`users[${i}]: the token is already another user's`);
		names.add(u.name);
		if (u.token !== undefined) tokens.add(u.token);
	});
	return users;
}

/** The createCluster options a ClusterConfig text asks for, and its users; throws with the reason when it cannot be used. */
export function parseClusterFile(text: string): Pick<ClusterOptions, 'profile' | 'name' | 'eks'> & {users?: ClusterFileUser[]} {
	let doc: unknown;
	try {
		doc = parse(text, {logLevel: 'error'});
	} catch (e) {
		throw new Error(`the cluster file is not YAML: ${(e as Error).message.split('\n')[0]}`);
	}
	if (!isObj(doc)) throw new Error('the cluster file must be a ClusterConfig (a YAML map)');
	if (doc.kind !== 'ClusterConfig') throw new Error(`the cluster file's kind must be ClusterConfig, got ${JSON.stringify(doc.kind ?? null)}`);
	if (doc.apiVersion !== 'eksctl.io/v1alpha5') throw new Error(`the cluster file's apiVersion must be eksctl.io/v1alpha5, got ${JSON.stringify(doc.apiVersion ?? null)}`);
	const meta = isObj(doc.metadata) ? doc.metadata : {};
	const name = meta.name ?? 'kubesim';
	if (typeof name !== 'string' || !/^[a-zA-Z][-a-zA-Z0-9]{0,99}$/.test(name)) throw new Error('metadata.name must start with a letter and hold letters, digits and "-" (at most 100)');
	const region = meta.region ?? 'us-east-1';
	if (typeof region !== 'string' || !REGIONS.includes(region)) throw new Error(`metadata.region: only ${REGIONS.join(', ')} is simulated (its prices are the ones kept), got ${JSON.stringify(region)}`);
	const raw = doc.managedNodeGroups ?? doc.nodeGroups ?? [];
	if (!Array.isArray(raw)) throw new Error('managedNodeGroups must be a list');
	const nodeGroups: NodeGroupSpec[] = raw.map((g: unknown, i) => {
		const where = `managedNodeGroups[${i}]`;
		if (!isObj(g)) throw new Error(`${where} must be a map`);
		if (typeof g.name !== 'string') throw new Error(`${where}.name must be a string`);
		const instanceType = g.instanceType ?? 'm5.large';
		if (typeof instanceType !== 'string') throw new Error(`${where}.instanceType must be a string`);
		const desired = whole(g.desiredCapacity ?? g.minSize ?? 2, `${where}.desiredCapacity`);
		const spec: NodeGroupSpec = {
			name: g.name,
			instanceType,
			minSize: whole(g.minSize ?? desired, `${where}.minSize`),
			maxSize: whole(g.maxSize ?? desired, `${where}.maxSize`),
			desiredSize: desired,
		};
		const labels = strings(g.labels, `${where}.labels`);
		if (labels) spec.labels = labels;
		if (g.taints !== undefined) {
			if (!Array.isArray(g.taints)) throw new Error(`${where}.taints must be a list`);
			spec.taints = g.taints.map((t: unknown, j) => {
				if (!isObj(t) || typeof t.key !== 'string' || !EFFECTS.includes(t.effect as never) || (t.value !== undefined && typeof t.value !== 'string'))
					throw new Error(`${where}.taints[${j}] needs a key, an optional value and an effect of ${EFFECTS.join(', ')}`);
				return {key: t.key, ...(t.value !== undefined ? {value: t.value as string} : {}), effect: t.effect as (typeof EFFECTS)[number]};
			});
		}
		const problem = nodeGroupProblem(spec);
		if (problem) throw new Error(problem);
		return spec;
	});
	if (new Set(nodeGroups.map(g => g.name)).size !== nodeGroups.length) throw new Error('two managedNodeGroups have the same name');
	const fp = doc.fargateProfiles ?? [];
	if (!Array.isArray(fp)) throw new Error('fargateProfiles must be a list');
	const fargateProfiles = fp.map((p: unknown, i) => {
		const where = `fargateProfiles[${i}]`;
		if (!isObj(p) || typeof p.name !== 'string' || !Array.isArray(p.selectors) || !p.selectors.length) throw new Error(`${where} needs a name and a list of selectors`);
		return {
			name: p.name,
			selectors: p.selectors.map((s: unknown, j) => {
				if (!isObj(s) || typeof s.namespace !== 'string') throw new Error(`${where}.selectors[${j}] needs a namespace`);
				const labels = strings(s.labels, `${where}.selectors[${j}].labels`);
				return {namespace: s.namespace, ...(labels ? {labels} : {})};
			}),
		};
	});
	const access = parseAccessConfig(doc.accessConfig);
	const bootstrap = isObj(doc.accessConfig) ? doc.accessConfig.bootstrapClusterCreatorAdminPermissions : undefined;
	if (bootstrap !== undefined && typeof bootstrap !== 'boolean') throw new Error('accessConfig.bootstrapClusterCreatorAdminPermissions must be true or false');
	const users = parseUsers(doc.users);
	return {
		profile: 'eks',
		name,
		...(users.length ? {users} : {}),
		eks: {
			region,
			zones: [`${region}a`, `${region}b`, `${region}c`],
			...(nodeGroups.length ? {nodeGroups} : {}),
			...(fargateProfiles.length ? {fargateProfiles} : {}),
			...(doc.accessConfig !== undefined ? {access} : {}),
			...(bootstrap === false ? {bootstrapCreatorAdmin: false} : {}),
		},
	};
}
