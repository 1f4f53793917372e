import {describe, expect, it} from 'vitest';
import {cutSpans, layoutText, overlay, textWidth, windowSpans, wrapLine} from '../../source/ui/views/textLayout.js';
import {wrappedRows} from '../../source/ui/panes/SidePane.js';

/** The characters of a line between two columns. */
function sliceColumns(line: string, from: number, to: number): string {
	let col = 0;
	let out = '';
	for (const c of line) {
		const w = textWidth(c);
		if (col >= from && col + w <= to) out += c;
		col += w;
	}
	return out;
}

const text = (spans: Array<{text: string}>) => spans.map(s => s.text).join('');

describe('text in terminal columns', () => {
	it('wraps after the last space that fits in the row\'s second half, else at the edge', () => {
		expect(wrapLine('aaa bbb ccc', 8)).toEqual([
			[0, 8],
			[8, 11],
		]);
		// the only space is early in the row: the row is filled instead
		expect(wrapLine('a bcdefghij', 8)).toEqual([
			[0, 8],
			[8, 11],
		]);
		expect(wrapLine('abcde fghij', 8)).toEqual([
			[0, 6],
			[6, 11],
		]);
		expect(wrapLine('abcdefghij', 4)).toEqual([
			[0, 4],
			[4, 8],
			[8, 10],
		]);
		expect(wrapLine('', 5)).toEqual([[0, 0]]);
		expect(wrapLine('fits', 4)).toEqual([[0, 4]]);
	});

	it('breaks Japanese between its characters, never before 。 or 、, and keeps a Latin word whole', () => {
		const rows = (t: string, w: number) => wrapLine(t, w).map(([a, b]) => sliceColumns(t, a, b));
		// closing punctuation takes the character before it to the next row
		expect(rows('ああああ。いい', 5)).toEqual(['ああ', 'あ', 'あ。', 'いい']);
		// the English word moves to the next row whole, the Japanese before it fills its row
		expect(rows('再起動したら esc で戻る', 14)).toEqual(['再起動したら ', 'esc で戻る']);
		expect(rows('取得できない。kubelet は間隔を延ばす', 16)).toEqual(['取得できない。', 'kubelet は間隔を', '延ばす']);
		// nor before a closing bracket after Japanese
		expect(rows('状態、イベント)、そして', 14)).toEqual(['状態、イベン', 'ト)、そして']);
		// a space at the edge ends its row: the next does not start with it
		expect(rows('Pod の上で w を押す', 10)).toEqual(['Pod の上で', 'w を押す']);
		expect(rows('Pod の上で w を押す', 9)).toEqual(['Pod の上', 'で w を押', 'す']);
		for (const [t, w] of [['コンテナ nginx のイメージ nginx:1.277 を取得できないので、コンテナが起動しない。', 30], ['設定し直す (Deployment で i)。直したら、もう一度。', 12]] as const) {
			const r = rows(t, w);
			expect(r.join('')).toBe(t);
			for (const row of r.slice(1)) expect('、。'.includes(row[0]!), row).toBe(false);
			for (const row of r) expect(textWidth(row)).toBeLessThanOrEqual(w);
		}
	});

	it('counts a wide character as two columns and never splits it', () => {
		expect(textWidth('日本語')).toBe(6);
		// 5 columns hold two wide characters: the third starts the next row
		expect(wrapLine('日本語', 5)).toEqual([
			[0, 4],
			[4, 6],
		]);
		// a row narrower than a wide character still takes one
		expect(wrapLine('日本', 1)).toEqual([
			[0, 2],
			[2, 4],
		]);
		expect(text(cutSpans([{text: 'a日本語'}], 1, 5))).toBe('日本');
		// cut through the middle of 日 and of 語: blanks for the halves inside
		expect(text(cutSpans([{text: 'a日本語'}], 2, 6))).toBe(' 本 ');
		expect(text(cutSpans([{text: '👍🏽 ok'}], 0, 2))).toBe('👍🏽');
	});

	it('lays a text out in rows, each line starting a row', () => {
		const layout = layoutText(['one two three', '', 'four'], 8, true);
		expect(layout.rows).toEqual([
			{line: 0, start: 0, end: 8},
			{line: 0, start: 8, end: 13},
			{line: 1, start: 0, end: 0},
			{line: 2, start: 0, end: 4},
		]);
		expect(layout.first).toEqual([0, 2, 3]);
		expect(layout.widest).toBe(13);
		expect(layoutText(['one two three', '', 'four'], 8, false).rows.length).toBe(3);
	});

	it('a window on a line marks where it goes on, left and right', () => {
		const line = [{text: 'abcdefghijklmnop'}];
		expect(text(windowSpans(line, 16, 0, 6))).toBe('abcde»');
		expect(text(windowSpans(line, 16, 5, 6))).toBe('«ghij»');
		expect(text(windowSpans(line, 16, 10, 6))).toBe('«lmnop');
		expect(text(windowSpans(line, 16, 0, 16))).toBe('abcdefghijklmnop');
		expect(text(windowSpans([{text: ''}], 0, 5, 6))).toBe('');
	});

	it('restyles the ranges given, across spans', () => {
		const spans = overlay([{text: 'key', color: 'blue'}, {text: ': value'}], [[2, 6]], {inverse: true});
		expect(spans).toEqual([{text: 'ke', color: 'blue'}, {text: 'y', color: 'blue', inverse: true}, {text: ': v', inverse: true}, {text: 'alue'}]);
	});

	it('a pane\'s wrapped text that does not fit ends its last row with …', () => {
		expect(wrappedRows('aaa bbb ccc ddd', 8, 3)).toEqual(['aaa bbb ', 'ccc ddd']);
		expect(wrappedRows('aaa bbb ccc ddd', 8, 1)).toEqual(['aaa bbb…']);
		expect(wrappedRows('日本語日本語', 5, 1)).toEqual(['日本…']);
	});
});
