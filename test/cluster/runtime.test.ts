// Under a container: the runtime chain, the OCI states, the namespaces, the cgroup limits and the
// image layers of the node's store; the RuntimeClass admission and handlers; the kubelet's journal.
import {kmsKeyId, kmsV2Open} from '../../source/cluster/api/encryption.js';
import {describe, expect, it} from 'vitest';
import {createCluster, type Cluster} from '../../source/cluster/index.js';
import type {Pod} from '../../source/cluster/types.js';
import {advanceUntil, eventsFor} from './helpers.js';
import {sandboxImage} from '../../source/cluster/node/images.js';
import {reportedRuntimeHandlers} from '../../source/cluster/node/registration.js';
import fc from 'fast-check';

/** One worker, nothing else running: what is on the node is what the test put there. */
const bare = (extra: Parameters<typeof createCluster>[0] = {}) => createCluster({nodes: 1, controlPlane: false, addons: false, seed: 7, ...extra});

function pod(name: string, opts: {spec?: string; image?: string; resources?: string; containers?: string} = {}): string {
	return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${opts.spec ?? ''}  containers:
${
	opts.containers ??
	`    - name: app
      image: ${opts.image ?? 'nginx:1.27'}
${opts.resources ?? ''}`
}`;
}

const running = (cluster: Cluster, name: string) => () => !!cluster.find('Pod', 'default', name)?.status?.containerStatuses?.every(c => c.state?.running);
const uidOf = (cluster: Cluster, name: string) => cluster.get('Pod', 'default', name).metadata.uid!.replace(/-/g, '_');

describe('cgroup limits', () => {
	it('500m/256Mi: cpu.max 50000 100000, cpu.weight 20 (512 shares), memory.max 268435456; none: max, 1, max', () => {
		const cluster = bare();
		cluster.apply(pod('limited', {resources: '      resources:\n        limits:\n          cpu: 500m\n          memory: 256Mi\n'}));
		cluster.apply(pod('free'));
		cluster.apply(pod('requested', {resources: '      resources:\n        requests:\n          cpu: 250m\n'}));
		advanceUntil(cluster, () => running(cluster, 'limited')() && running(cluster, 'free')() && running(cluster, 'requested')(), 60_000);
		const limited = cluster.runtimeInfo('default', 'limited')!;
		expect(limited.cgroup).toEqual({
			path: `/sys/fs/cgroup/kubepods.slice/kubepods-pod${uidOf(cluster, 'limited')}.slice/cri-containerd-${limited.containerID}.scope`,
			cpuMax: '50000 100000',
			cpuShares: 512,
			cpuWeight: 20,
			memoryMax: '268435456',
		});
		const free = cluster.runtimeInfo('default', 'free')!;
		expect(free.cgroup).toEqual({
			path: `/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uidOf(cluster, 'free')}.slice/cri-containerd-${free.containerID}.scope`,
			cpuMax: 'max 100000',
			cpuShares: 2,
			cpuWeight: 1,
			memoryMax: 'max',
		});
		// 250m: 256 shares, weight 1 + (254 * 9999) / 262142 = 10
		expect(cluster.runtimeInfo('default', 'requested')!.cgroup).toMatchObject({cpuMax: 'max 100000', cpuShares: 256, cpuWeight: 10, memoryMax: 'max'});
		expect(cluster.runtimeInfo('default', 'requested')!.cgroup.path).toContain('/kubepods-burstable.slice/kubepods-burstable-pod');
	});
});

describe('the chain and the namespaces', () => {
	it('kubelet -> containerd 1.7.24 -> containerd-shim-runc-v2 -> runc; net, ipc and uts from the sandbox, pid, mnt and cgroup its own', () => {
		const cluster = bare();
		cluster.apply(pod('web'));
		advanceUntil(cluster, running(cluster, 'web'), 60_000);
		const info = cluster.runtimeInfo('default', 'web')!;
		expect(info).toMatchObject({node: 'kubesim-worker', kubeletVersion: 'v1.32.2', containerRuntimeVersion: 'containerd://1.7.24', handler: 'runc'});
		expect(info.info).toEqual({runtimeType: 'io.containerd.runc.v2', shim: 'containerd-shim-runc-v2', runtime: 'runc 1.2.2', isolation: 'namespaces'});
		// the sandbox took the node's first five namespace inodes, the container the next three
		expect(info.namespaces).toEqual([
			{type: 'pid', inode: 4026532166, owner: 'container'},
			{type: 'net', inode: 4026532160, owner: 'pod'},
			{type: 'ipc', inode: 4026532161, owner: 'pod'},
			{type: 'uts', inode: 4026532162, owner: 'pod'},
			{type: 'mnt', inode: 4026532165, owner: 'container'},
			{type: 'cgroup', inode: 4026532167, owner: 'container'},
		]);
	});

	it('hostNetwork: the host network and UTS namespaces; shareProcessNamespace: one pid namespace for the pod', () => {
		const cluster = bare();
		cluster.apply(pod('host', {spec: '  hostNetwork: true\n'}));
		cluster.apply(
			pod('shared', {
				spec: '  shareProcessNamespace: true\n',
				containers: '    - name: web\n      image: nginx:1.27\n    - name: sidecar\n      image: busybox:1.36\n      command: ["sleep", "3600"]\n',
			}),
		);
		advanceUntil(cluster, () => running(cluster, 'host')() && running(cluster, 'shared')(), 60_000);
		const host = cluster.runtimeInfo('default', 'host')!;
		const byType = (i: typeof host) => Object.fromEntries(i.namespaces.map(n => [n.type, n]));
		expect(byType(host).net).toEqual({type: 'net', inode: 4026531840, owner: 'host'});
		expect(byType(host).uts).toEqual({type: 'uts', inode: 4026531838, owner: 'host'});
		expect(byType(host).ipc!.owner).toBe('pod');
		expect(byType(host).pid!.owner).toBe('container');
		const web = byType(cluster.runtimeInfo('default', 'shared', 'web')!);
		const sidecar = byType(cluster.runtimeInfo('default', 'shared', 'sidecar')!);
		expect(web.pid).toEqual({type: 'pid', inode: web.net!.inode + 3, owner: 'pod'});
		expect(sidecar.pid).toEqual(web.pid);
		expect(sidecar.net).toEqual(web.net);
		expect(sidecar.mnt!.inode).not.toBe(web.mnt!.inode);
		expect(sidecar.mnt!.owner).toBe('container');
	});
});

describe('OCI states', () => {
	it('creating, created and running at the start; stopped when the kill ends it, with exit code 137', () => {
		const cluster = bare();
		cluster.apply(
			pod('sleeper', {
				spec: '  restartPolicy: Never\n  terminationGracePeriodSeconds: 5\n',
				containers: '    - name: app\n      image: busybox:1.36\n      command: ["sleep", "3600"]\n      livenessProbe:\n        exec: {command: ["true"]}\n',
			}),
		);
		advanceUntil(cluster, running(cluster, 'sleeper'), 60_000, 100);
		const started = Date.parse(cluster.get('Pod', 'default', 'sleeper').status.containerStatuses![0]!.state!.running!.startedAt);
		const first = cluster.runtimeInfo('default', 'sleeper')!;
		expect(first.states.map(s => s.state)).toEqual(['creating', 'created', 'running']);
		expect(first.states.every(s => Math.floor(s.at / 1000) === started / 1000)).toBe(true);
		expect(first.pid).toBeGreaterThan(0);
		const at = first.states[2]!.at;
		cluster.setProbesFailing('default', 'sleeper', true);
		// probes at +1 s, +11 s, +21 s fail; sleep ignores SIGTERM: SIGKILL after the 5 s grace period
		cluster.advance(40_000);
		const killed = cluster.runtimeInfo('default', 'sleeper')!;
		expect(killed.states).toEqual([
			{state: 'creating', at},
			{state: 'created', at},
			{state: 'running', at},
			{state: 'stopped', at: at + 26_000},
		]);
		expect(killed.exitCode).toBe(137);
		expect(killed.pid).toBeUndefined();
		const terminated = cluster.get('Pod', 'default', 'sleeper').status.containerStatuses![0]!.state!.terminated!;
		expect(Date.parse(terminated.finishedAt!)).toBe(Math.floor((at + 26_000) / 1000) * 1000);
	});
});

describe('image layers on the node', () => {
	it('nginx:1.27 then redis:7.4 share debian:bookworm-slim: pulled once, 28227259 bytes shared, the rest unique', () => {
		const cluster = bare();
		cluster.apply(pod('web'));
		advanceUntil(cluster, running(cluster, 'web'), 60_000);
		cluster.apply(pod('cache', {image: 'redis:7.4'}));
		advanceUntil(cluster, running(cluster, 'cache'), 60_000);
		const store = cluster.nodeImages('kubesim-worker')!;
		expect(store.images.map(({repository, tag, size, shared, unique}) => ({repository, tag, size, shared, unique}))).toEqual([
			{repository: 'docker.io/library/nginx', tag: '1.27', size: 70_208_483, shared: 28_227_259, unique: 41_981_224},
			{repository: 'docker.io/library/redis', tag: '7.4', size: 45_906_580, shared: 28_227_259, unique: 17_679_321},
			// the sandbox image, there from the node's boot
			{repository: 'registry.k8s.io/pause', tag: '3.10', size: 320_368, shared: 0, unique: 320_368},
		]);
		// the base layer is on disk once
		expect(store.diskBytes).toBe(28_227_259 + 41_981_224 + 17_679_321 + 320_368);
		const redis = cluster.runtimeInfo('default', 'cache')!.image!;
		expect(redis.layers[0]).toMatchObject({size: 28_227_259, alreadyHad: true, sharedWith: ['docker.io/library/nginx:1.27']});
		expect(redis.layers.slice(1).every(l => !l.alreadyHad && l.sharedWith.length === 0)).toBe(true);
		expect(redis.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(redis.configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(redis.configDigest).not.toBe(redis.manifestDigest);
		expect(cluster.runtimeInfo('default', 'web')!.image!.layers[0]).toMatchObject({alreadyHad: false, sharedWith: ['docker.io/library/redis:7.4']});
	});
});

describe('RuntimeClass', () => {
	const gvisor = 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\noverhead:\n  podFixed:\n    cpu: 250m\n    memory: 64Mi\n';

	it('refuses a pod naming a RuntimeClass that does not exist, as the admission plugin does', () => {
		const cluster = bare();
		expect(() => cluster.apply(pod('sandboxed', {spec: '  runtimeClassName: gvisor\n'}))).toThrow('pods "sandboxed" is forbidden: pod rejected: RuntimeClass "gvisor" not found');
		expect(cluster.find('Pod', 'default', 'sandboxed')).toBeUndefined();
	});

	it('a handler the node lacks fails the sandbox; a node with runsc runs it under containerd-shim-runsc-v1', () => {
		const cluster = bare();
		cluster.apply(gvisor);
		cluster.apply(pod('sandboxed', {spec: '  runtimeClassName: gvisor\n'}));
		cluster.advance(15_000);
		const p = cluster.get('Pod', 'default', 'sandboxed') as Pod;
		expect(p.spec.overhead).toEqual({cpu: '250m', memory: '64Mi'});
		expect(p.status.phase).toBe('Pending');
		const failed = eventsFor(cluster, {name: 'sandboxed', reason: 'FailedCreatePodSandBox'});
		expect(failed[0]!.message).toBe('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "runsc" is configured');
		expect(failed[0]!.count).toBe(2);

		const gvisorNode = createCluster({nodes: [{name: 'sandbox-node', runtimeHandlers: ['runc', 'runsc']}], controlPlane: false, addons: false, seed: 7});
		gvisorNode.apply(gvisor);
		gvisorNode.apply(pod('sandboxed', {spec: '  runtimeClassName: gvisor\n'}));
		advanceUntil(gvisorNode, running(gvisorNode, 'sandboxed'), 60_000);
		const info = gvisorNode.runtimeInfo('default', 'sandboxed')!;
		expect(info.handler).toBe('runsc');
		expect(info.info).toEqual({runtimeType: 'io.containerd.runsc.v1', shim: 'containerd-shim-runsc-v1', runtime: 'runsc (gVisor)', isolation: 'gvisor'});
	});

	it('is served with its columns and keeps its handler immutable', () => {
		const cluster = bare();
		cluster.apply(gvisor);
		const rc = cluster.get('RuntimeClass', undefined, 'gvisor');
		expect(() => cluster.update({...rc, handler: 'kata'} as typeof rc)).toThrow('handler: Invalid value: "kata": field is immutable');
		expect(() => cluster.apply('apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: bad\nhandler: Not_A_Label\n')).toThrow(/handler: Invalid value: "Not_A_Label": a lowercase RFC 1123 label/);
	});
});

describe("the kubelet's journal", () => {
	it('records the pull, the start and a failing readiness probe in journalctl -u kubelet form', () => {
		const cluster = bare();
		cluster.apply(pod('web', {containers: '    - name: web\n      image: nginx:1.27\n      readinessProbe:\n        httpGet: {path: /, port: 8080}\n'}));
		cluster.advance(3500);
		const p = cluster.get('Pod', 'default', 'web');
		const uid = p.metadata.uid!;
		const cid = p.status.containerStatuses![0]!.containerID!.replace('containerd://', '');
		const head = (t: string) => `Jan 06 09:00:0${t.slice(0, 1)} kubesim-worker kubelet[920]: I0106 09:00:0${t}     920`;
		const event = (t: string, type: string, reason: string, message: string) =>
			`${head(t)} event.go:389] "Event occurred" object="default/web" fieldPath="spec.containers{web}" kind="Pod" apiVersion="v1" type="${type}" reason="${reason}" message=${JSON.stringify(message)}`;
		const refused = 'Get "http://10.244.0.2:8080/": dial tcp 10.244.0.2:8080: connect: connection refused';
		expect(cluster.nodeJournal('kubesim-worker')).toEqual([
			`${head('0.000000')} kubelet_node_status.go:75] "Attempting to register node" node="kubesim-worker"`,
			`${head('0.000000')} kubelet_node_status.go:78] "Successfully registered node" node="kubesim-worker"`,
			`${head('0.000000')} kubelet.go:2412] "SyncLoop ADD" source="api" pods=["default/web"]`,
			event('0.000000', 'Normal', 'Pulling', 'Pulling image "nginx:1.27"'),
			event('2.158900', 'Normal', 'Pulled', 'Successfully pulled image "nginx:1.27" in 2.159s (2.159s including waiting). Image size: 70208483 bytes.'),
			event('2.158900', 'Normal', 'Created', 'Created container: web'),
			event('2.158900', 'Normal', 'Started', 'Started container web'),
			`${head('2.158900')} kubelet.go:2468] "SyncLoop (PLEG): event for pod" pod="default/web" event={"ID":"${uid}","Type":"ContainerStarted","Data":"${cid}"}`,
			`${head('3.158900')} prober.go:107] "Probe failed" probeType="Readiness" pod="default/web" podUID="${uid}" containerName="web" probeResult="failure" output=${JSON.stringify(refused)}`,
			event('3.158900', 'Warning', 'Unhealthy', `Readiness probe failed: ${refused}`),
		]);
		// the log query's form: microseconds in the prefix; the last N lines
		expect(cluster.nodeJournal('kubesim-worker', {format: 'short-precise', tailLines: 1})).toEqual([event('3.158900', 'Warning', 'Unhealthy', `Readiness probe failed: ${refused}`).replace('09:00:03 kubesim', '09:00:03.158900 kubesim')]);
		expect(cluster.nodeJournal('nowhere')).toBeUndefined();
	});

	it('records an OOM kill and a deletion: the OOM watcher, the PLEG, SyncLoop DELETE and the kill with its grace period', () => {
		const cluster = bare();
		cluster.apply(
			pod('hog', {
				spec: '  restartPolicy: Never\n',
				containers: '    - name: hog\n      image: polinux/stress:1.0.4\n      command: ["stress", "--vm", "1", "--vm-bytes", "150M"]\n      resources:\n        limits: {memory: 100Mi}\n',
			}),
		);
		advanceUntil(cluster, () => !!cluster.get('Pod', 'default', 'hog').status.containerStatuses?.[0]?.state?.terminated, 60_000, 100);
		const p = cluster.get('Pod', 'default', 'hog');
		expect(p.status.containerStatuses![0]!.state!.terminated!.reason).toBe('OOMKilled');
		const cid = p.status.containerStatuses![0]!.containerID!.replace('containerd://', '');
		const info = cluster.runtimeInfo('default', 'hog')!;
		const lines = cluster.nodeJournal('kubesim-worker')!;
		const oom = lines.find(l => l.includes('"Got sys oom event"'))!;
		const cgroup = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uidOf(cluster, 'hog')}.slice/cri-containerd-${cid}.scope`;
		expect(oom.slice(oom.indexOf('oom_watcher')).replace(/Pid:\d+ /, 'Pid:N ')).toBe(
			`oom_watcher_linux.go:69] "Got sys oom event" event=&{Pid:N ProcessName:stress TimeOfDeath:${new Date(info.states[3]!.at).toISOString()} ContainerName:${cgroup} VictimContainerName:${cgroup} Constraint:CONSTRAINT_MEMCG}`,
		);
		expect(info.states[3]!.state).toBe('stopped');
		expect(info.exitCode).toBe(137);
		expect(lines[lines.indexOf(oom) + 1]).toContain(`"SyncLoop (PLEG): event for pod" pod="default/hog" event={"ID":"${p.metadata.uid}","Type":"ContainerDied","Data":"${cid}"}`);

		cluster.apply(pod('web'));
		advanceUntil(cluster, running(cluster, 'web'), 60_000);
		const webCid = cluster.get('Pod', 'default', 'web').status.containerStatuses![0]!.containerID!;
		const webUid = cluster.get('Pod', 'default', 'web').metadata.uid!;
		cluster.delete('Pod', 'default', 'web');
		cluster.advance(1000);
		const after = cluster.nodeJournal('kubesim-worker')!.map(l => l.slice(l.indexOf('] ') + 2));
		const from = after.indexOf('"SyncLoop DELETE" source="api" pods=["default/web"]');
		expect(from).toBeGreaterThan(0);
		expect(after.slice(from + 1, from + 3)).toEqual([
			'"Event occurred" object="default/web" fieldPath="spec.containers{app}" kind="Pod" apiVersion="v1" type="Normal" reason="Killing" message="Stopping container app"',
			`"Killing container with a grace period" pod="default/web" podUID="${webUid}" containerName="app" containerID="${webCid}" gracePeriod=30`,
		]);
		expect(after).toContain('"SyncLoop REMOVE" source="api" pods=["default/web"]');
	});

	it('keeps a bounded ring per node', () => {
		const cluster = bare({journalCapacity: 5});
		for (let i = 0; i < 4; i++) cluster.apply(pod(`p${i}`, {image: 'busybox:1.36'}));
		cluster.advance(20_000);
		const lines = cluster.nodeJournal('kubesim-worker')!;
		expect(lines.length).toBe(5);
		expect(lines.some(l => l.includes('Attempting to register node'))).toBe(false);
	});
});

describe('etcd', () => {
	const config = (secret: string) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: ${secret}
      - identity: {}
`;

	it('keys as the API server writes them, with create and mod revisions and the value without resourceVersion', () => {
		const cluster = bare();
		cluster.apply('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n');
		advanceUntil(cluster, () => cluster.list('Pod', {namespace: 'default'}).some(p => p.status?.phase === 'Running'), 60_000);
		const pod = cluster.list('Pod', {namespace: 'default'})[0]!;
		const keys = cluster.etcd('/registry/', 10_000).map(e => e.key);
		for (const k of ['/registry/deployments/default/web', `/registry/pods/default/${pod.metadata.name}`, '/registry/minions/kubesim-worker', '/registry/services/specs/default/kubernetes', '/registry/namespaces/default', `/registry/replicasets/default/${pod.metadata.ownerReferences![0]!.name}`])
			expect(keys).toContain(k);
		expect([...keys].sort()).toEqual(keys);
		const [entry] = cluster.etcd(`/registry/pods/default/${pod.metadata.name}`);
		expect(entry!.modRevision).toBe(Number(pod.metadata.resourceVersion));
		expect(entry!.createRevision).toBeLessThan(entry!.modRevision);
		const stored = JSON.parse(entry!.value.toString());
		expect(stored.metadata.resourceVersion).toBeUndefined();
		expect(stored.metadata.uid).toBe(pod.metadata.uid);
		expect(cluster.etcd('/registry/deployments/', 10).map(e => e.key)).toEqual(['/registry/deployments/default/web']);
	});

	it('with aescbc, a Secret is stored as k8s:enc:aescbc:v1:key1: + IV + AES-CBC of its value; a ConfigMap stays plain', async () => {
		const key = Buffer.alloc(32, 7);
		const cluster = bare({encryptionConfig: config(key.toString('base64'))});
		cluster.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n');
		cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: b\n');
		const [entry] = cluster.etcd('/registry/secrets/default/db');
		const prefix = 'k8s:enc:aescbc:v1:key1:';
		expect(entry!.value.subarray(0, prefix.length).toString()).toBe(prefix);
		expect(entry!.encryptedBy).toBe('aescbc');
		const {createDecipheriv} = await import('node:crypto');
		const iv = entry!.value.subarray(prefix.length, prefix.length + 16);
		const decipher = createDecipheriv('aes-256-cbc', key, iv);
		const plain = JSON.parse(Buffer.concat([decipher.update(entry!.value.subarray(prefix.length + 16)), decipher.final()]).toString());
		expect(plain.data).toEqual({password: Buffer.from('hunter2').toString('base64')});
		expect(JSON.parse(cluster.etcd('/registry/configmaps/default/plain')[0]!.value.toString()).data).toEqual({a: 'b'});
		// the same seed and steps give the same bytes
		const again = bare({encryptionConfig: config(key.toString('base64'))});
		again.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n');
		expect(again.etcd('/registry/secrets/default/db')[0]!.value.equals(entry!.value)).toBe(true);
	});

	it('with secretbox, a Secret is stored as k8s:enc:secretbox:v1:key1: + nonce + the NaCl box of its value', async () => {
		const key = Buffer.alloc(32, 9);
		const box = `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - secretbox:\n          keys:\n            - name: key1\n              secret: ${key.toString('base64')}\n      - identity: {}\n`;
		const cluster = bare({encryptionConfig: box});
		cluster.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n');
		const [entry] = cluster.etcd('/registry/secrets/default/db');
		const prefix = 'k8s:enc:secretbox:v1:key1:';
		expect(entry!.value.subarray(0, prefix.length).toString()).toBe(prefix);
		expect(entry!.encryptedBy).toBe('secretbox');
		const {secretboxOpen} = await import('../../source/cluster/api/secretbox.js');
		const nonce = entry!.value.subarray(prefix.length, prefix.length + 24);
		const plain = JSON.parse(secretboxOpen(key, nonce, entry!.value.subarray(prefix.length + 24))!.toString());
		expect(plain.data).toEqual({password: Buffer.from('hunter2').toString('base64')});
	});

	it('with kms v2, a Secret is stored as k8s:enc:kms:v2:NAME: + an EncryptedObject the simulated plugin opens', () => {
		const kms = (apiVersion: string) =>
			`apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms:\n          apiVersion: ${apiVersion}\n          name: aws-kms\n          endpoint: unix:///var/run/kmsplugin/socket.sock\n      - identity: {}\n`;
		const cluster = bare({encryptionConfig: kms('v2')});
		cluster.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n');
		const [entry] = cluster.etcd('/registry/secrets/default/db');
		const prefix = 'k8s:enc:kms:v2:aws-kms:';
		expect(entry!.value.subarray(0, prefix.length).toString()).toBe(prefix);
		expect(entry!.encryptedBy).toBe('kms');
		expect(entry!.value.includes(Buffer.from('aHVudGVyMg=='))).toBe(false);
		// field 1 (encryptedData) comes first: tag 0x0a
		expect(entry!.value[prefix.length]).toBe(0x0a);
		const opened = kmsV2Open('aws-kms', entry!.value);
		expect(opened.keyID).toBe(kmsKeyId('aws-kms'));
		expect(JSON.parse(opened.data.toString()).data).toEqual({password: 'aHVudGVyMg=='});
		// an edited byte fails the AES-GCM tag
		const edited = Buffer.from(entry!.value);
		edited[edited.length - 1] ^= 1;
		expect(() => kmsV2Open('aws-kms', edited)).toThrow();
		// the same seed and steps give the same bytes
		const again = bare({encryptionConfig: kms('v2')});
		again.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n');
		expect(again.etcd('/registry/secrets/default/db')[0]!.value.equals(entry!.value)).toBe(true);
		expect(() => bare({encryptionConfig: kms('v1')})).toThrow('kms provider "aws-kms": KMS v1 is deprecated and off by default (the KMSv1 feature gate); use apiVersion: v2');
	});

	it('refuses an invalid EncryptionConfiguration at start, naming the field', () => {
		expect(() => bare({encryptionConfig: config(Buffer.from('password').toString('base64'))})).toThrow(
			'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]',
		);
	});
});

describe('the sandbox image', () => {
	it('is on every node from its boot: registry.k8s.io/pause:3.10 on kind, EKS\'s ECR pause:3.5 on an EKS node', () => {
		const kind = createCluster({nodes: 1, controlPlane: false, addons: false, seed: 7});
		const kindNode = kind.list('Node')[0]! as any;
		expect(kindNode.status.images).toEqual([{names: [expect.stringMatching(/^registry\.k8s\.io\/pause@sha256:[0-9a-f]{64}$/), 'registry.k8s.io/pause:3.10'], sizeBytes: 320_368}]);
		expect(sandboxImage('aws:///us-east-1b/i-0123456789abcdef0')).toBe('602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.5');
		expect(sandboxImage('kubesim://x')).toBe('registry.k8s.io/pause:3.10');
		const eks = createCluster({profile: 'eks', seed: 7});
		eks.advance(120_000);
		const node = eks.list('Node')[0]! as any;
		expect(node.status.images.map((i: any) => i.names[1])).toContain('602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.5');
		eks.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      command: [sleep, "3600"]\n');
		advanceUntil(eks, () => (eks.find('Pod', 'default', 'p') as Pod | undefined)?.status?.phase === 'Running', 120_000);
		expect(eks.runtimeInfo('default', 'p')!.sandboxImage).toBe('602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.5');
	});
});

describe('a Node\'s reported runtime handlers', () => {
	it('any status.runtimeHandlers reads as names or as none, never throwing', () => {
		fc.assert(
			fc.property(fc.anything(), fc.array(fc.record({name: fc.oneof(fc.string(), fc.anything())}, {requiredKeys: []})), (a, b) => {
				for (const v of [a, b]) {
					const got = reportedRuntimeHandlers({apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, status: {runtimeHandlers: v}} as any);
					if (got !== undefined) expect(got.length > 0 && got.every(n => typeof n === 'string' && n !== '')).toBe(true);
				}
			}),
			{seed: 3, numRuns: 300},
		);
		expect(reportedRuntimeHandlers({apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, status: {runtimeHandlers: [{name: 'runc'}, {name: ''}, {name: 'kata'}]}} as any)).toEqual(['runc', 'kata']);
	});
});
