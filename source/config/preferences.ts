// User preferences in a JSON file ($XDG_CONFIG_HOME/kubesim-nodejs/config.json on Linux,
// ~/Library/Preferences/kubesim-nodejs on macOS, %APPDATA%\kubesim-nodejs\Config on Windows):
// last view and namespace, favourite namespaces, frame rate, log buffer size, theme, read-only,
// speed and language.
// Read and written with node:fs alone, since the dashboard reads them before its first frame.
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';

export interface Preferences {
	lastView: string;
	namespace: string;
	favorites: string[];
	fps: number;
	logBuffer: number;
	theme: string;
	readonly: boolean;
	speed: number;
	/** The dashboard's language (`en`, `ja`); empty: from LC_ALL, LC_MESSAGES or LANG. */
	language: string;
}

export const DEFAULT_PREFERENCES: Preferences = {
	lastView: 'pods',
	namespace: 'default',
	favorites: ['default', 'kube-system', 'batch'],
	fps: 30,
	logBuffer: 5000,
	theme: 'dark',
	readonly: false,
	speed: 1,
	language: '',
};

interface Rule {
	type: 'string' | 'number' | 'boolean' | 'array';
	items?: Rule;
	maxItems?: number;
	minimum?: number;
	maximum?: number;
	enum?: readonly string[];
}

const schema: Record<keyof Preferences, Rule> = {
	lastView: {type: 'string'},
	namespace: {type: 'string'},
	favorites: {type: 'array', items: {type: 'string'}, maxItems: 9},
	fps: {type: 'number', minimum: 1, maximum: 60},
	logBuffer: {type: 'number', minimum: 100, maximum: 200000},
	theme: {type: 'string', enum: ['dark', 'light']},
	readonly: {type: 'boolean'},
	speed: {type: 'number', minimum: 0.1, maximum: 1000},
	language: {type: 'string', enum: ['', 'en', 'ja']},
};

function valid(rule: Rule, v: unknown): boolean {
	switch (rule.type) {
		case 'string':
			return typeof v === 'string' && (!rule.enum || rule.enum.includes(v));
		case 'number':
			return typeof v === 'number' && Number.isFinite(v) && v >= (rule.minimum ?? -Infinity) && v <= (rule.maximum ?? Infinity);
		case 'boolean':
			return typeof v === 'boolean';
		case 'array':
			return Array.isArray(v) && v.length <= (rule.maxItems ?? Infinity) && (!rule.items || v.every(x => valid(rule.items!, x)));
	}
}

/** The folder of the preference file, where the `conf` package puts a project's configuration. */
function configDir(): string {
	const name = 'kubesim-nodejs';
	if (process.platform === 'darwin') return join(homedir(), 'Library', 'Preferences', name);
	if (process.platform === 'win32') return join(process.env.APPDATA || join(homedir(), 'AppData', 'Roaming'), name, 'Config');
	return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), name);
}

/** The preferences in the file: none when it is missing, unreadable, not JSON, or breaks a rule. */
function load(path: string): Partial<Preferences> {
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return {};
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(data)) {
		const rule = (schema as Record<string, Rule | undefined>)[k];
		if (!rule) continue;
		if (!valid(rule, v)) return {};
		out[k] = v;
	}
	return out as Partial<Preferences>;
}

export interface PreferenceStore {
	read(): Preferences;
	write(p: Partial<Preferences>): void;
	path: string;
	/** The folder of the preference file, where k9s's skin.yaml and hotkeys.yaml are read from. */
	dir?: string;
}

/** Writes a whole new file and renames it over the old one, so that a crash mid-write leaves the old one whole. */
function save(dir: string, path: string, data: object): void {
	mkdirSync(dir, {recursive: true});
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, `${JSON.stringify(data, undefined, '\t')}\n`);
	renameSync(tmp, path);
}

/** Opens the preference file; `cwd` puts it elsewhere (tests). A broken file falls back to defaults. */
export function openPreferences(cwd?: string): PreferenceStore {
	const dir = cwd ?? configDir();
	const path = join(dir, 'config.json');
	let stored = load(path);
	// values the file could not take (out of range, read-only disk) still apply to this run
	let memory: Partial<Preferences> = {};
	return {
		path,
		dir: dirname(path),
		read: () => ({...DEFAULT_PREFERENCES, ...stored, ...memory}),
		write: p => {
			const accepted: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(p)) {
				const rule = (schema as Record<string, Rule | undefined>)[k];
				if (rule && valid(rule, v)) accepted[k] = v;
				else memory = {...memory, [k]: v};
			}
			const next = {...stored, ...accepted};
			try {
				save(dir, path, next);
				stored = next;
				memory = Object.fromEntries(Object.entries(memory).filter(([k]) => !(k in accepted)));
			} catch {
				memory = {...memory, ...accepted};
			}
		},
	};
}
