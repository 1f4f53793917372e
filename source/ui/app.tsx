// The dashboard: header, the screen on top of the stack (a resource table in its layout, or
// describe/YAML/logs/history/containers/help), breadcrumbs and the bottom line. Every key goes
// through the keymap's named commands: the open mode's first, then the screen's, then the
// global ones here; every error lands in the flash line.
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useStdout} from 'ink';
import type {ClusterClient} from '../client/types.js';
import {kindInfo, resolveKind} from '../kinds/index.js';
import type {Preferences} from '../config/preferences.js';
import {setLanguage, t} from '../i18n/index.js';
import {useLanguage} from './hooks/useLanguage.js';
import {useFrame} from './hooks/useFrame.js';
import {useHeaderInfo} from './hooks/useHeaderInfo.js';
import {TableCache} from './hooks/useTableRows.js';
import {GLOBAL_KEYS, LESSON_KEYS, namespaceHints, resolveKey, screenBindings, visible, type GlobalCommand, type LessonCommand} from './keymap.js';
import {useKeys} from './input/useKeys.js';
import type {KeyEvent} from './input/keys.js';
import {LAYOUTS, nextSpeed, tableScreen, type Flash, type Layout, type LogsState, type Mode, type ScreenState} from './state.js';
import {complete, parseCommand} from './commands.js';
import {modeKey, type ModeHandlers} from './modes.js';
import {pickTheme, type Theme} from './theme.js';
import type {Hotkey} from '../config/k9s.js';
import {crumb} from './navigation.js';
import {Header, HEADER_HEIGHT} from './components/Header.js';
import {BottomLine} from './components/Prompt.js';
import {ScreenBoundary} from './components/ScreenBoundary.js';
import type {LogViewState} from './views/LogsView.js';
import type {ScreenEnv, ScreenInput} from './screens/types.js';
import type {TableNav} from './screens/tableCommands.js';
import {TableScreen} from './screens/TableScreen.js';
import {TextScreen} from './screens/TextScreen.js';
import {LogsScreen} from './screens/LogsScreen.js';
import {HistoryScreen} from './screens/HistoryScreen.js';
import {ContainersScreen} from './screens/ContainersScreen.js';
import {HelpScreen} from './screens/HelpScreen.js';
import {XrayScreen} from './screens/XrayScreen.js';
import {PulsesScreen} from './screens/PulsesScreen.js';
import {ShellScreen} from './screens/ShellScreen.js';
import {ForwardsScreen} from './screens/ForwardsScreen.js';
import {NodeGroupsScreen} from './screens/NodeGroupsScreen.js';
import {CostScreen} from './screens/CostScreen.js';
import {ClusterScreen} from './screens/ClusterScreen.js';
import {AliasesScreen} from './screens/AliasesScreen.js';
import {LessonsScreen} from './screens/LessonsScreen.js';
import {LessonPane} from './components/LessonPane.js';
import {textIn, type Lesson} from '../learn/lesson.js';
import {stepDone} from '../learn/check.js';
import {readProgress, writeProgress} from '../learn/course.js';
import {DrillsScreen} from './screens/DrillsScreen.js';
import {DrillPane} from './components/DrillPane.js';
import type {Drill} from '../drill/drill.js';
import type {DrillControl} from '../drill/run.js';

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
	/** Colours of a k9s skin file, over the theme. */
	skin?: Partial<Theme>;
	/** k9s hotkeys: a key that runs a `:` command line. */
	hotkeys?: Hotkey[];
	/** A message for the flash line at start (a config file that did not parse). */
	notice?: string;
	/** The lessons of `:learn`, read when first asked for. */
	course?: () => readonly Lesson[];
	/** Opens on the lessons (`kubesim learn`), or starts this one. */
	learn?: boolean | string;
	/** The drills of `:drill`, read when first asked for. */
	drills?: () => readonly Drill[];
	/** Opens on the drills (`kubesim drill`), or starts this one (by id, or a drill read from a file). */
	drill?: boolean | string | Drill;
	/** Told of the drill under way (and again when it ends), so that its report can be printed at exit. */
	onDrill?(run: DrillControl): void;
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

const INITIAL_LOG_VIEW: LogViewState = {follow: true, wrap: false, timestamps: false, filter: '', offset: 0, previous: false};

export function App({client, width, height, prefs, readonly = false, onPrefs, contexts, wallNow = () => Date.now(), skin, hotkeys = [], notice, course, learn, drills, drill, onDrill}: AppProps) {
	const {exit} = useApp();
	// a switch of language draws every text again
	const language = useLanguage();
	const {cols, rows} = useTerminalSize(width, height);
	const theme: Theme = useMemo(() => {
		const base = pickTheme(prefs.theme);
		return skin && base.color ? {...base, ...skin, color: true} : base;
	}, [prefs.theme, skin]);
	const frame = useFrame(client, prefs.fps);
	const sim = client.sim;
	const startKind = resolveKind(prefs.lastView)?.kind ?? 'Pod';
	const [namespace, setNamespace] = useState(prefs.namespace ?? 'default');
	const [stack, setStack] = useState<ScreenState[]>(() => [tableScreen(startKind, resolveKind(startKind)?.namespaced === false ? '' : prefs.namespace ?? 'default')]);
	const [mode, setModeState] = useState<Mode>({type: 'normal'});
	// keys may arrive faster than renders: the input handler reads the mode from this ref
	const modeRef = useRef<Mode>(mode);
	const setMode = useCallback((m: Mode) => {
		modeRef.current = m;
		setModeState(m);
	}, []);
	const [flash, setFlashState] = useState<Flash | undefined>(() => (notice ? {text: notice, level: 'error', at: wallNow()} : undefined));
	const [layout, setLayout] = useState<Layout>('split');
	const [logView, setLogView] = useState<LogViewState>(INITIAL_LOG_VIEW);
	const cache = useMemo(() => new TableCache(), []);
	const toggles = useMemo(() => ({failingProbes: new Set<string>(), failedNodes: new Set<string>()}), []);
	// the screen on top registers its key handler here as it renders
	const screenInput = useRef<ScreenInput | undefined>(undefined);
	const screen = stack[stack.length - 1]!;
	const keys = useMemo(() => ({readonly, sim: !!sim}), [readonly, sim]);
	// the lesson under way: its step, whether its hint shows; the course is read at the first :learn
	const [lessonRun, setLessonRun] = useState<{id: string; step: number; hint: boolean} | undefined>();
	const [progress, setProgress] = useState(() => readProgress(prefs.lessons ?? []));
	const lessonsRef = useRef<readonly Lesson[] | undefined>(undefined);
	const lessons = (): readonly Lesson[] => (lessonsRef.current ??= course?.() ?? []);
	const activeLesson = lessonRun ? lessons().find(l => l.id === lessonRun.id) : undefined;
	// the drill under way (its control runs on the simulator's clock); the drills are read at the first :drill
	const [drillRun, setDrillRun] = useState<DrillControl | undefined>();
	const drillsRef = useRef<readonly Drill[] | undefined>(undefined);
	const allDrills = (): readonly Drill[] => (drillsRef.current ??= drills?.() ?? []);
	const bindings = useMemo(() => [...screenBindings(screen, keys), ...(lessonRun ? visible(LESSON_KEYS, keys) : [])], [screen, keys, lessonRun]);
	const globalKeys = useMemo(() => visible(GLOBAL_KEYS, keys), [keys]);

	const setFlash = useCallback((text: string, level: 'info' | 'error' = 'info') => setFlashState({text, level, at: wallNow()}), [wallNow]);
	const replaceTop = useCallback((fn: (s: ScreenState) => ScreenState) => setStack(st => [...st.slice(0, -1), fn(st[st.length - 1]!)]), []);
	const push = useCallback((s: ScreenState) => setStack(st => [...st, s]), []);
	const pop = useCallback(() => setStack(st => (st.length > 1 ? st.slice(0, -1) : st)), []);
	const run = useCallback((p: Promise<string | string[]>) => void p.then(r => setFlash(Array.isArray(r) ? r.join(', ') : r)).catch((e: Error) => setFlash(e.message, 'error')), [setFlash]);
	const openLogs = useCallback(
		(s: Omit<LogsState, 'type'>) => {
			setLogView(v => ({...v, previous: s.previous, container: s.container, offset: 0, follow: true, filter: ''}));
			push({type: 'logs', ...s});
		},
		[push],
	);
	const switchNamespace = useCallback(
		(ns: string, more: Partial<Preferences> = {}) => {
			setNamespace(ns);
			onPrefs?.({namespace: ns, ...more});
		},
		[onPrefs],
	);
	const nav: TableNav = {favorites: prefs.favorites, switchNamespace, reset: s => setStack([s]), toggles};

	const openKind = (name: string, ns?: string, labelSelector?: string) => {
		const k = resolveKind(name);
		if (!k) {
			setFlash(t('error.commandNotFound', {word: name}), 'error');
			return;
		}
		const switching = ns !== undefined && k.namespaced;
		const known = client.namespaces();
		if (switching && ns && known.length && !known.includes(ns)) {
			setFlash(`Error from server (NotFound): namespaces "${ns}" not found`, 'error');
			return;
		}
		// a kind the acting user may not list says so at once, in the API server's words
		const refused = client.listProblem?.(k.kind, k.namespaced ? (switching ? ns : namespace) : undefined);
		if (refused) setFlash(refused, 'error');
		else setFlashState(undefined);
		if (switching) setNamespace(ns);
		setStack([tableScreen(k.kind, k.namespaced ? ns ?? namespace : '', {userSelector: labelSelector})]);
		onPrefs?.({lastView: k.plural, ...(switching ? {namespace: ns} : {})});
	};

	const switchContext = (name: string) => {
		try {
			contexts?.switchTo(name);
			setFlash(t('flash.contextSwitched', {name}));
		} catch (e) {
			setFlash((e as Error).message, 'error');
		}
	};

	const openAliases = () => {
		if (screen.type !== 'aliases') push({type: 'aliases', selected: 0});
	};

	const saveProgress = (id: string, steps: number) => {
		setProgress(p => {
			if ((p.get(id) ?? 0) >= steps) return p;
			const next = new Map(p).set(id, steps);
			onPrefs?.({lessons: writeProgress(next)});
			return next;
		});
	};
	/** Starts a lesson: its manifests applied, its pane beside the views, from the first step not done. */
	const startLesson = (id: string) => {
		let all: readonly Lesson[];
		try {
			all = lessons();
		} catch (e) {
			setFlash(t('error.lessonFailed', {message: (e as Error).message}), 'error');
			return;
		}
		const lesson = all.find(l => l.id === id);
		if (!lesson) {
			setFlash(t('error.noLesson', {id, ids: all.map(l => l.id).join(', ')}), 'error');
			return;
		}
		if (lesson.profile === 'eks' && !client.sim?.cloud) {
			setFlash(t('error.lessonProfile', {id, profile: lesson.profile}), 'error');
			return;
		}
		const begin = () => {
			const done = progress.get(id) ?? 0;
			setLessonRun({id, step: done >= lesson.steps.length ? 0 : done, hint: false});
			setStack(st => (st[st.length - 1]?.type === 'lessons' ? st.slice(0, -1) : st));
			setFlash(t('flash.lessonStarted', {title: textIn(lesson.title, language)}));
		};
		if (!lesson.manifests) return begin();
		client
			.apply(lesson.manifests, lesson.source)
			.then(begin)
			.catch((e: Error) => setFlash(t('error.lessonFailed', {message: e.message}), 'error'));
	};
	const openLessons = (which: string | undefined) => {
		if (which === 'off' || which === 'stop' || which === 'close') {
			setLessonRun(undefined);
			setFlash(t('flash.lessonClosed'));
		} else if (which) startLesson(which);
		else {
			try {
				lessons();
			} catch (e) {
				setFlash(t('error.lessonFailed', {message: (e as Error).message}), 'error');
				return;
			}
			setFlashState(undefined);
			if (screen.type !== 'lessons') push({type: 'lessons', selected: 0});
		}
	};
	// `kubesim learn [lesson]`: the lessons, or one of them, from the start
	useEffect(() => {
		if (learn) openLessons(typeof learn === 'string' ? learn : undefined);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);
	/** Whether the step shown is done, read from the cluster at each frame. */
	const stepIsDone = useMemo(() => {
		const step = activeLesson?.steps[lessonRun?.step ?? 0];
		return step ? stepDone(step, client.lessonReader?.() ?? client) : false;
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [activeLesson, lessonRun, client, frame]);
	useEffect(() => {
		if (activeLesson && lessonRun && stepIsDone) saveProgress(activeLesson.id, lessonRun.step + 1);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stepIsDone, activeLesson, lessonRun]);
	const lessonCommands: Record<LessonCommand, () => void> = {
		hint: () => setLessonRun(r => (r ? {...r, hint: !r.hint} : r)),
		next: () => {
			if (!activeLesson || !lessonRun) return;
			if (lessonRun.step >= activeLesson.steps.length) return;
			if (!stepIsDone) setFlash(t('error.stepNotDone'), 'error');
			else setLessonRun({...lessonRun, step: lessonRun.step + 1, hint: false});
		},
	};

	/** Starts a drill (by id, or one read from a file): the previous one ends, the pane opens. */
	const startDrill = (which: string | Drill) => {
		if (!sim?.startDrill) {
			setFlash(t('drill.noSimulator'), 'error');
			return;
		}
		// a drill writes to the cluster (its manifests, its faults)
		if (readonly) {
			setFlash(t('drill.readonly'), 'error');
			return;
		}
		let chosen: Drill | undefined;
		try {
			chosen = typeof which === 'string' ? allDrills().find(d => d.id === which) : which;
			if (!chosen) {
				setFlash(t('drill.noDrill', {id: String(which), ids: allDrills().map(d => d.id).join(', ')}), 'error');
				return;
			}
			// its faults need node groups and an autoscaler: kubesim drill starts a cluster for it
			if (chosen.profile === 'eks' && !sim.cloud) {
				setFlash(t('drill.profile', {id: chosen.id, profile: chosen.profile}), 'error');
				return;
			}
			drillRun?.stop();
			const run = sim.startDrill(chosen);
			setDrillRun(run);
			onDrill?.(run);
		} catch (e) {
			setFlash(t('drill.failed', {message: (e as Error).message}), 'error');
			return;
		}
		// the views go to the drill's namespace, where its workload runs
		const ns = chosen.namespace;
		setNamespace(ns);
		setStack(st => (st[st.length - 1]?.type === 'drills' ? st.slice(0, -1) : st).map(s => (s.type === 'table' && s.namespace !== '' && kindInfo(s.kind)?.namespaced ? {...s, namespace: ns} : s)));
		setFlash(t('drill.started', {title: textIn(chosen.title, language)}));
	};
	const openDrills = (which: string | undefined) => {
		if (which === 'off' || which === 'stop' || which === 'end') {
			if (drillRun) {
				drillRun.stop();
				setFlash(t('drill.stopped'));
			}
			setDrillRun(undefined);
		} else if (which) startDrill(which);
		else {
			try {
				allDrills();
			} catch (e) {
				setFlash(t('drill.failed', {message: (e as Error).message}), 'error');
				return;
			}
			setFlashState(undefined);
			if (screen.type !== 'drills') push({type: 'drills', selected: 0});
		}
	};
	// `kubesim drill [name|file]`: the drills, or one of them, from the start
	useEffect(() => {
		if (drill) typeof drill === 'object' ? startDrill(drill) : openDrills(typeof drill === 'string' ? drill : undefined);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);
	/** The drill's report as of this frame (its figures move with the simulator's clock). */
	const drillReport = useMemo(
		() => drillRun?.report(),
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[drillRun, frame],
	);

	/** A `:` command line. */
	const commandLine = (text: string) => {
		const c = parseCommand(text, client.kinds());
		if (c.type === 'quit') exit();
		else if (c.type === 'learn') openLessons(c.lesson);
		else if (c.type === 'drill') openDrills(c.drill);
		else if (c.type === 'help') push({type: 'help'});
		else if (c.type === 'aliases') openAliases();
		else if (c.type === 'error') setFlash(c.message, 'error');
		else if (c.type === 'language') {
			setLanguage(c.language);
			onPrefs?.({language: c.language});
			setFlash(t('flash.language'));
		} else if (c.type === 'view') openKind(c.kind, c.namespace, c.labelSelector);
		else if (c.type === 'nodegroups' || c.type === 'cost') {
			if (!client.sim?.cloud) setFlash(t('error.cloud.noCloud'), 'error');
			else {
				setFlashState(undefined);
				setStack(st => [...st, c.type === 'cost' ? {type: 'cost'} : {type: 'nodegroups', selected: 0}]);
			}
		} else if (c.type === 'cluster') {
			setFlashState(undefined);
			setStack(st => [...st, {type: 'cluster', selected: 0}]);
		} else if (c.type === 'forwards') {
			setFlashState(undefined);
			setStack(st => [...st, {type: 'forwards', selected: 0}]);
		} else if (c.type === 'pulses') {
			setFlashState(undefined);
			setStack(st => [...st, {type: 'pulses', namespace: c.namespace ?? namespace}]);
		} else if (c.type === 'images' || c.type === 'etcd') {
			if (!client.sim?.etcd) setFlash(t('under.simOnly'), 'error');
			else {
				setFlashState(undefined);
				const node = c.type === 'images' ? (c.node ?? client.list('Node').map(n => n.metadata.name).sort()[0] ?? '') : '';
				const under = c.type === 'images' ? ({view: 'images', node} as const) : ({view: 'etcd', prefix: c.prefix} as const);
				const title = c.type === 'images' ? t('under.crumb.images', {node}) : t('under.crumb.etcd', {prefix: c.prefix});
				setStack(st => [...st, {type: 'text', mode: 'describe', kind: c.type === 'images' ? 'Node' : 'Namespace', name: node, title, under}]);
			}
		} else if (c.type === 'xray') {
			setFlashState(undefined);
			setStack(st => [...st, {type: 'xray', kind: c.kind, namespace: c.namespace ?? namespace, selected: 0}]);
		}
		else if (c.type === 'user') {
			if (!client.actAs) setFlash(t('error.userUnsupported'), 'error');
			else {
				client.actAs(c.username ? {username: c.username, groups: c.groups} : undefined);
				setFlash(c.username ? t('flash.actingAs', {user: c.username, groups: c.groups.length ? ` (${c.groups.join(', ')})` : ''}) : t('flash.actingAsSelf'));
			}
		} else if (!contexts) setFlash(t('error.oneCluster'), 'error');
		else if (c.name) switchContext(c.name);
		else setMode({type: 'picker', title: t('prompt.context'), items: contexts.list(), choice: Math.max(0, contexts.list().indexOf(contexts.current())), onPick: switchContext});
	};

	const speed = (faster: boolean) => {
		if (!sim) return;
		sim.setSpeed(nextSpeed(sim.speed(), faster));
		setFlash(t('flash.speed', {speed: sim.speed()}));
	};
	const globalCommands: Record<GlobalCommand, () => void> = {
		quit: exit,
		help: () => {
			if (screen.type !== 'help') push({type: 'help'});
		},
		aliases: openAliases,
		command: () => setMode({type: 'command', text: ''}),
		filter: () => {
			const target = screenInput.current?.filter;
			if (target) setMode({type: 'filter', text: target.text});
		},
		back: pop,
		layout: () => setLayout(l => LAYOUTS[(LAYOUTS.indexOf(l) + 1) % LAYOUTS.length]!),
		pause: () => {
			if (sim) setFlash(sim.togglePause() ? t('flash.paused') : t('flash.running', {speed: sim.speed()}));
		},
		faster: () => speed(true),
		slower: () => speed(false),
		step: () => {
			if (!sim) return;
			sim.step(1000);
			setFlash(t('flash.stepped'));
		},
	};

	const modes: ModeHandlers = {
		setMode,
		exit,
		complete: text => complete(text, client.kinds(), client.namespaces()),
		command: commandLine,
		filter: () => screenInput.current?.filter,
	};
	const onKey = (key: KeyEvent) => {
		if (modeKey(modeRef.current, key, modes)) return;
		const {name} = key;
		// pasted text means nothing outside a prompt or a screen that reads text: it never runs as keys
		if (name === 'paste') {
			if (key.name === 'paste') screenInput.current?.paste?.(key.text);
			return;
		}
		if (screenInput.current?.takesAllKeys && name !== 'esc') {
			screenInput.current.key(name);
			return;
		}
		if (name === 'ctrl-c') exit();
		else if (name === 'esc') {
			if (!screenInput.current?.clear?.()) pop();
		} else {
			if (screenInput.current?.key(name)) return;
			const hot = hotkeys.find(h => h.key === name);
			if (hot) {
				commandLine(hot.command);
				return;
			}
			if (lessonRun) {
				const l = resolveKey(name, LESSON_KEYS);
				if (l) return lessonCommands[l.command]();
			}
			const b = resolveKey(name, globalKeys);
			if (b) globalCommands[b.command]();
		}
	};
	useKeys(onKey, e => setFlash(t('error.unexpected', {message: (e as Error)?.message ?? String(e)}), 'error'));

	// clear an old flash after 6 s
	useEffect(() => {
		if (!flash) return;
		const t = setTimeout(() => setFlashState(f => (f === flash ? undefined : f)), 6000);
		return () => clearTimeout(t);
	}, [flash]);

	// the favourite namespaces in the header, as k9s shows them: <0> all, <1> default...
	const favoriteHints = useMemo(() => (screen.type === 'table' && kindInfo(screen.kind)?.namespaced ? namespaceHints(prefs.favorites) : []), [screen, prefs.favorites]);
	const headerInfo = useHeaderInfo(client, namespace, readonly, frame);
	const bodyHeight = Math.max(3, rows - 1 - HEADER_HEIGHT - 2);
	// a running lesson takes the right of the body: about a third, never under 28 columns
	const paneWidth = (activeLesson || drillReport) && cols >= 56 ? Math.max(28, Math.floor(cols * 0.36)) : 0;
	const bodyWidth = cols - paneWidth;
	const env: ScreenEnv = {client, theme, keys, width: bodyWidth, height: bodyHeight, frame, push, pop, replaceTop, setMode, flash: setFlash, run, openLogs, input: screenInput, hotkeys};
	const body = (s: ScreenState): React.ReactNode => {
		switch (s.type) {
			case 'table': {
				const kind = kindInfo(s.kind);
				return kind ? <TableScreen env={env} screen={s} kind={kind} layout={layout} cache={cache} nav={nav} /> : <HelpScreen env={env} stack={stack} />;
			}
			case 'text':
				return <TextScreen env={env} screen={s} />;
			case 'logs':
				return <LogsScreen env={env} screen={s} view={logView} setView={setLogView} capacity={prefs.logBuffer} />;
			case 'history':
				return <HistoryScreen env={env} screen={s} />;
			case 'containers':
				return <ContainersScreen env={env} screen={s} />;
			case 'help':
				return <HelpScreen env={env} stack={stack} />;
			case 'xray':
				return <XrayScreen env={env} screen={s} />;
			case 'pulses':
				return <PulsesScreen env={env} screen={s} />;
			case 'shell':
				return <ShellScreen env={env} screen={s} />;
			case 'forwards':
				return <ForwardsScreen env={env} screen={s} />;
			case 'nodegroups':
				return <NodeGroupsScreen env={env} screen={s} />;
			case 'cost':
				return <CostScreen env={env} />;
			case 'cluster':
				return <ClusterScreen env={env} screen={s} />;
			case 'aliases':
				return <AliasesScreen env={env} screen={s} open={name => openKind(name)} />;
			case 'lessons':
				return <LessonsScreen env={env} screen={s} lessons={lessons()} progress={progress} language={language} start={startLesson} />;
			case 'drills':
				return <DrillsScreen env={env} screen={s} drills={allDrills()} language={language} start={startDrill} />;
		}
	};

	return (
		<Box flexDirection="column" width={cols} height={rows - 1}>
			<Header info={headerInfo} hints={[...favoriteHints, ...bindings.filter(b => b.hint)]} width={cols} theme={theme} />
			<Box flexDirection="row" height={bodyHeight}>
				<Box key={stack.length} flexDirection="column" width={bodyWidth} height={bodyHeight} overflow="hidden">
					<ScreenBoundary key={stack.length} color={theme.color ? theme.bad : undefined}>
						{body(screen)}
					</ScreenBoundary>
				</Box>
				{drillRun && drillReport && paneWidth ? <DrillPane drill={drillRun.drill} report={drillReport} width={paneWidth} height={bodyHeight} language={language} theme={theme} /> : null}
				{!drillRun && activeLesson && lessonRun && paneWidth ? <LessonPane view={{lesson: activeLesson, step: lessonRun.step, done: stepIsDone, hint: lessonRun.hint}} width={paneWidth} height={bodyHeight} language={language} theme={theme} /> : null}
			</Box>
			<Text color={theme.color ? theme.muted : undefined} wrap="truncate">
				{stack.map(s => crumb(s)).join(' > ')}
			</Text>
			<BottomLine mode={mode} flash={flash} width={cols} theme={theme} />
		</Box>
	);
}
