// `npm run bench`: prints figures; it does not pass or fail. Pass a section name to run one
// (`npm run bench -- cluster`, or startup, ui, server, fuzz, dashboard), or `--small` for a quick run at a tenth of
// the scale (three start-ups instead of seven).
import {runStartupBench} from './startup.js';
import {runClusterBench} from './cluster.js';
import {runUiBench} from './ui.js';
import {runServerBench} from './server.js';
import {runFuzzBench} from './fuzz.js';
import {runDashboardBench} from './dashboard.js';
import type {Cluster} from '../source/cluster/index.js';

const args = process.argv.slice(2);
const small = args.includes('--small');
const only = args.filter(a => !a.startsWith('--'));
const want = (name: string) => only.length === 0 || only.includes(name);

function print(title: string, figures: Record<string, string | number>): void {
	console.log(`\n== ${title}`);
	const width = Math.max(...Object.keys(figures).map(k => k.length));
	for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(width)}  ${v}`);
}

// first, while the machine is not yet holding the big cluster
if (want('startup')) {
	print('start-up: node dist/cli.js in tmux, from process start', await runStartupBench(small ? 3 : 7));
	print('start-up: npm start in tmux, from process start', await runStartupBench(small ? 3 : 5, 'npm start --silent'));
}

if (want('dashboard')) {
	// first, while this process holds no cluster: the servers run in worker threads
	process.env.NODE_ENV = 'production';
	const scales = small
		? [{nodes: 10, deployments: 10, replicas: 100}, {nodes: 500, deployments: 150, replicas: 100}]
		: [{nodes: 100, deployments: 100, replicas: 100}, {nodes: 5000, deployments: 1500, replicas: 100}];
	for (const scale of scales) print('dashboard in kubeconfig mode against kubesim serve (in a worker thread)', await runDashboardBench({...scale, events: true}));
}

let big: Cluster | undefined;
if (want('cluster') || want('ui') || want('server') || want('dashboard')) {
	const scale = small ? {nodes: 500, deployments: 150, replicas: 100} : {nodes: 5000, deployments: 1500, replicas: 100};
	const {figures, cluster} = runClusterBench({...scale, events: true});
	if (want('cluster')) print(`simulator: ${scale.nodes} nodes, ${scale.deployments * scale.replicas} pods`, figures);
	big = cluster;
}
if (want('ui')) {
	process.env.NODE_ENV = 'production';
	print('dashboard', await runUiBench(big));
}
if (want('server')) print('kubesim serve', await runServerBench(big));
// the embedded dashboard on the big cluster, for its filtering
if (want('dashboard') && !want('ui') && big) print('dashboard, embedded', await runUiBench(big, {skipDemo: true}));
big = undefined;
if (want('fuzz')) {
	const seeds = small ? [1, 2] : [1, 2, 3, 4, 5];
	print(`API fuzzer: ${seeds.length} seeds of 20,000 generated bad requests`, await runFuzzBench(seeds, 200));
}
process.exit(0);
