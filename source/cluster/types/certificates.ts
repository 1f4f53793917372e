// certificates.k8s.io/v1: CertificateSigningRequests.
import type {KObject} from './meta.js';

export interface CertificateSigningRequestSpec {
	/** A PEM-encoded PKCS#10 request, base64 in JSON. */
	request: string;
	signerName: string;
	expirationSeconds?: number;
	usages?: string[];
	/** Who asked: set by the API server from the requesting user. */
	username?: string;
	uid?: string;
	groups?: string[];
	extra?: Record<string, string[]>;
}

export interface CertificateSigningRequestCondition {
	type: 'Approved' | 'Denied' | 'Failed' | string;
	status: 'True' | 'False' | 'Unknown' | string;
	reason?: string;
	message?: string;
	lastUpdateTime?: string;
	lastTransitionTime?: string;
}

export interface CertificateSigningRequestStatus {
	conditions?: CertificateSigningRequestCondition[];
	/** The issued certificate, PEM, base64 in JSON. */
	certificate?: string;
}

export interface CertificateSigningRequest extends KObject {
	kind: 'CertificateSigningRequest';
	spec: CertificateSigningRequestSpec;
	status?: CertificateSigningRequestStatus;
}
