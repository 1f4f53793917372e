// The dashboard in Japanese: chosen by --lang, the preference or the locale; switched with
// :lang; its own texts translated while what Kubernetes prints stays in English; and every line
// of every frame within the terminal's width when wide characters count two columns.
import {afterEach, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';
import {setLanguage, t} from '../../source/i18n/index.js';
import {chooseLanguage, localeLanguage} from '../../source/i18n/locale.js';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});

function leaves(node: object, prefix = ''): string[] {
	return Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : leaves(v as object, `${prefix}${k}.`)));
}

/** The text of a catalogue at a leaf path. */
function at(node: object, path: string): string {
	return path.split('.').reduce<any>((n, k) => n[k], node);
}

/** Lines wider than the terminal, measured as a terminal draws them. */
function overflowing(frame: string, width: number): string[] {
	return frame.split('\n').filter(line => stringWidth(line) > width);
}

describe('choosing the language', () => {
	it('takes --lang first, then the preference, then LC_ALL, LC_MESSAGES and LANG, then English', () => {
		expect(chooseLanguage({flag: 'ja', preference: 'en', env: {LANG: 'en_US.UTF-8'}})).toBe('ja');
		expect(chooseLanguage({preference: 'ja', env: {LC_ALL: 'en_US.UTF-8'}})).toBe('ja');
		expect(chooseLanguage({preference: '', env: {LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8'}})).toBe('ja');
		expect(chooseLanguage({env: {LC_MESSAGES: 'ja_JP.eucJP', LANG: 'C'}})).toBe('ja');
		expect(chooseLanguage({env: {LANG: 'ja_JP.UTF-8'}})).toBe('ja');
		// the first one set decides, even for a language without a catalogue
		expect(chooseLanguage({env: {LC_ALL: 'fr_FR.UTF-8', LANG: 'ja_JP.UTF-8'}})).toBe('en');
		expect(chooseLanguage({env: {LC_ALL: '', LANG: 'ja_JP.UTF-8'}})).toBe('ja');
		expect(chooseLanguage({env: {LANG: 'C'}})).toBe('en');
		expect(chooseLanguage({env: {}})).toBe('en');
	});

	it('reads a locale by its language part', () => {
		expect(['ja', 'ja_JP', 'ja_JP.UTF-8', 'ja-JP', 'JA', 'ja@x'].map(localeLanguage)).toEqual(['ja', 'ja', 'ja', 'ja', 'ja', 'ja']);
		expect(['en_GB.UTF-8', 'C', 'POSIX', 'jav', '', undefined, 'japanese'].map(localeLanguage)).toEqual(['en', undefined, undefined, undefined, undefined, undefined, undefined]);
	});

	it('refuses a --lang it has no catalogue of, naming those there are', () => {
		expect(() => chooseLanguage({flag: 'fr'})).toThrow('--lang must be one of en, ja, got "fr"');
	});
});

describe('the Japanese catalogue', () => {
	it('translates every message of the English one, with the same values in it', () => {
		const values = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map(m => m[1]).sort();
		const english = leaves(en).map(k => k.replace(/_(one|other)$/, ''));
		const japanese = new Set(leaves(ja).map(k => k.replace(/_(one|other)$/, '')));
		expect([...new Set(english)].filter(k => !japanese.has(k))).toEqual([]);
		for (const k of leaves(ja)) {
			// Japanese has no plural forms: `_other` carries what English splits in two
			const source = at(en, k) as string | undefined;
			expect(values(at(ja, k)), k).toEqual(values(source ?? ''));
		}
	});

	it('counts with one form', () => {
		setLanguage('ja');
		expect(t('confirm.deleteMany', {count: 1, plural: 'pods'})).toBe('1 個の pods を削除しますか?');
		expect(t('confirm.deleteMany', {count: 3, plural: 'pods'})).toBe('3 個の pods を削除しますか?');
	});
});

describe('the dashboard in Japanese', () => {
	it(':lang ja turns its own texts Japanese and keeps Kubernetes words in English; :lang en turns them back', async () => {
		let written: object | undefined;
		h = await start({app: {onPrefs: p => (written = {...written, ...p})}});
		let f = await h.press(':');
		f = await h.type('lang ja');
		f = await h.press(KEYS.enter);
		expect(f).toContain('ここから日本語で表示する (英語に戻すには :lang en)');
		expect(written).toMatchObject({language: 'ja'});
		expect(f).toMatch(/<d>\s+describe/);
		expect(f).toMatch(/<l>\s+ログ/);
		expect(f).toContain('クラスター: ');
		// the table's columns and the pods' statuses are what kubectl prints
		expect(f).toMatch(/NAME↑\s+READY\s+STATUS\s+RESTARTS/);
		expect(f).toContain('Running');

		f = await h.press('?');
		expect(f).toContain('ヘルプ (esc で戻る');
		expect(f).toContain('全体');
		f = await h.press(KEYS.esc);

		await h.press(':');
		await h.type('lang klingon');
		f = await h.press(KEYS.enter);
		expect(f).toContain('lang には言語の指定が要る: :lang en, ja');

		await h.press(':');
		await h.type('lang en');
		f = await h.press(KEYS.enter);
		expect(f).toContain('texts in English from now on (:lang ja for Japanese)');
		expect(f).toMatch(/<l>\s+Logs/);
		expect(written).toMatchObject({language: 'en'});
	});

	it('starts in the preference\'s language', async () => {
		setLanguage('ja');
		h = await start();
		const f = h.frame();
		expect(f).toContain('クラスター: ');
		expect(f).toContain('シミュレーション');
	});

	for (const [width, height] of [[80, 24], [140, 40], [60, 20]] as const) {
		it(`keeps every line within ${width} columns at ${width}x${height}, wide characters counted as two`, async () => {
			setLanguage('ja');
			h = await start({width, height});
			const frames: Array<[string, string]> = [];
			frames.push(['pods', h.frame()]);
			frames.push(['help', await h.press('?')]);
			await h.press(KEYS.esc);
			frames.push(['layout', await h.press(KEYS.tab)]);
			frames.push(['dashboard', await h.press(KEYS.tab)]);
			await h.press(KEYS.tab);
			frames.push(['delete question', await h.press(KEYS.ctrlD)]);
			await h.press(KEYS.esc);
			frames.push(['scale prompt', await h.press(':', ...'deploy'.split(''), KEYS.enter, 's')]);
			await h.press(KEYS.esc);
			frames.push(['sort picker', await h.press('O')]);
			await h.press(KEYS.esc);
			for (const [name, frame] of frames) {
				expect(overflowing(frame, width), name).toEqual([]);
				expect(frame.split('\n').length, name).toBeLessThanOrEqual(height);
			}
			// the header's Japanese hints are there, whole
			expect(frames[0]![1]).toContain('ヘルプ');
		});
	}
});
