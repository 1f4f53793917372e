// The protobuf body decoder, fed bodies encoded here with protobufjs from the same .proto subsets.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {decodeProtobuf, protoRoot, readEnvelope} from '../../source/server/protobuf.js';

function body(apiVersion: string, kind: string, type: string, obj: Record<string, unknown>): Buffer {
	const root = protoRoot();
	const t = root.lookupType(type);
	const err = t.verify(obj);
	if (err) throw new Error(err);
	const raw = t.encode(t.fromObject(obj)).finish();
	const unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
	const env = unknown.encode(unknown.fromObject({typeMeta: {apiVersion, kind}, raw, contentEncoding: '', contentType: ''})).finish();
	return Buffer.concat([Buffer.from('k8s\0', 'latin1'), env]);
}

const emptyMeta = {name: '', generateName: '', namespace: '', selfLink: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {seconds: 0, nanos: 0}};

describe('protobuf request bodies', () => {
	it('unwraps the envelope', () => {
		const b = body('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', {metadata: {name: 'x'}});
		const env = readEnvelope(b);
		expect(env.apiVersion).toBe('v1');
		expect(env.kind).toBe('Namespace');
		expect(() => readEnvelope(b.subarray(1))).toThrow(/prefix/);
	});

	it('decodes a Deployment as kubectl create deployment sends it, leaving out empty fields', () => {
		const tmplMeta = {...emptyMeta, labels: {app: 'hello'}};
		const b = body('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
			metadata: {...emptyMeta, name: 'hello', labels: {app: 'hello'}},
			spec: {
				replicas: 2,
				selector: {matchLabels: {app: 'hello'}},
				template: {
					metadata: tmplMeta,
					spec: {
						containers: [
							{
								name: 'nginx',
								image: 'nginx:1.27',
								workingDir: '',
								ports: [{name: '', hostPort: 0, containerPort: 80, protocol: '', hostIP: ''}],
								resources: {limits: {cpu: {string: '500m'}}, requests: {memory: {string: '64Mi'}}},
								env: [{name: 'A', value: '1'}],
								imagePullPolicy: 'IfNotPresent',
								stdin: false,
							},
						],
						restartPolicy: '',
						dnsPolicy: '',
						hostNetwork: false,
						hostPID: false,
						volumes: [{name: 'tmp', volumeSource: {emptyDir: {}}}],
					},
				},
				strategy: {type: '', rollingUpdate: {maxUnavailable: {type: 1, strVal: '25%'}, maxSurge: {type: 0, intVal: 1}}},
				minReadySeconds: 0,
				paused: false,
			},
			status: new Uint8Array(),
		});
		expect(decodeProtobuf(b)).toEqual({
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'hello', labels: {app: 'hello'}},
			spec: {
				replicas: 2,
				selector: {matchLabels: {app: 'hello'}},
				template: {
					metadata: {labels: {app: 'hello'}},
					spec: {
						containers: [
							{
								name: 'nginx',
								image: 'nginx:1.27',
								ports: [{containerPort: 80}],
								resources: {limits: {cpu: '500m'}, requests: {memory: '64Mi'}},
								env: [{name: 'A', value: '1'}],
								imagePullPolicy: 'IfNotPresent',
							},
						],
						volumes: [{name: 'tmp', emptyDir: {}}],
					},
				},
				strategy: {rollingUpdate: {maxUnavailable: '25%', maxSurge: 1}},
			},
		});
	});

	it('keeps zero values of pointer fields', () => {
		const b = body('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {metadata: {name: 'z'}, spec: {replicas: 0}});
		expect(decodeProtobuf(b)).toMatchObject({spec: {replicas: 0}});
	});

	it('decodes a Service with IntOrString target ports', () => {
		const b = body('v1', 'Service', 'k8s.io.api.core.v1.Service', {
			metadata: {name: 'hello'},
			spec: {
				ports: [
					{name: '80-80', protocol: 'TCP', port: 80, targetPort: {type: 0, intVal: 8080}, nodePort: 0},
					{name: 'named', port: 81, targetPort: {type: 1, strVal: 'http'}},
				],
				selector: {app: 'hello'},
				clusterIP: '',
				type: 'ClusterIP',
			},
		});
		expect(decodeProtobuf(b)).toEqual({
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'hello'},
			spec: {
				ports: [
					{name: '80-80', protocol: 'TCP', port: 80, targetPort: 8080},
					{name: 'named', port: 81, targetPort: 'http'},
				],
				selector: {app: 'hello'},
				type: 'ClusterIP',
			},
		});
	});

	it('decodes an autoscaling/v2 HorizontalPodAutoscaler', () => {
		const b = body('autoscaling/v2', 'HorizontalPodAutoscaler', 'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler', {
			metadata: {name: 'hello'},
			spec: {
				scaleTargetRef: {kind: 'Deployment', name: 'hello', apiVersion: 'apps/v1'},
				minReplicas: 2,
				maxReplicas: 5,
				metrics: [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 60}}}],
			},
		});
		expect(decodeProtobuf(b)).toEqual({
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: {name: 'hello'},
			spec: {
				scaleTargetRef: {kind: 'Deployment', name: 'hello', apiVersion: 'apps/v1'},
				minReplicas: 2,
				maxReplicas: 5,
				metrics: [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 60}}}],
			},
		});
	});

	it('decodes the autoscaling/v1 HorizontalPodAutoscaler kubectl 1.32 autoscale posts, and Jobs', () => {
		const hpa = body('autoscaling/v1', 'HorizontalPodAutoscaler', 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler', {
			metadata: {name: 'hello'},
			spec: {scaleTargetRef: {kind: 'Deployment', name: 'hello', apiVersion: 'apps/v1'}, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60},
		});
		expect(decodeProtobuf(hpa)).toMatchObject({apiVersion: 'autoscaling/v1', spec: {minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60}});
		const job = body('batch/v1', 'Job', 'k8s.io.api.batch.v1.Job', {metadata: {name: 'j'}, spec: {backoffLimit: 0, template: {spec: {containers: [{name: 'j', image: 'busybox', command: ['echo', 'hi']}], restartPolicy: 'Never'}}}});
		expect(decodeProtobuf(job)).toEqual({
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {name: 'j'},
			spec: {backoffLimit: 0, template: {spec: {containers: [{name: 'j', image: 'busybox', command: ['echo', 'hi']}], restartPolicy: 'Never'}}},
		});
	});

	it('decodes ConfigMaps, Secrets (bytes as base64) and Namespaces', () => {
		expect(decodeProtobuf(body('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', {metadata: {name: 'c'}, data: {a: '1'}, binaryData: {b: Buffer.from([1, 2])}, immutable: false}))).toEqual({
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {name: 'c'},
			data: {a: '1'},
			binaryData: {b: 'AQI='},
			immutable: false,
		});
		expect(decodeProtobuf(body('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {metadata: {name: 's', namespace: 'x'}, data: {p: Buffer.from('x')}, type: 'Opaque'}))).toEqual({
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {name: 's', namespace: 'x'},
			data: {p: 'eA=='},
			type: 'Opaque',
		});
		expect(decodeProtobuf(body('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', {metadata: {name: 'n', creationTimestamp: {seconds: 1_700_000_000, nanos: 0}}, spec: {finalizers: ['kubernetes']}}))).toEqual({
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {name: 'n', creationTimestamp: '2023-11-14T22:13:20Z'},
			spec: {finalizers: ['kubernetes']},
		});
	});

	it('decodes the ResourceQuota kubectl create quota sends, with its scopes and scope selector', () => {
		const b = body('v1', 'ResourceQuota', 'k8s.io.api.core.v1.ResourceQuota', {
			metadata: {...emptyMeta, name: 'pods', namespace: 'dev'},
			spec: {hard: {pods: {string: '3'}, 'requests.cpu': {string: '500m'}}, scopes: ['NotBestEffort'], scopeSelector: {matchExpressions: [{scopeName: 'PriorityClass', operator: 'In', values: ['high']}]}},
			status: new Uint8Array(),
		});
		expect(decodeProtobuf(b)).toEqual({
			apiVersion: 'v1',
			kind: 'ResourceQuota',
			metadata: {name: 'pods', namespace: 'dev'},
			spec: {hard: {pods: '3', 'requests.cpu': '500m'}, scopes: ['NotBestEffort'], scopeSelector: {matchExpressions: [{scopeName: 'PriorityClass', operator: 'In', values: ['high']}]}},
		});
	});

	it('decodes any ResourceQuota spec it is sent into the same JSON', () => {
		const name = fc.stringMatching(/^[a-z][a-z.]{0,12}$/);
		const quantity = fc.oneof(fc.nat({max: 10_000}).map(String), fc.constantFrom('500m', '1Gi', '2Ki', '0'));
		const spec = fc.record(
			{
				hard: fc.dictionary(name, quantity, {minKeys: 1, maxKeys: 5}),
				scopes: fc.uniqueArray(fc.constantFrom('BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating'), {minLength: 1, maxLength: 2}),
			},
			{requiredKeys: ['hard']},
		);
		fc.assert(
			fc.property(name, spec, (n, s) => {
				const sent = {...s, hard: Object.fromEntries(Object.entries(s.hard).map(([k, v]) => [k, {string: v}]))};
				const b = body('v1', 'ResourceQuota', 'k8s.io.api.core.v1.ResourceQuota', {metadata: {name: n}, spec: sent});
				expect(decodeProtobuf(b)).toEqual({apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: n}, spec: s});
			}),
			{numRuns: 200, seed: 58},
		);
	});

	it('decodes an Eviction with its DeleteOptions, keeping a zero grace period', () => {
		const b = body('policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction', {
			metadata: {name: 'p', namespace: 'default'},
			deleteOptions: {gracePeriodSeconds: 0, preconditions: {uid: 'u1'}, dryRun: ['All']},
		});
		expect(decodeProtobuf(b)).toEqual({
			apiVersion: 'policy/v1',
			kind: 'Eviction',
			metadata: {name: 'p', namespace: 'default'},
			deleteOptions: {gracePeriodSeconds: 0, preconditions: {uid: 'u1'}, dryRun: ['All']},
		});
	});

	it('decodes the Pod kubectl debug node/N sends', () => {
		const pod = {
			metadata: {name: 'node-debugger-n1-abcde'},
			spec: {containers: [{name: 'debugger', image: 'busybox:1.28', stdin: true, tty: true}], nodeName: 'n1', hostPID: true, hostNetwork: true, restartPolicy: 'Never'},
		};
		expect(decodeProtobuf(body('v1', 'Pod', 'k8s.io.api.core.v1.Pod', pod))).toEqual({apiVersion: 'v1', kind: 'Pod', ...pod});
	});

	it('refuses unknown kinds, wrong versions and fields it does not know', () => {
		expect(() => decodeProtobuf(body('v1', 'Node', 'k8s.io.api.core.v1.Namespace', {metadata: {name: 'x'}}))).toThrow(/not Node/);
		expect(() => decodeProtobuf(body('apps/v1beta1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {metadata: {name: 'x'}}))).toThrow(/only as apps\/v1/);
		// ServiceSpec field 99 is not in the subset
		const known = body('v1', 'Service', 'k8s.io.api.core.v1.Service', {metadata: {name: 'x'}});
		const env = readEnvelope(known);
		const extra = Buffer.concat([env.raw, Buffer.from([0x12, 0x03, 0xa0, 0x06, 0x01])]);
		const unknown = protoRoot().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
		const b = Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.encode(unknown.fromObject({typeMeta: {apiVersion: 'v1', kind: 'Service'}, raw: extra})).finish()]);
		expect(() => decodeProtobuf(b)).toThrow(/does not know every field/);
	});
});
