// The CA and serving certificate of `kubesim serve` over HTTPS: made once, kept in their folder
// with private modes, reused while they fit, and the serving one made again for a new name.
import {afterAll, describe, expect, it} from 'vitest';
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {servingCertificates, servingNames} from '../../source/server/tls.js';
import {isLoopback, resolveToken} from '../../source/server/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-pki-'));
const pki = join(dir, 'kubesim-pki');

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('servingCertificates', () => {
	it('makes a CA and a serving certificate it signs, for the loopback names and the address', async () => {
		const made = await servingCertificates(servingNames('192.0.2.7'), pki);
		expect(made.generated).toEqual(['CA', 'serving']);
		const ca = new X509Certificate(made.ca);
		const cert = new X509Certificate(made.cert);
		expect(ca.ca).toBe(true);
		expect(ca.subject).toBe('CN=kubesim-ca');
		expect(cert.ca).toBe(false);
		expect(cert.checkIssued(ca)).toBe(true);
		expect(cert.verify(ca.publicKey)).toBe(true);
		expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.0.2.7');
		expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
		expect(statSync(pki).mode & 0o777).toBe(0o700);
		for (const f of ['ca.crt', 'ca.key', 'server.crt', 'server.key']) expect({f, mode: statSync(join(pki, f)).mode & 0o777}).toEqual({f, mode: 0o600});
		expect(readFileSync(join(pki, 'ca.crt'), 'utf8')).toBe(made.ca);
	});

	it('reuses both while they fit, and makes only the serving one again for a name it lacks', async () => {
		const first = readFileSync(join(pki, 'server.crt'), 'utf8');
		const again = await servingCertificates(servingNames('192.0.2.7'), pki);
		expect(again.generated).toEqual([]);
		expect(again.ms).toBe(0);
		expect(again.cert).toBe(first);
		// fewer names are covered by the one kept
		expect((await servingCertificates(servingNames('127.0.0.1'), pki)).generated).toEqual([]);
		const other = await servingCertificates(servingNames('kubesim.example'), pki);
		expect(other.generated).toEqual(['serving']);
		expect(other.ca).toBe(readFileSync(join(pki, 'ca.crt'), 'utf8'));
		expect(new X509Certificate(other.cert).subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:kubesim.example');
	});

	it('0.0.0.0 and :: are not names: the certificate is for the loopback names', () => {
		expect(servingNames('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '::1']);
		expect(servingNames('::')).toEqual(['localhost', '127.0.0.1', '::1']);
		expect(servingNames('[::1]')).toEqual(['localhost', '127.0.0.1', '::1']);
	});
});

describe('the token and address rules of kubesim serve', () => {
	it('reads the token from --token-file (its first line), --token or KUBESIM_TOKEN', () => {
		const file = join(dir, 'token');
		writeFileSync(file, '  abc.DEF-123  \nsecond line\n');
		expect(resolveToken({'token-file': file}, {KUBESIM_TOKEN: 'env'})).toBe('abc.DEF-123');
		expect(resolveToken({token: 'argv'}, {KUBESIM_TOKEN: 'env'})).toBe('argv');
		expect(resolveToken({}, {KUBESIM_TOKEN: 'env'})).toBe('env');
		expect(resolveToken({}, {})).toBe(undefined);
		expect(() => resolveToken({token: 'a', 'token-file': file}, {})).toThrow('give the token once: --token-file F or --token T, not both');
		expect(() => resolveToken({'token-file': join(dir, 'none')}, {})).toThrow(`cannot read --token-file ${join(dir, 'none')}: ENOENT`);
		writeFileSync(file, '\n');
		expect(() => resolveToken({'token-file': file}, {})).toThrow(`the token of --token-file ${file} is empty`);
		expect(() => resolveToken({token: 'two words'}, {})).toThrow('the token of --token must be visible ASCII characters without spaces');
	});

	it('loopback is 127.0.0.0/8, ::1 and localhost', () => {
		for (const a of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) expect({a, loopback: isLoopback(a)}).toEqual({a, loopback: true});
		for (const a of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'example.com', '128.0.0.1']) expect({a, loopback: isLoopback(a)}).toEqual({a, loopback: false});
	});
});
