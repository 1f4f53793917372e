// Renders the dashboard on a demo cluster with a manual clock: keys in, frames out. The
// simulator's time moves only when a test advances it, and so do the dashboard's own timers
// (its frame scheduler, the log refresh): start() fakes setTimeout/setInterval and performance,
// and each key or step runs the event loop dry and then one frame interval of that fake clock.
import React from 'react';
import {vi} from 'vitest';
import {render} from 'ink-testing-library';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {createCluster, type Cluster, type ClusterOptions} from '../../source/cluster/index.js';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {App, type AppProps} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES, type Preferences} from '../../source/config/preferences.js';
import {Signal, quiet, waitFor, type WaitOptions} from '../wait.js';

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

export interface Harness extends Keys {
	cluster: Cluster;
	client: EmbeddedClient;
	/** Draws the dashboard at another terminal size, as a resize would. */
	resize(width: number, height: number): Promise<string>;
	/** Steps simulated time by `ms` and returns the frame that shows it. */
	advance(ms: number): Promise<string>;
}

const FPS = 60;
/** The dashboard renders cluster changes at most FPS times a second: one frame interval, in ms. */
const FRAME_MS = Math.ceil(1000 / FPS);

export async function start(opts: {cluster?: ClusterOptions; prefs?: Partial<Preferences>; readonly?: boolean; width?: number; height?: number; warmup?: number; app?: Partial<AppProps>} = {}): Promise<Harness> {
	const cluster = createCluster({seed: 3, manifests: demoManifests(), ...opts.cluster});
	cluster.advance(opts.warmup ?? 30_000);
	const {host} = manualHost();
	const client = new EmbeddedClient(cluster, {host, paused: true});
	const prefs = {...DEFAULT_PREFERENCES, fps: FPS, ...opts.prefs};
	vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance']});
	let keys: Keys;
	const app = (width: number, height: number) => <App client={client} prefs={prefs} readonly={opts.readonly} width={width} height={height} {...opts.app} />;
	try {
		keys = await drive(app(opts.width ?? 160, opts.height ?? 45));
	} catch (e) {
		vi.useRealTimers();
		throw e;
	}
	return {
		cluster,
		client,
		...keys,
		async resize(width: number, height: number) {
			keys.rerender(app(width, height));
			await keys.settle();
			return keys.frame();
		},
		async advance(ms: number) {
			client.sim.step(ms);
			await keys.settle();
			return keys.frame();
		},
		unmount() {
			keys.unmount();
			vi.useRealTimers();
		},
	};
}

export interface Keys {
	frame(): string;
	press(...keys: string[]): Promise<string>;
	type(text: string): Promise<string>;
	/**
	 * The first frame from now on that passes `test`: checked after every render, or, with the
	 * timers faked, after every timer the fake clock runs (at most `tries` of them).
	 */
	waitFor(what: string, test: (frame: string) => boolean, opts?: WaitOptions): Promise<string>;
	/** Fires on every frame written. */
	renders: Signal;
	/** Runs the event loop until nothing more renders, and with the timers faked, one frame interval of them. */
	settle(): Promise<void>;
	rerender(element: React.ReactElement): void;
	unmount(): void;
}

/** Renders an element and returns the key-driving helpers every UI test uses. */
export async function drive(element: React.ReactElement): Promise<Keys> {
	const r = render(element);
	const renders = new Signal();
	const write = r.stdout.write;
	r.stdout.write = (frame: string) => {
		write(frame);
		renders.fire();
	};
	const frame = () => r.lastFrame() ?? '';
	const idle = () => quiet(() => renders.count);
	const settle = async () => {
		await idle();
		if (vi.isFakeTimers()) {
			await vi.advanceTimersByTimeAsync(FRAME_MS);
			await idle();
		}
	};
	await settle();
	const nextTimer = async () => {
		await vi.advanceTimersToNextTimerAsync();
		await idle();
	};
	return {
		frame,
		renders,
		settle,
		async press(...keys: string[]) {
			for (const k of keys) {
				r.stdin.write(k);
				await settle();
			}
			return frame();
		},
		async type(text: string) {
			for (const ch of text) {
				r.stdin.write(ch);
				await settle();
			}
			return frame();
		},
		waitFor(what, test, opts = {}) {
			const fake = vi.isFakeTimers();
			return waitFor(what, () => test(frame()) && frame(), fake ? nextTimer : renders, {tries: fake ? 1000 : undefined, describe: () => `last frame:\n${frame()}`, ...opts});
		},
		rerender: element => r.rerender(element),
		unmount: () => r.unmount(),
	};
}

export const KEYS = {enter: '\r', esc: '\x1b', up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', pgup: '\x1b[5~', pgdn: '\x1b[6~', ctrlD: '\x04', ctrlW: '\x17', ctrlK: '\x0b', ctrlL: '\x0c', ctrlP: '\x10', tab: '\t', backspace: '\x7f'};

/** A side pane's text (a lesson's, a drill's), read out of the frame, its lines joined with single spaces. */
export function prose(frame: string): string {
	const lines = frame.split('\n');
	const top = lines.find(l => l.includes('┌'));
	if (!top) return '';
	const col = top.indexOf('┌');
	return lines
		.map(l => l.slice(col))
		.filter(l => l.startsWith('│'))
		.map(l => l.replace(/^│|│$/g, ''))
		.join(' ')
		.replace(/\s+/g, ' ');
}
