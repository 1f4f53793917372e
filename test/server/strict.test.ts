// The real kubectl against the strict API: `kubectl explain` from the served OpenAPI documents
// (v3, and v2 as protobuf), strict field validation (Strict, Warn, Ignore), decoding errors,
// immutable fields, and the answer for a kind the server does not serve. Needs /usr/bin/kubectl:
// skipped with the reason outside CI, failed in CI.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {serveDemo, type Served} from '../served.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {runKubectl} from './run-kubectl.js';

const DEPLOYMENT = (name: string, extra: {spec?: string; container?: string; labels?: string} = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1${extra.spec ?? ''}
  selector:
    matchLabels: {app: ${extra.labels ?? name}}
  template:
    metadata:
      labels: {app: ${extra.labels ?? name}}
    spec:
      containers:
      - name: web
        image: nginx:1.27${extra.container ?? ''}
`;

describeWithTool(kubectlTool, 'kubectl and the strict API', () => {
	let served: Served;
	let dir: string;

	beforeAll(async () => {
		served = await serveDemo({seed: 3});
		dir = join(served.kubeconfig, '..');
	});

	afterAll(async () => {
		await served?.close();
	});

	const kubectl = (...args: string[]) => runKubectl(dir, args);
	const manifest = (name: string, text: string) => {
		const path = join(dir, `${name}.yaml`);
		writeFileSync(path, text);
		return path;
	};

	it('explains fields from the served schemas, to any depth', async () => {
		const [replicas, kind, recursive, v2] = await Promise.all([
			kubectl('explain', 'deployment.spec.replicas'),
			kubectl('explain', 'deploy', '--api-version=apps/v1'),
			kubectl('explain', 'pods.spec.containers', '--recursive'),
			kubectl('explain', 'deploy.spec.template.spec.containers.ports', '--output=plaintext-openapiv2'),
		]);
		expect(replicas.stderr).toBe('');
		expect(replicas.stdout).toBe(
			[
				'GROUP:      apps',
				'KIND:       Deployment',
				'VERSION:    v1',
				'',
				'FIELD: replicas <integer>',
				'',
				'',
				'DESCRIPTION:',
				'    Number of desired pods. This is a pointer to distinguish between explicit',
				'    zero and not specified. Defaults to 1.',
				'    ',
				'',
				'',
			].join('\n'),
		);
		expect(kind.stdout.split('\n').slice(0, 10)).toEqual([
			'GROUP:      apps',
			'KIND:       Deployment',
			'VERSION:    v1',
			'',
			'DESCRIPTION:',
			'    Deployment enables declarative updates for Pods and ReplicaSets.',
			'    ',
			'FIELDS:',
			'  apiVersion\t<string>',
			'    APIVersion defines the versioned schema of this representation of an object.',
		]);
		expect(kind.stdout).toContain('  spec\t<DeploymentSpec>\n');
		const lines = recursive.stdout.split('\n');
		expect(lines.slice(0, 4)).toEqual(['KIND:       Pod', 'VERSION:    v1', '', 'FIELD: containers <[]Container>']);
		for (const line of ['  args\t<[]string>', '  env\t<[]EnvVar>', '    name\t<string> -required-', '      configMapKeyRef\t<ConfigMapKeySelector>', '  image\t<string>', '  name\t<string> -required-', '    containerPort\t<integer> -required-'])
			expect(lines).toContain(line);
		// the swagger 2.0 document, which kubectl reads as protobuf
		expect(v2.stderr).toBe('');
		expect(v2.stdout.split('\n').slice(0, 4)).toEqual(['KIND:     Deployment', 'VERSION:  apps/v1', '', 'RESOURCE: ports <[]Object>']);
		expect(v2.stdout).toContain('   containerPort\t<integer> -required-\n');
	});

	it('refuses unknown fields under Strict, warns under Warn, drops them in every case', async () => {
		const path = manifest('typos', DEPLOYMENT('typos', {spec: '\n  replica: 2', container: '\n        imagePullPolice: Always'}));
		const strict = await kubectl('apply', '-f', path);
		expect(strict.code).toBe(1);
		expect(strict.stderr).toBe(
			`Error from server (BadRequest): error when creating "${path}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolice"\n`,
		);
		expect(served.cluster.find('Deployment', 'default', 'typos')).toBeUndefined();

		const warned = await kubectl('apply', '--validate=warn', '-f', path);
		expect(warned.stderr).toBe('Warning: unknown field "spec.replica"\nWarning: unknown field "spec.template.spec.containers[0].imagePullPolice"\n');
		expect(warned.stdout).toBe('deployment.apps/typos created\n');
		const stored = served.cluster.get('Deployment', 'default', 'typos') as any;
		expect(stored.spec.replica).toBeUndefined();
		expect(Object.keys(stored.spec.template.spec.containers[0])).not.toContain('imagePullPolice');

		// applying it again patches the live object: the patch handler's 422
		const again = await kubectl('apply', '-f', path);
		expect(again.code).toBe(1);
		// (the live object lacks the dropped fields, so the three-way patch sends them again)
		expect(again.stderr).toBe(
			'The request is invalid: patch: Invalid value: "map[spec:map[replica:2 template:map[spec:map[$setElementOrder/containers:[map[name:web]] containers:[map[imagePullPolice:Always name:web]]]]]]": strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolice"\n',
		);

		const ignored = await kubectl('apply', '--validate=false', '-f', path);
		expect(ignored.stderr).toBe('');
		expect(ignored.stdout).toBe('deployment.apps/typos configured\n');
	});

	it('refuses an apply configuration with fields its schema does not declare, as server-side apply does', async () => {
		const path = manifest('ssa', DEPLOYMENT('ssa', {spec: '\n  replica: 2', container: '\n        imagePullPolice: Always'}));
		const r = await kubectl('apply', '--server-side', '-f', path);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			[
				'Error from server (BadRequest): failed to create typed patch object (default/ssa; apps/v1, Kind=Deployment): errors:',
				'  .spec.replica: field not declared in schema',
				'  .spec.template.spec.containers[name="web"].imagePullPolice: field not declared in schema',
				'',
			].join('\n'),
		);
		expect(served.cluster.find('Deployment', 'default', 'ssa')).toBeUndefined();
		expect((await kubectl('apply', '--server-side', '-f', manifest('ssa', DEPLOYMENT('ssa')))).stdout).toBe('deployment.apps/ssa serverside-applied\n');
	});

	it('refuses a value of the wrong type with the decoder\'s message', async () => {
		const path = manifest('typed', DEPLOYMENT('typed').replace('replicas: 1', 'replicas: "two"'));
		const r = await kubectl('create', '-f', path);
		expect(r.stderr).toBe(
			`Error from server (BadRequest): error when creating "${path}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n`,
		);
	});

	it('refuses a change of an immutable selector', async () => {
		expect((await kubectl('apply', '-f', manifest('sel', DEPLOYMENT('sel')))).stdout).toBe('deployment.apps/sel created\n');
		const r = await kubectl('apply', '-f', manifest('sel', DEPLOYMENT('sel', {labels: 'other'})));
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			'The Deployment "sel" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
		);
	});

	it('refuses a StatefulSet change beyond the fields that may change', async () => {
		const sts = (service: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: ${service}
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: nginx:1.27
`;
		expect((await kubectl('apply', '-f', manifest('db', sts('db')))).stdout).toBe('statefulset.apps/db created\n');
		const r = await kubectl('apply', '-f', manifest('db', sts('other')));
		expect(r.stderr).toBe(
			`The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n`,
		);
	});

	it('says a kind it does not serve has no mapping', async () => {
		const path = manifest(
			'unknown',
			'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: apps/v1\nkind: Frobnicator\nmetadata:\n  name: f\n',
		);
		const r = await kubectl('apply', '-f', path);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			[
				`resource mapping not found for name: "w" namespace: "" from "${path}": no matches for kind "Widget" in version "example.com/v1"`,
				'ensure CRDs are installed first',
				`resource mapping not found for name: "f" namespace: "" from "${path}": no matches for kind "Frobnicator" in version "apps/v1"`,
				'ensure CRDs are installed first',
				'',
			].join('\n'),
		);
	});
});
