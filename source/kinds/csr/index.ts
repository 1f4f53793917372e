// CertificateSigningRequest: certificates.k8s.io/v1 certificatesigningrequests (cluster-scoped),
// with the approval subresource `kubectl certificate approve|deny` writes.
import type {CertificateSigningRequest} from '../../cluster/types.js';
import type {KindInfo} from '../types.js';
import {DescribeWriter, age, humanDuration} from '../format.js';
import {writeEvents} from '../describe.js';
import {csrApi} from './api.js';

/** CONDITION: Denied, Approved or Pending, then `,Failed` and `,Issued` when they apply. */
export function csrCondition(csr: CertificateSigningRequest): string {
	const types = new Set((csr.status?.conditions ?? []).map(c => c.type));
	let out = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
	if (types.has('Failed')) out += ',Failed';
	if (csr.status?.certificate) out += ',Issued';
	return out;
}

function requestedDuration(csr: CertificateSigningRequest): string {
	const s = csr.spec?.expirationSeconds;
	return s === undefined ? '<none>' : humanDuration(s * 1000);
}

export const certificateSigningRequest: KindInfo = {
	kind: 'CertificateSigningRequest',
	group: 'certificates.k8s.io',
	version: 'v1',
	apiVersion: 'certificates.k8s.io/v1',
	plural: 'certificatesigningrequests',
	singular: 'certificatesigningrequest',
	namespaced: false,
	shortNames: ['csr'],
	categories: [],
	subresources: ['status', 'approval'],
	api: csrApi,
	protobuf: 'k8s.io.api.certificates.v1.CertificateSigningRequest',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Age', type: 'date', priority: 0},
		{name: 'SignerName', type: 'string', priority: 0, description: 'signerName indicates the requested signer, and is a qualified name.'},
		{name: 'Requestor', type: 'string', priority: 0, description: 'Name of the user who created the certificate request'},
		{name: 'RequestedDuration', type: 'string', priority: 0, description: 'expirationSeconds is the requested duration of validity of the issued certificate.'},
		{name: 'Condition', type: 'string', priority: 0, description: 'The approval state of the request: Approved, Denied or Pending, and Issued once signed'},
	],
	row: (obj: CertificateSigningRequest, ctx) => [
		obj.metadata.name,
		age(obj.metadata.creationTimestamp, ctx.now),
		obj.spec?.signerName ?? '',
		obj.spec?.username ?? '',
		requestedDuration(obj),
		csrCondition(obj),
	],
	describe: (obj: CertificateSigningRequest, ctx) => {
		const w = new DescribeWriter();
		w.item(0, 'Name', obj.metadata.name);
		w.labels('Labels', obj.metadata.labels);
		w.annotations('Annotations', obj.metadata.annotations);
		w.item(0, 'CreationTimestamp', obj.metadata.creationTimestamp ?? '');
		w.item(0, 'Requesting User', obj.spec?.username ?? '');
		w.item(0, 'Signer', obj.spec?.signerName ?? '');
		if (obj.spec?.expirationSeconds !== undefined) w.item(0, 'Requested Duration', requestedDuration(obj));
		w.item(0, 'Status', csrCondition(obj));
		writeEvents(w, obj, ctx);
		return w.toString();
	},
	capabilities: {},
	view: {
		health: o => {
			const c = csrCondition(o as CertificateSigningRequest);
			return c.startsWith('Denied') || c.includes('Failed') ? 'bad' : c.startsWith('Pending') ? 'warn' : 'ok';
		},
	},
};
