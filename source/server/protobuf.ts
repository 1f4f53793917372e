// Just enough of Kubernetes' protobuf encoding to read what kubectl sends as protobuf and the
// server must understand: the `k8s\0` envelope (runtime.Unknown) and the policy/v1 Eviction
// that `kubectl drain` posts, and the Namespace, ConfigMap and Secret of `kubectl create`. Other protobuf bodies are refused with 415 by the caller.

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

type Field = {no: number; wire: number; value: bigint | Buffer};

function readVarint(buf: Buffer, pos: number): [bigint, number] {
	let result = 0n;
	let shift = 0n;
	for (;;) {
		if (pos >= buf.length) throw new Error('truncated varint');
		const b = buf[pos++]!;
		result |= BigInt(b & 0x7f) << shift;
		if (!(b & 0x80)) return [result, pos];
		shift += 7n;
		if (shift > 63n) throw new Error('varint too long');
	}
}

/** The fields of one protobuf message, in order. */
export function readFields(buf: Buffer): Field[] {
	const out: Field[] = [];
	let pos = 0;
	while (pos < buf.length) {
		const [key, p1] = readVarint(buf, pos);
		pos = p1;
		const no = Number(key >> 3n);
		const wire = Number(key & 7n);
		if (wire === 0) {
			const [v, p2] = readVarint(buf, pos);
			out.push({no, wire, value: v});
			pos = p2;
		} else if (wire === 2) {
			const [len, p2] = readVarint(buf, pos);
			const end = p2 + Number(len);
			if (end > buf.length) throw new Error('truncated field');
			out.push({no, wire, value: buf.subarray(p2, end)});
			pos = end;
		} else if (wire === 1) {
			out.push({no, wire, value: buf.subarray(pos, pos + 8)});
			pos += 8;
		} else if (wire === 5) {
			out.push({no, wire, value: buf.subarray(pos, pos + 4)});
			pos += 4;
		} else {
			throw new Error(`unsupported wire type ${wire}`);
		}
	}
	return out;
}

function str(f: Field): string {
	return Buffer.isBuffer(f.value) ? f.value.toString('utf8') : String(f.value);
}

function bytes(f: Field): Buffer {
	return Buffer.isBuffer(f.value) ? f.value : Buffer.alloc(0);
}

function int(f: Field): number {
	const v = typeof f.value === 'bigint' ? BigInt.asIntN(64, f.value) : 0n;
	return Number(v);
}

export interface Envelope {
	apiVersion: string;
	kind: string;
	raw: Buffer;
}

/** Unwraps the `k8s\0` + runtime.Unknown envelope. */
export function readEnvelope(body: Buffer): Envelope {
	if (body.length < 4 || !MAGIC.every((b, i) => body[i] === b)) throw new Error('missing the k8s protobuf prefix');
	let apiVersion = '';
	let kind = '';
	let raw: Buffer = Buffer.alloc(0);
	for (const f of readFields(body.subarray(4))) {
		if (f.no === 1) {
			for (const t of readFields(bytes(f))) {
				if (t.no === 1) apiVersion = str(t);
				else if (t.no === 2) kind = str(t);
			}
		} else if (f.no === 2) raw = bytes(f);
	}
	return {apiVersion, kind, raw};
}

/** A map<string, V> field entry: key 1, value 2. */
function mapEntry(f: Field): [string, Buffer] {
	let key = '';
	let value: Buffer = Buffer.alloc(0);
	for (const e of readFields(bytes(f))) {
		if (e.no === 1) key = str(e);
		else if (e.no === 2) value = bytes(e);
	}
	return [key, value];
}

function objectMeta(buf: Buffer): Record<string, unknown> {
	const m: Record<string, unknown> = {};
	const labels: Record<string, string> = {};
	const annotations: Record<string, string> = {};
	for (const f of readFields(buf)) {
		if (f.no === 1) m.name = str(f);
		else if (f.no === 2) m.generateName = str(f);
		else if (f.no === 3) m.namespace = str(f);
		else if (f.no === 6) m.resourceVersion = str(f);
		else if (f.no === 11) {
			const [k, v] = mapEntry(f);
			labels[k] = v.toString('utf8');
		} else if (f.no === 12) {
			const [k, v] = mapEntry(f);
			annotations[k] = v.toString('utf8');
		}
	}
	if (Object.keys(labels).length) m.labels = labels;
	if (Object.keys(annotations).length) m.annotations = annotations;
	for (const k of Object.keys(m)) if (m[k] === '') delete m[k];
	return m;
}

/** ConfigMap (data 2, binaryData 3, immutable 4) and Secret (data 2, type 3, stringData 4, immutable 5). */
function dataObject(kind: 'ConfigMap' | 'Secret', apiVersion: string, raw: Buffer): Record<string, unknown> {
	const out: Record<string, unknown> = {apiVersion, kind, metadata: {}};
	const data: Record<string, string> = {};
	const binary: Record<string, string> = {};
	const stringData: Record<string, string> = {};
	for (const f of readFields(raw)) {
		if (f.no === 1) out.metadata = objectMeta(bytes(f));
		else if (f.no === 2) {
			const [k, v] = mapEntry(f);
			data[k] = kind === 'Secret' ? v.toString('base64') : v.toString('utf8');
		} else if (kind === 'ConfigMap' && f.no === 3) {
			const [k, v] = mapEntry(f);
			binary[k] = v.toString('base64');
		} else if (kind === 'Secret' && f.no === 3) out.type = str(f);
		else if (kind === 'Secret' && f.no === 4) {
			const [k, v] = mapEntry(f);
			stringData[k] = v.toString('utf8');
		} else if ((kind === 'ConfigMap' && f.no === 4) || (kind === 'Secret' && f.no === 5)) out.immutable = int(f) !== 0;
	}
	if (Object.keys(data).length) out.data = data;
	if (Object.keys(binary).length) out.binaryData = binary;
	if (Object.keys(stringData).length) out.stringData = stringData;
	return out;
}

function deleteOptions(buf: Buffer): Record<string, unknown> {
	const o: Record<string, unknown> = {};
	const dryRun: string[] = [];
	for (const f of readFields(buf)) {
		if (f.no === 1) o.gracePeriodSeconds = int(f);
		else if (f.no === 2) {
			const pre: Record<string, string> = {};
			for (const p of readFields(bytes(f))) {
				if (p.no === 1) pre.uid = str(p);
				else if (p.no === 2) pre.resourceVersion = str(p);
			}
			o.preconditions = pre;
		} else if (f.no === 3) o.orphanDependents = int(f) !== 0;
		else if (f.no === 4) o.propagationPolicy = str(f);
		else if (f.no === 5) dryRun.push(str(f));
	}
	if (dryRun.length) o.dryRun = dryRun;
	return o;
}

/** Decodes a protobuf body into its JSON form, for the kinds the server understands. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
	const env = readEnvelope(body);
	if (env.kind === 'Eviction') {
		const out: Record<string, unknown> = {apiVersion: env.apiVersion || 'policy/v1', kind: 'Eviction'};
		for (const f of readFields(env.raw)) {
			if (f.no === 1) out.metadata = objectMeta(bytes(f));
			else if (f.no === 2) out.deleteOptions = deleteOptions(bytes(f));
		}
		return out;
	}
	if (env.kind === 'Namespace') {
		const out: Record<string, unknown> = {apiVersion: env.apiVersion || 'v1', kind: 'Namespace', metadata: {}};
		for (const f of readFields(env.raw)) if (f.no === 1) out.metadata = objectMeta(bytes(f));
		return out;
	}
	if (env.kind === 'ConfigMap' || env.kind === 'Secret') return dataObject(env.kind, env.apiVersion || 'v1', env.raw);
	if (env.kind === 'DeleteOptions') return {apiVersion: env.apiVersion, kind: 'DeleteOptions', ...deleteOptions(env.raw)};
	throw new Error(`kubesim decodes protobuf bodies only for Eviction, DeleteOptions, Namespace, ConfigMap and Secret, not ${env.kind || 'this object'}; send application/json instead`);
}
