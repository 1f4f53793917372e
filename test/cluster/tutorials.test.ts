// Manifests of the Kubernetes documentation (kubernetes/website content/en/examples/) with the
// image tags they name: they pull and run as on a real cluster.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {advanceUntil, eventsFor, smallCluster} from './helpers.js';

const fixture = (path: string) => readFileSync(`test/fixtures/website/${path}`, 'utf8');

describe("the documentation's image tags", () => {
	it('controllers/nginx-deployment.yaml: three nginx:1.14.2 pods run', () => {
		const cluster = smallCluster();
		expect(cluster.apply(fixture('controllers/nginx-deployment.yaml'), 'nginx-deployment.yaml').map(r => r.message)).toEqual(['deployment.apps/nginx-deployment created']);
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'nginx-deployment').status?.availableReplicas === 3);
		const pods = cluster.list('Pod', {namespace: 'default', labelSelector: 'app.kubernetes.io/name=nginx'});
		expect(pods.map(p => [p.status.phase, p.status.containerStatuses?.[0]?.image, p.status.containerStatuses?.[0]?.ready])).toEqual([
			['Running', 'nginx:1.14.2', true],
			['Running', 'nginx:1.14.2', true],
			['Running', 'nginx:1.14.2', true],
		]);
		expect(pods.every(p => p.status.containerStatuses?.[0]?.imageID?.startsWith('docker.io/library/nginx@sha256:'))).toBe(true);
	});

	it('application/deployment.yaml then deployment-update.yaml: nginx:1.15 rolls out to nginx:1.16.1', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('application/deployment.yaml'), 'deployment.yaml');
		advanceUntil(cluster, () => cluster.get('Deployment', 'default', 'nginx-deployment').status?.availableReplicas === 2);
		expect(cluster.apply(fixture('application/deployment-update.yaml'), 'deployment-update.yaml').map(r => r.message)).toEqual(['deployment.apps/nginx-deployment configured']);
		advanceUntil(cluster, () => {
			const d = cluster.get('Deployment', 'default', 'nginx-deployment');
			return d.status?.updatedReplicas === 2 && d.status.availableReplicas === 2 && d.status.replicas === 2;
		});
		const images = cluster.list('Pod', {namespace: 'default', labelSelector: 'app=nginx'}).filter(p => !p.metadata.deletionTimestamp).map(p => p.status.containerStatuses?.[0]?.image);
		expect(images).toEqual(['nginx:1.16.1', 'nginx:1.16.1']);
	});
});

describe('Configure Liveness, Readiness and Startup Probes', () => {
	it('pods/probe/http-liveness.yaml: agnhost answers /healthz 500 after 10 s and the kubelet restarts it', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('pods/probe/http-liveness.yaml'), 'http-liveness.yaml');
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'liveness-http').status.containerStatuses?.[0]?.restartCount === 1, 60_000);
		const unhealthy = eventsFor(cluster, {name: 'liveness-http', kind: 'Pod', reason: 'Unhealthy'});
		expect(unhealthy[0]?.message).toBe('Liveness probe failed: HTTP probe failed with statuscode: 500');
		const killing = eventsFor(cluster, {name: 'liveness-http', kind: 'Pod', reason: 'Killing'});
		expect(killing[0]?.message).toBe('Container liveness failed liveness probe, will be restarted');
	});

	it('pods/probe/exec-liveness.yaml: cat /tmp/healthy fails after 30 s and the kubelet restarts it', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('pods/probe/exec-liveness.yaml'), 'exec-liveness.yaml');
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'liveness-exec').status.containerStatuses?.[0]?.restartCount === 1, 120_000);
		const unhealthy = eventsFor(cluster, {name: 'liveness-exec', kind: 'Pod', reason: 'Unhealthy'});
		expect(unhealthy[0]?.message).toBe('Liveness probe failed: cat: can\'t open \'/tmp/healthy\': No such file or directory');
	});
});

describe('the ReplicaSet concept page: a ReplicaSet owns the bare pods its selector takes', () => {
	const frontend = (cluster: ReturnType<typeof smallCluster>) => cluster.list('Pod', {namespace: 'default', labelSelector: 'tier=frontend'});

	it('pods made after the ReplicaSet are acquired and, being surplus, terminated', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('controllers/frontend.yaml'), 'frontend.yaml');
		advanceUntil(cluster, () => cluster.get('ReplicaSet', 'default', 'frontend').status?.readyReplicas === 3);
		cluster.apply(fixture('pods/pod-rs.yaml'), 'pod-rs.yaml');
		advanceUntil(cluster, () => frontend(cluster).length === 3);
		const rs = cluster.get('ReplicaSet', 'default', 'frontend');
		expect(frontend(cluster).every(p => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && !p.metadata.name.startsWith('pod'))).toBe(true);
		const deleted = eventsFor(cluster, {name: 'frontend', kind: 'ReplicaSet', reason: 'SuccessfulDelete'}).map(e => e.message).sort();
		expect(deleted).toEqual(['Deleted pod: pod1', 'Deleted pod: pod2']);
	});

	it('pods made before the ReplicaSet are acquired, and it creates only the one more it needs', () => {
		const cluster = smallCluster();
		cluster.apply(fixture('pods/pod-rs.yaml'), 'pod-rs.yaml');
		cluster.advance(10_000);
		cluster.apply(fixture('controllers/frontend.yaml'), 'frontend.yaml');
		advanceUntil(cluster, () => cluster.get('ReplicaSet', 'default', 'frontend').status?.readyReplicas === 3);
		const rs = cluster.get('ReplicaSet', 'default', 'frontend');
		const pods = frontend(cluster);
		expect(pods.map(p => p.metadata.name).filter(n => n.startsWith('pod')).sort()).toEqual(['pod1', 'pod2']);
		expect(pods).toHaveLength(3);
		expect(pods.every(p => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid)).toBe(true);
		expect(eventsFor(cluster, {name: 'frontend', kind: 'ReplicaSet', reason: 'SuccessfulCreate'})).toHaveLength(1);
		// a pod whose labels leave the selector is released, and replaced
		const pod1 = cluster.get('Pod', 'default', 'pod1');
		cluster.update({...pod1, metadata: {...pod1.metadata, labels: {tier: 'debug'}}});
		advanceUntil(cluster, () => frontend(cluster).length === 3 && cluster.get('ReplicaSet', 'default', 'frontend').status?.readyReplicas === 3);
		expect(cluster.get('Pod', 'default', 'pod1').metadata.ownerReferences ?? []).toEqual([]);
	});
});

describe('StatefulSet Basics: application/web/web.yaml keeps what its pods write', () => {
	const ready = (cluster: ReturnType<typeof smallCluster>) => cluster.list('Pod', {namespace: 'default', labelSelector: 'app=nginx'}).filter(p => !p.metadata.deletionTimestamp && p.status.containerStatuses?.[0]?.ready).length === 2;

	it("a claim's files outlive the pod: the new web-0 serves the hostname the old one wrote", () => {
		const cluster = smallCluster();
		cluster.apply(fixture('application/web/web.yaml'), 'web.yaml');
		advanceUntil(cluster, () => ready(cluster));
		for (const name of ['web-0', 'web-1']) expect(cluster.exec('default', name, undefined, ['sh', '-c', 'echo "$(hostname)" > /usr/share/nginx/html/index.html']).exitCode).toBe(0);
		const before = cluster.get('Pod', 'default', 'web-0').metadata.uid;
		cluster.delete('Pod', 'default', 'web-0');
		advanceUntil(cluster, () => cluster.find('Pod', 'default', 'web-0')?.metadata.uid !== before && ready(cluster));
		expect(cluster.exec('default', 'web-0', undefined, ['cat', '/usr/share/nginx/html/index.html']).stdout).toBe('web-0\n');
		// another pod's claim is its own
		expect(cluster.exec('default', 'web-1', undefined, ['cat', '/usr/share/nginx/html/index.html']).stdout).toBe('web-1\n');
	});

	it("Communicate Between Containers in the Same Pod: nginx serves what the debian container wrote on their emptyDir", () => {
		const cluster = smallCluster();
		cluster.apply(fixture('pods/two-container-pod.yaml'), 'two-container-pod.yaml');
		advanceUntil(cluster, () => cluster.get('Pod', 'default', 'two-containers').status.containerStatuses?.some(c => c.state?.terminated) === true);
		expect(cluster.exec('default', 'two-containers', 'nginx-container', ['cat', '/usr/share/nginx/html/index.html']).stdout).toBe('Hello from the debian container\n');
		// the container's own paths stay its own
		cluster.exec('default', 'two-containers', 'nginx-container', ['sh', '-c', 'echo mine > /tmp/own']);
		expect(cluster.exec('default', 'two-containers', 'nginx-container', ['cat', '/pod-data/index.html']).exitCode).toBe(1);
	});
});
