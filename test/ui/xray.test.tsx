import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

/** The tree lines of a frame, from the header row of the xray table to the breadcrumbs. */
function tree(frame: string): string[] {
	const lines = frame.split('\n');
	const from = lines.findIndex(l => /^ NAME\s+STATUS/.test(l)) + 1;
	return lines.slice(from).map(l => l.trimEnd()).filter(l => /^ \S|^ [│├└ ]/.test(l) && l.trim() && !l.includes(' > '));
}

describe(':xray', () => {
	it('draws a Deployment down to its containers and what its pods use', async () => {
		h = await start();
		await h.type(':xray deploy');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('xray deployments(default)[3]');
		const lines = tree(f);
		const web = lines.findIndex(l => l.startsWith(' deployment/web'));
		const pod = /pod\/(web-[a-z0-9]+-[a-z0-9]{5})/.exec(lines[web + 2]!)![1];
		expect(lines.slice(web, web + 6).map(l => l.replace(/web-[a-z0-9]+(-[a-z0-9]{5})?/g, 'W').replace(/\s+/g, ' '))).toEqual([
			' deployment/web ready 3/3',
			' └─ replicaset/W ready 3',
			' ├─ pod/W status Running',
			' │ ├─ container web nginx:1.27 Running',
			' │ ├─ configmap/shop-config',
			' │ └─ serviceaccount/default',
		]);
		expect(pod).toBe(h.cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).map(p => p.metadata.name).sort()[0]);
	});

	it('d describes the selected line; a use that does not exist is red and says not found', async () => {
		h = await start();
		h.cluster.apply(
			`apiVersion: v1
kind: Pod
metadata:
  name: lonely
spec:
  containers:
  - name: app
    image: nginx:1.27
    envFrom:
    - configMapRef:
        name: missing-config
`,
			'lonely.yaml',
		);
		await h.advance(5000);
		await h.type(':xray pod');
		let f = await h.press(KEYS.enter);
		const lines = tree(f);
		const at = lines.findIndex(l => l.startsWith(' pod/lonely'));
		expect(lines.slice(at, at + 4).map(l => l.replace(/\s+/g, ' '))).toEqual([
			' pod/lonely status CreateContainerConfigError',
			' ├─ container app nginx:1.27 CreateContainerConfigError',
			' ├─ configmap/missing-config not found',
			' └─ serviceaccount/default',
		]);
		for (let i = 0; i < at; i++) await h.press(KEYS.down);
		f = await h.press('d');
		expect(f).toMatch(/Name:\s+lonely/);
		await h.press(KEYS.esc);
		await h.press(KEYS.down);
		await h.press(KEYS.down);
		f = await h.press('d');
		expect(f).toContain('the selected line is not an object');
	});

	it('a Service stands over the pods it selects; :xray of a kind it does not draw says so', async () => {
		h = await start();
		await h.type(':xray svc');
		let f = await h.press(KEYS.enter);
		const lines = tree(f);
		const web = lines.findIndex(l => l.startsWith(' service/web'));
		const end = lines.findIndex((l, i) => i > web && /^ [a-z]/.test(l));
		const under = lines.slice(web + 1, end < 0 ? undefined : end);
		expect(under.filter(l => /^ [├└]─ pod\/web-[a-z0-9]+-[a-z0-9]{5}\s+status Running$/.test(l))).toHaveLength(3);
		await h.type(':xray cm');
		f = await h.press(KEYS.enter);
		expect(f).toContain('xray does not draw configmaps');
	});
});
