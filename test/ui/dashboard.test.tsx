import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

describe('dashboard', () => {
	it('opens on the pods of the default namespace with the header and hints', async () => {
		h = await start();
		const f = h.frame();
		expect(f).toContain('Cluster: kubesim');
		expect(f).toContain('v1.32.2');
		expect(f).toMatch(/pods\(default\)\[\d+\]/);
		expect(f).toMatch(/NAME↑?\s+READY\s+STATUS\s+RESTARTS\s+IP\s+NODE\s+AGE/);
		expect(f).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
		expect(f).toContain('<:>');
		expect(f).toContain('(paused)');
	});

	it(':svc switches view and :deploy shows deployments', async () => {
		h = await start();
		let f = await h.type(':svc');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/services\(default\)/);
		expect(f).toMatch(/NAME↑?\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
		expect(f).toMatch(/web\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+172\.18\.255\.\d+\s+80:3\d{4}\/TCP/);
		await h.type(':dp');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/deployments\(default\)\[3\]/);
		expect(f).toMatch(/web\s+3\/3\s+3\s+3/);
	});

	it('scales a deployment to 5 and shows 5 pods', async () => {
		h = await start();
		await h.type(':deploy');
		await h.press(KEYS.enter);
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('s');
		expect(f).toContain('Scale deployment web to: 3');
		await h.press(KEYS.backspace);
		await h.type('5');
		f = await h.press(KEYS.enter);
		expect(f).toContain('scaled deployment/web to 5');
		await h.advance(20_000);
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\)\[5\]/);
		expect(f.match(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/g)).toHaveLength(5);
	});

	it('deletes a pod with the confirm dialog and shows its replacement', async () => {
		h = await start();
		await h.type('/redis');
		let f = await h.press(KEYS.enter);
		const name = /redis-[a-z0-9]+-[a-z0-9]{5}/.exec(f)![0];
		f = await h.press(KEYS.ctrlD);
		expect(f).toContain(`Delete pod ${name}?`);
		f = await h.press(KEYS.enter);
		expect(f).toContain(`pod "${name}" deleted`);
		await h.advance(40_000);
		f = h.frame();
		const table = f.split('\n').slice(6, -2).join('\n');
		expect(table).not.toContain(name);
		expect(f).toMatch(/redis-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
	});

	it('sets an image, then u restores the previous one', async () => {
		h = await start();
		await h.type(':deploy');
		await h.press(KEYS.enter);
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('i');
		expect(f).toContain('Image for container web: nginx:1.27');
		for (let i = 0; i < 4; i++) await h.press(KEYS.backspace);
		await h.type('1.28');
		f = await h.press(KEYS.enter);
		expect(f).toContain('container web image set to nginx:1.28');
		await h.advance(60_000);
		expect(h.cluster.get('Deployment', 'default', 'web').spec.template.spec.containers[0].image).toBe('nginx:1.28');
		f = await h.press('u');
		expect(f).toContain('Undo deployment web to its previous revision?');
		expect(h.cluster.get('Deployment', 'default', 'web').spec.template.spec.containers[0]!.image).toBe('nginx:1.28');
		f = await h.press(KEYS.enter);
		expect(f).toContain('deployment.apps/web rolled back');
		await h.advance(60_000);
		expect(h.cluster.get('Deployment', 'default', 'web').spec.template.spec.containers[0].image).toBe('nginx:1.27');
		f = await h.press(KEYS.enter);
		expect(f.match(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/g)!.length).toBe(3);
	});

	it('l shows log lines of a pod, and / filters them', async () => {
		h = await start();
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('l');
		expect(f).toMatch(/Logs pod\/web-/);
		// the log view shows new lines on its refresh timer
		f = await h.waitFor('access-log lines', f => /"GET \/\S* HTTP\/1\.1"/.test(f));
		await h.type('/favicon');
		f = await h.press(KEYS.enter);
		expect(f).toContain('/favicon');
		expect(f).not.toMatch(/"GET \/index\.html/);
	});

	it('/ filters rows, with ! for inverse', async () => {
		h = await start();
		let f = await h.type('/redis');
		expect(f).toMatch(/pods\(default\) \/redis\[1\]/);
		await h.press(KEYS.enter);
		f = await h.press(KEYS.esc);
		expect(f).not.toContain('/redis[');
		await h.type('/!web');
		f = await h.press(KEYS.enter);
		expect(f).not.toMatch(/web-[a-z0-9]+-[a-z0-9]{5}/);
		expect(f).toMatch(/api-[a-z0-9]+-[a-z0-9]{5}/);
	});

	it('read-only hides the mutating keys and ignores them', async () => {
		h = await start({readonly: true});
		await h.type(':deploy');
		let f = await h.press(KEYS.enter);
		expect(f).not.toContain('<s>');
		expect(f).not.toContain('<ctrl-d>');
		expect(f).toContain('read-only');
		f = await h.press('s');
		expect(f).not.toContain('Scale deployment');
		f = await h.press(KEYS.ctrlD);
		expect(f).not.toContain('Delete deployment');
	});

	it('describe and yaml of the selected row, esc goes back', async () => {
		h = await start();
		await h.type('/redis');
		await h.press(KEYS.enter);
		let f = await h.press('d');
		expect(f).toMatch(/Name:\s+redis-/);
		expect(f).toMatch(/Controlled By:\s+ReplicaSet\/redis-/);
		await h.type('/Events');
		f = await h.press(KEYS.enter);
		expect(f).toContain('Events:');
		expect(f).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/redis-/);
		f = await h.press(KEYS.esc); // clears the search
		f = await h.press(KEYS.esc); // back to the table
		f = await h.press('y');
		expect(f).toContain('apiVersion: v1');
		expect(f).toContain('kind: Pod');
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/pods\(default\)/);
	});

	it('a key the view does not know does nothing, and ? lists the keys', async () => {
		h = await start();
		const before = h.frame();
		const f = await h.press('Z');
		expect(f.split('\n').slice(6).join('\n')).toBe(before.split('\n').slice(6).join('\n'));
		const help = await h.press('?');
		expect(help).toContain('Help');
		expect(help).toContain('<ctrl-d>');
		expect(help).toContain('Logs');
	});
});
