// User preferences in a JSON file ($XDG_CONFIG_HOME/kubesim-nodejs/config.json on Linux,
// ~/Library/Preferences/kubesim-nodejs on macOS, %APPDATA%\kubesim-nodejs\Config on Windows):
// last view and namespace, favourite namespaces, frame rate, log buffer size, theme, read-only,
// speed, language and the lessons' progress.
// Kept by conf, which finds the folder and writes the file whole (a crash mid-write leaves the old
// one); the rules below check each value.
import Conf from 'conf';
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
	/** Lessons begun: `id=steps done`. */
	lessons: string[];
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
	lessons: [],
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
	lessons: {type: 'array', items: {type: 'string'}, maxItems: 200},
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

/** The preferences as stored: none when a value breaks its rule; keys it does not know are left out. */
function checked(data: unknown): Partial<Preferences> {
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

/**
 * Opens the preference file; `cwd` puts it elsewhere (tests). A file that is not JSON, or has a
 * value out of its rule, reads as the defaults, and the next write starts it again.
 */
export function openPreferences(cwd?: string): PreferenceStore {
	let conf: Conf<Record<string, unknown>> | undefined;
	try {
		// no schema for conf: compiling one costs more than the dashboard's whole first frame; the
		// rules above check what is read and written instead
		conf = new Conf<Record<string, unknown>>({projectName: 'kubesim', cwd, configName: 'config', clearInvalidConfig: true});
	} catch {
		conf = undefined;
	}
	const path = conf?.path ?? join(cwd ?? '.', 'config.json');
	let stored = checked(conf?.store);
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
				if (!conf) throw new Error('no preference file');
				// the whole file at once, written to a temporary file and renamed over the old one
				conf.store = next;
				stored = next;
				memory = Object.fromEntries(Object.entries(memory).filter(([k]) => !(k in accepted)));
			} catch {
				memory = {...memory, ...accepted};
			}
		},
	};
}
