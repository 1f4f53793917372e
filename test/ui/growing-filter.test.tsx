// The first key on a big list shows the matches among the rows read so far, its count marked as
// growing, and the screen is drawn again with every match once the rest are read between frames.
import React, {useEffect} from 'react';
import {describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {createCluster} from '../../source/cluster/index.js';
import {EmbeddedClient} from '../../source/client/embedded.js';
import {kindInfo} from '../../source/kinds/index.js';
import {TableCache, useTableRows} from '../../source/ui/hooks/useTableRows.js';
import {tableScreen} from '../../source/ui/state.js';
import {Signal} from '../wait.js';

describe('a filter on a list whose index is not whole', () => {
	it('shows what it has found, then every match', async () => {
		const cluster = createCluster({nodes: 1, seed: 1, manifests: []});
		for (let i = 0; i < 40; i++) cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `${i % 2 ? 'app' : 'db'}-${i}`, namespace: 'default'}, data: {}});
		const client = new EmbeddedClient(cluster, {paused: true});
		// one row read per turn, and no time for the first key: its result always grows
		const cache = new TableCache({indexFrom: 0, group: 1, firstKeyMs: 0});
		const kind = kindInfo('ConfigMap')!;
		const screen = {...tableScreen('ConfigMap', 'default'), filter: 'app'};
		// fired after each frame is drawn
		const drawn = new Signal();
		function Rows() {
			const rows = useTableRows(client, screen, kind, cache);
			useEffect(() => drawn.fire());
			return <Text>{`${rows.length}${cache.filter.pending() ? '…' : ''}`}</Text>;
		}
		const r = render(<Rows />);
		try {
			const first = r.lastFrame();
			expect(first).toMatch(/^\d+…$/);
			expect(Number(first!.slice(0, -1))).toBeLessThan(20);
			// the rest are read between frames, then the screen is drawn again
			for (;;) {
				const seen = drawn.count;
				if (r.lastFrame() === '20') break;
				await drawn.next(seen);
			}
			expect(r.lastFrame()).toBe('20');
		} finally {
			r.unmount();
			client.close();
		}
	});
});
