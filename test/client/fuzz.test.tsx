// The key fuzz against the dashboard on a kubeconfig: `kubesim serve` in-process, the
// KubeconfigClient over HTTP, 2,000 seeded keys and resizes; it never ends, and :pods works after.
import React from 'react';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster, type Driver} from '../../source/cluster/index.js';
import {realTimeHost} from '../../source/client/host.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {createKubeconfigClient, type KubeconfigClient} from '../../source/client/kubeconfig.js';
import {App} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../../source/config/preferences.js';
import {KeyReader} from '../../source/ui/input/keys.js';
import {KEYS, demoManifests, drive} from '../ui/harness.js';
import {fuzzScript} from '../ui/fuzz.js';

let cluster: Cluster;
let driver: Driver;
let server: KubeApiServer;
let client: KubeconfigClient;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'kubesim-fuzz-'));
	cluster = createCluster({nodes: 3, seed: 5, manifests: demoManifests(), startTime: Date.now()});
	cluster.advance(30_000);
	driver = cluster.drive(realTimeHost, 5);
	server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	client = await createKubeconfigClient({kubeconfig: join(dir, 'kubeconfig')});
	await client.synced();
});

afterAll(async () => {
	client?.close();
	driver?.stop();
	await server?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
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
