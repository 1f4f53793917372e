// End to end: `npm start` in a real terminal (tmux), keys in with send-keys, the screen read
// back with capture-pane. Ink renders nothing interactive under CI, so the app runs with CI unset.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `kubesim-e2e-${process.pid}`;
const root = resolve(import.meta.dirname, '../..');
let home = '';

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

function screen(): string {
	return tmux('capture-pane', '-p', '-t', session);
}

async function waitFor(what: RegExp | string, timeoutMs = 60_000): Promise<string> {
	const until = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < until) {
		last = screen();
		if (typeof what === 'string' ? last.includes(what) : what.test(last)) return last;
		await new Promise(r => setTimeout(r, 200));
	}
	throw new Error(`timed out waiting for ${what}; screen was:\n${last}`);
}

async function keys(...k: string[]): Promise<void> {
	for (const x of k) {
		tmux('send-keys', '-t', session, x);
		await new Promise(r => setTimeout(r, 120));
	}
}

if (!hasTmux && process.env.CI) throw new Error('tmux is required for the end-to-end test under CI');

describe.skipIf(!hasTmux)('npm start in tmux', () => {
	beforeAll(() => {
		home = mkdtempSync(join(tmpdir(), 'kubesim-e2e-'));
		tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '45', `cd ${root} && env -u CI XDG_CONFIG_HOME=${home} NO_UPDATE_NOTIFIER=1 npm start --silent; echo KUBESIM-EXITED; sleep 30`);
	});

	afterAll(() => {
		spawnSync('tmux', ['kill-session', '-t', session]);
		if (home) rmSync(home, {recursive: true, force: true});
	});

	it('opens the dashboard, switches views, scales, and quits with :q', async () => {
		let s = await waitFor(/pods\(default\)\[\d+\]/);
		expect(s).toContain('Cluster: kubesim');
		s = await waitFor(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
		await keys(':', 'deploy', 'Enter');
		s = await waitFor(/deployments\(default\)\[3\]/);
		expect(s).toMatch(/NAME.?\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
		await keys('/', 'redis', 'Enter', 's');
		s = await waitFor('Scale deployment redis to: 1');
		await keys('BSpace', '2', 'Enter');
		s = await waitFor('scaled deployment/redis to 2');
		s = await waitFor(/redis\s+2\/2\s+2\s+2/, 60_000);
		await keys('Escape', ':', 'svc', 'Enter');
		s = await waitFor(/web\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+172\.18\.255\.\d+/);
		await keys(':', 'q', 'Enter');
		await waitFor('KUBESIM-EXITED', 15_000);
	}, 120_000);
});
