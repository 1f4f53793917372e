// The real kubectl against kubesim serve for RBAC, authentication and the networking and
// certificate kinds: the "Using RBAC Authorization" manifests, `auth can-i` and `auth whoami`
// with impersonation, the 403 texts, `create role|clusterrole|rolebinding|clusterrolebinding`,
// ServiceAccount tokens from `kubectl create token`, `certificate approve`, and the tables of
// netpol, ingressclass and csr. The simulated clock stands still, so every AGE is exact.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {X509Certificate} from 'node:crypto';
import {dirname} from 'node:path';
import {describeWithTool, kubectlTool} from '../tools.js';
import {serveDemo, type Served} from '../served.js';
import {runKubectl} from './run-kubectl.js';

let served: Served;
let dir: string;
const kubectl = (...args: string[]) => runKubectl(dir, args);
const kubectlIn = (input: string, ...args: string[]) => runKubectl(dir, args, input);
const ACCESS = 'test/fixtures/website/access';
const NETWORKING = 'test/fixtures/website/service/networking';

/** A request with a bearer token, as a client that sends one over plain HTTP does. */
async function withToken(token: string, path: string, init: RequestInit = {}): Promise<{status: number; body: any}> {
	const res = await fetch(`${served.server.url()}${path}`, {...init, headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers}});
	return {status: res.status, body: await res.json()};
}

describeWithTool(kubectlTool, 'kubectl, RBAC and authentication', () => {
	beforeAll(async () => {
		served = await serveDemo({seed: 4});
		dir = dirname(served.kubeconfig);
	});
	afterAll(async () => served?.close());

	it('is kubernetes-admin in system:masters, who may do anything', async () => {
		expect((await kubectl('auth', 'whoami')).stdout).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [system:masters system:authenticated]\n');
		expect(await kubectl('auth', 'can-i', 'delete', 'nodes')).toEqual({code: 0, stdout: 'yes\n', stderr: "Warning: resource 'nodes' is not namespace scoped\n\n"});
		expect(await kubectl('auth', 'can-i', '*', '*')).toEqual({code: 0, stdout: 'yes\n', stderr: ''});
	});

	it('refuses jane before any binding, with the real 403 texts', async () => {
		expect((await kubectl('auth', 'whoami', '--as=jane', '--as-group=dev')).stdout).toBe('ATTRIBUTE   VALUE\nUsername    jane\nGroups      [dev system:authenticated]\n');
		expect(await kubectl('auth', 'can-i', 'list', 'pods', '--as=jane')).toEqual({code: 1, stdout: 'no\n', stderr: ''});
		expect((await kubectl('get', 'pods', '--as=jane')).stderr).toBe(
			'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
		);
		expect((await kubectl('get', 'nodes', '--as=jane')).stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope\n');
		expect((await kubectl('get', 'deployment', 'web', '--as=jane')).stderr).toBe(
			'Error from server (Forbidden): deployments.apps "web" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "default"\n',
		);
	});

	it('applies the "Using RBAC Authorization" manifests, and then grants what they say', async () => {
		expect((await kubectl('create', 'namespace', 'development')).stdout).toBe('namespace/development created\n');
		const applied = [];
		for (const f of ['simple-role', 'simple-clusterrole', 'simple-rolebinding-with-role', 'simple-rolebinding-with-clusterrole', 'simple-clusterrolebinding', 'endpoints-aggregated'])
			applied.push((await kubectl('apply', '-f', `${ACCESS}/${f}.yaml`)).stdout);
		expect(applied.join('')).toBe(
			[
				'role.rbac.authorization.k8s.io/pod-reader created',
				'clusterrole.rbac.authorization.k8s.io/secret-reader created',
				'rolebinding.rbac.authorization.k8s.io/read-pods created',
				'rolebinding.rbac.authorization.k8s.io/read-secrets created',
				'clusterrolebinding.rbac.authorization.k8s.io/read-secrets-global created',
				'clusterrole.rbac.authorization.k8s.io/custom:aggregate-to-edit:endpoints created',
				'',
			].join('\n'),
		);
		const role = served.cluster.get('Role', 'default', 'pod-reader');
		expect((await kubectl('get', 'roles')).stdout).toBe(`NAME         CREATED AT\npod-reader   ${role.metadata.creationTimestamp}\n`);
		expect((await kubectl('get', 'rolebindings', '-n', 'development', '-o', 'wide')).stdout).toBe(
			'NAME           ROLE                        AGE   USERS   GROUPS   SERVICEACCOUNTS\nread-secrets   ClusterRole/secret-reader   0s    dave             \n',
		);
		expect((await kubectl('get', 'clusterrolebinding', 'read-secrets-global')).stdout).toBe('NAME                  ROLE                        AGE\nread-secrets-global   ClusterRole/secret-reader   0s\n');

		expect(await kubectl('auth', 'can-i', 'list', 'pods', '--as=jane')).toEqual({code: 0, stdout: 'yes\n', stderr: ''});
		expect(await kubectl('auth', 'can-i', 'delete', 'pods', '--as=jane')).toEqual({code: 1, stdout: 'no\n', stderr: ''});
		expect(await kubectl('auth', 'can-i', 'list', 'pods', '--as=jane', '-n', 'kube-system')).toEqual({code: 1, stdout: 'no\n', stderr: ''});
		expect((await kubectl('get', 'pods', '--as=jane', '-l', 'app=none')).stderr).toBe('No resources found in default namespace.\n');
		// reading pods is not exec into them
		const pod = served.cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'})[0]!.metadata.name;
		expect((await kubectl('exec', pod, '--as=jane', '--', 'ls', '/')).stderr).toBe(
			`Error from server (Forbidden): pods "${pod}" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"\n`,
		);
		expect((await kubectl('auth', 'can-i', 'get', 'secrets', '--as=dave', '-n', 'development')).stdout).toBe('yes\n');
		expect((await kubectl('auth', 'can-i', 'get', 'secrets', '--as=dave', '-n', 'default')).stdout).toBe('no\n');
		expect((await kubectl('auth', 'can-i', 'list', 'secrets', '--as=bob', '--as-group=manager', '--all-namespaces')).stdout).toBe('yes\n');
		// the aggregated edit role picked up the endpoints rule
		expect(await kubectl('auth', 'can-i', 'create', 'endpoints', '--as=ed', '--as-group=editors')).toMatchObject({stdout: 'no\n'});
		expect((await kubectl('create', 'rolebinding', 'ed-edit', '--clusterrole=edit', '--group=editors')).stdout).toBe('rolebinding.rbac.authorization.k8s.io/ed-edit created\n');
		expect((await kubectl('auth', 'can-i', 'create', 'endpoints', '--as=ed', '--as-group=editors')).stdout).toBe('yes\n');

		const listed = (await kubectl('auth', 'can-i', '--list', '--as=jane')).stdout.split('\n');
		expect(listed.slice(0, 5)).toEqual([
			'Resources                                       Non-Resource URLs   Resource Names   Verbs',
			'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
			'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
			'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
			'pods                                            []                  []               [get watch list]',
		]);
		expect(listed).toContain('                                                [/apis/*]           []               [get]');

		expect((await kubectl('describe', 'role', 'pod-reader')).stdout).toBe(
			[
				'Name:         pod-reader',
				'Labels:       <none>',
				'Annotations:  <none>',
				'PolicyRule:',
				'  Resources  Non-Resource URLs  Resource Names  Verbs',
				'  ---------  -----------------  --------------  -----',
				'  pods       []                 []              [get watch list]',
				'',
			].join('\n'),
		);
	});

	it('refuses a change of a binding\'s roleRef', async () => {
		const r = await kubectlIn(
			'{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"read-pods","namespace":"default"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"jane","apiGroup":"rbac.authorization.k8s.io"}]}',
			'apply',
			'-f',
			'-',
		);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(
			'The RoleBinding "read-pods" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef',
		);
	});

	it('creates roles and bindings with kubectl create', async () => {
		const out = [
			await kubectl('create', 'role', 'pod-lister', '--verb=get', '--verb=list', '--verb=watch', '--resource=pods'),
			await kubectl('create', 'role', 'rs-reader', '--verb=get,list,watch', '--resource=replicasets.apps', '--resource-name=web'),
			await kubectl('create', 'clusterrole', 'scaler', '--verb=get,list,watch', '--resource=pods,deployments.apps/scale'),
			await kubectl('create', 'clusterrole', 'log-reader', '--verb=get', '--non-resource-url=/logs/*'),
			await kubectl('create', 'clusterrole', 'monitoring', '--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true'),
			await kubectl('create', 'rolebinding', 'bob-admin-binding', '--clusterrole=admin', '--user=bob', '--namespace=development'),
			await kubectl('create', 'clusterrolebinding', 'root-cluster-admin-binding', '--clusterrole=cluster-admin', '--user=root', '--group=ops', '--serviceaccount=kube-system:default'),
		];
		expect(out.map(r => r.stderr).join('')).toBe('');
		expect(out.map(r => r.stdout).join('')).toBe(
			[
				'role.rbac.authorization.k8s.io/pod-lister created',
				'role.rbac.authorization.k8s.io/rs-reader created',
				'clusterrole.rbac.authorization.k8s.io/scaler created',
				'clusterrole.rbac.authorization.k8s.io/log-reader created',
				'clusterrole.rbac.authorization.k8s.io/monitoring created',
				'rolebinding.rbac.authorization.k8s.io/bob-admin-binding created',
				'clusterrolebinding.rbac.authorization.k8s.io/root-cluster-admin-binding created',
				'',
			].join('\n'),
		);
		expect((await kubectl('get', 'clusterrolebinding', 'root-cluster-admin-binding', '-o', 'wide')).stdout).toBe(
			'NAME                         ROLE                        AGE   USERS   GROUPS   SERVICEACCOUNTS\nroot-cluster-admin-binding   ClusterRole/cluster-admin   0s    root    ops      kube-system:default\n',
		);
		expect((await kubectl('describe', 'clusterrole', 'scaler')).stdout.split('\n').slice(4, 8)).toEqual([
			'  Resources               Non-Resource URLs  Resource Names  Verbs',
			'  ---------               -----------------  --------------  -----',
			'  pods                    []                 []              [get list watch]',
			'  deployments.apps/scale  []                 []              [get list watch]',
		]);
		expect(served.cluster.get('Role', 'default', 'rs-reader').rules).toEqual([{verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['replicasets'], resourceNames: ['web']}]);
		expect((await kubectl('auth', 'can-i', 'delete', 'deployments', '--as=bob', '-n', 'development')).stdout).toBe('yes\n');
	});

	it('gives a ServiceAccount a token with kubectl create token, which then authenticates as it', async () => {
		expect((await kubectl('create', 'serviceaccount', 'bot')).stdout).toBe('serviceaccount/bot created\n');
		const created = await kubectl('create', 'token', 'bot');
		expect(created.stderr).toBe('');
		const token = created.stdout.trim();
		const [, payload] = token.split('.');
		const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
		const sa = served.cluster.get('ServiceAccount', 'default', 'bot');
		expect(claims).toMatchObject({iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:default:bot', aud: ['https://kubernetes.default.svc.cluster.local'], 'kubernetes.io': {namespace: 'default', serviceaccount: {name: 'bot', uid: sa.metadata.uid}}});
		expect(claims.exp - claims.iat).toBe(3600);

		const review = await withToken(token, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {method: 'POST', body: '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}'});
		expect(review.status).toBe(201);
		expect(review.body.status.userInfo).toMatchObject({username: 'system:serviceaccount:default:bot', uid: sa.metadata.uid, groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']});

		const denied = await withToken(token, '/api/v1/namespaces/default/pods');
		expect(denied).toEqual({
			status: 403,
			body: {
				kind: 'Status',
				apiVersion: 'v1',
				metadata: {},
				status: 'Failure',
				message: 'pods is forbidden: User "system:serviceaccount:default:bot" cannot list resource "pods" in API group "" in the namespace "default"',
				reason: 'Forbidden',
				details: {kind: 'pods'},
				code: 403,
			},
		});
		expect((await kubectl('create', 'rolebinding', 'bot-view', '--clusterrole=view', '--serviceaccount=default:bot')).stdout).toBe('rolebinding.rbac.authorization.k8s.io/bot-view created\n');
		const allowed = await withToken(token, '/api/v1/namespaces/default/pods');
		expect(allowed.status).toBe(200);
		expect(allowed.body.items.length).toBe(served.cluster.list('Pod', {namespace: 'default'}).length);
		expect((await withToken(token, '/api/v1/namespaces/default/secrets')).status).toBe(403);
		expect((await withToken(`${token}x`, '/api/v1/namespaces/default/pods')).status).toBe(401);
		expect((await kubectl('auth', 'can-i', 'list', 'pods', '--as=system:serviceaccount:default:bot')).stdout).toBe('yes\n');

		// a token dies with its ServiceAccount
		expect((await kubectl('delete', 'serviceaccount', 'bot')).stdout).toBe('serviceaccount "bot" deleted\n');
		expect(await withToken(token, '/api/v1/namespaces/default/pods')).toEqual({status: 401, body: {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401}});
	});

	it('approves a CertificateSigningRequest with kubectl certificate approve', async () => {
		const request = readFileSync('test/fixtures/myuser.csr').toString('base64');
		const manifest = `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: myuser
spec:
  request: ${request}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages:
  - client auth
`;
		expect((await kubectlIn(manifest, 'apply', '-f', '-')).stdout).toBe('certificatesigningrequest.certificates.k8s.io/myuser created\n');
		const asJane = () => kubectlIn(manifest.replace('name: myuser', 'name: other'), 'create', '-f', '-', '--as=jane');
		expect((await asJane()).stderr).toBe(
			'Error from server (Forbidden): error when creating "STDIN": certificatesigningrequests.certificates.k8s.io is forbidden: User "jane" cannot create resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope\n',
		);
		expect((await kubectl('apply', '-f', `${ACCESS}/certificate-signing-request/clusterrole-create.yaml`)).stdout).toBe('clusterrole.rbac.authorization.k8s.io/csr-creator created\n');
		expect((await kubectl('create', 'clusterrolebinding', 'jane-csr', '--clusterrole=csr-creator', '--user=jane')).stdout).toBe('clusterrolebinding.rbac.authorization.k8s.io/jane-csr created\n');
		expect((await asJane()).stdout).toBe('certificatesigningrequest.certificates.k8s.io/other created\n');
		expect((await kubectl('get', 'csr')).stdout).toBe(
			[
				'NAME     AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION',
				'myuser   0s    kubernetes.io/kube-apiserver-client   kubernetes-admin   24h                 Pending',
				'other    0s    kubernetes.io/kube-apiserver-client   jane               24h                 Pending',
				'',
			].join('\n'),
		);
		expect((await kubectl('certificate', 'approve', 'myuser')).stdout).toBe('certificatesigningrequest.certificates.k8s.io/myuser approved\n');
		expect((await kubectl('certificate', 'deny', 'other')).stdout).toBe('certificatesigningrequest.certificates.k8s.io/other denied\n');
		expect((await kubectl('get', 'csr', '-o', 'custom-columns=NAME:.metadata.name,CONDITION:.status.conditions[0].type,REASON:.status.conditions[0].reason')).stdout).toBe(
			'NAME     CONDITION   REASON\nmyuser   Approved    KubectlApprove\nother    Denied      KubectlDeny\n',
		);
		const got = (await kubectl('get', 'csr')).stdout.split('\n');
		expect(got[1]).toBe('myuser   0s    kubernetes.io/kube-apiserver-client   kubernetes-admin   24h                 Approved,Issued');
		// the certificate, as the docs fetch it, is the cluster CA's for CN=myuser
		const issued = (await kubectl('get', 'csr', 'myuser', '-o', 'jsonpath={.status.certificate}')).stdout;
		const cert = new X509Certificate(Buffer.from(issued, 'base64'));
		expect([cert.subject, cert.issuer]).toEqual(['CN=myuser', 'CN=kubernetes']);
		expect(cert.verify(new X509Certificate(served.cluster.clusterCA()).publicKey)).toBe(true);
		expect(got[2]).toBe('other    0s    kubernetes.io/kube-apiserver-client   jane               24h                 Denied');
	});

	it('serves NetworkPolicies and IngressClasses, and the default class goes to a new Ingress', async () => {
		for (const f of ['networkpolicy', 'network-policy-default-deny-ingress', 'default-ingressclass']) expect((await kubectl('apply', '-f', `${NETWORKING}/${f}.yaml`)).stderr).toBe('');
		expect((await kubectl('get', 'netpol')).stdout).toBe('NAME                   POD-SELECTOR   AGE\ndefault-deny-ingress   <none>         0s\ntest-network-policy    role=db        0s\n');
		expect((await kubectl('get', 'ingressclass')).stdout).toBe('NAME            CONTROLLER             PARAMETERS   AGE\nexample-class   k8s.io/example-class   <none>       0s\n');
		const ing = '{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"classless"},"spec":{"defaultBackend":{"service":{"name":"web","port":{"number":80}}}}}';
		expect((await kubectlIn(ing, 'apply', '-f', '-')).stdout).toBe('ingress.networking.k8s.io/classless created\n');
		expect((await kubectl('get', 'ingress', 'classless', '-o', 'jsonpath={.spec.ingressClassName}')).stdout).toBe('example-class');
		const described = (await kubectl('describe', 'networkpolicy', 'default-deny-ingress')).stdout.split('\n');
		expect(described.slice(5)).toEqual([
			'Spec:',
			'  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
			'  Allowing ingress traffic:',
			'    <none> (Selected pods are isolated for ingress connectivity)',
			'  Not affecting egress traffic',
			'  Policy Types: Ingress',
			'',
		]);
	});

	it('lists the new API groups in discovery, with kubectl\'s short names', async () => {
		const resources = (await kubectl('api-resources', '--api-group=rbac.authorization.k8s.io', '--no-headers', '-o', 'name')).stdout;
		expect(resources).toBe('clusterrolebindings.rbac.authorization.k8s.io\nclusterroles.rbac.authorization.k8s.io\nrolebindings.rbac.authorization.k8s.io\nroles.rbac.authorization.k8s.io\n');
		expect((await kubectl('api-resources', '--api-group=authorization.k8s.io', '--no-headers', '-o', 'name')).stdout).toBe(
			'localsubjectaccessreviews.authorization.k8s.io\nselfsubjectaccessreviews.authorization.k8s.io\nselfsubjectrulesreviews.authorization.k8s.io\nsubjectaccessreviews.authorization.k8s.io\n',
		);
		expect((await kubectl('get', 'clusterroles', 'cluster-admin', 'admin', 'edit', 'view', '-o', 'name')).stdout).toBe(
			'clusterrole.rbac.authorization.k8s.io/cluster-admin\nclusterrole.rbac.authorization.k8s.io/admin\nclusterrole.rbac.authorization.k8s.io/edit\nclusterrole.rbac.authorization.k8s.io/view\n',
		);
	});
});
