import {afterEach, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

/** A Deployment whose pod asks for more CPU than any node has: it stays Pending. */
const HOG = `apiVersion: apps/v1
kind: Deployment
metadata: {name: hog, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: hog}}
  template:
    metadata: {labels: {app: hog}}
    spec:
      containers:
      - name: hog
        image: nginx:1.27
        resources: {requests: {cpu: "64"}}
`;

const MESSAGE =
	'0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..';
/** The pod's describe line of that event (its age is 5s after 5s of simulated time). */
const EVENT_LINE = `  Warning  FailedScheduling  5s    default-scheduler  ${MESSAGE}`;

/**
 * A line as a 120-column window scrolled `offset` columns shows it: a « where text is cut on
 * the left, a » where it goes on past the right edge.
 */
function windowed(line: string, offset: number): string {
	if (offset === 0) return `${line.slice(0, 119)}»`;
	if (offset + 120 >= line.length) return `«${line.slice(offset + 1)}`;
	return `«${line.slice(offset + 1, offset + 119)}»`;
}

/** The rows between the header (5 lines) and the breadcrumbs, without trailing blanks. */
const body = (frame: string, height: number) =>
	frame
		.split('\n')
		.slice(5, 5 + height)
		.map(l => l.trimEnd());

async function describeHog(width: number, height: number): Promise<string> {
	h = await start({width, height});
	h.cluster.apply(HOG, 'hog.yaml');
	await h.advance(5000);
	await h.type('/hog');
	await h.press(KEYS.enter);
	return h.press('d');
}

describe('describe of a pod that cannot schedule', () => {
	it('w wraps the FailedScheduling message whole, in rows of the screen width', async () => {
		// 40 lines: a body of 32 rows (40 - 1 - 5 header - 2)
		let f = await describeHog(120, 40);
		f = await h!.press('G');
		const last = body(f, 32).at(-1);
		// cut at the edge, the marker says the line goes on
		expect(last).toBe(`${EVENT_LINE.slice(0, 119)}»`);
		expect(f).not.toContain('Insufficient cpu');
		const top = body(f, 32)[0];
		expect(top).toBe('Namespace:        default');
		f = await h!.press('w');
		expect(f).toContain('wrap on');
		// the line that was at the top stays there
		expect(body(f, 32)[0]).toBe(top);
		// the wrapped message takes one more row: G shows it whole at the bottom
		f = await h!.press('G');
		expect(body(f, 32)[0]).toBe('Service Account:  default');
		expect(body(f, 32).slice(-3)).toEqual([
			'  Warning  FailedScheduling  5s    default-scheduler  0/4 nodes are available: 1 node(s) had untolerated taint',
			'{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not',
			'helpful for scheduling, 3 No preemption victims found for incoming pod..',
		]);
		expect(f.split('\n').every(l => l.length <= 120)).toBe(true);
		f = await h!.press('w');
		expect(f).toContain('wrap off');
		expect(f).not.toContain('Insufficient cpu');
	});

	it('without wrap, right scrolls sideways to the end of the message; 0 and left come back', async () => {
		let f = await describeHog(120, 40);
		f = await h!.press('G');
		// the event's line is the longest, 303 columns: right moves half a screen (60) at a time
		// but no further than that line's end (183)
		expect(EVENT_LINE.length).toBe(303);
		f = await h!.press(KEYS.right);
		let rows = body(f, 32);
		expect(rows.at(-1)).toBe(windowed(EVENT_LINE, 60));
		expect(rows.at(-3)).toBe('«');
		f = await h!.press(KEYS.right);
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 120));
		f = await h!.press(KEYS.right);
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 180));
		f = await h!.press(KEYS.right);
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 183));
		expect(body(f, 32).at(-1)).toBe('«: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..');
		f = await h!.press(KEYS.right);
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 183));
		f = await h!.press('0');
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 0));
		f = await h!.press('$');
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 183));
		f = await h!.press(KEYS.left);
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, 123));
		f = await h!.press(KEYS.left, KEYS.left, KEYS.left);
		rows = body(f, 32);
		expect(rows.at(-1)).toBe(windowed(EVENT_LINE, 0));
		expect(rows.at(-3)).toBe('  Type     Reason            Age   From               Message');
	});

	it('a search for text past the edge scrolls sideways to it', async () => {
		await describeHog(120, 40);
		await h!.type('/Insufficient');
		const f = await h!.press(KEYS.enter);
		// the match's line comes up (here the last line, at the bottom), the window moves right to
		// put the match a quarter of the screen in
		expect(body(f, 32).at(-1)).toBe(windowed(EVENT_LINE, EVENT_LINE.indexOf('Insufficient') - 30));
	});
});

describe('the FailedScheduling event in the events view', () => {
	async function failedScheduling(): Promise<string> {
		h = await start();
		h.cluster.apply(HOG, 'hog.yaml');
		await h.advance(5000);
		await h.type(':ev');
		await h.press(KEYS.enter);
		await h.type('/FailedScheduling');
		return h.press(KEYS.enter);
	}

	it('the pane beside the table shows the selected event with its whole message', async () => {
		const f = await failedScheduling();
		const lines = f.split('\n');
		// 160 columns: the table takes 92 (TYPE goes first, to leave the message a third of them),
		// the pane the 67 after a gap
		expect(lines[7]).toMatch(/^ 5s {9}FailedScheduling {2}pod\/hog-\S+ {2}0\/4 nodes are available: 1 node\(s\)… {2}Reason: /);
		const pane = lines.slice(5, 17).map(l => l.slice(93).trimEnd());
		expect(pane).toEqual([
			expect.stringMatching(/^Event of pod\/hog-[a-z0-9]+-[a-z0-9]{5}$/),
			'Type:      Warning',
			'Reason:    FailedScheduling',
			'Source:    default-scheduler',
			'Count:     1',
			'Last Seen: 5s (first 5s)',
			'Message:',
			'0/4 nodes are available: 1 node(s) had untolerated taint',
			'{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.',
			'preemption: 0/4 nodes are available: 1 Preemption is not helpful',
			'for scheduling, 3 No preemption victims found for incoming pod..',
			'',
		]);
	});

	it('enter describes the event: w wraps its message, right scrolls to it', async () => {
		await failedScheduling();
		await h!.resize(120, 40);
		let f = await h!.press(KEYS.enter);
		const line = `Message:             ${MESSAGE}`;
		const at = (frame: string) => body(frame, 32).findIndex(l => l.startsWith('Message:'));
		const row = at(f);
		expect(body(f, 32)[row]).toBe(windowed(line, 0));
		// the message's line is the longest (270 columns): right stops at its end, 150 columns on
		f = await h!.press(KEYS.right);
		expect(body(f, 32)[row]).toBe(windowed(line, 60));
		f = await h!.press(KEYS.right, KEYS.right);
		expect(body(f, 32)[row]).toBe(windowed(line, 150));
		expect(body(f, 32)[row]).toBe('«: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..');
		f = await h!.press('w');
		expect(body(f, 32).slice(row, row + 4)).toEqual([
			'Message:             0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },',
			'3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption',
			'victims found for incoming pod..',
			'Metadata:',
		]);
	});
});

describe('wrapped text counts wide characters and scrolls in rows', () => {
	const cjk = '日本語'.repeat(120);
	const NOTES = `apiVersion: v1
kind: ConfigMap
metadata: {name: notes, namespace: default}
data:
  greeting: x${cjk}
`;

	it('YAML of a ConfigMap with a long Japanese value', async () => {
		// 80x24: a body of 16 rows
		h = await start({width: 80, height: 24});
		h.cluster.apply(NOTES, 'notes.yaml');
		await h.advance(1000);
		await h.type(':cm');
		await h.press(KEYS.enter);
		await h.type('/notes');
		await h.press(KEYS.enter);
		await h.press('y');
		let f = await h.press('w');
		// the value's line: 13 columns of ASCII, then wide characters two columns each; a row of
		// 80 holds 33 of them after the prefix (the 34th would end at 81), then 40 a row
		const rows = [`  greeting: x${cjk.slice(0, 33)}`];
		for (let at = 33; at < cjk.length; at += 40) rows.push(cjk.slice(at, at + 40));
		expect(rows.length).toBe(10);
		f = await h.press('G');
		expect(body(f, 16).slice(-11)).toEqual(['data:', ...rows]);
		expect(body(f, 16).map(r => stringWidth(r))).toEqual(expect.arrayContaining([79, 80, 14]));
		expect(f.split('\n').every(l => stringWidth(l) <= 80)).toBe(true);
		// up two rows: the bottom row is the value's 8th
		f = await h.press('k', KEYS.up);
		expect(body(f, 16).slice(-9)).toEqual(['data:', ...rows.slice(0, 8)]);
		// a page up and a page down (15 rows each) come back to the same rows
		const twoUp = body(f, 16);
		f = await h.press(KEYS.pgup);
		expect(body(f, 16)).not.toEqual(twoUp);
		f = await h.press(KEYS.pgdn);
		expect(body(f, 16)).toEqual(twoUp);
		// space pages down too, no further than the last row at the bottom
		f = await h.press(' ');
		expect(body(f, 16).slice(-11)).toEqual(['data:', ...rows]);
		f = await h.press('g');
		expect(body(f, 16)[0]).toBe('apiVersion: v1');
	});
});
