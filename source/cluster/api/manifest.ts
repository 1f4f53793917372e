// Reading manifests the way `kubectl apply -f` does: a stream of YAML (or JSON) documents,
// each one object, `kind: List` expanded into its items. Every document remembers where its
// fields sit in the text, so an error can point at the line a user has to fix.
import {LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments} from 'yaml';
import type {Document as YamlDocument, Node as YamlNode} from 'yaml';
import type {KObject} from '../types.js';
import type {Cause} from '../core/errors.js';
import {kindInfo} from '../../kinds/index.js';
import {validate} from './validation.js';
import {applyDefaults} from './defaults.js';
import {shapeProblem} from '../core/json.js';

export interface ManifestDoc {
	object: KObject;
	/** The file name (or `<stdin>`) the document came from. */
	source: string;
	/** Position of the object in the input, counting `List` items one by one, from 0. */
	index: number;
	/** 1-based line where the object starts. */
	line: number;
	/** 1-based line of a field (`spec.template.spec.containers[0].image`, `metadata.labels[app]`);
	 * the nearest ancestor present in the text when the field itself is not, else `line`. */
	lineOf(fieldPath: string): number;
}

/** A manifest that cannot be used: its message is `<source>:<line>: <reason>`. */
export class ManifestError extends Error {
	readonly source: string;
	readonly line: number;
	readonly field?: string;
	/** The message without the `<source>:<line>: ` prefix. */
	readonly reason: string;
	/** Every validation failure of the offending object (set by validateDocs). */
	readonly causes?: Cause[];

	constructor(source: string, line: number, reason: string, field?: string, causes?: Cause[]) {
		super(`${source}:${line}: ${reason}`);
		this.name = 'ManifestError';
		this.source = source;
		this.line = line;
		this.reason = reason;
		if (field !== undefined) this.field = field;
		if (causes) this.causes = causes;
	}
}

const SEP = '\u0000';

/** Splits `a.b[0].c[x.y/z]` into `['a', 'b', '0', 'c', 'x.y/z']`. */
export function fieldSegments(path: string): string[] {
	const out: string[] = [];
	let cur = '';
	for (let i = 0; i < path.length; i++) {
		const ch = path[i]!;
		if (ch === '.') {
			if (cur) out.push(cur);
			cur = '';
		} else if (ch === '[') {
			if (cur) out.push(cur);
			cur = '';
			const end = path.indexOf(']', i + 1);
			if (end < 0) {
				cur = path.slice(i + 1);
				break;
			}
			out.push(path.slice(i + 1, end));
			i = end;
		} else {
			cur += ch;
		}
	}
	if (cur) out.push(cur);
	return out;
}

function keyText(node: unknown): string {
	if (isScalar(node)) return String(node.value);
	return String(node);
}

interface Walk {
	source: string;
	counter: LineCounter;
	lines: Map<string, number>;
}

function lineAt(w: Walk, offset: number): number {
	return w.counter.linePos(offset).line;
}

/** Records the line of every field under `node`, and rejects a key repeated in one mapping. */
function walk(w: Walk, node: unknown, path: string[]): void {
	if (isMap(node)) {
		const seen = new Map<string, number>();
		for (const pair of node.items) {
			const key = pair.key as YamlNode | null;
			const name = keyText(key);
			const start = key?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0];
			const line = start === undefined ? 0 : lineAt(w, start);
			if (name === '<<') continue;
			const first = seen.get(name);
			if (first !== undefined) {
				throw new ManifestError(
					w.source,
					line,
					`mapping key ${JSON.stringify(name)} already defined at line ${first}`,
					[...path, name].join('.'),
				);
			}
			seen.set(name, line);
			const child = [...path, name];
			if (line) w.lines.set(child.join(SEP), line);
			if (!isAlias(pair.value)) walk(w, pair.value, child);
		}
	} else if (isSeq(node)) {
		node.items.forEach((item, i) => {
			const child = [...path, String(i)];
			const start = (item as YamlNode | null)?.range?.[0];
			if (start !== undefined) w.lines.set(child.join(SEP), lineAt(w, start));
			if (!isAlias(item)) walk(w, item, child);
		});
	}
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'object') return 'object';
	if (typeof v === 'number') return 'number';
	return typeof v;
}

function makeDoc(source: string, index: number, line: number, lines: Map<string, number>, prefix: string[], object: KObject): ManifestDoc {
	return {
		object,
		source,
		index,
		line,
		lineOf(fieldPath: string): number {
			const segs = [...prefix, ...fieldSegments(fieldPath)];
			while (segs.length > prefix.length) {
				const hit = lines.get(segs.join(SEP));
				if (hit !== undefined) return hit;
				segs.pop();
			}
			return line;
		},
	};
}

/** Checks that a parsed document is an object the cluster serves. */
function checkObject(doc: ManifestDoc): void {
	const obj = doc.object as unknown as Record<string, unknown>;
	const missing: string[] = [];
	if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') missing.push('apiVersion');
	if (typeof obj.kind !== 'string' || obj.kind === '') missing.push('kind');
	if (missing.length) {
		const what = missing.map(m => `${m} not set`);
		const reason = `error validating data: ${what.length === 1 ? what[0] : `[${what.join(', ')}]`}`;
		throw new ManifestError(doc.source, doc.line, reason, missing[0]);
	}
	const kind = obj.kind as string;
	const apiVersion = obj.apiVersion as string;
	const info = kindInfo(kind);
	if (!info) {
		throw new ManifestError(doc.source, doc.lineOf('kind'), `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`, 'kind');
	}
	if (info.apiVersion !== apiVersion) {
		throw new ManifestError(doc.source, doc.lineOf('apiVersion'), `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`, 'apiVersion');
	}
}

/**
 * Parses a stream of YAML or JSON documents into objects. Empty documents are skipped and
 * `kind: List` is replaced by its items. Throws a ManifestError for bad YAML, a key given
 * twice, a document that is not a mapping, a missing apiVersion or kind, or a kind (or
 * kind + apiVersion) the cluster does not serve.
 */
export function parseManifests(text: string, source = '<stdin>', sink?: ManifestError[]): ManifestDoc[] {
	const counter = new LineCounter();
	const docs = parseAllDocuments(text, {lineCounter: counter, uniqueKeys: false, prettyErrors: false, merge: true, logLevel: 'error'});
	const out: ManifestDoc[] = [];
	const list = Array.isArray(docs) ? docs : [docs];
	// a .json file is JSON: YAML would take a trailing comma that JSON does not
	if (/\.json$/i.test(source)) {
		const problem = jsonProblem(text, counter);
		if (problem) {
			const e = new ManifestError(source, problem.line, `json: ${problem.message}`);
			if (!sink) throw e;
			sink.push(e);
			return out;
		}
	}
	for (const doc of list) {
		try {
			parseDocument(doc, source, counter, out);
		} catch (e) {
			if (!sink || !(e instanceof ManifestError)) throw e;
			sink.push(e);
		}
	}
	return out;
}

/** Where JSON.parse stops on a text, as a line and a message. */
function jsonProblem(text: string, counter: LineCounter): {line: number; message: string} | undefined {
	try {
		JSON.parse(text);
		return undefined;
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		const at = /position (\d+)/.exec(message);
		return {line: at ? counter.linePos(Number(at[1])).line : 1, message: message.replace(/ in JSON at position \d+.*$/, '')};
	}
}

function parseDocument(doc: YamlDocument, source: string, counter: LineCounter, out: ManifestDoc[]): void {
	{
		const err = doc.errors[0];
		if (err) {
			throw new ManifestError(source, counter.linePos(err.pos[0]).line, `yaml: ${err.message.split('\n')[0]}`);
		}
		const contents = doc.contents as YamlNode | null;
		if (contents === null || contents === undefined) return;
		const startLine = counter.linePos(contents.range?.[0] ?? 0).line;
		if (isScalar(contents) && (contents.value === null || contents.value === '')) return;
		const w: Walk = {source, counter, lines: new Map()};
		let value: unknown;
		try {
			value = doc.toJS({maxAliasCount: 1000});
		} catch (e) {
			throw new ManifestError(source, startLine, `yaml: ${e instanceof Error ? e.message : String(e)}`);
		}
		const problem = shapeProblem(value);
		if (problem) throw new ManifestError(source, startLine, `yaml: ${problem}`);
		walk(w, contents, []);
		if (value === null || value === undefined) return;
		if (!isPlainObject(value)) {
			throw new ManifestError(source, startLine, `json: cannot unmarshal ${jsonType(value)} into Go value of type map[string]interface {}`);
		}
		expand(out, source, startLine, w.lines, [], value);
	}
}

function expand(out: ManifestDoc[], source: string, line: number, lines: Map<string, number>, prefix: string[], value: Record<string, unknown>): void {
	if (value.kind === 'List' && (value.apiVersion === 'v1' || value.apiVersion === undefined)) {
		const items = value.items;
		if (items === undefined || items === null) return;
		if (!Array.isArray(items)) {
			const at = lines.get([...prefix, 'items'].join(SEP)) ?? line;
			throw new ManifestError(source, at, `json: cannot unmarshal ${jsonType(items)} into Go struct field List.items of type []runtime.RawExtension`, 'items');
		}
		items.forEach((item, i) => {
			const itemPrefix = [...prefix, 'items', String(i)];
			const at = lines.get(itemPrefix.join(SEP)) ?? line;
			if (!isPlainObject(item)) {
				throw new ManifestError(source, at, `json: cannot unmarshal ${jsonType(item)} into Go value of type map[string]interface {}`, `items[${i}]`);
			}
			expand(out, source, at, lines, itemPrefix, item);
		});
		return;
	}
	const doc = makeDoc(source, out.length, line, lines, prefix, value as unknown as KObject);
	checkObject(doc);
	out.push(doc);
}

function objectKey(obj: KObject): string | undefined {
	const meta = obj.metadata as unknown;
	if (!isPlainObject(meta) || typeof meta.name !== 'string' || meta.name === '') return undefined;
	const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
	return `${obj.kind}${SEP}${ns}${SEP}${meta.name}`;
}

/**
 * Validates every document, throwing a ManifestError for the first invalid one:
 * `<source>:<line>: <field>: <message>`, the line being that of the offending field. Also
 * rejects the same kind/namespace/name given twice.
 */
export function validateDocs(docs: ManifestDoc[], sink?: ManifestError[]): void {
	const seen = new Map<string, ManifestDoc>();
	for (const doc of docs) {
		// the server defaults before it validates (a ReplicationController's selector comes from its
		// template); validation reads the types defaults trust, so an object they choke on is
		// reported from what it says as written
		const defaulted = structuredClone(doc.object);
		let causes: Cause[];
		try {
			applyDefaults(defaulted);
			causes = validate(defaulted);
		} catch {
			causes = validate(structuredClone(doc.object));
		}
		const first = causes[0];
		if (first) {
			const at = (c: Cause) => {
				const field = c.field ?? '';
				return new ManifestError(doc.source, field ? doc.lineOf(field) : doc.line, field ? `${field}: ${c.message}` : c.message, c.field, causes);
			};
			if (!sink) throw at(first);
			for (const c of causes) sink.push(at(c));
			continue;
		}
		const key = objectKey(doc.object);
		if (key === undefined) continue;
		const before = seen.get(key);
		if (before) {
			const meta = doc.object.metadata;
			const name = meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
			const where = before.source === doc.source ? `line ${before.line}` : `${before.source}:${before.line}`;
			const e = new ManifestError(doc.source, doc.line, `${doc.object.kind} ${JSON.stringify(name)} is already defined at ${where}`, 'metadata.name');
			if (!sink) throw e;
			sink.push(e);
			continue;
		}
		seen.set(key, doc);
	}
}

/** Several manifest errors at once: the message has one `<source>:<line>: <reason>` per line. */
export class ManifestErrors extends ManifestError {
	readonly errors: ManifestError[];

	constructor(errors: ManifestError[]) {
		const first = errors[0]!;
		super(first.source, first.line, first.reason, first.field, first.causes);
		this.errors = errors;
		this.message = errors.map(e => e.message).join('\n');
	}
}

/**
 * Every problem of a set of manifest files, each file read whole: the YAML or JSON errors of
 * each document, then every validation failure of every object, and objects given twice in a
 * file. Empty when all of them can be applied.
 */
export function checkManifests(files: Array<{text: string; source?: string}>): ManifestError[] {
	const problems: ManifestError[] = [];
	for (const f of files) validateDocs(parseManifests(f.text, f.source ?? '<stdin>', problems), problems);
	return problems;
}
