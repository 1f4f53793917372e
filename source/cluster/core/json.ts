// JSON helpers: a key-order independent serialization for comparing and hashing objects.

export function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const keys = Object.keys(value as object).filter(k => (value as any)[k] !== undefined).sort();
	return `{${keys.map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`).join(',')}}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
	return a === b || stableStringify(a) === stableStringify(b);
}
