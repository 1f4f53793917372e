// The seeded generator: the only source of randomness in the simulator (mulberry32).

export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}

	/** The generator's position: a generator given it with restore() draws the same numbers next. */
	position(): number {
		return this.state;
	}

	restore(position: number): void {
		this.state = position >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** n characters from the alphabet Kubernetes uses for generated names (no vowels, no look-alikes). */
	suffix(n = 5): string {
		let s = '';
		for (let i = 0; i < n; i++) s += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
		return s;
	}

	/** n lowercase hexadecimal digits. */
	hex(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += HEX[this.int(16)];
		return s;
	}

	/** A version-4-shaped UUID. */
	uuid(): string {
		return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${HEX[8 + this.int(4)]}${this.hex(3)}-${this.hex(12)}`;
	}
}

const HEX = '0123456789abcdef';
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** 32-bit FNV-1a of a string. */
export function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** Maps each character of a decimal string onto the name alphabet, as pod-template-hash does. */
export function safeEncode(text: string): string {
	let s = '';
	for (let i = 0; i < text.length; i++) s += NAME_ALPHABET[text.charCodeAt(i) % NAME_ALPHABET.length];
	return s;
}
