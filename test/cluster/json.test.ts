import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {sameJson} from '../../source/cluster/core/json.js';

// values as statuses hold them: nested objects and arrays with undefined members and repeated keys in either order
const value = fc.letrec<{v: unknown}>(tie => ({
	v: fc.oneof(
		{depthSize: 'small'},
		fc.constantFrom(null, undefined, true, false, 0, -0, 1, 'a', '', 'Running'),
		fc.integer(),
		fc.string({maxLength: 4}),
		fc.array(tie('v'), {maxLength: 4}),
		fc.dictionary(fc.constantFrom('a', 'b', 'c', 'ready', 'state'), tie('v'), {maxKeys: 4}),
	),
}));

describe('sameJson', () => {
	it('agrees with comparing JSON.stringify texts', () => {
		fc.assert(
			fc.property(value.v, value.v, (a, b) => {
				expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
				expect(sameJson(a, structuredClone(a))).toBe(true);
			}),
			{seed: 10, numRuns: 3000},
		);
	});

	it('tells apart the same keys in another order, and ignores undefined members as JSON does', () => {
		expect(sameJson({a: 1, b: 2}, {b: 2, a: 1})).toBe(false);
		expect(sameJson({a: 1, b: undefined}, {a: 1})).toBe(true);
		expect(sameJson([undefined], [null])).toBe(true);
		expect(sameJson({a: [1, {b: 'x'}]}, {a: [1, {b: 'y'}]})).toBe(false);
		expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
		expect(sameJson({}, [])).toBe(false);
	});
});
