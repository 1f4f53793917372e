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

/** The same keys with identical (===) values: a cheap comparison of two flat objects. */
export function sameFields(a: object, b: object): boolean {
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	for (const k of Object.keys(x)) if (x[k] !== y[k]) return false;
	for (const k of Object.keys(y)) if (!(k in x)) return false;
	return true;
}
