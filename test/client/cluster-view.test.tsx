// `:cluster` on a kubeconfig context (here `kubesim serve`, as a real cluster would be): the
// view draws what the API shows (nodes, their kubelet and runtime versions, kube-proxy, events,
// chains) and says the counters are the simulator's; the served simulator meanwhile counted the
// dashboard's informers as LIST and WATCH requests.
import React from 'react';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {realTimeHost} from '../../source/client/host.js';
import {createKubeconfigClient, type KubeconfigClient} from '../../source/client/kubeconfig.js';
import type {Cluster, Driver} from '../../source/cluster/index.js';
import {App} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../../source/config/preferences.js';
import {serveDemo, type Served} from '../served.js';
import {KEYS, drive} from '../ui/harness.js';

let served: Served;
let client: KubeconfigClient;
let driver: Driver;
/** The served API server's counts before the dashboard connected. */
let unserved: ReturnType<Cluster["controlPlane"]>;

beforeAll(async () => {
	served = await serveDemo({seed: 4});
	driver = served.cluster.drive(realTimeHost, 20);
	unserved = served.cluster.controlPlane([]);
	client = await createKubeconfigClient({kubeconfig: served.kubeconfig});
	await client.synced();
});

afterAll(async () => {
	client?.close();
	driver?.stop();
	await served?.close();
});

describe(':cluster through a kubeconfig', () => {
	it('shows what the API tells and says the counters are the simulator\'s', async () => {
		const keys = await drive(<App client={client} prefs={{...DEFAULT_PREFERENCES, fps: 60}} width={100} height={30} />);
		try {
			await keys.type(':cluster');
			await keys.press(KEYS.enter);
			const end = served.cluster.elapsed() + 120_000;
			const f = await keys.waitFor('the nodes with their kubelets', f => /kubesim-worker +kubelet v1\.32\.2 · kube-proxy Running · containerd \d+ running/.test(f), {giveUp: () => served.cluster.elapsed() > end});
			expect(f).toContain('the control plane as the API shows it');
			expect(f).toContain('Counters are only available for the simulator');
			expect(f).toContain('Latest causal chains');
			expect(f).not.toContain('requests/s');
			// the dashboard's informers (namespaces, nodes, pods, events: each a first page as Table
			// rows, a list of whole objects, and a watch)
			// are requests the served API server counted
			const after = served.cluster.controlPlane([]);
			expect(after.requests.LIST.total - unserved.requests.LIST.total).toBeGreaterThanOrEqual(8);
			expect(after.requests.WATCH.total - unserved.requests.WATCH.total).toBeGreaterThanOrEqual(4);
			// selecting a node shows its kubelet's events
			const g = await keys.press(...Array(6).fill('j'));
			expect(g).toMatch(/Recent actions of kubelet \(kubesim-worker\d?\)/);
		} finally {
			keys.unmount();
		}
	});
});
