// The dashboard: header, the current screen (a resource table with the pane that follows its
// selection, or describe/YAML/logs/history/help), breadcrumbs and the bottom line. Every key
// goes through the keymap's named commands; every error lands in the flash line.
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput, useStdout, type Key} from 'ink';
import YAML from 'yaml';
import type {ClusterClient} from '../client/types.js';
import type {KObject} from '../cluster/types.js';
import {kindInfo, resolveKind, type KindInfo} from '../kinds/index.js';
import {podStatus} from '../kinds/pod/index.js';
import {nodeStatus} from '../kinds/node/index.js';
import {useFrame} from './hooks/useFrame.js';
import {buildRows, filterRows, headers as tableHeaders, RowCache, visibleCells, type FilterResult, type Row} from './rows.js';
import {keyName, scopesFor, visibleBindings, type Scope} from './keymap.js';
import {LAYOUTS, nextSpeed, tableScreen, type ContainersScreen, type Flash, type HistoryScreen, type Layout, type LogsScreen, type Mode, type Screen, type TableScreen} from './state.js';
import {complete, parseCommand} from './commands.js';
import {pickTheme, statusHealth, type Health, type Theme} from './theme.js';
import {Header, HEADER_HEIGHT} from './components/Header.js';
import {Table, type TableRow} from './components/Table.js';
import {BottomLine} from './components/Prompt.js';
import {TextView, diffLines, matchLines} from './views/TextView.js';
import {LogsView, useLogStream, visibleLogLines, type LogViewState} from './views/LogsView.js';
import {EventsPane, HpaPane, PodsPane, SidePane, relatedPods} from './panes/SidePane.js';
import {NodesMini, nodeUsageColumns} from './panes/NodesPane.js';
import {HistoryView} from './views/HistoryView.js';
import {ContainersView, containerRows} from './views/ContainersView.js';
import {HelpView} from './views/HelpView.js';
import {useHeaderInfo} from './hooks/useHeaderInfo.js';
import {crumb, emptyMessage, helpScopes, ownedBy, resolveBinding, rolloutLine, stripHash} from './navigation.js';
import {editInEditor} from './edit.js';
import type {Preferences} from '../config/preferences.js';

export interface AppProps {
	client: ClusterClient;
	/** Terminal size; taken from stdout when absent (tests pass it). */
	width?: number;
	height?: number;
	prefs: Preferences;
	readonly?: boolean;
	/** Saves preferences that change (last view, namespace). */
	onPrefs?(p: Partial<Preferences>): void;
	/** Contexts of the kubeconfig (for :ctx), and how to switch. */
	contexts?: {list(): string[]; current(): string; switchTo(name: string): void};
	/** Wall clock for flash timing; tests may fake it. */
	wallNow?: () => number;
}

function useTerminalSize(width?: number, height?: number): {cols: number; rows: number} {
	const {stdout} = useStdout();
	const [size, setSize] = useState({cols: stdout?.columns ?? 100, rows: stdout?.rows ?? 30});
	useEffect(() => {
		if (width !== undefined || !stdout) return;
		const on = () => setSize({cols: stdout.columns, rows: stdout.rows});
		stdout.on('resize', on);
		return () => {
			stdout.off('resize', on);
		};
	}, [stdout, width]);
	return {cols: width ?? size.cols, rows: height ?? size.rows};
}

function rowHealth(kind: string, obj: KObject): Health {
	switch (kind) {
		case 'Pod':
			return statusHealth(podStatus(obj));
		case 'Node':
			return statusHealth(nodeStatus(obj));
		case 'Event':
			return obj.type === 'Warning' ? 'bad' : 'none';
		case 'Deployment':
		case 'ReplicaSet':
		case 'StatefulSet': {
			const want = obj.spec?.replicas ?? 1;
			const ready = obj.status?.readyReplicas ?? 0;
			if (obj.metadata.deletionTimestamp) return 'muted';
			return ready >= want ? 'ok' : ready === 0 && want > 0 ? 'bad' : 'warn';
		}
		default:
			return obj.metadata.deletionTimestamp ? 'muted' : 'none';
	}
}

const LOG_TAIL_LINES = 200;

export function App({client, width, height, prefs, readonly = false, onPrefs, contexts, wallNow = () => Date.now()}: AppProps) {
	const {exit} = useApp();
	const {cols, rows} = useTerminalSize(width, height);
	const theme: Theme = useMemo(() => pickTheme(prefs.theme), [prefs.theme]);
	const frame = useFrame(client, prefs.fps);
	const sim = client.sim;
	const startKind = resolveKind(prefs.lastView)?.kind ?? 'Pod';
	const [namespace, setNamespace] = useState(prefs.namespace ?? 'default');
	const [stack, setStack] = useState<Screen[]>(() => [tableScreen(startKind, resolveKind(startKind)?.namespaced === false ? '' : prefs.namespace ?? 'default')]);
	const [mode, setModeState] = useState<Mode>({type: 'normal'});
	// keys may arrive faster than renders: the input handler reads the mode from this ref
	const modeRef = useRef<Mode>(mode);
	const setMode = useCallback((m: Mode) => {
		modeRef.current = m;
		setModeState(m);
	}, []);
	const [flash, setFlashState] = useState<Flash | undefined>();
	const [layout, setLayout] = useState<Layout>('split');
	const [textOffset, setTextOffset] = useState(0);
	const [textSearch, setTextSearch] = useState<string | undefined>();
	const [logState, setLogState] = useState<LogViewState>({follow: true, wrap: false, timestamps: false, filter: '', offset: 0, previous: false});
	const [historyRows, setHistoryRows] = useState<Array<{revision: number; changeCause?: string; replicaSet: string; template: any}>>([]);
	const [, force] = useState(0);
	const cache = useMemo(() => new RowCache(), []);
	const screen = stack[stack.length - 1]!;
	const now = client.now();

	const setFlash = useCallback((text: string, level: 'info' | 'error' = 'info') => setFlashState({text, level, at: wallNow()}), [wallNow]);
	const replaceTop = useCallback((fn: (s: Screen) => Screen) => setStack(st => [...st.slice(0, -1), fn(st[st.length - 1]!)]), []);
	const push = useCallback((s: Screen) => {
		setStack(st => [...st, s]);
		setTextOffset(0);
		setTextSearch(undefined);
	}, []);
	const pop = useCallback(() => setStack(st => (st.length > 1 ? st.slice(0, -1) : st)), []);
	const run = useCallback(
		(p: Promise<string | string[]>) => {
			p.then(r => setFlash(Array.isArray(r) ? r.join(', ') : r)).catch((e: Error) => setFlash(e.message, 'error'));
		},
		[setFlash],
	);

	// ------------------------------------------------------------ layout sizes
	const bodyHeight = Math.max(3, rows - 1 - HEADER_HEIGHT - 2);
	const splitVertical = cols < 150;
	const mainWidth = layout === 'split' && !splitVertical ? Math.floor(cols * 0.58) : cols;
	const paneWidth = cols - mainWidth - 1;
	const mainHeight = layout === 'split' && splitVertical ? Math.max(3, Math.ceil(bodyHeight * 0.55)) : layout === 'dashboard' ? Math.floor(bodyHeight / 2) : bodyHeight;
	const tableRowsVisible = Math.max(1, mainHeight - 2);

	// ------------------------------------------------------------ table rows
	const table = screen.type === 'table' ? screen : undefined;
	const kind: KindInfo | undefined = table ? kindInfo(table.kind) : undefined;
	const kindRevision = table ? client.revision(table.kind) : 0;
	const sortedRows: Row[] = useMemo(() => {
		if (!table || !kind) return [];
		const ns = kind.namespaced ? table.namespace || undefined : undefined;
		let objects = client.list(kind.kind, {namespace: ns, labelSelector: table.labelSelector, fieldSelector: table.fieldSelector});
		if (table.ownerUid) objects = objects.filter(o => ownedBy(client, o, table.ownerUid!));
		return buildRows({kind, objects, sort: table.sort, allNamespaces: !table.namespace, wide: table.wide, ctx: {now}}, cache);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [client, kind, kindRevision, table?.namespace, table?.labelSelector, table?.fieldSelector, table?.sort, table?.ownerUid, cache]);
	// big lists get their filter text ready in the background, so the first `/` key is quick
	useEffect(() => {
		if (!kind || sortedRows.length < 5000) return;
		return cache.warm(kind, sortedRows, {now: client.now()});
	}, [sortedRows, kind, cache, client]);
	const lastFilter = useRef<FilterResult | undefined>(undefined);
	const allRows: Row[] = useMemo(() => {
		if (!kind) return sortedRows;
		const filter = table?.filter?.startsWith('-l ') ? undefined : table?.filter;
		const r = filterRows(sortedRows, filter, kind, cache, {now}, lastFilter.current);
		lastFilter.current = r;
		return r.rows;
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [sortedRows, table?.filter, kind, cache]);

	// keep the selection on the same object when rows move
	let selected = table ? Math.min(table.selected, Math.max(0, allRows.length - 1)) : 0;
	if (table?.selectedKey && allRows[selected]?.key !== table.selectedKey) {
		const i = allRows.findIndex(r => r.key === table.selectedKey);
		if (i >= 0) selected = i;
	}
	const selectedObj: KObject | undefined = table ? allRows[selected]?.obj : undefined;
	const scrollTop = Math.max(0, Math.min(selected - Math.floor(tableRowsVisible / 2), allRows.length - tableRowsVisible));
	const topIndex = Math.max(0, Math.min(scrollTop, selected));

	// the selected pod's log tail for the side pane: lines gather in a ref and show with the next
	// frame (frames come at least every simulated second), so the tail costs no renders of its own
	const logTail = useRef<string[]>([]);
	const [, tailReady] = useState(0);
	const tailPod = layout !== 'single' && selectedObj?.kind === 'Pod' ? selectedObj : undefined;
	useEffect(() => {
		const lines: string[] = [];
		logTail.current = lines;
		if (!tailPod) return;
		let stop: (() => void) | undefined;
		let cancelled = false;
		client
			.logs(tailPod.metadata.namespace!, tailPod.metadata.name, {follow: true, tailLines: LOG_TAIL_LINES, container: tailPod.spec.containers[0]?.name}, line => {
				lines.push(line);
				if (lines.length > LOG_TAIL_LINES * 2) lines.splice(0, lines.length - LOG_TAIL_LINES);
			})
			.then(s => {
				if (cancelled) s();
				else {
					stop = s;
					tailReady(n => n + 1);
				}
			})
			.catch((e: Error) => {
				if (!cancelled) {
					lines.push(e.message);
					tailReady(n => n + 1);
				}
			});
		return () => {
			cancelled = true;
			stop?.();
		};
	}, [client, tailPod?.metadata.uid]);

	// logs screen
	const logsScreen = screen.type === 'logs' ? screen : undefined;
	const emptyLogs = useMemo<LogsScreen>(() => ({type: 'logs', namespace: '', pods: [], previous: false, title: ''}), []);
	const {buffer: logBuffer, error: logError} = useLogStream(client, logsScreen ?? emptyLogs, logState, prefs.logBuffer);

	// ------------------------------------------------------------ helpers
	const scopes: Scope[] = useMemo(() => {
		if (screen.type === 'table') return ['global', 'table', ...scopesFor(screen.kind)];
		if (screen.type === 'logs') return ['global', 'logs'];
		if (screen.type === 'text') return ['global', 'text'];
		if (screen.type === 'history') return ['global', 'history'];
		if (screen.type === 'containers') return ['global', 'containers'];
		return ['global'];
	}, [screen]);
	const bindings = useMemo(() => visibleBindings(scopes, {readonly, sim: !!sim}), [scopes, readonly, sim]);

	const targets = useCallback((): KObject[] => {
		if (!table) return [];
		if (table.marked.length) return allRows.filter(r => table.marked.includes(r.key)).map(r => r.obj);
		return selectedObj ? [selectedObj] : [];
	}, [table, allRows, selectedObj]);

	const openKind = useCallback(
		(kindName: string, ns0?: string, labelSelector?: string) => {
			const k = resolveKind(kindName);
			if (!k) {
				setFlash(`\`${kindName}\` command not found`, 'error');
				return;
			}
			const ns = ns0 ?? namespace;
			if (ns0 !== undefined && k.namespaced) setNamespace(ns0);
			setStack([tableScreen(k.kind, k.namespaced ? ns : '', {labelSelector})]);
			onPrefs?.({lastView: k.plural, ...(ns0 !== undefined && k.namespaced ? {namespace: ns0} : {})});
		},
		[namespace, onPrefs, setFlash],
	);

	// keys can come faster than renders: moves apply to the latest selection, not the rendered one
	const rowsRef = useRef(allRows);
	rowsRef.current = allRows;
	const moveTo = useCallback(
		(target: number | ((current: number) => number)) => {
			replaceTop(s => {
				if (s.type !== 'table') return s;
				const rows = rowsRef.current;
				let current = Math.min(s.selected, Math.max(0, rows.length - 1));
				if (s.selectedKey && rows[current]?.key !== s.selectedKey) {
					const i = rows.findIndex(r => r.key === s.selectedKey);
					if (i >= 0) current = i;
				}
				const want = typeof target === 'number' ? target : target(current);
				const n = Math.max(0, Math.min(want, rows.length - 1));
				return n === s.selected && rows[n]?.key === s.selectedKey ? s : {...s, selected: n, selectedKey: rows[n]?.key};
			});
		},
		[replaceTop],
	);

	// ------------------------------------------------------------ commands
	const command = useCallback(
		(name: string): boolean => {
			const obj = selectedObj;
			const ns = obj?.metadata.namespace ?? '';
			switch (name) {
				case 'quit':
					exit();
					return true;
				case 'help':
					if (screen.type !== 'help') push({type: 'help'});
					return true;
				case 'command':
					setMode({type: 'command', text: ''});
					return true;
				case 'layout':
					setLayout(l => LAYOUTS[(LAYOUTS.indexOf(l) + 1) % LAYOUTS.length]!);
					return true;
				case 'pause':
					if (sim) setFlash(sim.togglePause() ? 'simulated time paused' : `simulated time running at ${sim.speed()}x`);
					return true;
				case 'faster':
				case 'slower':
					if (sim) {
						sim.setSpeed(nextSpeed(sim.speed(), name === 'faster'));
						setFlash(`simulated time at ${sim.speed()}x`);
					}
					return true;
				case 'step':
					if (sim) {
						sim.step(1000);
						setFlash('stepped 1s');
					}
					return true;
			}
			if (!table || !kind) return false;
			switch (name) {
				case 'filter':
					setMode({type: 'filter', text: table.filter ?? ''});
					return true;
				case 'down':
					moveTo(i => i + 1);
					return true;
				case 'up':
					moveTo(i => i - 1);
					return true;
				case 'pageDown':
					moveTo(i => i + tableRowsVisible);
					return true;
				case 'pageUp':
					moveTo(i => i - tableRowsVisible);
					return true;
				case 'top':
					moveTo(0);
					return true;
				case 'bottom':
					moveTo(Number.MAX_SAFE_INTEGER);
					return true;
				case 'wide':
					replaceTop(s => ({...(s as TableScreen), wide: !(s as TableScreen).wide}));
					return true;
				case 'refresh':
					force(n => n + 1);
					setFlash('refreshed');
					return true;
				case 'sortName':
				case 'sortAge':
				case 'sortStatus': {
					const column = name === 'sortName' ? 'Name' : name === 'sortAge' ? 'Age' : 'Status';
					replaceTop(s => {
						const t = s as TableScreen;
						return {...t, sort: {column, ascending: t.sort.column === column ? !t.sort.ascending : column !== 'Age'}};
					});
					return true;
				}
				case 'sortPicker': {
					const cols = tableHeaders(kind, !table.namespace, table.wide).names.filter(n => n !== 'NAMESPACE');
					setMode({type: 'picker', title: 'Sort by', items: cols, choice: 0, action: 'sort'});
					return true;
				}
				case 'allNamespaces':
					if (kind.namespaced) {
						replaceTop(s => ({...(s as TableScreen), namespace: '', selected: 0}));
						setNamespace('');
						onPrefs?.({namespace: ''});
					}
					return true;
				case 'mark':
					if (obj) {
						const key = allRows[selected]!.key;
						replaceTop(s => {
							const t = s as TableScreen;
							return {...t, marked: t.marked.includes(key) ? t.marked.filter(k => k !== key) : [...t.marked, key]};
						});
						moveTo(i => i + 1);
					}
					return true;
				case 'unmarkAll':
					replaceTop(s => ({...(s as TableScreen), marked: []}));
					return true;
			}
			if (!obj) return false;
			switch (name) {
				case 'enter':
					return drill(obj);
				case 'describe':
					push({type: 'text', mode: 'describe', kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name});
					return true;
				case 'yaml':
					push({type: 'text', mode: 'yaml', kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name});
					return true;
				case 'edit':
					run(editInEditor(client, obj).then(r => r));
					force(n => n + 1);
					return true;
				case 'delete': {
					const list = targets();
					const what = list.length === 1 ? `${kind.singular} ${list[0]!.metadata.name}` : `${list.length} ${kind.plural}`;
					setMode({type: 'confirm', message: `Delete ${what}?`, action: 'delete', options: ['Background', 'Foreground', 'Orphan', 'Cancel'], choice: 0, data: list});
					return true;
				}
				case 'kill':
					run(client.delete('Pod', ns, obj.metadata.name, 'Background').then(() => `pod "${obj.metadata.name}" killed`));
					return true;
				case 'logs':
				case 'previousLogs':
					return openLogs(obj, name === 'previousLogs');
				case 'crash':
					if (sim && obj.kind === 'Pod') run(sim.crashContainer(ns, obj.metadata.name));
					return true;
				case 'breakProbes': {
					if (!sim || obj.kind !== 'Pod') return true;
					const failing = !brokenProbes.current.has(obj.metadata.uid!);
					if (failing) brokenProbes.current.add(obj.metadata.uid!);
					else brokenProbes.current.delete(obj.metadata.uid!);
					run(sim.setProbesFailing(ns, obj.metadata.name, failing));
					return true;
				}
				case 'scale': {
					const list = targets();
					setMode({type: 'prompt', label: `Scale ${list.length > 1 ? `${list.length} ${kind.plural}` : `${kind.singular} ${obj.metadata.name}`} to: `, text: String(obj.spec?.replicas ?? 1), action: 'scale', data: list});
					return true;
				}
				case 'restart':
					run(client.restart(obj.kind, ns, obj.metadata.name));
					return true;
				case 'setImage': {
					const containers: any[] = obj.spec?.template?.spec?.containers ?? [];
					if (containers.length > 1) setMode({type: 'picker', title: 'Container', items: containers.map(c => c.name), choice: 0, action: 'imageFor', data: obj});
					else if (containers[0]) setMode({type: 'prompt', label: `Image for container ${containers[0].name}: `, text: containers[0].image, action: 'setImage', data: {obj, container: containers[0].name}});
					return true;
				}
				case 'undo':
					run(client.rollback(ns, obj.metadata.name));
					return true;
				case 'history':
					client
						.history(ns, obj.metadata.name)
						.then(h => {
							setHistoryRows(h);
							push({type: 'history', namespace: ns, name: obj.metadata.name, selected: Math.max(0, h.length - 1)});
						})
						.catch((e: Error) => setFlash(e.message, 'error'));
					return true;
				case 'rollbackTo': {
					const owner = obj.metadata.ownerReferences?.find(o => o.controller && o.kind === 'Deployment');
					const rev = Number(obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
					if (!owner) setFlash(`replicaset ${obj.metadata.name} has no Deployment to roll back`, 'error');
					else run(client.rollback(ns, owner.name, rev));
					return true;
				}
				case 'cordon':
				case 'uncordon':
					run(client.cordon(obj.metadata.name, name === 'cordon'));
					return true;
				case 'drain':
					setMode({type: 'confirm', message: `Drain node ${obj.metadata.name}?`, action: 'drain', options: ['Drain', 'Cancel'], choice: 0, data: obj});
					return true;
				case 'failNode': {
					if (!sim) return true;
					const down = failedNodes.current.has(obj.metadata.name);
					if (down) failedNodes.current.delete(obj.metadata.name);
					else failedNodes.current.add(obj.metadata.name);
					run(down ? sim.recoverNode(obj.metadata.name) : sim.failNode(obj.metadata.name));
					return true;
				}
				case 'trafficUp':
				case 'trafficDown':
					if (sim) run(sim.setTraffic(ns, obj.metadata.name, sim.traffic(ns, obj.metadata.name) + (name === 'trafficUp' ? 20 : -20)));
					return true;
			}
			return false;
		},
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[selectedObj, screen, table, kind, allRows, selected, tableRowsVisible, sim, targets, run, push, replaceTop, moveTo, client, exit, setFlash],
	);

	const brokenProbes = useRef(new Set<string>());
	const failedNodes = useRef(new Set<string>());

	function drill(obj: KObject): boolean {
		const title = `${kindInfo(obj.kind)?.singular ?? obj.kind.toLowerCase()}/${obj.metadata.name}`;
		switch (obj.kind) {
			case 'Namespace':
				setStack([tableScreen('Pod', obj.metadata.name)]);
				setNamespace(obj.metadata.name);
				onPrefs?.({namespace: obj.metadata.name, lastView: 'pods'});
				setFlash(`namespace ${obj.metadata.name}`);
				return true;
			case 'Pod':
				push({type: 'containers', namespace: obj.metadata.namespace!, pod: obj.metadata.name, selected: 0});
				return true;
			case 'Node':
				push(tableScreen('Pod', '', {fieldSelector: `spec.nodeName=${obj.metadata.name}`, title}));
				return true;
			case 'Service': {
				const sel = obj.spec?.selector;
				if (!sel || !Object.keys(sel).length) {
					setFlash(`service ${obj.metadata.name} has no selector`, 'error');
					return true;
				}
				push(tableScreen('Pod', obj.metadata.namespace!, {labelSelector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(','), title}));
				return true;
			}
			case 'HorizontalPodAutoscaler': {
				const ref = obj.spec?.scaleTargetRef;
				if (ref) push(tableScreen('Pod', obj.metadata.namespace!, {ownerUid: client.get(ref.kind, obj.metadata.namespace, ref.name)?.metadata.uid, title}));
				return true;
			}
			case 'Deployment':
			case 'ReplicaSet':
			case 'StatefulSet':
			case 'DaemonSet':
			case 'Job':
			case 'CronJob':
				push(tableScreen('Pod', obj.metadata.namespace!, {ownerUid: obj.metadata.uid, title}));
				return true;
			default:
				push({type: 'text', mode: 'describe', kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name});
				return true;
		}
	}

	function openLogs(obj: KObject, previous: boolean): boolean {
		const title = `${kindInfo(obj.kind)?.singular ?? ''}/${obj.metadata.name}`;
		setLogState(s => ({...s, previous, offset: 0, follow: true, filter: '', container: undefined}));
		if (obj.kind === 'Pod') {
			push({type: 'logs', namespace: obj.metadata.namespace!, pods: [obj.metadata.name], previous, title});
			return true;
		}
		const pods = relatedPods(client, obj).filter(p => !p.metadata.deletionTimestamp).map(p => p.metadata.name);
		if (!pods.length) {
			setFlash(`no pods for ${title}`, 'error');
			return true;
		}
		push({type: 'logs', namespace: obj.metadata.namespace!, pods, previous, title});
		return true;
	}

	// ------------------------------------------------------------ text screens
	const textScreen = screen.type === 'text' ? screen : undefined;
	const textLines: string[] = useMemo(() => {
		if (!textScreen) return [];
		if (textScreen.text !== undefined) return textScreen.text.split('\n');
		const obj = client.get(textScreen.kind, textScreen.namespace, textScreen.name);
		if (!obj) return [`${kindInfo(textScreen.kind)?.plural ?? textScreen.kind} "${textScreen.name}" not found`];
		if (textScreen.mode === 'yaml') return YAML.stringify(obj, {lineWidth: 0}).split('\n');
		try {
			return client.describe(obj).split('\n');
		} catch (e) {
			return [`error: ${(e as Error).message}`];
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [textScreen, client, frame]);

	// ------------------------------------------------------------ input
	const finishMode = useCallback(
		(m: Mode, value?: string) => {
			setMode({type: 'normal'});
			if (m.type === 'command') {
				const text = (value ?? m.text).trim();
				if (!text) return;
				const c = parseCommand(text, client.kinds());
				if (c.type === 'quit') exit();
				else if (c.type === 'help') push({type: 'help'});
				else if (c.type === 'error') setFlash(c.message, 'error');
				else if (c.type === 'contexts') {
					if (!contexts) setFlash('contexts: the embedded simulator has one cluster (start with --context NAME for a kubeconfig)', 'error');
					else if (c.name) {
						try {
							contexts.switchTo(c.name);
							setFlash(`switched to context ${c.name}`);
						} catch (e) {
							setFlash((e as Error).message, 'error');
						}
					} else setMode({type: 'picker', title: 'Context', items: contexts.list(), choice: Math.max(0, contexts.list().indexOf(contexts.current())), action: 'context'});
				} else openKind(c.kind, c.namespace, c.labelSelector);
				return;
			}
			if (m.type === 'filter') {
				const text = value ?? m.text;
				if (screen.type === 'logs') {
					setLogState(s => ({...s, filter: text}));
					return;
				}
				if (screen.type === 'text') {
					setTextSearch(text || undefined);
					const hits = matchLines(textLines, text);
					if (hits.length) setTextOffset(hits[0]!);
					else if (text) setFlash(`no match for "${text}"`, 'error');
					return;
				}
				if (text.startsWith('-l ')) replaceTop(s => ({...(s as TableScreen), labelSelector: text.slice(3).trim() || undefined, filter: undefined, selected: 0}));
				else replaceTop(s => ({...(s as TableScreen), filter: text || undefined, selected: 0, selectedKey: undefined}));
				return;
			}
			if (m.type === 'prompt') {
				const text = (value ?? m.text).trim();
				if (m.action === 'scale') {
					const n = Number(text);
					if (!/^\d+$/.test(text)) {
						setFlash(`invalid replica count "${text}": must be a whole number 0 or more`, 'error');
						return;
					}
					const list: KObject[] = m.data;
					run(Promise.all(list.map(o => client.scale(o.kind, o.metadata.namespace!, o.metadata.name, n))).then(() => list.map(o => `scaled ${kindInfo(o.kind)?.singular}/${o.metadata.name} to ${n}`)));
					return;
				}
				if (m.action === 'setImage') {
					if (!text) return;
					const {obj, container} = m.data as {obj: KObject; container: string};
					run(client.setImage(obj.kind, obj.metadata.namespace!, obj.metadata.name, container, text).then(() => `${kindInfo(obj.kind)?.singular}/${obj.metadata.name} container ${container} image set to ${text}`));
				}
			}
		},
		[client, contexts, exit, openKind, push, replaceTop, run, screen.type, setFlash, textLines],
	);

	const handleMode = useCallback(
		(input: string, key: Key): boolean => {
			const mode = modeRef.current;
			if (mode.type === 'normal') return false;
			const name = keyName(input, key);
			if (name === 'ctrl-c') {
				exit();
				return true;
			}
			if (mode.type === 'command' || mode.type === 'filter' || mode.type === 'prompt') {
				if (name === 'esc') {
					setMode({type: 'normal'});
					if (mode.type === 'filter' && screen.type === 'table') replaceTop(s => ({...(s as TableScreen), filter: undefined}));
					return true;
				}
				if (name === 'enter') {
					finishMode(mode);
					return true;
				}
				if (name === 'tab' && mode.type === 'command') {
					const text = mode.text + (mode.completion ?? '');
					setMode({type: 'command', text, completion: complete(text, client.kinds(), client.namespaces())});
					return true;
				}
				if (name === 'backspace') {
					const text = mode.text.slice(0, -1);
					setMode(mode.type === 'command' ? {type: 'command', text, completion: complete(text, client.kinds(), client.namespaces())} : {...mode, text});
					if (mode.type === 'filter' && screen.type === 'table' && !text.startsWith('-l')) replaceTop(s => ({...(s as TableScreen), filter: text || undefined, selected: 0, selectedKey: undefined}));
					return true;
				}
				if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageDown || key.pageUp) return true;
				const printable = input.replace(/[\x00-\x1f\x7f]/g, '');
				if (!printable) return true;
				const text = mode.text + printable;
				if (mode.type === 'command') setMode({type: 'command', text, completion: complete(text, client.kinds(), client.namespaces())});
				else setMode({...mode, text});
				// live filtering as k9s does
				if (mode.type === 'filter' && screen.type === 'table' && !text.startsWith('-l')) replaceTop(s => ({...(s as TableScreen), filter: text, selected: 0, selectedKey: undefined}));
				return true;
			}
			if (mode.type === 'confirm' || mode.type === 'picker') {
				const count = mode.type === 'confirm' ? mode.options.length : mode.items.length;
				if (name === 'esc') {
					setMode({type: 'normal'});
					return true;
				}
				if (name === 'left' || name === 'up' || name === 'k' || name === 'h') {
					setMode({...mode, choice: (mode.choice - 1 + count) % count});
					return true;
				}
				if (name === 'right' || name === 'down' || name === 'j' || name === 'l' || name === 'tab') {
					setMode({...mode, choice: (mode.choice + 1) % count});
					return true;
				}
				if (name === 'enter') {
					setMode({type: 'normal'});
					if (mode.type === 'confirm') confirm(mode.action, mode.options[mode.choice]!, mode.data);
					else pick(mode.action, mode.items[mode.choice]!, mode.data);
					return true;
				}
				return true;
			}
			return false;
		},
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[mode, finishMode, client, exit, screen.type, replaceTop],
	);

	function confirm(action: string, option: string, data: any): void {
		if (option === 'Cancel') return;
		if (action === 'delete') {
			const list: KObject[] = data;
			run(Promise.all(list.map(o => client.delete(o.kind, o.metadata.namespace, o.metadata.name, option as 'Background' | 'Foreground' | 'Orphan'))).then(r => r.join(', ')));
			replaceTop(s => (s.type === 'table' ? {...s, marked: []} : s));
		} else if (action === 'drain') run(client.drain((data as KObject).metadata.name));
	}

	function pick(action: string, item: string, data: any): void {
		if (action === 'sort') replaceTop(s => ({...(s as TableScreen), sort: {column: item, ascending: true}}));
		else if (action === 'context') {
			try {
				contexts?.switchTo(item);
				setFlash(`switched to context ${item}`);
			} catch (e) {
				setFlash((e as Error).message, 'error');
			}
		} else if (action === 'imageFor') {
			const obj = data as KObject;
			const c = obj.spec.template.spec.containers.find((x: any) => x.name === item);
			setMode({type: 'prompt', label: `Image for container ${item}: `, text: c?.image ?? '', action: 'setImage', data: {obj, container: item}});
		}
	}

	const handleScreenKey = (name: string): boolean => {
		if (screen.type === 'text') {
			const page = bodyHeight - 1;
			const max = Math.max(0, textLines.length - page);
			const hits = matchLines(textLines, textSearch);
			switch (name) {
				case 'j':
				case 'down':
					setTextOffset(o => Math.min(max, o + 1));
					return true;
				case 'k':
				case 'up':
					setTextOffset(o => Math.max(0, o - 1));
					return true;
				case 'pgdn':
				case 'ctrl-f':
				case 'space':
					setTextOffset(o => Math.min(max, o + page));
					return true;
				case 'pgup':
				case 'ctrl-b':
					setTextOffset(o => Math.max(0, o - page));
					return true;
				case 'g':
					setTextOffset(0);
					return true;
				case 'G':
					setTextOffset(max);
					return true;
				case '/':
					setMode({type: 'filter', text: textSearch ?? ''});
					return true;
				case 'n':
				case 'N': {
					if (!hits.length) return true;
					const next = name === 'n' ? hits.find(h => h > textOffset) ?? hits[0]! : [...hits].reverse().find(h => h < textOffset) ?? hits[hits.length - 1]!;
					setTextOffset(Math.min(max, next));
					return true;
				}
			}
			return false;
		}
		if (screen.type === 'logs') {
			const {total, start} = visibleLogLines(logBuffer, logState, bodyHeight - 1);
			switch (name) {
				case 's':
					setLogState(s => ({...s, follow: !s.follow, offset: start}));
					setFlash(`autoscroll ${logState.follow ? 'off' : 'on'}`);
					return true;
				case 'w':
					setLogState(s => ({...s, wrap: !s.wrap}));
					return true;
				case 't':
					setLogState(s => ({...s, timestamps: !s.timestamps}));
					return true;
				case 'p':
					setLogState(s => ({...s, previous: !s.previous}));
					setFlash(logState.previous ? 'current container' : 'previous container');
					return true;
				case 'c': {
					const pod = client.get('Pod', screen.namespace, screen.pods[0]!);
					const names: string[] = pod?.spec.containers.map((c: any) => c.name) ?? [];
					if (names.length < 2) {
						setFlash('this pod has one container', 'error');
						return true;
					}
					const cur = logState.container ?? names[0];
					const next = names[(names.indexOf(cur!) + 1) % names.length]!;
					setLogState(s => ({...s, container: next}));
					setFlash(`container ${next}`);
					return true;
				}
				case '0':
					setLogState(s => ({...s, follow: true}));
					return true;
				case '1':
					setLogState(s => ({...s, follow: false, offset: 0}));
					return true;
				case 'j':
				case 'down':
					setLogState(s => ({...s, follow: false, offset: Math.min(Math.max(0, total - 1), (s.follow ? start : s.offset) + 1)}));
					return true;
				case 'k':
				case 'up':
					setLogState(s => ({...s, follow: false, offset: Math.max(0, (s.follow ? start : s.offset) - 1)}));
					return true;
				case 'pgup':
				case 'ctrl-b':
					setLogState(s => ({...s, follow: false, offset: Math.max(0, (s.follow ? start : s.offset) - (bodyHeight - 1))}));
					return true;
				case 'pgdn':
				case 'ctrl-f':
					setLogState(s => ({...s, offset: Math.min(Math.max(0, total - 1), (s.follow ? start : s.offset) + (bodyHeight - 1))}));
					return true;
				case 'g':
					setLogState(s => ({...s, follow: false, offset: 0}));
					return true;
				case 'G':
					setLogState(s => ({...s, follow: true}));
					return true;
				case '/':
					setMode({type: 'filter', text: logState.filter});
					return true;
			}
			return false;
		}
		if (screen.type === 'history') {
			const n = historyRows.length;
			switch (name) {
				case 'j':
				case 'down':
					replaceTop(s => ({...(s as HistoryScreen), selected: Math.min(n - 1, (s as HistoryScreen).selected + 1)}));
					return true;
				case 'k':
				case 'up':
					replaceTop(s => ({...(s as HistoryScreen), selected: Math.max(0, (s as HistoryScreen).selected - 1)}));
					return true;
				case 'enter': {
					if (readonly) return true;
					const rev = historyRows[screen.selected];
					if (rev) {
						run(client.rollback(screen.namespace, screen.name, rev.revision));
						pop();
					}
					return true;
				}
				case 'd': {
					const rev = historyRows[screen.selected];
					const cur = historyRows[historyRows.length - 1];
					if (!rev || !cur) return true;
					const a = YAML.stringify(stripHash(rev.template)).split('\n');
					const b = YAML.stringify(stripHash(cur.template)).split('\n');
					push({type: 'text', mode: 'diff', kind: 'Deployment', namespace: screen.namespace, name: screen.name, text: [`--- revision ${rev.revision}`, `+++ revision ${cur.revision} (current)`, ...diffLines(a, b)].join('\n'), title: `diff ${rev.revision}..${cur.revision}`});
					return true;
				}
			}
			return false;
		}
		if (screen.type === 'containers') {
			const pod = client.get('Pod', screen.namespace, screen.pod);
			const list = containerRows(pod);
			switch (name) {
				case 'j':
				case 'down':
					replaceTop(s => ({...(s as ContainersScreen), selected: Math.min(list.length - 1, (s as ContainersScreen).selected + 1)}));
					return true;
				case 'k':
				case 'up':
					replaceTop(s => ({...(s as ContainersScreen), selected: Math.max(0, (s as ContainersScreen).selected - 1)}));
					return true;
				case 'l':
				case 'enter': {
					const c = list[screen.selected];
					if (c && pod) {
						setLogState(s => ({...s, container: c.name, previous: false, offset: 0, follow: true, filter: ''}));
						push({type: 'logs', namespace: screen.namespace, pods: [screen.pod], container: c.name, previous: false, title: `pod/${screen.pod}:${c.name}`});
					}
					return true;
				}
			}
			return false;
		}
		if (screen.type === 'help') {
			return false;
		}
		return false;
	};

	const onKey = (input: string, key: Key) => {
			try {
				if (handleMode(input, key)) return;
				const name = keyName(input, key);
				if (name === 'ctrl-c') {
					exit();
					return;
				}
				if (name === 'esc') {
					if (screen.type === 'table' && screen.filter) replaceTop(s => ({...(s as TableScreen), filter: undefined}));
					else if (screen.type === 'text' && textSearch) setTextSearch(undefined);
					else if (screen.type === 'logs' && logState.filter) setLogState(s => ({...s, filter: ''}));
					else pop();
					return;
				}
				// one write may carry several characters (`jjj`): handle each
				const chars = !key.ctrl && !key.meta && input.length > 1 && !/[\x00-\x1f]/.test(input) ? [...input] : [input];
				for (const ch of chars) {
					const n = chars.length > 1 ? ch : name;
					if (screen.type !== 'table' && handleScreenKey(n)) continue;
					const b = resolveBinding(n, bindings, screen.type === 'table');
					if (b) command(b);
					else if (screen.type === 'table' && /^[1-9]$/.test(n)) favorite(Number(n));
				}
			} catch (e) {
				setFlash(`error: ${(e as Error).message}`, 'error');
			}
	};
	// one stable subscription that always calls this render's handler
	const onKeyRef = useRef(onKey);
	onKeyRef.current = onKey;
	useInput(useCallback((input: string, key: Key) => onKeyRef.current(input, key), []), {isActive: true});

	function favorite(n: number): void {
		const ns = prefs.favorites[n - 1];
		if (!ns || !kind?.namespaced) return;
		replaceTop(s => ({...(s as TableScreen), namespace: ns, selected: 0}));
		setNamespace(ns);
		onPrefs?.({namespace: ns});
		setFlash(`namespace ${ns}`);
	}

	// clear an old flash after 6 s
	useEffect(() => {
		if (!flash) return;
		const t = setTimeout(() => setFlashState(f => (f === flash ? undefined : f)), 6000);
		return () => clearTimeout(t);
	}, [flash]);

	// ------------------------------------------------------------ render
	const headerInfo = useHeaderInfo(client, namespace, readonly, frame);
	const hints = bindings.filter(b => b.hint);
	const crumbs = stack.map(s => crumb(s)).join(' > ');

	let body: React.ReactNode;
	if (screen.type === 'table' && kind) {
		const {names, indexes} = tableHeaders(kind, !screen.namespace && kind.namespaced, screen.wide);
		const slice = allRows.slice(topIndex, topIndex + tableRowsVisible);
		const ctx = {now};
		const extra = kind.kind === 'Node' ? nodeUsageColumns(client) : undefined;
		if (extra) names.push(...extra.headers);
		const tableRows: TableRow[] = slice.map(r => ({key: r.key, cells: [...visibleCells(kind, r.obj, indexes, cache, ctx), ...(extra ? extra.cells(r.obj) : [])], health: rowHealth(kind.kind, r.obj), marked: screen.marked.includes(r.key)}));
		const title = `${kind.plural}(${screen.namespace || (kind.namespaced ? 'all' : '')})${screen.labelSelector ? ` ${screen.labelSelector}` : ''}${screen.filter ? ` /${screen.filter}` : ''}[${allRows.length}]`;
		const main = (
			<Box flexDirection="column" width={mainWidth} height={mainHeight}>
				<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
					{title}
					{screen.marked.length ? ` (${screen.marked.length} marked)` : ''}
					{kind.kind === 'Deployment' && selectedObj ? rolloutLine(client, selectedObj) : ''}
				</Text>
				{allRows.length === 0 ? (
					<Text color={theme.color ? theme.muted : undefined}>{emptyMessage(kind, screen)}</Text>
				) : (
					<Table headers={names} rows={tableRows} selected={selected - topIndex} width={mainWidth} theme={theme} sortColumn={screen.sort.column} ascending={screen.sort.ascending} />
				)}
			</Box>
		);
		const paneHeight = layout === 'split' && splitVertical ? bodyHeight - mainHeight : bodyHeight;
		if (layout === 'single') body = main;
		else if (layout === 'split')
			body = (
				<Box flexDirection={splitVertical ? 'column' : 'row'}>
					{main}
					{!splitVertical ? <Box width={1} /> : null}
					<SidePane client={client} obj={selectedObj} width={splitVertical ? cols : paneWidth} height={paneHeight} theme={theme} logTail={logTail.current.slice(-LOG_TAIL_LINES)} />
				</Box>
			);
		else {
			const half = Math.floor(cols / 2);
			const lowHeight = bodyHeight - mainHeight;
			const hpa = client.list('HorizontalPodAutoscaler')[0];
			body = (
				<Box flexDirection="column">
					<Box flexDirection="row">
						{React.cloneElement(main, {width: half})}
						<Box width={1} />
						<NodesMini client={client} width={cols - half - 1} height={mainHeight} theme={theme} />
					</Box>
					<Box flexDirection="row">
						{hpa ? <HpaPane client={client} obj={hpa} width={half} height={lowHeight} theme={theme} /> : <PodsPane client={client} obj={selectedObj} width={half} height={lowHeight} theme={theme} />}
						<Box width={1} />
						<EventsPane client={client} obj={undefined} width={cols - half - 1} height={lowHeight} theme={theme} />
					</Box>
				</Box>
			);
		}
	} else if (screen.type === 'text') {
		body = <TextView lines={textLines} offset={Math.min(textOffset, Math.max(0, textLines.length - 1))} height={bodyHeight} width={cols} search={textSearch} yaml={screen.mode === 'yaml'} diff={screen.mode === 'diff'} theme={theme} />;
	} else if (screen.type === 'logs') {
		body = (
			<Box flexDirection="column" height={bodyHeight}>
				<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
					{`Logs ${screen.title}${logState.container ? `:${logState.container}` : ''}${logState.previous ? ' (previous)' : ''}  autoscroll:${logState.follow ? 'on' : 'off'} wrap:${logState.wrap ? 'on' : 'off'} timestamps:${logState.timestamps ? 'on' : 'off'}${logState.filter ? ` /${logState.filter}` : ''}`}
				</Text>
				<LogsView buffer={logBuffer} state={logState} merged={screen.pods.length > 1} height={bodyHeight - 1} width={cols} theme={theme} error={logError} />
			</Box>
		);
	} else if (screen.type === 'history') {
		body = <HistoryView rows={historyRows} selected={screen.selected} width={cols} theme={theme} name={screen.name} />;
	} else if (screen.type === 'containers') {
		body = <ContainersView client={client} screen={screen} width={cols} theme={theme} />;
	} else {
		body = <HelpView bindings={visibleBindings(helpScopes(stack), {readonly, sim: !!sim})} height={bodyHeight} width={cols} theme={theme} />;
	}

	return (
		<Box flexDirection="column" width={cols} height={rows - 1}>
			<Header info={headerInfo} hints={hints} width={cols} theme={theme} />
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				{body}
			</Box>
			<Text color={theme.color ? theme.muted : undefined} wrap="truncate">
				{crumbs}
			</Text>
			<BottomLine mode={mode} flash={flash} width={cols} theme={theme} />
		</Box>
	);
}















