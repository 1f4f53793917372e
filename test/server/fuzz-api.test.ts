// The API server answers every request: 10,000 generated bad requests (seeded) across every
// served resource, verb, patch type and query parameter; no 5xx (but the 504 a list from a
// resourceVersion not reached yet gets, at once here), no hang, every 4xx a Status with a reason,
// the server alive after every batch, and no rejected write changing anything.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {readManifests} from '../../source/client/manifests.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import {fuzzApi} from './fuzz.js';

let cluster: Cluster;
let server: KubeApiServer;

beforeAll(async () => {
	cluster = createCluster({nodes: 2, seed: 5, manifests: readManifests('manifests')});
	cluster.advance(30_000);
	server = createApiServer(cluster, {tooLargeWaitMs: 0});
	await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
	await server.close();
});

describe('fuzzed bad requests', () => {
	it('10,000 requests: no 5xx, no hang, proper Statuses, rejected writes change nothing', {timeout: 180_000}, async () => {
		const figures = await fuzzApi(server, cluster, {seed: 20260412, batches: 100, size: 100});
		expect(figures.requests).toBe(10_000);
		expect(figures.problems.slice(0, 40)).toEqual([]);
		// the run reached every kind of answer the server gives bad requests
		for (const code of ['400', '404', '405', '415', '422']) expect(figures.byStatus[code]).toBeGreaterThan(0);
	});
});
