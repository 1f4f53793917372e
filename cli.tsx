// kubesim: flags, then the dashboard on the embedded simulated cluster (or a kubeconfig
// context), or `kubesim serve` / `kubesim kubeconfig` for the API server.
import React from 'react';
import {render} from 'ink';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {dirname, join} from 'node:path';
import {createCluster, describeError} from './source/cluster/index.js';
import {EmbeddedClient} from './source/client/embedded.js';
import {readManifests} from './source/client/manifests.js';
import {App} from './source/ui/app.js';
import {openPreferences} from './source/config/preferences.js';
import {loadK9sFiles} from './source/config/k9s.js';

process.env.NODE_ENV ??= 'production';

const HELP = `kubesim: a k9s-style dashboard on a simulated Kubernetes cluster

Usage:
  kubesim [flags]                 open the dashboard on the embedded simulated cluster
  kubesim --context NAME          open the dashboard on a cluster of your kubeconfig
  kubesim --kubeconfig FILE       ... of that kubeconfig (its current context, or --context)
  kubesim serve [flags]           serve the simulated cluster to kubectl (kubesim serve -h)
  kubesim kubeconfig [flags]      write a kubeconfig for kubesim serve

Flags:
  --manifests PATH   manifests to apply at start (file or folder; default: the demo in manifests/)
  --no-manifests     start an empty cluster
  --nodes N          worker nodes (default 3)
  --seed S           seed of the simulation (default 1)
  --speed X          simulated time speed (default 1; keys < and > change it)
  --paused           start with simulated time paused
  --readonly         hide every key that changes the cluster
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

function fail(message: string): never {
	process.stderr.write(`kubesim: ${message}\n`);
	process.exit(1);
}

const here = dirname(fileURLToPath(import.meta.url));
const sub = process.argv[2];
if (sub === 'serve' || sub === 'kubeconfig') {
	const {runServerCommand} = await import('./source/server/serve.js');
	try {
		await runServerCommand(sub, process.argv.slice(3), join(here, 'manifests'));
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
				seed: {type: 'string'},
				speed: {type: 'string'},
				paused: {type: 'boolean'},
				readonly: {type: 'boolean'},
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
	const {values} = args;
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

	if (values.context !== undefined || values.kubeconfig !== undefined) {
		await kubeconfigDashboard(values.kubeconfig, values.context, !!values.readonly);
		return;
	}

	const nodes = num('nodes', values.nodes, 3, 1, 5000);
	const seed = num('seed', values.seed, 1, 0, 2 ** 32);
	const store = openPreferences();
	const prefs = store.read();
	const k9s = store.dir ? loadK9sFiles(store.dir) : {hotkeys: [], problems: []};
	const fromK9s = {skin: 'skin' in k9s ? k9s.skin : undefined, hotkeys: k9s.hotkeys, notice: k9s.problems[0]};
	const speed = num('speed', values.speed, prefs.speed ?? 1, 0.1, 1000);
	let manifests: Array<{source: string; text: string}> = [];
	if (!values['no-manifests']) {
		const path = values.manifests ?? join(here, 'manifests');
		try {
			manifests = readManifests(path);
		} catch (e) {
			fail(`cannot read manifests at ${path}: ${(e as Error).message}`);
		}
	}

	let cluster;
	try {
		cluster = createCluster({nodes, seed, manifests});
	} catch (e) {
		fail(e instanceof Error && e.name === 'ManifestError' ? e.message : describeError(e));
	}

	if (values.summary || !process.stdout.isTTY) {
		const warmup = num('warmup', values.warmup, 60, 0, 86400);
		cluster.advance(warmup * 1000);
		const pods = cluster.list('Pod');
		process.stdout.write(`kubesim ${cluster.version}: ${cluster.list('Node').length} nodes, ${pods.length} pods after ${warmup}s of simulated time\n`);
		for (const d of cluster.list('Deployment')) process.stdout.write(`  deployment ${d.metadata.namespace}/${d.metadata.name}: ${d.status?.readyReplicas ?? 0}/${d.spec.replicas} ready\n`);
		if (!process.stdout.isTTY && !values.summary) process.stdout.write('(stdout is not a terminal: printed a summary instead of opening the dashboard)\n');
		process.exit(0);
	}

	const client = new EmbeddedClient(cluster, {speed, paused: values.paused});
	// the alternate screen, and bracketed paste so that pasted text arrives as text
	process.stdout.write('\x1b[?1049h\x1b[?2004h');
	const restore = () => process.stdout.write('\x1b[?2004l\x1b[?1049l');
	const instance = render(<App client={client} prefs={prefs} readonly={values.readonly || prefs.readonly} onPrefs={p => store.write(p)} {...fromK9s} />, {exitOnCtrlC: false, patchConsole: true});
	instance
		.waitUntilExit()
		.then(() => {
			client.close();
			restore();
			process.exit(0);
		})
		.catch(e => {
			restore();
			process.stderr.write(`kubesim: ${(e as Error).message}\n`);
			process.exit(1);
		});
}

/** The dashboard on a kubeconfig context; `:ctx NAME` reconnects and re-renders with a new client. */
async function kubeconfigDashboard(kubeconfig: string | undefined, context: string | undefined, readonly: boolean): Promise<void> {
	const {createKubeconfigClient, kubeconfigContexts, loadKubeConfig} = await import('./source/client/kubeconfig.js');
	let kc;
	let client;
	try {
		kc = loadKubeConfig({kubeconfig, context});
		client = await createKubeconfigClient({kubeconfig, context});
		await Promise.race([client.synced(), new Promise(r => setTimeout(r, 10_000).unref())]);
	} catch (e) {
		fail((e as Error).message);
	}
	const store = openPreferences();
	const prefs = store.read();
	const k9s = store.dir ? loadK9sFiles(store.dir) : {hotkeys: [], problems: []};
	const fromK9s = {skin: 'skin' in k9s ? k9s.skin : undefined, hotkeys: k9s.hotkeys, notice: k9s.problems[0]};
	if (!process.stdout.isTTY) {
		const info = client.info();
		process.stdout.write(`context ${info.name} (${info.server}), ${info.version}: ${client.list('Node').length} nodes, ${client.list('Pod').length} pods\n`);
		process.stdout.write('(stdout is not a terminal: printed a summary instead of opening the dashboard)\n');
		client.close();
		process.exit(0);
	}
	let current = client;
	let instance: ReturnType<typeof render> | undefined;
	const contexts = kubeconfigContexts(kc, async name => {
		const next = await createKubeconfigClient({kubeconfig, context: name});
		const old = current;
		current = next;
		instance?.rerender(app());
		old.close();
	});
	const app = () => <App key={current.info().name} client={current} prefs={prefs} readonly={readonly || prefs.readonly} contexts={contexts} onPrefs={p => store.write(p)} {...fromK9s} />;
	// the alternate screen, and bracketed paste so that pasted text arrives as text
	process.stdout.write('\x1b[?1049h\x1b[?2004h');
	const restore = () => process.stdout.write('\x1b[?2004l\x1b[?1049l');
	instance = render(app(), {exitOnCtrlC: false, patchConsole: true});
	instance
		.waitUntilExit()
		.then(() => {
			current.close();
			restore();
			process.exit(0);
		})
		.catch(e => {
			restore();
			process.stderr.write(`kubesim: ${(e as Error).message}\n`);
			process.exit(1);
		});
}
