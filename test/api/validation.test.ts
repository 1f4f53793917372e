import {describe, it, expect} from 'vitest';
import fc from 'fast-check';
import type {KObject} from '../../source/cluster/types.js';
import {validate} from '../../source/cluster/api/validation.js';
import {base64ErrorOffset} from '../../source/kinds/shared/fields.js';
import {cronScheduleError} from '../../source/kinds/cronjob/schedule.js';
import {applyDefaults} from '../../source/cluster/api/defaults.js';

/** `field: message` of every cause. */
function errs(obj: unknown): string[] {
	return validate(obj as KObject).map(c => `${c.field}: ${c.message}`);
}

function reasons(obj: unknown): string[] {
	return validate(obj as KObject).map(c => c.reason);
}

const ctr = (extra: Record<string, unknown> = {}) => ({name: 'web', image: 'nginx:1.27', ...extra});
const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {name: 'web'}) => ({apiVersion: 'v1', kind: 'Pod', metadata, spec});
const podWith = (c: Record<string, unknown>, spec: Record<string, unknown> = {}) => pod({containers: [ctr(c)], ...spec});

function deploy(spec: Record<string, unknown> = {}, templateSpec: Record<string, unknown> = {}, labels: Record<string, string> | null = {app: 'web'}) {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'web'},
		spec: {
			replicas: 2,
			selector: {matchLabels: {app: 'web'}},
			template: {metadata: labels ? {labels} : {}, spec: {containers: [ctr()], ...templateSpec}},
			...spec,
		},
	};
}

const SUBDOMAIN =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUANTITY = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('valid objects', () => {
	it('accepts ordinary objects before and after defaults', () => {
		const objects: unknown[] = [
			podWith({ports: [{containerPort: 80, name: 'http'}], resources: {requests: {cpu: '100m', memory: '64Mi'}, limits: {cpu: 1, memory: '128Mi'}}}),
			deploy(),
			{apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {selector: {app: 'web'}, ports: [{port: 80, targetPort: 8080}]}},
			{apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'pi'}, spec: {template: {spec: {restartPolicy: 'Never', containers: [ctr()]}}}},
			{
				apiVersion: 'batch/v1',
				kind: 'CronJob',
				metadata: {name: 'tick'},
				spec: {schedule: '*/5 * * * *', jobTemplate: {spec: {template: {spec: {restartPolicy: 'OnFailure', containers: [ctr()]}}}}},
			},
			{
				apiVersion: 'autoscaling/v2',
				kind: 'HorizontalPodAutoscaler',
				metadata: {name: 'web'},
				spec: {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'web'}, maxReplicas: 5},
			},
			{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod'}},
			{apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, data: {password: 'aHVudGVyMg=='}, stringData: {user: 'admin'}},
			{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {'app.properties': 'a=1'}},
			{
				apiVersion: 'apps/v1',
				kind: 'StatefulSet',
				metadata: {name: 'db'},
				spec: {
					serviceName: 'db',
					selector: {matchLabels: {app: 'db'}},
					template: {metadata: {labels: {app: 'db'}}, spec: {containers: [ctr({volumeMounts: [{name: 'data', mountPath: '/data'}]})]}},
					volumeClaimTemplates: [{metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}}],
				},
			},
			{
				apiVersion: 'apps/v1',
				kind: 'DaemonSet',
				metadata: {name: 'agent'},
				spec: {selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [ctr()]}}},
			},
			{
				apiVersion: 'networking.k8s.io/v1',
				kind: 'Ingress',
				metadata: {name: 'web'},
				spec: {rules: [{host: 'web.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}}]}}]},
			},
			{apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'web'}, spec: {minAvailable: '50%', selector: {matchLabels: {app: 'web'}}}},
			{apiVersion: 'v1', kind: 'Node', metadata: {name: 'node-1'}, spec: {taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]}},
		];
		for (const o of objects) {
			expect(errs(o), JSON.stringify(o)).toEqual([]);
			const copy = structuredClone(o) as KObject;
			applyDefaults(copy);
			expect(errs(copy), JSON.stringify(copy)).toEqual([]);
		}
	});
});

describe('metadata', () => {
	it('requires a name unless generateName is given', () => {
		expect(errs(pod({containers: [ctr()]}, {}))).toEqual(['metadata.name: Required value: name or generateName is required']);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap'})).toEqual(['metadata.name: Required value: name or generateName is required']);
		expect(errs(pod({containers: [ctr()]}, {generateName: 'web-'}))).toEqual([]);
		expect(reasons(pod({containers: [ctr()]}, {}))).toEqual(['FieldValueRequired']);
	});

	it('checks names as RFC 1123 subdomains for most kinds', () => {
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'Web_1'}})).toEqual([`metadata.name: Invalid value: "Web_1": ${SUBDOMAIN}`]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a.b-c'}})).toEqual([]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a'.repeat(254)}})[0]).toBe(
			`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`,
		);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {generateName: 'Bad-'}})).toEqual([`metadata.generateName: Invalid value: "Bad-": ${SUBDOMAIN}`]);
	});

	it('checks namespace names as RFC 1123 labels and service names as RFC 1035 labels', () => {
		expect(errs({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a.b'}})).toEqual([`metadata.name: Invalid value: "a.b": ${LABEL}`]);
		expect(errs({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'x'.repeat(64)}})[0]).toBe(
			`metadata.name: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
		);
		expect(errs({apiVersion: 'v1', kind: 'Service', metadata: {name: '1web'}, spec: {ports: [{port: 80}]}})).toEqual([
			`metadata.name: Invalid value: "1web": ${DNS1035}`,
		]);
		expect(errs(pod({containers: [ctr()], hostname: 'My_Host'}))).toEqual([`spec.hostname: Invalid value: "My_Host": ${LABEL}`]);
	});

	it('limits CronJob names to 52 characters', () => {
		const name = 'c'.repeat(53);
		const cj = {
			apiVersion: 'batch/v1',
			kind: 'CronJob',
			metadata: {name},
			spec: {schedule: '@hourly', jobTemplate: {spec: {template: {spec: {restartPolicy: 'Never', containers: [ctr()]}}}}},
		};
		expect(errs(cj)).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
	});

	it('allows a namespace only on namespaced kinds', () => {
		expect(errs({apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1', namespace: 'default'}})).toEqual([
			'metadata.namespace: Forbidden: not allowed on this type',
		]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'Prod'}})).toEqual([`metadata.namespace: Invalid value: "Prod": ${LABEL}`]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'prod'}})).toEqual([]);
	});

	it('checks label keys and values', () => {
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', labels: {'-bad': 'ok', good: 'not ok', 'example.com/app': 'web'}}})).toEqual([
			"metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
			"metadata.labels: Invalid value: \"not ok\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
		]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', labels: {'Bad_Prefix/x': 'y'}}})[0]).toBe(
			`metadata.labels: Invalid value: "Bad_Prefix/x": prefix part ${SUBDOMAIN}`,
		);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', labels: {'a/b/c': 'y'}}})[0]).toMatch(/^metadata\.labels: Invalid value: "a\/b\/c": a qualified name must consist/);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', labels: {v: 'x'.repeat(64)}}})[0]).toBe(
			`metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
		);
	});

	it('reports label values of the wrong type', () => {
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', labels: {version: 2}}})).toEqual([
			'metadata.labels[version]: Invalid value: 2: metadata.labels[version] in body must be of type string: "integer"',
		]);
	});
});

describe('wrong types', () => {
	it('reports a string where an integer is expected', () => {
		const c = validate(deploy({replicas: 'three'}) as KObject);
		expect(c).toEqual([
			{
				reason: 'FieldValueTypeInvalid',
				field: 'spec.replicas',
				message: 'Invalid value: "three": spec.replicas in body must be of type integer: "string"',
			},
		]);
		expect(errs(deploy({replicas: 1.5}))).toEqual(['spec.replicas: Invalid value: 1.5: spec.replicas in body must be of type integer: "number"']);
	});

	it('reports an object where a list is expected, and the reverse', () => {
		expect(errs(pod({containers: {name: 'web', image: 'nginx'}}))).toEqual([
			'spec.containers: Invalid value: "object": spec.containers in body must be of type array: "object"',
		]);
		expect(errs(pod({containers: [ctr({env: [['A', 'b']]})]}))).toEqual([
			'spec.containers[0].env[0]: Invalid value: "array": spec.containers[0].env[0] in body must be of type object: "array"',
		]);
		expect(errs({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: 'x'})).toEqual(['spec: Invalid value: "x": spec in body must be of type object: "string"']);
	});

	it('reports strings, booleans and quantities of the wrong type', () => {
		expect(errs(podWith({image: 5}))).toEqual(['spec.containers[0].image: Invalid value: 5: spec.containers[0].image in body must be of type string: "integer"', 'spec.containers[0].image: Required value']);
		expect(errs(deploy({paused: 'yes'}))).toEqual(['spec.paused: Invalid value: "yes": spec.paused in body must be of type boolean: "string"']);
		expect(errs(podWith({resources: {limits: {cpu: true}}}))).toEqual([
			'spec.containers[0].resources.limits.cpu: Invalid value: true: spec.containers[0].resources.limits.cpu in body must be of type string: "boolean"',
		]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {PORT: 8080}})).toEqual([
			'data[PORT]: Invalid value: 8080: data[PORT] in body must be of type string: "integer"',
		]);
	});
});

describe('pod spec', () => {
	it('requires containers', () => {
		expect(errs(pod({}))).toEqual(['spec.containers: Required value']);
		expect(errs(pod({containers: []}))).toEqual(['spec.containers: Required value']);
		expect(errs({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}})).toEqual(['spec.containers: Required value']);
	});

	it('requires container names and images, names unique and RFC 1123 labels', () => {
		expect(errs(pod({containers: [{image: 'nginx'}]}))).toEqual(['spec.containers[0].name: Required value']);
		expect(errs(pod({containers: [{name: 'web'}]}))).toEqual(['spec.containers[0].image: Required value']);
		expect(errs(pod({containers: [null]}))).toEqual(['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value']);
		expect(errs(pod({containers: [ctr(), ctr()]}))).toEqual(['spec.containers[1].name: Duplicate value: "web"']);
		expect(errs(pod({initContainers: [ctr()], containers: [ctr()]}))).toEqual(['spec.containers[0].name: Duplicate value: "web"']);
		expect(errs(pod({containers: [ctr({name: 'Web'})]}))).toEqual([`spec.containers[0].name: Invalid value: "Web": ${LABEL}`]);
		expect(reasons(pod({containers: [ctr(), ctr()]}))).toEqual(['FieldValueDuplicate']);
	});

	it('checks container ports', () => {
		expect(errs(podWith({ports: [{containerPort: 70000}]}))).toEqual(['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
		expect(errs(podWith({ports: [{containerPort: 0}]}))).toEqual(['spec.containers[0].ports[0].containerPort: Required value']);
		expect(errs(podWith({ports: [{name: 'http'}]}))).toEqual(['spec.containers[0].ports[0].containerPort: Required value']);
		expect(errs(podWith({ports: [{containerPort: 80, protocol: 'HTTP'}]}))).toEqual([
			'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
		]);
		expect(errs(podWith({ports: [{containerPort: 80, hostPort: 99999}]}))).toEqual(['spec.containers[0].ports[0].hostPort: Invalid value: 99999: must be between 1 and 65535, inclusive']);
		expect(
			errs(
				podWith({
					ports: [
						{containerPort: 80, name: 'http'},
						{containerPort: 81, name: 'http'},
					],
				}),
			),
		).toEqual(['spec.containers[0].ports[1].name: Duplicate value: "http"']);
		expect(errs(podWith({ports: [{containerPort: 80, name: 'my-very-long-port-name'}]}))).toEqual([
			'spec.containers[0].ports[0].name: Invalid value: "my-very-long-port-name": must be no more than 15 characters',
		]);
		expect(errs(podWith({ports: [{containerPort: 80, name: '8080'}]}))).toEqual(['spec.containers[0].ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)']);
	});

	it('checks resource quantities and requests against limits', () => {
		expect(errs(podWith({resources: {limits: {memory: '12x'}}}))).toEqual([`spec.containers[0].resources.limits.memory: Invalid value: "12x": ${QUANTITY}`]);
		expect(errs(podWith({resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}}))).toEqual([
			'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
		]);
		expect(errs(podWith({resources: {requests: {memory: '1Gi'}, limits: {memory: '512Mi'}}}))).toEqual([
			'spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi',
		]);
		expect(errs(podWith({resources: {requests: {cpu: '500m'}, limits: {cpu: 1}}}))).toEqual([]);
		expect(errs(podWith({resources: {requests: {cpu: '-1'}}}))).toEqual(['spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
		expect(errs(podWith({resources: {limits: {cpus: '1'}}}))).toEqual(['spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers']);
		expect(errs(podWith({resources: {limits: {'nvidia.com/gpu': 1}, requests: {'nvidia.com/gpu': 2}}}))).toEqual([
			'spec.containers[0].resources.requests: Invalid value: "2": must be equal to nvidia.com/gpu limit of 1',
		]);
	});

	it('checks probes', () => {
		expect(errs(podWith({livenessProbe: {periodSeconds: 5}}))).toEqual(['spec.containers[0].livenessProbe: Required value: must specify a handler type']);
		expect(errs(podWith({readinessProbe: {httpGet: {port: 80}, tcpSocket: {port: 80}}}))).toEqual([
			'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
		]);
		expect(errs(podWith({livenessProbe: {httpGet: {port: 80}, periodSeconds: -1}}))).toEqual([
			'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
		]);
		expect(errs(podWith({livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}))).toEqual([
			'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
		]);
		expect(errs(podWith({readinessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}))).toEqual([]);
		expect(errs(podWith({livenessProbe: {httpGet: {port: 0}}}))).toEqual(['spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive']);
		expect(errs(podWith({livenessProbe: {httpGet: {port: 'http', scheme: 'FTP'}}}))).toEqual([
			'spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
		]);
		expect(errs(podWith({startupProbe: {exec: {}}}))).toEqual(['spec.containers[0].startupProbe.exec.command: Required value']);
		expect(errs(pod({initContainers: [ctr({name: 'init', livenessProbe: {exec: {command: ['true']}}})], containers: [ctr()]}))).toEqual([
			'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
		]);
	});

	it('checks restartPolicy and imagePullPolicy', () => {
		expect(errs(pod({containers: [ctr()], restartPolicy: 'Sometimes'}))).toEqual([
			'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
		]);
		expect(errs(podWith({imagePullPolicy: 'Sometimes'}))).toEqual([
			'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
		]);
		expect(reasons(podWith({imagePullPolicy: 'Sometimes'}))).toEqual(['FieldValueNotSupported']);
		expect(errs(deploy({}, {restartPolicy: 'OnFailure'}))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']);
	});

	it('checks env names and valueFrom', () => {
		expect(errs(podWith({env: [{value: 'x'}]}))).toEqual(['spec.containers[0].env[0].name: Required value']);
		expect(errs(podWith({env: [{name: '1ABC', value: 'x'}]}))).toEqual([
			"spec.containers[0].env[0].name: Invalid value: \"1ABC\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
		]);
		expect(errs(podWith({env: [{name: 'A', valueFrom: {}}]}))).toEqual([
			'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
		]);
		expect(errs(podWith({env: [{name: 'A', value: 'x', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}}]}))).toEqual([
			'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
		]);
		expect(errs(podWith({env: [{name: 'A', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}, secretKeyRef: {name: 's', key: 'k'}}}]}))).toEqual([
			'spec.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time',
		]);
		expect(errs(podWith({env: [{name: 'A', valueFrom: {configMapKeyRef: {name: 'c'}}}]}))).toEqual(['spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value']);
		expect(errs(podWith({env: [{name: 'A', valueFrom: {fieldRef: {fieldPath: 'metadata.labels'}}}]}))[0]).toMatch(
			/^spec\.containers\[0\]\.env\[0\]\.valueFrom\.fieldRef\.fieldPath: Unsupported value: "metadata\.labels": supported values: "metadata\.name", /,
		);
		expect(errs(podWith({env: [{name: 'A', valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}]}))).toEqual([]);
		expect(errs(podWith({env: [{name: 'A', valueFrom: {resourceFieldRef: {resource: 'limits.gpu'}}}]}))[0]).toMatch(/resourceFieldRef\.resource: Unsupported value: "limits\.gpu"/);
	});

	it('checks envFrom', () => {
		expect(errs(podWith({envFrom: [{prefix: 'X_'}]}))).toEqual(['spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`']);
		expect(errs(podWith({envFrom: [{configMapRef: {name: 'a'}, secretRef: {name: 'b'}}]}))).toEqual([
			'spec.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time',
		]);
		expect(errs(podWith({envFrom: [{configMapRef: {}}]}))).toEqual(['spec.containers[0].envFrom[0].configMapRef.name: Required value']);
		expect(errs(podWith({envFrom: [{secretRef: {name: 'creds'}}]}))).toEqual([]);
	});

	it('checks volumes and volume mounts', () => {
		expect(errs(podWith({volumeMounts: [{name: 'config', mountPath: '/etc/config'}]}))).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "config"']);
		expect(reasons(podWith({volumeMounts: [{name: 'config', mountPath: '/etc/config'}]}))).toEqual(['FieldValueNotFound']);
		expect(errs(podWith({volumeMounts: [{name: 'config'}]}, {volumes: [{name: 'config', configMap: {name: 'c'}}]}))).toEqual([
			'spec.containers[0].volumeMounts[0].mountPath: Required value',
		]);
		expect(
			errs(
				podWith(
					{
						volumeMounts: [
							{name: 'a', mountPath: '/data'},
							{name: 'b', mountPath: '/data'},
						],
					},
					{volumes: [{name: 'a'}, {name: 'b', emptyDir: {}}]},
				),
			),
		).toEqual(['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique']);
		expect(errs(podWith({}, {volumes: [{name: 'a', emptyDir: {}}, {name: 'a', emptyDir: {}}]}))).toEqual(['spec.volumes[1].name: Duplicate value: "a"']);
		expect(errs(podWith({}, {volumes: [{emptyDir: {}}]}))).toEqual(['spec.volumes[0].name: Required value']);
		expect(errs(podWith({}, {volumes: [{name: 'a', emptyDir: {}, secret: {secretName: 's'}}]}))).toEqual([
			'spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type',
		]);
		expect(errs(podWith({}, {volumes: [{name: 'a', configMap: {}}]}))).toEqual(['spec.volumes[0].configMap.name: Required value']);
		expect(errs(podWith({}, {volumes: [{name: 'a', secret: {}}]}))).toEqual(['spec.volumes[0].secret.secretName: Required value']);
		expect(errs(podWith({}, {volumes: [{name: 'a', persistentVolumeClaim: {}}]}))).toEqual(['spec.volumes[0].persistentVolumeClaim.claimName: Required value']);
	});

	it('checks tolerations, node selectors and affinity', () => {
		expect(errs(podWith({}, {tolerations: [{key: 'a', operator: 'Exists', value: 'x'}]}))[0]).toMatch(/^spec\.tolerations\[0\]\.operator: Invalid value: .*: value must be empty when `operator` is 'Exists'$/);
		expect(errs(podWith({}, {tolerations: [{key: 'a', operator: 'Equals'}]}))).toEqual([
			'spec.tolerations[0].operator: Unsupported value: "Equals": supported values: "Equal", "Exists"',
		]);
		expect(errs(podWith({}, {tolerations: [{key: 'a', effect: 'NoRun'}]}))).toEqual([
			'spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
		]);
		expect(errs(podWith({}, {tolerations: [{key: 'a', effect: 'NoSchedule', tolerationSeconds: 30}]}))).toEqual([
			'spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
		]);
		expect(errs(podWith({}, {tolerations: [{operator: 'Equal', value: 'x'}]}))[0]).toBe(
			'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
		);
		expect(errs(podWith({}, {nodeSelector: {'disk type': 'ssd'}}))[0]).toMatch(/^spec\.nodeSelector: Invalid value: "disk type": name part must consist/);
		const affinity = {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'zone', operator: 'in', values: ['a']}]}]}}};
		expect(errs(podWith({}, {affinity}))).toEqual([
			'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
		]);
		expect(errs(podWith({}, {affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'web'}}}]}}}))).toEqual([
			'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
		]);
		expect(errs(podWith({}, {dnsPolicy: 'Cluster'}))).toEqual([
			'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"',
		]);
	});

	it('validates pod templates of every workload kind at their paths', () => {
		const job = {apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'j'}, spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'j'}]}}}};
		expect(errs(job)).toEqual(['spec.template.spec.containers[0].image: Required value']);
		const cj = {
			apiVersion: 'batch/v1',
			kind: 'CronJob',
			metadata: {name: 'c'},
			spec: {schedule: '@daily', jobTemplate: {spec: {template: {spec: {restartPolicy: 'Never', containers: [ctr({imagePullPolicy: 'Sometimes'})]}}}}},
		};
		expect(errs(cj)).toEqual([
			'spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
		]);
		for (const kind of ['ReplicaSet', 'DaemonSet', 'StatefulSet']) {
			const o = {...deploy(), kind};
			delete (o.spec as Record<string, unknown>).replicas;
			o.spec.template.spec.containers = [];
			expect(errs(o), kind).toEqual(['spec.template.spec.containers: Required value']);
		}
	});
});

describe('Deployment and other workloads', () => {
	it('requires a selector that matches the template labels', () => {
		const noSelector = deploy();
		delete (noSelector.spec as Record<string, unknown>).selector;
		expect(errs(noSelector)).toEqual(['spec.selector: Required value']);
		expect(errs(deploy({}, {}, {app: 'x'}))).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']);
		expect(errs(deploy({}, {}, null))).toEqual([
			'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
		]);
		expect(errs(deploy({selector: {matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'Exists'}]}}, {}, {app: 'web', tier: 'a'}))).toEqual([]);
		expect(errs(deploy({selector: {}}))).toEqual([
			'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
		]);
		expect(errs(deploy({selector: {matchExpressions: [{key: 'app', operator: 'In'}]}}))).toEqual([
			"spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
		]);
		expect(errs(deploy({selector: {matchLabels: {app: 'web'}, matchExpressions: [{key: 'app', operator: 'Exists', values: ['x']}]}}))).toEqual([
			"spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
		]);
	});

	it('checks replicas, history and deadlines', () => {
		expect(errs(deploy({replicas: -1}))).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
		expect(errs(deploy({revisionHistoryLimit: -1}))).toEqual(['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']);
		expect(errs(deploy({progressDeadlineSeconds: 5, minReadySeconds: 10}))).toEqual(['spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds']);
		expect(errs(deploy({progressDeadlineSeconds: 600, minReadySeconds: 10}))).toEqual([]);
	});

	it('checks the strategy', () => {
		expect(errs(deploy({strategy: {type: 'Rolling'}}))).toEqual(['spec.strategy.type: Unsupported value: "Rolling": supported values: "Recreate", "RollingUpdate"']);
		expect(errs(deploy({strategy: {type: 'Recreate', rollingUpdate: {maxSurge: 1}}}))).toEqual([
			"spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
		]);
		expect(errs(deploy({strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}}))).toEqual([
			'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
		]);
		expect(errs(deploy({strategy: {rollingUpdate: {maxSurge: '0%', maxUnavailable: '0%'}}}))).toEqual([
			'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
		]);
		expect(errs(deploy({strategy: {rollingUpdate: {maxUnavailable: 0}}}))).toEqual([]);
		expect(errs(deploy({strategy: {rollingUpdate: {maxSurge: 'lots'}}}))).toEqual([
			"spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
		]);
		expect(errs(deploy({strategy: {rollingUpdate: {maxUnavailable: '150%'}}}))).toEqual([
			'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
		]);
		expect(errs(deploy({strategy: {rollingUpdate: {maxSurge: -1}}}))).toEqual(['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']);
	});

	it('checks DaemonSet and StatefulSet strategies', () => {
		const ds = (updateStrategy: unknown) => ({...deploy({updateStrategy}), kind: 'DaemonSet', spec: {...deploy({updateStrategy}).spec, replicas: undefined}});
		expect(errs(ds({type: 'Always'}))).toEqual(['spec.updateStrategy.type: Unsupported value: "Always": supported values: "OnDelete", "RollingUpdate"']);
		expect(errs(ds({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0}}))).toEqual([
			'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
		]);
		expect(errs(ds({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}))).toEqual([]);
		const sts = (extra: Record<string, unknown>) => ({...deploy(extra), kind: 'StatefulSet'});
		expect(errs(sts({podManagementPolicy: 'Random'}))).toEqual(["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"]);
		expect(errs(sts({updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: -1}}}))).toEqual([
			'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
		]);
		expect(errs(sts({volumeClaimTemplates: [{metadata: {name: 'data'}, spec: {resources: {requests: {storage: '1Gi'}}}}]}))).toEqual([
			'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
		]);
	});
});

describe('Service', () => {
	const svc = (spec: Record<string, unknown>) => ({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec});

	it('requires ports unless headless or ExternalName', () => {
		expect(errs(svc({selector: {app: 'web'}}))).toEqual(['spec.ports: Required value']);
		expect(errs(svc({clusterIP: 'None', selector: {app: 'web'}}))).toEqual([]);
		expect(errs(svc({type: 'ExternalName', externalName: 'db.example.com'}))).toEqual([]);
		expect(errs(svc({type: 'ExternalName'}))).toEqual(['spec.externalName: Required value']);
	});

	it('checks ports', () => {
		expect(errs(svc({ports: [{port: 0}]}))).toEqual(['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
		expect(errs(svc({ports: [{targetPort: 80}]}))).toEqual(['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
		expect(errs(svc({ports: [{port: 80}, {port: 443}]}))).toEqual(['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
		expect(
			errs(
				svc({
					ports: [
						{name: 'http', port: 80},
						{name: 'http', port: 8080},
					],
				}),
			),
		).toEqual(['spec.ports[1].name: Duplicate value: "http"']);
		expect(errs(svc({ports: [{port: 80, protocol: 'HTTP'}]}))).toEqual(['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']);
		expect(errs(svc({ports: [{port: 80, targetPort: 'http-web-server-port'}]}))).toEqual([
			'spec.ports[0].targetPort: Invalid value: "http-web-server-port": must be no more than 15 characters',
		]);
		expect(errs(svc({ports: [{port: 80, name: 'Web'}]}))).toEqual([`spec.ports[0].name: Invalid value: "Web": ${LABEL}`]);
	});

	it('checks the type and node ports', () => {
		expect(errs(svc({type: 'Public', ports: [{port: 80}]}))).toEqual([
			'spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
		]);
		expect(errs(svc({type: 'NodePort', ports: [{port: 80, nodePort: 8080}]}))).toEqual([
			'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
		]);
		expect(errs(svc({type: 'NodePort', ports: [{port: 80, nodePort: 30080}]}))).toEqual([]);
		expect(errs(svc({ports: [{port: 80, nodePort: 30080}]}))).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
		expect(errs(svc({ports: [{port: 80}], externalTrafficPolicy: 'Local'}))).toEqual([
			"spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
		]);
	});

	it('checks cluster IPs', () => {
		expect(errs(svc({clusterIP: '10.0.0.300', ports: [{port: 80}]}))).toEqual([
			'spec.clusterIP: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
		]);
		expect(errs(svc({clusterIP: '10.96.0.10', ports: [{port: 53}]}))).toEqual([]);
		expect(errs(svc({type: 'NodePort', clusterIP: 'None', ports: [{port: 80}]}))).toEqual([
			"spec.clusterIP: Invalid value: \"None\": may not be set to 'None' for NodePort services",
		]);
		expect(errs(svc({type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.0.0.1'}))).toEqual([
			'spec.clusterIP: Forbidden: may not be set for ExternalName services',
		]);
		expect(errs(svc({type: 'ExternalName', externalName: 'DB!'}))).toEqual([`spec.externalName: Invalid value: "DB!": ${SUBDOMAIN}`]);
	});
});

describe('HorizontalPodAutoscaler', () => {
	const hpa = (spec: Record<string, unknown>) => ({
		apiVersion: 'autoscaling/v2',
		kind: 'HorizontalPodAutoscaler',
		metadata: {name: 'web'},
		spec: {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'web'}, maxReplicas: 5, ...spec},
	});

	it('checks the scale target and replica bounds', () => {
		expect(errs(hpa({scaleTargetRef: {name: 'web'}}))).toEqual(['spec.scaleTargetRef.kind: Required value']);
		expect(errs(hpa({scaleTargetRef: {kind: 'Deployment'}}))).toEqual(['spec.scaleTargetRef.name: Required value']);
		expect(errs(hpa({minReplicas: 3, maxReplicas: 1}))).toEqual(['spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`']);
		expect(errs(hpa({minReplicas: 0}))).toEqual(['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1']);
		expect(errs(hpa({maxReplicas: 0}))).toEqual(['spec.maxReplicas: Invalid value: 0: must be greater than 0']);
		expect(errs(hpa({maxReplicas: undefined}))).toEqual(['spec.maxReplicas: Invalid value: 0: must be greater than 0']);
	});

	it('checks metrics', () => {
		expect(errs(hpa({metrics: [{type: 'Memory'}]}))).toEqual([
			'spec.metrics[0].type: Unsupported value: "Memory": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
		]);
		expect(errs(hpa({metrics: [{resource: {name: 'cpu'}}]}))[0]).toBe('spec.metrics[0].type: Required value: must specify a metric source type');
		expect(errs(hpa({metrics: [{type: 'Resource'}]}))).toEqual(['spec.metrics[0].resource: Required value: must populate information for the given metric source']);
		expect(errs(hpa({metrics: [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Percent', averageUtilization: 50}}}]}))).toEqual([
			'spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue',
		]);
		expect(errs(hpa({metrics: [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization'}}}]}))).toEqual([
			'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
		]);
		expect(errs(hpa({metrics: [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 0}}}]}))).toEqual([
			'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
		]);
		expect(errs(hpa({metrics: [{type: 'Pods', pods: {metric: {name: 'qps'}, target: {type: 'AverageValue'}}}]}))).toEqual([
			'spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue',
		]);
		expect(errs(hpa({metrics: [{type: 'Pods', pods: {metric: {name: 'qps'}, target: {type: 'AverageValue', averageValue: '1k'}}, resource: {name: 'cpu'}}]}))).toEqual([
			'spec.metrics[0].resource: Forbidden: must populate the given metric source only',
		]);
		expect(
			errs(hpa({metrics: [{type: 'Object', object: {describedObject: {kind: 'Ingress', name: 'main'}, metric: {name: 'rps'}, target: {type: 'Value', value: '10k'}}}]})),
		).toEqual([]);
		expect(errs(hpa({metrics: [{type: 'External', external: {metric: {name: 'queue'}, target: {type: 'Value', value: '-1'}}}]}))).toEqual([
			'spec.metrics[0].external.target.value: Invalid value: "-1": must be positive',
		]);
	});

	it('checks behavior', () => {
		expect(errs(hpa({behavior: {scaleDown: {stabilizationWindowSeconds: 4000}}}))).toEqual([
			'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
		]);
		expect(errs(hpa({behavior: {scaleUp: {selectPolicy: 'Fastest'}}}))).toEqual([
			'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Fastest": supported values: "Disabled", "Max", "Min"',
		]);
		expect(errs(hpa({behavior: {scaleUp: {policies: [{type: 'Replicas', value: 0, periodSeconds: 2000}]}}}))).toEqual([
			'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Replicas": supported values: "Percent", "Pods"',
			'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
			'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
		]);
		expect(errs(hpa({behavior: {scaleUp: {policies: []}}}))).toEqual(['spec.behavior.scaleUp.policies: Required value: must specify at least one Policy']);
	});
});

describe('Job and CronJob', () => {
	const job = (spec: Record<string, unknown>, podSpec: Record<string, unknown> = {restartPolicy: 'Never'}) => ({
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name: 'pi'},
		spec: {template: {spec: {containers: [ctr()], ...podSpec}}, ...spec},
	});
	const cron = (spec: Record<string, unknown>) => ({
		apiVersion: 'batch/v1',
		kind: 'CronJob',
		metadata: {name: 'tick'},
		spec: {schedule: '0 * * * *', jobTemplate: {spec: {template: {spec: {restartPolicy: 'OnFailure', containers: [ctr()]}}}}, ...spec},
	});

	it('checks counts', () => {
		expect(errs(job({completions: -1, parallelism: -2, backoffLimit: -3}))).toEqual([
			'spec.parallelism: Invalid value: -2: must be greater than or equal to 0',
			'spec.completions: Invalid value: -1: must be greater than or equal to 0',
			'spec.backoffLimit: Invalid value: -3: must be greater than or equal to 0',
		]);
		expect(errs(job({completionMode: 'Ordered'}))).toEqual(['spec.completionMode: Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"']);
		expect(errs(job({completionMode: 'Indexed'}))).toEqual(['spec.completions: Required value: when completion mode is Indexed']);
	});

	it('requires restartPolicy OnFailure or Never', () => {
		const msg = 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"';
		expect(errs(job({}, {}))).toEqual([msg]);
		expect(errs(job({}, {restartPolicy: 'Always'}))).toEqual([msg]);
		expect(errs(job({}, {restartPolicy: 'OnFailure'}))).toEqual([]);
		const cj = cron({});
		delete (cj.spec.jobTemplate.spec.template.spec as Record<string, unknown>).restartPolicy;
		expect(errs(cj)).toEqual(['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
	});

	it('checks the schedule', () => {
		expect(errs(cron({schedule: undefined}))).toEqual(['spec.schedule: Required value']);
		expect(errs(cron({schedule: '* * *'}))).toEqual(['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]']);
		expect(errs(cron({schedule: '61 * * * *'}))).toEqual(['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
		expect(errs(cron({schedule: 'TZ=UTC 0 * * * *'}))).toEqual([
			'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
		]);
		expect(errs(cron({timeZone: 'Mars/Olympus'}))).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
		expect(errs(cron({timeZone: 'Europe/Paris'}))).toEqual([]);
		expect(errs(cron({concurrencyPolicy: 'Sometimes'}))).toEqual([
			'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
		]);
		expect(errs(cron({successfulJobsHistoryLimit: -1}))).toEqual(['spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0']);
	});

	it('parses five-field schedules like robfig/cron', () => {
		for (const ok of ['*/15 * * * *', '0 0 1 1 *', '0 9-17 * * MON-FRI', '30 2 * jan,jul sun', '0 0 ? * *', '5/10 * * * *', '@weekly', '@every 1h30m']) {
			expect(cronScheduleError(ok), ok).toBeUndefined();
		}
		expect(cronScheduleError('')).toBe('empty spec string');
		expect(cronScheduleError('@often')).toBe('unrecognized descriptor: @often');
		expect(cronScheduleError('* * * * * *')).toBe('expected exactly 5 fields, found 6: [* * * * * *]');
		expect(cronScheduleError('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
		expect(cronScheduleError('0 5-2 * * *')).toBe('beginning of range (5) beyond end of range (2): 5-2');
		expect(cronScheduleError('0 0 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
		expect(cronScheduleError('*/0 * * * *')).toBe('step of range should be a positive number: */0');
		expect(cronScheduleError('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
		expect(cronScheduleError('1/2/3 * * * *')).toBe('too many slashes: 1/2/3');
		expect(cronScheduleError('0 0 * * 7')).toBe('end of range (7) above maximum (6): 7');
	});
});

describe('ConfigMap and Secret', () => {
	it('checks keys', () => {
		const msg =
			"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {'my key': 'v'}})).toEqual([`data[my key]: Invalid value: "my key": ${msg}`]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {'..': 'v'}})).toEqual(['data[..]: Invalid value: "..": must not be \'..\'']);
		expect(errs({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, stringData: {'a/b': 'v'}})).toEqual([`stringData[a/b]: Invalid value: "a/b": ${msg}`]);
		expect(errs({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: 'x'}, binaryData: {a: 'eA=='}})).toEqual([
			'data[a]: Invalid value: "a": duplicate of key present in binaryData',
		]);
	});

	it('requires Secret data in base64', () => {
		expect(errs({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, data: {password: 'hunter2!'}})).toEqual([
			'data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 7',
		]);
		expect(errs({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, data: {password: 'aHVudGVyMg==\n'}})).toEqual([]);
		expect(base64ErrorOffset('abc')).toBe(0);
		expect(base64ErrorOffset('abcd')).toBe(-1);
		expect(base64ErrorOffset('abcde')).toBe(4);
		expect(base64ErrorOffset('ab=d')).toBe(3);
		expect(base64ErrorOffset('a===')).toBe(1);
		expect(base64ErrorOffset('YQ==YQ==')).toBe(4);
		expect(base64ErrorOffset('')).toBe(-1);
	});

	it('requires the keys of typed secrets', () => {
		expect(errs({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, type: 'kubernetes.io/tls', data: {'tls.crt': 'eA=='}})).toEqual(['data[tls.key]: Required value']);
		expect(errs({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, type: 'kubernetes.io/dockerconfigjson', stringData: {'.dockerconfigjson': '{}'}})).toEqual([]);
	});
});

describe('Namespace, Node, Ingress, PodDisruptionBudget, PersistentVolumeClaim', () => {
	it('checks node taints', () => {
		const node = (taints: unknown[]) => ({apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}, spec: {taints}});
		expect(errs(node([{key: 'gpu', effect: 'NoRun'}]))).toEqual([
			'spec.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
		]);
		expect(errs(node([{key: 'gpu'}]))).toEqual(['spec.taints[0].effect: Required value']);
		expect(errs(node([{effect: 'NoSchedule'}]))).toEqual(['spec.taints[0].key: Required value']);
		expect(errs(node([{key: 'a', effect: 'NoSchedule'}, {key: 'a', value: 'b', effect: 'NoSchedule'}]))[0]).toMatch(
			/^spec\.taints\[1\]: Duplicate value: .*: taints must be unique by key and effect pair$/,
		);
	});

	it('checks namespaces', () => {
		expect(errs({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod'}, spec: {finalizers: 'kubernetes'}})).toEqual([
			'spec.finalizers: Invalid value: "kubernetes": spec.finalizers in body must be of type array: "string"',
		]);
	});

	it('checks ingress rules', () => {
		const ing = (spec: Record<string, unknown>) => ({apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'web'}, spec});
		const backend = {service: {name: 'web', port: {number: 80}}};
		expect(errs(ing({rules: [{http: {paths: [{path: '/', backend}]}}]}))).toEqual(['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']);
		expect(errs(ing({rules: [{http: {paths: [{path: '/', pathType: 'Glob', backend}]}}]}))).toEqual([
			'spec.rules[0].http.paths[0].pathType: Unsupported value: "Glob": supported values: "Exact", "ImplementationSpecific", "Prefix"',
		]);
		expect(errs(ing({rules: [{http: {paths: [{path: 'api', pathType: 'Prefix', backend}]}}]}))).toEqual([
			'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
		]);
		expect(errs(ing({rules: [{host: '10.0.0.1', http: {paths: [{path: '/', pathType: 'Exact', backend}]}}]}))).toEqual([
			'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
		]);
		expect(errs(ing({rules: [{host: '*.example.com', http: {paths: [{path: '/', pathType: 'Exact', backend}]}}]}))).toEqual([]);
		expect(errs(ing({rules: [{http: {paths: []}}]}))).toEqual(['spec.rules[0].http.paths: Required value']);
		expect(errs(ing({rules: [{http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {}}}}]}}]}))).toEqual([
			'spec.rules[0].http.paths[0].backend.service.port: Required value: port name or number is required',
		]);
		expect(errs(ing({defaultBackend: backend}))).toEqual([]);
		expect(errs(ing({}))).toEqual(['spec: Invalid value: map[string]interface {}{}: either `defaultBackend` or `rules` must be specified']);
	});

	it('checks disruption budgets', () => {
		const pdb = (spec: Record<string, unknown>) => ({apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'web'}, spec: {selector: {matchLabels: {app: 'web'}}, ...spec}});
		expect(errs(pdb({minAvailable: 1, maxUnavailable: 1}))[0]).toMatch(/^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
		expect(errs(pdb({minAvailable: '120%'}))).toEqual(['spec.minAvailable: Invalid value: "120%": must not be greater than 100%']);
		expect(errs(pdb({maxUnavailable: -1}))).toEqual(['spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']);
		expect(errs(pdb({maxUnavailable: 1}))).toEqual([]);
	});

	it('checks claims', () => {
		const pvc = (spec: Record<string, unknown>) => ({apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name: 'data'}, spec});
		expect(errs(pvc({accessModes: ['RWO'], resources: {requests: {storage: '1Gi'}}}))).toEqual([
			'spec.accessModes: Unsupported value: "RWO": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
		]);
		expect(errs(pvc({accessModes: ['ReadWriteOnce']}))).toEqual(['spec.resources[storage]: Required value']);
		expect(errs(pvc({accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '0'}}}))).toEqual([
			'spec.resources[storage]: Invalid value: "0": must be greater than zero',
		]);
	});
});

describe('Job failure and success policies', () => {
	const job = (spec: Record<string, unknown>, podSpec: Record<string, unknown> = {restartPolicy: 'Never'}) => ({
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {name: 'pi'},
		spec: {template: {spec: {containers: [ctr({name: 'main'})], ...podSpec}}, ...spec},
	});
	const rule = (r: Record<string, unknown>) => job({podFailurePolicy: {rules: [r]}});

	it('accepts the policies of the documentation', () => {
		expect(errs(rule({action: 'FailJob', onExitCodes: {containerName: 'main', operator: 'In', values: [42]}}))).toEqual([]);
		expect(errs(rule({action: 'Ignore', onPodConditions: [{type: 'DisruptionTarget', status: 'True'}]}))).toEqual([]);
		expect(errs(job({completions: 10, completionMode: 'Indexed', backoffLimitPerIndex: 1, maxFailedIndexes: 5}))).toEqual([]);
		expect(errs(job({completions: 10, completionMode: 'Indexed', successPolicy: {rules: [{succeededIndexes: '0,2-3', succeededCount: 1}]}}))).toEqual([]);
	});

	it('refuses a podFailurePolicy with restartPolicy OnFailure, and a podReplacementPolicy other than Failed', () => {
		expect(errs(job({podFailurePolicy: {rules: [{action: 'Count', onExitCodes: {operator: 'NotIn', values: [0]}}]}}, {restartPolicy: 'OnFailure'}))).toEqual([
			'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
		]);
		expect(errs(job({podReplacementPolicy: 'TerminatingOrFailed', podFailurePolicy: {rules: [{action: 'Count', onExitCodes: {operator: 'NotIn', values: [0]}}]}}))).toEqual([
			'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
		]);
	});

	it('checks each rule: its action, one requirement, exit codes ordered, unique, not 0 for In, of a known container', () => {
		const p = 'spec.podFailurePolicy.rules[0]';
		expect(errs(rule({onExitCodes: {operator: 'In', values: [1]}}))).toEqual([`${p}.action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`]);
		expect(errs(rule({action: 'Retry', onExitCodes: {operator: 'In', values: [1]}}))).toEqual([`${p}.action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"`]);
		expect(errs(rule({action: 'FailIndex', onExitCodes: {operator: 'In', values: [1]}}))).toEqual([`${p}.action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`]);
		expect(errs(rule({action: 'Count'}))).toEqual([`${p}: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`]);
		expect(errs(rule({action: 'Count', onExitCodes: {operator: 'In', values: [1]}, onPodConditions: [{type: 'DisruptionTarget', status: 'True'}]}))).toEqual([
			`${p}: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported`,
		]);
		expect(errs(rule({action: 'FailJob', onExitCodes: {containerName: 'sidecar', operator: 'Is', values: [0, 3, 3, 2]}}))).toEqual([
			`${p}.onExitCodes.operator: Unsupported value: "Is": supported values: "In", "NotIn"`,
			`${p}.onExitCodes.containerName: Invalid value: "sidecar": must be one of the container or initContainer names in the pod template`,
			`${p}.onExitCodes.values[2]: Duplicate value: 3`,
			`${p}.onExitCodes.values: Invalid value: []int32{0, 3, 3, 2}: must be ordered`,
		]);
		expect(errs(rule({action: 'FailJob', onExitCodes: {operator: 'In', values: [0]}}))).toEqual([`${p}.onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator`]);
		expect(errs(rule({action: 'FailJob', onExitCodes: {operator: 'In', values: []}}))).toEqual([`${p}.onExitCodes.values: Invalid value: []int32{}: at least one value is required`]);
		expect(errs(rule({action: 'Ignore', onPodConditions: [{type: 'DisruptionTarget', status: 'Maybe'}]}))).toEqual([
			`${p}.onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"`,
		]);
		const many = job({podFailurePolicy: {rules: Array.from({length: 21}, () => ({action: 'Ignore', onPodConditions: [{type: 'DisruptionTarget', status: 'True'}]}))}});
		expect(errs(many)).toEqual(['spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items']);
	});

	it('gives an onPodConditions pattern without status the status True', () => {
		const obj = rule({action: 'Ignore', onPodConditions: [{type: 'DisruptionTarget'}]}) as unknown as {spec: Record<string, any>};
		applyDefaults(obj as unknown as KObject);
		expect(obj.spec.podFailurePolicy.rules[0].onPodConditions).toEqual([{type: 'DisruptionTarget', status: 'True'}]);
		expect(obj.spec.podReplacementPolicy).toBe('Failed');
	});

	it('requires Indexed completion for backoffLimitPerIndex, maxFailedIndexes and successPolicy', () => {
		expect(errs(job({backoffLimitPerIndex: 1, maxFailedIndexes: 1}))).toEqual([
			'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
			'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode',
		]);
		expect(errs(job({completions: 3, completionMode: 'Indexed', maxFailedIndexes: 4}))).toEqual([
			'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
			'spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions',
		]);
		expect(errs(job({successPolicy: {rules: [{succeededCount: 1}]}}))[0]).toMatch(/^spec\.successPolicy: Invalid value: .*: requires indexed completion mode$/);
	});

	it('checks successPolicy rules against completions', () => {
		const sp = (rules: unknown[]) => job({completions: 5, completionMode: 'Indexed', successPolicy: {rules}});
		expect(errs(sp([]))).toEqual(['spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified']);
		expect(errs(sp([{}]))).toEqual(['spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified']);
		expect(errs(sp([{succeededIndexes: '0-7'}]))).toEqual(['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-7": error parsing succeededIndexes: too large index: "7"']);
		expect(errs(sp([{succeededIndexes: '3,1'}]))).toEqual(['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1']);
		expect(errs(sp([{succeededIndexes: '0,2', succeededCount: 3}]))).toEqual([
			'spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
		]);
		expect(errs(sp([{succeededCount: 6}]))).toEqual(['spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)']);
	});
});

describe('Job policies: any body', () => {
	it('gets causes that name fields of the policies, never a throw', () => {
		const anyValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({min: -3, max: 300}), fc.string({maxLength: 6}), fc.array(fc.integer({min: -1, max: 9}), {maxLength: 4}), fc.dictionary(fc.constantFrom('type', 'status', 'operator', 'values'), fc.string({maxLength: 4})));
		const rule = fc.dictionary(fc.constantFrom('action', 'onExitCodes', 'onPodConditions', 'succeededIndexes', 'succeededCount'), anyValue);
		fc.assert(
			fc.property(fc.array(rule, {maxLength: 3}), fc.array(rule, {maxLength: 3}), fc.option(fc.integer({min: -1, max: 5}), {nil: undefined}), (pfp, sp, perIndex) => {
				const obj = {
					apiVersion: 'batch/v1',
					kind: 'Job',
					metadata: {name: 'pi'},
					spec: {completions: 4, completionMode: 'Indexed', ...(perIndex === undefined ? {} : {backoffLimitPerIndex: perIndex}), podFailurePolicy: {rules: pfp}, successPolicy: {rules: sp}, template: {spec: {restartPolicy: 'Never', containers: [ctr({name: 'main'})]}}},
				};
				for (const cause of validate(obj as unknown as KObject)) expect(cause.field).toMatch(/^spec\.(podFailurePolicy|successPolicy|backoffLimitPerIndex)/);
			}),
		);
	});
});
