// `kubesim serve` and `kubesim kubeconfig`: the simulated cluster as a Kubernetes API for the
// real kubectl, driven in real time.
import {homedir} from 'node:os';
import {isIP} from 'node:net';
import {dirname, join, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {createCluster, describeError} from '../cluster/index.js';
import {readManifests} from '../client/manifests.js';
import {realTimeHost} from '../client/host.js';
import {createApiServer, writeKubeconfig} from './index.js';
import {PROFILE_HELP, profileOptions} from '../config/profile.js';
import {parseClusterFile, type ClusterFileUser} from '../config/clusterfile.js';
import {readFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {certificateAuthority, servingCertificates, servingNames} from './tls.js';
import type {ServerLimits} from './transport.js';
import type {KubeconfigUser} from './kubeconfig.js';
import {parseTokenFile, parseUserFlag, type StaticUser} from './static-tokens.js';
import {CREATOR_ARN, canonicalize} from '../cluster/cloud/iam.js';
import {openWithState, type OpenedCluster} from '../state/open.js';

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
  --user NAME[:GROUPS]  a user of a static token, with a kubeconfig context of its name
                        (--user jane:dev,ops: jane in groups dev and ops; repeatable);
                        users of tokens make it serve HTTPS, the admin with a token too
  --token-auth-file F   users of static tokens, a line each: token,user,uid,"group1,group2"
  --iam ARN             with --profile eks: a context iam-NAME whose user runs
                        \`kubesim iam token --arn ARN\` (repeatable; the creator's is iam-admin)
  --encryption-config FILE
                        an EncryptionConfiguration (apiserver.config.k8s.io/v1): what it names is
                        written to etcd encrypted (aescbc, aesgcm; identity)
  --state FILE          keep the cluster in FILE: every write is on disk before it is answered,
                        and a restart resumes the cluster there (kind profile)
  --kubeconfig-out PATH where to write the kubeconfig (default ~/.kube/kubesim.config); with a
                        token, the CA and serving certificate are kept in kubesim-pki/ beside it

kubeconfig flags:
  --port N, --address A, --token-file F (or KUBESIM_TOKEN, --token T),
  --out PATH (default ~/.kube/kubesim.config)
`;

/** The static-token users of --user and the IAM users of --iam (and the eks creator), as server users and kubeconfig users. */
export function serveUsers(userFlags: string[], arns: string[], clusterName: string, eks: boolean, fileUsers: readonly ClusterFileUser[] = []): {staticUsers: StaticUser[]; kubeconfigUsers: KubeconfigUser[]; described: string[]} {
	const staticUsers = userFlags.map(parseUserFlag);
	for (const u of fileUsers) {
		if (staticUsers.some(s => s.username === u.name)) throw new Error(`user ${u.name} is given both by --user and by the cluster file's users`);
		staticUsers.push({...parseUserFlag(`${u.name}:${u.groups.join(',')}`), ...(u.token !== undefined ? {token: u.token} : {})});
	}
	const kubeconfigUsers: KubeconfigUser[] = staticUsers.map(u => ({name: u.username, token: u.token}));
	const described = staticUsers.map(u => `${u.username}: a static token of user ${u.username}${u.groups.length ? ` in ${u.groups.join(', ')}` : ''}`);
	if (arns.length && !eks) throw new Error('--iam needs --profile eks (IAM identities authenticate to EKS clusters)');
	// the exec plugin runs this same kubesim, as kubectl runs `aws eks get-token`
	const self = [...process.execArgv, resolve(process.argv[1] ?? 'kubesim')];
	for (const arn of arns) {
		const c = canonicalize(arn);
		if ('error' in c) throw new Error(`--iam ${arn}: ${c.error}`);
		const name = `iam-${arn.split(':').slice(5).join(':').split('/').slice(1).join('/') || c.accountId}`;
		kubeconfigUsers.push({name, exec: {command: process.execPath, args: [...self, 'iam', 'token', '--arn', arn, '--cluster-name', clusterName]}});
		described.push(`${name}: IAM ${arn === CREATOR_ARN ? 'user that created the cluster' : 'identity'} ${arn}`);
	}
	return {staticUsers, kubeconfigUsers, described};
}

/** The users of a --token-auth-file; a line it cannot use stops the server, as it stops the API server. */
function tokenFileUsers(path: string | undefined): StaticUser[] {
	if (path === undefined) return [];
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		throw new Error(`cannot read the token file ${path}: ${(e as Error).message}`);
	}
	const {users, problems} = parseTokenFile(text);
	if (problems.length) throw new Error(`token file ${path}: ${problems.join('; ')}`);
	return users;
}

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
			state: {type: 'string'},
			token: {type: 'string'},
			'token-file': {type: 'string'},
			user: {type: 'string', multiple: true},
			'token-auth-file': {type: 'string'},
			iam: {type: 'string', multiple: true},
			'encryption-config': {type: 'string'},
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
	let fileUsers: ClusterFileUser[] = [];
	if (values.cluster !== undefined) {
		if (values.profile === 'kind') throw new Error('--cluster describes an eks cluster: leave out --profile kind');
		const {users, ...fromFile} = parseClusterFile(readFileSync(values.cluster, 'utf8'));
		profile = {...profile, ...fromFile};
		fileUsers = users ?? [];
	}
	const seed = number('seed', values.seed, 1, 0, 2 ** 32);
	const speed = number('speed', values.speed, 1, 0.1, 1000);
	const manifests = values['no-manifests'] ? [] : readManifests(values.manifests ?? defaultManifests);
	// resourceVersions start from the wall clock in microseconds: a restarted server never hands out one lower than before
	const options = {nodes, seed, manifests, startTime: Date.now(), resourceVersionBase: Date.now() * 1000, ...profile};
	let cluster;
	let state: OpenedCluster | undefined;
	try {
		const encryptionConfig = values['encryption-config'] === undefined ? undefined : readFileSync(values['encryption-config'], 'utf8');
		if (values.state !== undefined) {
			state = openWithState(values.state, {...options, encryptionConfig});
			cluster = state.cluster;
		} else cluster = createCluster({...options, encryptionConfig});
	} catch (e) {
		throw new Error(e instanceof Error && (e.name === 'ManifestError' || e.name === 'StateError') ? e.message : describeError(e));
	}
	const {staticUsers, kubeconfigUsers, described} = serveUsers(values.user ?? [], cluster.profile === 'eks' ? [CREATOR_ARN, ...(values.iam ?? [])] : values.iam ?? [], cluster.name, cluster.profile === 'eks', fileUsers);
	const users = [...staticUsers, ...tokenFileUsers(values['token-auth-file'])];
	// users of tokens need HTTPS too (kubectl sends a token only over TLS), and then a request
	// without one must not be the admin: the admin gets a token of its own, in the kubeconfig
	const adminToken = token ?? (users.length || values.iam?.length ? randomBytes(24).toString('base64url') : undefined);
	if (state?.report) process.stderr.write(`kubesim: ${state.report}\n`);
	const path = values['kubeconfig-out'] ?? defaultKubeconfig();
	const certs = adminToken ? await servingCertificates(servingNames(address), pkiDir(path)) : undefined;
	const file = state?.file;
	const server = createApiServer(cluster, {token: adminToken, limits, users, tls: certs && {key: certs.key, cert: certs.cert}, durable: file ? () => file.durable() : undefined});
	const driver = cluster.drive(realTimeHost, speed);
	if (file) driver.onTick(() => file.tick());
	const bound = await server.listen(port, address);
	const url = serverURL(address, bound, !!certs);
	writeKubeconfig(path, {server: url, token: adminToken, certificateAuthority: certs?.ca, users: kubeconfigUsers});
	const made = certs && (certs.generated.length ? `made the ${certs.generated.join(' and ')} certificate in ${certs.ms} ms` : 'reused');
	process.stdout.write(
		`kubesim ${cluster.version}: serving the simulated cluster at ${url} (speed ${speed}x)\n` +
			`kubeconfig: ${path}\n` +
						(state ? `state: ${values.state} (${state.resumed ? `resumed at resourceVersion ${state.resumed.resourceVersion}, ${Math.round(state.resumed.elapsed / 1000)}s of simulated time` : 'new'})\n` : '') +
			(certs ? `certificates: ${pkiDir(path)} (${made})\n` : '') +
			(adminToken && !token ? 'the admin user has a token made for this run, in the kubeconfig\n' : '') +
			described.map(d => `  context ${d}\n`).join('') +
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
