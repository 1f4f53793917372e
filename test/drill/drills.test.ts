// The drills: each shipped one played on the virtual clock with what a learner would do through
// the client (the dashboard's and kubectl's verbs), its after-action report checked figure by
// figure; each left alone fails its goal and the report says so; drill files are read strictly.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {loadDrills} from '../../source/drill/catalog.js';
import {playDrill} from '../../source/drill/cluster.js';
import {DrillError, parseDrill, parseDuration, type Drill} from '../../source/drill/drill.js';
import {clockText, entryText, reportLines} from '../../source/drill/report.js';
import type {DrillReport} from '../../source/drill/run.js';

const drills = loadDrills('drills');
const drill = (id: string): Drill => drills.find(d => d.id === id)!;

/** A driver host whose time never moves: only the test advances the cluster. */
const still = {now: () => 0, every: () => () => {}};

/** What the learner does, at a virtual time since the drill started, through the client. */
type Step = {at: number; act: (client: EmbeddedClient) => Promise<unknown>};

async function play(d: Drill, steps: Step[] = []): Promise<{report: DrillReport; timeline: string[]}> {
	const {cluster, run} = playDrill(d);
	const client = new EmbeddedClient(cluster, {host: still, paused: true});
	for (const s of steps) {
		cluster.advance(s.at - run.elapsed());
		await s.act(client);
	}
	cluster.advance(d.timeLimitMs + 1000 - run.elapsed());
	client.close();
	const report = run.report();
	return {report, timeline: report.timeline.map(e => `${clockText(e.at)} ${entryText(e)}`)};
}

const figures = (r: DrillReport) => ({outcome: r.outcome, elapsedMs: r.elapsedMs, timeToRecoverMs: r.timeToRecoverMs, heldMs: r.heldMs, windowMs: r.windowMs, availability: r.availability});

describe('the shipped drills', () => {
	it('are six, each written in English and Japanese', () => {
		expect(drills.map(d => d.id)).toEqual(['bad-rollout', 'missing-config-key', 'node-failure', 'node-group-max', 'pvc-full', 'traffic-surge']);
		for (const d of drills) expect([d.title, d.briefing, d.goal.text].filter(t => !t.ja), d.id).toEqual([]);
	});
});

const HPA_MAX_8 = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: traffic-surge}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 8
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 60}
`;

/** What a learner does for each drill, and what the report then says. */
const PLAYS: Record<string, {steps: Step[]; figures: ReturnType<typeof figures>; timeline: string[]}> = {
	'node-failure': {
		// kubectl drain: cordon, then evict what runs there
		steps: [{at: 90_000, act: c => c.drain('kubesim-worker2')}],
		figures: {outcome: 'recovered', elapsedMs: 121_500, timeToRecoverMs: 61_500, heldMs: 75_500, windowMs: 91_500, availability: 75_500 / 91_500},
		timeline: [
			'0:00 drill started',
			'0:02 the goal holds',
			'0:30 fault: node kubesim-worker2: its kubelet stops',
			'1:15 Normal NodeNotReady node/kubesim-worker2: Node kubesim-worker2 status is now: NodeNotReady',
			'1:15 Warning NodeNotReady pod/coredns-844d56ff89-v8fvj: Node is not ready',
			'1:15 goal broken',
			'1:30 you: patch node/kubesim-worker2',
			'1:30 you: evict pod/coredns-844d56ff89-v8fvj -n kube-system',
			'1:30 you: evict pod/web-d749c7b76-9xxw8 -n node-failure',
			'1:31 goal holds again',
			'2:01 drill over: recovered',
		],
	},
	'bad-rollout': {
		steps: [{at: 90_000, act: c => c.rollback('bad-rollout', 'web')}],
		figures: {outcome: 'recovered', elapsedMs: 121_500, timeToRecoverMs: 61_500, heldMs: 30_000, windowMs: 91_500, availability: 30_000 / 91_500},
		timeline: [
			'0:00 drill started',
			'0:04 the goal holds',
			'0:30 fault: deployment/web: rollout of nginx:1.99',
			'0:30 goal broken',
			'0:30 Warning Failed pod/web-74b4d68dc9-cls66: Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
			'1:30 you: patch deployment/web -n bad-rollout',
			'1:31 goal holds again',
			'2:01 drill over: recovered',
		],
	},
	'traffic-surge': {
		// the HPA may go to 8: it settles at 6 (ceil(3 × 120% / 60%))
		steps: [{at: 120_000, act: c => c.apply(HPA_MAX_8)}],
		figures: {outcome: 'recovered', elapsedMs: 165_000, timeToRecoverMs: 75_000, heldMs: 45_000, windowMs: 105_000, availability: 45_000 / 105_000},
		timeline: [
			'0:00 drill started',
			'0:15 the goal holds',
			'0:30 Normal SuccessfulRescale horizontalpodautoscaler/api: New size: 3; reason: cpu resource utilization (percentage of request) above target',
			'1:00 fault: service/api: traffic ×3',
			'1:15 goal broken',
			'2:00 you: apply horizontalpodautoscaler/api -n traffic-surge',
			'2:15 goal holds again',
			'2:45 drill over: recovered',
		],
	},
	'missing-config-key': {
		// the ConfigMap applied again as it was: its key comes back and the waiting pods start
		steps: [{at: 90_000, act: c => c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config, namespace: missing-config-key}\ndata:\n  GREETING: hello\n  COLOR: blue\n')}],
		figures: {outcome: 'recovered', elapsedMs: 123_000, timeToRecoverMs: 63_000, heldMs: 45_000, windowMs: 93_000, availability: 45_000 / 93_000},
		timeline: [
			'0:00 drill started',
			'0:02 the goal holds',
			'0:30 fault: configmap/app-config: key GREETING removed',
			'0:45 fault: deployment/web: rollout restart',
			'0:45 goal broken',
			"0:45 Warning Failed pod/web-78ff6f6cfb-h45dk: Error: couldn't find key GREETING in ConfigMap missing-config-key/app-config",
			'1:30 you: apply configmap/app-config -n missing-config-key',
			'1:33 goal holds again',
			'2:03 drill over: recovered',
		],
	},
	'pvc-full': {
		// the claim asks for 2Gi: its class allows expansion, so the volume grows
		steps: [{at: 80_000, act: c => c.apply('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: pvc-full}\nspec:\n  storageClassName: expandable\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests: {storage: 2Gi}\n')}],
		figures: {outcome: 'recovered', elapsedMs: 112_918, timeToRecoverMs: 52_918, heldMs: 42_918, windowMs: 82_918, availability: 42_918 / 82_918},
		timeline: [
			'0:00 drill started',
			'0:02 the goal holds',
			'0:30 fault: persistentvolumeclaim/data: the volume is full',
			'0:32 Warning Unhealthy pod/db-55b9575c5b-5lfct: Readiness probe failed: HTTP probe failed with statuscode: 507',
			'0:42 goal broken',
			'1:20 you: apply persistentvolumeclaim/data -n pvc-full',
			'1:20 Normal Resizing persistentvolumeclaim/data: External resizer is resizing volume pvc-093b3935-d98a-4dfd-a61c-6abbcca30045',
			'1:20 Normal FileSystemResizeSuccessful persistentvolumeclaim/data: MountVolume.NodeExpandVolume succeeded for volume "pvc-093b3935-d98a-4dfd-a61c-6abbcca30045"',
			'1:22 goal holds again',
			'1:52 drill over: recovered',
		],
	},
	'node-group-max': {
		// the node group's max raised in the cloud's API: the autoscaler adds a node
		steps: [{at: 100_000, act: c => c.sim.cloud!.setNodeGroupLimits('ng-general', 2, 6)}],
		figures: {outcome: 'recovered', elapsedMs: 234_317, timeToRecoverMs: 174_317, heldMs: 40_000, windowMs: 204_317, availability: 40_000 / 204_317},
		timeline: [
			'0:00 drill started',
			'0:03 the goal holds',
			'0:30 fault: node group ng-general: max size set to its size now',
			'0:40 fault: deployment/web: scaled to 8',
			'0:40 goal broken',
			'0:40 Warning FailedScheduling pod/web-6d4b44f96c-w4w48: 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
			"0:40 Normal NotTriggerScaleUp pod/web-6d4b44f96c-h2qsg: pod didn't trigger scale-up: 1 max node group size reached",
			'1:40 you: update nodegroup/ng-general',
			'1:50 Normal TriggeredScaleUp pod/web-6d4b44f96c-h2qsg: pod triggered scale-up: [{ng-general 2->3 (max: 6)}]',
			'3:20 Normal NodeReady node/ip-192-168-64-78.ec2.internal: Node ip-192-168-64-78.ec2.internal status is now: NodeReady',
			'3:24 goal holds again',
			'3:54 drill over: recovered',
		],
	},
};

/** Left alone, each drill runs to its time limit with its goal broken. */
const LEFT_ALONE: Record<string, {heldMs: number; windowMs: number}> = {
	'node-failure': {heldMs: 45_500, windowMs: 270_000},
	'bad-rollout': {heldMs: 0, windowMs: 270_000},
	'traffic-surge': {heldMs: 15_000, windowMs: 300_000},
	'missing-config-key': {heldMs: 15_000, windowMs: 270_000},
	'pvc-full': {heldMs: 12_918, windowMs: 270_000},
	'node-group-max': {heldMs: 10_000, windowMs: 450_000},
};

describe('each drill played by a learner', () => {
	for (const [id, play_] of Object.entries(PLAYS)) {
		it(`${id}: recovers, and the report gives the time to recover, the availability and the timeline`, async () => {
			const d = drill(id);
			const {report, timeline} = await play(d, play_.steps);
			expect(figures(report)).toEqual(play_.figures);
			expect(timeline).toEqual(play_.timeline);
			// the learner's writes are the actions of the timeline, none of the drill's or the controllers'
			expect(report.actions.map(a => a.elapsed)).toEqual(play_.steps.flatMap(s => report.actions.filter(a => a.elapsed === s.at).map(() => s.at)));
			expect(report.actions.length).toBe(timeline.filter(l => / you: /.test(l)).length);
		});
	}
});

describe('each drill left alone', () => {
	for (const [id, f] of Object.entries(LEFT_ALONE)) {
		it(`${id}: fails its goal at the time limit, and the report says so`, async () => {
			const d = drill(id);
			const {report, timeline} = await play(d);
			expect(figures(report)).toEqual({outcome: 'failed', elapsedMs: d.timeLimitMs, timeToRecoverMs: undefined, heldMs: f.heldMs, windowMs: f.windowMs, availability: f.heldMs / f.windowMs});
			expect(report.holds).toBe(false);
			expect(report.actions).toEqual([]);
			expect(timeline.at(-1)).toBe(`${clockText(d.timeLimitMs)} drill over: failed`);
			const lines = reportLines(d, report, 'en');
			expect(lines).toContain('Time to recover: not recovered (the goal did not hold at the end)');
			expect(lines[2]).toBe(`Outcome: failed after ${d.timeLimitMs / 60_000}m00s`);
		});
	}
});

describe('the report', () => {
	it('is written in Japanese too', async () => {
		const {setLanguage} = await import('../../source/i18n/index.js');
		const d = drill('bad-rollout');
		const {report} = await play(d, PLAYS['bad-rollout']!.steps);
		setLanguage('ja');
		try {
			const lines = reportLines(d, report, 'ja');
			expect(lines.slice(0, 6)).toEqual([
				'振り返りレポート: 存在しないイメージのロールアウト',
				'ゴール: web の Pod が 4 つ ready で、どれも Deployment の今のテンプレートから作られている。',
				'結果: 2m02s で復旧した',
				'復旧までの時間: 1m02s (最初の障害から、ゴールが再び満たされるまで)',
				'可用性: 32.7% (1m32s のうち 30s ゴールが満たされていた)',
				'API を通したあなたの書き込み: 1 件',
			]);
		} finally {
			setLanguage('en');
		}
	});
});

describe('a drill file', () => {
	const good = ['id: mine', 'title: {en: Mine}', 'briefing: {en: Something breaks}', 'script:', '  - at: 30s', '    failNode: kubesim-worker', 'goal:', '  text: {en: Keep web up}', '  check: {kind: Deployment, name: web, where: [{path: status.readyReplicas, atLeast: 1}]}', 'timeLimit: 5m'];

	it('of the learner parses with its defaults', () => {
		const d = parseDrill(good.join('\n'), 'my-drill.yaml');
		expect(d.script).toEqual([{at: 30_000, fault: {type: 'failNode', node: 'kubesim-worker'}}]);
		expect(d.goal.holdMs).toBe(30_000);
		expect(d.timeLimitMs).toBe(300_000);
	});

	it('is refused with every problem at once, each with its file, line and field', () => {
		const text = [
			'id: Mine',
			'title: {en: Mine, fr: Moi}',
			'briefing: {en: b}',
			'profile: gke',
			'script:',
			'  - at: 30',
			'    failNode: kubesim-worker',
			'  - at: 1m',
			'    setImage: {deployment: web}',
			'  - at: 2m',
			'    traffic: {service: web}',
			'  - at: 3m',
			'    restart: web',
			'    scale: {deployment: web, replicas: 2}',
			'  - at: 4m',
			'    explode: now',
			'goal:',
			'  text: {en: g}',
			'  hold: soon',
			'timeLimit: 2m',
		].join('\n');
		let message = '';
		try {
			parseDrill(text, 'drills/x.yaml');
		} catch (e) {
			expect(e).toBeInstanceOf(DrillError);
			message = (e as Error).message;
		}
		expect(message.split('\n')).toEqual([
			'drills/x.yaml:1: id: must be lower-case letters, digits and dashes',
			'drills/x.yaml:2: title.fr: unknown field (known: en, ja)',
			'drills/x.yaml:4: profile: must be kind or eks',
			'drills/x.yaml:18: goal.check: required',
			'drills/x.yaml:19: goal.hold: must be a duration such as 60s, 5m or 1m30s',
			'drills/x.yaml:6: script[0].at: must be a duration such as 60s, 5m or 1m30s',
			'drills/x.yaml:9: script[1].setImage.image: required',
			'drills/x.yaml:11: script[2].traffic: needs rps or factor (one of them)',
			'drills/x.yaml:12: script[3]: has restart and scale: one fault per entry',
			'drills/x.yaml:16: script[4].explode: unknown field (known: at, failNode, recoverNode, setImage, traffic, removeKey, restart, scale, fillVolume, nodeGroupMax)',
			'drills/x.yaml:15: script[4]: needs one of failNode, recoverNode, setImage, traffic, removeKey, restart, scale, fillVolume, nodeGroupMax',
			'drills/x.yaml:20: timeLimit: must be later than every entry of the script',
		]);
	});

	it('with manifests that do not validate names the line of the file', () => {
		const text = ['id: mine', 'title: {en: Mine}', 'briefing: {en: b}', 'manifests: |', '  apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: a}', '  ---', '  apiVersion: apps/v1', '  kind: Deployment', '  metadata: {name: Web}', 'script:', '  - {at: 1s, restart: web}', 'goal: {text: {en: g}, check: {kind: Pod}}', 'timeLimit: 1m'].join('\n');
		let message = '';
		try {
			parseDrill(text, 'my.yaml');
		} catch (e) {
			message = (e as Error).message;
		}
		expect(message.split('\n').map(l => l.slice(0, 60))).toEqual(['my.yaml:11: manifests: metadata.name: Invalid value: "Web": ', 'my.yaml:9: manifests: spec.selector: Required value', 'my.yaml:9: manifests: spec.template.spec.containers: Require']);
	});

	it('reads durations as Kubernetes writes them', () => {
		expect(['90s', '5m', '1m30s', '1h', '250ms', '2m5s'].map(parseDuration)).toEqual([90_000, 300_000, 90_000, 3_600_000, 250, 125_000]);
		expect(['', '5', 'm', '1.5m', '-1s', '5s1m', 'ms'].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
	});

	it('any text is a drill or a DrillError naming the file, a line and a field, never another error', () => {
		const yamlish = fc.oneof(
			fc.string(),
			fc.array(
				fc.constantFrom('id: a', 'title: {en: t}', 'briefing: {en: b}', 'timeLimit: 5m', 'timeLimit: 5', 'script:', '  - at: 30s', '    failNode: n', '    traffic: {service: s, factor: 3}', '    scale: {deployment: d, replicas: -1}', '  - x', 'goal:', '  text: {en: g}', '  check: {kind: Pod}', '  check: [{kind: Pod, absent: true}]', '  hold: 1m', 'nodes: 0', 'profile: eks', ': :', '- [', '&a b', '*a', 'manifests: |', '  kind: Pod'),
				{maxLength: 16},
			).map(l => l.join('\n')),
		);
		fc.assert(
			fc.property(yamlish, text => {
				try {
					const d = parseDrill(text, 'f.yaml');
					expect(d.script.length).toBeGreaterThan(0);
					expect(d.goal.checks.length).toBeGreaterThan(0);
				} catch (e) {
					expect(e).toBeInstanceOf(DrillError);
					for (const line of (e as Error).message.split('\n')) expect(line).toMatch(/^f\.yaml:\d+: \S/);
				}
			}),
			{numRuns: 500, seed: 12},
		);
	});
});

describe('the figures of a report', () => {
	const text = (script: string) =>
		[
			'id: config-there',
			'title: {en: The ConfigMap stays}',
			'briefing: {en: b}',
			'namespace: figures',
			'manifests: |',
			'  apiVersion: v1',
			'  kind: ConfigMap',
			'  metadata: {name: app}',
			'  data: {KEY: v}',
			'script:',
			script,
			'goal:',
			'  text: {en: The ConfigMap app is there}',
			'  check: {kind: ConfigMap, name: app}',
			'  hold: 5s',
			'timeLimit: 2m',
		].join('\n');
	const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'app', namespace: 'figures'}, data: {KEY: 'v'}};

	it('count a state that lasts no time for nothing, and a goal that never broke as held with no time to recover', () => {
		const d = parseDrill(text('  - at: 10s\n    traffic: {service: none, rps: 1}'), 'f.yaml');
		const {cluster, run} = playDrill(d);
		cluster.advance(20_000);
		// deleted and made again at one instant
		cluster.delete('ConfigMap', 'figures', 'app');
		cluster.create(structuredClone(cm));
		cluster.advance(200_000);
		const r = run.report();
		expect(figures(r)).toEqual({outcome: 'held', elapsedMs: 120_000, timeToRecoverMs: 0, heldMs: 110_000, windowMs: 110_000, availability: 1});
		// the fault itself failed (no such Service): the timeline says so
		expect(r.timeline.map(e => `${clockText(e.at)} ${entryText(e)}`)).toEqual([
			'0:00 drill started',
			'0:10 fault: service/none: traffic set to 1 requests/s (services "none" not found)',
			'0:20 you: delete configmap/app -n figures',
			'0:20 you: create configmap/app -n figures',
			'2:00 drill over: held throughout',
		]);
	});

	it('measure the break from the first fault, and end the drill once the goal held again for its hold time', () => {
		const d = parseDrill(text('  - at: 10s\n    removeKey: {configMap: app, key: KEY}'), 'f.yaml');
		const {cluster, run} = playDrill(d);
		cluster.advance(30_000);
		cluster.delete('ConfigMap', 'figures', 'app');
		cluster.advance(10_000);
		cluster.create(structuredClone(cm));
		cluster.advance(200_000);
		const r = run.report();
		// broken from 0:30 to 0:40; the window is 0:10 to 0:45
		expect(figures(r)).toEqual({outcome: 'recovered', elapsedMs: 45_000, timeToRecoverMs: 30_000, heldMs: 25_000, windowMs: 35_000, availability: 25_000 / 35_000});
		expect(r.timeline.map(e => `${clockText(e.at)} ${entryText(e)}`)).toEqual([
			'0:00 drill started',
			'0:10 fault: configmap/app: key KEY removed',
			'0:30 you: delete configmap/app -n figures',
			'0:30 goal broken',
			'0:40 you: create configmap/app -n figures',
			'0:40 goal holds again',
			'0:45 drill over: recovered',
		]);
	});
});
