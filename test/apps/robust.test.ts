// The runtime never trusts what reached it: items that are not strings in command/args.
import {describe, expect, it} from 'vitest';
import {resolveArgv} from '../../source/cluster/apps/programs.js';
import {context} from './helpers.js';

describe('resolveArgv with items validation would not have let through', () => {
	it('reads null items as empty strings instead of throwing', () => {
		const ctx = context({command: ['sh', null as unknown as string], args: [null as unknown as string, '$(A)'], env: {A: 'x'}});
		expect(resolveArgv(['/entry'], ['cmd'], ctx)).toEqual(['sh', '', '', 'x']);
	});

	it('a command that is not an array falls back to the image defaults', () => {
		const ctx = context({command: 'sh' as unknown as string[]});
		expect(resolveArgv(['/entry'], ['cmd'], ctx)).toEqual(['/entry', 'cmd']);
	});
});
