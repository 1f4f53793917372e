// EKS-style IAM tokens, as `aws eks get-token` makes them and the AWS IAM Authenticator checks
// them: `k8s-aws-v1.` + unpadded base64url of a presigned STS GetCallerIdentity URL that signs
// the header x-k8s-aws-id (the cluster's name), valid for 15 minutes from its X-Amz-Date.
// AWS's STS is simulated: it has no accounts to look an access key up in, so the URL's
// X-Amz-Security-Token carries the GetCallerIdentity answer itself, and X-Amz-Signature is a
// SHA-256 HMAC over the query and the cluster's name, so that an edited token or one made for
// another cluster is refused as STS would refuse it. STS keeps real time, not the cluster's.
import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import {accessEntryUser, findAccessEntry} from '../cluster/cloud/access.js';
import {AWS_AUTH, canonicalize, mapIdentity, parseAwsAuth, type AwsAuth, type IamIdentity} from '../cluster/cloud/iam.js';
import type {Cluster} from '../cluster/index.js';
import type {UserInfo} from '../kinds/index.js';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_BYTES = 4 * 1024;
const EXPIRATION_MS = 15 * 60_000;
const PARAMS = ['action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders'];
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AKIA...` (a user's long-term key) or `ASIA...` (a session's), 20 characters, derived from the ARN. */
function simulatedId(prefix: string, seed: string, length: number): string {
	const h = createHash('sha256').update(seed).digest();
	let out = prefix;
	for (let i = 0; out.length < length; i++) out += BASE32[h[i]! % 32];
	return out;
}

/** `20261202T061000Z` */
function amzDate(ms: number): string {
	return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(s: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
	if (!m) return undefined;
	const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
	return Number.isNaN(t) ? undefined : t;
}

function signature(accessKeyId: string, query: string, host: string, clusterName: string): string {
	const secret = createHash('sha256').update(`kubesim simulated secret of ${accessKeyId}`).digest();
	return createHmac('sha256', secret).update(`GET\n/\n${query}\nhost:${host}\nx-k8s-aws-id:${clusterName}`).digest('hex');
}

/** The query in the order AWS's presigner writes it, without the signature. */
function canonicalQuery(params: Array<[string, string]>): string {
	return params
		.filter(([k]) => k.toLowerCase() !== 'x-amz-signature')
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('&');
}

export interface IamTokenOptions {
	arn: string;
	/** The EKS cluster's name (the x-k8s-aws-id header), kubesim by default. */
	clusterName?: string;
	region?: string;
	/** Epoch ms; now by default. */
	now?: number;
}

/** A token for an IAM identity, and when a client should stop using it (a minute before STS would). */
export function iamToken(opts: IamTokenOptions): {token: string; expirationTimestamp: string} {
	const c = canonicalize(opts.arn);
	if ('error' in c) throw new Error(c.error);
	const now = opts.now ?? Date.now();
	const region = opts.region ?? 'us-east-1';
	const host = `sts.${region}.amazonaws.com`;
	const session = c.type === 'assumed-role' ? opts.arn.split('/').at(-1)! : '';
	const accessKeyId = simulatedId(c.type === 'assumed-role' ? 'ASIA' : 'AKIA', `access key of ${opts.arn}`, 20);
	const principal = simulatedId(c.type === 'user' ? 'AIDA' : c.type === 'root' ? '' : 'AROA', `principal ${c.canonical}`, 21);
	const userId = c.type === 'root' ? c.accountId : c.type === 'assumed-role' ? `${principal}:${session}` : c.type === 'federated-user' ? `${c.accountId}:${opts.arn.split('/').at(-1)}` : principal;
	const answer = Buffer.from(JSON.stringify({Account: c.accountId, Arn: opts.arn, UserId: userId})).toString('base64');
	const date = amzDate(now);
	const params: Array<[string, string]> = [
		['Action', 'GetCallerIdentity'],
		['Version', '2011-06-15'],
		['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
		['X-Amz-Credential', `${accessKeyId}/${date.slice(0, 8)}/${region}/sts/aws4_request`],
		['X-Amz-Date', date],
		['X-Amz-Expires', '60'],
		['X-Amz-Security-Token', answer],
		['X-Amz-SignedHeaders', 'host;x-k8s-aws-id'],
	];
	const query = canonicalQuery(params);
	const url = `https://${host}/?${query}&X-Amz-Signature=${signature(accessKeyId, query, host, opts.clusterName ?? 'kubesim')}`;
	const expiration = new Date(now + EXPIRATION_MS - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return {token: TOKEN_PREFIX + Buffer.from(url).toString('base64url'), expirationTimestamp: expiration};
}

/** What `aws eks get-token` prints: an ExecCredential for a kubeconfig's exec plugin. */
export function execCredential(t: {token: string; expirationTimestamp: string}): string {
	return `${JSON.stringify({kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: {}, status: {expirationTimestamp: t.expirationTimestamp, token: t.token}})}\n`;
}

/** The identity a token proves, or why it proves none; never throws. */
export function verifyIamToken(token: unknown, opts: {clusterName: string; now: number}): {identity: IamIdentity} | {error: string} {
	if (typeof token !== 'string') return {error: 'token is not a string'};
	if (token.length > MAX_TOKEN_BYTES) return {error: 'token is too large'};
	if (!token.startsWith(TOKEN_PREFIX)) return {error: `token is missing expected "${TOKEN_PREFIX}" prefix`};
	const b64 = token.slice(TOKEN_PREFIX.length);
	if (!/^[A-Za-z0-9_-]*$/.test(b64)) return {error: 'illegal base64 data'};
	let url: URL;
	try {
		url = new URL(Buffer.from(b64, 'base64url').toString('utf8'));
	} catch {
		return {error: 'the token is not a URL'};
	}
	if (url.protocol !== 'https:') return {error: `unexpected scheme "${url.protocol.replace(/:$/, '')}" in pre-signed URL`};
	const host = url.host;
	const region = /^sts\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] ?? (host === 'sts.amazonaws.com' ? 'us-east-1' : undefined);
	if (!region) return {error: `unexpected hostname "${host}" in pre-signed URL`};
	if (url.pathname !== '/') return {error: 'unexpected path in pre-signed URL'};
	const params = [...url.searchParams.entries()];
	const lower = new Map<string, string>();
	for (const [k, v] of params) {
		const key = k.toLowerCase();
		if (!PARAMS.includes(key)) return {error: `non-whitelisted query parameter "${k}"`};
		if (lower.has(key)) return {error: `duplicate query parameter found: "${k}"`};
		lower.set(key, v);
	}
	if (lower.get('action') !== 'GetCallerIdentity') return {error: 'unexpected action parameter in pre-signed URL'};
	if (!(lower.get('x-amz-signedheaders') ?? '').split(';').some(h => h.toLowerCase() === 'x-k8s-aws-id')) return {error: 'client did not sign the x-k8s-aws-id header in the pre-signed URL'};
	const expires = Number(lower.get('x-amz-expires'));
	if (!Number.isInteger(expires) || expires < 0 || expires > 900) return {error: 'invalid X-Amz-Expires parameter in pre-signed URL'};
	const date = parseAmzDate(lower.get('x-amz-date') ?? '');
	if (date === undefined) return {error: 'X-Amz-Date parameter must be present in pre-signed URL'};
	if (opts.now > date + EXPIRATION_MS) return {error: 'X-Amz-Date parameter is expired (15 minute expiration)'};
	const accessKeyId = (lower.get('x-amz-credential') ?? '').split('/')[0]!;
	// the simulated STS: the signature first (SignatureDoesNotMatch), then the caller it names
	const sent = lower.get('x-amz-signature') ?? '';
	const want = signature(accessKeyId, canonicalQuery(params), host, opts.clusterName);
	const a1 = Buffer.from(sent);
	const a2 = Buffer.from(want);
	if (a1.length !== a2.length || !timingSafeEqual(a1, a2)) return {error: 'STS: SignatureDoesNotMatch'};
	let answer: unknown;
	try {
		answer = JSON.parse(Buffer.from(lower.get('x-amz-security-token') ?? '', 'base64').toString('utf8'));
	} catch {
		return {error: 'STS: InvalidClientTokenId'};
	}
	const who = answer as {Account?: unknown; Arn?: unknown; UserId?: unknown};
	if (typeof who?.Arn !== 'string' || typeof who.Account !== 'string' || typeof who.UserId !== 'string') return {error: 'STS: InvalidClientTokenId'};
	const c = canonicalize(who.Arn);
	if ('error' in c) return {error: c.error};
	let userId = who.UserId;
	let sessionName = '';
	if (c.type === 'role' || c.type === 'assumed-role') {
		const parts = who.UserId.split(':');
		if (parts.length !== 2) return {error: `malformed UserID "${who.UserId}"`};
		[userId, sessionName] = parts as [string, string];
	}
	return {identity: {arn: who.Arn, canonicalArn: c.canonical, type: c.type, accountId: who.Account, userId, sessionName, accessKeyId}};
}

/**
 * The authenticator of an EKS cluster's API server: an IAM token's identity mapped through the
 * creator's mapping and aws-auth (read from the store at each request, parsed once per version)
 * to a user, or undefined (401). Other clusters have no IAM authenticator.
 */
export function iamAuthenticator(cluster: Cluster, now: () => number = Date.now): (token: string) => UserInfo | undefined {
	let cache: {rv: string; auth: AwsAuth} | undefined;
	const awsAuth = (): AwsAuth => {
		const cm = cluster.find('ConfigMap', AWS_AUTH.namespace, AWS_AUTH.name);
		const rv = cm?.metadata.resourceVersion ?? '';
		if (cache?.rv !== rv) cache = {rv, auth: parseAwsAuth(cm ? (cm as {data?: unknown}).data : undefined)};
		return cache.auth;
	};
	const privateDnsName = (instanceId: string) => cluster.list('Node').find(n => (n as {spec?: {providerID?: string}}).spec?.providerID?.endsWith(`/${instanceId}`))?.metadata.name;
	return token => {
		if (cluster.profile !== 'eks' || !token.startsWith(TOKEN_PREFIX)) return undefined;
		const v = verifyIamToken(token, {clusterName: cluster.name, now: now()});
		if ('error' in v) return undefined;
		const id = v.identity;
		const mode = cluster.access?.authenticationMode ?? 'CONFIG_MAP';
		// access entries first in the API modes, aws-auth only in the config-map modes
		const entry = mode !== 'CONFIG_MAP' ? findAccessEntry(cluster.access!.accessEntries, id) : undefined;
		let m: {username: string; groups: string[]} | {error: string};
		if (entry) m = accessEntryUser(entry, id);
		else if (mode === 'API') m = {error: 'ARN is not mapped'};
		else m = mapIdentity(awsAuth(), id, privateDnsName, mode === 'CONFIG_MAP');
		if ('error' in m) return undefined;
		const groups = m.groups.includes('system:authenticated') ? m.groups : [...m.groups, 'system:authenticated'];
		return {
			username: m.username,
			uid: `aws-iam-authenticator:${id.accountId}:${id.userId}`,
			groups,
			extra: {
				accessKeyId: [id.accessKeyId],
				arn: [id.arn],
				canonicalArn: [id.canonicalArn],
				principalId: [id.userId],
				sessionName: [id.sessionName],
				'sigs.k8s.io/aws-iam-authenticator/principalId': [id.userId],
			},
		};
	};
}
