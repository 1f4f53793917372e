// What a simulated container image is and what its process does. The kubelet asks the
// catalogue for an image, pulls its layers, then runs the process step by step on the
// virtual clock: printing lines, sleeping, exiting.
import type {Rng} from '../util/rng.js';

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
}

/** One step of a simulated process. `sleep` is in milliseconds of virtual time. */
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
	/** Files mounted from ConfigMaps/Secrets, path -> content. */
	files: Record<string, string>;
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
	/** An access-log line for a served request, for servers that log requests. */
	accessLog?(req: Request, ctx: ProcessContext): string;
}
