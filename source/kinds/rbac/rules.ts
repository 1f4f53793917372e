// Policy rules as `kubectl describe role` lays them out: every rule broken down to one API group,
// one resource, one verb and one resource name, the simple ones merged back per resource (their verbs
// united), sorted by their text, and printed as `deployments.apps/scale  []  []  [get list]`.
import type {PolicyRule} from '../../cluster/types.js';

/** One rule per (group, resource, verb, resource name), or per (non-resource URL, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
	const out: PolicyRule[] = [];
	const verbs = rule.verbs ?? [];
	for (const group of rule.apiGroups ?? []) {
		for (const resource of rule.resources ?? []) {
			for (const verb of verbs) {
				const names = rule.resourceNames ?? [];
				if (!names.length) out.push({apiGroups: [group], resources: [resource], verbs: [verb]});
				for (const name of names) out.push({apiGroups: [group], resources: [resource], resourceNames: [name], verbs: [verb]});
			}
		}
	}
	for (const url of rule.nonResourceURLs ?? []) for (const verb of verbs) out.push({nonResourceURLs: [url], verbs: [verb]});
	return out;
}

const isSimple = (r: PolicyRule) =>
	(r.apiGroups ?? []).length === 1 && (r.resources ?? []).length === 1 && (r.resourceNames ?? []).length <= 1 && !(r.nonResourceURLs ?? []).length;

/** Rules of one group, resource and name merged into one, their verbs united in order of appearance. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
	const simple = new Map<string, PolicyRule>();
	const other: PolicyRule[] = [];
	for (const r of rules) {
		if (!isSimple(r)) {
			other.push(r);
			continue;
		}
		const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
		const seen = simple.get(key);
		if (!seen) simple.set(key, {...r, verbs: [...new Set(r.verbs)]});
		else for (const v of r.verbs) if (!seen.verbs.includes(v)) seen.verbs.push(v);
	}
	return [...simple.values(), ...other];
}

const list = (v: readonly string[] | undefined) => `[${(v ?? []).join(' ')}]`;

/** The text rules sort by: every field in the order the API declares them. */
export function ruleText(r: PolicyRule): string {
	return `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
}

/** `pods`, `deployments.apps`, `deployments.apps/scale`; empty for a non-resource rule. */
export function combineResourceGroup(resources: readonly string[] | undefined, groups: readonly string[] | undefined): string {
	const first = resources?.[0];
	if (first === undefined) return '';
	const slash = first.indexOf('/');
	let out = slash < 0 ? first : first.slice(0, slash);
	if (groups?.[0]) out += `.${groups[0]}`;
	if (slash >= 0) out += first.slice(slash);
	return out;
}

/** The rows of describe's PolicyRule table: Resources, Non-Resource URLs, Resource Names, Verbs. */
export function policyRuleRows(rules: readonly PolicyRule[] | undefined): string[][] {
	const compact = compactRules((rules ?? []).flatMap(breakdownRule));
	const keyed = compact.map(r => ({r, key: ruleText(r)}));
	keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return keyed.map(({r}) => [combineResourceGroup(r.resources, r.apiGroups), list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs)]);
}
