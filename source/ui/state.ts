// The dashboard's state: a stack of screens (Esc pops), the table state of each resource
// screen, the input mode (normal, prompt, confirm, picker) and the flash line.
import type {RefusedRequest, Revision} from '../client/types.js';
import {t} from '../i18n/index.js';
import type {SortSpec} from './rows.js';

export type Layout = 'single' | 'split' | 'dashboard';
export const LAYOUTS: Layout[] = ['split', 'single', 'dashboard'];

export interface TableState {
	type: 'table';
	/** Kind name: Pod, Deployment... */
	kind: string;
	/** '' means all namespaces. */
	namespace: string;
	/** The selector a drill-down lists with (a workload's pods). */
	labelSelector?: string;
	/** The selector the user asked for (`:pods app=web`, `/-l tier in (web)`); esc takes it off. */
	userSelector?: string;
	fieldSelector?: string;
	/** Text filter (after `/`). */
	filter?: string;
	/** Breadcrumb label for drill-downs (`deploy/web`). */
	title?: string;
	/** Only pods whose controller chain includes this uid (drill-down from a workload). */
	ownerUid?: string;
	selected: number;
	/** Uid of the selected row, to keep the selection on the same object as the list changes. */
	selectedKey?: string;
	sort: SortSpec;
	marked: string[];
	wide: boolean;
}

/** A text the simulator computes afresh on every frame: what runs a container, a node's images or journal, etcd. */
export type UnderView =
	| {view: 'runtime'; namespace: string; pod: string; container: string}
	| {view: 'images'; node: string}
	| {view: 'journal'; node: string}
	| {view: 'etcd'; prefix: string};

export interface TextState {
	type: 'text';
	/** `why`: the diagnosis of `w`, in sentences (wrapped). */
	mode: 'describe' | 'yaml' | 'diff' | 'why';
	kind: string;
	namespace?: string;
	name: string;
	/** Fixed text (diff); otherwise computed live from the object. */
	text?: string;
	title?: string;
	/** Computed live from the simulator instead of an object. */
	under?: UnderView;
	/** `w` on a request the acting user was refused (a list of the kind), instead of an object. */
	forbidden?: RefusedRequest;
}

export interface LogsState {
	type: 'logs';
	namespace: string;
	/** One pod, or several (a Deployment's pods merged with a prefix). */
	pods: string[];
	container?: string;
	previous: boolean;
	title: string;
	/** `a` (attach): the container's output from now on, none of what it printed before. */
	attach?: boolean;
}

export interface HistoryState {
	type: 'history';
	namespace: string;
	name: string;
	selected: number;
	/** The Deployment's revisions, oldest first (the last is the current one). */
	revisions: Revision[];
}

export interface ContainersState {
	type: 'containers';
	namespace: string;
	pod: string;
	selected: number;
}

export interface HelpState {
	type: 'help';
}

/** `:xray KIND`: the kind's objects as trees of what they control and use. */
export interface XrayState {
	type: 'xray';
	kind: string;
	/** '' means all namespaces. */
	namespace: string;
	selected: number;
}

/** `:pulses`: the cluster's use, pods and events over time. */
export interface PulsesState {
	type: 'pulses';
	/** '' means all namespaces. */
	namespace: string;
}

/** `s` on a pod: a shell in one of its containers, each line run as `kubectl exec` runs it. */
export interface ShellState {
	type: 'shell';
	namespace: string;
	pod: string;
	container: string;
}

/** `:pf`: the port forwards open now. */
export interface ForwardsState {
	type: 'forwards';
	selected: number;
}

/** Every command word of the `:` prompt, by kind (`:aliases`, ctrl-a). */
export interface AliasesState {
	type: 'aliases';
	selected: number;
	/** Text filter (after `/`), as a table's. */
	filter?: string;
}

/** `:learn`: the lessons of the course, with the progress through each. */
export interface LessonsState {
	type: 'lessons';
	selected: number;
}


/** `:drill`: the drills, enter starts one. */
export interface DrillsState {
	type: 'drills';
	selected: number;
}

/** `:nodegroups`: the eks profile's managed node groups and the autoscaler's latest decisions. */
export interface NodeGroupsState {
	type: 'nodegroups';
	selected: number;
}

/** `:cost`: the bill so far at list prices, per node group and namespace, and other instance types. */
export interface CostState {
	type: 'cost';
}

/** `:cluster`: the control plane and the nodes' agents, live, with the selected component's recent actions. */
export interface ClusterViewState {
	type: 'cluster';
	selected: number;
	/** The recent actions take the room of the causal chains. */
	expanded?: boolean;
}

export type ScreenState = TableState | TextState | LogsState | HistoryState | ContainersState | HelpState | XrayState | PulsesState | ShellState | ForwardsState | AliasesState | LessonsState | NodeGroupsState | CostState | DrillsState | ClusterViewState;

export type Mode =
	| {type: 'normal'}
	| {type: 'command'; text: string; completion?: string}
	| {type: 'filter'; text: string}
	| {type: 'prompt'; label: string; text: string; onEnter(text: string): void}
	/** Choosing the CANCEL option does nothing. */
	| {type: 'confirm'; message: string; options: Choice[]; choice: number; onChoose(value: string): void}
	| {type: 'picker'; title: string; items: string[]; choice: number; onPick(item: string): void};

/** An option of a confirm dialog: what `onChoose` gets, and what the dialog shows. */
export interface Choice {
	value: string;
	label: string;
}

/** The option of every confirm dialog that does nothing. */
export const CANCEL = 'cancel';

/** A dialog's options: the given ones, then Cancel. */
export function withCancel(options: Choice[]): Choice[] {
	return [...options, {value: CANCEL, label: t('confirm.cancel')}];
}

export interface Flash {
	text: string;
	level: 'info' | 'error';
	/** Real time it was set (ms), to fade it after a while. */
	at: number;
}

export function tableScreen(kind: string, namespace: string, extra: Partial<TableState> = {}): TableState {
	return {type: 'table', kind, namespace, selected: 0, sort: {column: 'Name', ascending: true}, marked: [], wide: false, ...extra};
}

/** Speeds the time keys step through. */
export const SPEEDS = [1, 2, 5, 10, 25, 50, 100];

export function nextSpeed(current: number, up: boolean): number {
	if (up) return SPEEDS.find(s => s > current + 1e-9) ?? SPEEDS[SPEEDS.length - 1]!;
	const lower = [...SPEEDS].reverse().find(s => s < current - 1e-9);
	return lower ?? SPEEDS[0]!;
}
