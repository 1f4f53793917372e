// What a simulated container image is and what its process does. The kubelet asks the
// catalogue for an image, pulls its layers, then runs the process step by step on the
// virtual clock: printing lines, sleeping, exiting.
import type {Rng} from '../core/rng.js';

export interface Layer {
	digest: string;
	size: number;
}

/** A resolved image reference: `nginx:1.27` -> docker.io/library/nginx:1.27. */
export interface ImageRef {
	/** What the user wrote. */
	image: string;
	/** Fully qualified: `docker.io/library/nginx:1.27`. */
	fullName: string;
	repository: string;
	tag: string;
	/** `sha256:...` when the reference pins a digest (`nginx@sha256:...`); `tag` is then '' unless also given. */
	digest?: string;
	/**
	 * Set when the reference cannot be parsed (upper case, bad characters): the kubelet's
	 * InvalidImageName message, `Failed to apply default image tag "Nginx": couldn't parse image name ...`.
	 */
	error?: string;
}

/**
 * One step of a simulated process. `out` is one log line without its newline (stdout unless
 * `stream` says stderr); `sleep` is in milliseconds of virtual time; `exit` ends the process.
 */
export type Step =
	| {out: string; stream?: 'stdout' | 'stderr'}
	| {sleep: number}
	| {exit: number};

/** What the process sees when it starts. */
export interface ProcessContext {
	command?: string[];
	args?: string[];
	env: Record<string, string>;
	hostname: string;
	podName: string;
	namespace: string;
	podIP: string;
	/** Virtual wall time (epoch ms) when the process starts. */
	startedAt: number;
	rng: Rng;
	/**
	 * Files mounted from ConfigMaps/Secrets, path -> content. This is the container's file
	 * system: shell scripts write into it (`touch /tmp/healthy`, `echo x > /tmp/f`, `rm`), and
	 * exec probes read the same object. Give each container start a fresh object.
	 */
	files: Record<string, string>;
	/** The container's declared `containerPort`s; images outside the catalogue listen on these. */
	ports?: number[];
	/** The container keeps a stdin open (`stdin: true`): a shell with no script waits on it. */
	stdin?: boolean;
	/**
	 * Executables the cluster provides to a `kubectl exec` session (wget, curl, nslookup, ps
	 * need the cluster's network and processes): steps, or undefined when `os` lacks the tool.
	 */
	tools?(argv: string[], env: Record<string, string>, os: string, version?: string): Iterator<Step> | undefined;
}

/** What an HTTP server in the container answers. */
export interface HttpResponse {
	status: number;
	/** Body size in bytes, as access logs print it. */
	bytes: number;
	body?: string;
}

/** The result of running a command inside a running container (exec probe, kubectl exec). */
export interface ExecResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	/** Virtual time the command took. */
	durationMs: number;
	/** The command was still running when `timeoutMs` ran out. */
	timedOut?: boolean;
}

/**
 * A command started in a running container and run in slices by whoever drives it (the API
 * server's exec sessions): nothing runs between calls.
 */
export interface ExecRun {
	/** Runs at most `steps` more steps of the command (a line of output, a sleep, a slice of a busy loop); its result once it has ended. */
	step(steps: number): ExecResult | undefined;
	/** Ends the command where it is (its client went away): the result, exit 137 unless it had ended. */
	stop(): ExecResult;
}

/** Where a server listens, for the command the container actually runs. */
export interface Listening {
	ports: number[];
	/** Milliseconds from process start until connections are accepted. */
	afterMs: number;
}

/** One HTTP request routed to the container by the simulated kube-proxy. */
export interface Request {
	method: string;
	path: string;
	status: number;
	bytes: number;
	clientIP: string;
	userAgent: string;
	/** epoch ms */
	time: number;
}

export interface ImageProfile {
	/** Repository as written in Docker Hub short form: `nginx`, `hashicorp/http-echo`, `registry.k8s.io/pause`. */
	repository: string;
	/** Tags that exist; any other tag fails to pull with NotFound. */
	tags: string[];
	/** The image's layers for a tag (base layers shared between images have the same digest). */
	layers(tag: string): Layer[];
	/** Image digest for a tag: `sha256:...`. */
	digest(tag: string): string;
	/** Milliseconds from start until the process accepts connections (probes succeed after it). */
	startupMs: number;
	/** Milliseconds the process needs to stop after SIGTERM. */
	shutdownMs: number;
	/** CPU millicores used when idle, and per request per second served. */
	idleCpuMilli: number;
	cpuMilliPerRps: number;
	/** Resident memory in bytes when idle, and extra bytes per request per second. */
	memoryBytes: number;
	memoryBytesPerRps: number;
	/** Ports the process listens on (probes against other ports fail). Empty: no server. */
	ports: number[];
	/**
	 * The process: its output, sleeps and exit. A server never returns `exit` unless its
	 * command makes it; a one-shot command ends with `{exit: code}`.
	 */
	run(ctx: ProcessContext): Iterator<Step>;
	/** An access-log line for a served request; '' when the running command logs no requests. */
	accessLog?(req: Request, ctx: ProcessContext): string;

	/** The tag this profile was resolved for (its version shows in logs). */
	tag?: string;
	/** The software version behind `tag`: `1.27.5`. */
	version?: string;
	/** Image config: ENTRYPOINT and CMD. */
	entrypoint?: string[];
	cmd?: string[];
	/**
	 * Where the process listens for the command it really runs (`ports`/`startupMs` are the
	 * image default; a container whose command is `sleep 3600` listens nowhere).
	 */
	listen?(ctx: ProcessContext): Listening;
	/**
	 * Resident memory in bytes the process wants once started, replacing `memoryBytes` (add
	 * `memoryBytesPerRps` for traffic). `stress --vm 1 --vm-bytes 150M` wants ~151 MiB: when
	 * that is over the container's memory limit the kubelet should OOM-kill it (exit 137).
	 */
	memoryDemand?(ctx: ProcessContext): number;
	/** CPU millicores the process wants regardless of traffic, replacing `idleCpuMilli`. */
	cpuDemand?(ctx: ProcessContext): number;
	/**
	 * Set when the container cannot start at all (its executable does not exist): the runtime's
	 * message. The kubelet reports Terminated/StartError with exit code 128.
	 */
	startError?(ctx: ProcessContext): string | undefined;
	/**
	 * What the process does on SIGTERM arriving at epoch ms `at` (timestamps in its lines): lines
	 * and sleeps ending in `{exit}`. No `exit` step means it ignores the signal (a shell, node or
	 * python as PID 1) and is SIGKILLed when the grace period ends (exit 137). Images whose
	 * STOPSIGNAL differs (nginx SIGQUIT, httpd SIGWINCH, postgres SIGINT) answer to it here.
	 */
	onSigterm?(ctx: ProcessContext, at?: number): Step[];
	/** The HTTP answer to a request; undefined when the running command serves no HTTP (redis, postgres, `sleep`). */
	respond?(method: string, path: string, ctx: ProcessContext, uptimeMs?: number): HttpResponse | undefined;
	/**
	 * Runs a command in the running container (exec probes, kubectl exec) until it exits or
	 * `timeoutMs` of virtual time passes. `uptimeMs` is how long the main process has run.
	 */
	exec?(argv: string[], ctx: ProcessContext, options?: {uptimeMs?: number; timeoutMs?: number; stdin?: string}): ExecResult;
	/** The same command started to run in slices (`kubectl exec`). */
	startExec?(argv: string[], ctx: ProcessContext, options?: {uptimeMs?: number; timeoutMs?: number; stdin?: string}): ExecRun;
}
