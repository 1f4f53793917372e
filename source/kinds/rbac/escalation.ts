// Escalation prevention: a user outside system:masters may write a Role or ClusterRole only with
// rules they hold themselves (in that namespace, or cluster-wide), unless they may `escalate` it;
// and may bind a role only when they hold its rules, unless they may `bind` it. Otherwise the write
// is Forbidden, naming the rules they lack.
import type {PolicyRule, RoleRef} from '../../cluster/types.js';
import type {WriteAuthorization} from '../types.js';
import {breakdownRule, compactRules} from './rules.js';

const has = (list: readonly string[] | undefined, v: string) => (list ?? []).some(x => x === '*' || x === v);

function resourceCovered(owner: readonly string[] | undefined, resource: string): boolean {
	for (const r of owner ?? []) {
		if (r === '*' || r === resource) return true;
		const slash = resource.indexOf('/');
		if (r.startsWith('*/') && slash >= 0 && r.slice(1) === resource.slice(slash)) return true;
	}
	return false;
}

function urlCovered(owner: readonly string[] | undefined, url: string): boolean {
	return (owner ?? []).some(u => u === '*' || u === url || (u.endsWith('*') && url.startsWith(u.slice(0, -1))));
}

/** Whether one owner rule covers a broken-down rule (one verb, one group and resource or URL, at most one name). */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
	if (!has(owner.verbs, sub.verbs[0]!)) return false;
	if (sub.nonResourceURLs?.length) return urlCovered(owner.nonResourceURLs, sub.nonResourceURLs[0]!);
	if (!has(owner.apiGroups, sub.apiGroups![0]!) || !resourceCovered(owner.resources, sub.resources![0]!)) return false;
	const names = owner.resourceNames ?? [];
	if (!names.length) return true;
	return !!sub.resourceNames?.length && names.includes(sub.resourceNames[0]!);
}

/** The rules of `wanted` no rule of `owned` covers, compacted. */
export function missingRules(owned: readonly PolicyRule[], wanted: readonly PolicyRule[]): PolicyRule[] {
	const missing = wanted.flatMap(breakdownRule).filter(sub => !owned.some(o => ruleCovers(o, sub)));
	return compactRules(missing);
}

const q = (v: readonly string[]) => `[${v.map(s => JSON.stringify(s)).join(' ')}]`;

/** A rule as the API server prints a missing one: `{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`. */
export function compactString(r: PolicyRule): string {
	const parts: string[] = [];
	if (r.apiGroups?.length) parts.push(`APIGroups:${q(r.apiGroups)}`);
	if (r.resources?.length) parts.push(`Resources:${q(r.resources)}`);
	if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
	if (r.resourceNames?.length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
	if (r.verbs?.length) parts.push(`Verbs:${q(r.verbs)}`);
	return `{${parts.join(', ')}}`;
}

function notHeld(a: WriteAuthorization, namespace: string, wanted: readonly PolicyRule[]): string | undefined {
	const missing = missingRules(a.rulesOf(namespace), wanted);
	if (!missing.length) return undefined;
	const lines = [...new Set(missing.map(compactString))].sort();
	return `user ${JSON.stringify(a.user.username)} (groups=${q(a.user.groups ?? [])}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
}

/** The check of a Role or ClusterRole write: why it is refused, or undefined. */
export function roleEscalation(plural: 'roles' | 'clusterroles') {
	return (obj: {rules?: PolicyRule[]; metadata: {name: string; namespace?: string}}, a: WriteAuthorization): string | undefined => {
		const ns = obj.metadata.namespace ?? '';
		if (a.may({verb: 'escalate', resource: plural, apiGroup: 'rbac.authorization.k8s.io', namespace: ns || undefined, name: obj.metadata.name})) return undefined;
		return notHeld(a, ns, obj.rules ?? []);
	};
}

/** The check of a binding write: the user may `bind` the role, or holds its rules. */
export function bindingEscalation(obj: {roleRef?: RoleRef; metadata: {name: string; namespace?: string}}, a: WriteAuthorization): string | undefined {
	const ref = obj.roleRef;
	if (!ref) return undefined;
	const ns = obj.metadata.namespace ?? '';
	const plural = ref.kind === 'Role' ? 'roles' : 'clusterroles';
	if (a.may({verb: 'bind', resource: plural, apiGroup: 'rbac.authorization.k8s.io', namespace: ns || undefined, name: ref.name})) return undefined;
	const rules = a.roleRules(ref.kind, ref.kind === 'Role' ? ns : undefined, ref.name);
	if (!rules) return undefined;
	return notHeld(a, ns, rules);
}
