// `kubesim serve` figures: `kubectl get pods -A` (table and -o json) against clusters of
// 10,000 and 150,000 pods, watch events delivered per second to 10 concurrent watchers, and the
// dashboard's first frame in kubeconfig mode at 10,000 pods.
import React from 'react';
import {render} from 'ink-testing-library';
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {promisify} from 'node:util';
import type {Cluster} from '../source/cluster/index.js';
import {createApiServer, writeKubeconfig} from '../source/server/index.js';
import {createKubeconfigClient} from '../source/client/kubeconfig.js';
import {App} from '../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../source/config/preferences.js';
import {runClusterBench} from './cluster.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';

/** Runs kubectl with its output thrown away (a 150,000-pod JSON list is bigger than a string may be). */
function timed(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const t0 = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(KUBECTL, args, {env, stdio: ['ignore', 'ignore', 'pipe']});
		let err = '';
		child.stderr.on('data', d => (err += String(d)));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${err}`))));
	});
}

async function serve(cluster: Cluster) {
	const server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-'));
	const kubeconfig = join(dir, 'kubeconfig');
	writeKubeconfig(kubeconfig, {server: server.url()});
	const env = {...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache')};
	return {server, dir, kubeconfig, env, close: async () => {
		await server.close();
		rmSync(dir, {recursive: true, force: true});
	}};
}

async function kubectlFigures(cluster: Cluster, label: string, figures: Record<string, string>): Promise<void> {
	const s = await serve(cluster);
	try {
		await run(KUBECTL, ['version'], {env: s.env}); // discovery and the version dispatch, cached
		const table = await timed(['get', 'pods', '-A'], s.env);
		const json = await timed(['get', 'pods', '-A', '-o', 'json'], s.env);
		figures[`kubectl get pods -A, ${label}`] = `${(table / 1000).toFixed(2)} s`;
		figures[`kubectl get pods -A -o json, ${label}`] = `${(json / 1000).toFixed(2)} s`;
	} finally {
		await s.close();
	}
}

/** 10 watchers on all pods; then `writes` pod writes happen; events received per second. */
async function watchFigures(cluster: Cluster, figures: Record<string, string>): Promise<void> {
	const s = await serve(cluster);
	const controllers: AbortController[] = [];
	try {
		let received = 0;
		const from = cluster.resourceVersion();
		const responses = await Promise.all(
			Array.from({length: 10}, () => {
				const ac = new AbortController();
				controllers.push(ac);
				return fetch(`${s.server.url()}/api/v1/pods?watch=true&resourceVersion=${from}`, {signal: ac.signal});
			}),
		);
		const readers = responses.map(async res => {
			const reader = res.body!.getReader();
			const decoder = new TextDecoder();
			let buffered = '';
			try {
				for (;;) {
					const {value, done} = await reader.read();
					if (done) break;
					buffered += decoder.decode(value, {stream: true});
					let nl: number;
					while ((nl = buffered.indexOf('\n')) >= 0) {
						buffered = buffered.slice(nl + 1);
						received++;
					}
				}
			} catch {
				// aborted
			}
		});
		await new Promise(r => setTimeout(r, 300));
		// the writes: scale 10 Deployments (1,000 pods) down to 0 and back (pods go Terminating, are deleted,
		// are created, scheduled and started)
		const t0 = performance.now();
		const deployments = cluster.list('Deployment', {namespace: 'default'}).slice(0, 10);
		for (const d of deployments) cluster.scale('Deployment', 'default', d.metadata.name, 0);
		cluster.advance(40_000);
		for (const d of deployments) cluster.scale('Deployment', 'default', d.metadata.name, d.spec.replicas!);
		cluster.advance(40_000);
		const writesDone = performance.now();
		let last = -1;
		let lastChange = performance.now();
		while (performance.now() - lastChange < 2000) {
			if (received !== last) {
				last = received;
				lastChange = performance.now();
			}
			await new Promise(r => setTimeout(r, 50));
		}
		const elapsed = (lastChange - t0) / 1000;
		figures['watch events delivered (10 watchers)'] = `${received} in ${elapsed.toFixed(1)} s = ${Math.round(received / elapsed)} events/s (writes took ${((writesDone - t0) / 1000).toFixed(1)} s)`;
		for (const c of controllers) c.abort();
		await Promise.race([Promise.all(readers), new Promise(r => setTimeout(r, 2000))]);
	} finally {
		await s.close();
	}
}

async function kubeconfigFirstFrame(cluster: Cluster, figures: Record<string, string>): Promise<void> {
	const s = await serve(cluster);
	try {
		const t0 = performance.now();
		const client = await createKubeconfigClient({kubeconfig: s.kubeconfig, metrics: false});
		await client.synced();
		const r = render(<App client={client} prefs={{...DEFAULT_PREFERENCES, namespace: '', fps: 60}} width={160} height={45} />);
		const want = cluster.count('Pod');
		for (;;) {
			const m = /pods\(all\)\[(\d+)\]/.exec(r.lastFrame() ?? '');
			if (m && Number(m[1]) >= want) break;
			if (performance.now() - t0 > 120_000) break;
			await new Promise(res => setTimeout(res, 5));
		}
		figures[`dashboard first frame in kubeconfig mode, ${want} pods`] = `${((performance.now() - t0) / 1000).toFixed(2)} s`;
		r.unmount();
		client.close();
	} finally {
		await s.close();
	}
}

export async function runServerBench(big: Cluster | undefined): Promise<Record<string, string>> {
	const figures: Record<string, string> = {};
	if (!existsSync(KUBECTL)) {
		figures['kubectl'] = `not found at ${KUBECTL}: kubectl figures skipped`;
	}
	const {cluster: small} = runClusterBench({nodes: 100, deployments: 100, replicas: 100, events: true});
	if (existsSync(KUBECTL)) await kubectlFigures(small, `${small.count('Pod')} pods`, figures);
	await kubeconfigFirstFrame(small, figures);
	await watchFigures(small, figures);
	if (big && existsSync(KUBECTL)) await kubectlFigures(big, `${big.count('Pod')} pods`, figures);
	return figures;
}
