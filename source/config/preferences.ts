// User preferences, kept with `conf` (in $XDG_CONFIG_HOME/kubesim-nodejs/config.json on Linux):
// last view and namespace, favourite namespaces, frame rate, log buffer size, theme, read-only.
import Conf from 'conf';
import {dirname} from 'node:path';

export interface Preferences {
	lastView: string;
	namespace: string;
	favorites: string[];
	fps: number;
	logBuffer: number;
	theme: string;
	readonly: boolean;
	speed: number;
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
};

const schema = {
	lastView: {type: 'string'},
	namespace: {type: 'string'},
	favorites: {type: 'array', items: {type: 'string'}, maxItems: 9},
	fps: {type: 'number', minimum: 1, maximum: 60},
	logBuffer: {type: 'number', minimum: 100, maximum: 200000},
	theme: {type: 'string', enum: ['dark', 'light']},
	readonly: {type: 'boolean'},
	speed: {type: 'number', minimum: 0.1, maximum: 1000},
} as const;

export interface PreferenceStore {
	read(): Preferences;
	write(p: Partial<Preferences>): void;
	path: string;
	/** The folder of the preference file, where k9s's skin.yaml and hotkeys.yaml are read from. */
	dir?: string;
}

/** Opens the preference file; `cwd` puts it elsewhere (tests). A broken file falls back to defaults. */
export function openPreferences(cwd?: string): PreferenceStore {
	let conf: Conf<Preferences> | undefined;
	try {
		conf = new Conf<Preferences>({projectName: 'kubesim', schema: schema as any, defaults: DEFAULT_PREFERENCES, ...(cwd ? {cwd} : {}), clearInvalidConfig: true});
	} catch {
		conf = undefined;
	}
	// values the file could not take (out of range, read-only disk) still apply to this run
	let memory: Partial<Preferences> = {};
	return {
		path: conf?.path ?? '(in memory)',
		dir: conf ? dirname(conf.path) : undefined,
		read: () => ({...DEFAULT_PREFERENCES, ...(conf ? conf.store : {}), ...memory}),
		write: p => {
			for (const [k, v] of Object.entries(p)) {
				try {
					if (!conf) throw new Error('no preference file');
					conf.set(k as keyof Preferences, v as never);
					delete (memory as Record<string, unknown>)[k];
				} catch {
					memory = {...memory, [k]: v};
				}
			}
		},
	};
}
