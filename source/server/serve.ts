// `kubesim serve` and `kubesim kubeconfig`: the simulated cluster as a Kubernetes API for the
// real kubectl, driven in real time.
import {homedir} from 'node:os';
import {isIP} from 'node:net';
import {dirname, join} from 'node:path';
import {parseArgs} from 'node:util';
import {createCluster, describeError} from '../cluster/index.js';
import {readManifests} from '../client/manifests.js';
import {realTimeHost} from '../client/host.js';
import {createApiServer, writeKubeconfig} from './index.js';
import {PROFILE_HELP, profileOptions} from '../config/profile.js';
import {parseClusterFile} from '../config/clusterfile.js';
import {readFileSync} from 'node:fs';
import {certificateAuthority, servingCertificates, servingNames} from './tls.js';
import type {ServerLimits} from './transport.js';

export const SERVE_HELP = `Usage:
  kubesim serve [flags]        serve the simulated cluster as a Kubernetes API for kubectl
  kubesim kubeconfig [flags]   write a kubeconfig for a kubesim server

serve flags:
  --port N              port (default 6443; 0 picks a free one)
  --address A           address to listen on (default 127.0.0.1); an address other than
                        loopback needs a token
  --token-file F        require "Authorization: Bearer <the first line of F>" and serve HTTPS
                        (KUBESIM_TOKEN in the environment does the same; --token T too,
                        but a token in the arguments shows in ps)
  --manifests PATH      manifests to apply at start (default: the demo in manifests/)
  --no-manifests        start an empty cluster
  --nodes N             worker nodes (default 3; with --profile eks, the node group's size)
${PROFILE_HELP}  --speed X             simulated time speed (default 1)
  --seed S              seed of the simulation (default 1)
  --kubeconfig-out PATH where to write the kubeconfig (default ~/.kube/kubesim.config); with a
                        token, the CA and serving certificate are kept in kubesim-pki/ beside it

kubeconfig flags:
  --port N, --address A, --token-file F (or KUBESIM_TOKEN, --token T),
  --out PATH (default ~/.kube/kubesim.config)
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

function serverURL(address: string, port: number, tls: boolean): string {
	const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
	return `${tls ? 'https' : 'http'}://${host}:${port}`;
}

/** Whether an address reaches only this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(address: string): boolean {
	const a = address.toLowerCase().replace(/^\[|\]$/g, '');
	if (a === 'localhost' || a === '::1') return true;
	const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
	return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The token the server requires: from --token-file (its first line), --token, or KUBESIM_TOKEN,
 * in that order; undefined when none is given.
 */
export function resolveToken(values: {token?: string; 'token-file'?: string}, env: NodeJS.ProcessEnv): string | undefined {
	if (values.token !== undefined && values['token-file'] !== undefined) throw new Error('give the token once: --token-file F or --token T, not both');
	let token: string | undefined;
	let from: string;
	if (values['token-file'] !== undefined) {
		from = `--token-file ${values['token-file']}`;
		let text: string;
		try {
			text = readFileSync(values['token-file'], 'utf8');
		} catch (e) {
			throw new Error(`cannot read ${from}: ${(e as Error).message}`);
		}
		token = text.split(/\r?\n/)[0]!.trim();
	} else if (values.token !== undefined) {
		from = '--token';
		token = values.token;
	} else {
		from = 'KUBESIM_TOKEN';
		token = env.KUBESIM_TOKEN;
		if (token === undefined) return undefined;
	}
	if (!token) throw new Error(`the token of ${from} is empty`);
	// a bearer token is one word of visible characters
	if (!/^[\x21-\x7e]+$/.test(token)) throw new Error(`the token of ${from} must be visible ASCII characters without spaces`);
	return token;
}

/** The server limits of KUBESIM_SERVE_LIMITS (a JSON object of ServerLimits fields), for tests and tuning. */
function limitsFromEnv(text: string | undefined): Partial<ServerLimits> | undefined {
	if (!text) return undefined;
	try {
		const v: unknown = JSON.parse(text);
		if (v && typeof v === 'object' && !Array.isArray(v)) return v as Partial<ServerLimits>;
	} catch {
		// reported below
	}
	throw new Error(`KUBESIM_SERVE_LIMITS must be a JSON object, got ${JSON.stringify(text)}`);
}

/** The folder of the CA and serving certificate, beside the kubeconfig. */
function pkiDir(kubeconfig: string): string {
	return join(dirname(kubeconfig), 'kubesim-pki');
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
			token: {type: 'string'},
			'token-file': {type: 'string'},
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
	const token = resolveToken(values, process.env);
	if (!token && !isLoopback(address))
		throw new Error(
			`--address ${address} is not a loopback address: serving the cluster beyond this machine needs a token (--token-file F or KUBESIM_TOKEN), and then kubesim serves HTTPS`,
		);
	if (command === 'kubeconfig') {
		const path = values.out ?? values['kubeconfig-out'] ?? defaultKubeconfig();
		const ca = token ? await certificateAuthority(pkiDir(path)) : undefined;
		writeKubeconfig(path, {server: serverURL(address, port, !!token), token, certificateAuthority: ca});
		process.stdout.write(`wrote ${path}\n`);
		return;
	}
	const limits = limitsFromEnv(process.env.KUBESIM_SERVE_LIMITS);
	const nodes = number('nodes', values.nodes, values.profile === 'eks' || values.cluster !== undefined ? 2 : 3, 1, 5000);
	let profile = profileOptions({profile: values.profile, nodeGroups: values['node-group'], expander: values.expander, fargate: values.fargate, nodes: values.nodes === undefined ? undefined : nodes});
	if (values.cluster !== undefined) {
		if (values.profile === 'kind') throw new Error('--cluster describes an eks cluster: leave out --profile kind');
		profile = {...profile, ...parseClusterFile(readFileSync(values.cluster, 'utf8'))};
	}
	const seed = number('seed', values.seed, 1, 0, 2 ** 32);
	const speed = number('speed', values.speed, 1, 0.1, 1000);
	const manifests = values['no-manifests'] ? [] : readManifests(values.manifests ?? defaultManifests);
	let cluster;
	try {
		cluster = createCluster({nodes, seed, manifests, startTime: Date.now(), ...profile});
	} catch (e) {
		throw new Error(e instanceof Error && e.name === 'ManifestError' ? e.message : describeError(e));
	}
	const path = values['kubeconfig-out'] ?? defaultKubeconfig();
	// with a token, HTTPS: kubectl sends a bearer token only over TLS
	const certs = token ? await servingCertificates(servingNames(address), pkiDir(path)) : undefined;
	const server = createApiServer(cluster, {token, limits, tls: certs && {key: certs.key, cert: certs.cert}});
	const driver = cluster.drive(realTimeHost, speed);
	const bound = await server.listen(port, address);
	const url = serverURL(address, bound, !!certs);
	writeKubeconfig(path, {server: url, token, certificateAuthority: certs?.ca});
	const made = certs && (certs.generated.length ? `made the ${certs.generated.join(' and ')} certificate in ${certs.ms} ms` : 'reused');
	process.stdout.write(
		`kubesim ${cluster.version}: serving the simulated cluster at ${url} (speed ${speed}x)\n` +
			`kubeconfig: ${path}\n` +
			(certs ? `certificates: ${pkiDir(path)} (${made})\n` : '') +
			'\n' +
			`  KUBECONFIG=${path} kubectl get pods\n\n` +
			'Ctrl-C stops.\n',
	);
	const stop = () => {
		driver.stop();
		void server.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}
