// The incremental sort and filter of table rows give what sorting and filtering from scratch
// gives, whatever the rows, the query edits and the row changes in between.
import {describe, expect, it, vi} from 'vitest';
import fc from 'fast-check';
import type {KObject} from '../../source/cluster/types.js';
import {kindInfo} from '../../source/kinds/index.js';
import {RowCache, RowFilter, SortedRows, buildRows, filterRows, type Row, type SortSpec} from '../../source/ui/rows.js';

const kind = kindInfo('ConfigMap')!;
const ctx = {now: Date.parse('2026-01-01T00:00:00Z')};
const NAMES = ['web', 'api', 'app', 'db', 'cache', 'web-1', 'app-12', 'app-2'];
const NAMESPACES = ['default', 'shop', 'kube-system'];

interface Spec {
	ns: string;
	name: string;
	keys: number;
	version: number;
}

function object(s: Spec): KObject {
	const data: Record<string, string> = {};
	for (let i = 0; i < s.keys; i++) data[`k${i}`] = 'v';
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: s.name, namespace: s.ns, uid: `${s.ns}/${s.name}`, resourceVersion: String(s.version), creationTimestamp: '2025-12-31T00:00:00Z'}, data} as KObject;
}

const spec = fc.record({ns: fc.constantFrom(...NAMESPACES), name: fc.tuple(fc.constantFrom(...NAMES), fc.integer({min: 0, max: 30})).map(([n, i]) => `${n}-${i}`), keys: fc.integer({min: 0, max: 12}), version: fc.constant(1)});

type Step =
	| {op: 'type'; text: string}
	| {op: 'backspace'}
	| {op: 'set'; text: string}
	| {op: 'change'; at: number; keys: number}
	| {op: 'add'; spec: Spec}
	| {op: 'remove'; at: number}
	| {op: 'bulk'; at: number; count: number; keys: number}
	| {op: 'sort'; sort: SortSpec}
	| {op: 'warm'; slices: number};

const filterText = fc.constantFrom('a', 'p', '-', '1', '2', 'w', 'e', 'b', 'default', 'shop', ' ', '^', '$', '.', '!', '-f ', '(', '[');
const step: fc.Arbitrary<Step> = fc.oneof(
	{weight: 4, arbitrary: filterText.map(text => ({op: 'type' as const, text}))},
	{weight: 2, arbitrary: fc.constant({op: 'backspace' as const})},
	{weight: 1, arbitrary: fc.constantFrom('', 'app', '!web', '-f ap', '^app-1', 'shop app', '[', 'a|b', '-f').map(text => ({op: 'set' as const, text}))},
	{weight: 3, arbitrary: fc.record({op: fc.constant('change' as const), at: fc.nat(), keys: fc.integer({min: 0, max: 12})})},
	{weight: 2, arbitrary: spec.map(s => ({op: 'add' as const, spec: s}))},
	{weight: 2, arbitrary: fc.nat().map(at => ({op: 'remove' as const, at}))},
	{weight: 1, arbitrary: fc.record({op: fc.constant('bulk' as const), at: fc.nat(), count: fc.integer({min: 2, max: 12}), keys: fc.integer({min: 0, max: 12})})},
	{weight: 1, arbitrary: fc.record({op: fc.constant('sort' as const), sort: fc.record({column: fc.constantFrom('Name', 'Data', 'Age', 'Namespace'), ascending: fc.boolean()})})},
	{weight: 1, arbitrary: fc.record({op: fc.constant('warm' as const), slices: fc.integer({min: 0, max: 4})})},
);

const keysOf = (rows: Row[]) => rows.map(r => `${r.key}@${r.obj.metadata.resourceVersion}`);

describe('incremental rows', () => {
	// the joined index big lists search is taken here from the first row, in groups of 1 to 7 rows;
	// the sorter is told either every object or only what changed (spliced in, or merged in one pass)
	it('sort and filter as from scratch, after any edits and row changes', () => {
		vi.useFakeTimers();
		fc.assert(
			fc.property(fc.uniqueArray(spec, {selector: s => `${s.ns}/${s.name}`, maxLength: 60}), fc.boolean(), fc.array(step, {maxLength: 40}), fc.option(fc.integer({min: 1, max: 7})), fc.option(fc.integer({min: 0, max: 4})), fc.boolean(), (initial, allNamespaces, steps, group, spliced, growing) => {
				let objects = initial.map(object);
				let filter = '';
				let sort: SortSpec = {column: 'Name', ascending: true};
				const cache = new RowCache();
				const sorter = spliced === null ? new SortedRows() : new SortedRows({spliced});
				// growing: the first key searches what is indexed and the rest is read between frames
				const rowFilter = group === null ? new RowFilter(cache) : new RowFilter(cache, {indexFrom: 0, group, ...(growing ? {firstKeyMs: 0} : {})});
				let ready = 0;
				rowFilter.onReady(() => ready++);
				let sorted: Row[] = [];
				// what changed since the sorter last saw the objects, by namespace/name
				const changes = new Map<string, KObject | undefined>();
				let built = false;
				const check = () => {
					const q = {kind, objects, sort, allNamespaces, wide: false, ctx};
					const told = spliced !== null && built ? sorter.update(q, changes, cache) : undefined;
					sorted = told ?? sorter.build(q, cache);
					built = true;
					changes.clear();
					const scratchCache = new RowCache();
					const expectedSorted = buildRows(q, scratchCache);
					expect(keysOf(sorted)).toEqual(keysOf(expectedSorted));
					let filtered = rowFilter.apply(sorted, filter, kind, ctx, allNamespaces);
					const expected = filterRows(expectedSorted, filter, kind, scratchCache, ctx, undefined, allNamespaces).rows;
					if (rowFilter.pending()) {
						// what is shown so far is some of the matches, in order
						const want = keysOf(expected);
						let at = 0;
						for (const k of keysOf(filtered)) {
							at = want.indexOf(k, at) + 1;
							expect(at, k).toBeGreaterThan(0);
						}
						const before = ready;
						vi.runAllTimers();
						expect(ready).toBe(before + 1);
						filtered = rowFilter.apply(sorted, filter, kind, ctx, allNamespaces);
						expect(rowFilter.pending()).toBe(false);
					}
					expect(keysOf(filtered)).toEqual(keysOf(expected));
				};
				check();
				for (const s of steps) {
					if (s.op === 'type') filter += s.text;
					else if (s.op === 'backspace') filter = filter.slice(0, -1);
					else if (s.op === 'set') filter = s.text;
					else if (s.op === 'sort') {
						sort = s.sort;
						// a new sort is built from every object, so the changes are all told
						built = false;
					}
					else if (s.op === 'warm') {
						// the index made part way (or whole) between frames
						const cancel = rowFilter.warm(kind, sorted, ctx, allNamespaces, 0);
						for (let i = 0; i < s.slices; i++) vi.advanceTimersToNextTimer();
						cancel();
					}
					else if ((s.op === 'change' || s.op === 'bulk') && objects.length) {
						const first = s.at % objects.length;
						const count = s.op === 'bulk' ? s.count : 1;
						const touched = (j: number) => (j - first + objects.length) % objects.length < count;
						objects = objects.map((o, j) => {
							if (!touched(j)) return o;
							const next = object({ns: o.metadata.namespace!, name: o.metadata.name, keys: s.keys, version: Number(o.metadata.resourceVersion) + 1});
							changes.set(`${o.metadata.namespace}/${o.metadata.name}`, next);
							return next;
						});
					} else if (s.op === 'add' && !objects.some(o => o.metadata.uid === `${s.spec.ns}/${s.spec.name}`)) {
						const o = object(s.spec);
						objects = [...objects, o];
						changes.set(`${s.spec.ns}/${s.spec.name}`, o);
					} else if (s.op === 'remove' && objects.length) {
						const gone = objects[s.at % objects.length]!;
						objects = objects.filter(o => o !== gone);
						changes.set(`${gone.metadata.namespace}/${gone.metadata.name}`, undefined);
					}
					check();
				}
			}),
			{numRuns: 300},
		);
		vi.useRealTimers();
	});

	it('gives back the same rows when nothing changed, and narrows a growing text among the previous matches', () => {
		const objects = ['app-1', 'app-12', 'web-1', 'api-2'].map(name => object({ns: 'default', name, keys: 1, version: 1}));
		const cache = new RowCache();
		const sorter = new SortedRows();
		const q = {kind, objects, sort: {column: 'Name', ascending: true}, allNamespaces: false, wide: false, ctx};
		const sorted = sorter.build(q, cache);
		expect(sorter.build({...q, objects: [...objects]}, cache)).toBe(sorted);
		const f = new RowFilter(cache);
		expect(f.apply(sorted, 'app', kind, ctx).map(r => r.obj.metadata.name)).toEqual(['app-1', 'app-12']);
		expect(f.apply(sorted, 'app-12', kind, ctx).map(r => r.obj.metadata.name)).toEqual(['app-12']);
		const again = f.apply(sorted, 'app', kind, ctx);
		expect(f.apply(sorted, 'app', kind, ctx)).toBe(again);
		// one changed row: the others keep their places, the changed one is in the new version
		const changed = objects.map(o => (o.metadata.name === 'web-1' ? object({ns: 'default', name: 'web-1', keys: 3, version: 2}) : o));
		const next = sorter.build({...q, objects: changed}, cache);
		expect(next.map(r => r.obj.metadata.name)).toEqual(['api-2', 'app-1', 'app-12', 'web-1']);
		expect(next[3]!.obj.metadata.resourceVersion).toBe('2');
		expect(f.apply(next, '!app', kind, ctx).map(r => r.obj.metadata.name)).toEqual(['api-2', 'web-1']);
	});
});
