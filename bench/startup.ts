// Start-up figures: the embedded demo (`node dist/cli.js`, then `npm start`) in a real terminal,
// tmux at 160x45, timed from the moment the pane's shell hands over to the command (it writes the
// time to a file and execs it) to the output after which the screen first shows: any frame, a
// row of a web pod (whatever its status), and the three web pods Running (the demo's image pulls
// take simulated seconds at 1x, so this last one is mostly simulated time). The screen is read
// again after each output (tmux pipe-pane into a watched file), so reading costs the command
// little. On a machine shared with other work the wall times stretch; the CPU time node's main
// thread had used when the pods showed (from /proc, Linux; for `node ...` only) stretches much
// less and is about the wall time on an idle machine. The process's CPU time adds the compiler
// and garbage collector threads.
import {execFile, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, watch, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const WEB_POD = /web-[a-z0-9]+-[a-z0-9]{5}\s+\d\/\d\s/;
const WEB_RUNNING = /web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/g;

interface Run {
	frame: number;
	pods: number;
	running: number;
	/** CPU time (user and system) of the main thread when the pods showed, or NaN without /proc. */
	mainCpu: number;
	/** The same for the whole process (every thread). */
	processCpu: number;
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout) || 100;

/** CPU milliseconds used so far (utime and stime) by a process or thread, from its /proc stat file. */
function cpuMs(stat: string): number {
	try {
		const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
	} catch {
		return NaN;
	}
}

async function once(command: string, cwd: string, i: number): Promise<Run> {
	const session = `kubesim-startup-${process.pid}-${i}`;
	const home = mkdtempSync(join(tmpdir(), 'kubesim-startup-'));
	const stamp = join(home, 'started');
	// the pane's output is copied to a file: each write to it is the cue to read the screen again
	const log = join(home, 'pane.log');
	writeFileSync(log, '');
	let outputAt = 0;
	let wake: (() => void) | undefined;
	const watcher = watch(log, () => {
		outputAt = Date.now();
		wake?.();
	});
	const go = `${session}-go`;
	try {
		// the command waits on a tmux channel until the pane's output is being copied
		const shell = `tmux wait-for ${go}; cd ${cwd} && date +%s%3N > ${stamp} && exec env -u CI XDG_CONFIG_HOME=${home} NO_UPDATE_NOTIFIER=1 ${command}`;
		await run('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '45', shell]);
		await run('tmux', ['pipe-pane', '-t', session, `cat >> ${log}`]);
		// the shell execs the command: the pane's process becomes node (for `node ...`; npm otherwise)
		const pid = Number((await run('tmux', ['display-message', '-p', '-t', session, '#{pane_pid}'], {encoding: 'utf8'})).stdout);
		await run('tmux', ['wait-for', '-S', go]);
		const seen: Partial<Run> = {};
		const deadline = Date.now() + 60_000;
		while (seen.running === undefined) {
			if (Date.now() > deadline) throw new Error(`no web pods Running after 60 s; the screen was:\n${await capture(session)}`);
			// what the screen shows was printed at the latest output before this read
			const at = outputAt;
			const screen = await capture(session);
			if (seen.frame === undefined && screen.trim() !== '') seen.frame = at;
			if (seen.pods === undefined && WEB_POD.test(screen)) {
				seen.pods = at;
				const node = command.startsWith('node ');
				seen.mainCpu = node ? cpuMs(`/proc/${pid}/task/${pid}/stat`) : NaN;
				seen.processCpu = node ? cpuMs(`/proc/${pid}/stat`) : NaN;
			}
			if ((screen.match(WEB_RUNNING) ?? []).length >= 3) seen.running = at;
			// more output, or a second (should a change go unreported)
			if (outputAt === at) await new Promise<void>(res => ((wake = res), setTimeout(res, 1000)));
		}
		const start = Number(readFileSync(stamp, 'utf8'));
		return {frame: seen.frame! - start, pods: seen.pods! - start, running: seen.running - start, mainCpu: seen.mainCpu!, processCpu: seen.processCpu!};
	} finally {
		watcher.close();
		spawnSync('tmux', ['kill-session', '-t', session]);
		rmSync(home, {recursive: true, force: true});
	}
}

async function capture(session: string): Promise<string> {
	return (await run('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'})).stdout;
}

function median(values: number[]): number {
	const v = [...values].sort((a, b) => a - b);
	const m = Math.floor(v.length / 2);
	return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * Runs `command` (default the compiled demo) in `cwd` (default this checkout) `runs` times; the
 * figures are medians, with the range.
 */
export async function runStartupBench(runs = 5, command = 'node dist/cli.js', cwd = root): Promise<Record<string, string | number>> {
	if (spawnSync('tmux', ['-V']).status !== 0) return {skipped: 'tmux is not installed (apt-get install tmux)'};
	const build = spawnSync(process.execPath, [join(root, 'scripts/build.js'), '--if-stale'], {stdio: 'inherit'});
	if (build.status !== 0) throw new Error('npm run build failed');
	const all: Run[] = [];
	for (let i = 0; i < runs; i++) all.push(await once(command, cwd, i));
	const figure = (k: keyof Run) => {
		const v = all.map(r => r[k]);
		if (v.some(Number.isNaN)) return 'n/a';
		return `${median(v).toFixed(0)} ms (${Math.min(...v).toFixed(0)}-${Math.max(...v).toFixed(0)})`;
	};
	return {
		command,
		runs,
		'first frame': figure('frame'),
		'first frame with pods': figure('pods'),
		'CPU time by then, main thread': figure('mainCpu'),
		'CPU time by then, every thread': figure('processCpu'),
		'web pods Running (simulated image pulls at 1x)': figure('running'),
	};
}
