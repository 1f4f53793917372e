// What a caller tells the shell: its dialect, its userland and the image around it.
import type {Step} from '../types.js';

export type ShellFlavor = 'ash' | 'dash' | 'bash';
export type Userland = 'busybox' | 'gnu';

export interface ShellOptions {
	/** Dialect; default ash for busybox userland, dash for gnu. */
	flavor?: ShellFlavor;
	/** Which coreutils the image has (their error messages differ). Default busybox. */
	userland?: Userland;
	/** $0, which prefixes the shell's own error messages: `sh`, `/bin/sh`. */
	arg0?: string;
	/** $1, $2, ... */
	positional?: string[];
	/** Standard input; absent means /dev/null. */
	stdin?: string;
	/** Milliseconds after ctx.startedAt at which this shell starts (exec into a running container). */
	offsetMs?: number;
	/** Option letters set at start, as in `sh -ex`: e (errexit), x (xtrace), u (nounset). */
	flags?: string;
	/** Shells that exist in the image, name -> dialect. Default from userland. */
	shells?: Record<string, ShellFlavor>;
	/** Environment from the image config (before the container's env). */
	imageEnv?: Record<string, string>;
	/** PATH of the image. */
	path?: string;
	/** Files the image has that are not mounted (`/etc/hostname`, `/etc/os-release`). */
	rootFiles?: Record<string, string>;
	/** Entries of `/` for `ls /`. */
	rootEntries?: string[];
	/** The image's own programs (nginx, redis-server): their steps, or undefined when not in the image. */
	external?(argv: string[], env: Record<string, string>): Iterator<Step> | undefined;
}
