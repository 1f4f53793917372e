// core/v1 LimitRanges and ResourceQuotas: the per-namespace resource policies.
import type {ResourceList} from './core.js';
import type {KObject} from './meta.js';

export interface LimitRangeItem {
	type: 'Container' | 'Pod' | 'PersistentVolumeClaim' | string;
	max?: ResourceList;
	min?: ResourceList;
	default?: ResourceList;
	defaultRequest?: ResourceList;
	maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends KObject {
	kind: 'LimitRange';
	spec: {limits: LimitRangeItem[]};
}

export interface ScopedResourceSelectorRequirement {
	scopeName: string;
	operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
	values?: string[];
}

export interface ResourceQuotaSpec {
	hard?: ResourceList;
	scopes?: string[];
	scopeSelector?: {matchExpressions?: ScopedResourceSelectorRequirement[]};
}

export interface ResourceQuota extends KObject {
	kind: 'ResourceQuota';
	spec?: ResourceQuotaSpec;
	status?: {hard?: ResourceList; used?: ResourceList};
}
