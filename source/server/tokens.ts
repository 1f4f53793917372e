// ServiceAccount tokens (the TokenRequest API behind `kubectl create token`): JWTs signed RS256
// with the server's own key, carrying the claims a real API server puts in them, and checked on
// every request that presents one: signature, expiry by the cluster's clock, and the
// ServiceAccount still there with the same uid.
import {createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject} from 'node:crypto';
import type {Cluster, KObject} from '../cluster/index.js';
import {serviceAccountGroups, serviceAccountUser} from '../cluster/index.js';
import type {UserInfo} from '../kinds/index.js';

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_S = 3600;
const MIN_EXPIRATION_S = 600;
const MAX_EXPIRATION_S = 2 ** 32;

interface Claims {
	aud: string[];
	exp: number;
	iat: number;
	iss: string;
	jti: string;
	nbf: number;
	sub: string;
	'kubernetes.io': {namespace: string; serviceaccount: {name: string; uid: string}};
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export class TokenIssuer {
	private key?: {priv: KeyObject; pub: KeyObject; kid: string};

	private keys() {
		if (!this.key) {
			const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
			const pub = createPublicKey(privateKey);
			const kid = b64url(pub.export({type: 'spki', format: 'der'}).subarray(-32));
			this.key = {priv: privateKey, pub, kid};
		}
		return this.key;
	}

	/** A token for a ServiceAccount, valid from the cluster's now for `seconds`. */
	issue(cluster: Cluster, sa: KObject, audiences: string[], seconds: number): {token: string; expirationTimestamp: string} {
		const {priv, kid} = this.keys();
		const iat = Math.floor(cluster.now() / 1000);
		const ns = sa.metadata.namespace!;
		const claims: Claims = {
			aud: audiences,
			exp: iat + seconds,
			iat,
			iss: ISSUER,
			jti: randomUUID(),
			nbf: iat,
			sub: serviceAccountUser(ns, sa.metadata.name),
			'kubernetes.io': {namespace: ns, serviceaccount: {name: sa.metadata.name, uid: sa.metadata.uid!}},
		};
		const head = `${b64url(JSON.stringify({alg: 'RS256', kid}))}.${b64url(JSON.stringify(claims))}`;
		const sig = sign('sha256', Buffer.from(head), priv);
		return {token: `${head}.${b64url(sig)}`, expirationTimestamp: new Date((iat + seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')};
	}

	/** The user a token stands for, or undefined when it is none of ours or no longer valid. */
	authenticate(cluster: Cluster, token: string): UserInfo | undefined {
		const parts = token.split('.');
		if (parts.length !== 3 || !this.key) return undefined;
		const [h, p, s] = parts as [string, string, string];
		if (!verify('sha256', Buffer.from(`${h}.${p}`), this.key.pub, Buffer.from(s, 'base64url'))) return undefined;
		let claims: Claims;
		try {
			claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
		} catch {
			return undefined;
		}
		const now = cluster.now() / 1000;
		if (typeof claims.exp !== 'number' || now >= claims.exp || now < claims.nbf - 60) return undefined;
		const info = claims['kubernetes.io'];
		const sa = cluster.find('ServiceAccount', info?.namespace, info?.serviceaccount?.name ?? '');
		if (!sa || sa.metadata.uid !== info.serviceaccount.uid) return undefined;
		return {
			username: serviceAccountUser(info.namespace, sa.metadata.name),
			uid: sa.metadata.uid,
			groups: [...serviceAccountGroups(info.namespace), 'system:authenticated'],
			extra: {'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`]},
		};
	}
}

/** The TokenRequest's spec, checked: its audiences (the issuer by default) and lifetime. */
export function tokenRequestSpec(body: any): {audiences: string[]; expirationSeconds: number; problems: Array<{field: string; message: string}>} {
	const spec = body && typeof body === 'object' && body.spec && typeof body.spec === 'object' ? body.spec : {};
	const problems: Array<{field: string; message: string}> = [];
	const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences.filter((a: unknown) => typeof a === 'string') : [ISSUER];
	let seconds = DEFAULT_EXPIRATION_S;
	if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null) {
		seconds = Number(spec.expirationSeconds);
		if (!Number.isInteger(seconds) || seconds < MIN_EXPIRATION_S)
			problems.push({field: 'spec.expirationSeconds', message: `Invalid value: ${spec.expirationSeconds}: may not specify a duration less than 10 minutes`});
		else if (seconds > MAX_EXPIRATION_S)
			problems.push({field: 'spec.expirationSeconds', message: `Invalid value: ${spec.expirationSeconds}: may not specify a duration larger than 2^32 seconds`});
	}
	return {audiences, expirationSeconds: seconds, problems};
}
