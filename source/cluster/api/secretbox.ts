// NaCl secretbox (XSalsa20 stream, Poly1305 authenticator), the cipher of the API server's
// secretbox encryption provider; node:crypto has neither primitive, so both are written here
// from their specifications (Bernstein's Salsa20 and Poly1305 papers, XSalsa20's HSalsa20).

function rotl(v: number, n: number): number {
	return (v << n) | (v >>> (32 - n));
}

/** The Salsa20/20 double rounds over 16 words, in place. */
function rounds(x: Uint32Array): void {
	for (let i = 0; i < 10; i++) {
		// columns
		x[4]! ^= rotl((x[0]! + x[12]!) | 0, 7); x[8]! ^= rotl((x[4]! + x[0]!) | 0, 9);
		x[12]! ^= rotl((x[8]! + x[4]!) | 0, 13); x[0]! ^= rotl((x[12]! + x[8]!) | 0, 18);
		x[9]! ^= rotl((x[5]! + x[1]!) | 0, 7); x[13]! ^= rotl((x[9]! + x[5]!) | 0, 9);
		x[1]! ^= rotl((x[13]! + x[9]!) | 0, 13); x[5]! ^= rotl((x[1]! + x[13]!) | 0, 18);
		x[14]! ^= rotl((x[10]! + x[6]!) | 0, 7); x[2]! ^= rotl((x[14]! + x[10]!) | 0, 9);
		x[6]! ^= rotl((x[2]! + x[14]!) | 0, 13); x[10]! ^= rotl((x[6]! + x[2]!) | 0, 18);
		x[3]! ^= rotl((x[15]! + x[11]!) | 0, 7); x[7]! ^= rotl((x[3]! + x[15]!) | 0, 9);
		x[11]! ^= rotl((x[7]! + x[3]!) | 0, 13); x[15]! ^= rotl((x[11]! + x[7]!) | 0, 18);
		// rows
		x[1]! ^= rotl((x[0]! + x[3]!) | 0, 7); x[2]! ^= rotl((x[1]! + x[0]!) | 0, 9);
		x[3]! ^= rotl((x[2]! + x[1]!) | 0, 13); x[0]! ^= rotl((x[3]! + x[2]!) | 0, 18);
		x[6]! ^= rotl((x[5]! + x[4]!) | 0, 7); x[7]! ^= rotl((x[6]! + x[5]!) | 0, 9);
		x[4]! ^= rotl((x[7]! + x[6]!) | 0, 13); x[5]! ^= rotl((x[4]! + x[7]!) | 0, 18);
		x[11]! ^= rotl((x[10]! + x[9]!) | 0, 7); x[8]! ^= rotl((x[11]! + x[10]!) | 0, 9);
		x[9]! ^= rotl((x[8]! + x[11]!) | 0, 13); x[10]! ^= rotl((x[9]! + x[8]!) | 0, 18);
		x[12]! ^= rotl((x[15]! + x[14]!) | 0, 7); x[13]! ^= rotl((x[12]! + x[15]!) | 0, 9);
		x[14]! ^= rotl((x[13]! + x[12]!) | 0, 13); x[15]! ^= rotl((x[14]! + x[13]!) | 0, 18);
	}
}

const SIGMA = Buffer.from('expand 32-byte k');

/** The input words: constants on the diagonal, the key around them, 16 bytes of `input` in the middle. */
function state(key: Buffer, input: Buffer): Uint32Array {
	const s = new Uint32Array(16);
	const c = (i: number) => SIGMA.readUInt32LE(i * 4);
	s[0] = c(0); s[5] = c(1); s[10] = c(2); s[15] = c(3);
	for (let i = 0; i < 4; i++) {
		s[1 + i] = key.readUInt32LE(i * 4);
		s[11 + i] = key.readUInt32LE(16 + i * 4);
		s[6 + i] = input.readUInt32LE(i * 4);
	}
	return s;
}

/** HSalsa20: the XSalsa20 subkey of a key and the first 16 bytes of a nonce. */
function hsalsa20(key: Buffer, nonce16: Buffer): Buffer {
	const x = state(key, nonce16);
	rounds(x);
	const out = Buffer.alloc(32);
	[0, 5, 10, 15, 6, 7, 8, 9].forEach((w, i) => out.writeUInt32LE(x[w]!, i * 4));
	return out;
}

/** `length` bytes of the XSalsa20 key stream of a 32-byte key and a 24-byte nonce. */
function xsalsa20Stream(key: Buffer, nonce: Buffer, length: number): Buffer {
	const sub = hsalsa20(key, nonce.subarray(0, 16));
	const out = Buffer.alloc(Math.ceil(length / 64) * 64);
	const input = Buffer.alloc(16);
	nonce.copy(input, 0, 16, 24);
	for (let block = 0; block * 64 < length; block++) {
		input.writeUInt32LE(block >>> 0, 8);
		input.writeUInt32LE(Math.floor(block / 2 ** 32), 12);
		const s = state(sub, input);
		const x = Uint32Array.from(s);
		rounds(x);
		for (let i = 0; i < 16; i++) out.writeUInt32LE((x[i]! + s[i]!) >>> 0, block * 64 + i * 4);
	}
	return out.subarray(0, length);
}

const P1305 = (1n << 130n) - 5n;

function le(bytes: Buffer): bigint {
	let n = 0n;
	for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
	return n;
}

/** The Poly1305 tag of a message under a one-time 32-byte key. */
export function poly1305(key: Buffer, msg: Buffer): Buffer {
	const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
	const s = le(key.subarray(16, 32));
	let acc = 0n;
	for (let i = 0; i < msg.length; i += 16) {
		const chunk = msg.subarray(i, i + 16);
		acc = ((acc + le(chunk) + (1n << BigInt(chunk.length * 8))) * r) % P1305;
	}
	acc = (acc + s) & ((1n << 128n) - 1n);
	const out = Buffer.alloc(16);
	for (let i = 0; i < 16; i++) {
		out[i] = Number(acc & 0xffn);
		acc >>= 8n;
	}
	return out;
}

/** secretbox.Seal: the 16-byte tag, then the data XORed with the key stream after its first 32 bytes. */
export function secretboxSeal(key: Buffer, nonce: Buffer, data: Buffer): Buffer {
	const stream = xsalsa20Stream(key, nonce, 32 + data.length);
	const sealed = Buffer.alloc(data.length);
	for (let i = 0; i < data.length; i++) sealed[i] = data[i]! ^ stream[32 + i]!;
	return Buffer.concat([poly1305(stream.subarray(0, 32), sealed), sealed]);
}

/** secretbox.Open: the data, or undefined when the tag does not match. */
export function secretboxOpen(key: Buffer, nonce: Buffer, box: Buffer): Buffer | undefined {
	if (box.length < 16) return undefined;
	const sealed = box.subarray(16);
	const stream = xsalsa20Stream(key, nonce, 32 + sealed.length);
	if (!poly1305(stream.subarray(0, 32), sealed).equals(box.subarray(0, 16))) return undefined;
	const data = Buffer.alloc(sealed.length);
	for (let i = 0; i < sealed.length; i++) data[i] = sealed[i]! ^ stream[32 + i]!;
	return data;
}
