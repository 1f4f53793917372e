import {describe, expect, it} from 'vitest';
import {isStatusError, type Cluster, type KObject} from '../../source/cluster/index.js';
import type {Pod} from '../../source/cluster/types.js';
import {advanceUntil, deployment, podsOf, smallCluster} from './helpers.js';

const UPDATABLE =
	'`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function runningPod(cluster: Cluster, name = 'web'): Pod {
	cluster.create({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, namespace: 'default', labels: {app: name}},
		spec: {containers: [{name: 'main', image: 'nginx:1.25', resources: {requests: {cpu: '50m', memory: '32Mi'}}}]},
	});
	advanceUntil(cluster, () => cluster.get('Pod', 'default', name).status?.phase === 'Running');
	return cluster.get('Pod', 'default', name);
}

/** The 422 an update answers, or undefined when it goes through. */
function updateError(cluster: Cluster, obj: KObject): {code: number; message: string; causes: unknown} | undefined {
	try {
		cluster.update(obj);
		return undefined;
	} catch (e) {
		if (!isStatusError(e)) throw e;
		return {code: e.code, message: e.message, causes: e.status.details?.causes};
	}
}

function withSpec<T extends KObject>(obj: T, change: (spec: any) => void): T {
	const copy = structuredClone(obj);
	change(copy.spec);
	return copy;
}

describe('pod updates', () => {
	it('refuse a changed command or resources with the API server’s 422', () => {
		const cluster = smallCluster();
		const pod = runningPod(cluster);
		for (const change of [
			(s: any) => (s.containers[0].command = ['sleep', '3600']),
			(s: any) => (s.containers[0].resources = {requests: {cpu: '100m', memory: '32Mi'}}),
		]) {
			const err = updateError(cluster, withSpec(pod, change));
			expect(err?.code).toBe(422);
			expect(err?.message).toBe(`Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than ${UPDATABLE}`);
			expect(err?.causes).toEqual([{reason: 'FieldValueForbidden', field: 'spec', message: `Forbidden: pod updates may not change fields other than ${UPDATABLE}`}]);
		}
		expect(cluster.get('Pod', 'default', 'web').spec.containers[0].command).toBeUndefined();
		expect(cluster.get('Pod', 'default', 'web').spec.containers[0].resources?.requests?.cpu).toBe('50m');
	});

	it('refuse containers added or removed', () => {
		const cluster = smallCluster();
		const pod = runningPod(cluster);
		const err = updateError(cluster, withSpec(pod, s => s.containers.push({name: 'side', image: 'busybox:1.36'})));
		expect(err?.message).toBe('Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers');
	});

	it('take a new image, and keep the rest of the spec', () => {
		const cluster = smallCluster();
		const pod = runningPod(cluster);
		const updated = cluster.update(withSpec(pod, s => (s.containers[0].image = 'nginx:1.26')));
		expect(updated.spec.containers[0].image).toBe('nginx:1.26');
		const {containers: before, ...restBefore} = pod.spec;
		const {containers: after, ...restAfter} = updated.spec;
		expect(restAfter).toEqual(restBefore);
		expect({...after[0], image: before[0].image}).toEqual(before[0]);
	});

	it('take labels on a pod a controller made, which never went through the defaults', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('api', 1, 'nginx:1.25'));
		advanceUntil(cluster, () => podsOf(cluster, 'app=api').length === 1);
		const pod = podsOf(cluster, 'app=api')[0]!;
		const updated = cluster.update({...pod, metadata: {...pod.metadata, labels: {...pod.metadata.labels, tier: 'front'}}});
		expect(updated.metadata.labels?.tier).toBe('front');
		expect(updated.spec).toEqual(pod.spec);
	});

	it('allow tolerations added, activeDeadlineSeconds set then lowered, nothing else of them', () => {
		const cluster = smallCluster();
		const pod = runningPod(cluster);
		const extra = {key: 'gpu', operator: 'Exists', effect: 'NoSchedule'};
		const added = cluster.update(withSpec(pod, s => s.tolerations.push(extra)));
		expect(added.spec.tolerations).toContainEqual(extra);
		const changed = updateError(cluster, withSpec(added, s => (s.tolerations.find((t: any) => t.key === 'gpu').effect = 'NoExecute')));
		expect(changed?.message).toBe('Pod "web" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');

		const deadline = cluster.update(withSpec(added, s => (s.activeDeadlineSeconds = 600)));
		expect(deadline.spec.activeDeadlineSeconds).toBe(600);
		expect(updateError(cluster, withSpec(deadline, s => (s.activeDeadlineSeconds = 900)))?.message).toBe(
			'Pod "web" is invalid: spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value',
		);
		expect(cluster.update(withSpec(deadline, s => (s.activeDeadlineSeconds = 300))).spec.activeDeadlineSeconds).toBe(300);
	});
});

describe('workload selectors', () => {
	it('are immutable for Deployments and DaemonSets', () => {
		const cluster = smallCluster();
		cluster.apply(deployment('api', 1, 'nginx:1.25'));
		const d = cluster.get('Deployment', 'default', 'api');
		cluster.create({apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent', namespace: 'default'}, spec: {selector: d.spec.selector, template: d.spec.template}});
		for (const [kind, name] of [
			['Deployment', 'api'],
			['DaemonSet', 'agent'],
		] as const) {
			const obj = cluster.get(kind, 'default', name);
			const moved = structuredClone(obj);
			moved.spec.selector = {matchLabels: {app: 'other'}};
			moved.spec.template.metadata!.labels = {app: 'other'};
			const err = updateError(cluster, moved);
			expect(err?.code).toBe(422);
			expect(err?.message).toBe(
				`${kind}.apps "${name}" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`,
			);
			// anything else may change
			const relabeled = structuredClone(obj);
			relabeled.spec.template.metadata!.labels = {...relabeled.spec.template.metadata!.labels, tier: 'front'};
			expect(updateError(cluster, relabeled)).toBeUndefined();
		}
	});
});
