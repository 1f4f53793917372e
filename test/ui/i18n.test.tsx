// The dashboard's own texts come from one catalogue: every id the code names is in the English
// one, and a second catalogue changes what a rendered dashboard says without a component knowing
// (what it leaves out reads in English); what Kubernetes prints stays as it prints it.
import {afterEach, describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {KINDS} from '../../source/kinds/index.js';
import {screenBindings} from '../../source/ui/keymap.js';
import {tableScreen, type ScreenState} from '../../source/ui/state.js';
import {en} from '../../source/i18n/en.js';
import {addCatalogue, language, messageIds, setLanguage, t, type Translation} from '../../source/i18n/index.js';
import {KEYS, start, type Harness} from './harness.js';

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(e => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

const screens: ScreenState[] = [
	...KINDS.map(k => tableScreen(k.kind, 'default')),
	{type: 'text', mode: 'describe', kind: 'Pod', name: 'p'},
	{type: 'logs', namespace: 'default', pods: ['p'], previous: false, title: 'pod/p'},
	{type: 'history', namespace: 'default', name: 'web', selected: 0, revisions: []},
	{type: 'containers', namespace: 'default', pod: 'p', selected: 0},
	{type: 'xray', kind: 'Deployment', namespace: 'default', selected: 0},
	{type: 'forwards', selected: 0},
	{type: 'aliases', selected: 0},
	{type: 'help'},
];

/** A tiny catalogue of another language, for these tests only. */
const de: Translation = {
	keys: {table: {describe: 'Beschreiben'}, pod: {logs: 'Protokoll'}},
	confirm: {kill: '{{kind}} {{name}} beenden?', killOption: 'Beenden', cancel: 'Abbrechen'},
	flash: {paused: 'Simulierte Zeit angehalten'},
	screen: {
		table: {marked_one: ' ({{count}} markiert)', marked_other: ' ({{count}} markiert)'},
		pane: {logTail: 'Protokoll von pod/{{name}} (Ende)'},
		crumb: {help: 'hilfe'},
	},
};

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});

describe('the message catalogue', () => {
	const ids = new Set<string>(messageIds());

	it('has every id a key table or a kind names, and the bindings read its English text', () => {
		const named = [...KINDS.flatMap(k => k.view?.actions ?? []).map(a => a.message), ...screens.flatMap(s => screenBindings(s, {readonly: false, sim: true}).map(b => b.message))];
		expect(named.length).toBeGreaterThan(100);
		expect(named.filter(id => !ids.has(id))).toEqual([]);
		const bindings = screenBindings(tableScreen('Pod', 'default'), {readonly: false, sim: true});
		expect(bindings.find(b => b.command === 'describe')?.description).toBe('Describe');
		expect(bindings.find(b => b.command === 'logs')?.description).toBe('Logs');
		expect(bindings.find(b => b.command === 'portForward')?.description).toBe('Port-forward a local port to the pod (listed in :pf)');
	});

	it('has every id the source names', () => {
		const id = /'((?:keys|prompt|confirm|flash|error|screen)\.[A-Za-z0-9_.]+)'/g;
		const used = files('source').filter(f => !f.startsWith(join('source', 'i18n'))).flatMap(f => [...readFileSync(f, 'utf8').matchAll(id)].map(m => m[1]!));
		expect(new Set(used).size).toBeGreaterThan(150);
		expect([...new Set(used)].filter(u => !ids.has(u))).toEqual([]);
	});

	it('gives every counted English message both plural forms', () => {
		const leaves = (node: object, prefix = ''): string[] => Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : leaves(v as object, `${prefix}${k}.`)));
		const all = leaves(en);
		const plural = all.filter(k => /_(one|other)$/.test(k)).map(k => k.replace(/_(one|other)$/, ''));
		expect(plural.length).toBeGreaterThan(4);
		for (const p of plural) expect([all.includes(`${p}_one`), all.includes(`${p}_other`)], p).toEqual([true, true]);
		expect(t('screen.table.marked', {count: 1})).toBe(' (1 marked)');
		expect(t('confirm.deleteMany', {count: 3, plural: 'pods'})).toBe('Delete 3 pods?');
	});

	it('puts values in as they are: nothing escaped, nothing in them read as a message', () => {
		expect(t('screen.table.noMatch', {plural: 'pods', filter: `<b>&"x" {{count}} $t(keys.table.describe)`})).toBe('No pods match "<b>&"x" {{count}} $t(keys.table.describe)".');
		expect(t('error.commandNotFound', {word: 'po<d>'})).toBe('`po<d>` command not found');
	});

	it('switches only to a language it has a catalogue of', () => {
		expect(() => setLanguage('tlh')).toThrow('no catalogue for language "tlh" (there are: en, ja)');
		expect(language()).toBe('en');
	});
});

describe('a second catalogue', () => {
	it('changes what the rendered dashboard says, without a key: hints, panes, flash, questions, help, crumbs', async () => {
		addCatalogue('de', de);
		h = await start();
		let f = h.frame();
		expect(f).toMatch(/<d>\s+Describe/);
		expect(f).toMatch(/<l>\s+Logs/);
		expect(f).toContain('Logs of pod/');

		setLanguage('de');
		await h.settle();
		f = h.frame();
		expect(f).toMatch(/<d>\s+Beschreiben/);
		expect(f).toMatch(/<l>\s+Protokoll/);
		expect(f).toContain('Protokoll von pod/');
		expect(f).not.toContain('Describe');
		expect(f).not.toContain('Logs');
		// Kubernetes' words stay: the columns and the statuses
		expect(f).toMatch(/NAME↑\s+READY\s+STATUS\s+RESTARTS/);
		expect(f).toContain('Running');

		// what the catalogue leaves out reads in English
		f = await h.press(KEYS.ctrlP);
		expect(f).toContain('simulated time running at 1x');
		f = await h.press(KEYS.ctrlP);
		expect(f).toContain('Simulierte Zeit angehalten');

		f = await h.press(' ');
		expect(f).toMatch(/pods\(default\)\[\d+\] \(1 markiert\)/);

		f = await h.press(KEYS.ctrlK);
		const question = /pod ([a-z0-9-]+) beenden\?/.exec(f);
		expect(question).not.toBeNull();
		expect(f).toContain(' Beenden  Abbrechen ');
		await h.press(KEYS.esc);
		expect(h.cluster.find('Pod', 'default', question![1]!)?.metadata.deletionTimestamp).toBeUndefined();

		f = await h.press('?');
		expect(f).toMatch(/<d>\s+Beschreiben/);
		expect(f).toContain('pods > hilfe');

		setLanguage('en');
		await h.settle();
		f = h.frame();
		expect(f).toMatch(/<d>\s+Describe/);
		expect(f).toContain('pods > help');
		expect(f).not.toContain('Beschreiben');
	});
});
