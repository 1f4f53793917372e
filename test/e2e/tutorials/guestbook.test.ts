// "Example: Deploying PHP Guestbook application with Redis" (kubernetes.io/docs/tutorials/
// stateless-application/guestbook/) with the real kubectl and the website's manifests
// (application/guestbook/): the Redis leader and its followers, the frontend and its Service,
// scaling the frontend, and the clean-up by label.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {describeWithTool, kubectlTool} from '../../tools.js';
import {EX, rows, startTutorial, type Tutorial} from './tutorial.js';

const GB = `${EX}/application/guestbook`;

describeWithTool(kubectlTool, 'the guestbook tutorial with kubectl', () => {
	let t: Tutorial;
	let proxy: string;
	const pods = async (...selector: string[]) => rows((await t.kubectl('get', 'pods', ...selector)).stdout).slice(1);
	const byPrefix = (list: string[][]) => list.map(([name, ...rest]) => [name!.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, ''), ...rest]);

	beforeAll(async () => {
		t = await startTutorial(5);
		proxy = await t.proxy();
	});
	afterAll(async () => {
		await t?.close();
	});

	it('the Redis leader runs, logs its start, and is served by redis-leader', async () => {
		expect((await t.kubectl('apply', '-f', `${GB}/redis-leader-deployment.yaml`)).stdout).toBe('deployment.apps/redis-leader created\n');
		t.settle(20_000);
		expect(byPrefix(await pods())).toEqual([['redis-leader', '1/1', 'Running', '0']]);
		const logs = (await t.kubectl('logs', 'deployment/redis-leader')).stdout.trim().split('\n');
		expect(logs.map(l => l.replace(/^1:([CM]) \d\d \w{3} \d{4} [\d:.]{12} /, '1:$1 '))).toEqual([
			'1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
			'1:C * Redis version=6.0.5, bits=64, commit=00000000, modified=0, pid=1, just started',
			'1:C # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
			'1:M * monotonic clock: POSIX clock_gettime',
			'1:M * Running mode=standalone, port=6379.',
			'1:M * Server initialized',
			'1:M * Ready to accept connections tcp',
		]);
		expect((await t.kubectl('apply', '-f', `${GB}/redis-leader-service.yaml`)).stdout).toBe('service/redis-leader created\n');
		const svc = rows((await t.kubectl('get', 'service')).stdout);
		expect(svc.map(r => [r[0], r[1], r[3], r[4]])).toEqual([
			['NAME', 'TYPE', 'EXTERNAL-IP', 'PORT(S)'],
			['kubernetes', 'ClusterIP', '<none>', '443/TCP'],
			['redis-leader', 'ClusterIP', '<none>', '6379/TCP'],
		]);
	});

	it('two followers start as replicas of redis-leader and sync from it', async () => {
		expect((await t.kubectl('apply', '-f', `${GB}/redis-follower-deployment.yaml`)).stdout).toBe('deployment.apps/redis-follower created\n');
		t.settle(500);
		expect(byPrefix(await pods()).map(r => r.slice(0, 3))).toEqual([
			['redis-follower', '0/1', 'ContainerCreating'],
			['redis-follower', '0/1', 'ContainerCreating'],
			['redis-leader', '1/1', 'Running'],
		]);
		t.settle(30_000);
		expect(byPrefix(await pods())).toEqual([
			['redis-follower', '1/1', 'Running', '0'],
			['redis-follower', '1/1', 'Running', '0'],
			['redis-leader', '1/1', 'Running', '0'],
		]);
		const follower = (await pods('-l', 'role=follower'))[0]![0]!;
		const logs = (await t.kubectl('logs', follower)).stdout;
		expect(logs).toMatch(/\n1:S \d\d \w{3} \d{4} [\d:.]{12} \* Connecting to MASTER redis-leader:6379\n/);
		expect(logs.trimEnd()).toMatch(/\* MASTER <-> REPLICA sync: Finished with success$/);
		expect((await t.kubectl('apply', '-f', `${GB}/redis-follower-service.yaml`)).stdout).toBe('service/redis-follower created\n');
		expect(rows((await t.kubectl('get', 'services')).stdout).map(r => r[0])).toEqual(['NAME', 'kubernetes', 'redis-follower', 'redis-leader']);
	});

	it('three frontend replicas answer the guestbook page through the frontend Service', async () => {
		expect((await t.kubectl('apply', '-f', `${GB}/frontend-deployment.yaml`)).stdout).toBe('deployment.apps/frontend created\n');
		t.settle(30_000);
		expect(byPrefix(await pods('-l', 'app=guestbook', '-l', 'tier=frontend'))).toEqual(Array(3).fill(['frontend', '1/1', 'Running', '0']));
		expect((await t.kubectl('apply', '-f', `${GB}/frontend-service.yaml`)).stdout).toBe('service/frontend created\n');
		t.settle(2000);
		const svc = rows((await t.kubectl('get', 'services')).stdout);
		expect(svc.map(r => [r[0], r[1], r[3], r[4]])).toEqual([
			['NAME', 'TYPE', 'EXTERNAL-IP', 'PORT(S)'],
			['frontend', 'ClusterIP', '<none>', '80/TCP'],
			['kubernetes', 'ClusterIP', '<none>', '443/TCP'],
			['redis-follower', 'ClusterIP', '<none>', '6379/TCP'],
			['redis-leader', 'ClusterIP', '<none>', '6379/TCP'],
		]);
		const page = await fetch(`${proxy}/api/v1/namespaces/default/services/frontend:80/proxy/`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('<title>Guestbook</title>');
	});

	it('kubectl scale takes the frontend to 5 and back to 2', async () => {
		expect((await t.kubectl('scale', 'deployment', 'frontend', '--replicas=5')).stdout).toBe('deployment.apps/frontend scaled\n');
		t.settle(30_000);
		expect(byPrefix(await pods()).map(r => r[0])).toEqual(['frontend', 'frontend', 'frontend', 'frontend', 'frontend', 'redis-follower', 'redis-follower', 'redis-leader']);
		expect((await t.kubectl('scale', 'deployment', 'frontend', '--replicas=2')).stdout).toBe('deployment.apps/frontend scaled\n');
		t.settle(60_000);
		expect(byPrefix(await pods())).toEqual([
			['frontend', '1/1', 'Running', '0'],
			['frontend', '1/1', 'Running', '0'],
			['redis-follower', '1/1', 'Running', '0'],
			['redis-follower', '1/1', 'Running', '0'],
			['redis-leader', '1/1', 'Running', '0'],
		]);
	});

	it('cleaning up by label deletes the Deployments and Services, and their pods go', async () => {
		expect((await t.kubectl('delete', 'deployment', '-l', 'app=redis')).stdout).toBe('deployment.apps "redis-follower" deleted\ndeployment.apps "redis-leader" deleted\n');
		expect((await t.kubectl('delete', 'service', '-l', 'app=redis')).stdout).toBe('service "redis-follower" deleted\nservice "redis-leader" deleted\n');
		expect((await t.kubectl('delete', 'deployment', 'frontend')).stdout).toBe('deployment.apps "frontend" deleted\n');
		expect((await t.kubectl('delete', 'service', 'frontend')).stdout).toBe('service "frontend" deleted\n');
		t.settle(60_000);
		const left = await t.kubectl('get', 'pods');
		expect([left.stdout, left.stderr]).toEqual(['', 'No resources found in default namespace.\n']);
	});
});
