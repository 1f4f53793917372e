// The pieces of EKS authentication on their own, fuzzed: the aws-auth parser (never throws; bad
// entries reported and skipped, good ones kept), ARN canonicalisation, the IAM token's parser
// (never throws; an edited token proves nothing new) and the static token file's lines.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {canonicalize, mapIdentity, parseAwsAuth, type IamIdentity} from '../../source/cluster/cloud/iam.js';
import {iamToken, TOKEN_PREFIX, verifyIamToken} from '../../source/server/iam.js';
import {parseTokenFile, tokenFileLine} from '../../source/server/static-tokens.js';

const NOW = Date.UTC(2026, 11, 2, 6, 0, 0);
const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,24}$/);
const yamlish = fc.oneof(fc.string(), fc.constantFrom('- a\n- b', '[', '- rolearn: x\n  username: [1]', '*x', '- {rolearn: a, username: b, groups: c}', 'a: b', '``', '""', '- !!binary aGk=', '&a [*a, *a]'));
const identity = (arn: string): IamIdentity => {
	const c = canonicalize(arn);
	if ('error' in c) throw new Error(c.error);
	return {arn, canonicalArn: c.canonical, type: c.type, accountId: c.accountId, userId: 'AIDAEXAMPLE', sessionName: arn.split('/').at(-1)!, accessKeyId: 'AKIAEXAMPLE'};
};

describe('parseAwsAuth', () => {
	it('reads mapRoles, mapUsers and mapAccounts, keys in any case as Go\'s decoder matches them', () => {
		const auth = parseAwsAuth({
			mapRoles: '- RoleARN: arn:aws:iam::111122223333:role/ops\n  UserName: ops\n  Groups: [ops, dev]\n',
			mapUsers: '- userarn: arn:aws:iam::111122223333:user/jane\n  username: jane\n',
			mapAccounts: '- "444455556666"\n- 777788889999\n',
		});
		expect(auth).toEqual({
			roles: [{arn: 'arn:aws:iam::111122223333:role/ops', username: 'ops', groups: ['ops', 'dev']}],
			users: [{arn: 'arn:aws:iam::111122223333:user/jane', username: 'jane', groups: []}],
			accounts: ['444455556666', '777788889999'],
			problems: [],
		});
	});

	it('skips and reports bad entries, keeping the good ones and the other keys', () => {
		const auth = parseAwsAuth({
			mapRoles: '- rolearn: arn:aws:iam::111122223333:role/ok\n  username: ok\n- username: no-arn\n- just a string\n- rolearn: arn:aws:iam::111122223333:role/g\n  username: g\n  groups: admins\n',
			mapUsers: '- userarn: "unclosed\n',
		});
		expect(auth.roles).toEqual([
			{arn: 'arn:aws:iam::111122223333:role/ok', username: 'ok', groups: []},
			{arn: 'arn:aws:iam::111122223333:role/g', username: 'g', groups: []},
		]);
		expect(auth.users).toEqual([]);
		expect(auth.problems.slice(0, 3)).toEqual(['mapRoles[1]: rolearn must be supplied', 'mapRoles[2]: must be a map', 'mapRoles[3]: groups must be a list of strings (left out)']);
		expect(auth.problems[3]).toMatch(/^mapUsers: /);
		expect(auth.problems.length).toBe(4);
	});

	it('never throws, whatever the ConfigMap holds, and mapping any identity through it never throws either', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), fc.record({mapRoles: yamlish, mapUsers: yamlish, mapAccounts: yamlish}, {requiredKeys: []})), name, (data, who) => {
				const auth = parseAwsAuth(data);
				for (const m of [...auth.roles, ...auth.users]) expect(typeof m.arn === 'string' && typeof m.username === 'string' && m.groups.every(g => typeof g === 'string')).toBe(true);
				const r = mapIdentity(auth, identity(`arn:aws:sts::111122223333:assumed-role/${who}/${who}`), () => undefined);
				expect('error' in r || typeof r.username === 'string').toBe(true);
			}),
			{numRuns: 300},
		);
	});

	it('keeps exactly the well-formed entries of a list of good and bad ones', () => {
		const good = fc.record({rolearn: name.map(n => `arn:aws:iam::111122223333:role/${n}`), username: name, groups: fc.array(name, {maxLength: 3})});
		const bad = fc.oneof(fc.constant('x'), fc.constant(7), fc.record({username: name}), fc.record({rolearn: fc.constant(''), username: name}));
		fc.assert(
			fc.property(fc.array(fc.oneof(good.map(g => ({g})), bad.map(b => ({b}))), {maxLength: 8}), entries => {
				const auth = parseAwsAuth({mapRoles: JSON.stringify(entries.map(e => ('g' in e ? e.g : e.b)))});
				expect(auth.roles).toEqual(entries.flatMap(e => ('g' in e ? [{arn: e.g.rolearn, username: e.g.username, groups: e.g.groups}] : [])));
				expect(auth.problems.length).toBe(entries.filter(e => 'b' in e).length);
			}),
		);
	});
});

describe('canonicalize', () => {
	it('turns an assumed role into its IAM role, losing the path, and refuses what is no identity', () => {
		expect(canonicalize('arn:aws:sts::111122223333:assumed-role/ops/alice')).toEqual({type: 'assumed-role', canonical: 'arn:aws:iam::111122223333:role/ops', accountId: '111122223333'});
		expect(canonicalize('arn:aws:iam::111122223333:user/team/jane')).toEqual({type: 'user', canonical: 'arn:aws:iam::111122223333:user/team/jane', accountId: '111122223333'});
		expect(canonicalize('arn:aws:s3:::bucket')).toEqual({error: 'service s3 in arn arn:aws:s3:::bucket is not a valid service for identities'});
		expect(canonicalize('arn:aws:sts::111122223333:assumed-role/ops')).toEqual({error: "assumed-role arn 'arn:aws:sts::111122223333:assumed-role/ops' does not have a role"});
		expect(canonicalize('arn:nope:iam::1:user/x')).toEqual({error: "arn 'arn:nope:iam::1:user/x' does not have a recognized partition"});
		fc.assert(fc.property(fc.string(), s => void canonicalize(s)));
	});
});

describe('IAM tokens', () => {
	it('has the shape aws eks get-token gives it: a presigned GetCallerIdentity URL signing x-k8s-aws-id', () => {
		const {token, expirationTimestamp} = iamToken({arn: 'arn:aws:iam::111122223333:user/jane', now: NOW});
		expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
		expect(token.slice(TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
		const url = new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString());
		expect([url.origin, url.pathname]).toEqual(['https://sts.us-east-1.amazonaws.com', '/']);
		expect([...url.searchParams.keys()]).toEqual(['Action', 'Version', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Security-Token', 'X-Amz-SignedHeaders', 'X-Amz-Signature']);
		expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIA[A-Z2-7]{16}\/20261202\/us-east-1\/sts\/aws4_request$/);
		expect([url.searchParams.get('Action'), url.searchParams.get('X-Amz-Date'), url.searchParams.get('X-Amz-Expires'), url.searchParams.get('X-Amz-SignedHeaders')]).toEqual(['GetCallerIdentity', '20261202T060000Z', '60', 'host;x-k8s-aws-id']);
		expect(expirationTimestamp).toBe('2026-12-02T06:14:00Z');
	});

	it('verifies what it made for any user or assumed role, for its cluster only', () => {
		fc.assert(
			fc.property(name, name, fc.boolean(), (who, session, role) => {
				const arn = role ? `arn:aws:sts::111122223333:assumed-role/${who}/${session}` : `arn:aws:iam::111122223333:user/${who}`;
				const {token} = iamToken({arn, clusterName: 'c1', now: NOW});
				const v = verifyIamToken(token, {clusterName: 'c1', now: NOW + 60_000});
				if (!('identity' in v)) throw new Error(v.error);
				expect([v.identity.arn, v.identity.canonicalArn, v.identity.sessionName]).toEqual([arn, role ? `arn:aws:iam::111122223333:role/${who}` : arn, role ? session : '']);
				expect(verifyIamToken(token, {clusterName: 'c2', now: NOW})).toEqual({error: 'STS: SignatureDoesNotMatch'});
			}),
		);
	});

	it('never throws on any string, and an edited token proves nobody else', () => {
		const {token} = iamToken({arn: 'arn:aws:iam::111122223333:user/jane', now: NOW});
		fc.assert(fc.property(fc.string(), s => void verifyIamToken(s, {clusterName: 'kubesim', now: NOW})));
		fc.assert(fc.property(fc.string(), s => void verifyIamToken(TOKEN_PREFIX + Buffer.from(s).toString('base64url'), {clusterName: 'kubesim', now: NOW})));
		fc.assert(
			fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCXYZabcxyz0189-_'), (i, c) => {
				const edited = token.slice(0, i) + c + token.slice(i + 1);
				const v = verifyIamToken(edited, {clusterName: 'kubesim', now: NOW});
				if ('identity' in v) expect(v.identity.arn).toBe('arn:aws:iam::111122223333:user/jane');
			}),
			{numRuns: 500},
		);
		expect(verifyIamToken(token.slice(0, -4), {clusterName: 'kubesim', now: NOW})).toEqual({error: 'STS: SignatureDoesNotMatch'});
		expect(verifyIamToken('k8s-aws-v1.', {clusterName: 'kubesim', now: NOW})).toEqual({error: 'the token is not a URL'});
		expect(verifyIamToken('Bearer x', {clusterName: 'kubesim', now: NOW})).toEqual({error: 'token is missing expected "k8s-aws-v1." prefix'});
	});
});

describe('the static token file', () => {
	it('reads token,user,uid,"groups" lines and reports the short ones', () => {
		expect(parseTokenFile('t1,jane,u1,"dev,ops"\n\nt2,bob,u2\nshort,line\n"open,x,y')).toEqual({
			users: [
				{token: 't1', username: 'jane', uid: 'u1', groups: ['dev', 'ops']},
				{token: 't2', username: 'bob', uid: 'u2', groups: []},
			],
			problems: ['line 4: must have at least 3 columns (token, user name, user uid), found 2', 'line 5: an unclosed quote'],
		});
	});

	it('never throws, and reads back the lines it writes', () => {
		fc.assert(fc.property(fc.string(), s => void parseTokenFile(s)));
		const field = fc.string({minLength: 1}).filter(s => !/[\r\n]/.test(s) && s.trim() === s);
		fc.assert(
			fc.property(field, field, fc.string().filter(s => !/[\r\n]/.test(s)), fc.array(name.filter(g => !g.includes(',')), {maxLength: 3}), (token, username, uid, groups) => {
				expect(parseTokenFile(tokenFileLine({token, username, uid, groups})).users).toEqual([{token, username, uid, groups}]);
			}),
		);
	});
});
