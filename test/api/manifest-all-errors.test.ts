// The start-up manifests: every error of every file in one run (file:line: field: message),
// nothing applied when any is wrong, and the documents that used to kill the loader refused.
import {describe, expect, it} from 'vitest';
import {createCluster, ManifestErrors, ManifestError} from '../../source/cluster/index.js';
import {checkManifests, parseManifests} from '../../source/cluster/api/manifest.js';

const good = {source: 'good.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  a: "1"\n'};
const twoBad = {
	source: 'bad.yaml',
	text: [
		'apiVersion: apps/v1',
		'kind: Deployment',
		'metadata:',
		'  name: web',
		'spec:',
		'  replicas: -1',
		'  selector:',
		'    matchLabels: {app: web}',
		'  template:',
		'    metadata:',
		'      labels: {app: other}',
		'    spec:',
		'      containers:',
		'      - name: web',
		'        image: nginx:1.27',
		'---',
		'apiVersion: v1',
		'kind: Service',
		'metadata:',
		'  name: UPPER',
		'spec:',
		'  ports:',
		'  - port: 80',
		'',
	].join('\n'),
};
const broken = {source: 'broken.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [\n'};

describe('the start-up manifests', () => {
	it('reports every error of every file at once, and starts nothing', () => {
		let caught: unknown;
		try {
			createCluster({nodes: 1, manifests: [good, twoBad, broken]});
		} catch (e) {
			caught = e;
		}
		expect(caught).toBeInstanceOf(ManifestErrors);
		const lines = (caught as Error).message.split('\n');
		expect(lines[3]).toMatch(/^broken\.yaml:\d+: yaml: /);
		expect(lines.slice(0, 3)).toEqual([
			'bad.yaml:6: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
			"bad.yaml:11: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
			'bad.yaml:20: metadata.name: Invalid value: "UPPER": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
		]);
		expect((caught as ManifestErrors).errors).toHaveLength(4);
	});

	it('a single error is a ManifestError with its file and line, as before', () => {
		expect(() => createCluster({nodes: 1, manifests: [good, broken]})).toThrow(ManifestError);
		expect(checkManifests([good])).toEqual([]);
	});

	it('a null item in args loads (as an empty string) instead of killing the loader', () => {
		const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    args:\n    -\n    - sleep\n';
		const cluster = createCluster({nodes: 1, manifests: [{source: 'pod.yaml', text}]});
		cluster.advance(10_000);
		expect(cluster.get('Pod', 'default', 'p').spec.containers[0]!.args).toEqual(['', 'sleep']);
	});

	it('a recursive YAML alias is refused with its file and line', () => {
		expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\na: &x\n  b: *x\n', 'alias.yaml')).toThrow('alias.yaml:1: yaml: the document refers to itself (a recursive alias)');
	});

	it('a .json file with a trailing comma is refused with its line', () => {
		const text = '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "x"},\n}\n';
		const problems = checkManifests([{source: 'cm.json', text}]);
		expect(problems.map(p => `${p.source}:${p.line}`)).toEqual(['cm.json:5']);
		expect(problems[0]!.reason).toMatch(/^json: /);
		// the same text as YAML is a flow mapping, and fine
		expect(checkManifests([{source: 'cm.yaml', text}])).toEqual([]);
	});
});
