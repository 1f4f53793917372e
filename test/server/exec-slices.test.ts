// A command in `kubectl exec` runs in slices beside the API server: a busy loop never holds the
// server, and a session whose client went away stops its command.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import type {ExecRun} from '../../source/cluster/apps/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';

let cluster: Cluster;
let server: KubeApiServer;
/** Every command the server started, with how often it was stepped and whether it was stopped. */
const runs: Array<{steps: number; stopped: boolean; ended: boolean}> = [];

beforeAll(async () => {
	cluster = createCluster({nodes: 1, seed: 3});
	cluster.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'box', namespace: 'default'}, spec: {containers: [{name: 'box', image: 'busybox:1.36', command: ['sleep', '3600']}]}});
	cluster.advance(30_000);
	const start = cluster.startExec.bind(cluster);
	cluster.startExec = (...args: Parameters<Cluster['startExec']>): ExecRun => {
		const run = start(...args);
		const seen = {steps: 0, stopped: false, ended: false};
		runs.push(seen);
		return {
			step: n => {
				seen.steps++;
				const r = run.step(n);
				if (r) seen.ended = true;
				return r;
			},
			stop: () => {
				seen.stopped = true;
				return run.stop();
			},
		};
	};
	server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
	await server.close();
});

function execSocket(script: string): {ws: WebSocket; opened: Promise<void>; frames: Buffer[]} {
	const q = new URLSearchParams([['command', 'sh'], ['command', '-c'], ['command', script], ['stdout', 'true'], ['stderr', 'true']]);
	const ws = new WebSocket(`${server.url().replace('http', 'ws')}/api/v1/namespaces/default/pods/box/exec?${q}`, ['v5.channel.k8s.io']);
	const frames: Buffer[] = [];
	ws.on('message', (d: Buffer) => frames.push(d));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	return {ws, opened, frames};
}

const closed = (ws: WebSocket) => new Promise<void>(resolve => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())));

async function version(): Promise<number> {
	const r = await fetch(`${server.url()}/version`);
	await r.arrayBuffer();
	return r.status;
}

describe('exec of a busy loop', () => {
	for (const [what, script] of [
		['while true; do :; done', 'while true; do :; done'],
		['a counting loop to 1e8', 'i=0; while [ $i -lt 100000000 ]; do i=$((i+1)); done; echo $i'],
	] as const) {
		it(`${what}: /version answers while it runs, and closing the session stops it`, async () => {
			const before = runs.length;
			const {ws, opened, frames} = execSocket(script);
			await opened;
			// the command is running: the server still answers, time after time
			for (let k = 0; k < 5; k++) expect(await version()).toBe(200);
			const run = runs[before]!;
			expect(run).toBeDefined();
			expect(run.ended).toBe(false);
			expect(frames.some(f => f[0] === 3)).toBe(false);
			expect(run.steps).toBeGreaterThan(0);
			ws.close();
			await closed(ws);
			// the server sees the close on its next turns: the command is stopped, no longer stepped
			while (!run.stopped) expect(await version()).toBe(200);
			const steps = run.steps;
			for (let k = 0; k < 3; k++) expect(await version()).toBe(200);
			expect(run.steps).toBe(steps);
			expect(run.ended).toBe(false);
		});
	}

	it('a command that ends is answered with its output and exit status', async () => {
		const {ws, opened, frames} = execSocket('i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; echo $i; exit 3');
		await opened;
		await closed(ws);
		const out = frames.filter(f => f[0] === 1).map(f => f.subarray(1).toString()).join('');
		expect(out).toBe('3000\n');
		const status = JSON.parse(frames.find(f => f[0] === 3)!.subarray(1).toString());
		expect(status.reason).toBe('NonZeroExitCode');
		expect(status.details.causes[0].message).toBe('3');
	});
});
