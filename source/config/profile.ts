// The cluster profile from the command line: `--profile kind|eks`, `--node-group
// NAME:TYPE:MIN:MAX[:DESIRED]` (repeatable) and `--expander`, shared by the dashboard and
// `kubesim serve`.
import type {ClusterOptions} from '../cluster/index.js';
import {EXPANDERS, PROFILES, nodeGroupProblem, type Expander, type NodeGroupSpec, type ProfileName} from '../cluster/cloud/profile.js';

export const PROFILE_HELP = `  --profile P        kind (default: a kubeadm-style cluster) or eks (managed node groups,
                     VPC CNI, ELB, the Cluster Autoscaler and a bill at list prices)
  --node-group G     with eks: NAME:TYPE:MIN:MAX[:DESIRED], e.g. ng-1:m5.large:2:6 (repeatable)
  --expander E       with eks: random (default), least-waste, most-pods or priority
  --fargate NS       with eks: pods of namespace NS run on Fargate (repeatable)
  --cluster FILE     an eks cluster from an eksctl-style ClusterConfig (name, managedNodeGroups,
                     fargateProfiles)
`;

/** `NAME:TYPE:MIN:MAX[:DESIRED]`; DESIRED defaults to MIN. Throws with the reason when it is not one. */
export function parseNodeGroup(text: string): NodeGroupSpec {
	const parts = text.split(':');
	if (parts.length < 4 || parts.length > 5) throw new Error(`--node-group must be NAME:TYPE:MIN:MAX[:DESIRED], got "${text}"`);
	const [name, type, ...sizes] = parts as [string, string, ...string[]];
	const nums = sizes.map(s => (/^\d{1,4}$/.test(s) ? Number(s) : NaN));
	if (nums.some(n => Number.isNaN(n))) throw new Error(`--node-group sizes must be whole numbers, got "${text}"`);
	const g: NodeGroupSpec = {name, instanceType: type, minSize: nums[0]!, maxSize: nums[1]!, desiredSize: nums[2] ?? nums[0]!};
	const problem = nodeGroupProblem(g);
	if (problem) throw new Error(problem);
	return g;
}

/** The createCluster options a profile's flags ask for (throws with the reason on a bad flag). */
export function profileOptions(flags: {profile?: string; nodeGroups?: string[]; expander?: string; fargate?: string[]; nodes?: number}): Pick<ClusterOptions, 'profile' | 'eks' | 'nodes'> {
	const profile = (flags.profile ?? 'kind') as ProfileName;
	if (!PROFILES.includes(profile)) throw new Error(`--profile must be one of ${PROFILES.join(', ')}, got "${flags.profile}"`);
	if (profile === 'kind') {
		if (flags.nodeGroups?.length || flags.expander || flags.fargate?.length) throw new Error('--node-group, --expander and --fargate need --profile eks');
		return {profile, nodes: flags.nodes};
	}
	if (flags.expander !== undefined && !EXPANDERS.includes(flags.expander as Expander)) throw new Error(`--expander must be one of ${EXPANDERS.join(', ')}, got "${flags.expander}"`);
	const groups = (flags.nodeGroups ?? []).map(parseNodeGroup);
	const names = new Set<string>();
	for (const g of groups) {
		if (names.has(g.name)) throw new Error(`node group ${g.name} is given twice`);
		names.add(g.name);
	}
	for (const ns of flags.fargate ?? []) if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) throw new Error(`--fargate needs a namespace name, got "${ns}"`);
	return {
		profile,
		nodes: flags.nodes ?? 2,
		eks: {
			...(groups.length ? {nodeGroups: groups} : {}),
			...(flags.expander ? {autoscaler: {expander: flags.expander as Expander}} : {}),
			...(flags.fargate?.length ? {fargateProfiles: [{name: 'fp-default', selectors: flags.fargate.map(namespace => ({namespace}))}]} : {}),
		},
	};
}
