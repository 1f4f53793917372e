// `w` (why?): a plain diagnosis of the selected object from the cluster's state, in the user's
// language, with Kubernetes' own words quoted as Kubernetes writes them.
import {afterEach, describe, expect, it} from 'vitest';
import {setLanguage} from '../../source/i18n/index.js';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});

/** Opens a kind's table on the rows matching `filter` and presses w on the first. */
async function why(h: Harness, command: string, filter: string): Promise<string> {
	await h.press(':');
	await h.type(command);
	await h.press(KEYS.enter);
	await h.press('/');
	await h.type(filter);
	await h.press(KEYS.enter);
	return h.press('w');
}

const HUNGRY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: hungry, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: hungry}}
  template:
    metadata: {labels: {app: hungry}}
    spec:
      containers:
      - name: main
        image: nginx:1.27
        resources: {requests: {cpu: "64", memory: 64Mi}}
`;

describe('w on a pod', () => {
	it('a Pending pod: each node and why it said no, what the pod asks against the most room left, and what would fix it', async () => {
		h = await start({width: 160, height: 50});
		h.cluster.apply(HUNGRY);
		await h.advance(5_000);
		const f = await why(h, 'pods', 'hungry');
		expect(f).toContain('✗ No node can take this pod, so it stays Pending. Each node said no for the reason beside it:');
		expect(f).toContain('    kubesim-control-plane: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
		expect(f).toMatch(/ {4}kubesim-worker: Insufficient cpu\n/);
		expect(f).toContain('    kubesim-worker2: Insufficient cpu');
		expect(f).toContain('    kubesim-worker3: Insufficient cpu');
		expect(f).toContain("→ Lower the pod's requests, make room by scaling something down, or add a node.");
		expect(f).toContain('→ Give the pod a toleration for the taint, or take the taint off the node (t on :nodes).');
		// 4 CPUs less the demo's requests on the emptiest worker
		expect(f).toContain('· The pod asks for 64 CPU and 64Mi of memory; the most any node has left is 3800m CPU and 16288Mi of memory.');
		expect(f).toContain('why pod/hungry-');
	});

	it('an image that cannot be pulled, a missing ConfigMap, a crash loop with its exit code, last lines and back-off', async () => {
		h = await start({width: 200, height: 50});
		h.cluster.apply(`apiVersion: v1
kind: Pod
metadata: {name: badtag, namespace: default}
spec:
  containers: [{name: web, image: "nginx:0.0.404"}]
---
apiVersion: v1
kind: Pod
metadata: {name: noconfig, namespace: default}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, "3600"]
    env: [{name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: mode}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: crasher, namespace: default}
spec:
  containers:
  - name: job
    image: busybox:1.36
    command: [sh, -c, "echo starting up; echo giving up; exit 3"]
`);
		await h.advance(60_000);
		let f = await why(h, 'pods', 'badtag');
		expect(f).toContain('✗ The image nginx:0.0.404 of container web cannot be pulled, so the container never starts.');
		expect(f).toMatch(/Back-off pulling image "nginx:0\.0\.404"/);
		expect(f).toContain('→ Check the image name and tag');
		expect(f).toContain('· The released tags nearest to it:');
		expect(f).toContain('    nginx:1.7\n    nginx:1.8');
		await h.press(KEYS.esc);
		f = await why(h, 'pods', 'noconfig');
		expect(f).toContain('✗ Container app cannot be created: it reads a ConfigMap or Secret (or a key of one) that is not there.');
		expect(f).toContain('    configmap "settings" not found');
		await h.press(KEYS.esc);
		f = await why(h, 'pods', 'crasher');
		// exits at 0 s, restarts at once, then after 10 s and 20 s; the third exit waits 40 s
		expect(f).toContain('✗ Container job keeps exiting (exit code 3 Error), and the kubelet waits longer before each restart (CrashLoopBackOff). It has restarted 3 times; the next try is in about 10s.');
		expect(f).toMatch(/back-off 40s restarting failed container=job pod=crasher_default\(/);
		expect(f).toContain('· The last lines container job wrote before it exited:');
		expect(f).toContain('    starting up');
		expect(f).toContain('    giving up');
		expect(f).toContain('→ Read its logs (p shows the previous container\'s) and fix the command, its arguments or its configuration.');
	});

	it('a running pod with every container Ready has nothing wrong', async () => {
		h = await start({width: 160});
		const f = await why(h, 'pods', 'redis');
		expect(f).toMatch(/✓ The pod runs on kubesim-worker\d? and every container is Ready\./);
	});
});

describe('w on other kinds', () => {
	it('a Service whose selector picks no pod shows the selector beside the pods\' labels', async () => {
		h = await start({width: 160, height: 50});
		h.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: typo, namespace: default}
spec:
  selector: {app: wbe}
  ports: [{port: 80}]
`);
		await h.advance(2_000);
		const f = await why(h, 'svc', 'typo');
		expect(f).toMatch(/✗ No pod in the namespace has every label of the selector app=wbe, so the Service has no endpoints\./);
		expect(f).toContain('    selector: app=wbe');
		expect(f).toMatch(/ {4}pod\/web-[a-z0-9]+-[a-z0-9]{5}: app=web,/);
		expect(f).toContain("→ Make the selector and the pod template's labels agree (e edits either).");
	});

	it('a failed node: when its kubelet last reported and when its pods are evicted', async () => {
		h = await start({width: 160, height: 50});
		h.cluster.failNode('kubesim-worker2');
		await h.advance(60_000);
		const f = await why(h, 'nodes', 'worker2');
		// renewed every 10 s: last at 20 s of cluster time; failed at 30 s; 60 s on
		expect(f).toMatch(/✗ The node is not Ready: its kubelet last reported (\d+)s ago\./);
		const ago = Number(/last reported (\d+)s ago/.exec(f)![1]);
		const evict = Number(/evicted in about (\d+)s/.exec(f)![1]);
		expect(ago).toBe(70);
		// 300 s after the node lifecycle controller tainted the node unreachable
		const taint = h.cluster.get('Node', undefined, 'kubesim-worker2').spec!.taints!.find(t => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute')!;
		expect(evict).toBe((Date.parse(taint.timeAdded!) + 300_000 - h.cluster.now()) / 1000);
		expect(evict).toBe(285);
		expect(f).toContain("when their 300s toleration of the node's taint runs out");
		expect(f).toContain('    Ready=Unknown: NodeStatusUnknown Kubelet stopped posting node status.');
	});

	it('shift-w in describe opens the same diagnosis', async () => {
		h = await start({width: 160, height: 50});
		h.cluster.apply(HUNGRY);
		await h.advance(5_000);
		await why(h, 'pods', 'hungry');
		await h.press(KEYS.esc);
		let f = await h.press('d');
		expect(f).toContain('Events:');
		f = await h.press('W');
		expect(f).toContain('✗ No node can take this pod');
	});

	it('speaks Japanese and keeps what Kubernetes says in English', async () => {
		setLanguage('ja');
		h = await start({width: 160, height: 50});
		h.cluster.apply(HUNGRY);
		await h.advance(5_000);
		const f = await why(h, 'pods', 'hungry');
		expect(f).toContain('✗ この Pod を受け入れられるノードがないので、Pending のまま。');
		expect(f).toContain('    kubesim-worker2: Insufficient cpu');
		expect(f).toContain('直すには:');
	});
});
