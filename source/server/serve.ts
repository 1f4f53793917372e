// `kubesim serve` and `kubesim kubeconfig`: the simulated cluster as a Kubernetes API for the
// real kubectl, driven in real time.
import {homedir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {createCluster, describeError} from '../cluster/index.js';
import {readManifests} from '../client/manifests.js';
import {realTimeHost} from '../client/host.js';
import {createApiServer, writeKubeconfig} from './index.js';
import {PROFILE_HELP, profileOptions} from '../config/profile.js';
import {parseClusterFile} from '../config/clusterfile.js';
import {readFileSync} from 'node:fs';
import {openWithState, type OpenedCluster} from '../state/open.js';

export const SERVE_HELP = `Usage:
  kubesim serve [flags]        serve the simulated cluster as a Kubernetes API for kubectl
  kubesim kubeconfig [flags]   write a kubeconfig for a kubesim server

serve flags:
  --port N              port (default 6443; 0 picks a free one)
  --address A           address to listen on (default 127.0.0.1)
  --manifests PATH      manifests to apply at start (default: the demo in manifests/)
  --no-manifests        start an empty cluster
  --nodes N             worker nodes (default 3; with --profile eks, the node group's size)
${PROFILE_HELP}  --speed X             simulated time speed (default 1)
  --seed S              seed of the simulation (default 1)
  --state FILE          keep the cluster in FILE: every write is on disk before it is answered,
                        and a restart resumes the cluster there (kind profile)
  --token T             require "Authorization: Bearer T"
  --kubeconfig-out PATH where to write the kubeconfig (default ~/.kube/kubesim.config)

kubeconfig flags:
  --port N, --address A, --token T, --out PATH (default ~/.kube/kubesim.config)
`;

function defaultKubeconfig(): string {
	return join(homedir(), '.kube', 'kubesim.config');
}

function number(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
	if (v === undefined) return dflt;
	const n = Number(v);
	if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
	return n;
}

function serverURL(address: string, port: number): string {
	const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
	return `http://${host}:${port}`;
}

/** Runs `kubesim serve|kubeconfig` with the arguments after the subcommand; resolves when started. */
export async function runServerCommand(command: 'serve' | 'kubeconfig', argv: string[], defaultManifests: string): Promise<void> {
	const {values} = parseArgs({
		args: argv,
		allowPositionals: false,
		options: {
			port: {type: 'string'},
			address: {type: 'string'},
			manifests: {type: 'string'},
			'no-manifests': {type: 'boolean'},
			nodes: {type: 'string'},
			profile: {type: 'string'},
			'node-group': {type: 'string', multiple: true},
			expander: {type: 'string'},
			fargate: {type: 'string', multiple: true},
			cluster: {type: 'string'},
			speed: {type: 'string'},
			seed: {type: 'string'},
			state: {type: 'string'},
			token: {type: 'string'},
			'kubeconfig-out': {type: 'string'},
			out: {type: 'string'},
			help: {type: 'boolean', short: 'h'},
		},
	});
	if (values.help) {
		process.stdout.write(SERVE_HELP);
		return;
	}
	const port = number('port', values.port, 6443, 0, 65535);
	const address = values.address ?? '127.0.0.1';
	if (command === 'kubeconfig') {
		const path = values.out ?? values['kubeconfig-out'] ?? defaultKubeconfig();
		writeKubeconfig(path, {server: serverURL(address, port), token: values.token});
		process.stdout.write(`wrote ${path}\n`);
		return;
	}
	const nodes = number('nodes', values.nodes, values.profile === 'eks' || values.cluster !== undefined ? 2 : 3, 1, 5000);
	let profile = profileOptions({profile: values.profile, nodeGroups: values['node-group'], expander: values.expander, fargate: values.fargate, nodes: values.nodes === undefined ? undefined : nodes});
	if (values.cluster !== undefined) {
		if (values.profile === 'kind') throw new Error('--cluster describes an eks cluster: leave out --profile kind');
		profile = {...profile, ...parseClusterFile(readFileSync(values.cluster, 'utf8'))};
	}
	const seed = number('seed', values.seed, 1, 0, 2 ** 32);
	const speed = number('speed', values.speed, 1, 0.1, 1000);
	const manifests = values['no-manifests'] ? [] : readManifests(values.manifests ?? defaultManifests);
	// resourceVersions start from the wall clock in microseconds: a restarted server never hands out one lower than before
	const options = {nodes, seed, manifests, startTime: Date.now(), resourceVersionBase: Date.now() * 1000, ...profile};
	let cluster;
	let state: OpenedCluster | undefined;
	try {
		if (values.state !== undefined) {
			state = openWithState(values.state, options);
			cluster = state.cluster;
		} else cluster = createCluster(options);
	} catch (e) {
		throw new Error(e instanceof Error && (e.name === 'ManifestError' || e.name === 'StateError') ? e.message : describeError(e));
	}
	if (state?.report) process.stderr.write(`kubesim: ${state.report}\n`);
	const driver = cluster.drive(realTimeHost, speed);
	const file = state?.file;
	if (file) driver.onTick(() => file.tick());
	const server = createApiServer(cluster, {token: values.token, durable: file ? () => file.durable() : undefined});
	const bound = await server.listen(port, address);
	const path = values['kubeconfig-out'] ?? defaultKubeconfig();
	writeKubeconfig(path, {server: serverURL(address, bound), token: values.token});
	process.stdout.write(
		`kubesim ${cluster.version}: serving the simulated cluster at ${serverURL(address, bound)} (speed ${speed}x)\n` +
			`kubeconfig: ${path}\n` +
			(state ? `state: ${values.state} (${state.resumed ? `resumed at resourceVersion ${state.resumed.resourceVersion}, ${Math.round(state.resumed.elapsed / 1000)}s of simulated time` : 'new'})\n` : '') +
			'\n' +
			`  KUBECONFIG=${path} kubectl get pods\n\n` +
			'Ctrl-C stops.\n',
	);
	const stop = () => {
		driver.stop();
		file?.close();
		void server.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}
