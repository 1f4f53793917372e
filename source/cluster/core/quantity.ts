// Kubernetes resource quantities: "250m" CPU, "128Mi" memory, plain numbers.

const BINARY: Record<string, number> = {Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60};
const DECIMAL: Record<string, number> = {n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18};
const PATTERN = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The value of a quantity in base units (cores, bytes), or NaN when it is not a quantity. */
export function parseQuantity(q: string | number | undefined): number {
	if (q === undefined) return 0;
	if (typeof q === 'number') return q;
	const m = PATTERN.exec(q.trim());
	if (!m) return NaN;
	const n = Number(m[1]);
	const unit = m[2] ?? '';
	return n * (BINARY[unit] ?? DECIMAL[unit] ?? NaN);
}

export function isQuantity(q: unknown): boolean {
	return (typeof q === 'number' && Number.isFinite(q)) || (typeof q === 'string' && PATTERN.test(q.trim()));
}

/** CPU in millicores. */
export function milliCpu(q: string | number | undefined): number {
	return Math.round(parseQuantity(q) * 1000);
}

/** Memory in bytes. */
export function bytes(q: string | number | undefined): number {
	return Math.round(parseQuantity(q));
}

export function formatMilliCpu(m: number): string {
	return m % 1000 === 0 ? String(m / 1000) : `${Math.round(m)}m`;
}

/** Bytes in the largest binary unit that keeps an integer (like kubectl prints quantities). */
export function formatBytes(b: number): string {
	for (const unit of ['Gi', 'Mi', 'Ki'] as const) {
		const size = BINARY[unit]!;
		if (b >= size && b % size === 0) return `${b / size}${unit}`;
	}
	return String(Math.round(b));
}

/** Bytes as kubectl top prints them: whole Mi. */
export function formatMi(b: number): string {
	return `${Math.round(b / 2 ** 20)}Mi`;
}
