// Dashboard figures: time to first frame (demo cluster and 150,000 pods), key-to-frame latency
// while scrolling and filtering the big pod list, and idle CPU on the demo cluster at 1x.
import React from 'react';
import {render} from 'ink-testing-library';
import {performance} from 'node:perf_hooks';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../source/cluster/index.js';
import {EmbeddedClient} from '../source/client/embedded.js';
import {realTimeHost} from '../source/client/host.js';
import {App} from '../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../source/config/preferences.js';

const manual = {now: () => 0, every: () => () => {}};

function demo(): Cluster {
	const dir = 'manifests';
	const manifests = readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(f => ({source: join(dir, f), text: readFileSync(join(dir, f), 'utf8')}));
	const c = createCluster({seed: 1, manifests});
	c.advance(30_000);
	return c;
}

async function firstFrame(cluster: Cluster, namespace: string): Promise<{ms: number; unmount: () => void; stdin: {write(s: string): void}; frame: () => string; client: EmbeddedClient}> {
	const client = new EmbeddedClient(cluster, {host: manual, paused: true});
	const t0 = performance.now();
	const r = render(<App client={client} prefs={{...DEFAULT_PREFERENCES, namespace, fps: 60}} width={160} height={45} />);
	while (!/\]\s*$/m.test(r.lastFrame() ?? '') && !(r.lastFrame() ?? '').includes('NAME')) await new Promise(res => setImmediate(res));
	const ms = performance.now() - t0;
	return {ms, unmount: r.unmount, stdin: r.stdin, frame: () => r.lastFrame() ?? '', client};
}

async function keyLatency(h: {stdin: {write(s: string): void}; frame: () => string}, keys: string[]): Promise<number[]> {
	const out: number[] = [];
	for (const k of keys) {
		const before = h.frame();
		const t0 = performance.now();
		h.stdin.write(k);
		const until = t0 + 10_000;
		while (h.frame() === before && performance.now() < until) await new Promise(res => setImmediate(res));
		out.push(performance.now() - t0);
	}
	return out;
}

function pct(values: number[], p: number): string {
	const v = [...values].sort((a, b) => a - b);
	return `${v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!.toFixed(1)} ms`;
}

export async function runUiBench(big: Cluster | undefined, opts: {skipDemo?: boolean} = {}): Promise<Record<string, string | number>> {
	const figures: Record<string, string | number> = {};
	if (!opts.skipDemo) await demoFigures(figures);
	if (big) await bigFigures(big, figures);
	return figures;
}

async function demoFigures(figures: Record<string, string | number>): Promise<void> {
	const d = await firstFrame(demo(), 'default');
	figures['first frame, demo cluster'] = `${d.ms.toFixed(0)} ms`;
	d.unmount();
	d.client.close();

	// idle CPU: the demo at 1x with the real-time driver for 10 s
	const c = demo();
	const client = new EmbeddedClient(c, {host: realTimeHost, speed: 1});
	const r = render(<App client={client} prefs={{...DEFAULT_PREFERENCES}} width={160} height={45} />);
	await new Promise(res => setTimeout(res, 2000));
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	await new Promise(res => setTimeout(res, 10_000));
	const used = process.cpuUsage(cpu0);
	const wall = performance.now() - t0;
	figures['idle CPU, demo at 1x (share of one core)'] = `${(((used.user + used.system) / 1000 / wall) * 100).toFixed(1)} %`;
	r.unmount();
	client.close();
}

async function bigFigures(big: Cluster, figures: Record<string, string | number>): Promise<void> {
	{
		const pods = big.count('Pod');
		const h = await firstFrame(big, '');
		figures[`first frame, ${pods} pods (all namespaces)`] = `${(h.ms / 1000).toFixed(2)} s`;
		const scroll = await keyLatency(h, Array.from({length: 60}, (_, i) => (i % 10 === 9 ? '\x1b[6~' : 'j')));
		if (process.env.KUBESIM_BENCH_DEBUG) console.log(scroll.map(x => x.toFixed(0)).join(' '));
		figures['key to frame, scrolling (median / p95)'] = `${pct(scroll, 50)} / ${pct(scroll, 95)}`;
		h.stdin.write('/');
		await new Promise(res => setTimeout(res, 50));
		const filter = await keyLatency(h, ['a', 'p', 'p', '-', '1', '2', '\x7f', '\x7f', '3', '4']);
		figures['key to frame, filtering (median / p95)'] = `${pct(filter, 50)} / ${pct(filter, 95)}`;
		figures['key to frame, first filter key'] = `${filter[0]!.toFixed(0)} ms`;
		h.unmount();
		h.client.close();
	}
}
