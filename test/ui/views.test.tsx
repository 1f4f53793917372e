import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';
import {REVISION} from '../../source/cluster/core/templates.js';
import {LogBuffer, visibleLogLines} from '../../source/ui/views/LogsView.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const open = async (what: string) => {
	await h!.type(`:${what}`);
	return h!.press(KEYS.enter);
};

describe('dashboard views and keys', () => {
	it('nodes show roles, pods and usage bars; c cordons and u uncordons', async () => {
		h = await start();
		await open('no');
		let f = await h.press(KEYS.tab); // one pane: room for every column
		expect(f).toMatch(/nodes\(\)\[4\]/);
		expect(f).toMatch(/kubesim-control-plane\s+Ready\s+control-plane/);
		expect(f).toMatch(/PODS\s+CPU REQ\s+CPU USE\s+MEM REQ\s+MEM USE/);
		await h.type('/worker2');
		await h.press(KEYS.enter);
		f = await h.press('c');
		expect(f).toContain('node/kubesim-worker2 cordoned');
		expect(f).toMatch(/kubesim-worker2\s+Ready,SchedulingDisabled/);
		f = await h.press('u');
		expect(f).toMatch(/kubesim-worker2\s+Ready\s+<none>/);
	});

	it('x fails a node: NotReady after the grace period, and recovers', async () => {
		h = await start();
		await open('no');
		await h.press(KEYS.tab);
		await h.type('/worker3');
		await h.press(KEYS.enter);
		let f = await h.press('x');
		expect(f).toContain('node/kubesim-worker3 failed');
		f = await h.advance(70_000);
		expect(f).toMatch(/kubesim-worker3\s+NotReady/);
		f = await h.press('x');
		expect(f).toContain('node/kubesim-worker3 recovered');
		f = await h.advance(10_000);
		expect(f).toMatch(/kubesim-worker3\s+Ready/);
	});

	it('ctrl-w shows the wide columns; shift-n sorts; 0 shows all namespaces; 1-9 favourites', async () => {
		h = await start();
		let f = await open('deploy');
		expect(f).not.toContain('SELECTOR');
		f = await h.press(KEYS.ctrlW);
		expect(f).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
		f = await h.press('N');
		expect(f).toContain('NAME↓');
		const rows = f.split('\n').filter(l => /^\s*(web|api|redis)\s/.test(l)).map(l => l.trim().split(/\s+/)[0]);
		expect(rows).toEqual(['web', 'redis', 'api']);
		await h.press(KEYS.ctrlW);
		f = await h.press('0');
		expect(f).toMatch(/deployments\(all\)\[4\]/);
		expect(f).toMatch(/NAMESPACE\s+NAME/);
		expect(f).toMatch(/kube-system\s+coredns/);
		f = await h.press('2');
		expect(f).toMatch(/deployments\(kube-system\)\[1\]/);
	});

	it(':pods kube-system and :pods app=web filter by namespace and label', async () => {
		h = await start();
		let f = await open('pods kube-system');
		expect(f).toMatch(/pods\(kube-system\)/);
		expect(f).toContain('etcd-kubesim-control-plane');
		expect(f).toMatch(/kube-proxy-[a-z0-9]{5}/);
		f = await open('po app=web default');
		expect(f).toMatch(/pods\(default\) app=web\[3\]/);
		expect(f).not.toMatch(/api-[a-z0-9]+-[a-z0-9]{5}/);
	});

	it('the command prompt completes with tab and reports unknown commands', async () => {
		h = await start();
		let f = await h.type(':dep');
		expect(f).toContain(':deploy');
		await h.press(KEYS.tab);
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/deployments\(default\)/);
		await h.type(':nope');
		f = await h.press(KEYS.enter);
		expect(f).toContain('`nope` command not found');
	});

	it('enter drills from a deployment to its pods and esc comes back; tab cycles layouts', async () => {
		h = await start();
		await open('deploy');
		await h.type('/api');
		await h.press(KEYS.enter);
		let f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\)\[2\]/);
		expect(f).toContain('deployment/api');
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/deployments\(default\)/);
		expect(f).toContain('Pods of deployment/api (2)');
		f = await h.press(KEYS.tab);
		expect(f).not.toContain('Pods of deployment/api');
		f = await h.press(KEYS.tab);
		expect(f).toMatch(/Nodes\s/);
		expect(f).toContain('Events');
	});

	it('the HPA pane charts utilization and replicas; traffic keys on a Service drive it', async () => {
		h = await start();
		let f = await open('svc');
		// each Service's row shows the load the simulator sends through it
		expect(f).toMatch(/NAME↑?\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+TRAFFIC/);
		expect(f).toMatch(/api\s+ClusterIP\s+\S+\s+<none>\s+5678\/TCP\s+\S+\s+60 rps/);
		await h.type('/api');
		await h.press(KEYS.enter);
		for (let i = 0; i < 20; i++) f = await h.press('+');
		expect(f).toContain('service/api traffic set to 460 rps');
		expect(f).toMatch(/api\s+ClusterIP.*460 rps/);
		await h.advance(120_000);
		f = await open('hpa');
		// 460 rps at 0.3m each is 69% of 2 pods' requests: ceil(2 * 69 / 50) = 3 pods, at 44% with the scrape's jitter
		expect(f).toMatch(/api\s+Deployment\/api\s+cpu: 44%\/50%\s+2\s+10\s+3\s/);
		expect(f).toContain('CPU utilization vs target 50%');
		expect(f).toContain('New size: 3; reason: cpu resource utilization');
		expect(h.cluster.get('Deployment', 'default', 'api').spec.replicas).toBe(3);
	});

	it('h lists the rollout history; enter rolls back to the selected revision; d diffs', async () => {
		h = await start();
		h.cluster.setImage('Deployment', 'default', 'web', 'web', 'nginx:1.28');
		await h.advance(60_000);
		await open('deploy');
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('h');
		expect(f).toMatch(/REVISION\s+CHANGE-CAUSE\s+IMAGES/);
		expect(f).toMatch(/1\s+initial release with nginx 1\.27\s+nginx:1\.27/);
		expect(f).toMatch(/2\s+.*nginx:1\.28/);
		f = await h.press('k');
		f = await h.press('d');
		expect(f).toContain('-       image: nginx:1.27');
		expect(f).toContain('+       image: nginx:1.28');
		await h.press(KEYS.esc);
		f = await h.press(KEYS.enter);
		expect(f).toContain('deployment.apps/web rolled back');
		await h.advance(60_000);
		expect(h.cluster.get('Deployment', 'default', 'web').spec.template.spec.containers[0].image).toBe('nginx:1.27');
	});

	it('space marks rows and ctrl-d deletes every marked one', async () => {
		h = await start();
		await open('pods app=web');
		await h.press(' ');
		let f = await h.press(' ');
		expect(f).toContain('(2 marked)');
		f = await h.press(KEYS.ctrlD);
		expect(f).toContain('Delete 2 pods?');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pod "web-[a-z0-9-]+" deleted, pod "web-[a-z0-9-]+" deleted/);
	});

	it('pauses, speeds up and steps simulated time', async () => {
		h = await start();
		let f = await h.press(KEYS.ctrlP);
		expect(f).toContain('simulated time running at 1x');
		f = await h.press('>');
		expect(f).toContain('simulated time at 2x');
		for (let i = 0; i < 6; i++) f = await h.press('>');
		expect(f).toContain('simulated time at 100x');
		f = await h.press(KEYS.ctrlP);
		expect(f).toContain('paused');
		const before = h.cluster.elapsed();
		f = await h.press('.');
		expect(h.cluster.elapsed() - before).toBe(1000);
	});

	it('logs: timestamps, wrap and autoscroll toggles; p for the previous container', async () => {
		h = await start();
		await open('pods app=web');
		let f = await h.press('l');
		expect(f).toContain('autoscroll:on');
		f = await h.press('t');
		expect(f).toMatch(/timestamps:on/);
		expect(f).toMatch(/2025-01-06T09:00:\d\d\.\d{9}Z /);
		f = await h.press('s');
		expect(f).toContain('autoscroll:off');
		f = await h.press('w');
		expect(f).toContain('wrap:on');
		f = await h.press('p');
		expect(f).toContain('previous terminated container "web"');
	});

	it('a Deployment\'s logs merge its pods with a prefix', async () => {
		h = await start();
		await open('deploy');
		await h.type('/web');
		await h.press(KEYS.enter);
		await h.press('l');
		const prefixes = (f: string) => new Set([...f.matchAll(/\[(web-[a-z0-9]+-[a-z0-9]{5})\]/g)].map(m => m[1]));
		// the log view shows new lines on its refresh timer; web has 3 replicas
		const f = await h.waitFor('lines of all 3 web pods', f => prefixes(f).size === 3);
		const pods = h.cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).map(p => p.metadata.name);
		expect([...prefixes(f)].sort()).toEqual(pods.sort());
	});

	it('works in an 80x24 terminal and without colour', async () => {
		process.env.NO_COLOR = '1';
		try {
			h = await start({width: 80, height: 24});
			const f = h.frame();
			const lines = f.split('\n');
			// bounds, not values: the frame must fit the terminal, whatever the layout makes of the space
			expect(lines.length).toBeLessThanOrEqual(23);
			expect(lines.every(l => l.length <= 80)).toBe(true);
			expect(f).toMatch(/pods\(default\)\[\d+\]/);
			expect(f).not.toMatch(/\x1b\[3\dm/);
		} finally {
			delete process.env.NO_COLOR;
		}
	});

	it('drill into a pod lists its containers', async () => {
		h = await start();
		await open('pods app=api');
		const f = await h.press(KEYS.enter);
		expect(f).toMatch(/containers of pod\/api-/);
		expect(f).toMatch(/api\s+hashicorp\/http-echo:1\.0\s+true\s+Running\s+0/);
	});
});

describe('rollout progress', () => {
	it('shows updated/ready/available and the new and old ReplicaSets while a rollout runs', async () => {
		h = await start();
		await open('deploy');
		await h.type('/web');
		await h.press(KEYS.enter);
		h.cluster.setImage('Deployment', 'default', 'web', 'web', 'nginx:1.28');
		await h.press(KEYS.tab); // one pane: the whole line fits
		const f = await h.advance(500);
		expect(f).toMatch(/rollout: \d updated, \d ready, \d available of 3 \| web-[a-z0-9]+ \d\/\d, web-[a-z0-9]+ \(new\) \d\/\d/);
		h.unmount();
		h = undefined;
	});
});

describe('log lines on screen', () => {
	const state = {follow: true, wrap: true, timestamps: false, filter: '', offset: 0, previous: false};
	function buffer(lengths: number[]): LogBuffer {
		const b = new LogBuffer(1000);
		lengths.forEach((n, i) => b.push({pod: 'p', time: '', text: `${i}:`.padEnd(n, 'x')}));
		return b;
	}

	it('with wrap on, the newest line is the last row, as with wrap off', () => {
		// 20 lines, every third one three rows long at width 40
		const b = buffer(Array.from({length: 20}, (_, i) => (i % 3 === 0 ? 100 : 10)));
		const wrapped = visibleLogLines(b, state, 10, 40);
		const plain = visibleLogLines(b, {...state, wrap: false}, 10, 40);
		expect(wrapped.lines.at(-1)!.text.startsWith('19:')).toBe(true);
		expect(plain.lines.at(-1)!.text.startsWith('19:')).toBe(true);
		// rows from the newest back: 19(1) 18(3) 17(1) 16(1) 15(3) 14(1) fill the 10 rows
		expect(wrapped.lines.map(l => l.text.split(':')[0])).toEqual(['14', '15', '16', '17', '18', '19']);
		expect(wrapped.start).toBe(14);
	});

	it('scrolled back with wrap on, the window starts at the offset and fills the height', () => {
		const b = buffer(Array.from({length: 20}, () => 100));
		const shown = visibleLogLines(b, {...state, follow: false, offset: 5}, 10, 40);
		expect(shown.lines.map(l => l.text.split(':')[0])).toEqual(['5', '6', '7']);
	});
});
