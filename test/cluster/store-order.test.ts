// Lists come back in etcd's key order (namespace, then name) from an order the store keeps
// between lists: whatever objects were created, changed and removed in between, it is the order
// sorting them all would give, for every namespace and for the whole kind.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {Store, compareKeys} from '../../source/cluster/store/store.js';
import {compareObjects} from '../../source/cluster/api/apiserver.js';
import type {KObject} from '../../source/cluster/types.js';

// namespaces where one is a prefix of another and '-' sorts before '/'
const NAMESPACES = ['a', 'a-b', 'ab', 'b', 'default', 'default-2'];
const NAMES = ['x', 'x-1', 'x.1', 'x1', 'web', 'web-0', 'a'];

const pod = (namespace: string, name: string, v: number): KObject =>
	({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace, labels: {v: String(v)}}, spec: {}}) as unknown as KObject;

type Op = {op: 'put'; ns: string; name: string} | {op: 'remove'; ns: string; name: string} | {op: 'list'; ns: string | undefined};

const op: fc.Arbitrary<Op> = fc.oneof(
	{weight: 4, arbitrary: fc.record({op: fc.constant('put' as const), ns: fc.constantFrom(...NAMESPACES), name: fc.constantFrom(...NAMES)})},
	{weight: 2, arbitrary: fc.record({op: fc.constant('remove' as const), ns: fc.constantFrom(...NAMESPACES), name: fc.constantFrom(...NAMES)})},
	{weight: 2, arbitrary: fc.record({op: fc.constant('list' as const), ns: fc.option(fc.constantFrom(...NAMESPACES, 'c'), {nil: undefined})})},
);

const names = (objs: KObject[]) => objs.map(o => `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`);

describe('list order', () => {
	it('is the sorted order after any creates, updates and removes', () => {
		fc.assert(
			fc.property(fc.array(op, {maxLength: 80}), ops => {
				const store = new Store();
				let v = 0;
				const check = (ns: string | undefined) => {
					const expected = store.list('Pod', {namespace: ns}).sort(compareObjects);
					expect(names(store.inOrder('Pod', ns))).toEqual(names(expected));
				};
				for (const o of ops) {
					if (o.op === 'put') store.put(pod(o.ns, o.name, v++));
					else if (o.op === 'remove') store.remove('Pod', o.ns, o.name);
					else check(o.ns);
				}
				check(undefined);
				for (const ns of NAMESPACES) check(ns);
			}),
			{numRuns: 400},
		);
	});

	it('puts a namespace before the longer ones it begins, whatever the characters after it', () => {
		expect(['a-b/x', 'a/x', 'ab/x', 'a/x-1'].sort(compareKeys)).toEqual(['a/x', 'a/x-1', 'a-b/x', 'ab/x']);
		expect(compareKeys('default/web', 'default/web')).toBe(0);
	});
});
