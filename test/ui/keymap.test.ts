// The key tables: on every screen a key shown is a key that works, read-only hides what
// mutates, and the dashboard's code compares no kind names (the kinds' views say it all).
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {KINDS} from '../../source/kinds/index.js';
import {keyNames, resolveKey, screenBindings} from '../../source/ui/keymap.js';
import {parseCommand} from '../../source/ui/commands.js';
import {tableScreen, type ScreenState} from '../../source/ui/state.js';

const screens: ScreenState[] = [
	...KINDS.map(k => tableScreen(k.kind, 'default')),
	{type: 'text', mode: 'describe', kind: 'Pod', name: 'p'},
	{type: 'logs', namespace: 'default', pods: ['p'], previous: false, title: 'pod/p'},
	{type: 'history', namespace: 'default', name: 'web', selected: 0, revisions: []},
	{type: 'containers', namespace: 'default', pod: 'p', selected: 0},
	{type: 'aliases', selected: 0},
	{type: 'xray', kind: 'Deployment', namespace: 'default', selected: 0},
	{type: 'forwards', selected: 0},
	{type: 'help'},
];

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(e => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('key tables', () => {
	it('resolve every key a screen shows to the binding shown (a global key to the screen\'s own, as `/` in logs)', () => {
		for (const s of screens) {
			const bindings = screenBindings(s, {readonly: false, sim: true});
			for (const b of bindings)
				for (const name of keyNames(b.key)) {
					const found = resolveKey(name, bindings)!;
					const what = `${s.type} ${'kind' in s ? s.kind : ''} ${name}`;
					if (found !== b) expect([b.scope, found.scope], what).toEqual(['global', s.type]);
				}
		}
	});

	it('hide mutating keys when read-only and simulator keys without a simulator', () => {
		for (const s of screens) {
			expect(screenBindings(s, {readonly: true, sim: true}).some(b => b.mutates)).toBe(false);
			expect(screenBindings(s, {readonly: false, sim: false}).some(b => b.sim)).toBe(false);
		}
	});

	it('open kinds by the k9s spellings their views add (dp, eps)', () => {
		expect(parseCommand('dp', KINDS)).toMatchObject({type: 'view', kind: 'Deployment'});
		expect(parseCommand('eps', KINDS)).toMatchObject({type: 'view', kind: 'EndpointSlice'});
	});

	it('open the aliases screen by :aliases and :alias', () => {
		expect(parseCommand('aliases', KINDS)).toEqual({type: 'aliases'});
		expect(parseCommand('Alias', KINDS)).toEqual({type: 'aliases'});
	});

	it('spell keys as they are pressed', () => {
		expect(keyNames('j / down')).toEqual(['j', 'down']);
		expect(keyNames('shift-n')).toEqual(['shift-n', 'N']);
		expect(keyNames('1-9')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
	});
});

describe('the registry is the only place that knows kinds', () => {
	const KIND = /(===|!==)\s*['"](Pod|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob|Service|Endpoints|EndpointSlice|ConfigMap|Secret|Namespace|Node|Event|HorizontalPodAutoscaler|Ingress|PersistentVolumeClaim|ServiceAccount|PodDisruptionBudget|Lease)['"]|case\s+['"](Pod|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob|Service|Namespace|Node|Event|HorizontalPodAutoscaler)['"]\s*:/;

	it('no dashboard code compares kind names', () => {
		const hits = files('source/ui').flatMap(f => readFileSync(f, 'utf8').split('\n').map((l, i) => `${f}:${i + 1}: ${l.trim()}`).filter(l => KIND.test(l)));
		expect(hits).toEqual([]);
	});

	it('kind modules import nothing from the dashboard', () => {
		const hits = files('source/kinds').filter(f => /from '(\.\.\/)+ui\//.test(readFileSync(f, 'utf8')));
		expect(hits).toEqual([]);
	});
});
