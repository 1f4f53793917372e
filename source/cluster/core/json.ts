// JSON helpers: a key-order independent serialization for comparing and hashing objects.

export function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const obj = value as Record<string, unknown>;
	const keys = Object.keys(obj).filter(k => obj[k] !== undefined).sort();
	return `{${keys.map(k => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
	return a === b || stableStringify(a) === stableStringify(b);
}

/**
 * Whether two JSON values serialise to the same text (JSON.stringify(a) === JSON.stringify(b)),
 * key order included, without building either text: a writer that skips unchanged writes asks
 * this for every write.
 */
export function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return JSON.stringify(a) === JSON.stringify(b);
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) {
		const y = b as unknown[];
		if (a.length !== y.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, y[i] ?? null)) return false;
		return true;
	}
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	const xs = Object.keys(x).filter(k => serialised(x[k]));
	const ys = Object.keys(y).filter(k => serialised(y[k]));
	if (xs.length !== ys.length) return false;
	for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i] || !sameJson(x[xs[i]!], y[ys[i]!])) return false;
	return true;
}

/** Whether JSON.stringify writes an object's property with this value. */
function serialised(v: unknown): boolean {
	return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** The same keys with identical (===) values: a cheap comparison of two flat objects. */
export function sameFields(a: object, b: object): boolean {
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	for (const k of Object.keys(x)) if (x[k] !== y[k]) return false;
	for (const k of Object.keys(y)) if (!(k in x)) return false;
	return true;
}

/**
 * How deep a document may nest. The real server's decoder stops at 10,000; the objects it serves
 * are nowhere near either limit, and every level past this one would only cost stack in the
 * encoders and patchers that walk it.
 */
export const MAX_DEPTH = 1000;

/**
 * Checks a decoded value without recursion: no nesting deeper than `maxDepth` and no cycle
 * (a YAML alias inside its own anchor). Returns the problem, or undefined.
 */
export function shapeProblem(value: unknown, maxDepth = MAX_DEPTH): string | undefined {
	const stack: Array<{v: unknown; depth: number; leave?: true}> = [{v: value, depth: 0}];
	const open = new Set<object>();
	while (stack.length) {
		const top = stack.pop()!;
		if (!top.v || typeof top.v !== 'object') continue;
		const o = top.v as object;
		if (top.leave) {
			open.delete(o);
			continue;
		}
		if (open.has(o)) return 'the document refers to itself (a recursive alias)';
		if (top.depth >= maxDepth) return `the document nests deeper than ${maxDepth} levels`;
		open.add(o);
		stack.push({v: o, depth: top.depth, leave: true});
		for (const child of Array.isArray(o) ? o : Object.values(o)) if (child && typeof child === 'object') stack.push({v: child, depth: top.depth + 1});
	}
	return undefined;
}
