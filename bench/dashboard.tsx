// The dashboard in kubeconfig mode against `kubesim serve` (the API server in a worker thread,
// with its own heap, as the separate process a user runs; over a cluster of 10,000 and one of
// 150,000 pods): time from the start of connecting to the first
// frame with pod rows and to the whole list, key-to-frame latency while scrolling and while
// typing a filter, and the client's memory (heap after a full GC, less the heap before it
// connected; and the process's RSS, which includes the worker's simulated cluster).
import React from 'react';
import {render} from 'ink-testing-library';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {Worker} from 'node:worker_threads';
import {writeKubeconfig} from '../source/server/index.js';
import type {ClusterBenchOptions} from './cluster.js';
import {createKubeconfigClient} from '../source/client/kubeconfig.js';
import {App} from '../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../source/config/preferences.js';

const tick = () => new Promise(res => setImmediate(res));

function gc(): void {
	(globalThis as {gc?: () => void}).gc?.();
}

function mib(bytes: number): string {
	return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function percentile(values: number[], p: number): number {
	const v = [...values].sort((a, b) => a - b);
	return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Key to the next frame that differs, for each key in turn. */
async function keyLatency(h: {stdin: {write(s: string): void}; lastFrame(): string | undefined}, keys: string[]): Promise<number[]> {
	const out: number[] = [];
	for (const k of keys) {
		const before = h.lastFrame();
		const t0 = performance.now();
		h.stdin.write(k);
		const until = t0 + 10_000;
		while (h.lastFrame() === before && performance.now() < until) await tick();
		out.push(performance.now() - t0);
		// let the frame settle before the next key, as a typist's pace would
		await new Promise(res => setTimeout(res, 20));
	}
	return out;
}

const COUNT = /pods\(all\)\[(\d+)\]/;
const POD_ROW = /app-\d+-[a-z0-9]+-[a-z0-9]{5}\s+\d\/\d\s/;

/** A benchmark cluster served from a worker thread. */
async function serveInWorker(scale: ClusterBenchOptions): Promise<{url: string; pods: number; close: () => Promise<void>}> {
	// the worker loads TypeScript through tsx's loader, registered in it before the module
	const file = new URL('./serve-worker.ts', import.meta.url).href;
	const boot = `import('tsx/esm/api').then(({register}) => { register(); return import(${JSON.stringify(file)}); })`;
	const worker = new Worker(boot, {eval: true, workerData: scale, resourceLimits: {maxOldGenerationSizeMb: 8192}});
	const ready = await new Promise<{url: string; pods: number}>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	const close = async () => {
		const closed = new Promise(res => worker.once('message', res));
		worker.postMessage('close');
		await closed;
		await worker.terminate();
	};
	return {...ready, close};
}

async function kubeconfigFigures(server: {url: string; pods: number}, figures: Record<string, string>): Promise<void> {
	const pods = server.pods;
	const label = `${pods.toLocaleString('en-US')} pods`;
	const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-dashboard-'));
	const kubeconfig = join(dir, 'kubeconfig');
	writeKubeconfig(kubeconfig, {server: server.url});
	try {
		gc();
		const heap0 = process.memoryUsage().heapUsed;
		const t0 = performance.now();
		const client = await createKubeconfigClient({kubeconfig, metrics: false});
		await client.firstPages();
		const r = render(<App client={client} prefs={{...DEFAULT_PREFERENCES, namespace: '', fps: 60}} width={160} height={45} />);
		const frame = () => r.lastFrame() ?? '';
		while (!POD_ROW.test(frame()) && performance.now() - t0 < 120_000) await tick();
		const first = performance.now() - t0;
		for (;;) {
			const m = COUNT.exec(frame());
			if ((m && Number(m[1]) >= pods) || performance.now() - t0 > 300_000) break;
			await new Promise(res => setTimeout(res, 5));
		}
		const whole = performance.now() - t0;
		figures[`kubeconfig, ${label}: first frame with pods`] = `${(first / 1000).toFixed(2)} s`;
		figures[`kubeconfig, ${label}: every pod listed`] = `${(whole / 1000).toFixed(2)} s`;
		await new Promise(res => setTimeout(res, 500));
		const scroll = await keyLatency(r, Array.from({length: 60}, (_, i) => (i % 10 === 9 ? '\x1b[6~' : i % 10 === 4 ? 'k' : 'j')));
		figures[`kubeconfig, ${label}: key to frame, scrolling (p50 / p95)`] = `${ms(percentile(scroll, 50))} / ${ms(percentile(scroll, 95))}`;
		r.stdin.write('/');
		await new Promise(res => setTimeout(res, 100));
		const filter = await keyLatency(r, [...'app-12', '\x7f', '\x7f', ...'34', '\x7f', '\x7f', '\x7f', '\x7f', ...'-9']);
		figures[`kubeconfig, ${label}: key to frame, filtering (p50 / p95)`] = `${ms(percentile(filter, 50))} / ${ms(percentile(filter, 95))}`;
		gc();
		const heap1 = process.memoryUsage().heapUsed;
		figures[`kubeconfig, ${label}: client heap after GC / process RSS`] = `${mib(heap1 - heap0)} / ${mib(process.memoryUsage().rss)}`;
		r.unmount();
		client.close();
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export async function runDashboardBench(scale: ClusterBenchOptions): Promise<Record<string, string>> {
	const figures: Record<string, string> = {};
	const server = await serveInWorker(scale);
	try {
		await kubeconfigFigures(server, figures);
	} finally {
		await server.close();
	}
	return figures;
}
