// The API server's in-flight limit: reads and writes being served are counted apart, and past
// its limit a request is 429 with Retry-After: 1; watches and users in system:masters are not
// counted, as the API server leaves them out.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connect, type Socket} from 'node:net';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import {createApiServer, type KubeApiServer} from '../../source/server/index.js';
import {once} from '../wait.js';

let cluster: Cluster;
let server: KubeApiServer;
let port: number;

beforeAll(async () => {
	cluster = createCluster({nodes: 1, seed: 5});
	// jane (group editors) may do anything through RBAC, yet is not in system:masters
	cluster.create({
		apiVersion: 'rbac.authorization.k8s.io/v1',
		kind: 'ClusterRoleBinding',
		metadata: {name: 'editors'},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin'},
		subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'editors'}],
	});
	server = createApiServer(cluster, {limits: {maxRequestsInflight: 1, maxMutatingRequestsInflight: 1}});
	port = await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
	await server.close();
});

const JANE = {'Impersonate-User': 'jane', 'Impersonate-Group': 'editors'};
const configMap = (name: string) => JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}});

function post(name: string, headers: Record<string, string> = JANE) {
	return fetch(`${server.url()}/api/v1/namespaces/default/configmaps`, {method: 'POST', headers: {'Content-Type': 'application/json', ...headers}, body: configMap(name)});
}

const TOO_MANY = {
	kind: 'Status',
	apiVersion: 'v1',
	metadata: {},
	status: 'Failure',
	message: 'Too many requests, please try again later.',
	reason: 'TooManyRequests',
	code: 429,
	details: {retryAfterSeconds: 1},
};

describe('the in-flight limit', () => {
	it('a write whose body is still coming holds the one write slot: another write is 429, reads and system:masters are served', async () => {
		const body = configMap('slow');
		const socket: Socket = connect(port, '127.0.0.1');
		await once(socket, 'connect');
		const served = once(server.server, 'request');
		socket.write(
			`POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nImpersonate-User: jane\r\nImpersonate-Group: editors\r\n` +
				`Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
		);
		await served;
		let answer = '';
		socket.setEncoding('utf8');
		socket.on('data', (c: string) => (answer += c));

		const refused = await post('second');
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('1');
		expect(await refused.json()).toEqual(TOO_MANY);
		// reads are counted apart; a watch is long-running and not counted at all
		const watch = await fetch(`${server.url()}/api/v1/namespaces/default/configmaps?watch=true`, {headers: JANE});
		expect(watch.status).toBe(200);
		expect((await fetch(`${server.url()}/api/v1/namespaces/default/configmaps`, {headers: JANE})).status).toBe(200);
		// the admin (system:masters) is never limited
		expect((await post('by-admin', {})).status).toBe(201);

		// once the slow write is done, its slot is free
		const done = once(socket, 'data');
		socket.write(body.slice(10));
		await done;
		expect(answer).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
		expect((await post('third')).status).toBe(201);
		await watch.body?.cancel();
		socket.destroy();
	});
});
