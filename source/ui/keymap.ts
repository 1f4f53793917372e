// Key bindings as named commands, per view: the global keys, every table's keys, the keys of the
// logs, text, history and containers screens here, and each kind's keys from its module. The
// help screen, the header's hints and the input handler all read these tables, so a key shown
// is a key that works (and read-only mode hides the mutating ones in one place).
import {kindActions, kindInfo, type ActionCommand, type KindInfo} from '../kinds/index.js';
import type {ScreenState} from './state.js';

/** Where a binding comes from: `kind` is the kind of the table on screen. */
export type Scope = 'global' | 'table' | 'kind' | 'logs' | 'text' | 'history' | 'containers' | 'xray' | 'forwards' | 'aliases';

export interface Binding<C extends string = string> {
	/** What the user presses, as shown: `s`, `ctrl-d`, `shift-n`, `j / down`. */
	key: string;
	command: C;
	description: string;
	scope: Scope;
	/** Changes the cluster (hidden in read-only mode). */
	mutates?: boolean;
	/** Only on the simulator. */
	sim?: boolean;
	/** Shown in the header's hints. */
	hint?: boolean;
	/** The hint's text, when the description is too long for the header. */
	label?: string;
}

export type GlobalCommand = 'command' | 'filter' | 'help' | 'aliases' | 'back' | 'layout' | 'quit' | 'pause' | 'faster' | 'slower' | 'step';
export type TableCommand = 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom' | 'enter' | 'describe' | 'yaml' | 'edit' | 'delete' | 'mark' | 'unmarkAll' | 'wide' | 'refresh' | 'sortName' | 'sortAge' | 'sortStatus' | 'sortPicker' | 'allNamespaces' | 'favorite' | 'owner' | 'label';
export type LogsCommand = 'autoscroll' | 'wrap' | 'timestamps' | 'previous' | 'container' | 'tail' | 'head' | 'filter';
export type TextCommand = 'search' | 'nextMatch' | 'prevMatch' | 'wrap' | 'left' | 'right' | 'home' | 'end';
export type HistoryCommand = 'rollbackTo' | 'diff';
export type ContainersCommand = 'logs';
export type XrayCommand = 'describe' | 'yaml';
export type ForwardsCommand = 'stop';
export type AliasesCommand = 'open';
export type {ActionCommand};

type Entry<C extends string> = Omit<Binding<C>, 'scope'>;

function scoped<C extends string>(scope: Scope, entries: Array<Entry<C>>): Array<Binding<C>> {
	return entries.map(e => ({...e, scope}));
}

export const GLOBAL_KEYS = scoped<GlobalCommand>('global', [
	{key: ':', command: 'command', description: 'Command prompt (:pods, :deploy app=web, :ns, :ctx, :q)', hint: true, label: 'Command'},
	{key: '/', command: 'filter', description: 'Filter (text or regex, ! inverse, -l label selector, -f fuzzy name)', hint: true},
	{key: '?', command: 'help', description: 'Help for this view', hint: true, label: 'Help'},
	{key: 'ctrl-a', command: 'aliases', description: 'Aliases: every command word and its kind (:aliases)'},
	{key: 'esc', command: 'back', description: 'Back / clear filter'},
	{key: 'tab', command: 'layout', description: 'Cycle layout: one pane, two panes, dashboard', hint: true, label: 'Layout'},
	{key: 'ctrl-c', command: 'quit', description: 'Quit'},
	{key: 'ctrl-p', command: 'pause', description: 'Pause / resume simulated time', sim: true, hint: true, label: 'Pause'},
	{key: '>', command: 'faster', description: 'Speed up simulated time (1x, 2x, 5x, 10x, 25x, 50x, 100x)', sim: true, hint: true, label: 'Faster'},
	{key: '<', command: 'slower', description: 'Slow down simulated time', sim: true},
	{key: '.', command: 'step', description: 'Step simulated time by one second', sim: true},
]);

export const TABLE_KEYS = scoped<TableCommand>('table', [
	{key: 'j / down', command: 'down', description: 'Down'},
	{key: 'k / up', command: 'up', description: 'Up'},
	{key: 'pgdn / ctrl-f', command: 'pageDown', description: 'Page down'},
	{key: 'pgup / ctrl-b', command: 'pageUp', description: 'Page up'},
	{key: 'g', command: 'top', description: 'Top'},
	{key: 'G', command: 'bottom', description: 'Bottom'},
	{key: 'enter', command: 'enter', description: 'Drill down (pods of a workload, node or service)', hint: true},
	{key: 'd', command: 'describe', description: 'Describe', hint: true},
	{key: 'y', command: 'yaml', description: 'YAML', hint: true},
	{key: 'e', command: 'edit', description: 'Edit in $EDITOR and apply', mutates: true},
	{key: 'ctrl-d', command: 'delete', description: 'Delete (with confirm)', mutates: true, hint: true},
	{key: 'shift-j', command: 'owner', description: 'Jump to the owner (its controller)'},
	{key: 'shift-l', command: 'label', description: 'Label (key=value sets, key- removes, --overwrite)', mutates: true},
	{key: 'space', command: 'mark', description: 'Mark / unmark row (for scale and delete)'},
	{key: 'ctrl-\\', command: 'unmarkAll', description: 'Clear marks'},
	{key: 'ctrl-w', command: 'wide', description: 'Toggle wide columns'},
	{key: 'ctrl-r', command: 'refresh', description: 'Refresh'},
	{key: 'shift-n', command: 'sortName', description: 'Sort by name'},
	{key: 'shift-a', command: 'sortAge', description: 'Sort by age'},
	{key: 'shift-s', command: 'sortStatus', description: 'Sort by status'},
	{key: 'shift-o', command: 'sortPicker', description: 'Sort by a column (picker)'},
	{key: '0', command: 'allNamespaces', description: 'All namespaces'},
	{key: '1-9', command: 'favorite', description: 'Favourite namespaces'},
]);

export const LOGS_KEYS = scoped<LogsCommand>('logs', [
	{key: 's', command: 'autoscroll', description: 'Toggle autoscroll (follow)', hint: true},
	{key: 'w', command: 'wrap', description: 'Toggle wrap'},
	{key: 't', command: 'timestamps', description: 'Toggle timestamps'},
	{key: 'p', command: 'previous', description: 'Toggle previous container'},
	{key: 'c', command: 'container', description: 'Next container'},
	{key: '0', command: 'tail', description: 'Jump to the end (tail)'},
	{key: '1', command: 'head', description: 'Jump to the start (head)'},
	{key: '/', command: 'filter', description: 'Filter lines (highlighted)'},
]);

export const TEXT_KEYS = scoped<TextCommand>('text', [
	{key: '/', command: 'search', description: 'Search'},
	{key: 'n', command: 'nextMatch', description: 'Next match'},
	{key: 'N', command: 'prevMatch', description: 'Previous match'},
	{key: 'w', command: 'wrap', description: 'Toggle wrap', hint: true},
	{key: 'left / h', command: 'left', description: 'Scroll left'},
	{key: 'right / l', command: 'right', description: 'Scroll right'},
	{key: '0 / home', command: 'home', description: 'Scroll to the start of the lines'},
	{key: '$ / end', command: 'end', description: 'Scroll to the end of the longest line shown'},
]);

export const HISTORY_KEYS = scoped<HistoryCommand>('history', [
	{key: 'enter', command: 'rollbackTo', description: 'Roll back to the selected revision', mutates: true},
	{key: 'd', command: 'diff', description: 'Diff the selected revision against the current one'},
]);

export const CONTAINERS_KEYS = scoped<ContainersCommand>('containers', [{key: 'l', command: 'logs', description: 'Logs of the container'}]);

export const FORWARDS_KEYS = scoped<ForwardsCommand>('forwards', [{key: 'ctrl-d', command: 'stop', description: 'Stop the selected port-forward', hint: true}]);

export const XRAY_KEYS = scoped<XrayCommand>('xray', [
	{key: 'd / enter', command: 'describe', description: 'Describe the selected object', hint: true},
	{key: 'y', command: 'yaml', description: 'YAML of the selected object', hint: true},
]);

export const ALIASES_KEYS = scoped<AliasesCommand>('aliases', [{key: 'enter', command: 'open', description: 'Open the view of the selected kind'}]);

/** Moves through a list or a text: the table's keys, which the other screens take in part. */
export type Motion = 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom';
const MOTIONS: ReadonlySet<string> = new Set<Motion>(['down', 'up', 'pageDown', 'pageUp', 'top', 'bottom']);
const MOTION_KEYS = TABLE_KEYS.filter((b): b is Binding<Motion> => MOTIONS.has(b.command));

/** The move a key stands for, if any. */
export function motion(name: string): Motion | undefined {
	return resolveKey(name, MOTION_KEYS)?.command;
}

const SCREEN_KEYS = {logs: LOGS_KEYS, text: TEXT_KEYS, history: HISTORY_KEYS, containers: CONTAINERS_KEYS, xray: XRAY_KEYS, pulses: [], shell: [], forwards: FORWARDS_KEYS, aliases: ALIASES_KEYS};

const kindKeys = new WeakMap<KindInfo, Array<Binding<ActionCommand>>>();

/** A kind's keys: the actions of its module's view that its capabilities allow. */
export function kindBindings(kind: KindInfo): Array<Binding<ActionCommand>> {
	let b = kindKeys.get(kind);
	if (!b) {
		b = scoped('kind', kindActions(kind));
		kindKeys.set(kind, b);
	}
	return b;
}

export interface KeyOptions {
	readonly: boolean;
	sim: boolean;
}

/** Bindings that apply, after read-only and simulator filtering. */
export function visible<C extends string>(bindings: Array<Binding<C>>, opts: KeyOptions): Array<Binding<C>> {
	return bindings.filter(b => !(opts.readonly && b.mutates) && !(b.sim && !opts.sim));
}

/** Every binding of a screen, in the order help and hints list them. */
export function screenBindings(screen: ScreenState, opts: KeyOptions): Binding[] {
	if (screen.type === 'help') return visible(GLOBAL_KEYS, opts);
	if (screen.type !== 'table') return visible<string>([...GLOBAL_KEYS, ...SCREEN_KEYS[screen.type]], opts);
	const kind = kindInfo(screen.kind);
	return visible<string>([...GLOBAL_KEYS, ...TABLE_KEYS, ...(kind ? kindBindings(kind) : [])], opts);
}

/** What the help screen lists: the bindings of the screen under it. */
export function helpBindings(stack: ScreenState[], opts: KeyOptions): Binding[] {
	const under = [...stack].reverse().find(s => s.type !== 'help');
	return under ? screenBindings(under, opts) : visible(GLOBAL_KEYS, opts);
}

/** The name of a key press as bindings spell it. */
const spellings = new Map<string, string[]>();

/** The key names a spelling stands for: `j / down` is j and down; `shift-n` is N; `1-9` each digit. */
export function keyNames(spelled: string): string[] {
	let names = spellings.get(spelled);
	if (!names) {
		names = spelled.split(' / ').flatMap(k => {
			if (/^shift-[a-z]$/.test(k)) return [k, k.slice(6).toUpperCase()];
			const range = /^(\d)-(\d)$/.exec(k);
			if (range) return Array.from({length: Number(range[2]) - Number(range[1]) + 1}, (_, i) => String(Number(range[1]) + i));
			return [k];
		});
		spellings.set(spelled, names);
	}
	return names;
}

/** The binding a key (its name, or one character of a burst) stands for; a view's own keys win. */
export function resolveKey<C extends string>(name: string, bindings: Array<Binding<C>>): Binding<C> | undefined {
	const key = name === ' ' ? 'space' : name;
	const hit = (b: Binding<C>) => keyNames(b.key).includes(key);
	return bindings.find(b => b.scope !== 'global' && b.scope !== 'table' && hit(b)) ?? bindings.find(hit);
}

/** Runs the command a key is bound to among a screen's keys, else the move it stands for. */
export function dispatch<C extends string>(name: string, keys: Array<Binding<C>>, commands: Record<C, () => void>, moves: Partial<Record<Motion, () => void>>): boolean {
	const b = resolveKey(name, keys);
	if (b) {
		commands[b.command]();
		return true;
	}
	const m = motion(name);
	const move = m ? moves[m] : undefined;
	move?.();
	return !!move;
}
