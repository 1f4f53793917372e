// Just enough X.509 for a cluster CA: reading a PKCS#10 request (its subject and public key)
// and writing certificates in DER, signed with an Ed25519 key.
import {createPrivateKey, createPublicKey, sign, type KeyObject} from 'node:crypto';

interface Tlv {
	tag: number;
	/** The whole element, header included. */
	raw: Buffer;
	/** The contents. */
	value: Buffer;
}

/** One DER element at `offset`. */
function readTlv(buf: Buffer, offset: number): Tlv & {end: number} {
	if (offset + 2 > buf.length) throw new Error('asn1: truncated element');
	const tag = buf[offset]!;
	let len = buf[offset + 1]!;
	let head = 2;
	if (len & 0x80) {
		const n = len & 0x7f;
		if (n === 0 || n > 4 || offset + 2 + n > buf.length) throw new Error('asn1: bad length');
		len = 0;
		for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i]!;
		head += n;
	}
	const end = offset + head + len;
	if (end > buf.length) throw new Error('asn1: truncated element');
	return {tag, raw: buf.subarray(offset, end), value: buf.subarray(offset + head, end), end};
}

function children(value: Buffer): Tlv[] {
	const out: Tlv[] = [];
	for (let off = 0; off < value.length; ) {
		const t = readTlv(value, off);
		out.push(t);
		off = t.end;
	}
	return out;
}

/** The DER of a PEM block of the given type. */
export function pemBody(pem: string, type: string): Buffer {
	const m = new RegExp(`-----BEGIN ${type}-----([\\s\\S]*?)-----END ${type}-----`).exec(pem);
	if (!m) throw new Error(`PEM block type must be ${type}`);
	return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}

export function toPem(der: Buffer, type: string): string {
	const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
	return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}

/** The subject (a DER Name) and the SubjectPublicKeyInfo of a certificate request. */
export function readRequest(der: Buffer): {subject: Buffer; publicKeyInfo: Buffer} {
	const outer = readTlv(der, 0);
	if (outer.tag !== 0x30) throw new Error('asn1: structure error: not a sequence');
	const [info] = children(outer.value);
	if (!info || info.tag !== 0x30) throw new Error('asn1: structure error: no request info');
	const [version, subject, spki] = children(info.value);
	if (version?.tag !== 0x02 || subject?.tag !== 0x30 || spki?.tag !== 0x30) throw new Error('asn1: structure error: bad request info');
	return {subject: Buffer.from(subject.raw), publicKeyInfo: Buffer.from(spki.raw)};
}

// ---------------------------------------------------------------------------------------------
// Writing DER.

function length(n: number): Buffer {
	if (n < 0x80) return Buffer.from([n]);
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...parts: Buffer[]) => {
	const value = Buffer.concat(parts);
	return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);

function oid(dotted: string): Buffer {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const bytes = [a! * 40 + b!];
	for (const n of rest) {
		const enc: number[] = [n & 0x7f];
		for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) enc.unshift((v & 0x7f) | 0x80);
		bytes.push(...enc);
	}
	return tlv(0x06, Buffer.from(bytes));
}

function integer(bytes: Buffer): Buffer {
	let b = bytes;
	while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
	if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
	return tlv(0x02, b);
}

const bitString = (bytes: Buffer) => tlv(0x03, Buffer.from([0]), bytes);
const octets = (bytes: Buffer) => tlv(0x04, bytes);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);

function time(ms: number): Buffer {
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	const body = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
	const year = d.getUTCFullYear();
	return year < 2050 ? tlv(0x17, Buffer.from(`${p(year % 100)}${body}`)) : tlv(0x18, Buffer.from(`${year}${body}`));
}

/** A Name of one common name and optional organizations. */
export function name(cn: string, orgs: string[] = []): Buffer {
	const rdn = (type: string, v: string) => set(seq(oid(type), tlv(0x0c, Buffer.from(v, 'utf8'))));
	return seq(...orgs.map(o => rdn('2.5.4.10', o)), rdn('2.5.4.3', cn));
}

const ED25519 = seq(oid('1.3.101.112'));

const EXT_KEY_USAGES: Record<string, string> = {
	'client auth': '1.3.6.1.5.5.7.3.2',
	'server auth': '1.3.6.1.5.5.7.3.1',
	'code signing': '1.3.6.1.5.5.7.3.3',
	'email protection': '1.3.6.1.5.5.7.3.4',
	timestamping: '1.3.6.1.5.5.7.3.8',
	'ocsp signing': '1.3.6.1.5.5.7.3.9',
};

/** Key usage bits, in the order of RFC 5280's KeyUsage. */
const KEY_USAGE_BITS = ['digital signature', 'content commitment', 'key encipherment', 'data encipherment', 'key agreement', 'cert sign', 'crl sign', 'encipher only', 'decipher only'];

function keyUsage(usages: readonly string[]): Buffer | undefined {
	let bits = 0;
	let last = -1;
	KEY_USAGE_BITS.forEach((u, i) => {
		if (usages.includes(u) || (u === 'content commitment' && usages.includes('signing'))) {
			bits |= 1 << (15 - i);
			last = i;
		}
	});
	if (last < 0) return undefined;
	const bytes = last < 8 ? Buffer.from([bits >> 8]) : Buffer.from([bits >> 8, bits & 0xff]);
	const unused = (last < 8 ? 7 : 15) - last;
	return seq(oid('2.5.29.15'), bool(true), octets(tlv(0x03, Buffer.from([unused]), bytes)));
}

export interface CertificateInput {
	serial: Buffer;
	issuer: Buffer;
	subject: Buffer;
	publicKeyInfo: Buffer;
	notBefore: number;
	notAfter: number;
	usages: readonly string[];
	isCA: boolean;
}

/** A DER certificate signed by `key` (Ed25519). */
export function certificate(input: CertificateInput, key: KeyObject): Buffer {
	const ext: Buffer[] = [];
	const ku = keyUsage(input.usages);
	if (ku) ext.push(ku);
	const eku = input.usages.map(u => EXT_KEY_USAGES[u]).filter((o): o is string => !!o);
	if (eku.length) ext.push(seq(oid('2.5.29.37'), octets(seq(...eku.map(oid)))));
	ext.push(seq(oid('2.5.29.19'), bool(true), octets(input.isCA ? seq(bool(true)) : seq())));
	const tbs = seq(
		explicit(0, integer(Buffer.from([2]))),
		integer(input.serial),
		ED25519,
		input.issuer,
		seq(time(input.notBefore), time(input.notAfter)),
		input.subject,
		input.publicKeyInfo,
		explicit(3, seq(...ext)),
	);
	return seq(tbs, ED25519, bitString(sign(null, tbs, key)));
}

/** An Ed25519 key pair from a 32-byte seed. */
export function ed25519FromSeed(seed: Buffer): {privateKey: KeyObject; publicKeyInfo: Buffer} {
	const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
	const privateKey = createPrivateKey({key: pkcs8, format: 'der', type: 'pkcs8'});
	const publicKeyInfo = createPublicKey(privateKey).export({type: 'spki', format: 'der'});
	return {privateKey, publicKeyInfo};
}
