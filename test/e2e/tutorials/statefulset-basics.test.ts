// "StatefulSet Basics" (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/)
// with the real kubectl and the website's application/web/web.yaml: ordered creation, stable
// hostnames and DNS records (nslookup from busybox:1.28, run with `kubectl exec` in place of
// `kubectl run -it`), stable storage across pod deletion, scaling up and down with the claims
// kept, and the RollingUpdate (with a partition) and OnDelete update strategies.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {describeWithTool, kubectlTool} from '../../tools.js';
import {EX, rows, startTutorial, type Tutorial} from './tutorial.js';

describeWithTool(kubectlTool, 'StatefulSet Basics with kubectl', () => {
	let t: Tutorial;
	const pods = async () => rows((await t.kubectl('get', 'pods', '-l', 'app=nginx')).stdout).slice(1);
	const images = async (n: number) => {
		const out: string[] = [];
		for (let i = 0; i < n; i++) out.push((await t.kubectl('get', 'pod', `web-${i}`, '--template', '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}')).stdout);
		return out;
	};
	const ips = async () => (await t.kubectl('get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.podIP} {end}')).stdout.trim().split(' ');

	beforeAll(async () => {
		t = await startTutorial(3);
	});
	afterAll(async () => {
		await t?.close();
	});

	it('creates the headless Service and the StatefulSet, and web-1 starts only once web-0 is ready', async () => {
		expect((await t.kubectl('apply', '-f', `${EX}/application/web/web.yaml`)).stdout).toBe('service/nginx created\nstatefulset.apps/web created\n');
		t.settle(100);
		expect((await pods()).map(r => r[0])).toEqual(['web-0']);
		t.settle(30_000);
		expect(rows((await t.kubectl('get', 'service', 'nginx')).stdout)).toEqual([
			['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)'],
			['nginx', 'ClusterIP', 'None', '<none>', '80/TCP'],
		]);
		expect(rows((await t.kubectl('get', 'statefulset', 'web')).stdout)).toEqual([['NAME', 'READY'], ['web', '2/2']]);
		expect(await pods()).toEqual([
			['web-0', '1/1', 'Running', '0'],
			['web-1', '1/1', 'Running', '0'],
		]);
		const created = (await t.kubectl('get', 'events', '--field-selector', 'involvedObject.kind=StatefulSet', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}')).stdout.trim().split('\n');
		expect(created).toEqual([
			'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
			'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
			'SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success',
			'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
		]);
	});

	it('each pod has a stable hostname and a DNS record under the headless Service', async () => {
		for (const i of [0, 1]) expect((await t.kubectl('exec', `web-${i}`, '--', 'sh', '-c', 'hostname')).stdout).toBe(`web-${i}\n`);
		expect((await t.kubectl('run', 'dns-test', '--image=busybox:1.28', '--restart=Never', '--', 'sleep', '3600')).stdout).toBe('pod/dns-test created\n');
		t.settle(20_000);
		const byName = Object.fromEntries((await ips()).map(e => e.split('=')));
		for (const i of [0, 1]) {
			const r = await t.kubectl('exec', 'dns-test', '--', 'nslookup', `web-${i}.nginx`);
			expect(r.stdout).toBe(`Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-${i}.nginx\nAddress 1: ${byName[`web-${i}`]} web-${i}.nginx.default.svc.cluster.local\n`);
		}
	});

	it('the claims are bound, and what a pod writes to its volume outlives the pod', async () => {
		const pvc = rows((await t.kubectl('get', 'pvc', '-l', 'app=nginx')).stdout);
		expect(pvc[0]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS']);
		expect(pvc.slice(1).map(r => [r[0], r[1], r[3], r[4], r[5]])).toEqual([
			['www-web-0', 'Bound', '1Gi', 'RWO', 'standard'],
			['www-web-1', 'Bound', '1Gi', 'RWO', 'standard'],
		]);
		expect(pvc.slice(1).every(r => /^pvc-[0-9a-f-]{36}$/.test(r[2]!))).toBe(true);
		for (const i of [0, 1]) expect((await t.kubectl('exec', `web-${i}`, '--', 'sh', '-c', 'echo "$(hostname)" > /usr/share/nginx/html/index.html')).code).toBe(0);
		for (const i of [0, 1]) expect((await t.kubectl('exec', '-i', `web-${i}`, '--', 'curl', 'http://localhost/')).stdout).toBe(`web-${i}\n`);

		// kubectl waits for the pods to go while the clock runs; here the clock is moved on after it answers
		const deleted = await t.kubectl('delete', 'pod', '-l', 'app=nginx', '--wait=false');
		expect(deleted.stdout).toBe('pod "web-0" deleted\npod "web-1" deleted\n');
		t.settle(30_000);
		expect(await pods()).toEqual([
			['web-0', '1/1', 'Running', '0'],
			['web-1', '1/1', 'Running', '0'],
		]);
		for (const i of [0, 1]) expect((await t.kubectl('exec', '-i', `web-${i}`, '--', 'curl', 'http://localhost/')).stdout).toBe(`web-${i}\n`);
	});

	it('scales up to 5 in order and down to 3 in reverse order, keeping all five claims', async () => {
		expect((await t.kubectl('scale', 'sts', 'web', '--replicas=5')).stdout).toBe('statefulset.apps/web scaled\n');
		t.settle(60_000);
		expect((await pods()).map(r => [r[0], r[2]])).toEqual([0, 1, 2, 3, 4].map(i => [`web-${i}`, 'Running']));
		expect((await t.kubectl('patch', 'sts', 'web', '-p', '{"spec":{"replicas":3}}')).stdout).toBe('statefulset.apps/web patched\n');
		t.settle(60_000);
		expect((await pods()).map(r => r[0])).toEqual(['web-0', 'web-1', 'web-2']);
		const deletes = (await t.kubectl('get', 'events', '--field-selector', 'involvedObject.kind=StatefulSet,reason=SuccessfulDelete', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}')).stdout.trim().split('\n');
		expect(deletes).toEqual(['delete Pod web-4 in StatefulSet web successful', 'delete Pod web-3 in StatefulSet web successful']);
		expect(rows((await t.kubectl('get', 'pvc', '-l', 'app=nginx')).stdout).slice(1).map(r => [r[0], r[1]])).toEqual([0, 1, 2, 3, 4].map(i => [`www-web-${i}`, 'Bound']));
	});

	it('RollingUpdate replaces the pods from the highest ordinal; a partition holds back the ordinals below it', async () => {
		expect((await t.kubectl('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate"}}}')).stdout).toBe('statefulset.apps/web patched (no change)\n');
		const patched = await t.kubectl('patch', 'statefulset', 'web', '--type=json', '-p=[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.8"}]');
		expect(patched.stdout).toBe('statefulset.apps/web patched\n');
		t.settle(120_000);
		const status = await t.kubectl('rollout', 'status', 'sts/web', '--watch=false');
		expect(status.stdout.trimEnd()).toBe('partitioned roll out complete: 3 new pods have been updated...');
		expect(await images(3)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.8'));

		expect((await t.kubectl('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}')).stdout).toBe('statefulset.apps/web patched\n');
		await t.kubectl('patch', 'statefulset', 'web', '--type=json', '-p=[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.7"}]');
		t.settle(30_000);
		expect(await images(3)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.8'));
		// a pod below the partition comes back at the current revision
		await t.kubectl('delete', 'pod', 'web-2', '--wait=false');
		t.settle(30_000);
		expect(await images(3)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.8'));
		// the canary: partition 2 rolls web-2 only
		expect((await t.kubectl('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}')).stdout).toBe('statefulset.apps/web patched\n');
		t.settle(30_000);
		expect(await images(3)).toEqual(['registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.7']);
		// a phased roll out: partition 0 takes the rest
		await t.kubectl('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}');
		t.settle(60_000);
		expect(await images(3)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.7'));
	});

	it('OnDelete leaves the pods alone until each is deleted', async () => {
		expect((await t.kubectl('patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}')).stdout).toBe('statefulset.apps/web patched\n');
		await t.kubectl('patch', 'statefulset', 'web', '--type=json', '-p=[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.8"}]');
		t.settle(30_000);
		expect(await images(3)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.7'));
		await t.kubectl('delete', 'pod', 'web-1', '--wait=false');
		t.settle(30_000);
		expect(await images(3)).toEqual(['registry.k8s.io/nginx-slim:0.7', 'registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.7']);
	});

	it('deleting the StatefulSet and its Service leaves the claims', async () => {
		await t.kubectl('delete', 'pod', 'dns-test', '--wait=false');
		expect((await t.kubectl('delete', '-f', `${EX}/application/web/web.yaml`)).stdout).toBe('service "nginx" deleted\nstatefulset.apps "web" deleted\n');
		t.settle(60_000);
		const left = await t.kubectl('get', 'pods', '-l', 'app=nginx');
		expect(left.stderr).toBe('No resources found in default namespace.\n');
		expect(rows((await t.kubectl('get', 'pvc', '-l', 'app=nginx')).stdout).length).toBe(6);
	});
});
