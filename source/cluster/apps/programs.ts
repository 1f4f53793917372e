// How a container's command becomes a running program: Docker's ENTRYPOINT/CMD rules, the
// image's own executables, its shell and coreutils, and the runtime's error when none fits.
import type {ExecResult, ExecRun, HttpResponse, Listening, ProcessContext, Request, Step} from './types.js';
import {isUtility, parseShellArgs, runShellArgs, runUtility, scanCommands, sigtermExitCode, type ShellFlavor, type ShellOptions, type Userland} from './shell/index.js';
import {SLEEP_FOREVER} from './time.js';

/** What one command does once started. */
export interface Program {
	run(): Iterator<Step>;
	/** Where it accepts connections and from when; absent: nowhere. */
	listen?: Listening;
	/** Resident bytes once started; absent: the image default. */
	memory?: number;
	/** Millicores wanted regardless of traffic; absent: the image default. */
	cpu?: number;
	/** Steps after SIGTERM arriving at epoch ms `at`; absent or no `exit`: ignores the signal. */
	onSigterm?(at: number): Step[];
	/** Set when the runtime cannot start it at all. */
	startError?: string;
	/** An HTTP answer; `uptimeMs` is how long the process has run (a server whose answer changes with time). */
	respond?(method: string, path: string, uptimeMs?: number): HttpResponse | undefined;
	accessLog?(req: Request): string;
}

export type OsKind = 'debian' | 'ubuntu' | 'alpine' | 'busybox' | 'scratch';

export interface Os {
	kind: OsKind;
	/** `12`, `3.21.3`, `24.04`. */
	release?: string;
}

/** Everything a program factory needs to know about where it runs. */
export interface Launch {
	ctx: ProcessContext;
	os: Os;
	/** The image's software version for this tag: `1.27.5`. */
	version: string;
	tag: string;
	/** Image env merged with the container's env. */
	env: Record<string, string>;
	imageEnv: Record<string, string>;
	path: string;
	programs: Record<string, ProgramFactory>;
	/** Files the image ships, path -> content. */
	files?: Record<string, string>;
	/** For images outside the catalogue: any other executable is the image's own server. */
	fallback?: ProgramFactory;
	/** Set for `kubectl exec`/exec probes: how long the main process has been running. */
	uptimeMs?: number;
}

export type ProgramFactory = (argv: string[], l: Launch) => Program;

/** A program that exits at once with `code` after some lines. */
export function finished(steps: Step[], code = 0): Program {
	return {run: () => [...steps, {exit: code}][Symbol.iterator]()};
}

export function* forever(): Generator<Step, never, undefined> {
	for (;;) yield {sleep: SLEEP_FOREVER};
}

export function stdout(out: string): Step {
	return {out};
}

export function stderr(out: string): Step {
	return {out, stream: 'stderr'};
}

/** A virtual clock for writing a program's start-up: `t.at()` is the current epoch ms. */
export class Timeline {
	private elapsed = 0;
	constructor(private readonly start: number) {}
	at(): number {
		return this.start + this.elapsed;
	}
	sleep(ms: number): Step {
		this.elapsed += ms;
		return {sleep: ms};
	}
}

/**
 * Kubernetes' `$(VAR)` expansion in command and args: defined variables are replaced,
 * undefined ones kept as written, `$$` escapes a dollar.
 */
export function expandKubernetesVars(value: string, env: Record<string, string>): string {
	// an object that reached the runtime with a non-string item reads it as Go would print it
	const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '$' && text[i + 1] === '$') {
			out += '$';
			i++;
			continue;
		}
		if (c === '$' && text[i + 1] === '(') {
			const end = text.indexOf(')', i + 2);
			const name = end < 0 ? '' : text.slice(i + 2, end);
			if (end >= 0 && /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name) && Object.hasOwn(env, name)) {
				out += env[name];
				i = end;
				continue;
			}
		}
		out += c;
	}
	return out;
}

/**
 * The argv a container runs, like Docker and Kubernetes: `command` replaces ENTRYPOINT (and
 * drops CMD), `args` replace CMD. `$(VAR)` references are expanded from the container's env.
 */
export function resolveArgv(entrypoint: string[], cmd: string[], ctx: ProcessContext): string[] {
	const command = Array.isArray(ctx.command) && ctx.command.length ? ctx.command.map((s) => expandKubernetesVars(s, ctx.env)) : undefined;
	const args = Array.isArray(ctx.args) && ctx.args.length ? ctx.args.map((s) => expandKubernetesVars(s, ctx.env)) : undefined;
	if (command) return [...command, ...(args ?? [])];
	if (args) return [...entrypoint, ...args];
	return [...entrypoint, ...cmd];
}

export function basename(p: string): string {
	const i = p.lastIndexOf('/');
	return i < 0 ? p : p.slice(i + 1);
}

function runtimeError(detail: string): string {
	return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${detail}: unknown`;
}

/** The runtime's message for an executable that does not exist. */
export function notFoundError(name: string): string {
	if (name.includes('/')) return runtimeError(`exec: "${name}": stat ${name}: no such file or directory`);
	return runtimeError(`exec: "${name}": executable file not found in $PATH`);
}

function userlandOf(os: Os): Userland | undefined {
	switch (os.kind) {
		case 'debian':
		case 'ubuntu':
			return 'gnu';
		case 'alpine':
		case 'busybox':
			return 'busybox';
		case 'scratch':
			return undefined;
	}
}

function shellsOf(os: Os): Record<string, ShellFlavor> {
	switch (os.kind) {
		case 'debian':
			return {sh: 'dash', dash: 'dash', bash: 'bash'};
		case 'ubuntu':
			return {sh: 'dash', dash: 'dash', bash: 'bash'};
		case 'alpine':
		case 'busybox':
			return {sh: 'ash', ash: 'ash'};
		case 'scratch':
			return {};
	}
}

function osRelease(os: Os): string | undefined {
	switch (os.kind) {
		case 'debian':
			return `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n`;
		case 'ubuntu': {
			const noble = (os.release ?? '24.04').startsWith('24');
			const name = noble ? 'noble' : 'jammy';
			const full = noble ? '24.04.1 LTS' : '22.04.5 LTS';
			return `PRETTY_NAME="Ubuntu ${full}"\nNAME="Ubuntu"\nVERSION_ID="${noble ? '24.04' : '22.04'}"\nVERSION="${full.replace(' LTS', '')} LTS (${noble ? 'Noble Numbat' : 'Jammy Jellyfish'})"\nVERSION_CODENAME=${name}\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nUBUNTU_CODENAME=${name}\n`;
		}
		case 'alpine': {
			const release = os.release ?? '3.21.3';
			const minor = release.split('.').slice(0, 2).join('.');
			return `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${release}\nPRETTY_NAME="Alpine Linux v${minor}"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`;
		}
		default:
			return undefined;
	}
}

/** The entry of a name-keyed table, ignoring inherited properties (`constructor`). */
export function own<T>(table: Record<string, T>, key: string | undefined): T | undefined {
	return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Shell options for a program running in this image. */
export function shellOptions(l: Launch, arg0: string, flavor?: ShellFlavor): ShellOptions {
	const userland = userlandOf(l.os) ?? 'busybox';
	const shells = shellsOf(l.os);
	const release = osRelease(l.os);
	return {
		flavor: flavor ?? shells.sh,
		userland,
		arg0,
		shells,
		imageEnv: l.imageEnv,
		path: l.path,
		offsetMs: l.uptimeMs,
		rootFiles: {...(release ? {'/etc/os-release': release} : {}), ...l.files},
		external: (argv, env) => {
			const factory = own(l.programs, basename(argv[0]));
			if (!factory) return l.ctx.tools?.(argv, env, l.os.kind, l.version);
			const p = factory(argv, {...l, env: {...l.env, ...env}});
			return p.startError ? undefined : p.run();
		},
	};
}

/**
 * Starts argv in the image: its own executables first, then its shells, then its coreutils,
 * then a script file from the container's files; otherwise the runtime refuses.
 */
export function launch(argv: string[], l: Launch): Program {
	if (argv.length === 0) return {run: () => [{exit: 128} as Step][Symbol.iterator](), startError: runtimeError('exec: no command specified')};
	const name = argv[0];
	const base = basename(name);
	const factory = own(l.programs, base);
	if (factory) return factory(argv, l);
	const shells = shellsOf(l.os);
	const flavor = own(shells, base);
	if (flavor && (!name.includes('/') || /^\/(usr\/)?bin\//.test(name))) return shellProgram(argv, l, flavor);
	const userland = userlandOf(l.os);
	if (userland && isUtility(base) && (!name.includes('/') || /^\/(usr\/)?s?bin\//.test(name))) {
		return {
			run: () => runUtility(argv, l.ctx, {...shellOptions(l, name), flavor: userland === 'gnu' ? 'bash' : 'ash'}),
			memory: 256 * 1024,
			cpu: 0,
		};
	}
	if (userland && name.includes('/') && l.ctx.files[name] !== undefined) {
		const script = l.ctx.files[name];
		const interp = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
		const shell = interp ? basename(interp[1]) === 'env' ? interp[2] : basename(interp[1]) : 'sh';
		const scriptFlavor = own(shells, shell);
		if (shell && scriptFlavor) return shellProgram([shell, name, ...argv.slice(1)], l, scriptFlavor);
		return {run: () => [{exit: 128} as Step][Symbol.iterator](), startError: notFoundError(interp?.[1] ?? name)};
	}
	const tool = l.ctx.tools?.(argv, l.env, l.os.kind, l.version);
	if (tool) return {run: () => tool};
	if (l.fallback) return l.fallback(argv, l);
	return {run: () => [{exit: 128} as Step][Symbol.iterator](), startError: notFoundError(name)};
}

const SHELL_MEMORY = 512 * 1024;

/** `sh -c script`: the shell, and the server the script starts if it starts one. */
function shellProgram(argv: string[], l: Launch, flavor: ShellFlavor): Program {
	const parsed = parseShellArgs(argv.slice(1));
	const script = parsed.script ?? (parsed.file !== undefined ? l.ctx.files[parsed.file] : undefined);
	let server: Program | undefined;
	if (script) {
		for (const cmd of scanCommands(script)) {
			const factory = own(l.programs, basename(cmd[0]));
			if (!factory) continue;
			const p = factory(cmd, l);
			if (p.listen && p.listen.ports.length > 0) {
				server = p;
				break;
			}
		}
	}
	const trapped = script ? sigtermExitCode(script) : undefined;
	// an interactive shell on an open stdin (`kubectl run -it`) waits for what is typed at it:
	// an attached client runs its commands, and its `exit` ends the process
	const waiting = script === undefined && parsed.file === undefined && l.ctx.stdin === true;
	return {
		run: waiting ? () => [{sleep: Infinity} as Step][Symbol.iterator]() : () => runShellArgs(argv.slice(1), l.ctx, shellOptions(l, argv[0], flavor)),
		listen: server?.listen,
		memory: server?.memory ?? SHELL_MEMORY,
		cpu: server?.cpu ?? 0,
		onSigterm: trapped !== undefined ? () => [{exit: trapped}] : server?.onSigterm,
		respond: server?.respond,
		accessLog: server?.accessLog,
	};
}

/** Whether argv names one of the image's coreutils (not a program of its own), which can read stdin. */
function readsStdin(argv: string[], l: Launch): boolean {
	const name = argv[0] ?? '';
	const base = basename(name);
	return !own(l.programs, base) && !!userlandOf(l.os) && isUtility(base) && (!name.includes('/') || /^\/(usr\/)?s?bin\//.test(name));
}

/** Steps a command may take when it is run to the end in one call (an exec probe). */
const MAX_STEPS = 1_000_000;

/**
 * Starts a command in a running container, to be run in slices: `kubectl exec`, whose driver
 * gives it a few steps at a time so that a busy loop cannot hold the API server, and stops it
 * when the client goes away. The command ends when it exits or `timeoutMs` of virtual time pass.
 */
export function startCommand(argv: string[], l: Launch, timeoutMs: number, stdin?: string): ExecRun {
	const program = launch(argv, l);
	if (program.startError) {
		const detail = program.startError.replace(/^.*unable to start container process: (error during container init: )?/, '');
		const failed: ExecResult = {exitCode: 126, stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: ${detail}\n`, durationMs: 0};
		return {step: () => failed, stop: () => failed};
	}
	let it: Iterator<Step> | undefined;
	let out = '';
	let err = '';
	let duration = 0;
	let result: ExecResult | undefined;
	const end = (r: ExecResult): ExecResult => {
		result = r;
		const running = it;
		it = undefined;
		running?.return?.();
		return r;
	};
	return {
		step(steps) {
			if (result) return result;
			if (!it) {
				if (stdin !== undefined && ['sh', 'bash', 'ash', 'dash'].includes(basename(argv[0]))) {
					it = runShellArgs(argv.slice(1), l.ctx, {...shellOptions(l, argv[0]), stdin});
				} else if (stdin !== undefined && readsStdin(argv, l)) {
					// a utility run directly reads the client's stdin (`kubectl cp` runs `tar -xmf -`)
					it = runUtility(argv, l.ctx, {...shellOptions(l, argv[0]), flavor: userlandOf(l.os) === 'gnu' ? 'bash' : 'ash', stdin});
				} else it = program.run();
			}
			for (let n = 0; n < steps; n++) {
				const r = it!.next();
				if (r.done) return end({exitCode: 0, stdout: out, stderr: err, durationMs: duration});
				const step = r.value;
				if ('exit' in step) return end({exitCode: step.exit, stdout: out, stderr: err, durationMs: duration});
				if ('sleep' in step) {
					if (duration + step.sleep > timeoutMs) return end({exitCode: -1, stdout: out, stderr: err, durationMs: timeoutMs, timedOut: true});
					duration += step.sleep;
				} else if (step.stream === 'stderr') err += step.out + '\n';
				else out += step.out + '\n';
			}
			return undefined;
		},
		stop() {
			return result ?? end({exitCode: 137, stdout: out, stderr: err, durationMs: duration});
		},
	};
}

/**
 * Runs a command in a running container until it exits or `timeoutMs` passes (exec probes):
 * at most a million steps, after which it counts as timed out.
 */
export function execCommand(argv: string[], l: Launch, timeoutMs: number, stdin?: string): ExecResult {
	const run = startCommand(argv, l, timeoutMs, stdin);
	const r = run.step(MAX_STEPS);
	if (r) return r;
	return {...run.stop(), exitCode: -1, durationMs: timeoutMs, timedOut: true};
}
