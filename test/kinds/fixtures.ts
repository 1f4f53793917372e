// Hand-built objects and a fixed clock for the kinds tests.
import type {Event, Pod} from '../../source/cluster/types.js';
import type {KObject} from '../../source/cluster/types.js';
import type {ListSelectors, RenderContext} from '../../source/kinds/types.js';

/** A fake `get` for a context: the contexts' lookups are typed by kind, a fake answers any kind. */
export function fakeGet(fn: (kind: string, namespace: string | undefined, name: string) => KObject | undefined): NonNullable<RenderContext['get']> {
	return fn as NonNullable<RenderContext['get']>;
}

/** A fake `list` for a context. */
export function fakeList(fn: (kind: string, opts?: ListSelectors) => KObject[]): NonNullable<RenderContext['list']> {
	return fn as NonNullable<RenderContext['list']>;
}

export const NOW = Date.parse('2025-03-01T12:00:00Z');

/** An RFC 3339 timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
	return new Date(NOW - seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

export function ctx(extra: Partial<RenderContext> = {}): RenderContext {
	return {now: NOW, ...extra};
}

/** A running single-container pod on node-1, made ready; `patch` edits it in place. */
export function runningPod(name = 'web-6d4c8b7f9-x2x8z', patch?: (p: Pod) => void): Pod {
	const pod: Pod = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name,
			namespace: 'default',
			uid: 'pod-uid-1',
			creationTimestamp: ago(600),
			labels: {app: 'web', 'pod-template-hash': '6d4c8b7f9'},
			ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d4c8b7f9', uid: 'rs-uid-1', controller: true, blockOwnerDeletion: true}],
		},
		spec: {
			nodeName: 'node-1',
			priority: 0,
			serviceAccountName: 'default',
			restartPolicy: 'Always',
			terminationGracePeriodSeconds: 30,
			containers: [{
				name: 'web',
				image: 'nginx:1.27',
				ports: [{containerPort: 80, protocol: 'TCP'}],
				resources: {requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '256Mi'}},
				readinessProbe: {httpGet: {path: '/', port: 80, scheme: 'HTTP'}, periodSeconds: 5},
			}],
			tolerations: [
				{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
				{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
			],
		},
		status: {
			phase: 'Running',
			hostIP: '10.0.0.11',
			podIP: '10.244.1.7',
			podIPs: [{ip: '10.244.1.7'}],
			startTime: ago(600),
			qosClass: 'Burstable',
			conditions: [
				{type: 'PodReadyToStartContainers', status: 'True'},
				{type: 'Initialized', status: 'True'},
				{type: 'Ready', status: 'True'},
				{type: 'ContainersReady', status: 'True'},
				{type: 'PodScheduled', status: 'True'},
			],
			containerStatuses: [{
				name: 'web',
				image: 'docker.io/library/nginx:1.27',
				imageID: 'docker.io/library/nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac',
				containerID: 'containerd://1f0e0c3a9b',
				ready: true,
				started: true,
				restartCount: 0,
				state: {running: {startedAt: ago(590)}},
				lastState: {},
			}],
		},
	};
	patch?.(pod);
	return pod;
}

export function event(fields: {
	reason: string;
	message: string;
	type?: 'Normal' | 'Warning';
	count?: number;
	first: number;
	last?: number;
	component?: string;
	host?: string;
	kind?: string;
	name?: string;
}): Event {
	return {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {name: `${fields.name ?? 'web-6d4c8b7f9-x2x8z'}.181a2b3c4d5e6f70`, namespace: 'default', creationTimestamp: ago(fields.first)},
		involvedObject: {kind: fields.kind ?? 'Pod', name: fields.name ?? 'web-6d4c8b7f9-x2x8z', namespace: 'default', apiVersion: 'v1'},
		reason: fields.reason,
		message: fields.message,
		type: fields.type ?? 'Normal',
		count: fields.count ?? 1,
		firstTimestamp: ago(fields.first),
		lastTimestamp: ago(fields.last ?? fields.first),
		source: {component: fields.component ?? 'kubelet', host: fields.host},
	};
}
