// The EncryptionConfiguration parser: real field paths and messages, and it never throws.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import {encryptValue, kmsKeyId, kmsV2Open, parseEncryptionConfig} from '../../source/cluster/api/encryption.js';

const key = (bytes: number) => Buffer.alloc(bytes, 1).toString('base64');

function doc(resources: unknown): string {
	return YAML.stringify({apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources});
}

describe('parseEncryptionConfig', () => {
	it('reads providers in order: aescbc, aesgcm, identity, kms', () => {
		const {config, errors} = parseEncryptionConfig(
			doc([
				{resources: ['secrets'], providers: [{aescbc: {keys: [{name: 'k1', secret: key(32)}]}}, {identity: {}}]},
				{resources: ['configmaps'], providers: [{aesgcm: {keys: [{name: 'g', secret: key(16)}]}}, {kms: {apiVersion: 'v2', name: 'vault', endpoint: 'unix:///tmp/kms.sock'}}]},
			]),
		);
		expect(errors).toEqual([]);
		expect(config!.resources.map(r => [r.resources, r.providers.map(p => p.type)])).toEqual([
			[['secrets'], ['aescbc', 'identity']],
			[['configmaps'], ['aesgcm', 'kms']],
		]);
	});

	it('says what is wrong in the API server words', () => {
		const r = parseEncryptionConfig(
			doc([
				{resources: [], providers: [{aescbc: {keys: [{name: '', secret: 'not base64!'}]}}, {identity: {}, aescbc: {}}, {}]},
				{resources: ['secrets'], providers: [{secretbox: {keys: [{name: 's', secret: key(16)}]}}, {kms: {apiVersion: 'v3', name: 'a:b', endpoint: 'tcp://x'}}]},
			]),
		);
		expect(r.config).toBeUndefined();
		expect(r.errors).toEqual([
			'resources[0].resources: Required value: at least one resources[0].resources is required',
			'resources[0].providers[0].aescbc.keys[0].name: Required value: name is a mandatory field for a key',
			'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded',
			'resources[0].providers[1]: Invalid value: {"identity":{},"aescbc":{}}: more than one provider specified in a single element, should split into different list elements',
			'resources[0].providers[2]: Invalid value: {}: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity',
			'resources[1].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]',
			'resources[1].providers[1].kms.name: Invalid value: "a:b": invalid KMS provider name a:b, must not contain \':\'',
			'resources[1].providers[1].kms.endpoint: Invalid value: "tcp://x": unsupported scheme "tcp" for KMS provider, only unix is supported',
			'resources[1].providers[1].kms.apiVersion: Invalid value: "v3": unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported',
		]);
	});

	it('never throws on any text', () => {
		fc.assert(
			fc.property(fc.string(), text => {
				const r = parseEncryptionConfig(text);
				expect(Array.isArray(r.errors)).toBe(true);
				expect(!!r.config).toBe(r.errors.length === 0);
			}),
			{numRuns: 300},
		);
	});

	it('never throws on any document, and each error names a field', () => {
		fc.assert(
			fc.property(fc.anything(), value => {
				const r = parseEncryptionConfig(doc(value));
				for (const e of r.errors) expect(e).toMatch(/^(resources|error while parsing file)/);
			}),
			{numRuns: 300},
		);
	});

	it('a key of the wrong length anywhere is reported at its own path', () => {
		fc.assert(
			fc.property(fc.integer({min: 0, max: 3}), fc.integer({min: 0, max: 2}), fc.integer({min: 1, max: 64}).filter(n => ![16, 24, 32].includes(n)), (at, keyAt, bytes) => {
				const resources = Array.from({length: at + 1}, (_, i) => ({
					resources: ['secrets'],
					providers: [{aescbc: {keys: Array.from({length: keyAt + 1}, (_, k) => ({name: `k${k}`, secret: i === at && k === keyAt ? key(bytes) : key(32)}))}}],
				}));
				const r = parseEncryptionConfig(doc(resources));
				expect(r.errors).toEqual([`resources[${at}].providers[0].aescbc.keys[${keyAt}].secret: Invalid value: "REDACTED": secret is not of the expected length, got ${bytes}, expected one of [16 24 32]`]);
			}),
			{numRuns: 100},
		);
	});
});

describe('kms v2 envelopes', () => {
	it('any value sealed is opened back whole; any other bytes after the prefix are refused with an Error', () => {
		let counter = 0;
		const random = (n: number) => Buffer.from(Array.from({length: n}, () => counter++ % 256));
		const provider = {type: 'kms' as const, name: 'k', endpoint: 'unix:///s', apiVersion: 'v2'};
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 2000}), fc.uint8Array({maxLength: 200}), (data, junk) => {
				const sealed = encryptValue(provider, Buffer.from(data), random);
				const opened = kmsV2Open('k', sealed);
				expect([opened.keyID, opened.data.equals(Buffer.from(data))]).toEqual([kmsKeyId('k'), true]);
				expect(() => kmsV2Open('k', Buffer.concat([Buffer.from('k8s:enc:kms:v2:k:'), Buffer.from(junk)]))).toThrow(Error);
			}),
			{seed: 5, numRuns: 300},
		);
	});
});
