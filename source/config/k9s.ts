// k9s's own files, read from kubesim's config folder so that a k9s user's habits come along:
// `skin.yaml` (k9s's skin format: the colours of rows, titles, keys, the cursor) and
// `hotkeys.yaml` (k9s's hotKeys: a key that runs a `:` command). A file that does not parse is
// reported with its name and line, and the defaults stay.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import YAML from 'yaml';
import cssColors from 'color-name';
import type {Theme} from '../ui/theme.js';

export interface Hotkey {
	/** The key as the keymap names it: `ctrl-x`, `X`, `alt-x`, `f5`, `)`. */
	key: string;
	/** As the file spells it (`Shift-0`). */
	shortCut: string;
	description: string;
	/** A `:` command line: `pods`, `deploy kube-system`, `xray deploy`. */
	command: string;
}

export interface K9sFiles {
	skin?: Partial<Theme>;
	hotkeys: Hotkey[];
	/** What was wrong with a file, one line each, naming it. */
	problems: string[];
}

type Tree = Record<string, unknown>;

function at(tree: unknown, ...path: string[]): unknown {
	let v = tree;
	for (const p of path) v = v && typeof v === 'object' ? (v as Tree)[p] : undefined;
	return v;
}

/** A k9s colour (`#ff79c6`, `dodgerblue`, `default`) as Ink takes it, or undefined. */
export function inkColor(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const v = value.trim().toLowerCase();
	if (/^#[0-9a-f]{6}$/.test(v) || /^#[0-9a-f]{3}$/.test(v)) return v;
	const rgb = cssColors[v];
	if (rgb) return `#${rgb.map(c => c.toString(16).padStart(2, '0')).join('')}`;
	return undefined;
}

/** Where a k9s skin's colours go in kubesim's theme. */
const SKIN_PATHS: Array<[keyof Theme, string[][]]> = [
	['ok', [['views', 'table', 'fgColor'], ['body', 'fgColor']]],
	['warn', [['frame', 'status', 'pendingColor'], ['frame', 'status', 'modifyColor']]],
	['bad', [['frame', 'status', 'errorColor']]],
	['muted', [['frame', 'status', 'completedColor'], ['frame', 'status', 'killColor']]],
	['accent', [['body', 'logoColor']]],
	['title', [['frame', 'title', 'fgColor']]],
	['key', [['frame', 'menu', 'keyColor']]],
	['selectedBg', [['views', 'table', 'cursorBgColor'], ['views', 'table', 'cursorColor']]],
	['selectedFg', [['views', 'table', 'cursorFgColor']]],
	['marked', [['views', 'table', 'markColor']]],
	['header', [['views', 'table', 'header', 'fgColor']]],
	['info', [['info', 'fgColor'], ['frame', 'status', 'newColor']]],
];

function yamlProblem(file: string, e: unknown): string {
	const err = e as {linePos?: Array<{line: number; col: number}>; message?: string};
	const pos = err.linePos?.[0];
	return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${String(err.message ?? e).split('\n')[0]}`;
}

/** A skin file's colours for the theme. */
export function parseSkin(text: string, file = 'skin.yaml'): {skin?: Partial<Theme>; problems: string[]} {
	let doc: unknown;
	try {
		doc = YAML.parse(text);
	} catch (e) {
		return {problems: [yamlProblem(file, e)]};
	}
	const root = at(doc, 'k9s');
	if (!root || typeof root !== 'object') return {problems: [`${file}: a skin starts with "k9s:" (k9s's skin format)`]};
	const skin: Partial<Theme> = {name: 'skin'};
	const problems: string[] = [];
	for (const [field, paths] of SKIN_PATHS) {
		for (const path of paths) {
			const raw = at(root, ...path);
			if (raw === undefined || raw === 'default') continue;
			const c = inkColor(raw);
			if (c) {
				(skin as Record<string, string>)[field] = c;
				break;
			}
			problems.push(`${file}: k9s.${path.join('.')}: "${String(raw)}" is not a colour (a #rrggbb value or a colour name)`);
		}
	}
	return {skin, problems};
}

const SHIFTED_DIGITS = ')!@#$%^&*(';

/** A k9s shortCut (`Shift-0`, `Ctrl-T`, `Alt-X`, `F5`, `x`) as the keymap names the key. */
export function hotkeyName(shortCut: string): string | undefined {
	const s = shortCut.trim();
	let m: RegExpExecArray | null;
	if ((m = /^shift-(\d)$/i.exec(s))) return SHIFTED_DIGITS[Number(m[1])];
	if ((m = /^shift-([a-z])$/i.exec(s))) return m[1]!.toUpperCase();
	if ((m = /^ctrl-([a-z])$/i.exec(s))) return `ctrl-${m[1]!.toLowerCase()}`;
	if ((m = /^alt-([a-z0-9])$/i.exec(s))) return `alt-${m[1]!.toLowerCase()}`;
	if ((m = /^f([1-9]|1[0-2])$/i.exec(s))) return `f${m[1]}`;
	if ([...s].length === 1 && s !== ' ') return s;
	return undefined;
}

/** A hotkeys file's keys. */
export function parseHotkeys(text: string, file = 'hotkeys.yaml'): {hotkeys: Hotkey[]; problems: string[]} {
	let doc: unknown;
	try {
		doc = YAML.parse(text);
	} catch (e) {
		return {hotkeys: [], problems: [yamlProblem(file, e)]};
	}
	const keys = at(doc, 'hotKeys') ?? at(doc, 'hotkeys');
	if (!keys || typeof keys !== 'object') return {hotkeys: [], problems: [`${file}: hotkeys go under "hotKeys:" (k9s's hotkeys format)`]};
	const hotkeys: Hotkey[] = [];
	const problems: string[] = [];
	for (const [name, entry] of Object.entries(keys as Tree)) {
		const shortCut = at(entry, 'shortCut');
		const command = at(entry, 'command');
		const key = typeof shortCut === 'string' ? hotkeyName(shortCut) : undefined;
		if (!key) {
			problems.push(`${file}: hotKeys.${name}.shortCut: "${String(shortCut)}" is not a key kubesim can read (Shift-0, Ctrl-T, Alt-X, F5 or one character)`);
			continue;
		}
		if (typeof command !== 'string' || !command.trim()) {
			problems.push(`${file}: hotKeys.${name}.command: a command is needed (pods, deploy kube-system, ...)`);
			continue;
		}
		const description = at(entry, 'description');
		hotkeys.push({key, shortCut: String(shortCut), description: typeof description === 'string' ? description : command, command: command.trim().replace(/^:/, '')});
	}
	return {hotkeys, problems};
}

/** Reads skin.yaml (or skin.yml) and hotkeys.yaml from the config folder, when they are there. */
export function loadK9sFiles(dir: string): K9sFiles {
	const out: K9sFiles = {hotkeys: [], problems: []};
	const read = (names: string[]): {file: string; text: string} | undefined => {
		for (const n of names) {
			const file = join(dir, n);
			if (!existsSync(file)) continue;
			try {
				return {file, text: readFileSync(file, 'utf8')};
			} catch (e) {
				out.problems.push(`${file}: ${(e as Error).message}`);
			}
		}
		return undefined;
	};
	const skin = read(['skin.yaml', 'skin.yml']);
	if (skin) {
		const r = parseSkin(skin.text, skin.file);
		out.skin = r.skin;
		out.problems.push(...r.problems);
	}
	const hot = read(['hotkeys.yaml', 'hotkeys.yml']);
	if (hot) {
		const r = parseHotkeys(hot.text, hot.file);
		out.hotkeys = r.hotkeys;
		out.problems.push(...r.problems);
	}
	return out;
}
