// Key bindings as named commands, per view: the global keys, every table's keys, the keys of the
// logs, text, history and containers screens here, and each kind's keys from its module. The
// help screen, the header's hints and the input handler all read these tables, so a key shown
// is a key that works (and read-only mode hides the mutating ones in one place). A table names
// what a key does by its message id; a binding reads the text from the catalogue each time, in
// the language of the moment.
import {kindActions, kindInfo, type ActionCommand, type KindInfo} from '../kinds/index.js';
import {t, type MessageId} from '../i18n/index.js';
import type {ScreenState} from './state.js';

/** Where a binding comes from: `kind` is the kind of the table on screen. */
export type Scope = 'global' | 'table' | 'kind' | 'logs' | 'text' | 'history' | 'containers' | 'xray' | 'forwards' | 'aliases' | 'lessons' | 'lesson' | 'nodegroups' | 'drills' | 'cluster';

export interface Binding<C extends string = string> {
	/** What the user presses, as shown: `s`, `ctrl-d`, `shift-n`, `j / down`. */
	key: string;
	command: C;
	/** The catalogue's id of what the key does. */
	message: MessageId;
	/** What the key does, in the current language. */
	readonly description: string;
	scope: Scope;
	/** Changes the cluster (hidden in read-only mode). */
	mutates?: boolean;
	/** Only on the simulator. */
	sim?: boolean;
	/** Shown in the header's hints. */
	hint?: boolean;
	/** The catalogue's id of a short text for the header's hint, when the description is too long there. */
	hintMessage?: MessageId;
	/** That short text, in the current language. */
	readonly label?: string;
}

export type GlobalCommand = 'command' | 'filter' | 'help' | 'aliases' | 'back' | 'layout' | 'quit' | 'pause' | 'faster' | 'slower' | 'step';
export type TableCommand = 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom' | 'enter' | 'describe' | 'yaml' | 'edit' | 'delete' | 'mark' | 'unmarkAll' | 'wide' | 'refresh' | 'sortName' | 'sortAge' | 'sortStatus' | 'sortPicker' | 'allNamespaces' | 'favorite' | 'owner' | 'label' | 'why';
export type LogsCommand = 'autoscroll' | 'wrap' | 'timestamps' | 'previous' | 'container' | 'tail' | 'head' | 'filter';
export type TextCommand = 'search' | 'nextMatch' | 'prevMatch' | 'wrap' | 'left' | 'right' | 'home' | 'end' | 'why';
export type HistoryCommand = 'rollbackTo' | 'diff';
export type ContainersCommand = 'logs' | 'runtime';
export type XrayCommand = 'describe' | 'yaml';
export type ForwardsCommand = 'stop';
export type AliasesCommand = 'open';
export type LessonsCommand = 'start';
/** While a lesson runs, from any screen. */
export type LessonCommand = 'hint' | 'next';
export type DrillsCommand = 'start';
export type NodeGroupsCommand = 'grow' | 'shrink' | 'size' | 'limits';
export type ClusterCommand = 'actions';
export type {ActionCommand};

type Entry<C extends string> = Omit<Binding<C>, 'scope' | 'description' | 'label'>;

function scoped<C extends string>(scope: Scope, entries: Array<Entry<C>>): Array<Binding<C>> {
	return entries.map(e => ({
		...e,
		scope,
		get description() {
			return t(e.message);
		},
		get label() {
			return e.hintMessage ? t(e.hintMessage) : undefined;
		},
	}));
}

export const GLOBAL_KEYS = scoped<GlobalCommand>('global', [
	{key: ':', command: 'command', message: 'keys.global.command', hintMessage: 'keys.hint.command', hint: true},
	{key: '/', command: 'filter', message: 'keys.global.filter', hint: true},
	{key: '?', command: 'help', message: 'keys.global.help', hintMessage: 'keys.hint.help', hint: true},
	{key: 'ctrl-a', command: 'aliases', message: 'keys.global.aliases'},
	{key: 'esc', command: 'back', message: 'keys.global.back'},
	{key: 'tab', command: 'layout', message: 'keys.global.layout', hintMessage: 'keys.hint.layout', hint: true},
	{key: 'ctrl-c', command: 'quit', message: 'keys.global.quit'},
	{key: 'ctrl-p', command: 'pause', message: 'keys.global.pause', hintMessage: 'keys.hint.pause', sim: true, hint: true},
	{key: '>', command: 'faster', message: 'keys.global.faster', hintMessage: 'keys.hint.faster', sim: true, hint: true},
	{key: '<', command: 'slower', message: 'keys.global.slower', sim: true},
	{key: '.', command: 'step', message: 'keys.global.step', sim: true},
]);

export const TABLE_KEYS = scoped<TableCommand>('table', [
	{key: 'j / down', command: 'down', message: 'keys.table.down'},
	{key: 'k / up', command: 'up', message: 'keys.table.up'},
	{key: 'pgdn / ctrl-f', command: 'pageDown', message: 'keys.table.pageDown'},
	{key: 'pgup / ctrl-b', command: 'pageUp', message: 'keys.table.pageUp'},
	{key: 'g', command: 'top', message: 'keys.table.top'},
	{key: 'G', command: 'bottom', message: 'keys.table.bottom'},
	{key: 'enter', command: 'enter', message: 'keys.table.enter', hint: true},
	{key: 'd', command: 'describe', message: 'keys.table.describe', hint: true},
	{key: 'y', command: 'yaml', message: 'keys.table.yaml', hint: true},
	{key: 'w', command: 'why', message: 'keys.table.why'},
	{key: 'e', command: 'edit', message: 'keys.table.edit', mutates: true},
	{key: 'ctrl-d', command: 'delete', message: 'keys.table.delete', mutates: true, hint: true},
	{key: 'shift-j', command: 'owner', message: 'keys.table.owner'},
	{key: 'shift-l', command: 'label', message: 'keys.table.label', mutates: true},
	{key: 'space', command: 'mark', message: 'keys.table.mark'},
	{key: 'ctrl-\\', command: 'unmarkAll', message: 'keys.table.unmarkAll'},
	{key: 'ctrl-w', command: 'wide', message: 'keys.table.wide'},
	{key: 'ctrl-r', command: 'refresh', message: 'keys.table.refresh'},
	{key: 'shift-n', command: 'sortName', message: 'keys.table.sortName'},
	{key: 'shift-a', command: 'sortAge', message: 'keys.table.sortAge'},
	{key: 'shift-s', command: 'sortStatus', message: 'keys.table.sortStatus'},
	{key: 'shift-o', command: 'sortPicker', message: 'keys.table.sortPicker'},
	{key: '0', command: 'allNamespaces', message: 'keys.table.allNamespaces'},
	{key: '1-9', command: 'favorite', message: 'keys.table.favorite'},
]);

export const LOGS_KEYS = scoped<LogsCommand>('logs', [
	{key: 's', command: 'autoscroll', message: 'keys.logs.autoscroll', hint: true},
	{key: 'w', command: 'wrap', message: 'keys.logs.wrap'},
	{key: 't', command: 'timestamps', message: 'keys.logs.timestamps'},
	{key: 'p', command: 'previous', message: 'keys.logs.previous'},
	{key: 'c', command: 'container', message: 'keys.logs.container'},
	{key: '0', command: 'tail', message: 'keys.logs.tail'},
	{key: '1', command: 'head', message: 'keys.logs.head'},
	{key: '/', command: 'filter', message: 'keys.logs.filter'},
]);

export const TEXT_KEYS = scoped<TextCommand>('text', [
	{key: '/', command: 'search', message: 'keys.text.search'},
	{key: 'n', command: 'nextMatch', message: 'keys.text.nextMatch'},
	{key: 'N', command: 'prevMatch', message: 'keys.text.prevMatch'},
	{key: 'w', command: 'wrap', message: 'keys.text.wrap', hint: true},
	{key: 'left / h', command: 'left', message: 'keys.text.left'},
	{key: 'right / l', command: 'right', message: 'keys.text.right'},
	{key: '0 / home', command: 'home', message: 'keys.text.home'},
	{key: '$ / end', command: 'end', message: 'keys.text.end'},
	{key: 'shift-w', command: 'why', message: 'keys.text.why'},
]);

export const HISTORY_KEYS = scoped<HistoryCommand>('history', [
	{key: 'enter', command: 'rollbackTo', message: 'keys.history.rollbackTo', mutates: true},
	{key: 'd', command: 'diff', message: 'keys.history.diff'},
]);

export const CONTAINERS_KEYS = scoped<ContainersCommand>('containers', [
	{key: 'l', command: 'logs', message: 'keys.containers.logs'},
	{key: 'r', command: 'runtime', message: 'keys.containers.runtime', sim: true, hint: true},
]);

export const FORWARDS_KEYS = scoped<ForwardsCommand>('forwards', [{key: 'ctrl-d', command: 'stop', message: 'keys.forwards.stop', hint: true}]);

export const XRAY_KEYS = scoped<XrayCommand>('xray', [
	{key: 'd / enter', command: 'describe', message: 'keys.xray.describe', hint: true},
	{key: 'y', command: 'yaml', message: 'keys.xray.yaml', hint: true},
]);

export const CLUSTER_KEYS = scoped<ClusterCommand>('cluster', [{key: 'enter', command: 'actions', message: 'keys.cluster.actions'}]);

export const NODEGROUPS_KEYS = scoped<NodeGroupsCommand>('nodegroups', [
	{key: '+', command: 'grow', message: 'keys.nodegroups.grow', hintMessage: 'keys.hint.grow', mutates: true, sim: true, hint: true},
	{key: '-', command: 'shrink', message: 'keys.nodegroups.shrink', hintMessage: 'keys.hint.shrink', mutates: true, sim: true, hint: true},
	{key: 's', command: 'size', message: 'keys.nodegroups.size', hintMessage: 'keys.hint.size', mutates: true, sim: true, hint: true},
	{key: 'l', command: 'limits', message: 'keys.nodegroups.limits', hintMessage: 'keys.hint.limits', mutates: true, sim: true, hint: true},
]);

export const ALIASES_KEYS = scoped<AliasesCommand>('aliases', [{key: 'enter', command: 'open', message: 'keys.aliases.open'}]);

export const LESSONS_KEYS = scoped<LessonsCommand>('lessons', [{key: 'enter', command: 'start', message: 'keys.lessons.start', hint: true}]);

export const LESSON_KEYS = scoped<LessonCommand>('lesson', [
	{key: 'ctrl-g', command: 'hint', message: 'keys.lesson.hint', hintMessage: 'keys.hint.lessonHint', hint: true},
	{key: 'ctrl-n', command: 'next', message: 'keys.lesson.next', hintMessage: 'keys.hint.lessonNext', hint: true},
]);

export const DRILLS_KEYS = scoped<DrillsCommand>('drills', [{key: 'enter', command: 'start', message: 'keys.drills.start', mutates: true, sim: true, hint: true}]);

/** The favourite namespaces as header hints: `<0> all`, then `<1>` to `<9>` each favourite (the keys are the table's). */
export function namespaceHints(favorites: readonly string[]): Binding[] {
	const hint = (key: string, text: string): Binding => ({key, command: 'favorite', message: 'keys.table.favorite', description: text, label: text, scope: 'table', hint: true});
	return [hint('0', t('keys.hint.allNamespaces')), ...favorites.slice(0, 9).map((ns, i) => hint(String(i + 1), ns))];
}

/** Moves through a list or a text: the table's keys, which the other screens take in part. */
export type Motion = 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom';
const MOTIONS: ReadonlySet<string> = new Set<Motion>(['down', 'up', 'pageDown', 'pageUp', 'top', 'bottom']);
const MOTION_KEYS = TABLE_KEYS.filter((b): b is Binding<Motion> => MOTIONS.has(b.command));

/** The moves of a list of `count` rows shown `page` at a time: `select` gets the new index from the current one (it clamps). */
export function listMoves(select: (fn: (i: number) => number) => void, count: number, page: number): Record<Motion, () => void> {
	return {
		down: () => select(i => i + 1),
		up: () => select(i => i - 1),
		pageDown: () => select(i => i + page),
		pageUp: () => select(i => i - page),
		top: () => select(() => 0),
		bottom: () => select(() => count - 1),
	};
}

/** The move a key stands for, if any. */
export function motion(name: string): Motion | undefined {
	return resolveKey(name, MOTION_KEYS)?.command;
}

const SCREEN_KEYS = {logs: LOGS_KEYS, text: TEXT_KEYS, history: HISTORY_KEYS, containers: CONTAINERS_KEYS, xray: XRAY_KEYS, pulses: [], shell: [], forwards: FORWARDS_KEYS, aliases: ALIASES_KEYS, lessons: LESSONS_KEYS, nodegroups: NODEGROUPS_KEYS, cost: [], drills: DRILLS_KEYS, cluster: CLUSTER_KEYS};

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
