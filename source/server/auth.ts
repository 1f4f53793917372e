// Authentication and authorization of every API request. Who: with `kubesim serve --token`, the
// bearer token of the kubeconfig is the cluster's admin (kubernetes-admin, group system:masters,
// as a kind cluster's kubeconfig is); without it, a request with no credentials is that admin
// too; a ServiceAccount token (`kubectl create token`) is that ServiceAccount; a static token
// (`kubesim serve --user`) or, on EKS, an IAM token mapped through aws-auth is its user; anything
// else is 401. Impersonation headers (`kubectl --as --as-group`) then switch to another user, if the
// caller may impersonate them. What: every request of a user outside system:masters is
// authorized by RBAC, and refused with the API server's 403 text.
import type {IncomingMessage} from 'node:http';
import {PRIVILEGED_GROUP, StatusError, parseServiceAccountUser, serviceAccountGroups, type Cluster, type RequestAttributes} from '../cluster/index.js';
import type {UserInfo} from '../kinds/index.js';
import {failureStatus} from './http.js';
import type {TokenIssuer} from './tokens.js';

/** An authenticator of bearer tokens: the token's user, or undefined when the token is none of its own. */
export type TokenAuthenticator = (token: string) => UserInfo | undefined;

export const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS = 'system:anonymous';

/** Who a request without credentials is to a server with a token (RBAC lets it read only /version and the health paths). */
export const ANONYMOUS_USER: UserInfo = {username: ANONYMOUS, groups: [UNAUTHENTICATED]};

/** The user of the kubeconfig `kubesim serve` writes. */
export const ADMIN: UserInfo = {username: 'kubernetes-admin', groups: [PRIVILEGED_GROUP, AUTHENTICATED]};

/** Whether a request may reach the server at all (exec's check: the server's token when it has one). */
export function authorized(req: IncomingMessage, token: string | undefined): boolean {
	return !token || req.headers.authorization === `Bearer ${token}`;
}

export function unauthorized() {
	return failureStatus(401, 'Unauthorized', 'Unauthorized');
}

/** Who a request comes from, before impersonation; undefined when its credentials are not accepted. */
export function authenticate(req: IncomingMessage, cluster: Cluster, token: string | undefined, tokens: TokenIssuer, others: readonly TokenAuthenticator[] = []): UserInfo | undefined {
	const header = req.headers.authorization;
	if (!header) return token ? undefined : ADMIN;
	const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
	if (!m) return undefined;
	if (token && m[1] === token) return ADMIN;
	return bearerUser(cluster, m[1]!, tokens, others);
}

/** A token's user by the server's authenticators in turn (ServiceAccount tokens first), or undefined. */
export function bearerUser(cluster: Cluster, token: string, tokens: TokenIssuer, others: readonly TokenAuthenticator[]): UserInfo | undefined {
	const sa = tokens.authenticate(cluster, token);
	if (sa) return sa;
	for (const a of others) {
		const u = a(token);
		if (u) return u;
	}
	return undefined;
}

/** Whether a user is exempt from RBAC (the privileged group). */
export function isPrivileged(user: UserInfo): boolean {
	return (user.groups ?? []).includes(PRIVILEGED_GROUP);
}

function headerValues(req: IncomingMessage, name: string): string[] {
	const out: string[] = [];
	const raw = req.rawHeaders;
	for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
	return out;
}

/**
 * The user a request acts as: the caller, or whom its Impersonate-* headers name, once the
 * caller's right to impersonate each of them is checked (403 otherwise).
 */
export function impersonate(req: IncomingMessage, cluster: Cluster, caller: UserInfo): UserInfo {
	const users = headerValues(req, 'impersonate-user');
	const groups = headerValues(req, 'impersonate-group');
	const uids = headerValues(req, 'impersonate-uid');
	const extras: Record<string, string[]> = {};
	for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
		const name = req.rawHeaders[i]!.toLowerCase();
		if (!name.startsWith('impersonate-extra-')) continue;
		const key = decodeURIComponent(name.slice('impersonate-extra-'.length));
		(extras[key] ??= []).push(req.rawHeaders[i + 1]!);
	}
	if (!users.length) {
		if (groups.length || uids.length || Object.keys(extras).length) {
			const asked = groups.map(g => `{Group  ${g}  }`).join(' ');
			throw new StatusError(failureStatus(500, 'InternalError', `Internal error occurred: requested [${asked}] without impersonating a user`));
		}
		return caller;
	}
	const username = users[0]!;
	const check = (attrs: RequestAttributes) => {
		const d = cluster.authorize(caller, attrs);
		if (!d.allowed) throw forbidden(caller, attrs, d.reason);
	};
	const sa = parseServiceAccountUser(username);
	if (sa) check({verb: 'impersonate', resource: 'serviceaccounts', apiGroup: '', namespace: sa.namespace, name: sa.name});
	else check({verb: 'impersonate', resource: 'users', apiGroup: '', name: username});
	for (const g of groups) check({verb: 'impersonate', resource: 'groups', apiGroup: '', name: g});
	for (const u of uids) check({verb: 'impersonate', resource: 'uids', apiGroup: 'authentication.k8s.io', name: u});
	for (const [k, vs] of Object.entries(extras)) for (const v of vs) check({verb: 'impersonate', resource: 'userextras', subresource: k, apiGroup: 'authentication.k8s.io', name: v});
	const out = [...groups];
	if (sa && !groups.length) out.push(...serviceAccountGroups(sa.namespace));
	if (username !== ANONYMOUS && !out.includes(AUTHENTICATED) && !out.includes(UNAUTHENTICATED)) out.push(AUTHENTICATED);
	return {
		username,
		groups: out,
		...(uids[0] ? {uid: uids[0]} : {}),
		...(Object.keys(extras).length ? {extra: extras} : {}),
	};
}

/** The API server's 403 for a request a user may not make. */
export function forbidden(user: UserInfo, attrs: RequestAttributes, reason = ''): StatusError {
	let why: string;
	if (attrs.resource === undefined) why = `User ${JSON.stringify(user.username)} cannot ${attrs.verb} path ${JSON.stringify(attrs.nonResourceURL ?? '')}`;
	else {
		const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
		const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
		why = `User ${JSON.stringify(user.username)} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup ?? '')} ${scope}`;
	}
	if (reason) why += `: ${reason}`;
	const group = attrs.apiGroup ?? '';
	const qualified = attrs.resource === undefined ? '' : group ? `${attrs.resource}.${group}` : attrs.resource;
	const message = !qualified ? `forbidden: ${why}` : attrs.name ? `${qualified} ${JSON.stringify(attrs.name)} is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
	return new StatusError({
		...failureStatus(403, 'Forbidden', message),
		details: {...(attrs.name ? {name: attrs.name} : {}), ...(group ? {group} : {}), ...(attrs.resource !== undefined ? {kind: attrs.resource} : {})},
	});
}

/** Refuses a request the user may not make (nothing to check for system:masters). */
export function enforce(cluster: Cluster, user: UserInfo, attrs: RequestAttributes): void {
	if (isPrivileged(user)) return;
	const d = cluster.authorize(user, attrs);
	if (!d.allowed) throw forbidden(user, attrs, d.reason);
}

/** The verb of a resource request, as RBAC names it. */
export function requestVerb(method: string, named: boolean, watch: boolean): string {
	switch (method) {
		case 'GET':
		case 'HEAD':
			return watch ? 'watch' : named ? 'get' : 'list';
		case 'POST':
			return 'create';
		case 'PUT':
			return 'update';
		case 'PATCH':
			return 'patch';
		case 'DELETE':
			return named ? 'delete' : 'deletecollection';
		default:
			return method.toLowerCase();
	}
}
