// Key bindings as named commands, per view. The help screen, the header's hints and the input
// handler all read this table, so a key shown is a key that works (and read-only mode hides the
// mutating ones in one place).
import type {Key} from 'ink';

export type Scope = 'global' | 'table' | 'pods' | 'deployments' | 'replicasets' | 'nodes' | 'services' | 'statefulsets' | 'daemonsets' | 'hpa' | 'logs' | 'text' | 'history' | 'containers';

export interface Binding {
	/** What the user presses, as shown: `s`, `ctrl-d`, `shift-n`, `enter`. */
	key: string;
	command: string;
	description: string;
	scope: Scope;
	/** Changes the cluster (hidden in read-only mode). */
	mutates?: boolean;
	/** Only on the simulator. */
	sim?: boolean;
	/** Shown in the header's hints. */
	hint?: boolean;
}

export const BINDINGS: Binding[] = [
	// global
	{key: ':', command: 'command', description: 'Command prompt (:pods, :deploy app=web, :ns, :ctx, :q)', scope: 'global', hint: true},
	{key: '/', command: 'filter', description: 'Filter (text or regex, ! inverse, -l label selector)', scope: 'global', hint: true},
	{key: '?', command: 'help', description: 'Help for this view', scope: 'global', hint: true},
	{key: 'esc', command: 'back', description: 'Back / clear filter', scope: 'global'},
	{key: 'tab', command: 'layout', description: 'Cycle layout: one pane, two panes, dashboard', scope: 'global', hint: true},
	{key: 'ctrl-c', command: 'quit', description: 'Quit', scope: 'global'},
	{key: 'ctrl-p', command: 'pause', description: 'Pause / resume simulated time', scope: 'global', sim: true, hint: true},
	{key: '>', command: 'faster', description: 'Speed up simulated time (1x, 2x, 5x, 10x, 25x, 50x, 100x)', scope: 'global', sim: true, hint: true},
	{key: '<', command: 'slower', description: 'Slow down simulated time', scope: 'global', sim: true},
	{key: '.', command: 'step', description: 'Step simulated time by one second', scope: 'global', sim: true},
	// every table
	{key: 'j / down', command: 'down', description: 'Down', scope: 'table'},
	{key: 'k / up', command: 'up', description: 'Up', scope: 'table'},
	{key: 'pgdn / ctrl-f', command: 'pageDown', description: 'Page down', scope: 'table'},
	{key: 'pgup / ctrl-b', command: 'pageUp', description: 'Page up', scope: 'table'},
	{key: 'g', command: 'top', description: 'Top', scope: 'table'},
	{key: 'G', command: 'bottom', description: 'Bottom', scope: 'table'},
	{key: 'enter', command: 'enter', description: 'Drill down (pods of a workload, node or service)', scope: 'table', hint: true},
	{key: 'd', command: 'describe', description: 'Describe', scope: 'table', hint: true},
	{key: 'y', command: 'yaml', description: 'YAML', scope: 'table', hint: true},
	{key: 'e', command: 'edit', description: 'Edit in $EDITOR and apply', scope: 'table', mutates: true},
	{key: 'ctrl-d', command: 'delete', description: 'Delete (with confirm)', scope: 'table', mutates: true, hint: true},
	{key: 'space', command: 'mark', description: 'Mark / unmark row (for scale and delete)', scope: 'table'},
	{key: 'ctrl-\\', command: 'unmarkAll', description: 'Clear marks', scope: 'table'},
	{key: 'ctrl-w', command: 'wide', description: 'Toggle wide columns', scope: 'table'},
	{key: 'ctrl-r', command: 'refresh', description: 'Refresh', scope: 'table'},
	{key: 'shift-n', command: 'sortName', description: 'Sort by name', scope: 'table'},
	{key: 'shift-a', command: 'sortAge', description: 'Sort by age', scope: 'table'},
	{key: 'shift-s', command: 'sortStatus', description: 'Sort by status', scope: 'table'},
	{key: 'shift-o', command: 'sortPicker', description: 'Sort by a column (picker)', scope: 'table'},
	{key: '0', command: 'allNamespaces', description: 'All namespaces', scope: 'table'},
	{key: '1-9', command: 'favorite', description: 'Favourite namespaces', scope: 'table'},
	// pods
	{key: 'l', command: 'logs', description: 'Logs', scope: 'pods', hint: true},
	{key: 'p', command: 'previousLogs', description: 'Logs of the previous container', scope: 'pods'},
	{key: 'ctrl-k', command: 'kill', description: 'Kill (delete now)', scope: 'pods', mutates: true},
	{key: 'x', command: 'crash', description: 'Crash a container (simulator)', scope: 'pods', mutates: true, sim: true, hint: true},
	{key: 'b', command: 'breakProbes', description: 'Make probes fail / pass again (simulator)', scope: 'pods', mutates: true, sim: true},
	// deployments
	{key: 's', command: 'scale', description: 'Scale', scope: 'deployments', mutates: true, hint: true},
	{key: 'r', command: 'restart', description: 'Rollout restart', scope: 'deployments', mutates: true},
	{key: 'i', command: 'setImage', description: 'Set image (starts a rollout)', scope: 'deployments', mutates: true, hint: true},
	{key: 'u', command: 'undo', description: 'Undo to the previous revision', scope: 'deployments', mutates: true},
	{key: 'h', command: 'history', description: 'Rollout history (pick a revision to roll back, diff)', scope: 'deployments'},
	{key: 'l', command: 'logs', description: 'Logs of every pod, merged', scope: 'deployments'},
	// replicasets
	{key: 's', command: 'scale', description: 'Scale', scope: 'replicasets', mutates: true},
	{key: 'ctrl-l', command: 'rollbackTo', description: "Roll the Deployment back to this ReplicaSet's revision", scope: 'replicasets', mutates: true},
	// statefulsets, daemonsets
	{key: 's', command: 'scale', description: 'Scale', scope: 'statefulsets', mutates: true},
	{key: 'r', command: 'restart', description: 'Rollout restart', scope: 'statefulsets', mutates: true},
	{key: 'r', command: 'restart', description: 'Rollout restart', scope: 'daemonsets', mutates: true},
	// nodes
	{key: 'c', command: 'cordon', description: 'Cordon', scope: 'nodes', mutates: true, hint: true},
	{key: 'u', command: 'uncordon', description: 'Uncordon', scope: 'nodes', mutates: true},
	{key: 'r', command: 'drain', description: 'Drain (with confirm)', scope: 'nodes', mutates: true},
	{key: 'x', command: 'failNode', description: 'Fail / recover the node (simulator)', scope: 'nodes', mutates: true, sim: true, hint: true},
	// services
	{key: '+', command: 'trafficUp', description: 'More traffic (+20 rps) (simulator)', scope: 'services', mutates: true, sim: true, hint: true},
	{key: '-', command: 'trafficDown', description: 'Less traffic (-20 rps) (simulator)', scope: 'services', mutates: true, sim: true},
	// logs
	{key: 's', command: 'autoscroll', description: 'Toggle autoscroll (follow)', scope: 'logs', hint: true},
	{key: 'w', command: 'wrap', description: 'Toggle wrap', scope: 'logs'},
	{key: 't', command: 'timestamps', description: 'Toggle timestamps', scope: 'logs'},
	{key: 'p', command: 'previous', description: 'Toggle previous container', scope: 'logs'},
	{key: 'c', command: 'container', description: 'Next container', scope: 'logs'},
	{key: '0', command: 'tail', description: 'Jump to the end (tail)', scope: 'logs'},
	{key: '1', command: 'head', description: 'Jump to the start (head)', scope: 'logs'},
	{key: '/', command: 'filter', description: 'Filter lines (highlighted)', scope: 'logs'},
	// text (describe, yaml)
	{key: '/', command: 'search', description: 'Search', scope: 'text'},
	{key: 'n', command: 'nextMatch', description: 'Next match', scope: 'text'},
	{key: 'N', command: 'prevMatch', description: 'Previous match', scope: 'text'},
	// history
	{key: 'enter', command: 'rollbackTo', description: 'Roll back to the selected revision', scope: 'history', mutates: true},
	{key: 'd', command: 'diff', description: 'Diff the selected revision against the current one', scope: 'history'},
	// containers
	{key: 'l', command: 'logs', description: 'Logs of the container', scope: 'containers'},
];

/** The name of a key press as bindings spell it. */
export function keyName(input: string, key: Key): string {
	if (key.ctrl && input) return `ctrl-${input === ' ' ? 'space' : input}`;
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab && key.shift) return 'shift-tab';
	if (key.tab) return 'tab';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pgup';
	if (key.pageDown) return 'pgdn';
	if (key.backspace || key.delete) return 'backspace';
	if (input === ' ') return 'space';
	return input;
}

export function scopesFor(kind: string | undefined): Scope[] {
	switch (kind) {
		case 'Pod':
			return ['pods'];
		case 'Deployment':
			return ['deployments'];
		case 'ReplicaSet':
			return ['replicasets'];
		case 'Node':
			return ['nodes'];
		case 'Service':
			return ['services'];
		case 'StatefulSet':
			return ['statefulsets'];
		case 'DaemonSet':
			return ['daemonsets'];
		case 'HorizontalPodAutoscaler':
			return ['hpa'];
		default:
			return [];
	}
}

/** Bindings visible in a view, after read-only and simulator filtering. */
export function visibleBindings(scopes: Scope[], opts: {readonly: boolean; sim: boolean}): Binding[] {
	return BINDINGS.filter(b => scopes.includes(b.scope) && !(opts.readonly && b.mutates) && !(b.sim && !opts.sim));
}
