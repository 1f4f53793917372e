// exec through the kubeconfig client against `kubesim serve` in-process: what the dashboard's
// shell runs on a real cluster.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Cluster} from '../../source/cluster/index.js';
import {createKubeconfigClient, type KubeconfigClient} from '../../source/client/kubeconfig.js';
import {exitCodeOf} from '../../source/client/remote-exec.js';
import {serveDemo, type Served} from '../served.js';

let served: Served;
let cluster: Cluster;
let client: KubeconfigClient;

beforeAll(async () => {
	served = await serveDemo({seed: 2});
	cluster = served.cluster;
	client = await createKubeconfigClient({kubeconfig: served.kubeconfig});
	await client.synced();
});

afterAll(async () => {
	client?.close();
	await served?.close();
});

describe('exec over the kubeconfig client', () => {
	it('runs a command in the container: its output, and the exit code from the closing Status', async () => {
		const pod = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'})[0]!.metadata.name;
		expect(await client.exec('default', pod, undefined, ['sh', '-c', 'hostname'])).toEqual({stdout: `${pod}\n`, stderr: '', exitCode: 0});
		const failed = await client.exec('default', pod, 'web', ['sh', '-c', 'cat /nope; exit 3']);
		expect(failed).toEqual({stdout: '', stderr: 'cat: /nope: No such file or directory\n', exitCode: 3});
		await expect(client.exec('default', 'nope', 'web', ['true'])).rejects.toThrow();
	});

	it('reads exit codes as kubectl does', () => {
		expect(exitCodeOf(undefined)).toBe(0);
		expect(exitCodeOf({status: 'Success'})).toBe(0);
		expect(exitCodeOf({status: 'Failure', reason: 'NonZeroExitCode', details: {causes: [{reason: 'ExitCode', message: '42'}]}})).toBe(42);
		expect(exitCodeOf({status: 'Failure', reason: 'InternalError'})).toBe(1);
	});
});
