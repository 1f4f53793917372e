import {afterEach, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hotkeyName, inkColor, loadK9sFiles, parseHotkeys, parseSkin} from '../../source/config/k9s.js';
import {KEYS, start, type Harness} from '../ui/harness.js';

const SKIN = `k9s:
  body:
    fgColor: "#f8f8f2"
    logoColor: "#bd93f9"
  info:
    fgColor: "#ff79c6"
  frame:
    menu:
      keyColor: "#ff79c6"
    status:
      newColor: "#8be9fd"
      modifyColor: "#bd93f9"
      errorColor: "#ff5555"
      completedColor: "#6272a4"
    title:
      fgColor: dodgerblue
  views:
    table:
      fgColor: default
      cursorFgColor: "#282a36"
      cursorBgColor: "#44475a"
      markColor: "#ffb86c"
      header:
        fgColor: "#f8f8f2"
`;

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

describe("k9s's skin and hotkeys files", () => {
	it('a skin maps onto the theme: rows, status colours, titles, keys, cursor; names become hex', () => {
		const {skin, problems} = parseSkin(SKIN);
		expect(problems).toEqual([]);
		expect(skin).toEqual({
			name: 'skin',
			ok: '#f8f8f2',
			warn: '#bd93f9',
			bad: '#ff5555',
			muted: '#6272a4',
			accent: '#bd93f9',
			title: '#1e90ff',
			key: '#ff79c6',
			selectedBg: '#44475a',
			selectedFg: '#282a36',
			marked: '#ffb86c',
			header: '#f8f8f2',
			info: '#ff79c6',
		});
		expect(inkColor('DodgerBlue')).toBe('#1e90ff');
		expect(inkColor('nope')).toBeUndefined();
	});

	it('names the file and line of what does not parse, and what is not a colour', () => {
		expect(parseSkin('k9s:\n  body: [\n', '/x/skin.yaml').problems[0]).toMatch(/^\/x\/skin\.yaml:3:1: /);
		expect(parseSkin('k9s:\n  frame:\n    status:\n      errorColor: blurple\n').problems).toEqual(['skin.yaml: k9s.frame.status.errorColor: "blurple" is not a colour (a #rrggbb value or a colour name)']);
		expect(parseSkin('body: {}\n').problems).toEqual(['skin.yaml: a skin starts with "k9s:" (k9s\'s skin format)']);
	});

	it("hotkeys read k9s's shortCuts and commands", () => {
		const {hotkeys, problems} = parseHotkeys(`hotKeys:
  shift-0:
    shortCut: Shift-0
    description: Viewing pods
    command: pods
  deploys:
    shortCut: Ctrl-T
    command: ":deploy kube-system"
  bad:
    shortCut: Hyper-Q
    command: pods
`);
		expect(hotkeys).toEqual([
			{key: ')', shortCut: 'Shift-0', description: 'Viewing pods', command: 'pods'},
			{key: 'ctrl-t', shortCut: 'Ctrl-T', description: ':deploy kube-system', command: 'deploy kube-system'},
		]);
		expect(problems).toEqual(['hotkeys.yaml: hotKeys.bad.shortCut: "Hyper-Q" is not a key kubesim can read (Shift-0, Ctrl-T, Alt-X, F5 or one character)']);
		expect(['Shift-A', 'Alt-x', 'F12', 'x'].map(hotkeyName)).toEqual(['A', 'alt-x', 'f12', 'x']);
	});

	it('any text in either file gives problems or values, never a throw', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.constantFrom(SKIN, 'k9s: 3', 'hotKeys: [1]', 'hotKeys:\n  a: {shortCut: 7, command: {}}')), text => {
				parseSkin(text);
				parseHotkeys(text);
			}),
			{numRuns: 1000, seed: 9},
		);
	});

	it('loads both from the config folder, and a hotkey runs its command in the dashboard', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-k9s-'));
		try {
			writeFileSync(join(dir, 'skin.yaml'), SKIN);
			writeFileSync(join(dir, 'hotkeys.yaml'), 'hotKeys:\n  shift-1:\n    shortCut: Shift-1\n    command: deploy\n  x:\n    shortCut: Ctrl-Y\n');
			const files = loadK9sFiles(dir);
			expect(files.skin?.bad).toBe('#ff5555');
			expect(files.hotkeys.map(k => k.key)).toEqual(['!']);
			expect(files.problems).toEqual([`${join(dir, 'hotkeys.yaml')}: hotKeys.x.command: a command is needed (pods, deploy kube-system, ...)`]);
			h = await start({app: {skin: files.skin, hotkeys: files.hotkeys, notice: files.problems[0]}});
			expect(h.frame()).toContain('hotKeys.x.command: a command is needed');
			const f = await h.press('!');
			expect(f).toMatch(/deployments\(default\)\[3\]/);
			await h.press(KEYS.esc);
			// help lists the hotkeys after the view's own keys
			const help = await h.press('?');
			expect(help).toContain('HOTKEYS');
			expect(help).toMatch(/<shift-1>\s+deploy/);
			await h.press(KEYS.esc);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
