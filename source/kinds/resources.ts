// Resource quantities printed the way the API server and kubectl print them (canonical form:
// `500m`, `1536Mi`, `2Gi`, `1k`), and a pod's requests, limits and QoS class.
import type {Container, Pod, PodSpec, ResourceList} from '../cluster/types.js';

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_POWERS: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const DECIMAL_SUFFIX_OF: Record<number, string> = {[-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E'};
const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;

function pow10(n: number): bigint {
	return 10n ** BigInt(n);
}

/**
 * An exact resource quantity: `mantissa * 10^scale`, with the format it was written in, which
 * decides how it prints back (binary suffixes stay binary when they can).
 */
export class Quantity {
	constructor(
		readonly mantissa: bigint,
		readonly scale: number,
		readonly format: QuantityFormat,
	) {}

	static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
		return new Quantity(0n, 0, format);
	}

	/** Parses `250m`, `1.5Gi`, `129e6`, `4` or a number; undefined when it is not a quantity. */
	static parse(q: string | number | undefined | null): Quantity | undefined {
		if (q === undefined || q === null) return undefined;
		const text = typeof q === 'number' ? String(q) : q.trim();
		const m = QUANTITY.exec(text);
		if (!m || (m[2] === '' && !m[3])) {
			if (typeof q === 'number' && Number.isFinite(q)) return Quantity.fromNumber(q);
			return undefined;
		}
		const negative = m[1] === '-';
		const whole = m[2] ?? '';
		const frac = m[3] ?? '';
		let mantissa = BigInt((whole + frac) || '0');
		let scale = -frac.length;
		let format: QuantityFormat = 'DecimalSI';
		const suffix = m[4];
		if (suffix !== undefined && BINARY_SUFFIXES.includes(suffix)) {
			format = 'BinarySI';
			mantissa *= 1024n ** BigInt(BINARY_SUFFIXES.indexOf(suffix));
		} else if (suffix !== undefined) {
			scale += DECIMAL_POWERS[suffix]!;
		} else if (m[5] !== undefined) {
			format = 'DecimalExponent';
			scale += Number(m[5]);
		}
		// The API keeps nanounit precision, rounding up.
		if (scale < -9) {
			const div = pow10(-9 - scale);
			mantissa = mantissa / div + (mantissa % div === 0n ? 0n : 1n);
			scale = -9;
		}
		return new Quantity(negative ? -mantissa : mantissa, scale, format);
	}

	static fromNumber(n: number, format: QuantityFormat = 'DecimalSI'): Quantity {
		return Quantity.parse(n.toFixed(9).replace(/\.?0+$/, '')) ?? Quantity.zero(format);
	}

	isZero(): boolean {
		return this.mantissa === 0n;
	}

	/** The sum, in this quantity's format (or the other's when this one is zero), as Go adds. */
	add(other: Quantity): Quantity {
		const scale = Math.min(this.scale, other.scale);
		const a = this.mantissa * pow10(this.scale - scale);
		const b = other.mantissa * pow10(other.scale - scale);
		return new Quantity(a + b, scale, this.isZero() ? other.format : this.format);
	}

	compare(other: Quantity): number {
		const scale = Math.min(this.scale, other.scale);
		const a = this.mantissa * pow10(this.scale - scale);
		const b = other.mantissa * pow10(other.scale - scale);
		return a < b ? -1 : a > b ? 1 : 0;
	}

	/** The value scaled by 10^-exp, rounded up (Go's ScaledValue): milli is exp -3. */
	scaled(exp: number): number {
		const shift = this.scale - exp;
		if (shift >= 0) return Number(this.mantissa * pow10(shift));
		const div = pow10(-shift);
		const q = this.mantissa / div;
		const r = this.mantissa % div;
		return Number(r > 0n ? q + 1n : q);
	}

	/** Whole units (bytes, cores), rounded up. */
	value(): number {
		return this.scaled(0);
	}

	/** Thousandths of a unit (millicores), rounded up. */
	milliValue(): number {
		return this.scaled(-3);
	}

	/** The canonical text the API server would store and kubectl would print. */
	toString(): string {
		if (this.mantissa === 0n) return '0';
		const negative = this.mantissa < 0n;
		const abs = negative ? -this.mantissa : this.mantissa;
		const sign = negative ? '-' : '';
		let format = this.format;
		if (format === 'BinarySI') {
			const integral = this.scale >= 0 || abs % pow10(-this.scale) === 0n;
			const units = this.scale >= 0 ? abs * pow10(this.scale) : abs / pow10(-this.scale);
			if (!integral || units < 1024n) {
				format = 'DecimalSI';
			} else {
				let n = units;
				let i = 0;
				while (i < BINARY_SUFFIXES.length - 1 && n % 1024n === 0n) {
					n /= 1024n;
					i++;
				}
				return `${sign}${n}${BINARY_SUFFIXES[i]}`;
			}
		}
		let mantissa = abs;
		let exp = this.scale;
		while (mantissa % 10n === 0n) {
			mantissa /= 10n;
			exp++;
		}
		const rem = ((exp % 3) + 3) % 3;
		mantissa *= pow10(rem);
		exp -= rem;
		if (format === 'DecimalExponent') return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
		if (exp > 18) {
			mantissa *= pow10(exp - 18);
			exp = 18;
		}
		return `${sign}${mantissa}${DECIMAL_SUFFIX_OF[exp]}`;
	}
}

/** The canonical form of a quantity as written (`0.5` -> `500m`, `2048Mi` -> `2Gi`). */
export function canonicalQuantity(q: string | number | undefined | null): string {
	const parsed = Quantity.parse(q);
	if (parsed) return parsed.toString();
	return q === undefined || q === null ? '' : String(q);
}

/** Resource names sorted as kubectl sorts them (by name). */
export function sortedResourceNames(list: ResourceList | undefined): string[] {
	return Object.keys(list ?? {})
		.filter(k => list![k] !== undefined)
		.sort();
}

export type Resources = Record<string, Quantity>;

/** A container's requests, with limits standing in where only a limit is set (API defaulting). */
function containerRequests(c: Container): Resources {
	const out: Resources = {};
	const limits = c.resources?.limits ?? {};
	const requests = c.resources?.requests ?? {};
	for (const [name, q] of Object.entries(limits)) {
		const parsed = Quantity.parse(q);
		if (parsed) out[name] = parsed;
	}
	for (const [name, q] of Object.entries(requests)) {
		const parsed = Quantity.parse(q);
		if (parsed) out[name] = parsed;
	}
	return out;
}

function containerLimits(c: Container): Resources {
	const out: Resources = {};
	for (const [name, q] of Object.entries(c.resources?.limits ?? {})) {
		const parsed = Quantity.parse(q);
		if (parsed) out[name] = parsed;
	}
	return out;
}

function addInto(target: Resources, add: Resources): void {
	for (const [name, q] of Object.entries(add)) target[name] = target[name] ? target[name]!.add(q) : q;
}

function maxInto(target: Resources, other: Resources): void {
	for (const [name, q] of Object.entries(other)) {
		if (!target[name] || target[name]!.compare(q) < 0) target[name] = q;
	}
}

function isSidecar(c: Container): boolean {
	return c.restartPolicy === 'Always';
}

/**
 * A pod's effective requests and limits as kubectl computes them for describe node: the sum over
 * containers (and sidecars), at least the largest init container, plus the pod overhead.
 */
export function podRequestsAndLimits(pod: Pod): {requests: Resources; limits: Resources} {
	const spec: Partial<PodSpec> = pod.spec ?? {};
	const containers = spec.containers ?? [];
	const inits = spec.initContainers ?? [];
	const result: {requests: Resources; limits: Resources} = {requests: {}, limits: {}};
	for (const [which, of] of [['requests', containerRequests], ['limits', containerLimits]] as const) {
		const sum: Resources = {};
		for (const c of containers) addInto(sum, of(c));
		const initMax: Resources = {};
		const sidecars: Resources = {};
		for (const c of inits) {
			const r = of(c);
			if (isSidecar(c)) {
				addInto(sidecars, r);
				addInto(sum, r);
			} else {
				const candidate: Resources = {...r};
				addInto(candidate, sidecars);
				maxInto(initMax, candidate);
			}
		}
		maxInto(sum, initMax);
		const overhead = spec.overhead;
		if (overhead) {
			const add: Resources = {};
			for (const [name, q] of Object.entries(overhead)) {
				const parsed = Quantity.parse(q);
				if (parsed && (which === 'requests' || sum[name])) add[name] = parsed;
			}
			addInto(sum, add);
		}
		result[which] = sum;
	}
	return result;
}

/** The QoS class: status.qosClass when set, else computed (Guaranteed, Burstable, BestEffort). */
export function podQOS(pod: Pod): string {
	if (pod.status?.qosClass) return pod.status.qosClass;
	const requests: Resources = {};
	const limits: Resources = {};
	let guaranteed = true;
	const all: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
	for (const c of all) {
		const positive = (rs: Resources): Resources => {
			const out: Resources = {};
			for (const [name, q] of Object.entries(rs)) {
				if ((name === 'cpu' || name === 'memory') && q.compare(Quantity.zero()) > 0) out[name] = q;
			}
			return out;
		};
		const req = positive(containerRequests(c));
		const lim = positive(containerLimits(c));
		addInto(requests, req);
		addInto(limits, lim);
		if (!lim.cpu || !lim.memory) guaranteed = false;
	}
	if (!Object.keys(requests).length && !Object.keys(limits).length) return 'BestEffort';
	if (guaranteed) {
		for (const [name, q] of Object.entries(requests)) {
			if (!limits[name] || limits[name]!.compare(q) !== 0) {
				guaranteed = false;
				break;
			}
		}
	}
	if (guaranteed && Object.keys(requests).length === Object.keys(limits).length) return 'Guaranteed';
	return 'Burstable';
}
