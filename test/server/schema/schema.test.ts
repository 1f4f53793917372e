// The schema module: the client's models read as OpenAPI definitions, the documents built from
// them, and strict decoding (unknown and duplicate fields, values of the wrong type), with a
// property test injecting unknown fields at random depths of random valid objects.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {KINDS} from '../../../source/kinds/index.js';
import {models} from '../../../source/server/schema/models.js';
import {definitions, fieldType, type FieldType} from '../../../source/server/schema/definitions.js';
import {strictCheck} from '../../../source/server/schema/strict.js';
import {duplicateFields, goFormat, validateApplied, validateBody, validatePatched} from '../../../source/server/schema/fieldvalidation.js';
import {openapiDocument, openapiRoot, openapiV2} from '../../../source/server/openapi.js';
import {isStatusError} from '../../../source/cluster/index.js';

function statusOf(f: () => unknown) {
	try {
		f();
	} catch (e) {
		if (isStatusError(e)) return e.status;
		throw e;
	}
	throw new Error('no error');
}

describe('models', () => {
	it('reads fields, types, formats, descriptions and required marks', () => {
		const spec = models().get('V1DeploymentSpec')!;
		const replicas = spec.fields.find(f => f.name === 'replicas')!;
		expect(replicas).toMatchObject({type: 'number', format: 'int32', required: false});
		expect(replicas.description).toMatch(/^Number of desired pods\./);
		expect(spec.fields.filter(f => f.required).map(f => f.name)).toEqual(['selector', 'template']);
		expect(spec.description).toMatch(/^DeploymentSpec is the specification/);
		// escaped quotes come back plain
		expect(models().get('V1ContainerPort')!.fields.find(f => f.name === 'containerPort')!.description).toContain("pod's IP address");
	});

	it('parses the client types', () => {
		expect(fieldType('Array<V1Container>')).toEqual({t: 'array', items: {t: 'model', name: 'V1Container'}});
		expect(fieldType('{ [key: string]: string; }')).toEqual({t: 'map', values: {t: 'string'}});
		expect(fieldType('number', 'int64')).toEqual({t: 'integer', format: 'int64'});
		expect(fieldType('Date', 'date-time')).toEqual({t: 'time', micro: false});
		expect(fieldType('IntOrString', 'int-or-string')).toEqual({t: 'intOrString'});
	});
});

describe('definitions', () => {
	it('finds the model of every served kind and version from its group, version and kind', () => {
		const c = definitions();
		const missing: string[] = [];
		for (const k of KINDS) {
			for (const version of [k.version, ...(k.versions ?? []).map(v => v.version)]) {
				if (!c.classOf({group: k.group, version, kind: k.kind})) missing.push(`${k.group}/${version} ${k.kind}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('names definitions as the apiserver publishes them', () => {
		const c = definitions();
		const name = (group: string, version: string, kind: string) => c.defs.get(c.classOf({group, version, kind})!)!.name;
		expect(name('apps', 'v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
		expect(name('', 'v1', 'Event')).toBe('io.k8s.api.core.v1.Event');
		expect(name('autoscaling', 'v2', 'HorizontalPodAutoscaler')).toBe('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
		expect(name('autoscaling', 'v1', 'HorizontalPodAutoscaler')).toBe('io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler');
		expect(c.defs.get('V1PodSpec')!.name).toBe('io.k8s.api.core.v1.PodSpec');
		expect(c.defs.get('V1ObjectMeta')!.name).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
		expect(c.defs.get('V1LabelSelector')!.name).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector');
	});
});

describe('documents', () => {
	it('serve each group version with its kinds, GVKs, types, descriptions and list rules', () => {
		const doc = openapiDocument('apps', 'v1') as any;
		const schemas = doc.components.schemas;
		expect(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{group: 'apps', kind: 'Deployment', version: 'v1'}]);
		expect(schemas['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind']).toEqual([{group: 'apps', kind: 'DeploymentList', version: 'v1'}]);
		const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
		expect(spec.required).toEqual(['selector', 'template']);
		expect(spec.properties.replicas).toMatchObject({type: 'integer', format: 'int32'});
		expect(spec.properties.selector.allOf).toEqual([{$ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'}]);
		const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
		expect(containers).toMatchObject({type: 'array', 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map'});
		expect(schemas['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-patch-merge-key']).toBe('containerPort');
		const patchOp = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
		expect(patchOp.parameters.map((p: any) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
		// every reference resolves inside the document
		const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[^"]+/g)!;
		expect(refs.filter(r => !schemas[r.slice('#/components/schemas/'.length)])).toEqual([]);
		expect(openapiRoot().paths['apis/apps/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
	});

	it('serves swagger 2.0 with every kind, as JSON and as protobuf', () => {
		const v2 = openapiV2();
		const doc = JSON.parse(v2.json);
		expect(doc.swagger).toBe('2.0');
		expect(doc.definitions['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{group: '', kind: 'Pod', version: 'v1'}]);
		const refs = v2.json.match(/#\/definitions\/[^"]+/g)!;
		expect(refs.filter(r => !doc.definitions[r.slice('#/definitions/'.length)])).toEqual([]);
		// Document.swagger (field 1) comes first: tag 0x0a, length 3, "2.0"
		expect([...v2.proto.slice(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
		expect(Buffer.from(v2.proto).includes('io.k8s.api.apps.v1.DeploymentSpec')).toBe(true);
	});
});

describe('strict decoding', () => {
	const deployment = definitions().classOf({group: 'apps', version: 'v1', kind: 'Deployment'})!;
	const gvk = {group: 'apps', version: 'v1', kind: 'Deployment'};

	it('reports unknown fields by path, in document order, and drops them', () => {
		const obj: any = {metadata: {name: 'x', labelz: {}}, spec: {replica: 3, template: {spec: {containers: [{name: 'a'}, {name: 'b', imagePullPolice: 'x'}]}}}};
		expect(strictCheck(deployment, obj).unknown).toEqual(['metadata.labelz', 'spec.replica', 'spec.template.spec.containers[1].imagePullPolice']);
		expect(obj).toEqual({metadata: {name: 'x'}, spec: {template: {spec: {containers: [{name: 'a'}, {name: 'b'}]}}}});
	});

	it('words a value of the wrong type as Go decoding does', () => {
		const cases: Array<[unknown, string]> = [
			[{spec: {replicas: '3'}}, 'cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
			[{spec: {replicas: 1.5}}, 'cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
			[{spec: {template: {spec: {containers: {}}}}}, 'cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'],
			[{spec: {template: {spec: {containers: [{ports: [{containerPort: '80'}]}]}}}}, 'cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
			[{metadata: {labels: {a: 1}}}, 'cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
			[{spec: {paused: 'yes'}}, 'cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool'],
		];
		for (const [obj, message] of cases) expect(strictCheck(deployment, obj as any).typeError).toBe(`json: ${message}`);
		// quantities take numbers; so do int-or-strings and times their strings
		expect(strictCheck(deployment, {spec: {template: {spec: {containers: [{resources: {limits: {cpu: 1}}}]}}, strategy: {rollingUpdate: {maxSurge: '25%'}}}} as any)).toEqual({unknown: []});
	});

	it('refuses under Strict, warns under Warn, ignores under Ignore', () => {
		const body = () => ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'x'}, spec: {replica: 1, replicas: 2}});
		const text = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"replica":1,"replicas":2,"replicas":2}}';
		expect(statusOf(() => validateBody(gvk, body(), text, 'Strict'))).toMatchObject({
			code: 400,
			reason: 'BadRequest',
			message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.replicas", unknown field "spec.replica"',
		});
		const warned = body();
		expect(validateBody(gvk, warned, text, 'Warn')).toEqual(['duplicate field "spec.replicas"', 'unknown field "spec.replica"']);
		expect(warned.spec).toEqual({replicas: 2});
		const ignored = body();
		expect(validateBody(gvk, ignored, text, 'Ignore')).toEqual([]);
		expect(ignored.spec).toEqual({replicas: 2});
		expect(statusOf(() => validateBody(gvk, {spec: {replicas: 'two'}}, undefined, 'Ignore')).message).toBe(
			'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
		);
	});

	it('leaves alone on an update the unknown fields the stored object already holds', () => {
		const current = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'x'}, spec: {kept: true}};
		const sent = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'x'}, spec: {kept: true, replica: 1}};
		expect(statusOf(() => validateBody(gvk, structuredClone(sent), undefined, 'Strict', current)).message).toBe(
			'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
		);
		const warned = structuredClone(sent);
		expect(validateBody(gvk, warned, undefined, 'Warn', current)).toEqual(['unknown field "spec.replica"']);
		expect(warned.spec).toEqual({kept: true});
	});

	it('refuses a strategic patch as the patch handler does', () => {
		const patch = {spec: {replica: 2, template: {spec: {containers: [{name: 'c', imagePullPolice: 'Always'}]}}}};
		const merged = {metadata: {name: 'x'}, spec: structuredClone(patch.spec)};
		expect(statusOf(() => validatePatched(deployment, merged as any, goFormat(patch), 'Strict', {duplicates: []}))).toMatchObject({
			code: 422,
			reason: 'Invalid',
			message:
				' "" is invalid: patch: Invalid value: "map[spec:map[replica:2 template:map[spec:map[containers:[map[imagePullPolice:Always name:c]]]]]]": strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolice"',
		});
		expect(statusOf(() => validatePatched(deployment, {spec: {replicas: 'x'}}, 'map[spec:map[replicas:x]]', 'Strict', {duplicates: []})).message).toBe(
			' "" is invalid: patch: Invalid value: "map[spec:map[replicas:x]]": unrecognized type: int32',
		);
	});

	it('names list elements by their merge keys for server-side apply', () => {
		const obj = {spec: {template: {spec: {containers: [{name: 'web', ports: [{containerPort: 80, hostPortz: 1}]}], tolerations: [{keyz: 'a'}]}}}};
		expect(strictCheck(deployment, obj, {applyPaths: true}).unknown).toEqual([
			'.spec.template.spec.containers[name="web"].ports[containerPort=80].hostPortz',
			'.spec.template.spec.tolerations[0].keyz',
		]);
		expect(statusOf(() => validateApplied(gvk, {spec: {replica: 1}}, 'default', 'x'))).toMatchObject({
			code: 400,
			reason: 'BadRequest',
			message: 'failed to create typed patch object (default/x; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema',
		});
	});

	it('finds the keys a JSON text gives twice', () => {
		expect(duplicateFields('{"a":1,"b":{"c":[{"d":1,"d":2}],"c":3},"a":{}}')).toEqual(['b.c[0].d', 'b.c', 'a']);
		expect(duplicateFields('{"a": "x\\"y", "a": [1, 2.5e3, true, null]}')).toEqual(['a']);
		expect(duplicateFields('not json')).toEqual([]);
	});

	it('finds no duplicates in any JSON a serialiser writes, finds one written twice, and never throws', () => {
		fc.assert(
			fc.property(fc.jsonValue(), fc.string(), (v, junk) => {
				const text = JSON.stringify(v);
				expect(duplicateFields(text)).toEqual([]);
				expect(duplicateFields(JSON.stringify(v, null, 2))).toEqual([]);
				// the same key written twice at the root, the second time with this value
				const doubled = `{"k":1,"k":${text}}`;
				expect(duplicateFields(doubled)).toEqual(['k']);
				expect(() => duplicateFields(junk)).not.toThrow();
			}),
			{numRuns: 300, seed: 7},
		);
	});

	it('answers any decoded body with warnings or a 400, never anything else', () => {
		const kinds = KINDS.map(k => ({group: k.group, version: k.version, kind: k.kind}));
		const body = fc.dictionary(fc.constantFrom('metadata', 'spec', 'status', 'data', 'x', 'rules'), fc.jsonValue({maxDepth: 4}));
		fc.assert(
			fc.property(fc.constantFrom(...kinds), body, fc.constantFrom<'Strict' | 'Warn' | 'Ignore'>('Strict', 'Warn', 'Ignore'), (k, obj, directive) => {
				try {
					const warnings = validateBody(k, obj as Record<string, unknown>, JSON.stringify(obj), directive);
					expect(Array.isArray(warnings)).toBe(true);
					if (directive !== 'Warn') expect(warnings).toEqual([]);
				} catch (e) {
					expect(isStatusError(e) && e.code).toBe(400);
				}
			}),
			{numRuns: 500, seed: 11},
		);
	});

	it('finds exactly the unknown fields injected at random depths of random valid objects', () => {
		const c = definitions();
		const roots = KINDS.map(k => c.classOf(k)!).filter(Boolean);
		fc.assert(
			fc.property(fc.constantFrom(...roots), fc.integer({min: 1, max: 2 ** 31 - 1}), fc.integer({min: 0, max: 6}), (root, seed, extra) => {
				const rand = mulberry(seed);
				const obj = randomModel(c, root, rand, 0);
				const known = structuredClone(obj);
				expect(strictCheck(root, structuredClone(obj))).toEqual({unknown: []});
				// the object nodes of the value, with their paths, then unknown keys added to some
				const nodes: Array<[Record<string, unknown>, string]> = [];
				collect(c, root, obj, '', nodes);
				const injected: string[] = [];
				for (let i = 0; i < extra; i++) {
					const [node, path] = nodes[Math.floor(rand() * nodes.length)]!;
					const key = `zz${Math.floor(rand() * 1e6)}`;
					if (key in node) continue;
					node[key] = rand() < 0.5 ? 'x' : {deep: [1]};
					injected.push(path ? `${path}.${key}` : key);
				}
				const result = strictCheck(root, obj);
				expect([...result.unknown].sort()).toEqual([...injected].sort());
				expect(obj).toEqual(known);
			}),
			{numRuns: 300, seed: 42},
		);
	});
});

function mulberry(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Catalogue = ReturnType<typeof definitions>;

function randomValue(c: Catalogue, t: FieldType, rand: () => number, depth: number): unknown {
	switch (t.t) {
		case 'string':
			return `s${Math.floor(rand() * 100)}`;
		case 'integer':
			return Math.floor(rand() * 100);
		case 'number':
			return rand() * 10;
		case 'boolean':
			return rand() < 0.5;
		case 'time':
			return '2025-01-01T00:00:00Z';
		case 'intOrString':
			return rand() < 0.5 ? 3 : '25%';
		case 'any':
			return {anything: ['goes']};
		case 'model':
			return randomModel(c, t.name, rand, depth + 1);
		case 'array':
			return Array.from({length: Math.floor(rand() * 3)}, () => randomValue(c, t.items, rand, depth + 1));
		case 'map':
			return Object.fromEntries(Array.from({length: Math.floor(rand() * 3)}, (_, i) => [`k${i}`, randomValue(c, t.values, rand, depth + 1)]));
	}
}

function randomModel(c: Catalogue, cls: string, rand: () => number, depth: number): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (depth > 6) return out;
	for (const f of c.defs.get(cls)!.fields.values()) if (rand() < 0.3) out[f.name] = randomValue(c, f.parsed, rand, depth);
	return out;
}

/** Every object of a model in `v` (where an unknown field is reported by its path). */
function collect(c: Catalogue, cls: string, v: Record<string, unknown>, path: string, out: Array<[Record<string, unknown>, string]>): void {
	out.push([v, path]);
	const d = c.defs.get(cls)!;
	for (const [k, val] of Object.entries(v)) collectValue(c, d.fields.get(k)!.parsed, val, path ? `${path}.${k}` : k, out);
}

function collectValue(c: Catalogue, t: FieldType, v: unknown, path: string, out: Array<[Record<string, unknown>, string]>): void {
	if (t.t === 'model') collect(c, t.name, v as Record<string, unknown>, path, out);
	else if (t.t === 'array') (v as unknown[]).forEach((item, i) => collectValue(c, t.items, item, `${path}[${i}]`, out));
	else if (t.t === 'map') for (const [k, item] of Object.entries(v as Record<string, unknown>)) collectValue(c, t.values, item, `${path}[${k}]`, out);
}
