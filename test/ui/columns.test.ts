// Table columns on a narrow terminal: whole columns go by rank before any cell is cut, the name
// is cut last, and widths are terminal columns (a CJK character takes two); the header's hints
// that fit.
import {describe, expect, it} from 'vitest';
import {fitColumns} from '../../source/ui/components/columns.js';
import {formatLine} from '../../source/ui/components/Table.js';
import {headers} from '../../source/ui/rows.js';
import {kindInfo} from '../../source/kinds/index.js';
import {cut, fit, sliceWidth, textWidth} from '../../source/ui/text.js';
import {hintLabel, layoutHints} from '../../source/ui/components/Header.js';
import type {Binding} from '../../source/ui/keymap.js';

describe('text in terminal columns', () => {
	it('measures and cuts wide characters by the columns they take', () => {
		expect(textWidth('日本語')).toBe(6);
		expect(textWidth('web-1')).toBe(5);
		expect(sliceWidth('日本語', 3)).toBe('日');
		expect(cut('日本語', 6)).toBe('日本語');
		expect(cut('日本語', 5)).toBe('日本…');
		expect(cut('日本語', 4)).toBe('日…');
		expect(fit('日本語', 4)).toBe('日… ');
		expect(cut('Running', 4)).toBe('Run…');
		expect(cut('Running', 1)).toBe('R');
	});
});

describe('fitColumns', () => {
	const row = [['nnnnnnnnnn', 'aaaa', 'bbbb', 'cccc']];

	it('shows every column whole when they fit', () => {
		expect(fitColumns(['NAME', 'READY', 'STATUS'], [['api-1', '1/1', 'Running']], 30)).toEqual({shown: [0, 1, 2], widths: [5, 5, 7]});
	});

	it('drops the lowest ranked columns first, the rightmost of equals first', () => {
		const keep = ['name' as const, 2, 1, 1];
		// 10 + 4 + 4 + 4 and three gaps of 2: 28
		expect(fitColumns(['NAME', 'A', 'B', 'C'], row, 28, keep).shown).toEqual([0, 1, 2, 3]);
		expect(fitColumns(['NAME', 'A', 'B', 'C'], row, 22, keep)).toEqual({shown: [0, 1, 2], widths: [10, 4, 4]});
		expect(fitColumns(['NAME', 'A', 'B', 'C'], row, 21, keep)).toEqual({shown: [0, 1], widths: [10, 4]});
		// without ranks the first column is the name and the others go from the right
		expect(fitColumns(['NAME', 'A', 'B', 'C'], row, 21).shown).toEqual([0, 1]);
	});

	it('cuts an `always` column instead of dropping it, before the name', () => {
		const cells = [['web-1', 'CrashLoopBackOff', '5m']];
		const keep = ['name' as const, 'always' as const, 1];
		// STATUS counts as 12 columns: everything stays, STATUS is cut to 12
		expect(fitColumns(['NAME', 'STATUS', 'AGE'], cells, 24, keep)).toEqual({shown: [0, 1, 2], widths: [5, 12, 3]});
		// AGE goes; STATUS takes what is left
		expect(fitColumns(['NAME', 'STATUS', 'AGE'], cells, 20, keep)).toEqual({shown: [0, 1], widths: [5, 13]});
	});

	it('cuts the name only when nothing else can give way', () => {
		expect(fitColumns(['NAME', 'READY'], [['a-very-long-pod-name', '1/1']], 15, ['name', 'always'])).toEqual({shown: [0, 1], widths: [8, 5]});
	});

	it('lays out a row of wide characters in its columns', () => {
		const cells = ['a', '日本語のメッセージ'];
		const f = fitColumns(['NAME', 'MESSAGE'], [cells], 10, ['name', 'always']);
		expect(f).toEqual({shown: [0, 1], widths: [4, 4]});
		expect(formatLine(cells, f, 10)).toBe('a     日… ');
		expect(textWidth(formatLine(cells, f, 10))).toBe(10);
	});
});

describe('a kind\'s columns on a narrow terminal', () => {
	it('pods keep NAME, READY and STATUS; IP goes first, then AGE, NODE and RESTARTS', () => {
		const {names, keep} = headers(kindInfo('Pod')!, false, false);
		expect(names).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'IP', 'NODE', 'AGE']);
		expect(keep).toEqual(['name', 'always', 'always', 2, 0, 1, 1]);
		const cells = [['redis-6bd954dc8-pq2cn', '1/1', 'Running', '0', '10.244.2.4', 'kubesim-worker2', '90s']];
		const shown = (width: number) => fitColumns(names, cells, width, keep).shown.map(i => names[i]);
		expect(shown(78)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'NODE', 'AGE']);
		expect(shown(64)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'NODE']);
		expect(shown(63)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS']);
		expect(shown(38)).toEqual(['NAME', 'READY', 'STATUS']);
	});

	it('NAMESPACE goes after every other column but before the name is cut', () => {
		const {names, keep} = headers(kindInfo('Pod')!, true, false);
		const cells = [['kube-system', 'kube-proxy-v8rbb', '1/1', 'Running', '0', '10.244.0.2', 'kubesim-control-plane', '90s']];
		const shown = (width: number) => fitColumns(names, cells, width, keep).shown.map(i => names[i]);
		expect(shown(50)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS']);
		expect(shown(40)).toEqual(['NAME', 'READY', 'STATUS']);
	});
});

describe('header hints', () => {
	const b = (key: string, description: string, scope: Binding['scope'], more: Partial<Binding> = {}): Binding => ({key, command: key, message: 'keys.table.describe', description, scope, hint: true, ...more});
	const hints = [b(':', 'Command prompt (:pods)', 'global', {label: 'Command'}), b('?', 'Help for this view', 'global', {command: 'help', label: 'Help'}), b('d', 'Describe', 'table'), b('l', 'Logs', 'kind'), b('ctrl-p', 'Pause / resume simulated time', 'global')];

	it('a hint is its label, or its description without details, ended at a word when long', () => {
		expect(hints.map(hintLabel)).toEqual(['Command', 'Help', 'Describe', 'Logs', 'Pause / resume…']);
		expect(hintLabel(b('tab', 'Cycle layout: one pane, two panes, dashboard', 'global'))).toBe('Cycle layout');
		expect(hintLabel(b('ctrl-w', 'Toggle wide columns', 'table'))).toBe('wide columns');
		// a cut text ends on a word that says something
		expect(hintLabel(b('x', 'Fail / recover the node (simulator)', 'kind'))).toBe('Fail / recover…');
		expect(hintLabel(b('s', 'Shell into a container', 'kind'))).toBe('Shell…');
	});

	it('takes help, then the view\'s keys, then the table\'s, then the global ones, as many as fit', () => {
		const keys = (width: number) => layoutHints(hints, width).map(c => c.keys);
		// one column of five: <ctrl-p> and a space, then `Pause / resume…`
		expect(layoutHints(hints, 24)).toEqual([{keys: ['<:>', '<?>', '<d>', '<l>', '<ctrl-p>'], labels: ['Command', 'Help', 'Describe', 'Logs', 'Pause / resume…'], keyWidth: 9, width: 24}]);
		expect(keys(23)).toEqual([['<:>', '<?>', '<d>', '<l>']]);
		expect(keys(12)).toEqual([['<:>', '<?>', '<d>', '<l>']]);
		// `Describe` is too long now: help and the pod's own key
		expect(keys(11)).toEqual([['<?>', '<l>']]);
		expect(keys(7)).toEqual([]);
	});
});
