// The store's replay window is bounded by bytes as well as by writes: many versions of a large
// object do not pile up, and a watch from a version that fell out of it is told so.
import {describe, expect, it} from 'vitest';
import {Store, estimatedBytes} from '../../source/cluster/store/store.js';
import type {KObject} from '../../source/cluster/types.js';

const configMap = (value: string): KObject =>
	({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'big', namespace: 'default'}, data: {payload: value}}) as unknown as KObject;

describe('the replay window', () => {
	it('200 versions of a 900 KB ConfigMap keep at most the byte budget', () => {
		const store = new Store(20_000, new Map(), 32 * 1024 * 1024);
		const first = store.put(configMap('a'.repeat(900_000)));
		const firstRv = Number(first.metadata.resourceVersion);
		for (let i = 1; i < 200; i++) store.put(configMap(String(i % 10).repeat(900_000)));
		store.remove('ConfigMap', 'default', 'big');
		const w = store.window();
		const each = estimatedBytes(configMap('x'.repeat(900_000)));
		expect(each).toBe(1024 + 'payload'.length + 900_000);
		// 37 versions fit in 32 MiB, plus the deletion (whose object is the last version)
		expect(w.entries).toBe(Math.floor((32 * 1024 * 1024 - each) / each) + 1);
		expect(w.bytes).toBeLessThanOrEqual(32 * 1024 * 1024);
		expect(store.since(firstRv)).toBe('expired');
		const recent = store.since(store.resourceVersion() - 2);
		expect(recent).not.toBe('expired');
		expect((recent as Array<{type: string}>).map(e => e.type)).toEqual(['MODIFIED', 'DELETED']);
	});

	it('small writes are bounded by count, and the window stays in order after compaction', () => {
		const store = new Store(100, new Map());
		for (let i = 0; i < 5_000; i++) store.put(configMap(String(i)));
		expect(store.window().entries).toBe(100);
		const events = store.since(store.resourceVersion() - 100) as Array<{rv: number}>;
		expect(events.map(e => e.rv)).toEqual(Array.from({length: 100}, (_, i) => 4_901 + i));
		expect(store.since(store.resourceVersion() - 101)).toBe('expired');
	});
});
