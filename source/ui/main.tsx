// The dashboard in a real terminal: the alternate screen, bracketed paste (pasted text arrives as
// text), the App drawn by Ink until it exits, then the terminal restored and the process ended.
// cli.tsx imports this module only once it knows a dashboard will open, so that `--summary`,
// `serve` and flag errors never load React and Ink.
import React from 'react';
import {render} from 'ink';
import {App, type AppProps} from './app.js';
import {ENTER_SCREEN, LEAVE_SCREEN} from './screen.js';
import type {ClusterClient} from '../client/types.js';
import type {Preferences, PreferenceStore} from '../config/preferences.js';
import {loadK9sFiles} from '../config/k9s.js';
import {setLanguage} from '../i18n/index.js';
import {chooseLanguage} from '../i18n/locale.js';
import {loadCourse} from '../learn/course.js';
import {packageRoot} from '../paths.js';
import {join} from 'node:path';
import {loadDrills} from '../drill/catalog.js';
import type {Drill} from '../drill/drill.js';
import type {DrillControl} from '../drill/run.js';
import {reportLines} from '../drill/report.js';
import {language} from '../i18n/index.js';

export interface DashboardOptions {
	client: ClusterClient;
	store: PreferenceStore;
	prefs: Preferences;
	readonly: boolean;
	/** `--lang`, which goes before the preference and the environment's locale. */
	lang?: string;
	/** `kubesim learn [lesson]`: open on the lessons, or start one. */
	learn?: boolean | string;
	/** `kubesim drill [name|file]`: open on the drills, or start one; its report is printed at exit. */
	drill?: boolean | string | Drill;
	contexts?: AppProps['contexts'];
	/** Closes the current client when the dashboard quits. */
	close(): void;
	/** A problem to show on the flash line at start (a state file's damaged tail). */
	notice?: string;
}

export interface Dashboard {
	/** Draws the App again on another client (a `:ctx` switch). */
	switchClient(client: ClusterClient): void;
}

/**
 * Opens the dashboard. The caller may already have entered the alternate screen (to show a frame
 * while the modules and the cluster load): `entered` says so, and the screen is cleared for Ink.
 */
export function openDashboard(opts: DashboardOptions, entered = false): Dashboard {
	const {prefs} = opts;
	let client = opts.client;
	setLanguage(chooseLanguage({flag: opts.lang, preference: prefs.language, env: process.env}));
	// k9s's skin.yaml and hotkeys.yaml in the config folder; the first problem goes on the flash line
	const k9s = opts.store.dir ? loadK9sFiles(opts.store.dir) : undefined;
	let drill: DrillControl | undefined;
	const app = () => (
		<App
			key={client.info().name}
			client={client}
			prefs={prefs}
			readonly={opts.readonly || prefs.readonly}
			contexts={opts.contexts}
			onPrefs={p => opts.store.write(p)}
			skin={k9s?.skin}
			hotkeys={k9s?.hotkeys}
			notice={opts.notice ?? k9s?.problems[0]}
			course={() => loadCourse(join(packageRoot(import.meta.url), 'lessons'))}
			learn={opts.learn}
			drills={() => loadDrills(join(packageRoot(import.meta.url), 'drills'))}
			drill={opts.drill}
			onDrill={run => (drill = run)}
		/>
	);
	process.stdout.write(entered ? '\x1b[H\x1b[2J' : ENTER_SCREEN);
	const instance = render(app(), {exitOnCtrlC: false, patchConsole: true});
	instance
		.waitUntilExit()
		.then(() => {
			// the last drill's after-action report stays in the terminal
			drill?.stop();
			const report = drill?.report();
			opts.close();
			process.stdout.write(LEAVE_SCREEN);
			if (drill && report) process.stdout.write(`${reportLines(drill.drill, report, language()).join('\n')}\n`);
			process.exit(0);
		})
		.catch(e => {
			process.stdout.write(LEAVE_SCREEN);
			process.stderr.write(`kubesim: ${(e as Error).message}\n`);
			process.exit(1);
		});
	return {
		switchClient: next => {
			client = next;
			instance.rerender(app());
		},
	};
}
