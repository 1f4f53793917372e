// Terminal modes the dashboard switches, kept apart from the UI so that the command line can show
// a frame at once, before React, Ink and the cluster have loaded.

/** Enter the alternate screen with bracketed paste on. */
export const ENTER_SCREEN = '\x1b[?1049h\x1b[?2004h';
/** Bracketed paste off, back to the main screen. */
export const LEAVE_SCREEN = '\x1b[?2004l\x1b[?1049l';

/** The first frame: the alternate screen with a line saying what is starting (cleared when the dashboard draws). */
export function startingFrame(what: string): string {
	return `${ENTER_SCREEN}\x1b[H\x1b[2J${what}`;
}
