// Kubernetes' protobuf request bodies (Content-Type application/vnd.kubernetes.protobuf), as
// kubectl 1.32+ sends them for `kubectl create ...`, `kubectl autoscale` and the Eviction of
// `kubectl drain`, the reviews of `kubectl auth`: the 4-byte `k8s\0` prefix, then a runtime.Unknown whose `raw` is the object.
// The message definitions are kubesim's own subsets of the upstream generated.proto files, with
// upstream field numbers, in source/server/proto/. A decoded object is turned into the JSON shape the
// cluster takes: IntOrString as a number or a string, Quantity as its string, Time as RFC 3339,
// bytes as base64, maps as objects, and empty values left out as Go's `omitempty` would.
import protobuf from 'protobufjs';
import {join} from 'node:path';
import {KINDS} from '../kinds/index.js';
import {packageRoot} from '../paths.js';

const MAGIC = Buffer.from('k8s\0', 'latin1');
const PROTO_FILES = ['runtime', 'intstr', 'resource', 'meta', 'core', 'apps', 'autoscaling', 'autoscalingv1', 'batch', 'policy', 'rbac', 'authorization', 'authentication', 'certificates'];

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const INT_OR_STRING = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
const TIME = `.${META}.Time`;

/** A kind decoded: its message type by apiVersion (in the order tried when none is sent; any apiVersion if none). */
type Messages = Array<[apiVersion: string, type: string]>;

/** The kinds decoded: those whose KindInfo names a protobuf message, and two that are no stored kind. */
const MESSAGES = new Map<string, Messages>();
for (const k of KINDS) {
	const messages: Messages = [];
	if (k.protobuf) messages.push([k.apiVersion, k.protobuf]);
	for (const v of k.versions ?? []) if (v.protobuf) messages.push([v.apiVersion, v.protobuf]);
	if (messages.length) MESSAGES.set(k.kind, messages);
}
MESSAGES.set('Eviction', [['policy/v1', 'k8s.io.api.policy.v1.Eviction']]);
for (const kind of ['SelfSubjectAccessReview', 'SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview'])
	MESSAGES.set(kind, [['authorization.k8s.io/v1', `k8s.io.api.authorization.v1.${kind}`]]);
for (const kind of ['SelfSubjectReview', 'TokenRequest', 'TokenReview']) MESSAGES.set(kind, [['authentication.k8s.io/v1', `k8s.io.api.authentication.v1.${kind}`]]);
// sent under the version of the resource being deleted: any is taken
MESSAGES.set('DeleteOptions', [['', `${META}.DeleteOptions`]]);

let loaded: protobuf.Root | undefined;

/** The message definitions, parsed once on first use. */
export function protoRoot(): protobuf.Root {
	if (!loaded) {
		const root = new protobuf.Root();
		root.loadSync(
			PROTO_FILES.map(f => join(packageRoot(import.meta.url), 'source', 'server', 'proto', `${f}.proto`)),
			{keepCase: true},
		);
		root.resolveAll();
		loaded = root;
	}
	return loaded;
}

export interface Envelope {
	apiVersion: string;
	kind: string;
	raw: Buffer;
}

/** Unwraps the `k8s\0` + runtime.Unknown envelope. */
export function readEnvelope(body: Buffer): Envelope {
	if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new Error('missing the k8s protobuf prefix');
	const unknown = protoRoot().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
	const m = unknown.decode(body.subarray(4)) as unknown as {typeMeta?: {apiVersion?: string; kind?: string}; raw?: Uint8Array; contentEncoding?: string};
	if (m.contentEncoding) throw new Error(`protobuf bodies with content encoding ${m.contentEncoding} are not supported`);
	return {apiVersion: m.typeMeta?.apiVersion ?? '', kind: m.typeMeta?.kind ?? '', raw: Buffer.from(m.raw ?? new Uint8Array())};
}

function has(o: object, k: string): boolean {
	return Object.prototype.hasOwnProperty.call(o, k);
}

function toNumber(v: unknown): number {
	return typeof v === 'number' ? v : Number(String(v));
}

function isEmpty(v: unknown): boolean {
	if (v === '' || v === 0 || v === false || v === undefined || v === null) return true;
	if (Array.isArray(v)) return v.length === 0;
	if (typeof v === 'object') return Object.keys(v).length === 0;
	return false;
}

/** RFC 3339 in seconds, or with nanoseconds when there are any (as metav1.Time / MicroTime). */
function rfc3339(seconds: number, nanos: number): string {
	const base = new Date(seconds * 1000).toISOString().slice(0, 19);
	return nanos ? `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z` : `${base}Z`;
}

/** One value of a field (an element, for repeated and map fields) in its JSON form. */
function fieldValue(field: protobuf.Field, v: any): unknown {
	const t = field.resolvedType;
	if (t instanceof protobuf.Type) {
		switch (t.fullName) {
			case INT_OR_STRING:
				return toNumber(v.type ?? 0) === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
			case QUANTITY:
				return v.string ?? '';
			case TIME: {
				const seconds = toNumber(v.seconds ?? 0);
				const nanos = toNumber(v.nanos ?? 0);
				return seconds === 0 && nanos === 0 ? undefined : rfc3339(seconds, nanos);
			}
			default:
				return messageToJson(t, v);
		}
	}
	if (t instanceof protobuf.Enum) return v;
	switch (field.type) {
		case 'bytes':
			return Buffer.from(v as Uint8Array).toString('base64');
		case 'int64':
		case 'uint64':
		case 'sint64':
		case 'fixed64':
		case 'sfixed64':
			return toNumber(v);
		default:
			return v;
	}
}

/** A decoded message in its JSON form. */
export function messageToJson(type: protobuf.Type, msg: any): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const field of type.fieldsArray) {
		if (!has(msg, field.name) || msg[field.name] == null) continue;
		const opts = field.options ?? {};
		if (opts['(ignore)']) continue;
		const v = msg[field.name];
		let json: unknown;
		if (field.map) {
			const obj: Record<string, unknown> = {};
			for (const k of Object.keys(v)) obj[k] = fieldValue(field, v[k]);
			json = obj;
		} else if (field.repeated) {
			json = (v as unknown[]).map(x => fieldValue(field, x));
		} else {
			json = fieldValue(field, v);
		}
		if (json === undefined) continue;
		if (isEmpty(json) && !(opts['(keep)'] && !field.map && !field.repeated)) continue;
		if (opts['(inline)'] && json && typeof json === 'object') Object.assign(out, json);
		else out[field.name] = json;
	}
	return out;
}

/** Decodes a protobuf body into its JSON form, for the kinds the server understands. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
	const env = readEnvelope(body);
	const known = MESSAGES.get(env.kind);
	if (!known)
		throw new Error(`kubesim decodes protobuf bodies only for ${[...MESSAGES.keys()].join(', ')}, not ${env.kind || 'this object'}; send application/json instead`);
	const anyVersion = known[0]![0] === '';
	const apiVersion = env.apiVersion || known[0]![0] || 'v1';
	const message = anyVersion ? known[0] : known.find(([v]) => v === apiVersion);
	if (!message)
		throw new Error(`kubesim decodes protobuf ${env.kind} only as ${known.map(([v]) => v).join(', ')}, not ${apiVersion}; send application/json instead`);
	// each version has its own messages (autoscaling/v1 is what kubectl 1.32's autoscale posts)
	const type = protoRoot().lookupType(message[1]);
	const msg = type.decode(env.raw);
	// Fields kubesim's message subsets lack are skipped by the decoder: re-encoding comes out
	// shorter then, and the body is refused rather than taken with parts silently missing.
	if (type.encode(msg).finish().length !== env.raw.length)
		throw new Error(`kubesim's protobuf decoder does not know every field of this ${env.kind}; send application/json instead`);
	return {apiVersion, kind: env.kind, ...messageToJson(type, msg)};
}
