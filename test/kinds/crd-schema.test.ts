// Structural schemas of custom resources: random objects against random schemas never crash
// the validator, and it accepts exactly what an independent reading of the schema accepts;
// pruning leaves only declared fields; the CustomResourceDefinition's own validation names each
// bad field.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {FieldErrors} from '../../source/kinds/shared/fields.js';
import {type JSONSchema, applyDefaults, prune, validateValue} from '../../source/kinds/crd/schema.js';
import {validateObject} from '../../source/cluster/api/validation.js';
import {customResourceDefinition} from '../../source/kinds/crd/index.js';
import type {KObject} from '../../source/cluster/types.js';

/** Leaf schemas: a type and some of its constraints. */
const leaf: fc.Arbitrary<JSONSchema> = fc.oneof(
	fc.record({type: fc.constant('string'), minLength: fc.option(fc.nat(4), {nil: undefined}), maxLength: fc.option(fc.nat(6), {nil: undefined}), pattern: fc.option(fc.constantFrom('^[a-z]+$', '^\\d+$', 'b'), {nil: undefined}), enum: fc.option(fc.uniqueArray(fc.string({maxLength: 3}), {minLength: 1, maxLength: 3}), {nil: undefined})}, {requiredKeys: ['type']}),
	fc.record({type: fc.constant('integer'), minimum: fc.option(fc.integer({min: -5, max: 5}), {nil: undefined}), maximum: fc.option(fc.integer({min: -5, max: 10}), {nil: undefined}), exclusiveMinimum: fc.option(fc.boolean(), {nil: undefined}), exclusiveMaximum: fc.option(fc.boolean(), {nil: undefined})}, {requiredKeys: ['type']}),
	fc.record({type: fc.constant('number'), minimum: fc.option(fc.double({min: -5, max: 5, noNaN: true}), {nil: undefined}), maximum: fc.option(fc.double({min: -5, max: 10, noNaN: true}), {nil: undefined})}, {requiredKeys: ['type']}),
	fc.record({type: fc.constant('boolean')}),
	fc.record({'x-kubernetes-int-or-string': fc.constant(true)}),
);

const schema: fc.Arbitrary<JSONSchema> = fc.letrec<{node: JSONSchema}>(tie => ({
	node: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		leaf,
		fc.record({type: fc.constant('array'), items: tie('node'), minItems: fc.option(fc.nat(2), {nil: undefined}), maxItems: fc.option(fc.nat(3), {nil: undefined})}, {requiredKeys: ['type', 'items']}),
		fc
			.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('node'), {maxKeys: 3})
			.chain(properties =>
				fc.record(
					{
						type: fc.constant('object'),
						properties: fc.constant(properties),
						required: fc.subarray(Object.keys(properties)),
						'x-kubernetes-preserve-unknown-fields': fc.option(fc.constant(true), {nil: undefined}),
					},
					{requiredKeys: ['type', 'properties', 'required']},
				),
			),
	),
})).node;

const json = fc.jsonValue({maxDepth: 3}) as fc.Arbitrary<unknown>;

/** The schema read independently: whether a value satisfies it, as the OpenAPI validation rules say. */
function satisfies(v: unknown, s: JSONSchema): boolean {
	if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
	switch (s.type) {
		case 'string': {
			if (typeof v !== 'string') return false;
			const n = [...v].length;
			if (s.minLength !== undefined && n < s.minLength) return false;
			if (s.maxLength !== undefined && n > s.maxLength) return false;
			if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) return false;
			return !s.enum || s.enum.includes(v);
		}
		case 'integer':
		case 'number': {
			if (typeof v !== 'number' || (s.type === 'integer' && !Number.isInteger(v))) return false;
			if (s.minimum !== undefined && !(s.exclusiveMinimum ? v > s.minimum : v >= s.minimum)) return false;
			if (s.maximum !== undefined && !(s.exclusiveMaximum ? v < s.maximum : v <= s.maximum)) return false;
			return true;
		}
		case 'boolean':
			return typeof v === 'boolean';
		case 'array':
			if (!Array.isArray(v)) return false;
			if (s.minItems !== undefined && v.length < s.minItems) return false;
			if (s.maxItems !== undefined && v.length > s.maxItems) return false;
			return v.every(x => satisfies(x, s.items!));
		case 'object': {
			if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
			const o = v as Record<string, unknown>;
			if ((s.required ?? []).some(r => o[r] === undefined)) return false;
			return Object.entries(s.properties ?? {}).every(([k, ps]) => o[k] === undefined || satisfies(o[k], ps));
		}
		default:
			return true;
	}
}

/** A value drawn to fit a schema often (so both answers get exercised), else any JSON. */
function valueFor(s: JSONSchema): fc.Arbitrary<unknown> {
	if (s['x-kubernetes-int-or-string']) return fc.oneof(fc.integer(), fc.string({maxLength: 3}), json);
	switch (s.type) {
		case 'string':
			return fc.oneof(s.enum ? fc.constantFrom(...s.enum) : fc.stringMatching(/^[a-z0-9]{0,7}$/), json);
		case 'integer':
			return fc.oneof(fc.integer({min: -8, max: 12}), fc.double({min: -8, max: 12, noNaN: true}));
		case 'number':
			return fc.oneof(fc.double({min: -8, max: 12, noNaN: true}), fc.string());
		case 'boolean':
			return fc.oneof(fc.boolean(), json);
		case 'array':
			return fc.oneof(fc.array(valueFor(s.items!), {maxLength: 4}), json);
		case 'object': {
			const props = s.properties ?? {};
			return fc.oneof(
				fc.record(Object.fromEntries(Object.entries(props).map(([k, ps]) => [k, valueFor(ps)])), {requiredKeys: []}),
				json,
			);
		}
		default:
			return json;
	}
}

const withValue = schema.chain(s => fc.tuple(fc.constant(s), valueFor(s)));

describe('structural schema validation', () => {
	it('accepts a value exactly when an independent reading of the schema does', () => {
		fc.assert(
			fc.property(withValue, ([s, v]) => {
				const e = new FieldErrors();
				validateValue(e, v, s, 'spec');
				expect(e.list.length === 0, JSON.stringify({s, v, errs: e.list})).toBe(satisfies(v, s));
				for (const c of e.list) expect(c.field?.startsWith('spec'), c.message).toBe(true);
			}),
			{numRuns: 800},
		);
	});

	it('never throws on any JSON against any schema, and pruning keeps only declared fields', () => {
		fc.assert(
			fc.property(schema, json, (s, v) => {
				const e = new FieldErrors();
				validateValue(e, v, s, '');
				if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
					const copy = structuredClone(v) as Record<string, unknown>;
					const root = {...s, type: 'object'};
					const dropped = prune(copy, root);
					applyDefaults(copy, root);
					const original = v as Record<string, unknown>;
					for (const k of Object.keys(original)) {
						const declared = Object.hasOwn(root.properties ?? {}, k) || ['apiVersion', 'kind', 'metadata'].includes(k);
						if (declared) expect(Object.hasOwn(copy, k) || original[k] === null).toBe(true);
						else if (root['x-kubernetes-preserve-unknown-fields']) expect(Object.hasOwn(copy, k)).toBe(true);
						else {
							expect(Object.hasOwn(copy, k)).toBe(false);
							expect(dropped).toContain(k);
						}
					}
				}
			}),
			{numRuns: Number(process.env.CRD_RUNS ?? 500)},
		);
	});

	it('fills defaults of absent fields, nested ones too, and leaves given ones', () => {
		const s: JSONSchema = {
			type: 'object',
			properties: {
				spec: {
					type: 'object',
					default: {},
					properties: {
						replicas: {type: 'integer', default: 1},
						image: {type: 'string', default: 'busybox'},
						ports: {type: 'array', items: {type: 'object', properties: {protocol: {type: 'string', default: 'TCP'}, port: {type: 'integer'}}}},
					},
				},
			},
		};
		const empty: Record<string, unknown> = {};
		applyDefaults(empty, s);
		expect(empty).toEqual({spec: {replicas: 1, image: 'busybox'}});
		const given: Record<string, unknown> = {spec: {replicas: 3, ports: [{port: 80}, {port: 53, protocol: 'UDP'}]}};
		applyDefaults(given, s);
		expect(given).toEqual({spec: {replicas: 3, image: 'busybox', ports: [{port: 80, protocol: 'TCP'}, {port: 53, protocol: 'UDP'}]}});
	});

	it('words each failure as the apiextensions validator does', () => {
		const s: JSONSchema = {
			type: 'object',
			required: ['cronSpec'],
			properties: {
				cronSpec: {type: 'string', pattern: '^\\d+$'},
				replicas: {type: 'integer', minimum: 1, maximum: 10},
				size: {type: 'string', enum: ['S', 'M']},
				tags: {type: 'array', maxItems: 1, items: {type: 'string'}},
				name: {type: 'string', maxLength: 3},
			},
		};
		const e = new FieldErrors();
		validateValue(e, {cronSpec: 'x', replicas: 0, size: 'XL', tags: ['a', 'b'], name: 'long'}, s, 'spec');
		expect(e.list.map(c => `${c.field}: ${c.message}`)).toEqual([
			"spec.cronSpec: Invalid value: \"x\": spec.cronSpec in body should match '^\\d+$'",
			'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
			'spec.size: Unsupported value: "XL": supported values: "S", "M"',
			'spec.tags: Too many: 2: must have at most 1 items',
			'spec.name: Too long: may not be more than 3 bytes',
		]);
		const missing = new FieldErrors();
		validateValue(missing, {replicas: 'two'}, s, 'spec');
		expect(missing.list.map(c => `${c.field}: ${c.message}`)).toEqual([
			'spec.cronSpec: Required value',
			'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
		]);
	});
});

describe('the CustomResourceDefinition itself', () => {
	const crd = (spec: unknown, name = 'crontabs.stable.example.com') =>
		({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name}, spec}) as unknown as KObject;
	const causes = (o: KObject) => {
		customResourceDefinition.api!.defaults!(o);
		return validateObject(customResourceDefinition, o).map(c => `${c.field}: ${c.message}`);
	};
	const good = () => ({
		group: 'stable.example.com',
		scope: 'Namespaced',
		names: {plural: 'crontabs', kind: 'CronTab'},
		versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object'}}}],
	});

	it('accepts the task page\'s definition and defaults its names', () => {
		const o = crd(good());
		expect(causes(o)).toEqual([]);
		expect((o as any).spec.names).toEqual({plural: 'crontabs', kind: 'CronTab', singular: 'crontab', listKind: 'CronTabList'});
	});

	it('names every missing or wrong field', () => {
		expect(causes(crd({}, 'x'))).toEqual([
			'metadata.name: Invalid value: "x": must be spec.names.plural+"."+spec.group',
			'spec.group: Required value',
			'spec.scope: Required value',
			'spec.versions: Required value: must have exactly one version marked as storage version',
			'spec.names.plural: Required value',
			'spec.names.singular: Required value',
			'spec.names.kind: Required value',
			'spec.names.listKind: Required value',
		]);
		const noSchema = good();
		(noSchema.versions[0] as any).schema = undefined;
		(noSchema.versions[0] as any).storage = true;
		expect(causes(crd(noSchema))).toEqual(['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
		const untyped = good();
		untyped.versions[0]!.schema.openAPIV3Schema = {type: 'object', properties: {spec: {properties: {x: {type: 'string'}}}}} as any;
		expect(causes(crd(untyped))).toEqual(['spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields']);
		expect(causes(crd({...good(), preserveUnknownFields: true}))).toEqual([
			'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
		]);
		const two = good();
		two.versions.push({name: 'v2', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object'}}});
		expect(causes(crd(two))[0]).toMatch(/^spec\.versions: Invalid value: \[\]apiextensions\.CustomResourceDefinitionVersion\{.*\}: must have exactly one version marked as storage version$/);
	});
});
