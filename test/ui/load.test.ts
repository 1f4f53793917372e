// withoutFetch: the global fetch is hidden while the dashboard's modules load, and back after.
import {describe, expect, it} from 'vitest';
import {withoutFetch} from '../../source/ui/load.js';

describe('withoutFetch', () => {
	it('hides fetch while loading and puts the same fetch back, after a failed load too', async () => {
		const before = globalThis.fetch;
		expect(typeof before).toBe('function');
		const seen = await withoutFetch(async () => typeof globalThis.fetch);
		expect(seen).toBe('undefined');
		expect(globalThis.fetch).toBe(before);
		await expect(
			withoutFetch(async () => {
				throw new Error('no such module');
			}),
		).rejects.toThrow('no such module');
		expect(globalThis.fetch).toBe(before);
	});
});
