// The Kubernetes types as @kubernetes/client-node ships them (generated from the upstream OpenAPI
// document): each model's fields with their JSON names, types and formats (the `attributeTypeMap`
// of its .js file), and the descriptions and required marks of its .d.ts file. Read from
// node_modules once, on first use, so that nothing pays for it until a schema is needed.
import {closeSync, openSync, readSync, readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

/** One field of a model, as the generated client declares it. */
export interface ModelField {
	/** The JSON name. */
	name: string;
	/** The client's type: `string`, `number`, `boolean`, `Date`, `any`, `IntOrString`, a model name, `Array<T>`, `{ [key: string]: T; }`. */
	type: string;
	/** `int32`, `int64`, `double`, `byte`, `date-time`, `date-time-micro`, `int-or-string` or ''. */
	format: string;
	description: string;
	required: boolean;
}

export interface Model {
	/** The client's class name: `V1DeploymentSpec`, `CoreV1EndpointPort`. */
	name: string;
	description: string;
	fields: ModelField[];
}

let loaded: Map<string, Model> | undefined;

let version: string | undefined;

/** The version of the package the models come from (what the documents built from them depend on). */
export function modelsVersion(): string {
	return (version ??= (JSON.parse(readFileSync(packageJson(), 'utf8')) as {version: string}).version);
}

function packageJson(): string {
	return createRequire(import.meta.url).resolve('@kubernetes/client-node/package.json');
}

/** The directory of the generated models. */
export function modelsDir(): string {
	return join(dirname(packageJson()), 'dist', 'gen', 'models');
}

/** Every model of the client, by class name. */
export function models(): ReadonlyMap<string, Model> {
	if (loaded) return loaded;
	const dir = modelsDir();
	const out = new Map<string, Model>();
	for (const file of readdirSync(dir)) {
		if (!file.endsWith('.d.ts')) continue;
		const name = file.slice(0, -'.d.ts'.length);
		if (name === 'ObjectSerializer' || name === 'all' || name === 'index') continue;
		let js: string;
		try {
			js = readFileSync(join(dir, `${name}.js`), 'utf8');
		} catch {
			continue;
		}
		const model = parseModel(name, js, readFileSync(join(dir, file), 'utf8'));
		if (model) out.set(name, model);
	}
	loaded = out;
	return out;
}

const ATTRIBUTES = /\.attributeTypeMap = (\[[\s\S]*?\]);/;

/** A model from its generated .js (types) and .d.ts (descriptions, required marks); undefined for what is not a model class. */
export function parseModel(name: string, js: string, dts: string): Model | undefined {
	const m = ATTRIBUTES.exec(js);
	if (!m) return undefined;
	const attrs = JSON.parse(m[1]!) as Array<{name: string; baseName: string; type: string; format: string}>;
	const classAt = dts.indexOf(`export declare class ${name} `);
	if (classAt < 0) return undefined;
	const head = dts.slice(0, classAt);
	const body = dts.slice(classAt);
	const docs = new Map<string, {description: string; required: boolean}>();
	const prop = /(?:\/\*\*\n((?:[ \t]*\*(?!\/).*\n)*)[ \t]*\*\/\n)?[ \t]*'([^']+)'(\?)?:/g;
	for (let p = prop.exec(body); p; p = prop.exec(body)) docs.set(p[2]!, {description: p[1] ? docText(p[1]) : '', required: !p[3]});
	const classDoc = /\/\*\*\n((?:[ \t]*\*(?!\/).*\n)*)[ \t]*\*\/\n$/.exec(head);
	return {
		name,
		description: classDoc ? docText(classDoc[1]!) : '',
		fields: attrs.map(a => ({
			name: a.baseName,
			type: a.type,
			format: a.format,
			description: docs.get(a.name)?.description ?? '',
			required: docs.get(a.name)?.required ?? false,
		})),
	};
}

/** The text of a doc comment's lines: stars and escapes gone; a double space (a paragraph break upstream) becomes a blank line. */
function docText(lines: string): string {
	return lines
		.split('\n')
		.map(l => l.replace(/^[ \t]*\* ?/, ''))
		.join('\n')
		.trim()
		.replace(/\\(['"\\])/g, '$1')
		.replace(/([.:)])  +(?=\S)/g, '$1\n\n');
}

/**
 * The models each API group's client uses, by the group's package name (`core`, `apps`, `rbac`),
 * core first: what tells which package a type shared by no prefix belongs to.
 */
export function apiModels(): Array<{pkg: string; models: string[]}> {
	const dir = join(dirname(modelsDir()), 'apis');
	const out: Array<{pkg: string; models: string[]}> = [];
	for (const file of readdirSync(dir).sort()) {
		const m = /^([A-Z][a-z]+)([A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?Api\.d\.ts$/.exec(file);
		if (!m) continue;
		const pkg = m[1] === 'Internal' ? 'apiserverinternal' : m[1]!.toLowerCase();
		const text = head(join(dir, file));
		const used = [...text.matchAll(/from '\.\.\/models\/([A-Za-z0-9]+)\.js'/g)].map(x => x[1]!);
		out.push({pkg, models: used});
	}
	out.sort((a, b) => (a.pkg === 'core' ? -1 : b.pkg === 'core' ? 1 : 0));
	return out;
}

/** The start of a file, where its imports are (an API file is large; its imports come first). */
function head(path: string, bytes = 16 * 1024): string {
	const fd = openSync(path, 'r');
	try {
		const buf = Buffer.alloc(bytes);
		const n = readSync(fd, buf, 0, bytes, 0);
		return buf.subarray(0, n).toString('utf8');
	} finally {
		closeSync(fd);
	}
}
