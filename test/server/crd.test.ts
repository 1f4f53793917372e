// End to end: CustomResourceDefinitions with the real kubectl, on the manifests of the
// Kubernetes documentation (the CronTab task page, the shirt examples): before the definition the
// kind is unknown, once established its objects are served, listed with their columns,
// validated by their schema and pruned, and deleting the definition deletes them. APIServices
// list every served group version. Needs /usr/bin/kubectl.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {join} from 'node:path';
import {runKubectl} from './run-kubectl.js';
import {createCluster, type Cluster, type Driver} from '../../source/cluster/index.js';
import type {KubeApiServer} from '../../source/server/index.js';
import {serveCluster, type Served} from '../served.js';
import {describeWithTool, kubectlTool} from '../tools.js';
import {untilSimulated} from '../wait.js';

let cluster: Cluster;
let driver: Driver;
let server: KubeApiServer;
let dir: string;

const F = 'test/fixtures/crd';
const kubectl = (...args: string[]) => runKubectl(dir, args);
const until = (what: string, done: () => boolean) => untilSimulated(cluster, driver, what, done);

function established(name: string): boolean {
	const crd = cluster.find('CustomResourceDefinition', undefined, name) as {status?: {conditions?: Array<{type: string; status: string}>}} | undefined;
	return !!crd?.status?.conditions?.some(c => c.type === 'Established' && c.status === 'True');
}

/** A one-node cluster of this seed served for the describe block's tests, driven at 20x. */
function served(seed: number): void {
	let s: Served | undefined;
	beforeAll(async () => {
		const up = await serveCluster(createCluster({nodes: 1, seed}), 20);
		({cluster, server, dir} = up);
		driver = up.driver!;
		s = up;
	});

	afterAll(async () => {
		await s?.close();
	});
}

describeWithTool(kubectlTool, 'CustomResourceDefinitions with kubectl', () => {
	served(3);

	it('refuses a custom object before its definition exists, as kubectl does', async () => {
		const r = await kubectl('apply', '-f', `${F}/my-crontab.yaml`);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			`error: resource mapping not found for name: "my-new-cron-object" namespace: "" from "${F}/my-crontab.yaml": no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first\n`,
		);
	});

	it('creates the CronTab definition, establishes it and serves its objects', async () => {
		const r = await kubectl('apply', '-f', `${F}/resourcedefinition.yaml`);
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
		await until('the definition is established', () => established('crontabs.stable.example.com'));
		const created = await kubectl('apply', '-f', `${F}/my-crontab.yaml`);
		expect(created.stderr).toBe('');
		expect(created.stdout).toBe('crontab.stable.example.com/my-new-cron-object created\n');
		const get = await kubectl('get', 'crontab');
		expect(get.stdout).toMatch(/^NAME\s+AGE\nmy-new-cron-object\s+\d+s\n$/);
		const short = await kubectl('get', 'ct', '-o', 'jsonpath={.items[0].spec.cronSpec}');
		expect(short.stdout).toBe('* * * * */5');
	});
});

describeWithTool(kubectlTool, 'CustomResourceDefinitions: schemas, columns, subresources, deletion', () => {
	served(4);

	it('lists the definition and its conditions as a real cluster does', async () => {
		await kubectl('apply', '-f', `${F}/crontab-validation.yaml`);
		await until('the definition is established', () => established('crontabs.stable.example.com'));
		const crd = await kubectl('get', 'crd');
		expect(crd.stdout).toMatch(/^NAME\s+CREATED AT\ncrontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
		const conds = await kubectl('get', 'crd', 'crontabs.stable.example.com', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason}/{.message};{end}');
		expect(conds.stdout).toBe('NamesAccepted=True/NoConflicts/no conflicts found;Established=True/InitialNamesAccepted/the initial names have been accepted;');
		const st = await kubectl('get', 'crd', 'crontabs.stable.example.com', '-o', 'jsonpath={.status.acceptedNames.kind} {.status.acceptedNames.listKind} {.status.acceptedNames.shortNames} {.status.storedVersions}');
		expect(st.stdout).toBe('CronTab CronTabList ["ct"] ["v1"]');
		const wait = await kubectl('wait', '--for=condition=established', 'crd/crontabs.stable.example.com', '--timeout=10s');
		expect(wait.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n');
	});

	it('validates objects against the schema with the validator\'s messages', async () => {
		const r = await kubectl('apply', '-f', `${F}/my-crontab-invalid.yaml`);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			[
				`The CronTab "my-new-cron-object" is invalid: `,
				`* spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
				'* spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
				'',
			].join('\n'),
		);
	});

	it('prints the additionalPrinterColumns, wide and by short name', async () => {
		const ok = await runKubectl(dir, ['apply', '-f', '-'], 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: every-five\n  labels: {tier: batch}\nspec:\n  cronSpec: "*/5 * * * *"\n  image: my-awesome-cron-image\n  replicas: 2\n');
		expect(ok.stdout).toBe('crontab.stable.example.com/every-five created\n');
		const get = await kubectl('get', 'ct');
		expect(get.stdout).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+AGE\nevery-five\s+\*\/5 \* \* \* \*\s+2\s+\d+s\n$/);
		const sel = await kubectl('get', 'crontabs', '-l', 'tier=batch', '-o', 'name');
		expect(sel.stdout).toBe('crontab.stable.example.com/every-five\n');
		const none = await kubectl('get', 'crontabs', '-l', 'tier=web');
		expect(none.stderr).toBe('No resources found in default namespace.\n');
	});

	it('refuses unknown fields under strict validation and prunes them otherwise', async () => {
		const manifest = 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: pruned\nspec:\n  cronSpec: "* * * * *"\n  someRandomField: 42\n';
		const strict = await runKubectl(dir, ['apply', '-f', '-'], manifest);
		expect(strict.code).toBe(1);
		expect(strict.stderr).toBe('Error from server (BadRequest): error when creating "STDIN": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.someRandomField"\n');
		const warn = await runKubectl(dir, ['apply', '--validate=false', '-f', '-'], manifest);
		expect(warn.stdout).toBe('crontab.stable.example.com/pruned created\n');
		const spec = await kubectl('get', 'ct', 'pruned', '-o', 'jsonpath={.spec}');
		expect(spec.stdout).toBe('{"cronSpec":"* * * * *"}');
	});

	it('applies server-side, and again client-side with a merge patch', async () => {
		const manifest = (replicas: number) => `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: applied\nspec:\n  cronSpec: "0 * * * *"\n  replicas: ${replicas}\n`;
		const ssa = await runKubectl(dir, ['apply', '--server-side', '-f', '-'], manifest(1));
		expect(ssa.stdout).toBe('crontab.stable.example.com/applied serverside-applied\n');
		const csa = await runKubectl(dir, ['apply', '-f', '-'], 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: applied-csa\nspec:\n  cronSpec: "0 * * * *"\n  replicas: 1\n');
		expect(csa.stdout).toBe('crontab.stable.example.com/applied-csa created\n');
		const again = await runKubectl(dir, ['apply', '-f', '-'], 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: applied-csa\nspec:\n  cronSpec: "0 * * * *"\n  replicas: 3\n');
		expect(again.stdout).toBe('crontab.stable.example.com/applied-csa configured\n');
		const same = await runKubectl(dir, ['apply', '-f', '-'], 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: applied-csa\nspec:\n  cronSpec: "0 * * * *"\n  replicas: 3\n');
		expect(same.stdout).toBe('crontab.stable.example.com/applied-csa unchanged\n');
	});

	it('serves the scale and status subresources', async () => {
		const scaled = await kubectl('scale', 'ct', 'every-five', '--replicas=4');
		expect(scaled.stdout).toBe('crontab.stable.example.com/every-five scaled\n');
		const replicas = await kubectl('get', 'ct', 'every-five', '-o', 'jsonpath={.spec.replicas}');
		expect(replicas.stdout).toBe('4');
		// a write of the main resource leaves status alone; the status subresource writes it
		const main = await kubectl('patch', 'ct', 'every-five', '--type=merge', '-p', '{"status":{"replicas":9}}');
		expect(main.stdout).toBe('crontab.stable.example.com/every-five patched (no change)\n');
		// custom resources take no strategic merge patch (kubectl patch's default type)
		const smp = await kubectl('patch', 'ct', 'every-five', '-p', '{"spec":{"replicas":5}}');
		expect(smp.stderr).toBe('error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n');
		const sub = await kubectl('patch', 'ct', 'every-five', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":4}}');
		expect(sub.stdout).toBe('crontab.stable.example.com/every-five patched\n');
		const status = await kubectl('get', 'ct', 'every-five', '-o', 'jsonpath={.status.replicas}');
		expect(status.stdout).toBe('4');
		// the status subresource is held to the schema's status too: checked, and pruned
		const bad = await kubectl('patch', 'ct', 'every-five', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":"four"}}');
		expect(bad.stderr).toBe('The CronTab "every-five" is invalid: status.replicas: Invalid value: "string": status.replicas in body must be of type integer: "string"\n');
		const unknown = await kubectl('patch', 'ct', 'every-five', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Done"}}');
		expect(unknown.stdout).toBe('crontab.stable.example.com/every-five patched (no change)\n');
		const scale = await kubectl('get', '--raw', '/apis/stable.example.com/v1/namespaces/default/crontabs/every-five/scale');
		expect(JSON.parse(scale.stdout)).toMatchObject({kind: 'Scale', apiVersion: 'autoscaling/v1', spec: {replicas: 4}, status: {replicas: 4}});
	});

	it('warns of unknown fields under --validate=warn, and serves list, watch and discovery', async () => {
		const warn = await runKubectl(dir, ['apply', '--validate=warn', '-f', '-'], 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: warned\nspec:\n  cronSpec: "* * * * *"\n  colour: red\n');
		expect(warn.stderr).toBe('Warning: unknown field "spec.colour"\n');
		expect(warn.stdout).toBe('crontab.stable.example.com/warned created\n');
		const resources = await kubectl('api-resources', '--api-group=stable.example.com');
		expect(resources.stdout).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\ncrontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab\n$/);
		const versions = await kubectl('api-versions');
		expect(versions.stdout.split('\n')).toContain('stable.example.com/v1');
		const rv = (await kubectl('get', 'ct', '-o', 'jsonpath={.metadata.resourceVersion}')).stdout;
		const events: string[] = [];
		const url = `${server.url()}/apis/stable.example.com/v1/namespaces/default/crontabs?watch=true&resourceVersion=${rv}&timeoutSeconds=2`;
		const watching = fetch(url).then(async res => {
			for (const line of (await res.text()).split('\n').filter(Boolean)) {
				const e = JSON.parse(line) as {type: string; object: {metadata: {name: string}}};
				events.push(`${e.type} ${e.object.metadata.name}`);
			}
		});
		await runKubectl(dir, ['apply', '-f', '-'], 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: watched\nspec:\n  cronSpec: "* * * * *"\n');
		await kubectl('delete', 'ct', 'watched');
		await watching;
		expect(events.filter(e => e.endsWith(' watched'))).toEqual(['ADDED watched', 'DELETED watched']);
	});

	it('explains the custom kind from its schema', async () => {
		const r = await kubectl('explain', 'crontab.spec.replicas');
		expect(r.stderr).toBe('');
		expect(r.stdout).toContain('GROUP:      stable.example.com');
		expect(r.stdout).toContain('FIELD: replicas <integer>');
	});

	it('lists the APIServices, the definition\'s group version among them', async () => {
		const r = await kubectl('get', 'apiservices');
		const lines = r.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/);
		expect(lines.find(l => l.startsWith('v1. '))).toMatch(/^v1\.\s+Local\s+True\s+\S+$/);
		expect(lines.find(l => l.startsWith('v1.apps '))).toMatch(/^v1\.apps\s+Local\s+True\s+\S+$/);
		expect(lines.find(l => l.startsWith('v1.stable.example.com '))).toMatch(/^v1\.stable\.example\.com\s+Local\s+True\s+\S+$/);
		expect(lines.find(l => l.startsWith('v1beta1.metrics.k8s.io '))).toMatch(/^v1beta1\.metrics\.k8s\.io\s+kube-system\/metrics-server\s+True\s+\S+$/);
	});

	it('deleting the definition deletes its objects and stops serving the kind', async () => {
		const r = await kubectl('delete', 'crd', 'crontabs.stable.example.com');
		expect(r.stdout).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
		// kubectl's cached discovery still knows the resource: the list itself is a 404
		const cached = await kubectl('get', 'crontabs');
		expect(cached.stderr).toBe('Error from server (NotFound): Unable to list "stable.example.com/v1, Resource=crontabs": the server could not find the requested resource\n');
		const fresh = await kubectl('get', 'crontabs', `--cache-dir=${join(dir, 'fresh-cache')}`);
		expect(fresh.stderr).toBe('error: the server doesn\'t have a resource type "crontabs"\n');
		const services = await kubectl('get', 'apiservices', '-o', 'name');
		expect(services.stdout).not.toContain('v1.stable.example.com');
		// defined again, the kind has none of the objects it had
		await kubectl('apply', '-f', `${F}/crontab-validation.yaml`);
		await until('the definition is established again', () => established('crontabs.stable.example.com'));
		const empty = await kubectl('get', 'crontabs', `--cache-dir=${join(dir, 'fresh-cache-2')}`);
		expect(empty.stderr).toBe('No resources found in default namespace.\n');
	});

	it('refuses a definition whose spec is wrong, naming each field', async () => {
		const bad = [
			'apiVersion: apiextensions.k8s.io/v1',
			'kind: CustomResourceDefinition',
			'metadata:',
			'  name: widgets.example.com',
			'spec:',
			'  group: example',
			'  scope: Global',
			'  names: {plural: gadgets, kind: Widget}',
			'  versions:',
			'  - name: v1',
			'    served: true',
			'    storage: false',
			'    schema: {openAPIV3Schema: {type: object}}',
			'',
		].join('\n');
		const r = await runKubectl(dir, ['apply', '-f', '-'], bad);
		expect(r.code).toBe(1);
		const lines = r.stderr.split('\n');
		expect(lines[0]).toBe('The CustomResourceDefinition "widgets.example.com" is invalid: ');
		expect(lines).toContain('* metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group');
		expect(lines).toContain('* spec.group: Invalid value: "example": should be a domain with at least one dot');
		expect(lines).toContain('* spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"');
		expect(lines.some(l => l.startsWith('* spec.versions: Invalid value: ') && l.endsWith(': must have exactly one version marked as storage version'))).toBe(true);
	});
});

describeWithTool(kubectlTool, 'the shirt examples: field selectors on a definition\'s selectable fields', () => {
	served(5);

	it('applies the shirts and selects them by colour and size', async () => {
		await kubectl('apply', '-f', `${F}/shirt-resource-definition.yaml`);
		await until('the definition is established', () => established('shirts.stable.example.com'));
		const r = await kubectl('apply', '-f', `${F}/shirt-resources.yaml`);
		expect(r.stdout).toBe('shirt.stable.example.com/example1 created\nshirt.stable.example.com/example2 created\nshirt.stable.example.com/example3 created\n');
		const blue = await kubectl('get', 'shirts.stable.example.com', '--field-selector', 'spec.color=blue');
		expect(blue.stdout).toMatch(/^NAME\s+COLOR\s+SIZE\nexample1\s+blue\s+S\nexample2\s+blue\s+M\n$/);
		const greenM = await kubectl('get', 'shirts.stable.example.com', '--field-selector', 'spec.color=green,spec.size=M', '-o', 'name');
		expect(greenM.stdout).toBe('shirt.stable.example.com/example3\n');
	});

	it('serves every served version of a definition, converting with the None strategy', async () => {
		const def = [
			'apiVersion: apiextensions.k8s.io/v1',
			'kind: CustomResourceDefinition',
			'metadata: {name: gadgets.example.com}',
			'spec:',
			'  group: example.com',
			'  scope: Cluster',
			'  names: {plural: gadgets, kind: Gadget}',
			'  versions:',
			'  - {name: v1beta1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}',
			'  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}',
			'',
		].join('\n');
		expect((await runKubectl(dir, ['apply', '-f', '-'], def)).stdout).toBe('customresourcedefinition.apiextensions.k8s.io/gadgets.example.com created\n');
		await until('the definition is established', () => established('gadgets.example.com'));
		const created = await runKubectl(dir, ['apply', '-f', '-'], 'apiVersion: example.com/v1beta1\nkind: Gadget\nmetadata: {name: g1}\nwhatever: {deep: [1, 2]}\n');
		expect(created.stdout).toBe('gadget.example.com/g1 created\n');
		const stored = await (await fetch(`${server.url()}/apis/example.com/v1/gadgets/g1`)).json();
		expect(stored).toMatchObject({apiVersion: 'example.com/v1', kind: 'Gadget', whatever: {deep: [1, 2]}});
		const old = await (await fetch(`${server.url()}/apis/example.com/v1beta1/gadgets/g1`)).json();
		expect(old.apiVersion).toBe('example.com/v1beta1');
		const services = await kubectl('get', 'apiservices', 'v1beta1.example.com', 'v1.example.com', '-o', 'name');
		expect(services.stdout).toBe('apiservice.apiregistration.k8s.io/v1beta1.example.com\napiservice.apiregistration.k8s.io/v1.example.com\n');
	});
});
