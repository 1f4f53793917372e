import {describe, it, expect} from 'vitest';
import {ManifestError, parseManifests, validateDocs, fieldSegments} from '../../source/cluster/api/manifest.js';
import type {Deployment} from '../../source/cluster/types.js';

function error(fn: () => unknown): ManifestError {
	try {
		fn();
	} catch (e) {
		if (e instanceof ManifestError) return e;
		throw e;
	}
	throw new Error('expected a ManifestError');
}

const web = `# A config map first
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  index.html: hello
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

describe('parseManifests', () => {
	it('reads every document with the line it starts on', () => {
		const docs = parseManifests(web, 'manifests/web.yaml');
		expect(docs.map(d => [d.object.kind, d.line, d.index, d.source])).toEqual([
			['ConfigMap', 2, 0, 'manifests/web.yaml'],
			['Deployment', 9, 1, 'manifests/web.yaml'],
		]);
		expect((docs[1]!.object as Deployment).spec.template.spec.containers[0].image).toBe('nginx:1.27');
	});

	it('maps field paths to lines, falling back to the nearest ancestor', () => {
		const [, deploy] = parseManifests(web, 'manifests/web.yaml');
		expect(deploy!.lineOf('spec.replicas')).toBe(14);
		expect(deploy!.lineOf('spec.template.spec.containers[0].image')).toBe(25);
		expect(deploy!.lineOf('spec.template.spec.containers[0]')).toBe(24);
		expect(deploy!.lineOf('spec.template.spec.containers[0].ports[0].containerPort')).toBe(27);
		expect(deploy!.lineOf('spec.template.metadata.labels[app]')).toBe(21);
		expect(deploy!.lineOf('spec.template.spec.containers[0].resources.limits.memory')).toBe(24);
		expect(deploy!.lineOf('spec.strategy.type')).toBe(13);
		expect(deploy!.lineOf('')).toBe(9);
		expect(deploy!.lineOf('status.phase')).toBe(9);
	});

	it('splits field paths with keys holding dots', () => {
		expect(fieldSegments('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
		expect(fieldSegments('spec.containers[0].image')).toEqual(['spec', 'containers', '0', 'image']);
	});

	it('skips empty documents and reads JSON', () => {
		const text = '---\n---\n# only a comment\n---\n{"apiVersion": "v1", "kind": "Namespace",\n "metadata": {"name": "prod"}}\n---\n';
		const docs = parseManifests(text);
		expect(docs).toHaveLength(1);
		expect(docs[0]!.object.metadata.name).toBe('prod');
		expect(docs[0]!.line).toBe(5);
		expect(docs[0]!.lineOf('metadata.name')).toBe(6);
		expect(docs[0]!.source).toBe('<stdin>');
	});

	it('expands kind: List with the lines of its items', () => {
		const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: a
  - apiVersion: v1
    kind: Service
    metadata:
      name: b
    spec:
      ports:
        - port: 0
`;
		const docs = parseManifests(text, 'list.yaml');
		expect(docs.map(d => [d.object.kind, d.line, d.index])).toEqual([
			['ConfigMap', 4, 0],
			['Service', 8, 1],
		]);
		expect(docs[1]!.lineOf('metadata.name')).toBe(11);
		expect(docs[1]!.lineOf('spec.ports[0].port')).toBe(14);
		expect(error(() => validateDocs(docs)).message).toBe('list.yaml:14: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
	});

	it('rejects YAML syntax errors with their line', () => {
		const e = error(() => parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n', 'bad.yaml'));
		expect(e.source).toBe('bad.yaml');
		expect(e.line).toBe(4);
		expect(e.message).toMatch(/^bad\.yaml:4: yaml: /);
	});

	it('rejects a key given twice, naming both lines', () => {
		const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  replicas: 3
`;
		const e = error(() => parseManifests(text, 'dup.yaml'));
		expect(e.message).toBe('dup.yaml:10: mapping key "replicas" already defined at line 6');
		expect(e.line).toBe(10);
		expect(e.field).toBe('spec.replicas');
	});

	it('rejects duplicate keys in JSON too', () => {
		const e = error(() => parseManifests('{"apiVersion": "v1",\n "kind": "Pod",\n "kind": "Pod"}'));
		expect(e.message).toBe('<stdin>:3: mapping key "kind" already defined at line 2');
	});

	it('rejects a document that is not a mapping', () => {
		expect(error(() => parseManifests('apiVersion: v1\nkind: Pod\n---\n- a\n- b\n', 'x.yaml')).message).toBe(
			'x.yaml:4: json: cannot unmarshal array into Go value of type map[string]interface {}',
		);
		expect(error(() => parseManifests('just text\n', 'x.yaml')).message).toBe(
			'x.yaml:1: json: cannot unmarshal string into Go value of type map[string]interface {}',
		);
	});

	it('rejects a missing apiVersion or kind', () => {
		expect(error(() => parseManifests('kind: Pod\nmetadata:\n  name: x\n', 'p.yaml')).message).toBe('p.yaml:1: error validating data: apiVersion not set');
		expect(error(() => parseManifests('apiVersion: v1\nmetadata:\n  name: x\n', 'p.yaml')).message).toBe('p.yaml:1: error validating data: kind not set');
		expect(error(() => parseManifests('metadata:\n  name: x\n', 'p.yaml')).message).toBe(
			'p.yaml:1: error validating data: [apiVersion not set, kind not set]',
		);
	});

	it('rejects kinds the cluster does not serve and mismatched versions', () => {
		const unknown = error(() => parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Foo\n', 'k.yaml'));
		expect(unknown.message).toBe('k.yaml:6: no matches for kind "Foo" in version "v1"');
		expect(unknown.field).toBe('kind');
		const mismatch = error(() => parseManifests('apiVersion: v1\nkind: Deployment\nmetadata: {name: a}\n', 'k.yaml'));
		expect(mismatch.message).toBe('k.yaml:1: no matches for kind "Deployment" in version "v1"');
		expect(error(() => parseManifests('apiVersion: apps/v1\nkind: deployment\n')).message).toBe(
			'<stdin>:2: no matches for kind "deployment" in version "apps/v1"',
		);
		expect(parseManifests('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n')).toHaveLength(1);
	});
});

describe('validateDocs', () => {
	it('reports the first invalid document at the line of the field', () => {
		const docs = parseManifests(web, 'manifests/web.yaml');
		const e = error(() => validateDocs(docs));
		expect(e.message).toBe('manifests/web.yaml:14: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
		expect(e.line).toBe(14);
		expect(e.field).toBe('spec.replicas');
		expect(e.causes?.length).toBe(1);
	});

	it('points into the second document of a file', () => {
		const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      imagePullPolicy: Sometimes
`;
		const e = error(() => validateDocs(parseManifests(text, 'two.yaml')));
		expect(e.message).toBe(
			'two.yaml:19: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
		);
	});

	it('falls back to the nearest line for fields that are absent', () => {
		const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
`;
		const e = error(() => validateDocs(parseManifests(text, 'p.yaml')));
		expect(e.message).toBe('p.yaml:7: spec.containers[0].image: Required value');
	});

	it('uses the resource limit line for a bad quantity', () => {
		const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      resources:
        limits:
          memory: 12x
`;
		const e = error(() => validateDocs(parseManifests(text, 'q.yaml')));
		expect(e.message).toBe(
			"q.yaml:11: spec.containers[0].resources.limits.memory: Invalid value: \"12x\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
		);
	});

	it('reports wrong types at their line', () => {
		const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
`;
		const e = error(() => validateDocs(parseManifests(text, 'd.yaml')));
		expect(e.message).toBe('d.yaml:6: spec.replicas: Invalid value: "three": spec.replicas in body must be of type integer: "string"');
	});

	it('rejects the same object twice', () => {
		const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
`;
		const e = error(() => validateDocs(parseManifests(text, 'c.yaml')));
		expect(e.message).toBe('c.yaml:11: ConfigMap "a" is already defined at line 1');
		// Same name in other namespaces or of another kind is fine.
		const ok = `apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: x}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: y}
---
apiVersion: v1
kind: Secret
metadata: {name: a, namespace: x}
`;
		expect(() => validateDocs(parseManifests(ok))).not.toThrow();
	});

	it('names the other file when the duplicate comes from another source', () => {
		const a = parseManifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n', 'a.yaml');
		const b = parseManifests('\n\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n', 'b.yaml');
		expect(error(() => validateDocs([...a, ...b])).message).toBe('b.yaml:3: Namespace "prod" is already defined at a.yaml:1');
	});

	it('accepts valid manifests', () => {
		const text = web.replace('replicas: -1', 'replicas: 3');
		expect(() => validateDocs(parseManifests(text))).not.toThrow();
	});
});
