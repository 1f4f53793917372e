// What every screen gets from the dashboard (the client, the theme, the body's size, the screen
// stack, the input mode and the flash line), and what it hands back: its key handler.
import type {ClusterClient} from '../../client/types.js';
import type {KeyOptions} from '../keymap.js';
import type {LogsState, Mode, ScreenState} from '../state.js';
import type {Theme} from '../theme.js';

export interface ScreenEnv {
	client: ClusterClient;
	theme: Theme;
	keys: KeyOptions;
	/** The body between the header and the breadcrumbs. */
	width: number;
	height: number;
	/** Counts the frames of cluster changes (a screen that shows live objects re-reads on it). */
	frame: number;
	push(s: ScreenState): void;
	pop(): void;
	/** Changes the screen on top of the stack. */
	replaceTop(fn: (s: ScreenState) => ScreenState): void;
	setMode(m: Mode): void;
	flash(text: string, level?: 'info' | 'error'): void;
	/** Flashes what a cluster change reports, or its error. */
	run(p: Promise<string | string[]>): void;
	/** Opens a logs screen, from its start and following. */
	openLogs(s: Omit<LogsState, 'type'>): void;
	/** The user's k9s hotkeys (hotkeys.yaml): the help screen lists them. */
	hotkeys?: ReadonlyArray<{shortCut: string; description: string}>;
	/** Where the screen on top registers its key handler, each render. */
	input: {current: ScreenInput | undefined};
}

/** The `/` prompt of a screen: the text it starts from, and what typing and entering do. */
export interface FilterTarget {
	text: string;
	typed?(text: string): void;
	entered(text: string): void;
	cancelled?(): void;
}

export interface ScreenInput {
	/** A key (its name, or one character of a burst): true when the screen used it. */
	key(name: string): boolean;
	/** esc: true when it cleared something of the screen's (a filter, a search) rather than going back. */
	clear?(): boolean;
	filter?: FilterTarget;
	/** Pasted text (a screen that reads text, such as a shell); without it a paste does nothing. */
	paste?(text: string): void;
	/** The screen takes every key, ctrl-c included (a shell); esc still goes to `clear`. */
	takesAllKeys?: boolean;
}
