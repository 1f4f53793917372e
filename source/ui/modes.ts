// The bottom line's input modes: the `:` command line with completion, the `/` filter (live
// where the screen wants it), a value prompt, a confirm dialog and a picker. While one is open,
// every key goes here first.
import {CANCEL, type Mode} from './state.js';
import {pastedLine, type KeyEvent} from './input/keys.js';
import type {FilterTarget} from './screens/types.js';

export interface ModeHandlers {
	setMode(m: Mode): void;
	exit(): void;
	/** The rest of the command line's word being typed, or ''. */
	complete(text: string): string;
	/** Runs a command line (trimmed, not empty). */
	command(text: string): void;
	/** The `/` prompt's target: the screen on top's. */
	filter(): FilterTarget | undefined;
}

const NORMAL: Mode = {type: 'normal'};
const BACK = new Set(['left', 'up', 'k', 'h']);
const FORWARD = new Set(['right', 'down', 'j', 'l', 'tab']);

function enter(mode: Mode, h: ModeHandlers): void {
	h.setMode(NORMAL);
	if (mode.type === 'command') {
		const text = mode.text.trim();
		if (text) h.command(text);
	} else if (mode.type === 'filter') h.filter()?.entered(mode.text);
	else if (mode.type === 'prompt') mode.onEnter(mode.text.trim());
	else if (mode.type === 'confirm') {
		const option = mode.options[mode.choice]!;
		if (option.value !== CANCEL) mode.onChoose(option.value);
	} else if (mode.type === 'picker') mode.onPick(mode.items[mode.choice]!);
}

/** A changed text: the command line completes it, the filter may apply it as typed. */
function edit(mode: Extract<Mode, {type: 'command' | 'filter' | 'prompt'}>, text: string, h: ModeHandlers): void {
	if (mode.type === 'command') h.setMode({type: 'command', text, completion: h.complete(text)});
	else h.setMode({...mode, text});
	if (mode.type === 'filter') h.filter()?.typed?.(text);
}

/** Handles a key while a mode is open: true, or false in normal mode. */
export function modeKey(mode: Mode, key: KeyEvent, h: ModeHandlers): boolean {
	if (mode.type === 'normal') return false;
	const {name} = key;
	if (name === 'paste') {
		if (mode.type === 'command' || mode.type === 'filter' || mode.type === 'prompt') {
			const text = pastedLine(key.text);
			if (text) edit(mode, mode.text + text, h);
		}
	} else if (name === 'ctrl-c') h.exit();
	else if (name === 'esc') {
		h.setMode(NORMAL);
		if (mode.type === 'filter') h.filter()?.cancelled?.();
	} else if (name === 'enter') enter(mode, h);
	else if (mode.type === 'confirm' || mode.type === 'picker') {
		const count = mode.type === 'confirm' ? mode.options.length : mode.items.length;
		if (BACK.has(name)) h.setMode({...mode, choice: (mode.choice - 1 + count) % count});
		else if (FORWARD.has(name)) h.setMode({...mode, choice: (mode.choice + 1) % count});
	} else if (name === 'tab' && mode.type === 'command') {
		const text = mode.text + (mode.completion ?? '');
		h.setMode({type: 'command', text, completion: h.complete(text)});
	} else if (name === 'backspace') edit(mode, [...mode.text].slice(0, -1).join(''), h);
	else if (name === 'ctrl-u') edit(mode, '', h);
	else if (name === 'ctrl-w') edit(mode, mode.text.replace(/\S*\s*$/, ''), h);
	else if (key.text) edit(mode, mode.text + key.text, h);
	return true;
}
