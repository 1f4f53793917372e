// The API fuzzer at a larger seed count: generated bad requests against the demo cluster served
// in-process, with requests per second and the answers counted by status.
import {performance} from 'node:perf_hooks';
import {createCluster} from '../source/cluster/index.js';
import {readManifests} from '../source/client/manifests.js';
import {createApiServer} from '../source/server/index.js';
import {fuzzApi} from '../test/server/fuzz.js';

export async function runFuzzBench(seeds: number[], batches: number): Promise<Record<string, string | number>> {
	const figures: Record<string, string | number> = {};
	const byStatus: Record<string, number> = {};
	let requests = 0;
	let ms = 0;
	let slowest = {ms: 0, request: ''};
	const problems: string[] = [];
	for (const seed of seeds) {
		const cluster = createCluster({nodes: 3, seed, manifests: readManifests('manifests')});
		cluster.advance(30_000);
		const server = createApiServer(cluster);
		await server.listen(0, '127.0.0.1');
		const t0 = performance.now();
		const f = await fuzzApi(server, cluster, {seed, batches, size: 100});
		ms += performance.now() - t0;
		await server.close();
		requests += f.requests;
		for (const [code, n] of Object.entries(f.byStatus)) byStatus[code] = (byStatus[code] ?? 0) + n;
		if (f.slowest && f.slowest.ms > slowest.ms) slowest = f.slowest;
		problems.push(...f.problems);
	}
	figures['seeds'] = seeds.join(', ');
	figures['requests'] = requests;
	figures['requests/s'] = Math.round(requests / (ms / 1000));
	for (const code of Object.keys(byStatus).sort()) figures[`answered ${code}`] = byStatus[code]!;
	figures['slowest answer'] = `${slowest.ms} ms: ${slowest.request.slice(0, 100)}`;
	figures['problems'] = problems.length;
	for (const p of problems.slice(0, 10)) figures[`  problem ${problems.indexOf(p) + 1}`] = p.slice(0, 200);
	return figures;
}
