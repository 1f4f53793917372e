// The embedded client tells a table which objects changed since a revision, so that a big table
// moves only those rows; acting as another user, or falling too far behind, makes it list again.
import {describe, expect, it} from 'vitest';
import {createCluster} from '../../source/cluster/index.js';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {ChangeLog} from '../../source/client/changes.js';

describe('changes since a revision', () => {
	it('names each object written once, with its newest version, and the ones deleted', () => {
		const cluster = createCluster({nodes: 1, seed: 1});
		const client = new EmbeddedClient(cluster, {paused: true});
		const before = client.revision('ConfigMap');
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a', namespace: 'default'}, data: {}});
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'b', namespace: 'default'}, data: {}});
		cluster.patch('ConfigMap', 'default', 'a', {data: {x: '1'}});
		const mid = client.revision('ConfigMap');
		cluster.delete('ConfigMap', 'default', 'b');
		const told = client.changesSince!('ConfigMap', before)!;
		expect(told.changed.map(o => o.metadata.name)).toEqual(['a']);
		expect(told.changed[0]).toBe(cluster.cached('ConfigMap', 'default', 'a'));
		expect((told.changed[0] as {data?: unknown}).data).toEqual({x: '1'});
		expect(told.removed).toEqual(['default/b']);
		expect(client.changesSince!('ConfigMap', mid)).toEqual({changed: [], removed: ['default/b']});
		expect(client.changesSince!('ConfigMap', client.revision('ConfigMap'))).toEqual({changed: [], removed: []});
		// another user may list less: the table lists again
		client.actAs({username: 'jane', groups: []});
		expect(client.changesSince!('ConfigMap', before)).toBeUndefined();
		client.actAs(undefined);
		expect(client.changesSince!('ConfigMap', before)).toBeUndefined();
		client.close();
	});

	it('forgets what is too far behind, and starts over after a change it cannot name', () => {
		const log = new ChangeLog();
		for (let r = 1; r <= 10_000; r++) log.record('Pod', r, `default/p${r % 7}`);
		expect(log.since('Pod', 9_990, 10_000)).toEqual(new Set(['default/p0', 'default/p1', 'default/p2', 'default/p3', 'default/p4', 'default/p5', 'default/p6']));
		expect(log.since('Pod', 9_998, 10_000)).toEqual(new Set(['default/p3', 'default/p4']));
		expect(log.since('Pod', 100, 10_000)).toBeUndefined();
		expect(log.since('Pod', 10_000, 10_001)).toBeUndefined();
		log.reset('Pod', 10_001);
		expect(log.since('Pod', 10_001, 10_001)).toEqual(new Set());
		log.record('Pod', 10_002, '');
		expect(log.since('Pod', 10_001, 10_002)).toEqual(new Set());
		expect(log.since('Pod', 10_000, 10_002)).toBeUndefined();
	});
});
