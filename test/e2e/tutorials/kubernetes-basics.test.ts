// The Kubernetes Basics tutorial (kubernetes.io/docs/tutorials/kubernetes-basics/) walked with
// the real kubectl: create the kubernetes-bootcamp Deployment, reach its pod through
// `kubectl proxy` and the pod proxy subresource, exec into it, expose it as a NodePort Service,
// label it, scale it to four (the Service proxy answers from each pod in turn), roll it to v2,
// fail a roll to a tag that does not exist, and undo.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {describeWithTool, kubectlTool} from '../../tools.js';
import {rows, startTutorial, type Tutorial} from './tutorial.js';

describeWithTool(kubectlTool, 'Kubernetes Basics with kubectl', () => {
	let t: Tutorial;
	let proxy: string;
	let pod: string;
	const get = async (path: string) => {
		const r = await fetch(`${proxy}${path}`);
		return {status: r.status, body: await r.text()};
	};
	const podNames = async () => (await t.kubectl('get', 'pods', '-o', 'go-template', '--template', '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')).stdout.trim().split('\n');

	beforeAll(async () => {
		t = await startTutorial();
		proxy = await t.proxy();
	});
	afterAll(async () => {
		await t?.close();
	});

	it('module 2: kubectl create deployment runs one bootcamp pod', async () => {
		const created = await t.kubectl('create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1');
		expect(created.stdout).toBe('deployment.apps/kubernetes-bootcamp created\n');
		t.settle(30_000);
		expect(rows((await t.kubectl('get', 'deployments')).stdout)).toEqual([
			['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE'],
			['kubernetes-bootcamp', '1/1', '1', '1'],
		]);
		const names = await podNames();
		expect(names).toHaveLength(1);
		pod = names[0]!;
		expect(pod).toMatch(/^kubernetes-bootcamp-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
	});

	it('module 3: the pod answers through kubectl proxy, logs its requests, and execs env, cat and curl', async () => {
		const version = JSON.parse((await get('/version')).body);
		expect(version.gitVersion).toBe('v1.32.2');
		const hello = await get(`/api/v1/namespaces/default/pods/${pod}:8080/proxy/`);
		expect(hello).toEqual({status: 200, body: `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`});
		const logs = (await t.kubectl('logs', pod)).stdout.split('\n');
		expect(logs[0]).toMatch(new RegExp(`^Kubernetes Bootcamp App Started At: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\| Running On:  ${pod} $`));
		expect(logs[1]).toBe('');
		expect(logs[2]).toMatch(new RegExp(`^Running On: ${pod} \\| Total Requests: 1 \\| App Uptime: \\d+\\.?\\d* seconds \\| Log Time: \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`));

		const env = (await t.kubectl('exec', pod, '--', 'env')).stdout.trim().split('\n');
		expect(env.slice(0, 4)).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${pod}`, 'NPM_CONFIG_LOGLEVEL=info', 'NODE_VERSION=6.3.1']);
		expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
		expect(env.at(-1)).toBe('HOME=/root');

		const script = await t.kubectl('exec', pod, '--', 'bash', '-c', 'cat server.js');
		expect(script.stdout).toContain(".listen(8080, () => {");
		const inside = await t.kubectl('exec', pod, '--', 'curl', '-s', 'http://localhost:8080');
		expect(inside.stdout).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
		// the pod proxy names a port the pod does not listen on: the API server cannot dial it
		const refused = await get(`/api/v1/namespaces/default/pods/${pod}:9999/proxy/`);
		expect(refused.status).toBe(503);
		expect(JSON.parse(refused.body).message).toMatch(/^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:9999: connect: connection refused$/);
	});

	it('module 4: expose as a NodePort Service, label the pod, delete the Service by label', async () => {
		expect((await t.kubectl('expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080')).stdout).toBe('service/kubernetes-bootcamp exposed\n');
		t.settle(2000);
		const nodePort = (await t.kubectl('get', 'services/kubernetes-bootcamp', '-o', 'go-template={{(index .spec.ports 0).nodePort}}')).stdout;
		expect(Number(nodePort)).toBeGreaterThanOrEqual(30000);
		expect(Number(nodePort)).toBeLessThanOrEqual(32767);
		const svc = rows((await t.kubectl('get', 'services')).stdout);
		expect(svc[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)']);
		expect(svc[1]).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
		expect(svc[2]).toEqual(['kubernetes-bootcamp', 'NodePort', expect.stringMatching(/^10\.\d+\.\d+\.\d+$/), '<none>', `8080:${nodePort}/TCP`]);

		const podIP = (await t.kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.podIP}')).stdout;
		const described = (await t.kubectl('describe', 'services/kubernetes-bootcamp')).stdout;
		expect(described).toContain(`\nEndpoints:                ${podIP}:8080\n`);
		expect(described).toContain(`\nNodePort:                 <unset>  ${nodePort}/TCP\n`);
		expect(described).toContain('\nSelector:                 app=kubernetes-bootcamp\n');
		const through = await get('/api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/');
		expect(through).toEqual({status: 200, body: `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`});

		expect(rows((await t.kubectl('get', 'pods', '-l', 'app=kubernetes-bootcamp')).stdout).slice(1)).toEqual([[pod, '1/1', 'Running', '0']]);
		expect((await t.kubectl('label', 'pods', pod, 'version=v1')).stdout).toBe(`pod/${pod} labeled\n`);
		expect((await t.kubectl('describe', 'pods', pod)).stdout).toMatch(/\nLabels:\s+app=kubernetes-bootcamp\n\s+pod-template-hash=[a-z0-9]+\n\s+version=v1\n/);
		expect(rows((await t.kubectl('get', 'pods', '-l', 'version=v1')).stdout).slice(1)).toEqual([[pod, '1/1', 'Running', '0']]);

		expect((await t.kubectl('delete', 'service', '-l', 'app=kubernetes-bootcamp')).stdout).toBe('service "kubernetes-bootcamp" deleted\n');
		expect(rows((await t.kubectl('get', 'services')).stdout).map(r => r[0])).toEqual(['NAME', 'kubernetes']);
		const gone = await get('/api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/');
		expect(gone.status).toBe(404);
		expect(JSON.parse(gone.body).message).toBe('services "kubernetes-bootcamp" not found');
		// the app still runs: the Deployment manages it
		expect((await t.kubectl('exec', pod, '--', 'curl', '-s', 'http://localhost:8080')).stdout).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
	});

	it('module 5: scaled to four, the Service proxy answers from every pod in turn', async () => {
		await t.kubectl('expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080');
		expect((await t.kubectl('scale', 'deployments/kubernetes-bootcamp', '--replicas=4')).stdout).toBe('deployment.apps/kubernetes-bootcamp scaled\n');
		t.settle(30_000);
		expect(rows((await t.kubectl('get', 'deployments')).stdout)[1]).toEqual(['kubernetes-bootcamp', '4/4', '4', '4']);
		const wide = rows((await t.kubectl('get', 'pods', '-o', 'wide')).stdout);
		expect(wide[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
		expect(wide.slice(1).map(r => r.slice(1, 4))).toEqual(Array(4).fill(['1/1', 'Running', '0']));
		expect(new Set(wide.slice(1).map(r => r[5])).size).toBe(3);
		const described = (await t.kubectl('describe', 'deployments/kubernetes-bootcamp')).stdout;
		expect(described).toContain('Replicas:               4 desired | 4 updated | 4 total | 4 available | 0 unavailable\n');
		expect(described).toMatch(/Normal {2}ScalingReplicaSet {2}.+ {2}deployment-controller {2}Scaled up replica set kubernetes-bootcamp-[a-z0-9]+ from 1 to 4\n/);
		const served = new Set<string>();
		for (let i = 0; i < 4; i++) served.add((await get('/api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/')).body);
		expect([...served].sort()).toEqual((await podNames()).map(p => `Hello Kubernetes bootcamp! | Running on: ${p} | v=1\n`).sort());
		const podIPs = (await t.kubectl('get', 'pods', '-o', 'jsonpath={range .items[*]}{.status.podIP}:8080 {end}')).stdout.trim().split(' ');
		// describe lists three endpoints and counts the rest
		const endpoints = /\nEndpoints: +(\S+) \+ 1 more\.\.\.\n/.exec((await t.kubectl('describe', 'services/kubernetes-bootcamp')).stdout)?.[1]?.split(',');
		expect(endpoints).toHaveLength(3);
		expect(endpoints!.every(e => podIPs.includes(e))).toBe(true);
	});

	it('module 6: set image to v2 rolls every pod; a tag that does not exist stops the roll; undo goes back', async () => {
		expect((await t.kubectl('set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2')).stdout).toBe('deployment.apps/kubernetes-bootcamp image updated\n');
		t.settle(60_000);
		const status = await t.kubectl('rollout', 'status', 'deployments/kubernetes-bootcamp', '--watch=false');
		expect(status.stdout.trimEnd()).toBe('deployment "kubernetes-bootcamp" successfully rolled out');
		const images = (await t.kubectl('get', 'pods', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}')).stdout.trim().split('\n');
		expect(images).toEqual(Array(4).fill('docker.io/jocatalin/kubernetes-bootcamp:v2'));
		expect((await get('/api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/')).body).toMatch(/^Hello Kubernetes bootcamp! \| Running on: kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5} \| v=2\n$/);

		await t.kubectl('set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10');
		t.settle(60_000);
		expect(rows((await t.kubectl('get', 'deployments')).stdout)[1]).toEqual(['kubernetes-bootcamp', '3/4', '2', '3']);
		const pods = rows((await t.kubectl('get', 'pods')).stdout).slice(1);
		expect(pods.map(r => r[2]).sort()).toEqual(['ImagePullBackOff', 'ImagePullBackOff', 'Running', 'Running', 'Running']);
		const stuck = pods.find(r => r[2] === 'ImagePullBackOff')![0]!;
		expect((await t.kubectl('describe', 'pod', stuck)).stdout).toContain(
			'Failed to pull image "gcr.io/google-samples/kubernetes-bootcamp:v10": rpc error: code = NotFound desc = failed to pull and unpack image "gcr.io/google-samples/kubernetes-bootcamp:v10": failed to resolve reference "gcr.io/google-samples/kubernetes-bootcamp:v10": gcr.io/google-samples/kubernetes-bootcamp:v10: not found',
		);

		expect((await t.kubectl('rollout', 'undo', 'deployments/kubernetes-bootcamp')).stdout).toBe('deployment.apps/kubernetes-bootcamp rolled back\n');
		t.settle(60_000);
		const after = rows((await t.kubectl('get', 'pods')).stdout).slice(1);
		expect(after.map(r => r.slice(1))).toEqual(Array(4).fill(['1/1', 'Running', '0']));
		const back = (await t.kubectl('get', 'pods', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}')).stdout.trim().split('\n');
		expect(back).toEqual(Array(4).fill('docker.io/jocatalin/kubernetes-bootcamp:v2'));
	});
});
