// :nodegroups and :cost on the eks profile: the node groups with their sizes, keys that change
// them, the autoscaler's decisions, and the bill in the header and its own view.
import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';
import {setLanguage} from '../../source/i18n/index.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h?.client.close();
	h = undefined;
	setLanguage('en');
});

const row = (frame: string, name: string) => frame.split('\n').find(l => l.includes(name) && l.includes('m5.large'))?.replace(/\s+/g, ' ').trim();

describe(':nodegroups', () => {
	it('lists the group; + adds a node that joins after its delay; l changes the limits', async () => {
		h = await start({cluster: {profile: 'eks', manifests: []}});
		await h.type(':nodegroups');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('nodegroups[1]');
		expect(f).toMatch(/NAME\s+INSTANCE-TYPE\s+DESIRED\s+MIN\s+MAX\s+READY\s+STATUS/);
		expect(row(f, 'ng-general')).toContain('ng-general m5.large 2 2 6 2/2 Active');
		f = await h.press('+');
		expect(f).toContain('node group ng-general: desired size 3');
		expect(row(f, 'ng-general')).toContain('ng-general m5.large 3 2 6 2/3 Scaling');
		f = await h.advance(89_000);
		expect(row(f, 'ng-general')).toContain('2/3 Scaling');
		f = await h.advance(1000);
		expect(row(f, 'ng-general')).toContain('ng-general m5.large 3 2 6 3/3 Active');
		f = await h.press('l');
		expect(f).toContain('Min and max of ng-general (e.g. 2 6): 2 6');
		await h.press('\x15');
		await h.type('1 9');
		f = await h.press(KEYS.enter);
		expect(f).toContain('node group ng-general: min 1, max 9');
		expect(row(f, 'ng-general')).toContain('ng-general m5.large 3 1 9 3/3 Active');
		f = await h.press('s');
		await h.press('\x15');
		await h.type('many');
		f = await h.press(KEYS.enter);
		expect(f).toContain('not a size: "many" (a whole number)');
	});

	it('shows the autoscaler decisions after a burst of pending pods', async () => {
		h = await start({cluster: {profile: 'eks', manifests: []}});
		h.cluster.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: burst}
spec:
  replicas: 20
  selector: {matchLabels: {app: burst}}
  template:
    metadata: {labels: {app: burst}}
    spec:
      containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: 400m}}}]
`);
		await h.advance(10_000);
		await h.type(':ng');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('Cluster Autoscaler: latest decisions (it scans every 10 s)');
		expect(f).toMatch(/ScaleUp\s+setting group ng-general size to \d instead of 2 \(max: 6\) for \d+ pod\(s\)/);
	});

	it('on the kind profile there is nothing to show: it says how to get one', async () => {
		h = await start();
		await h.type(':cost');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('this cluster has no node groups or bill: start kubesim with --profile eks');
	});
});

describe(':cost', () => {
	it('the header and the view show the bill at list prices', async () => {
		h = await start({cluster: {profile: 'eks', manifests: []}, warmup: 3_600_000});
		// one hour: $0.10 for the control plane and 2 x $0.096 for the m5.large nodes
		await h.type(':cost');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('Clock: 10:00:00 (paused) $0.29 ($0.29/h)');
		expect(f).toContain('cost: list prices of us-east-1 checked 2026-12-02, in USD; not a quote');
		expect(f).toContain('so far $0.2920 in 1.00 h of simulated time, now $0.2920 per hour');
		expect(f).toMatch(/EKS control plane\s+-\s+-\s+1\.00\s+\$0\.1000/);
		expect(f).toMatch(/ng-general\s+m5\.large\s+\$0\.096\s+2\.00\s+\$0\.1920/);
		expect(f).toMatch(/INSTANCE-TYPE\s+NODES\s+PER-HOUR/);
	});

	it('in Japanese', async () => {
		setLanguage('ja');
		h = await start({cluster: {profile: 'eks', manifests: []}, warmup: 3_600_000});
		await h.type(':cost');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('費用: us-east-1 の定価 (2026-12-02 時点、USD)。見積もりではありません');
		expect(f).toContain('時刻: 10:00:00 (一時停止中) $0.29 ($0.29/h)');
	});
});
