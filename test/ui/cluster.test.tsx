// `:cluster` on the dashboard: the control plane diagram with its counters, the nodes' agents,
// the selected component's recent actions and the causal chains, at 100x30 and 80x24, in English
// and Japanese, each line within the terminal and each section on lines of its own; moving the
// selection changes whose actions are shown; on a client without the simulator it says so.
import {afterEach, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {setLanguage, t} from '../../source/i18n/index.js';
import type {ClusterClient} from '../../source/client/types.js';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});

const lines = (frame: string) => frame.split('\n');

/** Every line within the width, the frame within the height, and each text at the start of a line of its own, in order. */
function laidOut(frame: string, width: number, height: number, sections: string[]) {
	expect(lines(frame).filter(l => stringWidth(l) > width)).toEqual([]);
	expect(lines(frame).length).toBeLessThanOrEqual(height - 1);
	const at = sections.map(s => lines(frame).findIndex(l => l.startsWith(s)));
	expect(at.every(i => i >= 0), `${sections.filter((_, i) => at[i]! < 0).join(' | ')} in\n${frame}`).toBe(true);
	expect([...at].sort((a, b) => a - b)).toEqual(at);
	expect(new Set(at).size).toBe(at.length);
}

async function open(width: number, height: number, language: 'en' | 'ja') {
	setLanguage(language);
	h = await start({width, height});
	h.cluster.scale('Deployment', 'default', 'web', 5);
	await h.type(':cluster');
	await h.press(KEYS.enter);
	return h.advance(1000);
}

describe(':cluster', () => {
	for (const [width, height] of [[100, 30], [80, 24]] as const)
		for (const language of ['en', 'ja'] as const)
			it(`draws the control plane, the nodes, actions and chains at ${width}x${height} in ${language}, nothing overlapping`, async () => {
				const f = await open(width, height, language);
				const name = h!.cluster.name;
				laidOut(f, width, height, [
					t('screen.cluster.title', {name, window: 10}).slice(0, 20),
					'kubectl ──▶ kube-apiserver ──▶ etcd',
					'▸ kube-apiserver',
					'      GET ',
					'  ├─ etcd',
					'  ├─ kube-scheduler',
					'  ├─ kube-controller-manager',
					'  └─ cloud-controller-manager',
					t('screen.cluster.nodes', {count: 4}),
					'    kubesim-control-plane',
					t('screen.cluster.actions', {component: 'kube-apiserver', toggle: t('screen.cluster.more')}).slice(0, 20),
					t('screen.cluster.chains'),
				]);
				// the counters are the simulator's own
				const status = h!.client.sim.controlPlane([]);
				expect(f).toContain(t('screen.cluster.writes', {rate: status.writes.rate.toFixed(1).replace(/\.0$/, ''), rv: status.resourceVersion}).slice(0, 12));
				expect(f).toMatch(/GET \d+(\.\d)? {2}LIST \d+(\.\d)? {2}WATCH \d/);
				// the scale-up's chain, as much of it as the width holds
				expect(f).toContain(`• ${t('screen.cluster.chain.scaled', {target: 'deployment/web', replicas: 5})}`);
				// the crumbs stay on the last line, below the view
				expect(lines(f).filter(Boolean).at(-1)).toMatch(/cluster|クラスター/);
			});

	it('moves the selection with j/k and the arrows, and shows the chosen component\'s recent actions', async () => {
		let f = await open(100, 30, 'en');
		expect(f).toContain('Recent actions of kube-apiserver (enter: more)');
		f = await h!.press('j');
		expect(f).toContain('▸ ├─ etcd');
		expect(f).toContain('Recent actions of etcd (enter: more)');
		expect(lines(f).find(l => l.startsWith('  rv '))).toMatch(/^ {2}rv \d+ (PUT|DELETE) \/registry\//);
		f = await h!.press(KEYS.down);
		expect(f).toContain('Recent actions of kube-scheduler');
		expect(f).toMatch(/ {2}Scheduled pod\/web-/);
		f = await h!.press(KEYS.down, KEYS.down, KEYS.down);
		// past the control plane: the first node's kubelet
		expect(f).toContain('▸   kubesim-control-plane');
		expect(f).toContain('Recent actions of kubelet (kubesim-control-plane)');
		f = await h!.press(KEYS.up);
		expect(f).toContain('Recent actions of cloud-controller-manager');
		// enter gives the actions the room of the chains; esc takes it back, then leaves
		f = await h!.press(KEYS.enter);
		expect(f).toContain('(enter: less)');
		expect(f).not.toContain('Latest causal chains');
		f = await h!.press(KEYS.esc);
		expect(f).toContain('Latest causal chains');
		f = await h!.press(KEYS.esc);
		expect(f).not.toContain('Latest causal chains');
		// every other key does nothing harmful
		await h!.type(':cluster');
		f = await h!.press(KEYS.enter);
		for (const k of ['G', 'g', KEYS.pgdn, KEYS.pgup, 'x', 'q', KEYS.left, KEYS.right, KEYS.tab]) f = await h!.press(k);
		expect(lines(f).filter(l => stringWidth(l) > 100)).toEqual([]);
		// help lists the view's key under its own heading
		f = await h!.press('?');
		expect(f).toContain('CLUSTER');
		expect(f).toContain('Show more or fewer recent actions of the selected component');
	});

	it('says the control plane is managed on the eks profile, and still counts what the simulator runs', async () => {
		h = await start({width: 100, height: 30, cluster: {profile: 'eks'}});
		await h.type(':cluster');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('managed by AWS (EKS): it runs outside the cluster');
		expect(f).toMatch(/└─ cloud-controller-manager +\d+(\.\d)? reconciles\/s/);
		expect(f).toMatch(/ip-192-168-[\d-]+\.ec2\.internal +kubelet \d+ pods/);
	});

	it('on a cluster without the simulator, says the counters are the simulator\'s and still draws the rest', async () => {
		h = await start({width: 100, height: 30});
		// the same cluster seen as a client without the simulator's powers (a kubeconfig context)
		const embedded = h.client;
		const real: ClusterClient = Object.assign(Object.create(Object.getPrototypeOf(embedded)), embedded, {sim: undefined});
		real.info = () => ({name: 'kind-kind', kind: 'context', version: 'v1.32.2', server: 'https://127.0.0.1:6443'});
		h.unmount();
		h = await start({width: 100, height: 30, app: {client: real}});
		await h.type(':cluster');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('cluster(kind-kind): the control plane as the API shows it');
		expect(f).toContain('Counters are only available for the simulator');
		expect(f).toMatch(/kubesim-worker +kubelet v1\.32\.2 · kube-proxy Running · containerd \d+ running/);
		expect(f).toContain('Latest causal chains');
		expect(f).not.toContain('requests/s');
	});
});
