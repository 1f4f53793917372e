// End to end: `npm start` in a real terminal (tmux), keys in with send-keys, the screen read
// back with capture-pane. Ink renders nothing interactive under CI, so the app runs with CI unset.
// The pane's output is copied to a file (pipe-pane) and every write to it is the signal to read
// the screen again; each key waits for the screen to show its effect before the next is sent.
// Needs tmux: skipped with the reason outside CI, failed in CI.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {execFile, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, watch, writeFileSync, type FSWatcher} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {describeWithTool, tmuxTool} from '../tools.js';
import {Signal, waitFor} from '../wait.js';

const run = promisify(execFile);
const session = `kubesim-e2e-${process.pid}`;
const root = resolve(import.meta.dirname, '../..');
let home = '';
let watcher: FSWatcher | undefined;
/** Fires whenever the pane prints something. */
const output = new Signal();

async function tmux(...args: string[]): Promise<string> {
	return (await run('tmux', args, {encoding: 'utf8'})).stdout;
}

const screen = () => tmux('capture-pane', '-p', '-t', session);

/** The screen once it shows `what`: read again after every output of the pane, at most `outputs` times. */
async function waitForScreen(what: RegExp | string, outputs = 5000): Promise<string> {
	let last = '';
	return waitFor(
		`${what} on the screen`,
		async () => {
			last = await screen();
			return (typeof what === 'string' ? last.includes(what) : what.test(last)) && last;
		},
		output,
		{tries: outputs, describe: () => `screen was:\n${last}`},
	);
}

/** Sends one key (or a word) and waits for the screen to show `effect`. */
async function key(k: string, effect: RegExp | string): Promise<string> {
	await tmux('send-keys', '-t', session, k);
	return waitForScreen(effect);
}

describeWithTool(tmuxTool, 'npm start in tmux', () => {
	beforeAll(async () => {
		home = mkdtempSync(join(tmpdir(), 'kubesim-e2e-'));
		const log = join(home, 'pane.log');
		writeFileSync(log, '');
		watcher = watch(log, () => output.fire());
		// the command waits on a tmux channel until the pane's output is being copied
		const go = `${session}-go`;
		await tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '45', `tmux wait-for ${go}; cd ${root} && env -u CI XDG_CONFIG_HOME=${home} NO_UPDATE_NOTIFIER=1 npm start --silent; echo KUBESIM-EXITED; read -r _`);
		await tmux('pipe-pane', '-t', session, `cat >> ${log}`);
		await tmux('wait-for', '-S', go);
	});

	afterAll(() => {
		watcher?.close();
		spawnSync('tmux', ['kill-session', '-t', session]);
		if (home) rmSync(home, {recursive: true, force: true});
	});

	it('opens the dashboard, switches views, scales, and quits with :q', async () => {
		let s = await waitForScreen(/pods\(default\)\[\d+\]/);
		expect(s).toContain('Cluster: kubesim');
		s = await waitForScreen(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
		await key(':', /^:$/m);
		await key('deploy', /^:deploy/m);
		s = await key('Enter', /deployments\(default\)\[3\]/);
		expect(s).toMatch(/NAME.?\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
		await key('/', /^\/$/m);
		await key('redis', /^\/redis$/m);
		await key('Enter', /deployments\(default\) \/redis\[1\]/);
		await key('s', /^Scale deployment redis to: 1$/m);
		await key('BSpace', /^Scale deployment redis to:$/m);
		await key('2', /^Scale deployment redis to: 2$/m);
		await key('Enter', 'scaled deployment/redis to 2');
		await waitForScreen(/redis\s+2\/2\s+2\s+2/);
		await key('Escape', /deployments\(default\)\[3\]/);
		await key(':', /^:$/m);
		await key('svc', /^:svc/m);
		s = await key('Enter', /services\(default\)/);
		s = await waitForScreen(/web\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+172\.18\.255\.\d+/);
		// what a terminal may send besides keys: a cursor position request and report, a mouse report
		await tmux('send-keys', '-t', session, '-l', '\x1b[6n\x1b[12;40R\x1b[<0;3;4M');
		// a paste: bracketed, since the dashboard asks for it; outside a prompt it does nothing
		await tmux('set-buffer', ':deploy');
		await tmux('paste-buffer', '-p', '-t', session);
		await key(':', /^:$/m);
		await tmux('set-buffer', 'pods');
		await tmux('paste-buffer', '-p', '-t', session);
		await waitForScreen(/^:pods/m);
		s = await key('Enter', /pods\(default\)\[\d+\]/);
		// several keys in one write
		await tmux('send-keys', '-t', session, '-l', ':deploy\r');
		await waitForScreen(/deployments\(default\)\[3\]/);
		await tmux('resize-window', '-t', session, '-x', '80', '-y', '24');
		await waitForScreen(/deployments\(default\)\[3\]/);
		await key(':', /^:$/m);
		await key('q', /^:q/m);
		await key('Enter', 'KUBESIM-EXITED');
	}, 120_000);
});
