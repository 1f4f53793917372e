// `:cluster`: the diagram every introduction to Kubernetes draws (kubectl -> kube-apiserver ->
// etcd; the scheduler and the controller managers beside it; each node's kubelet, kube-proxy
// and container runtime) with the simulator's live counters, the selected component's recent
// actions and the latest causal chains. On a real cluster it shows what the API tells (nodes,
// versions, events, chains) and says that the counters are the simulator's.
import React, {useEffect, useMemo} from 'react';
import {Box, Text} from 'ink';
import type {Node, Pod} from '../../cluster/types.js';
import type {Count} from '../../client/types.js';
import {t} from '../../i18n/index.js';
import {CLUSTER_KEYS, dispatch, listMoves, visible, type ClusterCommand} from '../keymap.js';
import type {ClusterViewState} from '../state.js';
import {EVENTS_WINDOW_MS, causalChains, componentIds, eventsInOrder, nodeParts, recentActions, type ComponentId} from '../controlplane.js';
import {cut, padTo, textWidth} from '../text.js';
import type {ScreenEnv} from './types.js';

/** Verbs as the API server counts them, in the order the view lists them. */
const VERBS = ['GET', 'LIST', 'WATCH', 'CREATE', 'UPDATE', 'PATCH', 'DELETE'] as const;
/** Columns of a control-plane component's name (the widest, cloud-controller-manager, with its tree branch). */
const NAME_COLUMN = 28;
const KINDS_WATCHED = ['Node', 'Pod', 'Event'];
/** Requests and writes the simulator hands over for the recent actions (the most a screen shows). */
const RECENT = 64;

/** A rate in few characters: 0, 12, 3.4. */
function rate(c: Count | undefined): string {
	if (!c) return '-';
	const r = c.rate;
	return Number.isInteger(r) || r >= 100 ? String(Math.round(r)) : r.toFixed(1);
}

interface Line {
	text: string;
	id?: ComponentId;
	tone?: 'title' | 'muted' | 'heading';
}

/** Lines broken at a chain's arrows (or inside a link, at its separators) to fit `width` columns, the rest indented. */
function wrapChain(chain: string, width: number): string[] {
	const separator = t('screen.cluster.chain.separator');
	const out: string[] = [];
	let line = '';
	for (const [i, link] of chain.split(' → ').entries())
		for (const [j, part] of link.split(separator).entries()) {
			const piece = j > 0 ? `${separator}${part}` : i > 0 ? ` → ${part}` : part;
			if (line && textWidth(line + piece) > width) {
				out.push(line);
				line = j > 0 ? `     ${part}` : `   → ${part}`;
			} else line += piece;
		}
	if (line) out.push(line);
	return out.map(l => cut(l, width));
}

export function ClusterScreen({env, screen}: {env: ScreenEnv; screen: ClusterViewState}) {
	const {client, width, height, theme} = env;
	useEffect(() => {
		const stops = KINDS_WATCHED.map(k => client.watchKind(k));
		return () => stops.forEach(s => s());
	}, [client]);
	const eventRevision = client.revision('Event');
	const events = useMemo(() => eventsInOrder(client), [client, eventRevision]);
	const nodes = useMemo(() => (client.list('Node') as Node[]).map(n => n.metadata.name).sort(), [client, client.revision('Node')]);
	const ids = componentIds(nodes);
	const selected = Math.max(0, Math.min(screen.selected, ids.length - 1));
	const chosen = ids[selected]!;

	// how the height is spent: the control plane (always), a window of nodes, actions, chains
	const sim = client.sim;
	const managed = !!sim?.cloud || nodes.some(n => n.startsWith('fargate-')) || /\.eks\.amazonaws\.com/.test(client.info().server ?? '');
	// title, diagram, the API server and its verbs (or the note that counters are the simulator's), four components, the nodes' heading
	const fixed = 9 + (managed ? 1 : 0);
	const rest = Math.max(0, height - fixed);
	const nodeRows = Math.min(nodes.length, Math.max(1, screen.expanded ? 1 : rest - 7));
	const nodeIndex = chosen.startsWith('node/') ? selected - 5 : 0;
	const nodeTop = Math.max(0, Math.min(nodeIndex - Math.floor(nodeRows / 2), nodes.length - nodeRows));
	const shownNodes = nodes.slice(nodeTop, nodeTop + nodeRows);
	const hidden = nodes.length - shownNodes.length;
	const status = sim?.controlPlane(shownNodes, RECENT);

	const select = (fn: (i: number) => number) => env.replaceTop(s => (s.type === 'cluster' ? {...s, selected: Math.max(0, Math.min(ids.length - 1, fn(selected)))} : s));
	const commands: Record<ClusterCommand, () => void> = {actions: () => env.replaceTop(s => (s.type === 'cluster' ? {...s, expanded: !s.expanded} : s))};
	env.input.current = {
		key: name => dispatch(name, visible(CLUSTER_KEYS, env.keys), commands, listMoves(select, ids.length, Math.max(1, nodeRows))),
		clear: () => {
			if (!screen.expanded) return false;
			commands.actions();
			return true;
		},
	};

	const lines: Line[] = [];
	const info = client.info();
	lines.push({text: sim ? t('screen.cluster.title', {name: info.name, window: status?.windowSeconds ?? 0}) : t('screen.cluster.titleReal', {name: info.name}), tone: 'title'});
	if (!sim) lines.push({text: t('screen.cluster.noCounters'), tone: 'muted'});
	lines.push({text: 'kubectl ──▶ kube-apiserver ──▶ etcd'});
	if (managed) lines.push({text: `  ${t('screen.cluster.managed')}`, tone: 'muted'});
	// a row of a component: the selection's mark in the gutter, its name, what it is doing
	const row = (id: ComponentId, label: string, detail: string, column = NAME_COLUMN) => lines.push({id, text: `${id === chosen ? '▸ ' : '  '}${padTo(label, column)}${detail}`});
	row('kube-apiserver', 'kube-apiserver', status ? t('screen.cluster.requests') : '');
	if (status) lines.push({text: `      ${VERBS.map(v => `${v} ${rate(status.requests[v])}`).join('  ')}`, tone: 'muted'});
	row('etcd', '├─ etcd', status ? t('screen.cluster.writes', {rate: rate(status.writes), rv: status.resourceVersion}) : '');
	row('kube-scheduler', '├─ kube-scheduler', status ? t('screen.cluster.bindings', {rate: rate(status.bindings), attempts: rate(status.schedulingAttempts)}) : '');
	const managerRow = (id: 'kube-controller-manager' | 'cloud-controller-manager', branch: string) => {
		const list = (status?.controllers ?? []).filter(c => c.manager === id);
		const sum = list.reduce((n, c) => n + c.window, 0);
		const busiest = [...list].filter(c => c.window > 0).sort((a, b) => b.window - a.window || (a.name < b.name ? -1 : 1)).slice(0, 4);
		const detail = status ? `${t('screen.cluster.reconciles', {rate: rate({total: 0, window: sum, rate: sum / status.windowSeconds})})}${busiest.length ? `: ${busiest.map(c => `${c.name} ${rate(c)}`).join(', ')}` : ''}` : '';
		row(id, `${branch} ${id}`, detail);
	};
	managerRow('kube-controller-manager', '├─');
	managerRow('cloud-controller-manager', '└─');
	lines.push({text: t('screen.cluster.nodes', {count: nodes.length}), tone: 'heading'});
	const nodeColumn = Math.max(0, ...shownNodes.map(textWidth)) + 4;
	for (const name of shownNodes) {
		const node = client.get('Node', undefined, name) as Node | undefined;
		const nodeInfo = node?.status?.nodeInfo;
		const runtime = (nodeInfo?.containerRuntimeVersion ?? 'containerd').split('://')[0]!;
		const r = status?.nodes.find(n => n.name === name);
		// the node's pods by the indexed field, not every pod of the cluster
		const onNode = client.list('Pod', {fieldSelector: `spec.nodeName=${name}`}) as Pod[];
		const running = r?.running ?? onNode.reduce((n, p) => n + (p.status?.containerStatuses ?? []).filter(c => c.state?.running).length, 0);
		const kubelet = r ? t('screen.cluster.kubelet', {pods: r.pods, pulls: r.pullsInFlight}) : t('screen.cluster.kubeletReal', {version: nodeInfo?.kubeletVersion ?? ''});
		const proxy = nodeParts(onNode, name).proxy;
		const parts = [kubelet, proxy ? t('screen.cluster.proxy', {phase: proxy}) : t('screen.cluster.noProxy'), t('screen.cluster.runtime', {runtime, running})];
		row(`node/${name}`, `  ${name}`, parts.join(' · '), nodeColumn);
	}
	if (hidden) lines.push({text: `    ${t('screen.cluster.moreNodes', {count: hidden})}`, tone: 'muted'});

	// the selected component's recent actions, then the chains, in what height is left
	const left = Math.max(0, height - lines.length);
	const actionRows = screen.expanded ? Math.max(0, left - 1) : Math.max(0, Math.min(5, Math.floor((left - 2) / 2)));
	const component = chosen.startsWith('node/') ? `kubelet (${chosen.slice(5)})` : chosen;
	if (left >= 2) {
		lines.push({text: t('screen.cluster.actions', {component, toggle: t(screen.expanded ? 'screen.cluster.less' : 'screen.cluster.more')}), tone: 'heading'});
		const actions = recentActions(client, chosen, status, events, Math.max(1, actionRows));
		if (!actions.length) lines.push({text: `  ${t('screen.cluster.noActions')}`, tone: 'muted'});
		for (const a of actions.slice(0, Math.max(1, actionRows))) lines.push({text: `  ${a}`});
	}
	const chainRoom = height - lines.length - 1;
	// (the heading and at least one chain)
	if (!screen.expanded && chainRoom >= 1) {
		lines.push({text: t('screen.cluster.chains'), tone: 'heading'});
		const chains = causalChains(events, chainRoom);
		if (!chains.length) lines.push({text: `  ${t('screen.cluster.noChains', {minutes: EVENTS_WINDOW_MS / 60_000})}`, tone: 'muted'});
		for (const c of chains) {
			const wrapped = wrapChain(`• ${c}`, width);
			const room = height - lines.length;
			if (room <= 0) break;
			// a chain that does not fit broken at its arrows goes on one line, cut
			lines.push(...(wrapped.length <= room ? wrapped : [cut(`• ${c}`, width)]).map(text => ({text})));
		}
	}
	return (
		<Box flexDirection="column">
			{lines.slice(0, height).map((l, i) => {
				const on = l.id !== undefined && l.id === chosen;
				const color = theme.color ? (l.tone === 'title' ? theme.title : l.tone === 'muted' ? theme.muted : undefined) : undefined;
				return (
					<Text key={i} bold={l.tone === 'title' || l.tone === 'heading'} color={on && theme.color ? theme.selectedFg : color} backgroundColor={on && theme.color ? theme.selectedBg : undefined} inverse={on && !theme.color} wrap="truncate">
						{cut(l.text, width) || ' '}
					</Text>
				);
			})}
		</Box>
	);
}
