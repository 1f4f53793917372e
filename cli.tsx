// kubesim: flags, then the dashboard on the embedded simulated cluster (or a kubeconfig
// context), or `kubesim serve` / `kubesim kubeconfig` for the API server.
// Runs bundled (dist/cli.js, `npm run build`) or through tsx (`npm run dev`). Only Node's own
// modules load up front: NODE_ENV must be set before React loads, and each mode imports what it
// needs (the summary no UI, the embedded dashboard no Kubernetes client) once the flags are read.
import {parseArgs} from 'node:util';
import {join} from 'node:path';
import {LEAVE_SCREEN, startingFrame} from './source/ui/screen.js';
import {packageRoot} from './source/paths.js';
import {withoutFetch} from './source/ui/load.js';
import {PROFILE_HELP, profileOptions} from './source/config/profile.js';

process.env.NODE_ENV ??= 'production';

const HELP = `kubesim: a k9s-style dashboard on a simulated Kubernetes cluster

Usage:
  kubesim [flags]                 open the dashboard on the embedded simulated cluster
  kubesim --context NAME          open the dashboard on a cluster of your kubeconfig
  kubesim --kubeconfig FILE       ... of that kubeconfig (its current context, or --context)
  kubesim learn [LESSON]          the dashboard with the lessons (:learn): a course that checks itself
                                  (a lesson that needs the eks profile starts on it)
  kubesim drill [NAME|FILE]       rehearse an incident (:drill) on a cluster made for it; the
                                  after-action report is printed at the end (--summary: left alone)
  kubesim serve [flags]           serve the simulated cluster to kubectl (kubesim serve -h)
  kubesim kubeconfig [flags]      write a kubeconfig for kubesim serve
  kubesim iam token --arn ARN     an IAM token for the eks profile (kubesim iam -h)
  kubesim export [flags]          write the cluster as YAML for kubectl apply (kubesim export -h)

Flags:
  --manifests PATH   manifests to apply at start (file or folder; default: the demo in manifests/)
  --no-manifests     start an empty cluster
  --nodes N          worker nodes (default 3; with --profile eks, the node group's size, default 2)
${PROFILE_HELP}  --seed S           seed of the simulation (default 1)
  --encryption-config FILE  an EncryptionConfiguration: what it names is encrypted in :etcd
  --speed X          simulated time speed (default 1; keys < and > change it)
  --paused           start with simulated time paused
  --state FILE       keep the cluster in FILE (each change is on disk before the dashboard shows
                     it) and resume it from there at the next start
  --readonly         hide every key that changes the cluster
  --lang LANG        the dashboard's language: en or ja (default: the preference, else LC_ALL,
                     LC_MESSAGES or LANG)
  --context NAME     use this kubeconfig context instead of the simulator
  --kubeconfig FILE  use this kubeconfig (default $KUBECONFIG or ~/.kube/config) instead of the simulator
  --summary          print a text summary of the cluster after --warmup seconds and exit
  --warmup S         simulated seconds to run before --summary (default 60)
  -h, --help         this help
`;

/** A flag parse error in kubesim's words rather than Node's parser's. */
function flagProblem(e: Error & {code?: string}): string {
	const option = /'(-[^' ]+)/.exec(e.message)?.[1];
	if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${option ?? e.message}`;
	if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `flag ${option ?? ''} needs a value`.replace('  ', ' ');
	return e.message;
}

/** Set once the alternate screen shows the starting frame: an error leaves it before it is printed. */
let onScreen = false;

function fail(message: string): never {
	if (onScreen) process.stdout.write(LEAVE_SCREEN);
	process.stderr.write(`kubesim: ${message}\n`);
	process.exit(1);
}

const demoManifests = join(packageRoot(import.meta.url), 'manifests');
const sub = process.argv[2];
if (sub === 'serve' || sub === 'kubeconfig') {
	const {runServerCommand} = await import('./source/server/serve.js');
	try {
		await runServerCommand(sub, process.argv.slice(3), demoManifests);
	} catch (e) {
		fail((e as Error).message);
	}
} else if (sub === 'iam') {
	const {runIamCommand} = await import('./source/server/iam-command.js');
	try {
		runIamCommand(process.argv.slice(3));
	} catch (e) {
		fail((e as Error).message);
	}
} else if (sub === 'export') {
	const {runExportCommand} = await import('./source/state/export.js');
	try {
		await runExportCommand(process.argv.slice(3), demoManifests);
	} catch (e) {
		fail((e as Error).message);
	}
} else {
	await dashboard();
}

async function dashboard(): Promise<void> {
	let args;
	try {
		args = parseArgs({
			allowPositionals: true,
			options: {
				manifests: {type: 'string'},
				'no-manifests': {type: 'boolean'},
				nodes: {type: 'string'},
				profile: {type: 'string'},
				'node-group': {type: 'string', multiple: true},
				expander: {type: 'string'},
				fargate: {type: 'string', multiple: true},
				cluster: {type: 'string'},
				seed: {type: 'string'},
				'encryption-config': {type: 'string'},
				speed: {type: 'string'},
				paused: {type: 'boolean'},
				state: {type: 'string'},
				readonly: {type: 'boolean'},
				lang: {type: 'string'},
				context: {type: 'string'},
				kubeconfig: {type: 'string'},
				summary: {type: 'boolean'},
				warmup: {type: 'string'},
				help: {type: 'boolean', short: 'h'},
			},
		});
	} catch (e) {
		fail(`${flagProblem(e as Error)}\n\n${HELP}`);
	}
	const {values, positionals} = args;
	const learn = positionals[0] === 'learn' ? (positionals[1] ?? true) : undefined;
	const drillName = positionals[0] === 'drill' ? (positionals[1] ?? true) : undefined;
	if (positionals.length && learn === undefined && drillName === undefined) fail(`unknown command "${positionals[0]}"\n\n${HELP}`);
	if (values.help) {
		process.stdout.write(HELP);
		process.exit(0);
	}

	function num(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
		if (v === undefined) return dflt;
		const n = Number(v);
		if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
		return n;
	}

	if (values.lang !== undefined) {
		const {chooseLanguage} = await import('./source/i18n/locale.js');
		try {
			chooseLanguage({flag: values.lang});
		} catch (e) {
			fail((e as Error).message);
		}
	}

	if (values.context !== undefined || values.kubeconfig !== undefined) {
		await kubeconfigDashboard(values.kubeconfig, values.context, !!values.readonly, values.lang);
		return;
	}

	if (typeof drillName === 'string') {
		await drillDashboard(drillName, values);
		return;
	}

	// `kubesim learn ID` of a lesson that needs the eks profile starts on it unless told otherwise
	if (typeof learn === 'string' && values.profile === undefined && values.cluster === undefined) {
		const {loadCourse} = await import('./source/learn/course.js');
		try {
			const wanted = loadCourse(join(packageRoot(import.meta.url), 'lessons')).find(l => l.id === learn)?.profile;
			if (wanted) values.profile = wanted;
		} catch {
			// the dashboard reports a course that does not load when it opens it
		}
	}
	const eksProfile = values.profile === 'eks' || values.cluster !== undefined;
	const nodes = num('nodes', values.nodes, eksProfile ? 2 : 3, 1, 5000);
	let profile;
	try {
		profile = profileOptions({profile: values.profile, nodeGroups: values['node-group'], expander: values.expander, fargate: values.fargate, nodes: values.nodes === undefined ? undefined : nodes});
		if (values.cluster !== undefined) {
			if (values.profile === 'kind') throw new Error('--cluster describes an eks cluster: leave out --profile kind');
			const [{readFileSync}, {parseClusterFile}] = await Promise.all([import('node:fs'), import('./source/config/clusterfile.js')]);
			let text: string;
			try {
				text = readFileSync(values.cluster, 'utf8');
			} catch (e) {
				throw new Error(`cannot read the cluster file ${values.cluster}: ${(e as Error).message}`);
			}
			profile = {...profile, ...parseClusterFile(text)};
		}
	} catch (e) {
		fail((e as Error).message);
	}
	const seed = num('seed', values.seed, 1, 0, 2 ** 32);
	const warmup = num('warmup', values.warmup, 60, 0, 86400);
	const summary = values.summary || !process.stdout.isTTY;
	let manifests: Array<{source: string; text: string}> = [];
	const manifestPath = values['no-manifests'] ? undefined : (values.manifests ?? demoManifests);
	if (!summary) {
		process.stdout.write(startingFrame(`kubesim: starting the simulated cluster (${nodes} worker node${nodes === 1 ? '' : 's'}${manifestPath ? `, manifests from ${manifestPath}` : ''})...`));
		onScreen = true;
	}
	// the dashboard's modules start loading with the simulator's
	const ui = summary ? undefined : withoutFetch(() => import('./source/ui/main.js'));
	const [{createCluster, describeError}, {readManifests}, {openPreferences}] = await Promise.all([
		import('./source/cluster/index.js'),
		import('./source/client/manifests.js'),
		import('./source/config/preferences.js'),
	]);
	const store = openPreferences();
	const prefs = store.read();
	const speed = num('speed', values.speed, prefs.speed ?? 1, 0.1, 1000);
	if (manifestPath !== undefined) {
		try {
			manifests = readManifests(manifestPath);
		} catch (e) {
			fail(`cannot read manifests at ${manifestPath}: ${(e as Error).message}`);
		}
	}

	let cluster;
	let state;
	try {
		const encryptionFile = values['encryption-config'];
		const encryptionConfig = encryptionFile === undefined ? undefined : (await import('node:fs')).readFileSync(encryptionFile, 'utf8');
		if (values.state !== undefined) {
			const {openWithState} = await import('./source/state/open.js');
			state = openWithState(values.state, {nodes, seed, manifests, encryptionConfig, ...profile});
			state.file.syncEachWrite();
			cluster = state.cluster;
		} else cluster = createCluster({nodes, seed, manifests, encryptionConfig, ...profile});
	} catch (e) {
		fail(e instanceof Error && (e.name === 'ManifestError' || e.name === 'StateError') ? e.message : describeError(e));
	}
	// a damaged tail cut off: on stderr for the summary, on the flash line for the dashboard
	if (state?.report && summary) process.stderr.write(`kubesim: ${state.report}\n`);
	const stateFile = state?.file;
	// virtual time is recorded as it moves, so the next start resumes at the same instant
	if (stateFile) setInterval(() => stateFile.tick(), 1000).unref();

	if (summary) {
		cluster.advance(warmup * 1000);
		stateFile?.tick();
		stateFile?.close();
		const pods = cluster.list('Pod');
		process.stdout.write(`kubesim ${cluster.version}: ${cluster.list('Node').length} nodes, ${pods.length} pods after ${warmup}s of simulated time\n`);
		for (const d of cluster.list('Deployment')) process.stdout.write(`  deployment ${d.metadata.namespace}/${d.metadata.name}: ${d.status?.readyReplicas ?? 0}/${d.spec.replicas} ready\n`);
		if (!process.stdout.isTTY && !values.summary) process.stdout.write('(stdout is not a terminal: printed a summary instead of opening the dashboard)\n');
		process.exit(0);
	}

	const [{EmbeddedClient}, {openDashboard}] = await Promise.all([import('./source/client/embedded.js'), ui!]);
	const client = new EmbeddedClient(cluster, {speed, paused: values.paused});
	openDashboard({client, store, prefs, readonly: !!values.readonly, lang: values.lang, learn, drill: drillName, notice: state?.report, close: () => {
		client.close();
		stateFile?.close();
	}}, true);
}

/**
 * `kubesim drill NAME|FILE`: a cluster made for the drill (its profile and nodes, nothing else on
 * it), the dashboard on it with the drill started; the report is printed when the dashboard quits.
 * With --summary (or when stdout is no terminal), the drill runs left alone and its report prints.
 */
async function drillDashboard(name: string, values: {seed?: string; speed?: string; paused?: boolean; readonly?: boolean; lang?: string; summary?: boolean}): Promise<void> {
	const [{isDrillPath, loadDrillFile, loadDrills}, {drillCluster}, {DrillRun}, {reportLines}, {language}] = await Promise.all([
		import('./source/drill/catalog.js'),
		import('./source/drill/cluster.js'),
		import('./source/drill/run.js'),
		import('./source/drill/report.js'),
		import('./source/i18n/index.js'),
	]);
	let drill;
	try {
		if (isDrillPath(name)) drill = loadDrillFile(name);
		else {
			const all = loadDrills(join(packageRoot(import.meta.url), 'drills'));
			drill = all.find(d => d.id === name);
			if (!drill) throw new Error(`no drill "${name}" (there are: ${all.map(d => d.id).join(', ')}; or give a file: kubesim drill ./my-drill.yaml)`);
		}
	} catch (e) {
		fail((e as Error).message);
	}
	const seed = values.seed === undefined ? 1 : Number(values.seed);
	if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number, got "${values.seed}"`);
	const summary = values.summary || !process.stdout.isTTY;
	if (summary) {
		const cluster = drillCluster(drill, seed);
		let run;
		try {
			run = new DrillRun(cluster, drill).start();
		} catch (e) {
			fail(`the drill could not start: ${(e as Error).message}`);
		}
		cluster.advance(drill.timeLimitMs);
		process.stdout.write(`${reportLines(drill, run.report(), language()).join('\n')}\n`);
		process.exit(0);
	}
	process.stdout.write(startingFrame(`kubesim: starting a cluster for the drill ${drill.id}...`));
	onScreen = true;
	const ui = withoutFetch(() => import('./source/ui/main.js'));
	const [{EmbeddedClient}, {openPreferences}] = await Promise.all([import('./source/client/embedded.js'), import('./source/config/preferences.js')]);
	const store = openPreferences();
	const prefs = store.read();
	const speed = values.speed === undefined ? (prefs.speed ?? 1) : Number(values.speed);
	if (!Number.isFinite(speed) || speed < 0.1 || speed > 1000) fail(`--speed must be a number from 0.1 to 1000, got "${values.speed}"`);
	const client = new EmbeddedClient(drillCluster(drill, seed), {speed, paused: values.paused});
	const {openDashboard} = await ui;
	// the dashboard opens on the pods of the drill's namespace
	openDashboard({client, store, prefs: {...prefs, lastView: 'pods', namespace: drill.namespace}, readonly: !!values.readonly, lang: values.lang, drill, close: () => client.close()}, true);
}

/** The dashboard on a kubeconfig context; `:ctx NAME` reconnects and re-renders with a new client. */
async function kubeconfigDashboard(kubeconfig: string | undefined, context: string | undefined, readonly: boolean, lang: string | undefined): Promise<void> {
	const tty = process.stdout.isTTY;
	if (tty) {
		process.stdout.write(startingFrame(`kubesim: connecting to ${context ? `context ${context}` : 'the current context'} of ${kubeconfig ?? 'the kubeconfig'}...`));
		onScreen = true;
	}
	// (fetch stays: the Kubernetes client loads alongside)
	const ui = tty ? import('./source/ui/main.js') : undefined;
	const [{createKubeconfigClient, kubeconfigContexts, loadKubeConfig}, {openPreferences}] = await Promise.all([
		import('./source/client/kubeconfig.js'),
		import('./source/config/preferences.js'),
	]);
	let kc;
	let client;
	try {
		kc = loadKubeConfig({kubeconfig, context});
		client = await createKubeconfigClient({kubeconfig, context});
		await Promise.race([tty ? client.firstPages() : client.synced(), new Promise(r => setTimeout(r, 10_000).unref())]);
	} catch (e) {
		fail((e as Error).message);
	}
	if (!tty) {
		const info = client.info();
		process.stdout.write(`context ${info.name} (${info.server}), ${info.version}: ${client.list('Node').length} nodes, ${client.list('Pod').length} pods\n`);
		process.stdout.write('(stdout is not a terminal: printed a summary instead of opening the dashboard)\n');
		client.close();
		process.exit(0);
	}
	const store = openPreferences();
	const {openDashboard} = await ui!;
	let current = client;
	let dashboard: ReturnType<typeof openDashboard> | undefined;
	const contexts = kubeconfigContexts(kc, async name => {
		const next = await createKubeconfigClient({kubeconfig, context: name});
		const old = current;
		current = next;
		dashboard?.switchClient(next);
		old.close();
	});
	dashboard = openDashboard({client, store, prefs: store.read(), readonly, lang, contexts, close: () => current.close()}, true);
}
