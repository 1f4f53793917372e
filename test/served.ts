// The demo cluster served by `kubesim serve`'s API server in-process, with a kubeconfig for it:
// what the suites that drive real clients (the kubeconfig client, kubectl, Python) start from.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster, type ClusterOptions, type Driver} from '../source/cluster/index.js';
import {realTimeHost} from '../source/client/host.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../source/server/index.js';
import {demoManifests} from './ui/harness.js';

export interface Served {
	cluster: Cluster;
	server: KubeApiServer;
	/** Simulated time running at `speed` times real time, when asked for. */
	driver?: Driver;
	kubeconfig: string;
	close(): Promise<void>;
}

/** The demo on `nodes` workers (or the eks profile's node group) after 30 s of simulated time, served on a free port. */
export async function serveDemo(opts: {seed: number; nodes?: number; speed?: number; profile?: ClusterOptions['profile']; eks?: ClusterOptions['eks']}): Promise<Served> {
	const nodes = opts.nodes ?? (opts.profile === 'eks' ? 2 : 3);
	const cluster = createCluster({nodes, seed: opts.seed, manifests: demoManifests(), startTime: Date.now(), profile: opts.profile, eks: opts.eks});
	cluster.advance(30_000);
	return serveCluster(cluster, opts.speed);
}

/** A cluster served on a free port, with a kubeconfig in a folder of its own (`dir`), its time driven at `speed` when given. */
export async function serveCluster(cluster: Cluster, speed?: number): Promise<Served & {dir: string}> {
	const dir = mkdtempSync(join(tmpdir(), 'kubesim-served-'));
	const driver = speed ? cluster.drive(realTimeHost, speed) : undefined;
	const server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	const kubeconfig = join(dir, 'kubeconfig');
	writeKubeconfig(kubeconfig, {server: server.url()});
	return {
		cluster,
		server,
		driver,
		kubeconfig,
		dir,
		async close() {
			driver?.stop();
			await server.close();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
