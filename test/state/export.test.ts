// `kubesim export`: the cluster's own objects as YAML that `--manifests` and `kubectl apply -f`
// take back, giving the same objects; what controllers and the bootstrap make is left out.
import {afterAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseAllDocuments} from 'yaml';
import {createCluster, type KObject} from '../../source/cluster/index.js';
import {createApiServer, writeKubeconfig} from '../../source/server/index.js';
import {exportText} from '../../source/state/export.js';
import {openWithState} from '../../source/state/open.js';
import {readState} from '../../source/state/statefile.js';
import {demoManifests} from '../ui/harness.js';
import {runKubectl} from '../server/run-kubectl.js';
import {describeWithTool, kubectlTool} from '../tools.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-export-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** kind namespace/name of each document. */
function ids(text: string): string[] {
	return parseAllDocuments(text)
		.map(d => d.toJSON() as KObject | null)
		.filter((o): o is KObject => !!o)
		.map(o => `${o.kind} ${o.metadata.namespace ?? (o.kind === 'Namespace' ? '' : 'default')}/${o.metadata.name}`)
		.sort();
}

const demo = demoManifests();
const DEMO_IDS = ids(demo.map(m => m.text).join('\n---\n'));

describe('kubesim export', () => {
	const a = createCluster({seed: 1, manifests: demo});
	a.advance(60_000);
	const exported = exportText(a.image().objects);

	it('writes the objects the manifests made, and none that the cluster made itself', () => {
		expect(ids(exported)).toEqual(DEMO_IDS);
		expect(DEMO_IDS).toHaveLength(12);
		// by then the cluster holds ReplicaSets, pods, events, endpoints, leases: none is written
		for (const kind of ['ReplicaSet', 'Pod', 'Event', 'Endpoints', 'EndpointSlice', 'Lease', 'Node', 'ServiceAccount']) expect(a.list(kind).length, kind).toBeGreaterThan(0);
		expect(exported).not.toMatch(/^\s*(uid|resourceVersion|creationTimestamp|managedFields|status|nodeName|clusterIPs?: 10\.)/m);
		expect(exported).not.toContain('controller-uid');
		expect(exported).not.toContain('deployment.kubernetes.io/revision');
		// in creation order: the namespace before what lives in it
		expect(exported.indexOf('kind: Namespace')).toBe(exported.indexOf('kind:'));
	});

	it('--manifests of the export makes a cluster whose export is the same', () => {
		const b = createCluster({seed: 2, manifests: [{source: 'export.yaml', text: exported}]});
		b.advance(60_000);
		expect(exportText(b.image().objects)).toBe(exported);
		expect(b.list('Pod', {namespace: 'default'}).filter(p => p.status.phase === 'Running')).toHaveLength(a.list('Pod', {namespace: 'default'}).filter(p => p.status.phase === 'Running').length);
	});

	it('a state file exports the cluster it keeps, writes after the snapshot included', () => {
		const file = join(dir, 'cluster.state');
		const s = openWithState(file, {seed: 1, manifests: demo});
		s.cluster.advance(10_000);
		s.cluster.scale('Deployment', 'default', 'web', 5);
		s.cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'later', namespace: 'default'}, data: {a: '1'}} as KObject);
		s.cluster.advance(10_000);
		s.file.close();
		const fromFile = exportText(readState(file)!.image.objects);
		expect(fromFile).toBe(exportText(s.cluster.image().objects));
		expect(ids(fromFile)).toEqual([...DEMO_IDS, 'ConfigMap default/later'].sort());
		expect(fromFile).toMatch(/name: web\n {2}namespace: default\n(.|\n)*?replicas: 5\n/);
	});
});

describeWithTool(kubectlTool, 'kubectl apply -f of an export', () => {
	it('recreates the same objects in an empty cluster', async () => {
		const a = createCluster({seed: 1, manifests: demo});
		const text = exportText(a.image().objects);
		const empty = createCluster({seed: 3});
		const server = createApiServer(empty);
		await server.listen(0, '127.0.0.1');
		try {
			writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
			const file = join(dir, 'export.yaml');
			writeFileSync(file, text);
			const r = await runKubectl(dir, ['apply', '-f', file]);
			expect(r.stderr).toBe('');
			expect(r.code).toBe(0);
			expect(r.stdout.trim().split('\n')).toHaveLength(12);
			expect(r.stdout).toContain('deployment.apps/web created');
			expect(exportText(empty.image().objects)).toBe(text);
		} finally {
			await server.close();
		}
	});
});
