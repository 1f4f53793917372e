// The review APIs, created and answered at once, never stored: authorization.k8s.io/v1
// SelfSubjectAccessReview (`kubectl auth can-i`), SubjectAccessReview, LocalSubjectAccessReview
// and SelfSubjectRulesReview (`kubectl auth can-i --list`); authentication.k8s.io/v1
// SelfSubjectReview (`kubectl auth whoami`) and TokenReview.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {errors, type Cause} from '../cluster/core/errors.js';
import type {Cluster, RequestAttributes} from '../cluster/index.js';
import type {UserInfo} from '../kinds/index.js';
import {decode} from './body.js';
import {methodNotAllowed, sendJson} from './http.js';
import type {ServedResource} from './discovery.js';
import type {TokenIssuer} from './tokens.js';
import {bearerUser, type TokenAuthenticator} from './auth.js';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

const review = (group: string, plural: string, kind: string, namespaced = false): ServedResource => ({
	group,
	version: 'v1',
	plural,
	singular: plural.replace(/s$/, ''),
	kind,
	namespaced,
	verbs: ['create'],
	shortNames: [],
	categories: [],
	subresources: [],
});

/** The review resources as discovery lists them. */
export const REVIEW_RESOURCES: ServedResource[] = [
	review(AUTHENTICATION_GROUP, 'selfsubjectreviews', 'SelfSubjectReview'),
	review(AUTHENTICATION_GROUP, 'tokenreviews', 'TokenReview'),
	review(AUTHORIZATION_GROUP, 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
	review(AUTHORIZATION_GROUP, 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
	review(AUTHORIZATION_GROUP, 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
	review(AUTHORIZATION_GROUP, 'subjectaccessreviews', 'SubjectAccessReview'),
];

export interface ReviewRequest {
	cluster: Cluster;
	tokens: TokenIssuer;
	authenticators?: readonly TokenAuthenticator[];
	user: UserInfo;
	resource: ServedResource;
	namespace?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a review's resourceAttributes or nonResourceAttributes ask. */
function attributesOf(spec: any): RequestAttributes | undefined {
	const ra = spec?.resourceAttributes;
	if (ra && typeof ra === 'object')
		return {verb: str(ra.verb), resource: str(ra.resource), apiGroup: str(ra.group), subresource: str(ra.subresource) || undefined, name: str(ra.name) || undefined, namespace: str(ra.namespace) || undefined};
	const na = spec?.nonResourceAttributes;
	if (na && typeof na === 'object') return {verb: str(na.verb), nonResourceURL: str(na.path)};
	return undefined;
}

function accessSpecProblems(spec: any): Cause[] {
	const causes: Cause[] = [];
	const hasR = spec?.resourceAttributes && typeof spec.resourceAttributes === 'object';
	const hasN = spec?.nonResourceAttributes && typeof spec.nonResourceAttributes === 'object';
	if (hasR && hasN) causes.push({reason: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', message: 'Invalid value: "{...}": cannot be specified in combination with resourceAttributes'});
	if (!hasR && !hasN) causes.push({reason: 'FieldValueInvalid', field: 'spec.resourceAttributes', message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified'});
	return causes;
}

function decision(cluster: Cluster, user: UserInfo, attrs: RequestAttributes): {allowed: boolean; reason?: string} {
	const d = cluster.authorize(user, attrs);
	return {allowed: d.allowed, ...(d.reason ? {reason: d.reason} : {})};
}

function answer(kind: string, group: string, sent: any, fields: Record<string, unknown>) {
	const metadata = sent?.metadata && typeof sent.metadata === 'object' ? {...sent.metadata} : {};
	return {kind, apiVersion: `${group}/v1`, metadata: {...metadata, creationTimestamp: null}, ...fields};
}

/** Answers one review: the body's question, decided for the request's user (or the subject it names). */
export function createReview(r: ReviewRequest, body: any): unknown {
	const {cluster, user, resource} = r;
	const kind = resource.kind;
	const spec = body?.spec && typeof body.spec === 'object' ? body.spec : {};
	const invalid = (causes: Cause[]) => errors.invalid(kind, '', causes, resource.group);
	switch (resource.plural) {
		case 'selfsubjectreviews':
			return answer(kind, resource.group, body, {status: {userInfo: userInfo(user)}});
		case 'tokenreviews': {
			const token = str(spec.token);
			const who = token ? bearerUser(cluster, token, r.tokens, r.authenticators ?? []) : undefined;
			return answer(kind, resource.group, body, {spec, status: who ? {authenticated: true, user: userInfo(who), audiences: ['https://kubernetes.default.svc.cluster.local']} : {user: {}, error: '[invalid bearer token, service account token has been invalidated]'}});
		}
		case 'selfsubjectaccessreviews': {
			const causes = accessSpecProblems(spec);
			if (causes.length) throw invalid(causes);
			return answer(kind, resource.group, body, {spec, status: decision(cluster, user, attributesOf(spec)!)});
		}
		case 'subjectaccessreviews':
		case 'localsubjectaccessreviews': {
			const causes = accessSpecProblems(spec);
			const subject: UserInfo = {username: str(spec.user), groups: Array.isArray(spec.groups) ? spec.groups.filter((g: unknown) => typeof g === 'string') : [], ...(spec.uid ? {uid: str(spec.uid)} : {})};
			if (!subject.username && !subject.groups!.length) causes.push({reason: 'FieldValueInvalid', field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified'});
			const attrs = attributesOf(spec);
			if (resource.namespaced && attrs && attrs.resource !== undefined && attrs.namespace !== r.namespace)
				causes.push({reason: 'FieldValueInvalid', field: 'spec.resourceAttributes.namespace', message: `Invalid value: ${JSON.stringify(attrs.namespace ?? '')}: must match metadata.namespace`});
			if (causes.length) throw invalid(causes);
			return answer(kind, resource.group, body, {spec, status: decision(cluster, subject, attrs!)});
		}
		case 'selfsubjectrulesreviews': {
			const namespace = str(spec.namespace);
			if (!namespace) throw invalid([{reason: 'FieldValueRequired', field: 'spec.namespace', message: 'Required value'}]);
			const rules = cluster.accessRules(user, namespace);
			return answer(kind, resource.group, body, {spec, status: rules});
		}
		default:
			throw errors.badRequest(`${resource.plural} cannot be created`);
	}
}

function userInfo(u: UserInfo) {
	return {username: u.username, ...(u.uid ? {uid: u.uid} : {}), ...(u.groups?.length ? {groups: u.groups} : {}), ...(u.extra ? {extra: u.extra} : {})};
}

/** POST of a review resource; any other method is 405. */
export function reviewRequest(r: ReviewRequest, req: IncomingMessage, res: ServerResponse, body: Buffer, path: string): void {
	if (req.method !== 'POST') return methodNotAllowed(res, req.method ?? 'GET', path);
	const sent = decode(body, req.headers['content-type']);
	sendJson(res, 201, createReview(r, sent));
}
