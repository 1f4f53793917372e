// Cluster profiles: `kind` (a kubeadm-style cluster on local containers, the default) and `eks`
// (a managed control plane with managed node groups of EC2 instances in one region).
import type {AccessConfig} from './access.js';
import {instanceType} from './instances.js';

export type Expander = 'random' | 'least-waste' | 'most-pods' | 'priority';
export const EXPANDERS: readonly Expander[] = ['random', 'least-waste', 'most-pods', 'priority'];

export interface NodeGroupSpec {
	name: string;
	instanceType: string;
	minSize: number;
	maxSize: number;
	desiredSize: number;
	labels?: Record<string, string>;
	taints?: Array<{key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'}>;
	/** For the priority expander: higher wins (the cluster-autoscaler-priority-expander ConfigMap's role). */
	priority?: number;
}

export interface AutoscalerOptions {
	/** Run the Cluster Autoscaler (default true on EKS). */
	enabled?: boolean;
	expander?: Expander;
	/** --scan-interval (default 10 s). */
	scanIntervalMs?: number;
	/** --scale-down-unneeded-time (default 10 min). */
	scaleDownUnneededMs?: number;
	/** --scale-down-delay-after-add (default 10 min). */
	scaleDownDelayAfterAddMs?: number;
	/** --scale-down-utilization-threshold (default 0.5). */
	utilizationThreshold?: number;
}

export interface EksProfile {
	region: string;
	zones: string[];
	nodeGroups: NodeGroupSpec[];
	autoscaler?: AutoscalerOptions;
	/** Pods these select run on Fargate, each on a node of its own. */
	fargateProfiles?: Array<{name: string; selectors: Array<{namespace: string; labels?: Record<string, string>}>}>;
	/** How IAM principals are authenticated: aws-auth, access entries, or both (aws-auth only when unset). */
	access?: AccessConfig;
	/** In the API modes, whether the creator gets an access entry with AmazonEKSClusterAdminPolicy (yes by default). */
	bootstrapCreatorAdmin?: boolean;
}

export type ProfileName = 'kind' | 'eks';
export const PROFILES: readonly ProfileName[] = ['kind', 'eks'];

/** eksctl's defaults in spirit: one managed group of m5.large, two nodes, room to grow to six. */
export function defaultEksProfile(nodes = 2): EksProfile {
	return {
		region: 'us-east-1',
		zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
		nodeGroups: [{name: 'ng-general', instanceType: 'm5.large', minSize: Math.min(nodes, 2), maxSize: Math.max(6, nodes), desiredSize: nodes}],
	};
}

/** Why a node group spec cannot be used, or undefined when it can. */
export function nodeGroupProblem(g: NodeGroupSpec): string | undefined {
	if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/.test(g.name)) return `node group name "${g.name}" must start with a letter or digit and hold only letters, digits, "-" and "_" (at most 63)`;
	if (!instanceType(g.instanceType)) return `node group ${g.name}: unknown instance type "${g.instanceType}"`;
	for (const [k, v] of [['minSize', g.minSize], ['maxSize', g.maxSize], ['desiredSize', g.desiredSize]] as const)
		if (!Number.isInteger(v) || v < 0 || v > 1000) return `node group ${g.name}: ${k} must be a whole number from 0 to 1000`;
	if (g.minSize > g.maxSize) return `node group ${g.name}: minSize ${g.minSize} is above maxSize ${g.maxSize}`;
	if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize) return `node group ${g.name}: desiredSize ${g.desiredSize} is outside ${g.minSize}..${g.maxSize}`;
	return undefined;
}
