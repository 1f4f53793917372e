import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

describe('s: a shell in a container', () => {
	it('runs each line in the pod, reaches a Service by name, and exit goes back', async () => {
		h = await start();
		await h.type('/web');
		let f = await h.press(KEYS.enter);
		const pod = /web-[a-z0-9]+-[a-z0-9]{5}/.exec(f)![0];
		f = await h.press('s');
		expect(f).toContain(`shell pod/${pod}:web (exit or ctrl-d: back)`);
		await h.type('hostname');
		f = await h.press(KEYS.enter);
		expect(f).toContain(`/ # hostname\n${pod}\n`);
		// one read: the whole line and Enter (the nginx image has curl, not wget)
		f = await h.press('curl -s http://api:5678\r');
		expect(f).toContain('hello from the shop api');
		// a paste is text on the line; ctrl-c drops the line
		f = await h.press('\x1b[200~rm -rf /\x1b[201~');
		expect(f).toContain('/ # rm -rf /');
		f = await h.press('\x03');
		expect(f).toContain('/ # rm -rf /^C');
		// up brings back the line typed before
		f = await h.press(KEYS.up);
		expect(f.split('\n').filter(l => l.startsWith('/ # curl -s http://api:5678')).length).toBe(2);
		await h.press('\x15');
		// esc stays in the shell; exit leaves it
		f = await h.press(KEYS.esc);
		expect(f).toContain(`shell pod/${pod}:web`);
		await h.type('exit');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) \/web\[3\]/);
	});

	it('ctrl-d on an empty line goes back; a command that fails prints its error', async () => {
		h = await start();
		await h.type('/redis');
		await h.press(KEYS.enter);
		await h.press('s');
		let f = await h.press('cat /nope\r');
		expect(f).toContain('/ # cat /nope\ncat: /nope: No such file or directory\n');
		f = await h.press('\x04');
		expect(f).toMatch(/pods\(default\) \/redis\[1\]/);
	});
});

describe('a: attach to a container', () => {
	it("shows the container's output from now on, none of what it printed before", async () => {
		h = await start();
		h.cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: ticker
spec:
  containers:
  - name: tick
    image: busybox:1.36
    command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 5; done']
`,
			'ticker.yaml',
		);
		await h.advance(12_000);
		await h.type('/ticker');
		await h.press(KEYS.enter);
		let f = await h.press('a');
		expect(f).toContain('Attached to pod/ticker:tick: its output from now on (esc detaches)');
		expect(f).not.toContain('tick 1');
		f = await h.advance(10_000);
		expect(f).toMatch(/tick \d+/);
		expect(f).not.toContain('tick 1\n');
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/pods\(default\) \/ticker\[1\]/);
	});
});
