// No key ends the dashboard: bad selectors, terminal reports, pastes, several keys in one read,
// resizes. Each of these ended the program once.
import {afterEach, describe, expect, it} from 'vitest';
import {fuzzScript} from './fuzz.js';
import {KeyReader} from '../../source/ui/input/keys.js';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;

describe('the dashboard survives what a user types', () => {
	it('a malformed label selector is a message on the flash line, and the table stays', async () => {
		h = await start();
		for (const selector of ['tier in frontend', '=web', 'app!', 'app=we b']) {
			await h.press('/');
			await h.type(`-l ${selector}`);
			const f = await h.press(KEYS.enter);
			expect(f).toContain('error: unable to parse requirement');
			expect(f).toMatch(/pods\(default\)\[\d+\]/);
		}
		await h.type(':pods !!!');
		let f = await h.press(KEYS.enter);
		expect(f).toContain("error: unable to parse requirement: found '!!!'");
		await h.type(':deploy');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/deployments\(default\)\[3\]/);
	});

	it('esc and an empty / take off a selector the user gave; a drill-down keeps its own', async () => {
		h = await start();
		await h.press('/');
		await h.type('-l app in (web)');
		let f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) app in \(web\)\[3\]/);
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/pods\(default\)\[\d+\]/);
		expect(f).not.toContain('app in (web)');
		await h.type(':pods app=web');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) app=web\[3\]/);
		await h.press('/');
		f = await h.press(KEYS.enter);
		expect(f).not.toContain('app=web[');
		// from a deployment to its pods: esc goes back rather than widening the list
		await h.type(':deploy');
		await h.press(KEYS.enter);
		await h.type('/web');
		await h.press(KEYS.enter);
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\)\[3\]/);
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/deployments\(default\)/);
	});

	it('the filter matches the row as shown: ^ anchors at the name, or at the namespace when that column shows', async () => {
		h = await start();
		await h.type('/^web');
		let f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) \/\^web\[3\]/);
		await h.press(KEYS.esc);
		await h.type('/^default');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) \/\^default\[0\]/);
		await h.press(KEYS.esc);
		await h.press('0');
		await h.type('/^default');
		f = await h.press(KEYS.enter);
		const all = /pods\(all\) \/\^default\[(\d+)\]/.exec(f);
		expect(Number(all?.[1])).toBe(h.cluster.list('Pod', {namespace: 'default'}).length);
	});

	it('terminal reports, mouse reports and function keys are not keys that end it', async () => {
		h = await start();
		for (const seq of ['\x1b[6n', '\x1b[12;40R', '\x1b[<0;10;5M', '\x1b[M !!', '\x1b[I', '\x1b]11;rgb:0/0/0\x07', '\x1b[15~', '\x1bOP', '\x1b[1;5A', '\x00', '\x1c']) {
			const f = await h.press(seq);
			expect(f).toMatch(/pods\(default\)\[\d+\]/);
		}
	});

	it('a bracketed paste is text in a prompt and nothing outside one', async () => {
		h = await start();
		let f = await h.press(PASTE(':deploy\r'));
		expect(f).toMatch(/pods\(default\)\[\d+\]/);
		await h.press(':');
		f = await h.press(PASTE('deploy'));
		expect(f).toContain(':deploy');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/deployments\(default\)\[3\]/);
	});

	it('several keys in one read are several keys', async () => {
		h = await start();
		let f = await h.press(':deploy\r');
		expect(f).toMatch(/deployments\(default\)\[3\]/);
		await h.press('/web\r');
		f = await h.press('s');
		expect(f).toContain('Scale deployment web to: 3');
		f = await h.press('\x7f\x7f\x7f7\r');
		expect(f).toContain('scaled deployment/web to 7');
		expect(h.cluster.get('Deployment', 'default', 'web').spec.replicas).toBe(7);
	});

	it('a picker shows its choices and the one chosen', async () => {
		h = await start();
		let f = await h.press('O');
		expect(f).toMatch(/Sort by: {2}NAME {2}READY {2}STATUS/);
		f = await h.press(KEYS.down);
		f = await h.press(KEYS.down);
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/STATUS[↑↓]/);
	});

	it('2,000 seeded keys and resizes from 20x5 to 250x80 never end it, and :pods works after', async () => {
		h = await start();
		const script = fuzzScript(20261201, 2000);
		let keys = 0;
		for (const step of script) {
			if ('resize' in step) await h.resize(...step.resize);
			else {
				keys += new KeyReader().push(step.keys).length;
				await h.press(step.keys);
			}
			expect(h.frame()).not.toContain('could not be drawn');
			expect(h.frame()).not.toMatch(/\n\s+at /);
		}
		expect(keys).toBeGreaterThanOrEqual(2000);
		await h.resize(160, 45);
		for (let i = 0; i < 4; i++) await h.press(KEYS.esc);
		// the keys may have switched namespace (a favourite, a namespace's enter): name it
		await h.type(':pods default');
		const f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\)\[\d+\]/);
	}, 240_000);
});

describe('k9s habits the dashboard keeps', () => {
	it('l on a pod with two containers offers the containers, and shows the one picked', async () => {
		h = await start();
		h.cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: app
    image: nginx:1.27
  - name: sidecar
    image: busybox:1.36
    command: ['sh', '-c', 'while true; do echo sidecar says hi; sleep 5; done']
`,
			'two.yaml',
		);
		await h.advance(20_000);
		await h.type('/two');
		await h.press(KEYS.enter);
		let f = await h.press('l');
		expect(f).toMatch(/Container: {2}app {2}sidecar/);
		expect(f).not.toContain('a container name must be specified');
		await h.press(KEYS.down);
		f = await h.press(KEYS.enter);
		expect(f).toContain('pod/two:sidecar');
		f = await h.advance(6000);
		expect(f).toContain('sidecar says hi');
	});
});

describe('k9s asks before it kills, restarts or undoes', () => {
	it('ctrl-k, r and u ask first; Cancel leaves things as they were', async () => {
		h = await start();
		await h.type('/redis');
		let f = await h.press(KEYS.enter);
		const name = /redis-[a-z0-9]+-[a-z0-9]{5}/.exec(f)![0];
		f = await h.press(KEYS.ctrlK);
		expect(f).toContain(`Kill pod ${name}?`);
		await h.press(KEYS.right);
		f = await h.press(KEYS.enter);
		expect(h.cluster.find('Pod', 'default', name)?.metadata.deletionTimestamp).toBeUndefined();
		f = await h.press(KEYS.ctrlK);
		f = await h.press(KEYS.enter);
		expect(f).toContain(`pod "${name}" killed`);
		await h.type(':deploy');
		await h.press(KEYS.enter);
		await h.type('/web');
		await h.press(KEYS.enter);
		f = await h.press('r');
		expect(f).toContain('Restart deployment web?');
		f = await h.press(KEYS.esc);
		expect(h.cluster.get('Deployment', 'default', 'web').spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
		await h.press('r');
		f = await h.press(KEYS.enter);
		expect(h.cluster.get('Deployment', 'default', 'web').spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
	});

	it('space marks rows and ctrl-\\ clears every mark', async () => {
		h = await start();
		await h.press(' ');
		let f = await h.press(' ');
		expect(f).toContain('(2 marked)');
		f = await h.press('\x1c');
		expect(f).not.toContain('marked)');
	});
});

describe('messages that tell the truth', () => {
	it(':deploy with a namespace that does not exist says so and stays; a later view clears the flash', async () => {
		h = await start();
		await h.type(':deploy bogus-ns');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('Error from server (NotFound): namespaces "bogus-ns" not found');
		expect(f).toMatch(/pods\(default\)/);
		await h.type(':deploy');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/deployments\(default\)\[3\]/);
		expect(f).not.toContain('bogus-ns');
	});

	it('d on the current revision says it is the current one; read-only history offers no roll back', async () => {
		h = await start({readonly: true});
		await h.type(':deploy');
		await h.press(KEYS.enter);
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('h');
		expect(f).toContain('rollout history (d: diff against current)');
		f = await h.press('d');
		expect(f).toContain('revision 1 is the current one');
		expect(f).not.toContain('diff 1..1');
	});
});
