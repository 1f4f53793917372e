// The kube-apiserver-client signer: an approved request gets a real X.509 certificate from the
// cluster CA, for the request's subject and key and its requested duration; wrong usages fail.
import {describe, expect, it} from 'vitest';
import {X509Certificate, createPublicKey} from 'node:crypto';
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {createCluster} from '../../source/cluster/index.js';
import type {CertificateSigningRequest, KObject} from '../../source/cluster/types.js';
import {pemBody, readRequest} from '../../source/cluster/controllers/certificates/x509.js';

const PEM = readFileSync('test/fixtures/myuser.csr', 'utf8');

function request(name: string, spec: Record<string, unknown> = {}): KObject {
	return {
		apiVersion: 'certificates.k8s.io/v1',
		kind: 'CertificateSigningRequest',
		metadata: {name},
		spec: {request: Buffer.from(PEM).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec},
	} as unknown as KObject;
}

function approve(cluster: ReturnType<typeof createCluster>, name: string): CertificateSigningRequest {
	const csr = cluster.get('CertificateSigningRequest', undefined, name);
	cluster.writeSubresource('CertificateSigningRequest', undefined, name, 'approval', {...csr, status: {conditions: [{type: 'Approved', status: 'True', reason: 'KubectlApprove'}]}} as KObject);
	return cluster.get('CertificateSigningRequest', undefined, name);
}

describe('the kube-apiserver-client signer', () => {
	it('issues a certificate signed by the cluster CA once the request is approved', () => {
		const cluster = createCluster({nodes: 1, seed: 5, addons: false});
		cluster.create(request('myuser', {expirationSeconds: 86400}));
		cluster.advance(10_000);
		expect(cluster.get('CertificateSigningRequest', undefined, 'myuser').status).toEqual({});
		const csr = approve(cluster, 'myuser');
		expect(csr.status?.certificate).toBeDefined();
		const cert = new X509Certificate(Buffer.from(csr.status!.certificate!, 'base64'));
		expect(cert.subject).toBe('CN=myuser');
		expect(cert.issuer).toBe('CN=kubernetes');
		expect(Date.parse(cert.validFrom)).toBe(Math.floor((cluster.now() - 5 * 60_000) / 1000) * 1000);
		expect(Date.parse(cert.validTo)).toBe(Math.floor((cluster.now() + 86_400_000) / 1000) * 1000);
		expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
		expect(cert.ca).toBe(false);
		// the key is the request's
		const spki = readRequest(pemBody(PEM, 'CERTIFICATE REQUEST')).publicKeyInfo;
		expect(cert.publicKey.export({type: 'spki', format: 'der'})).toEqual(createPublicKey({key: spki, format: 'der', type: 'spki'}).export({type: 'spki', format: 'der'}));
		// a self-signed CA, the issuer of the certificate
		const ca = new X509Certificate(cluster.clusterCA());
		expect(ca.ca).toBe(true);
		expect(ca.subject).toBe('CN=kubernetes');
		expect(cert.verify(ca.publicKey)).toBe(true);
		expect(cert.checkIssued(ca)).toBe(true);
		expect(ca.verify(ca.publicKey)).toBe(true);
	});

	it('is the same CA for the same seed', () => {
		const a = createCluster({nodes: 1, seed: 9, addons: false});
		const b = createCluster({nodes: 1, seed: 9, addons: false, startTime: a.now()});
		expect(a.clusterCA()).toBe(b.clusterCA());
	});

	it('fails requests for usages a client certificate may not have, and leaves other signers alone', () => {
		const cluster = createCluster({nodes: 1, seed: 5, addons: false});
		cluster.create(request('server', {usages: ['client auth', 'server auth']}));
		const failed = approve(cluster, 'server');
		expect(failed.status?.certificate).toBeUndefined();
		expect(failed.status?.conditions?.map(c => [c.type, c.reason, c.message])).toEqual([
			['Approved', 'KubectlApprove', undefined],
			['Failed', 'SignerValidationFailure', 'invalid usage for client certificate: server auth'],
		]);
		cluster.create(request('custom', {signerName: 'example.com/my-signer'}));
		expect(approve(cluster, 'custom').status?.certificate).toBeUndefined();
	});

	it('reads no request from random bytes without throwing anything but an error', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 64}), bytes => {
				try {
					readRequest(Buffer.from(bytes));
				} catch (e) {
					expect(e).toBeInstanceOf(Error);
				}
			}),
		);
	});
});
