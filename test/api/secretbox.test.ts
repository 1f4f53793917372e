// NaCl secretbox against the test vector NaCl itself ships (tests/secretbox.c: firstkey, nonce,
// the 131-byte message and its 147-byte box), and the secretbox provider writing values as the
// API server does: k8s:enc:secretbox:v1:<key>: + 24-byte nonce + the box.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {secretboxOpen, secretboxSeal} from '../../source/cluster/api/secretbox.js';
import {encryptValue, unsupportedProvider, parseEncryptionConfig} from '../../source/cluster/api/encryption.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const KEY = hex('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389');
const NONCE = hex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37');
const MESSAGE = hex(`be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705`);
const BOX = hex(`f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5`);

describe('secretbox', () => {
	it('seals NaCl’s test vector to its box and opens it back', () => {
		expect(secretboxSeal(KEY, NONCE, MESSAGE).toString('hex')).toBe(BOX.toString('hex'));
		expect(secretboxOpen(KEY, NONCE, BOX)?.toString('hex')).toBe(MESSAGE.toString('hex'));
		const tampered = Buffer.from(BOX);
		tampered[40]! ^= 1;
		expect(secretboxOpen(KEY, NONCE, tampered)).toBeUndefined();
	});

	it('property: any data of any length opens back to itself', () => {
		fc.assert(
			fc.property(fc.uint8Array({minLength: 32, maxLength: 32}), fc.uint8Array({minLength: 24, maxLength: 24}), fc.uint8Array({maxLength: 300}), (k, n, d) => {
				const box = secretboxSeal(Buffer.from(k), Buffer.from(n), Buffer.from(d));
				expect(box.length).toBe(d.length + 16);
				expect(secretboxOpen(Buffer.from(k), Buffer.from(n), box)?.equals(Buffer.from(d))).toBe(true);
			}),
			{seed: 42, numRuns: 100},
		);
	});
});

describe('the secretbox provider', () => {
	const config = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox:
          keys:
            - name: key1
              secret: ${KEY.toString('base64')}
      - identity: {}
`;
	it('writes k8s:enc:secretbox:v1:key1: + nonce + box', () => {
		const {config: parsed, errors} = parseEncryptionConfig(config);
		expect(errors).toEqual([]);
		if (!parsed) throw new Error('no config');
		expect(unsupportedProvider(parsed)).toBeUndefined();
		const value = encryptValue(parsed.resources[0]!.providers[0]!, MESSAGE, n => NONCE.subarray(0, n));
		const prefix = 'k8s:enc:secretbox:v1:key1:';
		expect(value.subarray(0, prefix.length).toString()).toBe(prefix);
		expect(value.subarray(prefix.length, prefix.length + 24).equals(NONCE)).toBe(true);
		expect(value.subarray(prefix.length + 24).toString('hex')).toBe(BOX.toString('hex'));
	});
});
