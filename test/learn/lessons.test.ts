// The lessons: their files are read strictly (every problem with its file, line and field), each
// shipped lesson is written in both languages, and each can be done on the simulator, step by
// step, with what a learner would do (the checks read the cluster, not the keys).
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import type {CronJob, DaemonSet, Deployment, EndpointSlice, Endpoints, KObject, Pod, Service} from '../../source/cluster/types.js';
import {loadCourse} from '../../source/learn/course.js';
import {LessonError, parseLesson, unfoldJapanese} from '../../source/learn/lesson.js';
import {accessRequest, holds, passes, stepDone, valueAt, type ObjectReader} from '../../source/learn/check.js';
import {readProgress, writeProgress} from '../../source/learn/course.js';
import {drainEvicts} from '../../source/verbs/index.js';
import {readFileSync} from 'node:fs';

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
		expect(course.map(l => l.id)).toEqual(['containers', 'control-plane', 'pod', 'replicaset', 'deployment', 'service', 'service-types', 'config', 'daemonset', 'statefulset', 'jobs', 'namespaces', 'probes', 'scheduling', 'resources', 'hpa', 'cluster-autoscaler', 'iam-rbac', 'troubleshooting', 'eks-bill']);
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

	it('read every item of a list through *, and the items whose field has a value through [key=value]', () => {
		const node = {
			spec: {taints: [{key: 'node.kubernetes.io/unreachable', effect: 'NoExecute'}, {key: 'dedicated', effect: 'NoSchedule'}]},
			status: {
				images: [{names: ['docker.io/library/nginx@sha256:ab', 'docker.io/library/nginx:1.27'], sizeBytes: 5}, {names: ['docker.io/library/redis:7.4'], sizeBytes: 7}],
				conditions: [{type: 'MemoryPressure', status: 'False'}, {type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown'}],
				capacity: {cpu: '4', pods: '110'},
			},
		};
		expect(valueAt(node, 'status.images.*.names')).toEqual(['docker.io/library/nginx@sha256:ab', 'docker.io/library/nginx:1.27', 'docker.io/library/redis:7.4']);
		expect(valueAt(node, 'status.images.*.sizeBytes')).toEqual([5, 7]);
		expect(valueAt(node, 'spec.taints.*.key')).toEqual(['node.kubernetes.io/unreachable', 'dedicated']);
		expect(valueAt(node, 'status.capacity.*')).toEqual(['4', '110']);
		expect(valueAt(node, 'status.conditions[type=Ready].status')).toBe('Unknown');
		expect(valueAt(node, 'status.conditions[type=Ready]')).toEqual({type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown'});
		expect(valueAt(node, 'status.conditions[status=False].type')).toBe('MemoryPressure');
		expect(valueAt(node, 'status.conditions[type=DiskPressure].status')).toBeUndefined();
		expect(valueAt(node, 'spec.taints[key=node.kubernetes.io/unreachable].effect')).toBe('NoExecute');
		expect(valueAt(node, 'status.images.*.missing')).toBeUndefined();
		expect(valueAt(node, 'status.capacity[cpu=4]')).toBeUndefined();
		expect(valueAt({spec: {}}, 'spec.taints.*.key')).toBeUndefined();
		const taints = (keys: string[]) => ({kind: 'Node', metadata: {name: 'n'}, spec: {taints: keys.map(key => ({key}))}}) as never;
		expect(passes(taints(['a', 'b']), {path: 'spec.taints.*.key', contains: 'b'})).toBe(true);
		expect(passes(taints(['a']), {path: 'spec.taints.*.key', contains: 'b'})).toBe(false);
		expect(passes(taints([]), {path: 'spec.taints[key=b]', exists: false})).toBe(true);
		expect(passes(taints(['b']), {path: 'spec.taints[key=b]', exists: false})).toBe(false);
	});

	it('read through * the values that reading each index gives, whatever the object', () => {
		const json = fc.letrec(tie => ({
			value: fc.oneof({depthSize: 'small'}, fc.constant(null), fc.integer(), fc.constantFrom('a', 'b', 'x=y'), fc.array(tie('value'), {maxLength: 3}), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), {maxKeys: 3})),
		})).value;
		const part = fc.constantFrom('a', 'b', 'c', '0', '1', '*', '[a=b]', '[b=1]');
		fc.assert(
			fc.property(json, fc.array(part, {minLength: 1, maxLength: 4}), fc.array(part, {maxLength: 3}), (obj, head, tail) => {
				const path = [...head, ...tail].join('.');
				expect(() => valueAt(obj, path)).not.toThrow();
				if (head.includes('*') || head.some(p => p.startsWith('[')) || tail.some(p => p === '*' || p.startsWith('['))) return;
				// without * or a filter, the path reads as plain indexing
				const list = valueAt(obj, head.join('.'));
				if (!Array.isArray(list)) return;
				const each = list.map(x => valueAt(x, tail.join('.'))).filter(v => v !== undefined && v !== null);
				const flat = tail.length ? each.flatMap(v => (Array.isArray(v) ? v : [v])) : each;
				const star = valueAt(obj, [...head, '*', ...tail].join('.'));
				expect(star).toEqual(flat.length ? flat : undefined);
			}),
			{numRuns: 500, seed: 5},
		);
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
/** kubectl drain NODE --ignore-daemonsets: cordon, then evict what drain evicts. */
function drain(c: Cluster, node: string): void {
	c.cordon(node);
	for (const p of c.list('Pod', {fieldSelector: `spec.nodeName=${node}`}) as Pod[]) if (drainEvicts(p)) c.evict(p.metadata.namespace!, p.metadata.name);
}

/** `e` on any object: read, change, write back. */
function edit<T extends KObject>(c: Cluster, kind: string, namespace: string | undefined, name: string, change: (o: T) => void): void {
	const o = structuredClone(c.get(kind, namespace, name)) as T;
	change(o);
	c.update(o);
}

const deploymentYaml = (name: string, namespace: string, replicas: number, image: string) =>
	`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${name}}}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers: [{name: ${image.split(':')[0]}, image: "${image}"}]\n`;

/**
 * What a learner does for each step, as kubectl or the dashboard's keys would write it; 'watch'
 * for a step that only waits (it may be done already when it comes), and how long to wait after.
 */
type Solution = ((c: Cluster) => void) | 'watch' | {act: (c: Cluster) => void; waitMs: number};
const fixture = (path: string) => readFileSync(`test/fixtures/website/${path}`, 'utf8');
const SOLUTIONS: Record<string, Solution[]> = {
	containers: [
		c => void c.setImage('Deployment', 'default', 'layers', 'nginx', 'nginx:1.27-alpine-perl'),
		c => void c.scale('Deployment', 'default', 'layers', 2),
		c => void c.delete('Deployment', 'default', 'layers'),
	],
	'control-plane': [
		c => c.apply(deploymentYaml('hello', 'default', 3, 'nginx:1.27')),
		c => c.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: manual, namespace: default, labels: {run: manual}}\nspec:\n  nodeName: kubesim-worker3\n  containers: [{name: manual, image: "nginx:1.27"}]\n'),
		c => c.failNode('kubesim-worker3'),
		c => c.recoverNode('kubesim-worker3'),
	],
	'service-types': [
		c => edit<Service>(c, 'Service', 'default', 'shop', s => (s.spec!.type = 'LoadBalancer')),
		c => c.apply('apiVersion: v1\nkind: Service\nmetadata: {name: shop-pods, namespace: default}\nspec:\n  clusterIP: None\n  selector: {app: shop}\n  ports: [{port: 80}]\n'),
		// what kubectl create service externalname db --external-name db.example.com sends
		c => c.apply('apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: default, labels: {app: db}}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n'),
	],
	daemonset: [
		c => edit<DaemonSet>(c, 'DaemonSet', 'default', 'log-agent', d => (d.spec.template.spec.tolerations = [{key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'}])),
		c => drain(c, 'kubesim-worker2'),
		// one node at a time, each old agent given its 30 s to stop
		{act: c => void c.setImage('DaemonSet', 'default', 'log-agent', 'agent', 'busybox:1.37'), waitMs: 300_000},
	],
	statefulset: [
		c => void c.scale('StatefulSet', 'default', 'cache', 3),
		c => void c.delete('Pod', 'default', 'cache-1'),
		c => void c.scale('StatefulSet', 'default', 'cache', 1),
	],
	jobs: [
		// the documentation's example, as kubectl apply -f sends it
		c => c.apply(fixture('controllers/job.yaml'), 'job.yaml', 'default'),
		c =>
			c.apply(
				'apiVersion: batch/v1\nkind: Job\nmetadata: {name: squares, namespace: default}\nspec:\n  completions: 5\n  parallelism: 2\n  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: square\n        image: busybox:1.36\n        command: [sh, -c, "echo $((JOB_COMPLETION_INDEX * JOB_COMPLETION_INDEX))"]\n',
			),
		// what kubectl create cronjob hello --image=busybox:1.36 --schedule='*/1 * * * *' -- sh -c '...' sends
		c =>
			c.apply(
				"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: hello, namespace: default}\nspec:\n  schedule: '*/1 * * * *'\n  jobTemplate:\n    metadata: {name: hello}\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: hello\n            image: busybox:1.36\n            command: [sh, -c, 'date; echo Hello from the Kubernetes cluster']\n",
			),
		c => edit<CronJob>(c, 'CronJob', 'default', 'hello', j => (j.spec.suspend = true)),
	],
	namespaces: [
		c => c.apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}\n'),
		c => c.apply(deploymentYaml('web', 'dev', 2, 'nginx:1.27')),
		c => {
			c.apply('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods, namespace: dev}\nspec:\n  hard: {pods: "3"}\n');
			c.advance(5_000);
			c.scale('Deployment', 'dev', 'web', 5);
		},
		c => void c.delete('Namespace', undefined, 'dev'),
	],
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

describe('what the lessons explain is what the simulator did', () => {
	const started = (id: string) => {
		const c = createCluster({seed: 7});
		c.advance(10_000);
		const lesson = course.find(l => l.id === id)!;
		c.apply(lesson.manifests!, lesson.source);
		c.advance(120_000);
		return c;
	};
	/** Advances `stepMs` at a time (a second by default) for `ms`, calling `look` after each. */
	const stepping = (c: Cluster, ms: number, look: () => void, stepMs = 1_000) => {
		for (let t = 0; t < ms; t += stepMs) {
			c.advance(stepMs);
			look();
		}
	};
	const live = (pods: KObject[]) => (pods as Pod[]).filter(p => !p.metadata.deletionTimestamp);
	const ready = (p: Pod) => p.status?.conditions?.some(x => x.type === 'Ready' && x.status === 'True') ?? false;

	it('containers: the image update downloads only the layers the node lacks, and keeps shared ones once', () => {
		const c = started('containers');
		const before = c.nodeImages('kubesim-worker2')!;
		c.setImage('Deployment', 'default', 'layers', 'nginx', 'nginx:1.27-alpine-perl');
		c.advance(120_000);
		const after = c.nodeImages('kubesim-worker2')!;
		const perl = after.images.find(i => i.tag === '1.27-alpine-perl')!;
		const alpine = after.images.find(i => i.tag === '1.27-alpine')!;
		expect(perl.shared).toBeGreaterThan(0);
		expect(perl.shared).toBe(alpine.shared);
		expect(after.diskBytes - before.diskBytes).toBe(perl.size - perl.shared);
	});

	it('daemonset: the update replaces one node at a time, never two agents on a node', () => {
		const c = started('daemonset');
		edit<DaemonSet>(c, 'DaemonSet', 'default', 'log-agent', d => (d.spec.template.spec.tolerations = [{key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'}]));
		c.advance(300_000);
		c.setImage('DaemonSet', 'default', 'log-agent', 'agent', 'busybox:1.37');
		let mostWithout = 0;
		stepping(c, 300_000, () => {
			const agents = live(c.list('Pod', {namespace: 'default', labelSelector: 'app=log-agent'}));
			const perNode = new Map<string, number>();
			for (const p of agents) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
			expect(Math.max(...perNode.values())).toBe(1);
			mostWithout = Math.max(mostWithout, 4 - agents.filter(ready).length);
		});
		expect(mostWithout).toBe(1);
		expect(live(c.list('Pod', {namespace: 'default', labelSelector: 'app=log-agent'})).map(p => (p as Pod).spec.containers[0]!.image)).toEqual(Array(4).fill('busybox:1.37'));
	});

	it('statefulset: each Pod is created only once the one before it is Ready, with its stable name in DNS', () => {
		const c = started('statefulset');
		c.scale('StatefulSet', 'default', 'cache', 3);
		const createdWhile: Record<string, boolean> = {};
		stepping(c, 120_000, () => {
			for (const n of [1, 2])
				if (createdWhile[`cache-${n}`] === undefined && c.find('Pod', 'default', `cache-${n}`)) createdWhile[`cache-${n}`] = ready(c.get('Pod', 'default', `cache-${n - 1}`) as Pod);
		});
		expect(createdWhile).toEqual({'cache-1': true, 'cache-2': true});
		const pod = c.get('Pod', 'default', 'cache-2') as Pod;
		expect([pod.spec.hostname, pod.spec.subdomain]).toEqual(['cache-2', 'cache']);
		// the headless Service's endpoints carry each Pod's hostname, which DNS answers for
		const endpoints = c.get('Endpoints', 'default', 'cache') as Endpoints;
		expect(endpoints.subsets![0]!.addresses!.map(a => a.hostname)).toEqual(['cache-0', 'cache-1', 'cache-2']);
		const slice = c.list('EndpointSlice', {namespace: 'default', labelSelector: 'kubernetes.io/service-name=cache'})[0] as EndpointSlice;
		expect(slice.endpoints.map(e => e.hostname)).toEqual(['cache-0', 'cache-1', 'cache-2']);
		// a Pod whose subdomain names no Service gets no hostname in another Service's endpoints
		c.apply('apiVersion: v1\nkind: Service\nmetadata: {name: any-cache, namespace: default}\nspec:\n  clusterIP: None\n  selector: {app: cache}\n  ports: [{port: 6379}]\n');
		c.advance(5_000);
		expect((c.get('Endpoints', 'default', 'any-cache') as Endpoints).subsets![0]!.addresses!.map(a => a.hostname)).toEqual([undefined, undefined, undefined]);
	});

	it('jobs: squares runs 2 Pods at a time at most (its Pods live under a second), each with its index', () => {
		const c = createCluster({seed: 7});
		c.advance(10_000);
		(SOLUTIONS.jobs![1] as (c: Cluster) => void)(c);
		let most = 0;
		stepping(c, 120_000, () => {
			const running = live(c.list('Pod', {namespace: 'default', labelSelector: 'job-name=squares'})).filter(p => (p as Pod).status?.phase === 'Running' || (p as Pod).status?.phase === 'Pending');
			most = Math.max(most, running.length);
		}, 50);
		expect(most).toBe(2);
		const pods = c.list('Pod', {namespace: 'default', labelSelector: 'job-name=squares'}) as Pod[];
		expect(pods.map(p => [p.metadata.annotations!['batch.kubernetes.io/job-completion-index'], c.logs('default', p.metadata.name).join('')]).sort()).toEqual([['0', '0'], ['1', '1'], ['2', '4'], ['3', '9'], ['4', '16']]);
	});

	it('control-plane: a node that stops posting has its Pods marked not Ready, and they are Ready again when it is back', () => {
		const c = createCluster({seed: 7});
		c.advance(10_000);
		for (const act of SOLUTIONS['control-plane']!.slice(0, 2)) {
			(act as (c: Cluster) => void)(c);
			c.advance(120_000);
		}
		const manualReady = () => ready(c.get('Pod', 'default', 'manual') as Pod);
		expect(manualReady()).toBe(true);
		c.failNode('kubesim-worker3');
		c.advance(120_000);
		expect(manualReady()).toBe(false);
		c.recoverNode('kubesim-worker3');
		c.advance(120_000);
		expect(manualReady()).toBe(true);
	});
});
