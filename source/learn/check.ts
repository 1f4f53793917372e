// Whether a lesson's step is done: its checks read against the cluster's objects as they are now.
import type {KObject} from '../cluster/types.js';
import type {Access, Check, FieldTest, Step} from './lesson.js';

/**
 * What a check reads: the objects of a kind (in a namespace, by label selector) and one by name;
 * and, for a `can` check, whether a user may make a request (as the API server decides it).
 */
export interface ObjectReader {
	list(kind: string, opts?: {namespace?: string; labelSelector?: string}): KObject[];
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	allows?(access: Access): boolean;
}

/**
 * A path's parts: `spec.containers.0.image`, with `["a.b/c"]` for a key that holds dots, `*` for
 * every item of a list (or value of a map), and `[key=value]` for the items of a list whose field
 * `key` is `value` (`status.conditions[type=Ready].status`).
 */
export function pathParts(path: string): string[] {
	return [...path.matchAll(/\["([^"]*)"\]|(\[[^\]=]+=[^\]]*\])|([^.[\]]+)/g)].map(m => m[1] ?? m[2] ?? m[3]!);
}

const FILTER = /^\[([^\]=]+)=([^\]]*)\]$/;

function walk(obj: unknown, parts: readonly string[]): unknown {
	let v: unknown = obj;
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i]!;
		if (v === null || v === undefined) return undefined;
		const filter = FILTER.exec(part);
		if (part === '*' || filter) {
			let items = Array.isArray(v) ? v : typeof v === 'object' && !filter ? Object.values(v) : undefined;
			if (!items) return undefined;
			if (filter) items = items.filter(x => x !== null && typeof x === 'object' && String((x as Record<string, unknown>)[filter[1]!]) === filter[2]);
			const rest = parts.slice(i + 1);
			const found = items.flatMap(x => {
				const r = walk(x, rest);
				return r === undefined || r === null ? [] : Array.isArray(r) && rest.length ? r : [r];
			});
			if (!found.length) return undefined;
			// one item by a filter reads as that item's value, so equals and atLeast work on it
			return filter && found.length === 1 ? found[0] : found;
		}
		if (Array.isArray(v)) v = /^\d+$/.test(part) ? v[Number(part)] : undefined;
		else if (typeof v === 'object') v = (v as Record<string, unknown>)[part];
		else return undefined;
	}
	return v;
}

/**
 * The value at a dotted path: `status.readyReplicas`, `spec.containers.0.image`,
 * `metadata.annotations["kubectl.kubernetes.io/restartedAt"]`. Through `*` or a `[key=value]`
 * filter it is the list of the values found (none found is no value), so `contains` and
 * `exists` read over every item: `status.images.*.names` holds every image name a node has.
 * A filter that finds one item gives that item's value itself.
 */
export function valueAt(obj: unknown, path: string): unknown {
	return walk(obj, pathParts(path));
}

export function passes(obj: KObject, test: FieldTest): boolean {
	const v = valueAt(obj, test.path);
	if (test.exists !== undefined && (v !== undefined && v !== null) !== test.exists) return false;
	if (test.equals !== undefined && String(v) !== String(test.equals)) return false;
	if (test.atLeast !== undefined && !(typeof v === 'number' && v >= test.atLeast)) return false;
	if (test.atMost !== undefined && !(typeof v === 'number' && v <= test.atMost)) return false;
	if (test.contains !== undefined) {
		if (typeof v === 'string') return v.includes(test.contains);
		if (Array.isArray(v)) return v.some(x => String(x) === test.contains);
		return false;
	}
	return true;
}

/** True when the check holds now; an unknown kind or a bad selector never holds. */
export function holds(check: Check, reader: ObjectReader): boolean {
	if (check.can) return reader.allows?.(check.can) ?? false;
	let objects: KObject[];
	try {
		if (check.name !== undefined) {
			const one = reader.get(check.kind, check.namespace ?? 'default', check.name);
			objects = one ? [one] : [];
		} else objects = reader.list(check.kind, {namespace: check.namespace, labelSelector: check.selector});
	} catch {
		return false;
	}
	const passing = objects.filter(o => !o.metadata.deletionTimestamp && (check.where ?? []).every(t => passes(o, t))).length;
	if (check.absent) return passing === 0;
	const want = check.count ?? 1;
	return check.exactly ? passing === want : passing >= want;
}

export function stepDone(step: Step, reader: ObjectReader): boolean {
	return step.checks.every(c => holds(c, reader));
}

/** The user and request of a `can` check, as the API server would see them (authenticated users are in system:authenticated). */
export function accessRequest(access: Access): {user: {username: string; groups: string[]}; attrs: {verb: string; resource: string; subresource?: string; apiGroup: string; namespace?: string}} {
	const [resource, subresource] = access.resource.split('/', 2) as [string, string | undefined];
	const groups = access.groups ?? [];
	return {
		user: {username: access.user, groups: groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated']},
		attrs: {verb: access.verb, resource, ...(subresource ? {subresource} : {}), apiGroup: access.group ?? '', ...(access.namespace ? {namespace: access.namespace} : {})},
	};
}
