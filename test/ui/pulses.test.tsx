import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const running = (h: Harness) => h.cluster.list('Pod', {namespace: 'default'}).filter(p => p.status.phase === 'Running').length;

describe(':pulses', () => {
	it('charts CPU, memory, pods by phase and events, a sample every 5 s of cluster time', async () => {
		h = await start();
		await h.type(':pulses');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('pulses(default) every 5s of cluster time, 1 samples');
		expect(f).toMatch(/CPU \d+% of allocatable/);
		expect(f).toMatch(/Memory \d+% of allocatable/);
		expect(f).toMatch(new RegExp(`Running ${running(h)}\\s`));
		expect(f).toMatch(/Pending 0\s/);
		// five more web pods: they show as Pending first, with the events of their creation
		h.cluster.scale('Deployment', 'default', 'web', 8);
		f = await h.advance(5000);
		expect(f).toContain('2 samples');
		const pending = h.cluster.list('Pod', {namespace: 'default'}).filter(p => p.status.phase === 'Pending').length;
		expect(f).toMatch(new RegExp(`Pending ${pending}\\s`));
		expect(f).toMatch(new RegExp(`Running ${running(h)}\\s`));
		expect(Number(/Normal (\d+)/.exec(f)![1])).toBeGreaterThanOrEqual(5);
		// the dashboard draws many frames a second: a sample lands every 5 s of cluster time
		for (let i = 0; i < 6; i++) f = await h.advance(5000);
		expect(f).toContain('8 samples');
		expect(f).toMatch(/Pending 0\s/);
		expect(f).toMatch(new RegExp(`Running ${running(h)}\\s`));
		// the samples stay when the view closes and opens again
		await h.press(KEYS.esc);
		await h.type(':pulses');
		f = await h.press(KEYS.enter);
		expect(f).toContain('8 samples');
	});
});
