// What the tutorial walks share: an empty three-worker cluster served on a free port (as
// `kubesim serve` serves it), the real kubectl against it, `kubectl proxy`, and the virtual
// clock, moved on between the tutorial's steps (a command that would wait for the cluster is
// run without waiting, and the clock moved on after it answers).
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster} from '../../../source/cluster/index.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../../source/server/index.js';
import {KUBECTL, kubectlEnv, runKubectl, type Run} from '../../server/run-kubectl.js';

export const EX = 'test/fixtures/website';

export interface Tutorial {
	cluster: Cluster;
	dir: string;
	/** kubectl with these arguments; the clock stands still while it runs. */
	kubectl(...args: string[]): Promise<Run>;
	/** Moves virtual time on. */
	settle(ms: number): void;
	/** Starts `kubectl proxy` on a free port; resolves with its base URL. */
	proxy(): Promise<string>;
	close(): Promise<void>;
}

export async function startTutorial(seed = 7): Promise<Tutorial> {
	const dir = mkdtempSync(join(tmpdir(), 'kubesim-tutorial-'));
	const cluster = createCluster({nodes: 3, seed, startTime: Date.now()});
	cluster.advance(30_000);
	const server: KubeApiServer = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	const children: ChildProcess[] = [];
	const t: Tutorial = {
		cluster,
		dir,
		kubectl: (...args) => runKubectl(dir, args),
		settle: ms => cluster.advance(ms),
		proxy() {
			const child = spawn(KUBECTL, ['proxy', '--port=0'], {env: kubectlEnv(dir)});
			children.push(child);
			return new Promise((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (b: Buffer) => {
					out += b.toString();
					const m = /Starting to serve on ([\d.]+:\d+)/.exec(out);
					if (m) resolve(`http://${m[1]}`);
				});
				child.on('exit', code => reject(new Error(`kubectl proxy exited with ${code}: ${out}`)));
			});
		},
		async close() {
			for (const c of children) c.kill();
			await server.close();
			rmSync(dir, {recursive: true, force: true});
		},
	};
	return t;
}

/**
 * kubectl's table as rows of cells (split on its column gaps), without the AGE column: ages are
 * counted on the wall clock against virtual timestamps, so they are not part of what is checked.
 */
export function rows(table: string): string[][] {
	const lines = table.trimEnd().split('\n');
	const header = lines[0]!;
	const starts: number[] = [];
	for (const m of header.matchAll(/\S+(?: \S+)*/g)) starts.push(m.index!);
	const names = [...header.matchAll(/\S+(?: \S+)*/g)].map(m => m[0]);
	const cut = (line: string) => starts.map((s, i) => line.slice(s, starts[i + 1] ?? line.length).trim());
	const age = names.indexOf('AGE');
	return lines.map(l => cut(l).filter((_, i) => i !== age));
}
