// The pods/ephemeralcontainers subresource: only additions, each validated as the API server
// validates an ephemeral container, and the kubelet starting each added one once, beside the
// pod's containers, with its status in ephemeralContainerStatuses.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createCluster, isStatusError, type Cluster, type Pod} from '../../source/cluster/index.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
    - {name: app, image: 'nginx:1.27'}
`;

function running(): Cluster {
	const c = createCluster({nodes: 1, seed: 8, manifests: [{text: POD, source: 'app.yaml'}]});
	c.advance(30_000);
	expect(c.get<Pod>('Pod', 'default', 'app').status.phase).toBe('Running');
	return c;
}

const write = (c: Cluster, list: unknown[]) => c.writeSubresource<Pod>('Pod', 'default', 'app', 'ephemeralcontainers', {spec: {ephemeralContainers: list}} as never);

function causes(f: () => unknown): string[] {
	try {
		f();
	} catch (e) {
		if (isStatusError(e)) return ((e.status.details as {causes?: Array<{field: string; message: string}>})?.causes ?? []).map(x => `${x.field}: ${x.message}`);
		throw e;
	}
	throw new Error('accepted');
}

describe('ephemeral containers', () => {
	it('an added one gets the defaults, starts, runs its command, and never restarts', () => {
		const c = running();
		const pod = write(c, [{name: 'debugger', image: 'busybox:1.28', command: ['sh', '-c', 'echo debugging; exit 4'], targetContainerName: 'app'}]);
		expect(pod.spec.ephemeralContainers).toEqual([
			{name: 'debugger', image: 'busybox:1.28', command: ['sh', '-c', 'echo debugging; exit 4'], targetContainerName: 'app', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File'},
		]);
		c.advance(20_000);
		const st = c.get<Pod>('Pod', 'default', 'app').status as Pod['status'] & {ephemeralContainerStatuses: Array<{name: string; restartCount: number; state: {terminated?: {exitCode: number; reason: string}}}>};
		expect(st.ephemeralContainerStatuses.map(s => [s.name, s.restartCount, s.state.terminated?.exitCode, s.state.terminated?.reason])).toEqual([['debugger', 0, 4, 'Error']]);
		expect(c.logs('default', 'app', {container: 'debugger'})).toEqual(['debugging']);
		// the pod itself goes on running, ready
		expect(c.get<Pod>('Pod', 'default', 'app').status.phase).toBe('Running');
	});

	it('refuses changes and removals, duplicate names, missing images and what an ephemeral container may not have', () => {
		const c = running();
		write(c, [{name: 'one', image: 'busybox:1.28'}]);
		expect(causes(() => write(c, []))).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "one" may not be removed']);
		expect(causes(() => write(c, [{name: 'one', image: 'busybox:1.37'}]))).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "one" may not be changed']);
		expect(causes(() => write(c, [{name: 'one', image: 'busybox:1.28'}, {name: 'app', image: 'busybox:1.28'}, {name: 'x'}, {name: 'y', image: 'busybox:1.28', ports: [{containerPort: 80}], targetContainerName: 'nope'}]))).toEqual([
			'spec.ephemeralContainers[1].name: Duplicate value: "app"',
			'spec.ephemeralContainers[2].image: Required value',
			'spec.ephemeralContainers[3].ports: Forbidden: cannot be set for an Ephemeral Container',
			'spec.ephemeralContainers[3].targetContainerName: Not found: "nope"',
		]);
		// nothing of a refused write is kept
		expect((c.get<Pod>('Pod', 'default', 'app').spec.ephemeralContainers as Array<{name: string}>).map(x => x.name)).toEqual(['one']);
	});

	it('any body is an addition or a 422 that changes nothing', () => {
		const c = running();
		const value = fc.oneof(fc.string({maxLength: 8}), fc.integer(), fc.constant(null), fc.array(fc.string({maxLength: 4}), {maxLength: 2}), fc.dictionary(fc.string({maxLength: 4}), fc.string({maxLength: 4}), {maxKeys: 2}));
		const container = fc.dictionary(fc.constantFrom('name', 'image', 'command', 'args', 'ports', 'resources', 'targetContainerName', 'stdin'), value, {maxKeys: 5});
		fc.assert(
			fc.property(fc.oneof(fc.array(container, {maxLength: 3}), value), list => {
				const before = c.get<Pod>('Pod', 'default', 'app');
				try {
					c.writeSubresource('Pod', 'default', 'app', 'ephemeralcontainers', {spec: {ephemeralContainers: list}} as never);
				} catch (e) {
					expect(isStatusError(e) && e.status.code).toBe(422);
					expect(c.get<Pod>('Pod', 'default', 'app')).toEqual(before);
				}
			}),
			{numRuns: 300, seed: 21},
		);
	});
});
