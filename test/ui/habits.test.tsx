// k9s habits: x decodes a Secret, shift-j jumps to the owner, /-f filters by fuzzy name,
// :aliases (ctrl-a) lists every command word, t taints a node and shift-l labels any object.
import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';

const CTRL_A = '\x01';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

/** The table rows of a frame: the lines between its title line and the breadcrumbs. */
function names(frame: string): string[] {
	return [...frame.matchAll(/^ ([a-z0-9][a-z0-9-]+)\s{2}/gm)].map(m => m[1]!);
}

describe('x on a Secret', () => {
	it('shows its data decoded, and esc goes back to the secrets', async () => {
		h = await start();
		await h.type(':secrets');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('<x>');
		f = await h.press('x');
		expect(f).toContain('REDIS_PASSWORD: s3cr3t-but-not-really');
		expect(f).toContain('secrets > decode secret/shop-secrets');
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/secrets\(default\)\[1\]/);
	});

	it('decodes base64 data and flags a value that is not text', async () => {
		h = await start();
		h.cluster.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ndata:\n  user: YWRtaW4=\n  blob: /w==\n', 'tls.yaml');
		await h.type(':secrets');
		await h.press(KEYS.enter);
		await h.type('/tls');
		await h.press(KEYS.enter);
		const f = await h.press('x');
		expect(f).toContain('blob: <binary data, 1 bytes>');
		expect(f).toContain('user: admin');
	});
});

describe('shift-j', () => {
	it('jumps from a web pod to its ReplicaSet, selected, then to the Deployment, and says when there is no owner', async () => {
		h = await start();
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('J');
		expect(f).toMatch(/replicasets\(default\)\[3\]/);
		expect(f).toContain('replicaset/web-6bbfdbfc94 owns pod/web-6bbfdbfc94-8wzks');
		// the pane follows the selection: the third row, the web ReplicaSet
		expect(f).toContain('Pods of replicaset/web-6bbfdbfc94 (3)');
		expect(f).toContain('pods > replicasets');
		f = await h.press('J');
		expect(f).toMatch(/deployments\(default\)\[3\]/);
		expect(f).toContain('Pods of deployment/web (3)');
		expect(f).toContain('deployment/web owns replicaset/web-6bbfdbfc94');
		f = await h.press('J');
		expect(f).toContain('deployment/web has no owner');
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/replicasets\(default\)\[3\]/);
	});

	it('jumps from a CronJob\'s Job to the CronJob, and from a static pod to its node', async () => {
		h = await start();
		await h.advance(40_000);
		await h.type(':jobs batch');
		await h.press(KEYS.enter);
		await h.type('/report');
		let f = await h.press(KEYS.enter);
		const job = /report-\d+/.exec(f)![0];
		f = await h.press('J');
		expect(f).toMatch(/cronjobs\(batch\)\[1\]/);
		expect(f).toContain(`cronjob/report owns job/${job}`);
		await h.type(':pods kube-system');
		await h.press(KEYS.enter);
		await h.type('/etcd');
		await h.press(KEYS.enter);
		f = await h.press('J');
		expect(f).toMatch(/nodes\(\)\[4\]/);
		expect(f).toContain('node/kubesim-control-plane owns pod/etcd-kubesim-control-plane');
		f = await h.press('d');
		expect(f).toMatch(/Name:\s+kubesim-control-plane/);
	});
});

describe('/-f fuzzy filter', () => {
	it('keeps the pods whose name matches fuzzily, best match first', async () => {
		h = await start();
		await h.type('/-f wb');
		let f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) \/-f wb\[3\]/);
		expect(names(f)).toEqual(['web-6bbfdbfc94-8wzks', 'web-6bbfdbfc94-zghhd', 'web-6bbfdbfc94-zps68']);
		// w6: the web pods start with w and match 6 sooner; api-...-tw6ts ranks after them
		await h.press(KEYS.esc);
		await h.type('/-f w6');
		f = await h.press(KEYS.enter);
		expect(names(f)).toEqual(['web-6bbfdbfc94-8wzks', 'web-6bbfdbfc94-zghhd', 'web-6bbfdbfc94-zps68', 'api-f67fffc54-tw6ts']);
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/pods\(default\)\[6\]/);
	});

	it('narrows as it is typed, the same as typed at once', async () => {
		h = await start();
		await h.press('/');
		let f = await h.type('-f');
		expect(f).toMatch(/pods\(default\) \/-f\[6\]/);
		f = await h.type(' w6');
		expect(names(f)).toEqual(['web-6bbfdbfc94-8wzks', 'web-6bbfdbfc94-zghhd', 'web-6bbfdbfc94-zps68', 'api-f67fffc54-tw6ts']);
		// z after the hash, at the start of a word, ranks above the z inside 8wzks
		f = await h.type('z');
		const typed = names(f);
		expect(typed).toEqual(['web-6bbfdbfc94-zghhd', 'web-6bbfdbfc94-zps68', 'web-6bbfdbfc94-8wzks']);
		await h.press(KEYS.enter, KEYS.esc);
		await h.type('/-f w6z');
		f = await h.press(KEYS.enter);
		expect(names(f)).toEqual(typed);
	});
});

describe(':aliases', () => {
	it('lists every command word with its kind; / filters; enter opens the view', async () => {
		h = await start();
		await h.type(':aliases');
		let f = await h.press(KEYS.enter);
		expect(f).toMatch(/aliases\[27\]/);
		expect(f).toMatch(/deployments\s+Deployment\s+apps\/v1\s+deployments, deployment, deploy, dp/);
		expect(f).toMatch(/pods\s+Pod\s+v1\s+pods, pod, po/);
		await h.type('/deploy');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/aliases \/deploy\[1\]/);
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/deployments\(default\)\[3\]/);
	});

	it('opens on ctrl-a; moves with j; -f ranks by the words; esc clears the filter, then goes back', async () => {
		h = await start();
		let f = await h.press(CTRL_A);
		expect(f).toContain('pods > aliases');
		await h.type('/-f sts');
		f = await h.press(KEYS.enter);
		expect(names(f)[0]).toBe('statefulsets');
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/aliases\[27\]/);
		await h.press('j', 'j');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/daemonsets\(default\)/);
		f = await h.press(CTRL_A);
		f = await h.press(KEYS.esc);
		expect(f).toMatch(/daemonsets\(default\)/);
	});
});

describe('taints and labels from keys', () => {
	it('t taints a node: new pods of a Deployment avoid it, describe shows it, key- takes it off', async () => {
		h = await start();
		await h.type(':no');
		await h.press(KEYS.enter);
		let f = await h.press('j');
		f = await h.press('t');
		expect(f).toContain('Taint node/kubesim-worker (key=value:NoSchedule, key:NoSchedule- or key- takes off, --overwrite):');
		await h.type('dedicated=gpu:NoSchedule');
		f = await h.press(KEYS.enter);
		expect(f).toContain('node/kubesim-worker tainted');
		const before = new Set(h.cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).map(p => p.metadata.name));
		await h.client.scale('Deployment', 'default', 'web', 7);
		await h.advance(30_000);
		const added = h.cluster.list('Pod', {namespace: 'default', labelSelector: 'app=web'}).filter(p => !before.has(p.metadata.name));
		expect(added).toHaveLength(4);
		expect(added.map(p => p.spec.nodeName).sort()).toEqual(['kubesim-worker2', 'kubesim-worker2', 'kubesim-worker3', 'kubesim-worker3']);
		f = await h.press('d');
		expect(f).toMatch(/Taints:\s+dedicated=gpu:NoSchedule/);
		await h.press(KEYS.esc);
		await h.press('t');
		await h.type('dedicated-');
		f = await h.press(KEYS.enter);
		expect(f).toContain('node/kubesim-worker untainted');
		expect(h.cluster.get('Node', undefined, 'kubesim-worker').spec?.taints).toBeUndefined();
	});

	it('a taint that does not parse, or is not there, is said on the flash line', async () => {
		h = await start();
		await h.type(':no');
		await h.press(KEYS.enter);
		await h.press('t');
		await h.type('dedicated=gpu');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('error: invalid taint spec: dedicated=gpu (want key=value:Effect, key:Effect- or key-)');
		await h.press('t');
		await h.type('dedicated:NoExecute-');
		f = await h.press(KEYS.enter);
		expect(f).toContain('error: taint "dedicated:NoExecute" not found');
	});

	it('shift-l labels the selected pod, or every marked one; --overwrite replaces; errors go to the flash line', async () => {
		h = await start();
		await h.type('/web');
		await h.press(KEYS.enter);
		let f = await h.press('L');
		expect(f).toContain('Label pod/web-6bbfdbfc94-8wzks (key=value, key- removes, --overwrite):');
		await h.type('team=shop');
		f = await h.press(KEYS.enter);
		expect(f).toContain('pod/web-6bbfdbfc94-8wzks labeled');
		expect(h.cluster.get('Pod', 'default', 'web-6bbfdbfc94-8wzks').metadata.labels?.team).toBe('shop');
		await h.press(' ', ' ');
		await h.press('L');
		await h.type('canary=yes');
		f = await h.press(KEYS.enter);
		expect(f).toContain('pod/web-6bbfdbfc94-8wzks labeled, pod/web-6bbfdbfc94-zghhd labeled');
		await h.press('L');
		await h.type('tier=backend');
		f = await h.press(KEYS.enter);
		expect(f).toContain("error: 'tier' already has a value (frontend), and --overwrite is false");
		await h.press('L');
		await h.type('tier=backend --overwrite');
		f = await h.press(KEYS.enter);
		expect(f).toContain('pod/web-6bbfdbfc94-8wzks labeled, pod/web-6bbfdbfc94-zghhd labeled');
		expect(h.cluster.get('Pod', 'default', 'web-6bbfdbfc94-zghhd').metadata.labels?.tier).toBe('backend');
		await h.press('L');
		await h.type('k=v=w');
		f = await h.press(KEYS.enter);
		expect(f).toContain('error: invalid label spec: k=v=w');
		await h.type(':pods canary=yes');
		f = await h.press(KEYS.enter);
		expect(f).toMatch(/pods\(default\) canary=yes\[2\]/);
	});

	it('shift-l labels a node, and describe shows the label', async () => {
		h = await start();
		await h.type(':no');
		await h.press(KEYS.enter);
		await h.press('G', 'L');
		await h.type('disk=ssd');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('node/kubesim-worker3 labeled');
		f = await h.press('d');
		expect(f).toMatch(/Labels:\s+beta\.kubernetes\.io\/arch=amd64/);
		expect(f).toMatch(/^\s+disk=ssd$/m);
	});

	it('read-only hides and ignores both keys', async () => {
		h = await start({readonly: true});
		await h.type(':no');
		await h.press(KEYS.enter);
		await h.press('t');
		let f = await h.press('L');
		expect(f).not.toContain('Taint node/');
		expect(f).not.toContain('Label node/');
		f = await h.press('?');
		expect(f).not.toContain('Taint (');
		expect(f).not.toContain('Label (');
	});
});
