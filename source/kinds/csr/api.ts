// A CertificateSigningRequest in the API server: the PEM request, the signer name, usages and
// duration checked; the requesting user recorded on create; spec and status kept on update; and
// the approval subresource, which writes only the Approved, Denied and Failed conditions.
import type {CertificateSigningRequest, CertificateSigningRequestCondition} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {FieldErrors, GoLiteral, type Obj, child, index, isObj, specRules} from '../shared/fields.js';
import {isDNS1123Subdomain} from '../shared/formats.js';

const USAGES = [
	'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
	'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
	'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
	'microsoft sgc', 'netscape sgc',
];

/** How Go prints a []byte in an `Invalid value:` message. */
function goBytes(b: Buffer): GoLiteral {
	return new GoLiteral(`[]byte{${[...b].map(x => `0x${x.toString(16)}`).join(', ')}}`);
}

/** Why a PEM text is not one certificate request, or undefined when it is. */
export function pemRequestProblem(pem: string): string | undefined {
	const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/.exec(pem);
	if (!m) return 'PEM block type must be CERTIFICATE REQUEST';
	if (m[1] !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST';
	const der = Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64');
	// a DER SEQUENCE whose length covers the whole block
	if (der.length < 2 || der[0] !== 0x30) return 'asn1: structure error: tags don\'t match';
	return undefined;
}

function validateSpec(e: FieldErrors, spec: Obj): void {
	const req = e.str(spec.request, 'spec.request');
	if (!req) e.required('spec.request');
	else {
		const bytes = Buffer.from(req, 'base64');
		const problem = pemRequestProblem(bytes.toString('latin1'));
		if (problem) e.invalid('spec.request', goBytes(bytes), problem);
	}
	const signer = e.str(spec.signerName, 'spec.signerName');
	if (!signer) e.required('spec.signerName');
	else {
		const slash = signer.indexOf('/');
		if (slash < 0) e.invalid('spec.signerName', signer, 'must be a fully qualified domain and path of the form \'example.com/signer-name\'');
		else e.each('spec.signerName', signer, isDNS1123Subdomain(signer.slice(0, slash)));
	}
	const usages = e.strList(spec.usages, 'spec.usages');
	if (!usages?.length) e.required('spec.usages', 'usages must be provided');
	usages?.forEach((u, i) => {
		if (!USAGES.includes(u)) e.notSupported(index('spec.usages', i), u, USAGES);
	});
	const exp = e.int(spec.expirationSeconds, 'spec.expirationSeconds');
	if (exp !== undefined && exp < 600) e.invalid('spec.expirationSeconds', exp, 'may not specify a duration less than 600 seconds (10 minutes)');
}

/** The conditions an approval writes, checked; each gets its times. */
function approvalConditions(e: FieldErrors, sent: unknown, old: readonly CertificateSigningRequestCondition[], now: string): CertificateSigningRequestCondition[] {
	const p = 'status.conditions';
	const out: CertificateSigningRequestCondition[] = [];
	const seen = new Set<string>();
	for (const [c, cp] of e.objList(sent, p)) {
		const type = e.str(c.type, child(cp, 'type')) ?? '';
		const status = e.str(c.status, child(cp, 'status')) ?? '';
		if (!type) e.required(child(cp, 'type'));
		else if (seen.has(type) && ['Approved', 'Denied', 'Failed'].includes(type)) e.duplicate(child(cp, 'type'), type);
		seen.add(type);
		if (!status) e.required(child(cp, 'status'));
		else if (['Approved', 'Denied'].includes(type) && status !== 'True') e.notSupported(child(cp, 'status'), status, ['True']);
		else if (!['True', 'False', 'Unknown'].includes(status)) e.notSupported(child(cp, 'status'), status, ['False', 'True', 'Unknown']);
		const before = old.find(o => o.type === type);
		out.push({
			...(c as unknown as CertificateSigningRequestCondition),
			type,
			status,
			lastUpdateTime: typeof c.lastUpdateTime === 'string' ? c.lastUpdateTime : now,
			lastTransitionTime: typeof c.lastTransitionTime === 'string' ? c.lastTransitionTime : before?.status === status ? (before.lastTransitionTime ?? now) : now,
		});
	}
	if (seen.has('Approved') && seen.has('Denied')) e.invalid(p, new GoLiteral(`[]certificates.CertificateSigningRequestCondition{...}`), 'Approved and Denied conditions are mutually exclusive');
	for (const t of ['Approved', 'Denied']) if (old.some(o => o.type === t) && !seen.has(t)) e.forbidden(p, `updates may not remove a condition of type "${t}"`);
	return out;
}

export const csrApi: KindApi = {
	validate: specRules(validateSpec),
	admitCreate(obj, ctx) {
		const csr = obj as CertificateSigningRequest;
		const spec = csr.spec;
		const user = ctx.user;
		spec.username = user?.username ?? '';
		if (user?.uid) spec.uid = user.uid;
		else delete spec.uid;
		if (user?.groups?.length) spec.groups = [...user.groups];
		else delete spec.groups;
		delete spec.extra;
		csr.status = {};
	},
	admitUpdate(old, obj) {
		// spec and status are kept as they were: nothing of a request changes on update
		obj.spec = old.spec;
		obj.status = old.status;
		obj.metadata.generation = old.metadata.generation;
	},
	subresourceWrites: {
		approval(current, sent, e, now) {
			const csr = current as CertificateSigningRequest;
			const status = isObj(sent.status) ? sent.status : {};
			const conditions = approvalConditions(e, status.conditions, csr.status?.conditions ?? [], now);
			return {...csr, status: {...csr.status, conditions}};
		},
	},
};
