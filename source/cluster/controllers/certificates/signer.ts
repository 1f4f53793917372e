// The certificate signer of kube-controller-manager for kubernetes.io/kube-apiserver-client: an
// approved request gets a certificate for its subject and key, signed by the cluster's CA
// (`kubernetes`), valid from five minutes back (clock skew) for its requested duration (one year
// by default, never past the CA's own end). A request whose usages a client certificate may not
// have fails with SignerValidationFailure instead. Other signers are left to their signers.
import type {CertificateSigningRequest} from '../../types.js';
import type {ControllerContext} from '../../core/context.js';
import type {Reconciler} from '../../core/runner.js';
import {certificate, ed25519FromSeed, name, pemBody, readRequest, toPem} from './x509.js';
import type {KeyObject} from 'node:crypto';

export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
const CLIENT_USAGES = ['client auth', 'digital signature', 'key encipherment'];
const YEAR_S = 365 * 24 * 3600;
const BACKDATE_MS = 5 * 60 * 1000;
const CA_YEARS = 10;

export class CertificateSigningController implements Reconciler {
	readonly name = 'csrsigning';
	private ca?: {key: KeyObject; cert: Buffer; subject: Buffer; notAfter: number};

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('CertificateSigningRequest', (type, csr) => {
			if (type !== 'DELETED') ctx.runner.enqueue(this, csr.metadata.name);
		});
	}

	/** The cluster CA, made on first use from the seeded generator (the same seed, the same CA). */
	authority() {
		if (!this.ca) {
			const {rng, clock} = this.ctx;
			const seed = Buffer.from(Array.from({length: 32}, () => rng.int(256)));
			const {privateKey, publicKeyInfo} = ed25519FromSeed(seed);
			const subject = name('kubernetes');
			const notBefore = clock.now() - BACKDATE_MS;
			const notAfter = clock.now() + CA_YEARS * YEAR_S * 1000;
			const serial = Buffer.from(rng.hex(32), 'hex');
			const cert = certificate({serial, issuer: subject, subject, publicKeyInfo, notBefore, notAfter, usages: ['digital signature', 'key encipherment', 'cert sign'], isCA: true}, privateKey);
			this.ca = {key: privateKey, cert, subject, notAfter};
		}
		return this.ca;
	}

	sync(key: string): void {
		const {store, api, clock, rng} = this.ctx;
		const csr = store.get<CertificateSigningRequest>('CertificateSigningRequest', undefined, key);
		if (!csr || csr.spec?.signerName !== CLIENT_SIGNER || csr.status?.certificate) return;
		const types = new Set((csr.status?.conditions ?? []).map(c => c.type));
		if (!types.has('Approved') || types.has('Denied') || types.has('Failed')) return;
		const fail = (message: string) =>
			api.setStatus(csr, {
				...csr.status,
				conditions: [...(csr.status?.conditions ?? []), {type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message, lastUpdateTime: clock.iso(), lastTransitionTime: clock.iso()}],
			});
		const bad = (csr.spec.usages ?? []).find(u => !CLIENT_USAGES.includes(u));
		if (bad) return void fail(`invalid usage for client certificate: ${bad}`);
		let request;
		try {
			request = readRequest(pemBody(Buffer.from(csr.spec.request, 'base64').toString('latin1'), 'CERTIFICATE REQUEST'));
		} catch (e) {
			return void fail(`unable to parse csr: ${(e as Error).message}`);
		}
		const ca = this.authority();
		const now = clock.now();
		const notAfter = Math.min(ca.notAfter, now + (csr.spec.expirationSeconds ?? YEAR_S) * 1000);
		const der = certificate(
			{serial: Buffer.from(rng.hex(32), 'hex'), issuer: ca.subject, subject: request.subject, publicKeyInfo: request.publicKeyInfo, notBefore: now - BACKDATE_MS, notAfter, usages: csr.spec.usages ?? [], isCA: false},
			ca.key,
		);
		api.setStatus(csr, {...csr.status, certificate: Buffer.from(toPem(der, 'CERTIFICATE')).toString('base64')});
	}

	/** The CA certificate, PEM. */
	caPem(): string {
		return toPem(this.authority().cert, 'CERTIFICATE');
	}
}
