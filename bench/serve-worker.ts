// A `kubesim serve` of a benchmark cluster in a worker thread: its own heap and event loop, as
// the separate process a user runs, so that the dashboard measured in the main thread pays
// neither for the cluster's garbage collection nor for the server's work on its event loop.
import {parentPort, workerData} from 'node:worker_threads';
import {createApiServer} from '../source/server/index.js';
import {runClusterBench, type ClusterBenchOptions} from './cluster.js';

const options = workerData as ClusterBenchOptions;
const {cluster} = runClusterBench(options);
const server = createApiServer(cluster);
await server.listen(0, '127.0.0.1');
parentPort!.postMessage({url: server.url(), pods: cluster.count('Pod')});
parentPort!.on('message', async (m: string) => {
	if (m !== 'close') return;
	await server.close();
	parentPort!.postMessage('closed');
});
