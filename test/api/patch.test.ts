import {describe, expect, it} from 'vitest';
import {applyPatch, jsonMergePatch, jsonPatch, strategicMergePatch} from '../../source/cluster/api/patch.js';
import {StatusError} from '../../source/cluster/core/errors.js';
import type {Deployment, Node, Pod, Service} from '../../source/cluster/types.js';

/** Freezes every level, so any mutation of an input throws in strict mode. */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null) {
		for (const v of Object.values(value)) deepFreeze(v);
		Object.freeze(value);
	}
	return value;
}

function deployment(): Deployment {
	return deepFreeze({
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name: 'web',
			namespace: 'default',
			uid: 'd-1',
			generation: 3,
			labels: {app: 'web'},
			annotations: {'deployment.kubernetes.io/revision': '3', team: 'core'},
			finalizers: ['example.com/keep'],
		},
		spec: {
			replicas: 3,
			selector: {matchLabels: {app: 'web'}},
			template: {
				metadata: {labels: {app: 'web'}, annotations: {'prometheus.io/scrape': 'true'}},
				spec: {
					containers: [
						{
							name: 'web',
							image: 'nginx:1.27',
							ports: [
								{name: 'http', containerPort: 80, protocol: 'TCP'},
								{name: 'metrics', containerPort: 9113, protocol: 'TCP'},
							],
							env: [
								{name: 'MODE', value: 'prod'},
								{name: 'LOG_LEVEL', value: 'info'},
							],
							volumeMounts: [{name: 'config', mountPath: '/etc/nginx/conf.d'}],
							resources: {requests: {cpu: '100m', memory: '128Mi'}},
						},
						{name: 'sidecar', image: 'busybox:1.36', args: ['sleep', 'infinity']},
					],
					volumes: [{name: 'config', configMap: {name: 'web-config'}}],
					tolerations: [{key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule'}],
				},
			},
		},
		status: {
			replicas: 3,
			conditions: [
				{type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable'},
				{type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable'},
			],
		},
	} as Deployment);
}

function statusOf(fn: () => unknown): StatusError {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(StatusError);
		return e as StatusError;
	}
	throw new Error('expected a StatusError');
}

const SMP = 'application/strategic-merge-patch+json';

describe('jsonMergePatch (RFC 7386)', () => {
	it('merges objects, deletes with null, replaces arrays and scalars', () => {
		const target = deepFreeze({a: 'b', c: {d: 'e', f: 'g'}, list: [1, 2, 3], keep: true});
		const out = jsonMergePatch(target, {a: 'z', c: {f: null, h: 'i'}, list: [4]});
		expect(out).toEqual({a: 'z', c: {d: 'e', h: 'i'}, list: [4], keep: true});
	});

	it.each([
		[{a: 'b'}, {a: 'c'}, {a: 'c'}],
		[{a: 'b'}, {b: 'c'}, {a: 'b', b: 'c'}],
		[{a: 'b'}, {a: null}, {}],
		[{a: 'b', b: 'c'}, {a: null}, {b: 'c'}],
		[{a: ['b']}, {a: 'c'}, {a: 'c'}],
		[{a: 'c'}, {a: ['b']}, {a: ['b']}],
		[{a: {b: 'c'}}, {a: {b: 'd', c: null}}, {a: {b: 'd'}}],
		[{a: [{b: 'c'}]}, {a: [1]}, {a: [1]}],
		[['a', 'b'], ['c', 'd'], ['c', 'd']],
		[{a: 'b'}, ['c'], ['c']],
		[{a: 'foo'}, null, null],
		[{a: 'foo'}, 'bar', 'bar'],
		[{e: null}, {a: 1}, {e: null, a: 1}],
		[[1, 2], {a: 'b', c: null}, {a: 'b'}],
		[{}, {a: {bb: {ccc: null}}}, {a: {bb: {}}}],
	])('%j + %j = %j', (target, patch, expected) => {
		expect(jsonMergePatch(deepFreeze(target), deepFreeze(patch))).toEqual(expected);
	});

	it('returns a copy that shares nothing with its inputs', () => {
		const target = {a: {b: 1}, c: [1]};
		const patch = {d: {e: 2}};
		const out = jsonMergePatch(target, patch) as any;
		out.a.b = 9;
		out.c.push(2);
		out.d.e = 9;
		expect(target).toEqual({a: {b: 1}, c: [1]});
		expect(patch).toEqual({d: {e: 2}});
	});

	it('merge patch {"spec":{"replicas":5}} through applyPatch', () => {
		const d = deployment();
		const out = applyPatch(d, {spec: {replicas: 5}}, 'application/merge-patch+json') as Deployment;
		expect(out.spec.replicas).toBe(5);
		expect(out.spec.template).toEqual(d.spec.template);
		expect(out.metadata).toEqual(d.metadata);
		expect(d.spec.replicas).toBe(3);
	});

	it('replaces a list of containers wholesale (no merge keys)', () => {
		const out = applyPatch(deployment(), {spec: {template: {spec: {containers: [{name: 'web', image: 'nginx:1.28'}]}}}}, 'application/merge-patch+json') as Deployment;
		expect(out.spec.template.spec.containers).toEqual([{name: 'web', image: 'nginx:1.28'}]);
	});

	it('accepts the body as JSON text and rejects a body that is not an object', () => {
		expect((applyPatch(deployment(), '{"spec":{"replicas":1}}', 'application/merge-patch+json') as Deployment).spec.replicas).toBe(1);
		const e = statusOf(() => applyPatch(deployment(), [1], 'application/merge-patch+json'));
		expect(e.code).toBe(400);
		expect(e.reason).toBe('BadRequest');
		expect(statusOf(() => applyPatch(deployment(), '{nope', 'application/merge-patch+json')).code).toBe(400);
	});
});

describe('jsonPatch (RFC 6902)', () => {
	const doc = () => deepFreeze({foo: 'bar', baz: [1, 2, 3], nested: {'a/b': 1, 'm~n': 2}});

	it('adds members and array elements, with - appending', () => {
		expect(jsonPatch(doc(), [{op: 'add', path: '/qux', value: {x: 1}}])).toMatchObject({qux: {x: 1}});
		expect((jsonPatch(doc(), [{op: 'add', path: '/baz/1', value: 9}]) as any).baz).toEqual([1, 9, 2, 3]);
		expect((jsonPatch(doc(), [{op: 'add', path: '/baz/3', value: 9}]) as any).baz).toEqual([1, 2, 3, 9]);
		expect((jsonPatch(doc(), [{op: 'add', path: '/baz/-', value: 4}]) as any).baz).toEqual([1, 2, 3, 4]);
		expect(jsonPatch(doc(), [{op: 'add', path: '', value: {whole: true}}])).toEqual({whole: true});
		expect(jsonPatch(doc(), [{op: 'add', path: '/foo', value: null}])).toMatchObject({foo: null});
	});

	it('unescapes ~1 and ~0 in pointers', () => {
		const out = jsonPatch(doc(), [
			{op: 'replace', path: '/nested/a~1b', value: 10},
			{op: 'remove', path: '/nested/m~0n'},
			{op: 'add', path: '/nested/~01', value: 'tilde-one'},
		]);
		expect((out as any).nested).toEqual({'a/b': 10, '~1': 'tilde-one'});
	});

	it('removes, replaces, moves, copies and tests', () => {
		const out = jsonPatch(doc(), [
			{op: 'test', path: '/foo', value: 'bar'},
			{op: 'remove', path: '/baz/0'},
			{op: 'replace', path: '/foo', value: 'qux'},
			{op: 'copy', from: '/baz', path: '/copied'},
			{op: 'move', from: '/nested/a~1b', path: '/moved'},
			{op: 'move', from: '/baz/0', path: '/baz/-'},
			{op: 'test', path: '/copied', value: [2, 3]},
		]);
		expect(out).toEqual({foo: 'qux', baz: [3, 2], copied: [2, 3], nested: {'m~n': 2}, moved: 1});
	});

	it('compares objects by value, ignoring member order, in test', () => {
		expect(() => jsonPatch({a: {x: 1, y: [1, {z: 2}]}}, [{op: 'test', path: '/a', value: {y: [1, {z: 2}], x: 1}}])).not.toThrow();
	});

	it('fails a test operation with 422 Invalid and leaves the input alone', () => {
		const d = deployment();
		const e = statusOf(() =>
			applyPatch(
				d,
				[
					{op: 'replace', path: '/spec/replicas', value: 10},
					{op: 'test', path: '/metadata/name', value: 'api'},
				],
				'application/json-patch+json',
			),
		);
		expect(e.code).toBe(422);
		expect(e.reason).toBe('Invalid');
		expect(e.status.status).toBe('Failure');
		expect(e.message).toBe('jsonpatch test operation does not apply: is not equal');
		expect(d.spec.replicas).toBe(3);
	});

	it('reports missing paths the way the apiserver does', () => {
		const remove = statusOf(() => jsonPatch(deployment(), [{op: 'remove', path: '/spec/foo'}]));
		expect(remove.code).toBe(422);
		expect(remove.message).toBe('jsonpatch remove operation does not apply: doc is missing path: "/spec/foo"');
		const replace = statusOf(() => jsonPatch(deployment(), [{op: 'replace', path: '/spec/foo', value: 1}]));
		expect(replace.code).toBe(422);
		expect(replace.message).toBe('jsonpatch replace operation does not apply: doc is missing key: /spec/foo');
		const add = statusOf(() => jsonPatch(deployment(), [{op: 'add', path: '/spec/foo/bar', value: 1}]));
		expect(add.message).toBe('jsonpatch add operation does not apply: doc is missing path: "/spec/foo/bar"');
		expect(statusOf(() => jsonPatch({a: [1]}, [{op: 'add', path: '/a/5', value: 1}])).code).toBe(422);
		expect(statusOf(() => jsonPatch({a: [1]}, [{op: 'remove', path: '/a/-'}])).code).toBe(422);
		expect(statusOf(() => jsonPatch({a: [1]}, [{op: 'remove', path: '/a/01'}])).code).toBe(422);
		expect(statusOf(() => jsonPatch({a: 1}, [{op: 'move', from: '/b', path: '/c'}])).message).toBe(
			'jsonpatch move operation does not apply: doc is missing from path: "/b"',
		);
		expect(statusOf(() => jsonPatch({a: {b: 1}}, [{op: 'move', from: '/a', path: '/a/b/c'}])).code).toBe(422);
		expect(statusOf(() => jsonPatch({a: 1}, [{op: 'test', path: '/b', value: 1}])).code).toBe(422);
	});

	it('rejects a malformed patch body with 400 BadRequest', () => {
		for (const body of [{op: 'add', path: '/a', value: 1}, 'nope', null, [1], [{op: 'frob', path: '/a'}], [{op: 'add', value: 1}], [{op: 'add', path: '/a'}], [{op: 'copy', path: '/a'}], [{op: 'add', path: 'a', value: 1}], [{op: 'add', path: '/a~2', value: 1}]]) {
			const e = statusOf(() => jsonPatch({a: 1}, body));
			expect(e.code, JSON.stringify(body)).toBe(400);
			expect(e.reason).toBe('BadRequest');
		}
		expect(statusOf(() => applyPatch(deployment(), {op: 'add'}, 'application/json-patch+json')).message).toBe(
			'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
		);
	});

	it('applies what kubectl rollout undo sends: /spec/template and /metadata/annotations', () => {
		const d = deployment();
		const template = {
			metadata: {labels: {app: 'web'}},
			spec: {containers: [{name: 'web', image: 'nginx:1.26'}]},
		};
		const annotations = {'deployment.kubernetes.io/revision': '3', team: 'core', 'kubernetes.io/change-cause': 'undo'};
		const out = applyPatch(
			d,
			JSON.stringify([
				{op: 'replace', path: '/spec/template', value: template},
				{op: 'replace', path: '/metadata/annotations', value: annotations},
			]),
			'application/json-patch+json',
		) as Deployment;
		expect(out.spec.template).toEqual(template);
		expect(out.metadata.annotations).toEqual(annotations);
		expect(out.spec.replicas).toBe(3);
		expect(out.status).toEqual(d.status);
		// The result does not alias the patch's values.
		out.spec.template.spec.containers[0].image = 'changed';
		expect(template.spec.containers[0]!.image).toBe('nginx:1.26');
	});
});

describe('strategicMergePatch', () => {
	it('kubectl set image: changes one container image and nothing else', () => {
		const d = deployment();
		const out = applyPatch(d, {spec: {template: {spec: {containers: [{name: 'web', image: 'nginx:1.28'}]}}}}, SMP) as Deployment;
		const [web, sidecar] = out.spec.template.spec.containers;
		expect(out.spec.template.spec.containers).toHaveLength(2);
		expect(web).toEqual({...d.spec.template.spec.containers[0], image: 'nginx:1.28'});
		expect(sidecar).toEqual(d.spec.template.spec.containers[1]);
		expect(out.spec.template.spec.volumes).toEqual(d.spec.template.spec.volumes);
		expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
	});

	it('adds a container that is not there yet', () => {
		const out = strategicMergePatch(deployment(), {spec: {template: {spec: {containers: [{name: 'proxy', image: 'envoy:1.30'}]}}}}) as Deployment;
		expect(out.spec.template.spec.containers.map(c => c.name)).toEqual(['web', 'sidecar', 'proxy']);
	});

	it('kubectl rollout restart: adds a template annotation and keeps the others', () => {
		const at = '2024-05-01T10:00:00Z';
		const out = applyPatch(deployment(), {spec: {template: {metadata: {annotations: {'kubectl.kubernetes.io/restartedAt': at}}}}}, SMP) as Deployment;
		expect(out.spec.template.metadata?.annotations).toEqual({'prometheus.io/scrape': 'true', 'kubectl.kubernetes.io/restartedAt': at});
		expect(out.spec.template.spec).toEqual(deployment().spec.template.spec);
	});

	it("kubectl apply's $setElementOrder/containers reorders and is not kept", () => {
		const patch = {
			spec: {
				template: {
					spec: {
						'$setElementOrder/containers': [{name: 'sidecar'}, {name: 'web'}],
						containers: [{name: 'web', image: 'nginx:1.28'}],
					},
				},
			},
		};
		const out = strategicMergePatch(deployment(), patch) as Deployment;
		const spec = out.spec.template.spec;
		expect(spec.containers.map(c => c.name)).toEqual(['sidecar', 'web']);
		expect(spec.containers[1].image).toBe('nginx:1.28');
		expect(spec.containers[1].env).toHaveLength(2);
		expect(Object.keys(spec).filter(k => k.startsWith('$'))).toEqual([]);
	});

	it('$setElementOrder appends elements it does not name', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {template: {spec: {'$setElementOrder/containers': [{name: 'proxy'}, {name: 'sidecar'}], containers: [{name: 'proxy', image: 'envoy'}]}}},
		}) as Deployment;
		expect(out.spec.template.spec.containers.map(c => c.name)).toEqual(['proxy', 'sidecar', 'web']);
	});

	it('merges env by name and deletes an entry with $patch: delete', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {
				template: {
					spec: {
						containers: [
							{
								name: 'web',
								env: [
									{name: 'LOG_LEVEL', value: 'debug'},
									{name: 'MODE', $patch: 'delete'},
									{name: 'NEW', value: '1'},
								],
							},
						],
					},
				},
			},
		}) as Deployment;
		const web = out.spec.template.spec.containers[0];
		expect(web.env).toEqual([
			{name: 'LOG_LEVEL', value: 'debug'},
			{name: 'NEW', value: '1'},
		]);
		expect(web.image).toBe('nginx:1.27');
	});

	it('deletes a whole container with $patch: delete and a field with null', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {template: {spec: {containers: [{name: 'sidecar', $patch: 'delete'}, {name: 'web', resources: null}]}}},
		}) as Deployment;
		expect(out.spec.template.spec.containers).toHaveLength(1);
		expect(out.spec.template.spec.containers[0].resources).toBeUndefined();
		expect(out.spec.template.spec.containers[0].ports).toHaveLength(2);
	});

	it('merges container ports by containerPort, volumeMounts by mountPath and volumes by name', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {
				template: {
					spec: {
						containers: [
							{
								name: 'web',
								ports: [{containerPort: 80, name: 'web'}, {containerPort: 443, name: 'https'}],
								volumeMounts: [{mountPath: '/etc/nginx/conf.d', readOnly: true}, {name: 'cache', mountPath: '/cache'}],
							},
						],
						volumes: [{name: 'cache', emptyDir: {}}],
					},
				},
			},
		}) as Deployment;
		const web = out.spec.template.spec.containers[0];
		expect(web.ports).toEqual([
			{name: 'web', containerPort: 80, protocol: 'TCP'},
			{name: 'metrics', containerPort: 9113, protocol: 'TCP'},
			{name: 'https', containerPort: 443},
		]);
		expect(web.volumeMounts).toEqual([
			{name: 'config', mountPath: '/etc/nginx/conf.d', readOnly: true},
			{name: 'cache', mountPath: '/cache'},
		]);
		expect(out.spec.template.spec.volumes?.map(v => v.name)).toEqual(['config', 'cache']);
	});

	it('replaces tolerations, envFrom and command-like lists', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {
				template: {
					spec: {
						tolerations: [{key: 'gpu', operator: 'Exists'}],
						containers: [{name: 'sidecar', args: ['sleep', '10']}],
					},
				},
			},
		}) as Deployment;
		expect(out.spec.template.spec.tolerations).toEqual([{key: 'gpu', operator: 'Exists'}]);
		expect(out.spec.template.spec.containers[1].args).toEqual(['sleep', '10']);
	});

	it('merges Service ports by port, but only in a Service', () => {
		const svc = deepFreeze({
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'web'},
			spec: {
				selector: {app: 'web'},
				ports: [
					{name: 'http', port: 80, targetPort: 8080},
					{name: 'https', port: 443, targetPort: 8443},
				],
			},
		} as Service);
		const out = strategicMergePatch(svc, {spec: {ports: [{port: 80, targetPort: 9090}, {port: 9000, name: 'admin'}]}}) as Service;
		expect(out.spec.ports).toEqual([
			{name: 'http', port: 80, targetPort: 9090},
			{name: 'https', port: 443, targetPort: 8443},
			{port: 9000, name: 'admin'},
		]);
		expect(statusOf(() => strategicMergePatch(svc, {spec: {ports: [{name: 'x'}]}})).code).toBe(400);
	});

	it('merges status conditions by type', () => {
		const out = strategicMergePatch(deployment(), {status: {conditions: [{type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable'}]}}) as Deployment;
		expect(out.status?.conditions).toEqual([
			{type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable'},
			{type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable'},
		]);
	});

	it('merges finalizers as a set and honours $deleteFromPrimitiveList', () => {
		const added = strategicMergePatch(deployment(), {metadata: {finalizers: ['example.com/keep', 'example.com/other']}}) as Deployment;
		expect(added.metadata.finalizers).toEqual(['example.com/keep', 'example.com/other']);
		const removed = strategicMergePatch(added, {metadata: {'$deleteFromPrimitiveList/finalizers': ['example.com/keep']}}) as Deployment;
		expect(removed.metadata.finalizers).toEqual(['example.com/other']);
		expect(Object.keys(removed.metadata).some(k => k.startsWith('$'))).toBe(false);
	});

	it('merges ownerReferences by uid', () => {
		const pod = deepFreeze({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'p', ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true}]},
			spec: {containers: [{name: 'c', image: 'i'}]},
		} as Pod);
		const out = strategicMergePatch(pod, {metadata: {ownerReferences: [{uid: 'u1', controller: null}, {apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u2'}]}}) as Pod;
		expect(out.metadata.ownerReferences).toEqual([
			{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1'},
			{apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u2'},
		]);
	});

	it('replaces node taints as a whole (the list is atomic, as kubectl taint expects)', () => {
		const node = deepFreeze({
			apiVersion: 'v1',
			kind: 'Node',
			metadata: {name: 'n1'},
			spec: {taints: [{key: 'a', effect: 'NoSchedule'}, {key: 'b', effect: 'NoExecute'}]},
		} as Node);
		const out = strategicMergePatch(node, {spec: {taints: [{key: 'c', effect: 'NoSchedule'}, {key: 'b', effect: 'NoExecute'}]}}) as Node;
		expect(out.spec?.taints).toEqual([
			{key: 'c', effect: 'NoSchedule'},
			{key: 'b', effect: 'NoExecute'},
		]);
		expect((strategicMergePatch(node, {spec: {taints: null}}) as Node).spec?.taints).toBeUndefined();
	});

	it('$patch: replace replaces a map and, as a list element, a whole list', () => {
		const out = strategicMergePatch(deployment(), {
			metadata: {labels: {$patch: 'replace', tier: 'frontend'}},
			spec: {template: {spec: {containers: [{$patch: 'replace'}, {name: 'only', image: 'x'}]}}},
		}) as Deployment;
		expect(out.metadata.labels).toEqual({tier: 'frontend'});
		expect(out.spec.template.spec.containers).toEqual([{name: 'only', image: 'x'}]);
	});

	it('$patch: delete on a map removes it; $patch: merge is the default', () => {
		const out = strategicMergePatch(deployment(), {
			metadata: {annotations: {$patch: 'delete'}, labels: {$patch: 'merge', tier: 'frontend'}},
		}) as Deployment;
		expect(out.metadata.annotations).toBeUndefined();
		expect(out.metadata.labels).toEqual({app: 'web', tier: 'frontend'});
		expect(statusOf(() => strategicMergePatch(deployment(), {metadata: {labels: {$patch: 'explode'}}})).code).toBe(400);
	});

	it('$retainKeys clears fields the patch does not keep', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {strategy: {$retainKeys: ['type'], type: 'Recreate'}},
		}) as Deployment;
		expect(out.spec.strategy).toEqual({type: 'Recreate'});
		const withRolling = strategicMergePatch(
			strategicMergePatch(deployment(), {spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1}}}}),
			{spec: {strategy: {$retainKeys: ['type'], type: 'Recreate'}}},
		) as Deployment;
		expect(withRolling.spec.strategy).toEqual({type: 'Recreate'});
	});

	it('never leaves directives in the result, even in new subtrees', () => {
		const out = strategicMergePatch(deployment(), {
			spec: {
				template: {
					spec: {
						initContainers: [{name: 'init', image: 'i', env: [{name: 'A', value: '1'}, {name: 'B', $patch: 'delete'}], '$setElementOrder/env': [{name: 'A'}]}],
					},
				},
			},
		}) as Deployment;
		expect(JSON.stringify(out)).not.toContain('$');
		expect(out.spec.template.spec.initContainers).toEqual([{name: 'init', image: 'i', env: [{name: 'A', value: '1'}]}]);
	});

	it('rejects merge-list elements without their merge key and non-object patches', () => {
		const e = statusOf(() => strategicMergePatch(deployment(), {spec: {template: {spec: {containers: [{image: 'x'}]}}}}));
		expect(e.code).toBe(400);
		expect(e.message).toContain('does not contain declared merge key: name');
		expect(statusOf(() => strategicMergePatch(deployment(), [1])).code).toBe(400);
		expect(statusOf(() => applyPatch(deployment(), '[]', SMP)).code).toBe(400);
	});

	it('leaves its inputs untouched and shares nothing with them', () => {
		const d = deployment();
		const patch = deepFreeze({spec: {template: {spec: {containers: [{name: 'proxy', image: 'envoy', ports: [{containerPort: 1}]}]}}}});
		const out = strategicMergePatch(d, patch) as Deployment;
		out.spec.template.spec.containers[2].ports![0].containerPort = 2;
		out.spec.template.spec.containers[0].env!.push({name: 'X'});
		expect(patch.spec.template.spec.containers[0]!.ports[0]!.containerPort).toBe(1);
		expect(d.spec.template.spec.containers[0].env).toHaveLength(2);
	});
});

describe('applyPatch', () => {
	it('server-side apply merges the applied configuration and keeps unmentioned fields', () => {
		const yamlBody = [
			'apiVersion: apps/v1',
			'kind: Deployment',
			'metadata:',
			'  name: web',
			'  labels:',
			'    tier: frontend',
			'spec:',
			'  replicas: 4',
			'  template:',
			'    spec:',
			'      containers:',
			'      - name: web',
			'        image: nginx:1.28',
			'        imagePullPolicy: null',
		].join('\n');
		const d = deployment();
		const out = applyPatch(d, yamlBody, 'application/apply-patch+yaml') as Deployment;
		expect(out.spec.replicas).toBe(4);
		expect(out.metadata.labels).toEqual({app: 'web', tier: 'frontend'});
		expect(out.spec.template.spec.containers).toHaveLength(2);
		expect(out.spec.template.spec.containers[0]).toMatchObject({name: 'web', image: 'nginx:1.28', env: d.spec.template.spec.containers[0].env});
		expect(out.spec.template.spec.containers[0]).not.toHaveProperty('imagePullPolicy');
		expect(out.status).toEqual(d.status);
	});

	it('server-side apply does not delete on null and accepts an object body', () => {
		const out = applyPatch(deployment(), {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', annotations: null}, spec: {replicas: 1}}, 'application/apply-patch+yaml') as Deployment;
		expect(out.metadata.annotations).toEqual(deployment().metadata.annotations);
		expect(out.spec.replicas).toBe(1);
	});

	it('server-side apply rejects another kind or name and bad YAML', () => {
		expect(statusOf(() => applyPatch(deployment(), {kind: 'StatefulSet', metadata: {name: 'web'}}, 'application/apply-patch+yaml')).code).toBe(400);
		expect(statusOf(() => applyPatch(deployment(), {kind: 'Deployment', metadata: {name: 'api'}}, 'application/apply-patch+yaml')).code).toBe(400);
		expect(statusOf(() => applyPatch(deployment(), 'a: [b', 'application/apply-patch+yaml')).code).toBe(400);
		expect(statusOf(() => applyPatch(deployment(), '- 1', 'application/apply-patch+yaml')).code).toBe(400);
	});

	it('ignores media type parameters and case', () => {
		const out = applyPatch(deployment(), {spec: {replicas: 2}}, 'Application/Merge-Patch+JSON; charset=utf-8') as Deployment;
		expect(out.spec.replicas).toBe(2);
	});

	it('answers an unknown content type with 415 UnsupportedMediaType', () => {
		const e = statusOf(() => applyPatch(deployment(), {spec: {replicas: 2}}, 'application/json'));
		expect(e.code).toBe(415);
		expect(e.reason).toBe('UnsupportedMediaType');
		expect(e.message).toBe(
			'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
		);
	});
});
