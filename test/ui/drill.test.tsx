// :drill in the dashboard: the drills listed, enter starts one, its pane beside the views shows
// the goal, the clock against the time limit and whether the goal holds, then the report once
// the learner has put things right; in English and in Japanese, at 100x30.
import {afterEach, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {loadDrills} from '../../source/drill/catalog.js';
import {setLanguage} from '../../source/i18n/index.js';
import {KEYS, prose, start, type Harness} from './harness.js';

const drills = () => loadDrills('drills');

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});


function fits(frame: string): void {
	for (const line of frame.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(100);
	expect(frame.split('\n').length).toBeLessThanOrEqual(30);
}

/** A cluster with nothing on it but what the drill applies. */
const empty = {cluster: {manifests: []}, warmup: 60_000, width: 100, height: 30};

describe(':drill', () => {
	it('lists the drills, starts one beside the views, shows the goal breaking and the report once it holds again', async () => {
		h = await start({...empty, app: {drills}});
		await h.press(':');
		await h.type('drill');
		let f = await h.press(KEYS.enter);
		fits(f);
		expect(f).toContain('drills[6] (enter: start)');
		expect(f).toMatch(/1\s+bad-rollout\s+A rollout of an image that does not exist\s+5m00s\s+kind/);
		expect(f).toMatch(/4\s+node-group-max\s+The node group is at its max\s+8m00s\s+eks/);
		f = await h.press(KEYS.enter);
		expect(f).toContain('drill A rollout of an image that does not exist: its pane is on the right');
		f = await h.advance(10_000);
		fits(f);
		expect(prose(f)).toContain('A rollout of an image that does');
		expect(prose(f)).toContain('4 web pods ready, every one of them');
		expect(prose(f)).toContain('0:10 of 5:00');
		expect(prose(f)).toContain('✓ the goal holds');
		expect(prose(f)).toContain(':drill off ends the drill');
		// the views went to the drill's namespace
		expect(f).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}/);

		f = await h.advance(30_000);
		expect(prose(f)).toContain('0:40 of 5:00');
		expect(prose(f)).toContain('✗ the goal does not hold');
		expect(f).toMatch(/ImagePullBackOff|ErrImagePull/);

		// undone as the dashboard's rollback key would
		await h.client.rollback('bad-rollout', 'web');
		f = await h.advance(40_000);
		fits(f);
		// broken from 0:30 to 0:41.5, then held for the 30 s the goal asks: 30 of 41.5 s
		expect(prose(f)).toContain('1:11 of 5:00');
		expect(prose(f)).toContain('Outcome: recovered after 1m12s');
		expect(prose(f)).toContain('Time to recover: 11.5s');
		expect(prose(f)).toContain('Availability: 72.2%');
		expect(prose(f)).toContain('Your writes: 1');
		expect(prose(f)).toContain('0:40 you: patch deployment/web');
		expect(prose(f)).toContain('1:11 drill over: recovered');

		await h.press(':');
		await h.type('drill off');
		f = await h.press(KEYS.enter);
		expect(f).not.toContain('Outcome:');
	});

	it('an unknown drill is a message naming those there are', async () => {
		h = await start({...empty, app: {drills}});
		await h.press(':');
		await h.type('drill meteor');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('no drill "meteor" (there are: bad-rollout, missing-config-key, node-failure');
	});

	it('a drill that needs the eks profile says how to start it, and writes nothing to a kind cluster', async () => {
		h = await start({...empty, app: {drills}});
		await h.press(':');
		await h.type('drill node-group-max');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('drill "node-group-max" needs the eks profile: start it with kubesim drill node-group-max');
		const drill = drills().find(d => d.id === 'node-group-max')!;
		expect(h.cluster.find('Namespace', undefined, drill.namespace)).toBeUndefined();
	});

	it('takes any key on the list and with a drill under way without breaking', async () => {
		h = await start({...empty, app: {drills}});
		await h.press(':');
		await h.type('drill');
		await h.press(KEYS.enter);
		const keys = [...'jkgGGhlq?/', KEYS.down, KEYS.up, KEYS.pgdn, KEYS.pgup, KEYS.esc, ':', KEYS.esc, KEYS.ctrlD, KEYS.tab, KEYS.backspace];
		for (const k of keys) {
			const f = await h.press(k);
			expect(f).not.toMatch(/error: |Something went wrong/);
		}
		await h.press(':');
		await h.type('drill traffic-surge');
		let f = await h.press(KEYS.enter);
		for (const k of [...'jkdyl', KEYS.esc, KEYS.enter, KEYS.esc, '0', '1']) {
			f = await h.press(k);
			expect(f).not.toMatch(/error: |Something went wrong/);
		}
		f = await h.advance(20_000);
		expect(prose(f)).toContain('Traffic triples');
		expect(prose(f)).toContain('0:20 of 6:00');
	});

	it('fits 100x30 in Japanese, the list and the pane', async () => {
		setLanguage('ja');
		h = await start({...empty, app: {drills}});
		await h.press(':');
		await h.type('drill');
		let f = await h.press(KEYS.enter);
		fits(f);
		expect(f).toContain('ドリル[6] (enter: 開始)');
		expect(f).toContain('ノードが応答しなくなる');
		await h.press('j', 'j');
		f = await h.press(KEYS.enter);
		f = await h.advance(5_000);
		fits(f);
		expect(prose(f)).toContain('ノードが応答しなくなる');
		expect(prose(f)).toContain('web の Pod を 3 つ ready に保つ。');
		expect(prose(f)).toContain('0:05 / 5:00');
		expect(prose(f)).toContain('✓ ゴールは満たされている');
		expect(prose(f)).toContain(':drill off でドリルを終える');
		f = await h.advance(300_000);
		fits(f);
		expect(prose(f)).toContain('結果: 5m00s で失敗');
		expect(prose(f)).toContain('復旧していない');
		expect(prose(f)).toContain('可用性: 16.8%');
		expect(prose(f)).toContain('ドリル終了: 失敗');
	});
});
