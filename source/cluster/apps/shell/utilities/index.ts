// The programs in /bin of the simulated busybox or coreutils: one table, name -> implementation.
import type {Builtin} from '../interpreter.js';
import {ARCHIVE_UTILITIES} from './archive.js';
import {TEST_UTILITIES} from './conditional.js';
import {FILE_UTILITIES} from './files.js';
import {OUTPUT_UTILITIES} from './output.js';
import {SYSTEM_UTILITIES} from './system.js';
import {TEXT_UTILITIES} from './text.js';

const UTILITIES: Record<string, Builtin> = {
	...OUTPUT_UTILITIES,
	...FILE_UTILITIES,
	...ARCHIVE_UTILITIES,
	...TEXT_UTILITIES,
	...SYSTEM_UTILITIES,
	...TEST_UTILITIES,
};

/** The utility called `name`, if this userland has it. */
export function utilityNamed(name: string): Builtin | undefined {
	return Object.hasOwn(UTILITIES, name) ? UTILITIES[name] : undefined;
}

/** Whether `name` is a program this simulated userland has in /bin. */
export function isUtility(name: string): boolean {
	return Object.hasOwn(UTILITIES, name);
}
