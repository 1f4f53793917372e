// Renders the dashboard on a demo cluster with a manual clock: keys in, frames out.
import React from 'react';
import {render} from 'ink-testing-library';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {createCluster, type Cluster, type ClusterOptions} from '../../source/cluster/index.js';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {App} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES, type Preferences} from '../../source/config/preferences.js';

// never open a real editor from a test
process.env.EDITOR = 'true';
process.env.KUBE_EDITOR = 'true';

export function demoManifests(): Array<{source: string; text: string}> {
	const dir = 'manifests';
	return readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(f => ({source: join(dir, f), text: readFileSync(join(dir, f), 'utf8')}));
}

/** A driver host whose time only moves when the test says so. */
export function manualHost() {
	let now = 0;
	const tickers: Array<() => void> = [];
	return {
		host: {now: () => now, every: (_ms: number, fn: () => void) => (tickers.push(fn), () => {})},
		/** Moves real time by ms and runs the driver's tick. */
		tick(ms: number) {
			now += ms;
			for (const t of tickers) t();
		},
	};
}

export const tick = () => new Promise(r => setImmediate(r));

export async function settle(times = 3): Promise<void> {
	for (let i = 0; i < times; i++) await tick();
	await new Promise(r => setTimeout(r, 60));
	for (let i = 0; i < times; i++) await tick();
}

export interface Harness {
	cluster: Cluster;
	client: EmbeddedClient;
	frame(): string;
	press(...keys: string[]): Promise<string>;
	type(text: string): Promise<string>;
	advance(ms: number): Promise<string>;
	unmount(): void;
}

export async function start(opts: {cluster?: ClusterOptions; prefs?: Partial<Preferences>; readonly?: boolean; width?: number; height?: number; warmup?: number} = {}): Promise<Harness> {
	const cluster = createCluster({seed: 3, manifests: demoManifests(), ...opts.cluster});
	cluster.advance(opts.warmup ?? 30_000);
	const {host} = manualHost();
	const client = new EmbeddedClient(cluster, {host, paused: true});
	const prefs = {...DEFAULT_PREFERENCES, fps: 60, ...opts.prefs};
	const keys = await drive(<App client={client} prefs={prefs} readonly={opts.readonly} width={opts.width ?? 160} height={opts.height ?? 45} />);
	const {frame} = keys;
	return {
		cluster,
		client,
		...keys,
		async advance(ms: number) {
			client.sim.step(ms);
			await settle();
			return frame();
		},
	};
}

export interface Keys {
	frame(): string;
	press(...keys: string[]): Promise<string>;
	type(text: string): Promise<string>;
	unmount(): void;
}

/** Renders an element and returns the key-driving helpers every UI test uses. */
export async function drive(element: React.ReactElement): Promise<Keys> {
	const r = render(element);
	await settle();
	const frame = () => r.lastFrame() ?? '';
	return {
		frame,
		async press(...keys: string[]) {
			for (const k of keys) {
				r.stdin.write(k);
				await settle(1);
			}
			await settle();
			return frame();
		},
		async type(text: string) {
			for (const ch of text) {
				r.stdin.write(ch);
				await settle(1);
			}
			await settle();
			return frame();
		},
		unmount: () => r.unmount(),
	};
}

export const KEYS = {enter: '\r', esc: '\x1b', up: '\x1b[A', down: '\x1b[B', pgup: '\x1b[5~', pgdn: '\x1b[6~', ctrlD: '\x04', ctrlW: '\x17', ctrlK: '\x0b', ctrlL: '\x0c', ctrlP: '\x10', tab: '\t', backspace: '\x7f'};
