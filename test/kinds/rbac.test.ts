// The RBAC, NetworkPolicy, IngressClass and CertificateSigningRequest kinds in the API server of
// a cluster: their validation messages, defaults, admission (the default IngressClass, a CSR's
// requestor), the approval subresource, and their table rows and describe texts.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {readFileSync} from 'node:fs';
import {createCluster, isStatusError, type Cluster} from '../../source/cluster/index.js';
import type {KObject} from '../../source/cluster/types.js';
import {kindInfo} from '../../source/kinds/index.js';
import {policyRuleRows} from '../../source/kinds/rbac/rules.js';
import {pemRequestProblem} from '../../source/kinds/csr/api.js';
import {ctx} from './fixtures.js';

const G = 'rbac.authorization.k8s.io';

/** The message of the Status a write fails with. */
function failure(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		if (isStatusError(e)) return e.message;
		throw e;
	}
	throw new Error('the write succeeded');
}

/** `field: message` of each cause of the Invalid status a write fails with. */
function causes(fn: () => unknown): string[] {
	try {
		fn();
	} catch (e) {
		if (isStatusError(e)) return (e.status.details?.causes ?? []).map(c => `${c.field}: ${c.message}`);
		throw e;
	}
	throw new Error('the write succeeded');
}

const fresh = () => createCluster({nodes: 1, seed: 3, addons: false});

describe('Roles and ClusterRoles', () => {
	const cluster = fresh();

	it('need verbs, and groups and resources unless the rule is about URLs', () => {
		expect(causes(() => cluster.create({apiVersion: `${G}/v1`, kind: 'Role', metadata: {name: 'r'}, rules: [{resources: ['pods']}]} as KObject))).toEqual([
			'rules[0].verbs: Required value: verbs must contain at least one value',
			'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
		]);
		expect(failure(() => cluster.create({apiVersion: `${G}/v1`, kind: 'Role', metadata: {name: 'r'}, rules: [{verbs: ['get'], nonResourceURLs: ['/healthz']}]} as KObject))).toBe(
			'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
		);
		expect(
			failure(() => cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name: 'c'}, rules: [{verbs: ['get'], resources: ['pods'], apiGroups: [''], nonResourceURLs: ['/x']}]} as KObject)),
		).toBe('ClusterRole.rbac.authorization.k8s.io "c" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs');
		expect(
			failure(() => cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name: 'c'}, rules: [{verbs: ['get'], resources: ['pods', 'secrets'], apiGroups: [''], resourceNames: ['x']}]} as KObject)),
		).toBe('ClusterRole.rbac.authorization.k8s.io "c" is invalid: rules[0].resourceNames: Required value: resource names cannot apply to multiple resources');
		// names are path segments: `:` is fine, `/` is not
		expect(cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name: 'custom:view'}, rules: []} as KObject).metadata.name).toBe('custom:view');
		expect(failure(() => cluster.create({apiVersion: `${G}/v1`, kind: 'ClusterRole', metadata: {name: 'a/b'}} as KObject))).toBe(
			'ClusterRole.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain \'/\'',
		);
	});

	it('print NAME and CREATED AT, and describe their rules broken down and merged per resource', () => {
		const role = cluster.create({
			apiVersion: `${G}/v1`,
			kind: 'Role',
			metadata: {name: 'mixed'},
			rules: [
				{verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale']},
				{verbs: ['watch', 'get'], apiGroups: [''], resources: ['pods']},
				{verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app']},
			],
		} as KObject);
		const k = kindInfo('Role')!;
		expect(k.columns.map(c => c.name)).toEqual(['Name', 'Created At']);
		expect(k.row(role, ctx())).toEqual(['mixed', role.metadata.creationTimestamp]);
		// sorted by the rules' text, verbs first: `[get list watch]` before `[get list]`
		expect(policyRuleRows((role as {rules?: never}).rules)).toEqual([
			['pods', '[]', '[]', '[get list watch]'],
			['deployments/scale', '[]', '[]', '[get list]'],
			['deployments.apps/scale', '[]', '[]', '[get list]'],
			['pods.apps', '[]', '[]', '[get list]'],
			['configmaps', '[]', '[app]', '[update]'],
		]);
		expect(k.describe!(role, ctx())).toBe(
			[
				'Name:         mixed',
				'Labels:       <none>',
				'Annotations:  <none>',
				'PolicyRule:',
				'  Resources               Non-Resource URLs  Resource Names  Verbs',
				'  ---------               -----------------  --------------  -----',
				'  pods                    []                 []              [get list watch]',
				'  deployments/scale       []                 []              [get list]',
				'  deployments.apps/scale  []                 []              [get list]',
				'  pods.apps               []                 []              [get list]',
				'  configmaps              []                 [app]           [update]',
				'',
			].join('\n'),
		);
	});
});

describe('RoleBindings and ClusterRoleBindings', () => {
	const cluster = fresh();
	const binding = (extra: Record<string, unknown>) => ({apiVersion: `${G}/v1`, kind: 'RoleBinding', metadata: {name: 'b'}, roleRef: {kind: 'Role', name: 'r'}, ...extra}) as unknown as KObject;

	it('default the API group of the roleRef and of User and Group subjects', () => {
		const b = cluster.create(binding({subjects: [{kind: 'User', name: 'jane'}, {kind: 'Group', name: 'dev'}, {kind: 'ServiceAccount', name: 'bot'}]})) as KObject & {roleRef: unknown; subjects: unknown};
		expect(b.roleRef).toEqual({apiGroup: G, kind: 'Role', name: 'r'});
		expect(b.subjects).toEqual([
			{kind: 'User', name: 'jane', apiGroup: G},
			{kind: 'Group', name: 'dev', apiGroup: G},
			{kind: 'ServiceAccount', name: 'bot', apiGroup: ''},
		]);
		const k = kindInfo('RoleBinding')!;
		expect(k.row(b, ctx({now: Date.parse(b.metadata.creationTimestamp!) + 65_000}))).toEqual(['b', 'Role/r', '65s', 'jane', 'dev', 'bot']);
		expect(k.describe!(b, ctx())).toBe(
			[
				'Name:         b',
				'Labels:       <none>',
				'Annotations:  <none>',
				'Role:',
				'  Kind:  Role',
				'  Name:  r',
				'Subjects:',
				'  Kind            Name  Namespace',
				'  ----            ----  ---------',
				'  User            jane  ',
				'  Group           dev   ',
				'  ServiceAccount  bot   ',
				'',
			].join('\n'),
		);
	});

	it('refuse a change of roleRef: cannot change roleRef', () => {
		const b = cluster.get('RoleBinding', 'default', 'b');
		expect(failure(() => cluster.update({...b, roleRef: {...b.roleRef, kind: 'ClusterRole', name: 'view'}} as KObject))).toBe(
			'RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef',
		);
		// subjects may change
		expect((cluster.update({...b, subjects: [{kind: 'User', name: 'dave', apiGroup: G}]} as KObject) as {subjects?: unknown}).subjects).toEqual([{kind: 'User', name: 'dave', apiGroup: G}]);
	});

	it('check roleRef kinds and subjects as the API server does', () => {
		expect(causes(() => cluster.create({...binding({roleRef: {kind: 'Role', name: 'r'}, subjects: [{kind: 'ServiceAccount', name: 'bot'}]}), kind: 'ClusterRoleBinding'} as KObject))).toEqual([
			'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
			'subjects[0].namespace: Required value',
		]);
		expect(causes(() => cluster.create(binding({metadata: {name: 'c'}, roleRef: {kind: 'Secret'}, subjects: [{kind: 'Robot', name: 'x'}, {kind: 'User', name: 'y', apiGroup: 'v1'}]})))).toEqual([
			'roleRef.kind: Unsupported value: "Secret": supported values: "Role", "ClusterRole"',
			'roleRef.name: Required value',
			'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
			'subjects[1].apiGroup: Unsupported value: "v1": supported values: "rbac.authorization.k8s.io"',
		]);
	});

	it('fuzzed bindings are either stored or refused with an Invalid status, never a crash', () => {
		const c = fresh();
		let n = 0;
		fc.assert(
			fc.property(
				fc.record({
					roleRef: fc.oneof(fc.constant(undefined), fc.record({kind: fc.constantFrom('Role', 'ClusterRole', '', 'X'), name: fc.constantFrom('', 'r', 'a/b', '..'), apiGroup: fc.constantFrom(undefined, G, 'x')})),
					subjects: fc.array(fc.record({kind: fc.constantFrom('User', 'Group', 'ServiceAccount', 'Bad', ''), name: fc.constantFrom('', 'jane', 'Bad_Name'), namespace: fc.constantFrom(undefined, '', 'default'), apiGroup: fc.constantFrom(undefined, '', G)}), {maxLength: 3}),
					kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding'),
				}),
				({roleRef, subjects, kind}) => {
					const obj = {apiVersion: `${G}/v1`, kind, metadata: {name: `f${n++}`}, roleRef, subjects} as unknown as KObject;
					try {
						const made = c.create(obj) as KObject & {roleRef: {apiGroup: string}};
						expect(made.roleRef.apiGroup).toBe(G);
					} catch (e) {
						expect(isStatusError(e) && e.code).toBe(422);
					}
				},
			),
		);
	});
});

describe('NetworkPolicy', () => {
	const cluster = fresh();

	it('defaults policy types and protocols, and prints and describes as kubectl', () => {
		const np = cluster.create({
			apiVersion: 'networking.k8s.io/v1',
			kind: 'NetworkPolicy',
			metadata: {name: 'test-network-policy'},
			spec: {
				podSelector: {matchLabels: {role: 'db'}},
				ingress: [{from: [{ipBlock: {cidr: '172.17.0.0/16', except: ['172.17.1.0/24']}}, {namespaceSelector: {matchLabels: {project: 'myproject'}}}, {podSelector: {matchLabels: {role: 'frontend'}}}], ports: [{port: 6379}]}],
				egress: [{to: [{ipBlock: {cidr: '10.0.0.0/24'}}], ports: [{protocol: 'TCP', port: 5978}]}],
			},
		} as KObject);
		expect(np.spec).toMatchObject({policyTypes: ['Ingress', 'Egress'], ingress: [{ports: [{port: 6379, protocol: 'TCP'}]}]});
		const k = kindInfo('NetworkPolicy')!;
		expect(k.row(np, ctx({now: Date.parse(np.metadata.creationTimestamp!) + 3000}))).toEqual(['test-network-policy', 'role=db', '3s']);
		const text = k.describe!(np, ctx());
		expect(text.split('\n').slice(5)).toEqual([
			'Spec:',
			'  PodSelector:     role=db',
			'  Allowing ingress traffic:',
			'    To Port: 6379/TCP',
			'    From:',
			'      IPBlock:',
			'        CIDR: 172.17.0.0/16',
			'        Except: 172.17.1.0/24',
			'    From:',
			'      NamespaceSelector: project=myproject',
			'    From:',
			'      PodSelector: role=frontend',
			'  Allowing egress traffic:',
			'    To Port: 5978/TCP',
			'    To:',
			'      IPBlock:',
			'        CIDR: 10.0.0.0/24',
			'        Except: ',
			'  Policy Types: Ingress, Egress',
			'',
		]);
		const deny = cluster.create({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'default-deny-ingress'}, spec: {podSelector: {}}} as KObject);
		expect(k.row(deny, ctx({now: Date.parse(deny.metadata.creationTimestamp!)}))).toEqual(['default-deny-ingress', '<none>', '0s']);
		expect(k.describe!(deny, ctx()).split('\n').slice(5)).toEqual([
			'Spec:',
			'  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
			'  Allowing ingress traffic:',
			'    <none> (Selected pods are isolated for ingress connectivity)',
			'  Not affecting egress traffic',
			'  Policy Types: Ingress',
			'',
		]);
	});

	it('refuses bad peers, ports and policy types', () => {
		expect(
			causes(() =>
				cluster.create({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'bad'}, spec: {ingress: [{from: [{}], ports: [{protocol: 'ICMP', port: 70000}]}], policyTypes: ['Sideways']}} as KObject),
			),
		).toEqual([
			'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
			'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
			'spec.ingress[0].from[0]: Required value: must specify a peer',
			'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Egress", "Ingress"',
		]);
	});
});

describe('IngressClass and the default class', () => {
	const cluster = fresh();
	const ingress = (name: string, spec: Record<string, unknown> = {}) =>
		cluster.create({apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name}, spec: {defaultBackend: {service: {name: 'web', port: {number: 80}}}, ...spec}} as KObject) as KObject & {spec: {ingressClassName?: string}};

	it('an Ingress naming no class gets the default one, once there is one', () => {
		expect(ingress('before').spec.ingressClassName).toBeUndefined();
		const cls = cluster.create({apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'nginx', annotations: {'ingressclass.kubernetes.io/is-default-class': 'true'}}, spec: {controller: 'k8s.io/ingress-nginx'}} as KObject);
		expect(ingress('after').spec.ingressClassName).toBe('nginx');
		expect(ingress('named', {ingressClassName: 'other'}).spec.ingressClassName).toBe('other');
		const k = kindInfo('IngressClass')!;
		expect(k.row(cls, ctx({now: Date.parse(cls.metadata.creationTimestamp!)}))).toEqual(['nginx', 'k8s.io/ingress-nginx', '<none>', '0s']);
		const withParams = cluster.create({apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'ext'}, spec: {controller: 'example.com/ingress-controller', parameters: {apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb'}}} as KObject);
		expect(k.row(withParams, ctx({now: Date.parse(withParams.metadata.creationTimestamp!)}))).toEqual(['ext', 'example.com/ingress-controller', 'IngressParameters.k8s.example.com/external-lb', '0s']);
		expect((withParams.spec as {parameters: {scope: string}}).parameters.scope).toBe('Cluster');
	});

	it('refuses a controller that is no domain-prefixed path, and any change of it', () => {
		expect(failure(() => cluster.create({apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'x'}, spec: {controller: 'nginx'}} as KObject))).toBe(
			'IngressClass.networking.k8s.io "x" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
		);
		const cls = cluster.get('IngressClass', undefined, 'nginx');
		expect(failure(() => cluster.update({...cls, spec: {controller: 'example.com/other'}}))).toBe('IngressClass.networking.k8s.io "nginx" is invalid: spec.controller: Invalid value: "example.com/other": field is immutable');
	});
});

// A certificate request made with `openssl req -new -subj /CN=myuser` (a fixture of our own).
const CSR_PEM = readFileSync('test/fixtures/myuser.csr', 'utf8');

describe('CertificateSigningRequest', () => {
	let cluster: Cluster;
	const csr = (name: string, spec: Record<string, unknown> = {}) =>
		({apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: {name}, spec: {request: Buffer.from(CSR_PEM).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec}}) as unknown as KObject;

	it('records who asked, and starts Pending', () => {
		cluster = fresh();
		const made = cluster.create(csr('myuser', {expirationSeconds: 86400, username: 'forged'}), {user: {username: 'jane', groups: ['dev', 'system:authenticated']}});
		expect(made.spec).toMatchObject({username: 'jane', groups: ['dev', 'system:authenticated']});
		expect(made.status).toEqual({});
		const k = kindInfo('CertificateSigningRequest')!;
		expect(k.row(made, ctx({now: Date.parse(made.metadata.creationTimestamp!) + 5000}))).toEqual(['myuser', '5s', 'kubernetes.io/kube-apiserver-client', 'jane', '24h', 'Pending']);
	});

	it('is approved or denied through the approval subresource only', () => {
		const current = cluster.get('CertificateSigningRequest', undefined, 'myuser');
		// a plain update keeps spec and status
		const updated = cluster.update({...current, spec: {...current.spec, signerName: 'example.com/x'}, status: {conditions: [{type: 'Approved', status: 'True'}]}});
		expect(updated.spec).toEqual(current.spec);
		expect(updated.status).toEqual({});
		expect(updated.metadata.resourceVersion).toBe(current.metadata.resourceVersion);
		const approved = cluster.writeSubresource('CertificateSigningRequest', undefined, 'myuser', 'approval', {
			...updated,
			status: {conditions: [{type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.'}]},
		});
		const now = new Date(cluster.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
		expect(approved.status).toEqual({conditions: [{type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', lastUpdateTime: now, lastTransitionTime: now}]});
		expect(kindInfo('CertificateSigningRequest')!.row(approved, ctx({now: cluster.now()}))[5]).toBe('Approved');
		// the signer then issues the certificate
		const latest = cluster.get('CertificateSigningRequest', undefined, 'myuser');
		expect(kindInfo('CertificateSigningRequest')!.row(latest, ctx({now: cluster.now()}))[5]).toBe('Approved,Issued');
		expect(
			failure(() =>
				cluster.writeSubresource('CertificateSigningRequest', undefined, 'myuser', 'approval', {...latest, status: {conditions: [{type: 'Approved', status: 'True'}, {type: 'Denied', status: 'True'}]}}),
			),
		).toBe(
			'CertificateSigningRequest.certificates.k8s.io "myuser" is invalid: status.conditions: Invalid value: []certificates.CertificateSigningRequestCondition{...}: Approved and Denied conditions are mutually exclusive',
		);
		expect(failure(() => cluster.writeSubresource('CertificateSigningRequest', undefined, 'myuser', 'approval', {...latest, status: {conditions: []}}))).toBe(
			'CertificateSigningRequest.certificates.k8s.io "myuser" is invalid: status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
		);
	});

	it('refuses a request that is no PEM certificate request, and missing fields', () => {
		expect(causes(() => cluster.create(csr('bad', {request: Buffer.from('hi').toString('base64'), signerName: 'nope', usages: [], expirationSeconds: 60})))).toEqual([
			'spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST',
			"spec.signerName: Invalid value: \"nope\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
			'spec.usages: Required value: usages must be provided',
			'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)',
		]);
		expect(pemRequestProblem('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')).toBe('PEM block type must be CERTIFICATE REQUEST');
		expect(pemRequestProblem(CSR_PEM)).toBeUndefined();
	});

	it('fuzzed PEM texts never crash the check', () => {
		fc.assert(
			fc.property(fc.string(), fc.base64String(), (head, body) => {
				const r = pemRequestProblem(`${head}-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`);
				expect(r === undefined || typeof r === 'string').toBe(true);
			}),
		);
	});
});

describe('describe\'s rule table', () => {
	it('keeps non-resource URLs one verb a row, and merges resource verbs back per resource', () => {
		expect(
			policyRuleRows([
				{verbs: ['get', 'post'], nonResourceURLs: ['/healthz']},
				{verbs: ['list'], apiGroups: [''], resources: ['pods']},
				{verbs: ['get', 'list'], apiGroups: [''], resources: ['pods']},
			]),
		).toEqual([
			['', '[/healthz]', '[]', '[get]'],
			['pods', '[]', '[]', '[list get]'],
			['', '[/healthz]', '[]', '[post]'],
		]);
	});
});
