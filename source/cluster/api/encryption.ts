// Encryption at rest: the API server's EncryptionConfiguration (apiserver.config.k8s.io/v1), its
// validation with the real field paths and messages, and the transformers that write values:
// aescbc and aesgcm really encrypt (node:crypto), secretbox seals with NaCl's XSalsa20-Poly1305
// (secretbox.ts), each prefixed `k8s:enc:<provider>:v1:<key>:` as the API server does; identity stores them as they are; kms v2 seals envelopes with a simulated KMS
// plugin (below). The first provider of a resource writes.
import {createCipheriv, createDecipheriv, createHash, type CipherGCM, type DecipherGCM} from 'node:crypto';
import YAML from 'yaml';
import {secretboxSeal} from './secretbox.js';

export interface EncryptionKey {
	name: string;
	/** The decoded key. */
	secret: Buffer;
}

export type Provider =
	| {type: 'identity'}
	| {type: 'aescbc' | 'aesgcm' | 'secretbox'; keys: EncryptionKey[]}
	| {type: 'kms'; name: string; endpoint: string; apiVersion: string};

export interface ResourceEncryption {
	/** `secrets`, `configmaps`, `deployments.apps`, `*.` (every core resource), `*.*` (everything). */
	resources: string[];
	providers: Provider[];
}

export interface EncryptionConfig {
	resources: ResourceEncryption[];
}

const AES_KEY_SIZES = [16, 24, 32];
const SECRETBOX_KEY_SIZES = [32];
const PROVIDERS = ['kms', 'aesgcm', 'aescbc', 'secretbox', 'identity'] as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quote(v: unknown): string {
	return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * Parses and validates an EncryptionConfiguration. Never throws: problems come back as the API
 * server prints them, each naming its field (`resources[0].providers[0].aescbc.keys[0].secret:
 * Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]`).
 */
export function parseEncryptionConfig(text: string): {config?: EncryptionConfig; errors: string[]} {
	const errors: string[] = [];
	let doc: unknown;
	try {
		doc = YAML.parse(String(text), {logLevel: 'error'});
	} catch (e) {
		return {errors: [`error while parsing file: ${(e as Error).message.split('\n')[0]}`]};
	}
	if (!isObj(doc)) return {errors: ['error while parsing file: EncryptionConfiguration can\'t be nil']};
	if (doc.kind !== 'EncryptionConfiguration') errors.push(`kind: Invalid value: ${quote(doc.kind ?? '')}: must be EncryptionConfiguration`);
	if (doc.apiVersion !== 'apiserver.config.k8s.io/v1') errors.push(`apiVersion: Invalid value: ${quote(doc.apiVersion ?? '')}: must be apiserver.config.k8s.io/v1`);
	const list = Array.isArray(doc.resources) ? doc.resources : [];
	if (!list.length) errors.push('resources: Required value: at least one resources is required');
	const resources: ResourceEncryption[] = [];
	const kmsNames = new Set<string>();
	list.forEach((raw, i) => {
		const at = `resources[${i}]`;
		const entry = isObj(raw) ? raw : {};
		const names = Array.isArray(entry.resources) ? entry.resources.filter((r): r is string => typeof r === 'string') : [];
		if (!names.length) errors.push(`${at}.resources: Required value: at least one ${at}.resources is required`);
		const rawProviders = Array.isArray(entry.providers) ? entry.providers : [];
		if (!rawProviders.length) errors.push(`${at}.providers: Required value: at least one ${at}.providers is required`);
		const providers: Provider[] = [];
		rawProviders.forEach((p, j) => {
			const provider = parseProvider(isObj(p) ? p : {}, `${at}.providers[${j}]`, errors, kmsNames);
			if (provider) providers.push(provider);
		});
		resources.push({resources: names, providers});
	});
	return errors.length ? {errors} : {config: {resources}, errors};
}

function parseProvider(p: Obj, at: string, errors: string[], kmsNames: Set<string>): Provider | undefined {
	const present = PROVIDERS.filter(k => p[k] !== undefined && p[k] !== null);
	if (present.length === 0) {
		errors.push(`${at}: Invalid value: ${JSON.stringify(p)}: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity`);
		return undefined;
	}
	if (present.length > 1) {
		errors.push(`${at}: Invalid value: ${JSON.stringify(p)}: more than one provider specified in a single element, should split into different list elements`);
		return undefined;
	}
	const type = present[0]!;
	if (type === 'identity') return {type};
	const body = isObj(p[type]) ? (p[type] as Obj) : {};
	if (type === 'kms') {
		const name = typeof body.name === 'string' ? body.name : '';
		const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : 'v1';
		const endpoint = typeof body.endpoint === 'string' ? body.endpoint : '';
		const before = errors.length;
		if (!name) errors.push(`${at}.kms.name: Required value: name is a mandatory field for a provider`);
		if (apiVersion !== 'v1' && name.includes(':')) errors.push(`${at}.kms.name: Invalid value: ${quote(name)}: invalid KMS provider name ${name}, must not contain ':'`);
		if (apiVersion !== 'v1' && name && kmsNames.has(name)) errors.push(`${at}.kms.name: Invalid value: ${quote(name)}: duplicate KMS provider name ${name}, names must be unique`);
		kmsNames.add(name);
		if (body.timeout !== undefined && !/^[1-9]\d*(ms|s|m|h)$/.test(String(body.timeout))) errors.push(`${at}.kms.timeout: Invalid value: ${quote(body.timeout)}: timeout should be a positive value`);
		if (!endpoint) errors.push(`${at}.kms.endpoint: Invalid value: "": endpoint is a mandatory field for a kms`);
		else if (!endpoint.startsWith('unix://')) {
			const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(endpoint)?.[1] ?? '';
			errors.push(`${at}.kms.endpoint: Invalid value: ${quote(endpoint)}: unsupported scheme ${JSON.stringify(scheme)} for KMS provider, only unix is supported`);
		}
		if (body.cachesize !== undefined && Number(body.cachesize) === 0) errors.push(`${at}.kms.cachesize: Invalid value: 0: cachesize should be a positive value, or negative to disable`);
		if (apiVersion !== 'v1' && apiVersion !== 'v2') errors.push(`${at}.kms.apiVersion: Invalid value: ${quote(apiVersion)}: unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported`);
		return errors.length === before ? {type, name, endpoint, apiVersion} : undefined;
	}
	const sizes = type === 'secretbox' ? SECRETBOX_KEY_SIZES : AES_KEY_SIZES;
	const keysAt = `${at}.${type}.keys`;
	const rawKeys = Array.isArray(body.keys) ? body.keys : [];
	if (!rawKeys.length) {
		errors.push(`${keysAt}: Required value: at least one keys is required`);
		return undefined;
	}
	const keys: EncryptionKey[] = [];
	const before = errors.length;
	rawKeys.forEach((k, i) => {
		const key = isObj(k) ? k : {};
		const name = typeof key.name === 'string' ? key.name : '';
		const secret = typeof key.secret === 'string' ? key.secret : '';
		if (!name) errors.push(`${keysAt}[${i}].name: Required value: name is a mandatory field for a key`);
		if (!secret) {
			errors.push(`${keysAt}[${i}].secret: Required value: secret is a mandatory field for a key`);
			return;
		}
		if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(secret)) {
			errors.push(`${keysAt}[${i}].secret: Invalid value: "REDACTED": secrets must be base64 encoded`);
			return;
		}
		const bytes = Buffer.from(secret, 'base64');
		if (!sizes.includes(bytes.length)) errors.push(`${keysAt}[${i}].secret: Invalid value: "REDACTED": secret is not of the expected length, got ${bytes.length}, expected one of [${sizes.join(' ')}]`);
		keys.push({name, secret: bytes});
	});
	return errors.length === before ? {type, keys} : undefined;
}

/** The provider that writes a resource (`secrets`, `deployments.apps`), or undefined when none is configured. */
export function writeProvider(config: EncryptionConfig, resource: string, group: string): Provider | undefined {
	const full = group ? `${resource}.${group}` : resource;
	for (const r of config.resources)
		for (const name of r.resources) if (name === full || name === '*.*' || (name === '*.' && !group) || (group && name === `*.${group}`)) return r.providers[0];
	return undefined;
}

/** Why kubesim cannot write with a provider (KMS v1, deprecated and off by default), or undefined. */
export function unsupportedProvider(config: EncryptionConfig): string | undefined {
	for (const r of config.resources) {
		const p = r.providers[0];
		if (p?.type === 'kms' && p.apiVersion !== 'v2') return `kms provider "${p.name}": KMS v1 is deprecated and off by default (the KMSv1 feature gate); use apiVersion: v2`;
	}
	return undefined;
}

/**
 * The value as the provider stores it: `k8s:enc:aescbc:v1:<key>:` + IV + AES-CBC (PKCS#7) of the
 * data, `k8s:enc:aesgcm:v1:<key>:` + nonce + AES-GCM with its tag; identity: the data itself.
 * `random(n)` gives the IV's bytes.
 */
export function encryptValue(provider: Provider, data: Buffer, random: (n: number) => Buffer): Buffer {
	if (provider.type === 'aescbc' || provider.type === 'aesgcm') {
		const key = provider.keys[0]!;
		const prefix = Buffer.from(`k8s:enc:${provider.type}:v1:${key.name}:`);
		const bits = key.secret.length * 8;
		if (provider.type === 'aescbc') {
			const iv = random(16);
			const cipher = createCipheriv(`aes-${bits}-cbc`, key.secret, iv);
			return Buffer.concat([prefix, iv, cipher.update(data), cipher.final()]);
		}
		const nonce = random(12);
		const cipher = createCipheriv(`aes-${bits}-gcm`, key.secret, nonce) as CipherGCM;
		const body = Buffer.concat([cipher.update(data), cipher.final()]);
		return Buffer.concat([prefix, nonce, body, cipher.getAuthTag()]);
	}
	if (provider.type === 'secretbox') {
		const key = provider.keys[0]!;
		const nonce = random(24);
		return Buffer.concat([Buffer.from(`k8s:enc:secretbox:v1:${key.name}:`), nonce, secretboxSeal(key.secret, nonce, data)]);
	}
	if (provider.type === 'kms') return kmsV2Seal(provider.name, data, random);
	return data;
}

// KMS v2 as the API server writes it: a fresh data encryption key (DEK) seals the value with
// AES-256-GCM; the KMS plugin encrypts the DEK with its key; etcd holds `k8s:enc:kms:v2:<name>:`
// and a protobuf EncryptedObject {1 encryptedData, 2 keyID, 3 encryptedDEKSource,
// 5 encryptedDEKSourceType (0, AES_GCM_KEY: the source is the DEK itself)}. The plugin is
// simulated: its key is derived from the provider's name, its key id says so. The real API
// server reuses a DEK across writes until the plugin's key id changes; a DEK per value here.

/** The key id the simulated KMS plugin of a provider answers in its Status. */
export function kmsKeyId(name: string): string {
	return `kubesim-kms-${name}-key-1`;
}

function kmsPluginKey(name: string): Buffer {
	return createHash('sha256').update(`kubesim simulated KMS plugin key of ${name}`).digest();
}

function gcmSeal(key: Buffer, data: Buffer, nonce: Buffer): Buffer {
	const c = createCipheriv('aes-256-gcm', key, nonce) as CipherGCM;
	const body = Buffer.concat([c.update(data), c.final()]);
	return Buffer.concat([nonce, body, c.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer): Buffer {
	const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)) as DecipherGCM;
	d.setAuthTag(sealed.subarray(sealed.length - 16));
	return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

function varint(n: number): Buffer {
	const out: number[] = [];
	while (n > 0x7f) {
		out.push((n & 0x7f) | 0x80);
		n = Math.floor(n / 128);
	}
	out.push(n);
	return Buffer.from(out);
}

const lengthDelimited = (field: number, bytes: Buffer) => Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);

function kmsV2Seal(name: string, data: Buffer, random: (n: number) => Buffer): Buffer {
	const dek = random(32);
	const encryptedData = gcmSeal(dek, data, random(12));
	const encryptedDEK = gcmSeal(kmsPluginKey(name), dek, random(12));
	return Buffer.concat([Buffer.from(`k8s:enc:kms:v2:${name}:`), lengthDelimited(1, encryptedData), lengthDelimited(2, Buffer.from(kmsKeyId(name))), lengthDelimited(3, encryptedDEK)]);
}

/** Reads a value kms v2 wrote back through the simulated plugin: the EncryptedObject's fields and the plaintext. */
export function kmsV2Open(name: string, stored: Buffer): {keyID: string; data: Buffer} {
	const prefix = Buffer.from(`k8s:enc:kms:v2:${name}:`);
	if (!stored.subarray(0, prefix.length).equals(prefix)) throw new Error(`not written by kms provider ${name}`);
	const fields = new Map<number, Buffer>();
	let i = prefix.length;
	const read = () => {
		let n = 0;
		let mul = 1;
		for (;;) {
			const b = stored[i++];
			if (b === undefined) throw new Error('truncated EncryptedObject');
			n += (b & 0x7f) * mul;
			if (b < 0x80) return n;
			mul *= 128;
		}
	};
	while (i < stored.length) {
		const tag = read();
		if ((tag & 7) !== 2) throw new Error(`unexpected wire type in EncryptedObject field ${tag >> 3}`);
		const len = read();
		fields.set(tag >> 3, stored.subarray(i, i + len));
		i += len;
	}
	const dek = gcmOpen(kmsPluginKey(name), fields.get(3) ?? Buffer.alloc(0));
	return {keyID: (fields.get(2) ?? Buffer.alloc(0)).toString(), data: gcmOpen(dek, fields.get(1) ?? Buffer.alloc(0))};
}
