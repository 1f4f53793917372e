// The key fuzz against the dashboard on a kubeconfig: `kubesim serve` in-process, the
// KubeconfigClient over HTTP, 2,000 seeded keys and resizes; it never ends, and :pods works after.
import React from 'react';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createKubeconfigClient, type KubeconfigClient} from '../../source/client/kubeconfig.js';
import {App} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../../source/config/preferences.js';
import {KeyReader} from '../../source/ui/input/keys.js';
import {KEYS, drive} from '../ui/harness.js';
import {fuzzScript} from '../ui/fuzz.js';
import {serveDemo, type Served} from '../served.js';

let served: Served;
let client: KubeconfigClient;

beforeAll(async () => {
	served = await serveDemo({seed: 5, speed: 5});
	client = await createKubeconfigClient({kubeconfig: served.kubeconfig});
	await client.synced();
});

afterAll(async () => {
	client?.close();
	await served?.close();
});

it('2,000 seeded keys and resizes on the kubeconfig dashboard never end it, and :pods works after', async () => {
	const prefs = {...DEFAULT_PREFERENCES, fps: 60};
	const app = (width: number, height: number) => <App client={client} prefs={prefs} width={width} height={height} />;
	const screen = await drive(app(160, 45));
	try {
		let keys = 0;
		for (const step of fuzzScript(77, 2000)) {
			if ('resize' in step) {
				screen.rerender(app(...step.resize));
				await screen.settle();
			} else {
				keys += new KeyReader().push(step.keys).length;
				await screen.press(step.keys);
			}
			expect(screen.frame()).not.toContain('could not be drawn');
			expect(screen.frame()).not.toMatch(/\n\s+at /);
		}
		expect(keys).toBeGreaterThanOrEqual(2000);
		screen.rerender(app(160, 45));
		for (let i = 0; i < 4; i++) await screen.press(KEYS.esc);
		await screen.type(':pods');
		await screen.press(KEYS.enter);
		const f = await screen.waitFor(':pods', f => /pods\(default\)\[\d+\]/.test(f));
		expect(f).toMatch(/pods\(default\)\[\d+\]/);
	} finally {
		screen.unmount();
	}
}, 300_000);
