// The layout at 140x40 and at 80x24 (what the README promises), and across a resize between
// them: every line of a frame fits the terminal, every table row is one line with its cells, a
// narrow table drops whole columns rather than cutting names, and every pane keeps to its box.
import {afterEach, describe, expect, it} from 'vitest';
import {podStatus} from '../../source/kinds/pod/index.js';
import {textWidth} from '../../source/ui/text.js';
import {helpEntries, helpLayout} from '../../source/ui/views/HelpView.js';
import type {Binding} from '../../source/ui/keymap.js';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const lines = (frame: string) => frame.split('\n');

/** Every line at most `width` columns, and no more lines than the terminal has (the last is the cursor's). */
function fits(frame: string, width: number, height: number) {
	const wide = lines(frame).filter(l => textWidth(l) > width);
	expect(wide).toEqual([]);
	expect(lines(frame).length).toBeLessThanOrEqual(height - 1);
}

function pods(h: Harness) {
	return h.cluster
		.list('Pod', {namespace: 'default'})
		.map(p => ({name: p.metadata.name, node: p.spec.nodeName ?? '', status: podStatus(p)}))
		.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The lines whose left `half` has the pod's name: exactly one, which reads NAME READY STATUS in that order. */
function podRowsInLeftHalf(frame: string, h: Harness, half: number) {
	const all = pods(h);
	const nameWidth = Math.max(...all.map(p => p.name.length));
	for (const p of all) {
		const found = lines(frame).filter(l => l.slice(0, half).includes(p.name));
		expect(found, p.name).toHaveLength(1);
		expect(found[0]!.slice(0, half).trimEnd()).toBe(` ${p.name.padEnd(nameWidth)}  1/1    ${p.status}`);
	}
}

describe('the dashboard layout (tab twice)', () => {
	it('at 140x40: rows are single lines, the panes keep to their halves', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 140, height: 40});
			const f = await h.press(KEYS.tab, KEYS.tab);
			fits(f, 140, 40);
			const l = lines(f);
			// the body starts under the 5 header lines: the table's title, then its header
			expect(l[5]!.slice(0, 71).trimEnd()).toBe('pods(default)[6]');
			expect(l[6]!.slice(0, 70).trimEnd()).toBe(' NAME↑                  READY  STATUS   RESTARTS  NODE');
			for (const p of pods(h)) {
				const row = l.filter(x => x.slice(0, 70).includes(p.name));
				expect(row, p.name).toHaveLength(1);
				expect(row[0]!.slice(0, 70).trimEnd()).toMatch(new RegExp(`^ ${p.name} +1/1 +${p.status} +0 +${p.node}$`));
			}
			// the nodes pane on the right: every node whole, with its status
			for (const n of h.cluster.list('Node')) expect(f).toMatch(new RegExp(`${n.metadata.name} +Ready +\\d+% +\\d+% +\\d+`));
			// the HPA pane and the events pane share the lower half, each on its side
			const hpa = l.findIndex(x => x.startsWith('hpa/api'));
			expect(l[hpa]!.slice(71)).toBe('Events');
			expect(l[hpa + 1]!.slice(0, 71).trimEnd()).toBe('CPU utilization vs target 50%');
		} finally {
			delete process.env.NO_COLOR;
		}
	});

	it('at 80x24: the pods table shows NAME READY STATUS, whole names, nothing spilling into the HPA pane', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 80, height: 24});
			const f = await h.press(KEYS.tab, KEYS.tab);
			fits(f, 80, 24);
			const l = lines(f);
			expect(l[6]!.slice(0, 40).trimEnd()).toBe(' NAME↑                  READY  STATUS');
			podRowsInLeftHalf(f, h, 40);
			// the table's half ends with its rows: the HPA pane starts right under them
			const hpa = l.findIndex(x => x.startsWith('hpa/api'));
			expect(hpa).toBe(5 + 8);
			expect(l[hpa + 1]!.slice(0, 40).trimEnd()).toBe('CPU utilization vs target 50%');
			// nodes on the right, every name whole
			for (const n of h.cluster.list('Node')) expect(l.some(x => x.slice(41).startsWith(` ${n.metadata.name} `))).toBe(true);
			expect(f).not.toContain('kubesim-…');
		} finally {
			delete process.env.NO_COLOR;
		}
	});

	it('keeps every row on one line across resizes between 140x40 and 80x24', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 140, height: 40});
			await h.press(KEYS.tab, KEYS.tab);
			let f = await h.resize(80, 24);
			fits(f, 80, 24);
			podRowsInLeftHalf(f, h, 40);
			f = await h.resize(140, 40);
			fits(f, 140, 40);
			expect(lines(f)[6]!.slice(0, 70).trimEnd()).toBe(' NAME↑                  READY  STATUS   RESTARTS  NODE');
			f = await h.resize(80, 24);
			fits(f, 80, 24);
			podRowsInLeftHalf(f, h, 40);
		} finally {
			delete process.env.NO_COLOR;
		}
	});
});

describe('the pods table at 80x24', () => {
	it('drops IP first and shows every node name whole', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 80, height: 24});
			for (const layout of ['split', 'single']) {
				const f = h.frame();
				fits(f, 80, 24);
				expect(lines(f)[6], layout).toBe(' NAME↑                  READY  STATUS   RESTARTS  NODE             AGE');
				// the table's rows, above the side pane of the split layout (a log tail names a pod)
				const table = lines(f).slice(7, 13);
				for (const p of pods(h)) {
					const row = table.filter(x => x.includes(p.name));
					expect(row, p.name).toHaveLength(1);
					expect(row[0]).toMatch(new RegExp(`^ ${p.name} +1/1 +${p.status} +0 +${p.node} +\\d+s$`));
				}
				expect(f).not.toContain('kubesim-…');
				await h.press(KEYS.tab);
			}
		} finally {
			delete process.env.NO_COLOR;
		}
	});
});

describe('the header at 80x24', () => {
	it('shows as many of the view\'s hints as fit, each key beside its whole text', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 80, height: 24});
			expect(lines(h.frame()).slice(0, 5)).toEqual([
				'Cluster: kubesim (simulated)  <:>     Command     <y>      YAML',
				'K8s: v1.32.2  Nodes: 4/4      </>     Filter      <ctrl-d> Delete',
				'NS: default                   <?>     Help        <l>      Logs',
				'CPU ░░░░   4%  MEM ░░░░   5%  <enter> Drill down  <s>      Shell',
				'Clock: 09:00:30 (paused)      <d>     Describe    <x>      Crash a container',
			]);
		} finally {
			delete process.env.NO_COLOR;
		}
	});

	it('at 140 columns every hint shows, the favourite namespaces first as k9s has them', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 140, height: 40});
			expect(lines(h.frame()).slice(0, 5)).toEqual([
				'Cluster: kubesim (simulated)           <0> all          </>      Filter  <enter>  Drill down  <s> Shell',
				'K8s: v1.32.2  NS: default  Nodes: 4/4  <1> default      <?>      Help    <d>      Describe    <x> Crash a container',
				'CPU █░░░░░░░░░░░   4%                  <2> kube-system  <tab>    Layout  <y>      YAML',
				'MEM █░░░░░░░░░░░   5%                  <3> batch        <ctrl-p> Pause   <ctrl-d> Delete',
				'Clock: 09:00:30 (paused)               <:> Command      <>>      Faster  <l>      Logs',
			]);
		} finally {
			delete process.env.NO_COLOR;
		}
	});
});

describe('the help screen', () => {
	const b = (key: string, description: string, scope: Binding['scope']): Binding => ({key, command: key, message: 'keys.table.describe', description, scope});
	const texts = (layout: ReturnType<typeof helpLayout>) => layout.columns.map(c => c.entries.map(e => ('heading' in e ? e.heading : `${e.key} ${e.text}`)));

	it('fits the columns by dropping the details in parentheses, then in one column that scrolls, a long text wrapped', () => {
		const entries = helpEntries([b('k1', 'One (long details here)', 'global'), b('k2', 'Two', 'global'), b('k3', 'Three', 'global'), b('k4', 'Four', 'global')]);
		// 3 rows under the title: two columns; the first is 5 + 23 wide with its details
		expect(texts(helpLayout(entries, 41, 4))).toEqual([['GENERAL', '<k1> One (long details here)', '<k2> Two'], ['<k3> Three', '<k4> Four']]);
		expect(helpLayout(entries, 41, 4).columns.map(c => c.width)).toEqual([28, 10]);
		expect(texts(helpLayout(entries, 30, 4))).toEqual([['GENERAL', '<k1> One', '<k2> Two'], ['<k3> Three', '<k4> Four']]);
		const one = helpLayout(entries, 20, 4);
		// the text column is 15 wide: the first text goes on in the row under it, without a key
		expect(texts(one)).toEqual([['GENERAL', '<k1> One (long', ' details here)', '<k2> Two', '<k3> Three', '<k4> Four']]);
		expect([one.rows, one.visible]).toEqual([6, 3]);
	});

	it('never ends a column with a heading', () => {
		const entries = helpEntries([b('a', 'A', 'global'), b('b', 'B', 'global'), b('c', 'C', 'table'), b('d', 'D', 'table')]);
		expect(texts(helpLayout(entries, 80, 5))).toEqual([['GENERAL', '<a> A', '<b> B'], ['TABLE', '<c> C', '<d> D']]);
	});

	it('at 80x24: one column of whole texts that scrolls with the moving keys', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 80, height: 24});
			let f = await h.press('?');
			fits(f, 80, 24);
			let body = lines(f).slice(5, -2);
			expect(body.slice(0, 3)).toEqual(['Help (esc to go back; j/k to scroll, rows 1-15 of 47)', 'GENERAL', '<:>             Command prompt (:pods, :deploy app=web, :ns, :ctx, :lang ja, :q)']);
			// every row a heading, a key with blanks and then its text, or more of a text under it
			const readable = (rows: string[]) => rows.every(l => /^[A-Z]+$/.test(l) || /^<.+?> +\S/.test(l) || /^ {16}\S/.test(l));
			// a text too long for the row goes on in the next
			expect(body.slice(3, 5)).toEqual(['</>             Filter (text or regex, ! inverse, -l label selector, -f fuzzy', '                name)']);
			expect(readable(body.slice(1))).toBe(true);
			f = await h.press('j');
			expect(lines(f)[5]).toBe('Help (esc to go back; j/k to scroll, rows 2-16 of 47)');
			f = await h.press(KEYS.pgdn);
			body = lines(f).slice(5, -2);
			expect(body[0]).toBe('Help (esc to go back; j/k to scroll, rows 16-30 of 47)');
			expect(body).toContain('<e>             Edit in $EDITOR and apply');
			expect(readable(body.slice(1))).toBe(true);
			f = await h.press('G');
			body = lines(f).slice(5, -2);
			expect(body[0]).toBe('Help (esc to go back; j/k to scroll, rows 33-47 of 47)');
			expect(body.slice(-9)).toEqual([
				'POD',
				'<l>             Logs',
				'<p>             Logs of the previous container',
				'<s>             Shell into a container',
				'<a>             Attach: the container\'s output from now on',
				'<shift-f>       Port-forward a local port to the pod (listed in :pf)',
				'<ctrl-k>        Kill (delete now)',
				'<x>             Crash a container (simulator)',
				'<b>             Make probes fail / pass again (simulator)',
			]);
			fits(f, 80, 24);
		} finally {
			delete process.env.NO_COLOR;
		}
	});

	it('at 140x40: two columns that never touch, the details in parentheses left out to make them fit', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 140, height: 40});
			const f = await h.press('?');
			fits(f, 140, 40);
			const body = lines(f).slice(6, -2).filter(l => l);
			expect(body[0]).toMatch(/^GENERAL +<e> +Edit in \$EDITOR and apply$/);
			const second = body[0]!.indexOf('<e>');
			for (const l of body) {
				// the first column ends in at least three blanks before the second starts
				if (l.length > second) expect(l.slice(second - 3, second), l).toBe('   ');
			}
			expect(body[1]).toBe(`${'<:>             Command prompt'.padEnd(second)}<ctrl-d>  Delete`);
			expect(body.at(-2)).toBe(`${'<y>             YAML'.padEnd(second)}<x>       Crash a container`);
			expect(body.at(-1)).toBe(`${'<w>             Why? What is wrong with it, and what would fix it'.padEnd(second)}<b>       Make probes fail / pass again`);
		} finally {
			delete process.env.NO_COLOR;
		}
	});
});
