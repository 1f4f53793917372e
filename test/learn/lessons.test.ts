// The lessons: their files are read strictly (every problem with its file, line and field), each
// shipped lesson is written in both languages, and each can be done on the simulator, step by
// step, with what a learner would do (the checks read the cluster, not the keys).
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import type {Deployment} from '../../source/cluster/types.js';
import {loadCourse} from '../../source/learn/course.js';
import {LessonError, parseLesson, unfoldJapanese} from '../../source/learn/lesson.js';
import {accessRequest, holds, stepDone, valueAt, type ObjectReader} from '../../source/learn/check.js';
import {readProgress, writeProgress} from '../../source/learn/course.js';

const course = loadCourse('lessons');

function reader(c: Cluster): ObjectReader {
	return {
		list: (kind, opts) => c.list(kind, opts ?? {}),
		get: (kind, ns, name) => c.find(kind, ns, name),
		allows: access => {
			const {user, attrs} = accessRequest(access);
			return c.authorize(user, attrs).allowed;
		},
	};
}

describe('a lesson file', () => {
	it('is refused with every problem at once, each with its file, line and field', () => {
		const text = ['id: Bad_Id', 'order: -1', 'title: {en: Hi, de: Hallo}', 'intro: {ja: やあ}', 'steps:', '  - goal: {en: g}', '    hint: {en: h}', '    explain: {en: e}', '    check: {kind: Pod, wher: []}', '  - check: {kind: Pod, where: [{path: status.phase}]}', 'extra: 1'].join('\n');
		let message = '';
		try {
			parseLesson(text, 'lessons/x.yaml');
		} catch (e) {
			expect(e).toBeInstanceOf(LessonError);
			message = (e as Error).message;
		}
		expect(message.split('\n')).toEqual([
			'lessons/x.yaml:11: extra: unknown field (known: id, order, title, intro, profile, manifests, steps)',
			'lessons/x.yaml:1: id: must be lower-case letters, digits and dashes',
			'lessons/x.yaml:2: order: must be a whole number 0 or more',
			'lessons/x.yaml:3: title.de: unknown field (known: en, ja)',
			'lessons/x.yaml:1: intro.en: required',
			'lessons/x.yaml:9: steps[0].check.wher: unknown field (known: kind, namespace, name, selector, where, count, exactly, absent, can)',
			'lessons/x.yaml:10: steps[1].check.where[0]: needs one of equals, atLeast, atMost, exists or contains',
			'lessons/x.yaml:1: steps[1].goal: required',
			'lessons/x.yaml:1: steps[1].hint: required',
			'lessons/x.yaml:1: steps[1].explain: required',
		]);
	});

	it('names a bad profile and a bad can check with their lines', () => {
		const text = [
			'id: a',
			'order: 1',
			'profile: gke',
			'title: {en: t}',
			'intro: {en: i}',
			'steps:',
			'  - goal: {en: g}',
			'    hint: {en: h}',
			'    explain: {en: e}',
			'    check:',
			'      - {kind: Pod, can: {user: jane, verb: list, resource: pods}}',
			'      - can: {user: jane, verb: list, groups: dev}',
			'      - can: [jane]',
		].join('\n');
		expect(() => parseLesson(text, 'l.yaml')).toThrow(
			new LessonError(
				[
					'l.yaml:3: profile: must be kind or eks',
					'l.yaml:11: steps[0].check[0].kind: a check with can asks the authorizer only (namespace goes inside can)',
					'l.yaml:1: steps[0].check[1].can.resource: required',
					'l.yaml:12: steps[0].check[1].can.groups: must be a list of group names',
					'l.yaml:13: steps[0].check[2].can: must be a map of user, groups, verb, resource, group and namespace',
				].join('\n'),
			),
		);
		const ok = parseLesson(text.replace('gke', 'eks').split('\n').slice(0, 10).join('\n') + '\n      - can: {user: jane, groups: [dev], verb: get, resource: pods/log, namespace: dev}', 'l.yaml');
		expect(ok.profile).toBe('eks');
		expect(ok.steps[0]!.checks).toEqual([{kind: '', can: {user: 'jane', groups: ['dev'], verb: 'get', resource: 'pods/log', namespace: 'dev'}}]);
		expect(accessRequest(ok.steps[0]!.checks[0]!.can!)).toEqual({
			user: {username: 'jane', groups: ['dev', 'system:authenticated']},
			attrs: {verb: 'get', resource: 'pods', subresource: 'log', apiGroup: '', namespace: 'dev'},
		});
	});

	it('that is not YAML names its line', () => {
		expect(() => parseLesson('id: a\norder: 1\ntitle: [unclosed\n', 'l.yaml')).toThrow(/^l\.yaml:\d+: /);
		expect(() => parseLesson('id: a\nid: b\n', 'l.yaml')).toThrow(/^l\.yaml:\d+: Map keys must be unique/);
	});

	it('any text is a lesson or a LessonError, never another error', () => {
		const yamlish = fc.oneof(
			fc.string(),
			fc.array(fc.constantFrom('id: a', 'order: 1', 'title: {en: t}', 'intro: {en: i}', 'steps:', '  - goal: {en: g}', '    hint: {en: h}', '    explain: {en: e}', '    check: {kind: Pod}', '    check: [{kind: Pod, absent: true}]', '  - x', ': :', '- [', '&a b', '*a', 'manifests: |', '  kind: Pod', 'profile: eks', 'profile: x', '    check: {can: {user: j, verb: get, resource: pods}}', '    check: {can: [1], kind: Pod}', '    check: {can: {groups: a}}'), {maxLength: 14}).map(l => l.join('\n')),
		);
		fc.assert(
			fc.property(yamlish, text => {
				try {
					const l = parseLesson(text, 'f.yaml');
					expect(l.steps.length).toBeGreaterThan(0);
				} catch (e) {
					expect(e).toBeInstanceOf(LessonError);
					expect((e as Error).message).toMatch(/^f\.yaml:\d+: /);
				}
			}),
			{numRuns: 400, seed: 12},
		);
	});
});

describe('the course', () => {
	it('has its lessons in order, each in English and Japanese', () => {
		expect(course.map(l => l.id)).toEqual(['pod', 'replicaset', 'deployment', 'service', 'config', 'probes', 'scheduling', 'resources', 'hpa', 'cluster-autoscaler', 'iam-rbac', 'troubleshooting', 'eks-bill']);
		expect(course.filter(l => l.profile === 'eks').map(l => l.id)).toEqual(['cluster-autoscaler', 'iam-rbac', 'eks-bill']);
		for (const l of course) {
			const texts = [l.title, l.intro, ...l.steps.flatMap(s => [s.goal, s.hint, s.explain])];
			expect(texts.filter(t => !t.ja), l.id).toEqual([]);
		}
	});

	it('reads a Japanese text folded over several lines of the file without the spaces of the folds', () => {
		const lesson = parseLesson(['id: folded', 'order: 1', 'title: {en: Folded, ja: 折り返し}', 'intro:', '  en: >-', '    One', '    two.', '  ja: >-', '    Pod が消えた。', '    作り直すものは', '    何もない (kubectl get pods)。', '    数 × 使用率', 'steps:', '  - goal: {en: Go}', '    hint: {en: Hint}', '    check: [{kind: Pod, name: x}]', '    explain: {en: Done}'].join('\n'), 'folded.yaml');
		expect(lesson.intro).toEqual({en: 'One two.', ja: 'Pod が消えた。作り直すものは何もない (kubectl get pods)。数 × 使用率'});
		expect(unfoldJapanese('ノードを 3 個、 ReplicaSet に任せる')).toBe('ノードを 3 個、 ReplicaSet に任せる');
		for (const l of course) {
			const texts = [l.title, l.intro, ...l.steps.flatMap(s => [s.goal, s.hint, s.explain])];
			expect(texts.map(t => t.ja ?? '').filter(t => /[\u3000-\u30ff\u4e00-\u9fff] [\u3000-\u30ff\u4e00-\u9fff]/u.test(t)), l.id).toEqual([]);
		}
	});

	it('keeps progress as id=steps entries', () => {
		const p = readProgress(['pod=3', 'service=1', 'bad', 'x=-1', 'y=2a']);
		expect([...p]).toEqual([['pod', 3], ['service', 1]]);
		expect(writeProgress(p.set('deployment', 2))).toEqual(['deployment=2', 'pod=3', 'service=1']);
	});
});

describe('the checks', () => {
	it('read dotted paths into lists and maps', () => {
		const obj = {spec: {containers: [{image: 'nginx:1.27'}]}, metadata: {labels: {app: 'web'}}};
		expect(valueAt(obj, 'spec.containers.0.image')).toBe('nginx:1.27');
		expect(valueAt(obj, 'metadata.labels.app')).toBe('web');
		expect(valueAt(obj, 'spec.containers.x')).toBeUndefined();
		expect(valueAt(obj, 'spec.containers.0.image.length')).toBeUndefined();
		expect(valueAt({metadata: {annotations: {'kubectl.kubernetes.io/restartedAt': 't'}}}, 'metadata.annotations["kubectl.kubernetes.io/restartedAt"]')).toBe('t');
	});

	it('count objects by selector, exactly or at least, and an unknown kind never holds', () => {
		const c = createCluster({seed: 1});
		c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default, labels: {t: x}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: default, labels: {t: x}}\n');
		const r = reader(c);
		expect(holds({kind: 'ConfigMap', namespace: 'default', selector: 't=x', count: 2}, r)).toBe(true);
		expect(holds({kind: 'ConfigMap', namespace: 'default', selector: 't=x', count: 1, exactly: true}, r)).toBe(false);
		expect(holds({kind: 'ConfigMap', namespace: 'default', selector: 't=y', absent: true}, r)).toBe(true);
		expect(holds({kind: 'Nonsense', name: 'a'}, r)).toBe(false);
		expect(holds({kind: 'ConfigMap', namespace: 'default', selector: 'in in', count: 0}, r)).toBe(false);
	});
});

/** `e` on a Deployment: its template changed and written back. */
function patchTemplate(c: Cluster, name: string, change: (t: Deployment['spec']['template']) => void): void {
	const d = structuredClone(c.get('Deployment', 'default', name));
	change(d.spec.template);
	c.update(d);
}

function labelNode(c: Cluster, name: string, labels: Record<string, string>): void {
	const n = structuredClone(c.get('Node', undefined, name));
	n.metadata.labels = {...n.metadata.labels, ...labels};
	c.update(n);
}

function taintNode(c: Cluster, name: string, taint: {key: string; value: string; effect: 'NoSchedule'}): void {
	const n = structuredClone(c.get('Node', undefined, name));
	n.spec = {...n.spec, taints: [...(n.spec?.taints ?? []), taint]};
	c.update(n);
}

/** `e` on the aws-auth ConfigMap: its mapUsers set. */
function mapUsers(c: Cluster, text: string): void {
	const cm = structuredClone(c.get('ConfigMap', 'kube-system', 'aws-auth'));
	cm.data = {...cm.data, mapUsers: text};
	c.update(cm);
}

/** What `kubectl create role NAME --verb=... --resource=... -n NS` posts. */
function rbac(kind: 'Role', name: string, namespace: string, verbs: string[], resource: string): string {
	return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${namespace}}\nrules:\n- apiGroups: [""]\n  resources: [${resource}]\n  verbs: [${verbs.join(', ')}]\n`;
}

/** What `kubectl create rolebinding NAME --role|--clusterrole=ROLE --user|--group=WHO -n NS` posts. */
function binding(name: string, namespace: string, roleKind: 'Role' | 'ClusterRole', role: string, subjectKind: 'User' | 'Group', subject: string): string {
	return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${namespace}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}\nsubjects:\n- {apiGroup: rbac.authorization.k8s.io, kind: ${subjectKind}, name: ${subject}}\n`;
}

/**
 * What a learner does for each step, as kubectl or the dashboard's keys would write it; 'watch'
 * for a step that only waits (it may be done already when it comes), and how long to wait after.
 */
type Solution = ((c: Cluster) => void) | 'watch' | {act: (c: Cluster) => void; waitMs: number};
const SOLUTIONS: Record<string, Solution[]> = {
	pod: [
		c => c.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: hello, namespace: default, labels: {run: hello}}\nspec:\n  containers: [{name: hello, image: "nginx:1.27"}]\n'),
		c => c.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: hello, namespace: default, labels: {run: hello, tier: frontend}}\nspec:\n  containers: [{name: hello, image: "nginx:1.27"}]\n'),
		c => void c.delete('Pod', 'default', 'hello'),
	],
	replicaset: [
		'watch',
		c => void c.delete('Pod', 'default', c.list('Pod', {namespace: 'default', labelSelector: 'tier=frontend'})[0]!.metadata.name),
		c => void c.scale('ReplicaSet', 'default', 'frontend', 5),
	],
	deployment: [c => void c.setImage('Deployment', 'default', 'hello-web', 'nginx', 'nginx:1.27'), c => void c.rollback('default', 'hello-web')],
	config: [
		c => c.apply('apiVersion: v1\nkind: Secret\nmetadata: {name: demo-secret, namespace: default}\ndata: {password: czNjcmV0}\n'),
		c => {
			c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo-config, namespace: default}\ndata: {GREETING: hola}\n');
			c.restart('Deployment', 'default', 'config-demo');
		},
	],
	probes: [
		c => patchTemplate(c, 'probe-web', t => (t.spec.containers[0]!.readinessProbe!.httpGet!.path = '/')),
		'watch',
	],
	scheduling: [
		c => labelNode(c, 'kubesim-worker2', {disktype: 'ssd'}),
		c => taintNode(c, 'kubesim-worker2', {key: 'dedicated', value: 'storage', effect: 'NoSchedule'}),
	],
	resources: [
		c => patchTemplate(c, 'memory-demo', t => (t.spec.containers[0]!.resources!.limits!.memory = '200Mi')),
		c => patchTemplate(c, 'cpu-demo', t => (t.spec.containers[0]!.resources!.requests!.cpu = '500m')),
	],
	// scaling down waits out the 5-minute stabilization window
	hpa: [c => c.setTraffic('default', 'hpa-demo', 40), {act: c => c.setTraffic('default', 'hpa-demo', 0), waitMs: 420_000}],
	'cluster-autoscaler': [
		// the autoscaler's next scan, 10 s on: the scale-up triggered, no node yet
		{act: c => void c.scale('Deployment', 'default', 'ca-demo', 8), waitMs: 10_000},
		// the instance boots and its node joins
		{act: () => {}, waitMs: 120_000},
		// 10 minutes unneeded, then the drain and the instance's end
		{act: c => void c.scale('Deployment', 'default', 'ca-demo', 1), waitMs: 900_000},
	],
	'iam-rbac': [
		c => mapUsers(c, '- userarn: arn:aws:iam::111122223333:user/jane\n  username: jane\n'),
		c => c.apply(rbac('Role', 'pod-reader', 'dev', ['get', 'list', 'watch'], 'pods') + '---\n' + binding('jane-pod-reader', 'dev', 'Role', 'pod-reader', 'User', 'jane')),
		c => {
			mapUsers(c, '- userarn: arn:aws:iam::111122223333:user/jane\n  username: jane\n  groups: [dev-team]\n');
			c.apply(binding('dev-team-edit', 'dev', 'ClusterRole', 'edit', 'Group', 'dev-team'));
		},
	],
	troubleshooting: [
		c => void c.setImage('Deployment', 'default', 'shop', 'nginx', 'nginx:1.27'),
		c => c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: worker-settings, namespace: default}\ndata: {LOG_LEVEL: info, DB_HOST: db.default.svc}\n'),
		c => patchTemplate(c, 'report', t => (t.spec.containers[0]!.resources!.requests!.cpu = '100m')),
	],
	'eks-bill': [
		c => c.setNodeGroupSize('ng-general', 3),
		c => void c.scale('Deployment', 'team-b', 'batch', 0),
		{act: () => {}, waitMs: 900_000},
	],
	service: [
		c => c.apply('apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: default}\nspec:\n  selector: {app: echo}\n  ports: [{port: 80, targetPort: 5678}]\n'),
		c => c.apply('apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: default}\nspec:\n  type: NodePort\n  selector: {app: echo}\n  ports: [{port: 80, targetPort: 5678}]\n'),
	],
};

describe('every lesson can be done', () => {
	for (const lesson of course) {
		it(`${lesson.id}: each step is not done before its action and done after it`, () => {
			const c = createCluster({seed: 7, ...(lesson.profile ? {profile: lesson.profile} : {})});
			c.advance(10_000);
			if (lesson.manifests) c.apply(lesson.manifests, lesson.source);
			const solve = SOLUTIONS[lesson.id]!;
			expect(solve).toHaveLength(lesson.steps.length);
			lesson.steps.forEach((step, i) => {
				const solution = solve[i]!;
				if (solution !== 'watch') expect(stepDone(step, reader(c)), `${lesson.id} step ${i + 1} before`).toBe(false);
				if (typeof solution === 'function') solution(c);
				else if (solution !== 'watch') solution.act(c);
				c.advance(typeof solution === 'object' ? solution.waitMs : 120_000);
				expect(stepDone(step, reader(c)), `${lesson.id} step ${i + 1} after`).toBe(true);
			});
		});
	}
});

describe('a lesson without a profile', () => {
	it('troubleshooting can be done on the eks profile too, where the Pod too big for any node triggers no scale-up', () => {
		const lesson = course.find(l => l.id === 'troubleshooting')!;
		const c = createCluster({seed: 7, profile: 'eks'});
		c.advance(10_000);
		c.apply(lesson.manifests!, lesson.source);
		lesson.steps.forEach((step, i) => {
			expect(stepDone(step, reader(c)), `step ${i + 1} before`).toBe(false);
			(SOLUTIONS.troubleshooting![i] as (c: Cluster) => void)(c);
			c.advance(120_000);
			expect(stepDone(step, reader(c)), `step ${i + 1} after`).toBe(true);
		});
		const report = c.list('Pod', {namespace: 'default', labelSelector: 'app=report'});
		expect(c.list('Event', {namespace: 'default'}).filter(e => (e as unknown as {reason: string}).reason === 'TriggeredScaleUp')).toEqual([]);
		expect(report.length).toBe(1);
		expect(c.nodeGroups()[0]!.desiredSize).toBe(2);
	});
});

describe('the eks lessons', () => {
	const lesson = (id: string) => course.find(l => l.id === id)!;
	const eks = (id: string) => {
		const c = createCluster({seed: 7, profile: 'eks'});
		c.advance(10_000);
		c.apply(lesson(id).manifests!, lesson(id).source);
		return c;
	};

	it('cluster-autoscaler: the Pending Pods get the real scale-up text, and the node goes 10 minutes after it is unneeded', () => {
		const c = eks('cluster-autoscaler');
		c.advance(60_000);
		c.scale('Deployment', 'default', 'ca-demo', 8);
		c.advance(10_000);
		const triggered = c.list('Event', {namespace: 'default'}).filter(e => (e as unknown as {reason: string}).reason === 'TriggeredScaleUp');
		expect(new Set(triggered.map(e => (e as unknown as {message: string}).message))).toEqual(new Set(['pod triggered scale-up: [{ng-general 2->3 (max: 6)}]']));
		expect(triggered.length).toBe(2);
		c.advance(120_000);
		expect(c.nodeGroups()[0]).toMatchObject({desiredSize: 3, readyNodes: 3});
		c.scale('Deployment', 'default', 'ca-demo', 1);
		c.advance(60_000);
		const unneeded = c.autoscalerDecisions().filter(d => d.kind === 'Unneeded');
		expect(unneeded.map(d => d.message)).toEqual(['node ip-192-168-64-109.ec2.internal is unneeded (utilization 8%)', 'node ip-192-168-64-109.ec2.internal is unneeded (utilization 34%)']);
		c.advance(600_000);
		expect(c.nodeGroups()[0]).toMatchObject({desiredSize: 2});
	});

	it('eks-bill: the hourly figure is the control plane and the nodes, $0.292 to $0.388 and back', () => {
		const c = eks('eks-bill');
		const perHour = () => Math.round(c.bill()!.perHour * 10_000) / 10_000;
		expect(perHour()).toBe(0.292);
		c.setNodeGroupSize('ng-general', 3);
		c.advance(120_000);
		expect(perHour()).toBe(0.388);
		c.scale('Deployment', 'team-b', 'batch', 0);
		c.advance(120_000);
		const teamB = () => c.bill()!.namespaces.find(n => n.namespace === 'team-b')!.cost;
		const before = teamB();
		// 2 minutes of 1000m requested, a share of the nodes' cost sampled each minute
		expect(before).toBeCloseTo(0.001658031088, 12);
		c.advance(300_000);
		expect(teamB()).toBe(before);
		c.advance(600_000);
		expect(c.list('Node').length).toBe(2);
		expect(perHour()).toBe(0.292);
	});

	it('iam-rbac: the checks read the cluster and ask the authorizer, whoever the dashboard acts as', async () => {
		const {EmbeddedClient} = await import('../../source/client/embedded.js');
		const c = eks('iam-rbac');
		const client = new EmbeddedClient(c, {paused: true});
		try {
			client.actAs({username: 'jane', groups: []});
			const step = lesson('iam-rbac').steps[0]!;
			const read = client.lessonReader();
			expect(stepDone(step, read)).toBe(false);
			mapUsers(c, '- userarn: arn:aws:iam::111122223333:user/jane\n  username: jane\n');
			// jane may not read aws-auth, but the lesson's check does
			expect(client.get('ConfigMap', 'kube-system', 'aws-auth')).toBeUndefined();
			expect(stepDone(step, read)).toBe(true);
			expect(stepDone(lesson('iam-rbac').steps[1]!, read)).toBe(false);
			c.apply(rbac('Role', 'pod-reader', 'dev', ['get', 'list', 'watch'], 'pods') + '---\n' + binding('jane-pod-reader', 'dev', 'Role', 'pod-reader', 'User', 'jane'));
			expect(stepDone(lesson('iam-rbac').steps[1]!, read)).toBe(true);
		} finally {
			client.close();
		}
	});
});
