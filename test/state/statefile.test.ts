// A cluster kept in a state file and resumed from it: the same objects at the same
// resourceVersions, the virtual clock and the generator where they were, nodes booting again
// (their pods Running again, one restart more); compaction keeps the file whole; a file cut
// anywhere after its snapshot loads the writes before the cut and never throws.
import {afterAll, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Cluster, KObject, Pod} from '../../source/cluster/index.js';
import {openWithState} from '../../source/state/open.js';
import {readState} from '../../source/state/statefile.js';
import {decode} from '../../source/state/wal.js';
import {demoManifests} from '../ui/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-statefile-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Every object as JSON, in key order: what two clusters must agree on. */
function contents(objects: Iterable<KObject>): string[] {
	return [...objects].map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name} ${JSON.stringify(o)}`).sort();
}

const configMap = (name: string): KObject => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default'}, data: {name}}) as KObject;

describe('a cluster in a state file', () => {
	const file = join(dir, 'demo.state');
	const first = openWithState(file, {seed: 1, manifests: demoManifests(), startTime: Date.UTC(2025, 5, 1)});
	first.cluster.advance(60_000);
	first.cluster.scale('Deployment', 'default', 'web', 4);
	first.cluster.advance(20_000);
	first.file.close();
	const before = {
		objects: contents(first.cluster.image().objects),
		rv: first.cluster.resourceVersion(),
		elapsed: first.cluster.elapsed(),
		now: first.cluster.now(),
		rng: first.cluster.image().rng,
		pods: first.cluster.list('Pod'),
	};

	let second: Cluster;

	it('resumes with the same objects, resourceVersion counter, virtual clock and generator', () => {
		const saved = readState(file)!;
		expect(saved.damage).toBeUndefined();
		expect(saved.image.resourceVersion).toBe(Number(before.rv));
		expect(saved.image.elapsed).toBe(80_000);
		expect(contents(saved.image.objects)).toEqual(before.objects);
		const s = openWithState(file, {seed: 99, manifests: []});
		second = s.cluster;
		s.file.close();
		expect(second.elapsed()).toBe(before.elapsed);
		expect(second.now()).toBe(before.now);
		expect(second.image().rng).toBe(before.rng);
		expect(second.list('Pod', {namespace: 'default'}).map(p => p.metadata.name).sort()).toEqual(before.pods.filter(p => p.metadata.namespace === 'default').map(p => p.metadata.name).sort());
		// the generator goes on from where it was: the next object gets the uid the first cluster would have given it
		expect(second.create(configMap('next')).metadata.uid).toBe(first.cluster.create(configMap('next')).metadata.uid);
	});

	it('its nodes boot again: the pods that were Running run again, each container with one restart more', () => {
		second.advance(30_000);
		const running = before.pods.filter(p => p.status.phase === 'Running');
		expect(running.length).toBe(17);
		for (const p of running) {
			const now = second.get<Pod>('Pod', p.metadata.namespace, p.metadata.name);
			expect(now.metadata.uid).toBe(p.metadata.uid);
			expect(now.status.phase, p.metadata.name).toBe('Running');
			expect(now.spec.nodeName).toBe(p.spec.nodeName);
			for (const c of now.status.containerStatuses ?? []) {
				const was = p.status.containerStatuses!.find(s => s.name === c.name)!;
				expect(c.restartCount).toBe(was.restartCount + 1);
				expect(c.lastState.terminated).toMatchObject({exitCode: 255, reason: 'Unknown', startedAt: was.state.running!.startedAt});
				expect(c.state.running).toBeDefined();
			}
		}
		expect(second.get('Deployment', 'default', 'web').status).toMatchObject({replicas: 4, readyReplicas: 4, availableReplicas: 4});
		// no node was lost while it was down: nothing was evicted or rescheduled
		expect(second.list('Node').every(n => n.status?.conditions?.find(c => c.type === 'Ready')?.status === 'True')).toBe(true);
	});
});

describe('compaction', () => {
	it('replaces the log with a snapshot once it outgrows it, and the file reads back the cluster', () => {
		const file = join(dir, 'compacted.state');
		const s = openWithState(file, {seed: 1, manifests: demoManifests()}, 64 * 1024);
		for (let i = 0; i < 40; i++) {
			s.cluster.create(configMap(`c${i}`));
			s.cluster.advance(5_000);
			s.file.flush();
		}
		expect(s.file.stats().compactions).toBeGreaterThan(2);
		const saved = readState(file)!;
		expect(saved.damage).toBeUndefined();
		expect(contents(saved.image.objects)).toEqual(contents(s.cluster.image().objects));
		expect(saved.image.resourceVersion).toBe(Number(s.cluster.resourceVersion()));
		expect(saved.image.elapsed).toBe(200_000);
		s.file.close();
	});
});

describe('a state file cut anywhere after its snapshot', () => {
	const file = join(dir, 'cut.state');
	const s = openWithState(file, {seed: 1, manifests: []});
	const versions: Array<{end: number; rv: number; names: string[]}> = [];
	s.file.flush();
	for (let i = 0; i < 20; i++) {
		s.cluster.create(configMap(`m${i}`));
		s.file.flush();
	}
	s.file.close();
	const bytes = readFileSync(file);
	const d = decode(bytes);
	const snapshotEnd = readState(file)!.snapshotBytes;
	// after each whole record: the resourceVersion and the ConfigMaps written so far
	let rv = 0;
	const names: string[] = [];
	d.records.forEach((r, i) => {
		const end = d.offsets[i + 1] ?? d.end;
		if (end <= snapshotEnd) return;
		const rec = JSON.parse(r.toString()) as {rv?: number; o?: KObject};
		if (rec.rv) rv = rec.rv;
		if (rec.o?.kind === 'ConfigMap' && rec.o.metadata.name.startsWith('m')) names.push(rec.o.metadata.name);
		versions.push({end, rv, names: [...names]});
	});

	it('loads exactly the writes of the whole records before the cut, and reports a cut inside one', () => {
		expect(versions.length).toBe(20);
		fc.assert(
			fc.property(fc.integer({min: snapshotEnd, max: bytes.length}), cut => {
				const f = join(dir, 'cut-copy.state');
				writeFileSync(f, bytes.subarray(0, cut));
				const saved = readState(f)!;
				const kept = versions.filter(v => v.end <= cut).at(-1);
				expect(saved.end).toBe(kept?.end ?? snapshotEnd);
				if (kept) expect(saved.image.resourceVersion).toBe(kept.rv);
				const got = [...saved.image.objects].filter(o => o.kind === 'ConfigMap' && o.metadata.name.startsWith('m')).map(o => o.metadata.name);
				expect(got).toEqual(kept?.names ?? []);
				expect(saved.damage === undefined).toBe(cut === saved.end);
			}),
			{numRuns: 60},
		);
	});
});

describe('a node resumed from a state file', () => {
	it('keeps every runtime handler it reported, so a gVisor pod runs there again', () => {
		const file = join(dir, 'handlers.state');
		const gvisor = 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n';
		const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sandboxed\n  namespace: default\nspec:\n  runtimeClassName: gvisor\n  containers:\n    - name: c\n      image: busybox:1.36\n      command: [sleep, "3600"]\n';
		const first = openWithState(file, {nodes: [{name: 'sandbox-node', runtimeHandlers: ['runc', 'runsc', 'kata']}], controlPlane: false, addons: false, seed: 7, startTime: Date.UTC(2025, 5, 1)});
		first.cluster.apply(gvisor);
		first.cluster.apply(pod);
		first.cluster.advance(60_000);
		expect((first.cluster.get('Node', undefined, 'sandbox-node') as any).status.runtimeHandlers).toEqual([{name: 'runc'}, {name: 'runsc'}, {name: 'kata'}]);
		expect(first.cluster.runtimeInfo('default', 'sandboxed')!.handler).toBe('runsc');
		first.file.close();
		const again = openWithState(file, {nodes: [{name: 'sandbox-node'}], controlPlane: false, addons: false, seed: 7, startTime: Date.UTC(2025, 5, 1)});
		again.cluster.advance(60_000);
		const p = again.cluster.get('Pod', 'default', 'sandboxed') as Pod;
		expect(p.status.phase).toBe('Running');
		expect(again.cluster.list('Event', {namespace: 'default'}).filter(e => (e as any).reason === 'FailedCreatePodSandBox')).toEqual([]);
		expect(again.cluster.runtimeInfo('default', 'sandboxed')!.handler).toBe('runsc');
		again.file.close();
	});
});
