// Object validation with the API server's field paths and messages: the metadata every object
// carries, then its kind's rules (KindInfo.api, in source/kinds/). It accepts an object as a
// user wrote it (before defaults) as well as one the server has defaulted, checks the types of
// the fields it reads, and returns every problem it finds, in field order.
import type {KObject} from '../types.js';
import type {Cause} from '../core/errors.js';
import {type KindInfo, kindInfo} from '../../kinds/index.js';
import {DECODE_ERROR, FieldErrors, isObj} from '../../kinds/shared/fields.js';
import {errors, type StatusError} from '../core/errors.js';
import {isDNS1123Subdomain} from '../../kinds/shared/formats.js';
import {objectMeta} from '../../kinds/shared/meta.js';

/**
 * Every problem with an object of kind `k` (undefined: a kind the server does not know, whose
 * metadata alone is checked), and with `old`, what its update breaks.
 */
export function validateObject(k: KindInfo | undefined, obj: KObject, old?: KObject): Cause[] {
	const e = new FieldErrors();
	if (!isObj(obj)) {
		e.typeInvalid('', obj, 'object');
		return e.list;
	}
	const rules = k?.api;
	objectMeta(e, obj, rules?.name ?? isDNS1123Subdomain, k?.namespaced);
	rules?.validate?.(e, obj);
	if (old) rules?.validateUpdate?.(e, obj, old);
	return e.list;
}

/**
 * Every problem with an object, as the API server reports it in an Invalid (422) Status:
 * `{reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be
 * greater than or equal to 0'}`. An empty list means the object is valid. Works on objects
 * before and after applyDefaults; never looks at `status`.
 */
export function validate(obj: KObject): Cause[] {
	const kind = isObj(obj) && typeof obj.kind === 'string' ? obj.kind : '';
	return validateObject(kindInfo(kind), obj);
}

/**
 * The 400 the real server answers when its JSON decoder cannot read a number into the field's
 * Go type (an int32 of 2147483648), or undefined when no cause is of that sort. The message
 * names the Go struct that holds the field, as Go's decoder does.
 */
export function decodeFailure(k: KindInfo, apiVersion: string, causes: Cause[]): StatusError | undefined {
	const c = causes.find(x => x.reason === DECODE_ERROR);
	if (!c) return undefined;
	const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
	const message = c.message.replace(' into Go struct field ', ` into Go struct field ${goStruct(k.kind, c.field ?? '')}.`);
	return errors.badRequest(`${k.kind} in version "${version}" cannot be handled as a ${k.kind}: ${message}`);
}

/** The Go type that holds the last segment of a field path, for the decoder's message. */
function goStruct(kind: string, field: string): string {
	const parts = field.replace(/\[[^\]]*\]/g, '').split('.');
	const parent = parts[parts.length - 2] ?? '';
	const grand = parts[parts.length - 3] ?? '';
	if (parent === 'spec') {
		if (grand === 'template') return 'PodSpec';
		if (grand === 'jobTemplate') return 'JobSpec';
		if (grand === '') return `${kind}Spec`;
	}
	return STRUCTS[parent] ?? (grand === 'containers' || grand === 'initContainers' ? 'Container' : `${kind}Spec`);
}

const STRUCTS: Record<string, string> = {
	containers: 'Container',
	initContainers: 'Container',
	ephemeralContainers: 'EphemeralContainer',
	ports: 'ContainerPort',
	livenessProbe: 'Probe',
	readinessProbe: 'Probe',
	startupProbe: 'Probe',
	grpc: 'GRPCAction',
	tolerations: 'Toleration',
	topologySpreadConstraints: 'TopologySpreadConstraint',
	metadata: 'ObjectMeta',
	rollingUpdate: 'RollingUpdateStatefulSetStrategy',
};
