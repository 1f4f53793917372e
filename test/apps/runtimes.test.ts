import {describe, it, expect} from 'vitest';
import {findImage, parseImageRef} from '../../source/cluster/apps/index.js';
import {context, lines, take} from './helpers.js';

function output(image: string, command: string[]): string[] {
	const r = findImage(parseImageRef(image));
	if ('error' in r) throw new Error(r.error);
	return lines(take(r.profile.run(context({command})), 50));
}

describe('runtimes: the script reader', () => {
	it('fills JavaScript template literals and skips a print it cannot read', () => {
		expect(output('node:20', ['node', '-e', 'const n = 2; console.log(`n=${n + 1}`, "a,b"); console.log(`${nope}`); console.log("done")'])).toEqual(['n=3 a,b', 'done']);
	});

	it('fills Python f-strings, dropping format specs', () => {
		expect(output('python:3.12', ['python', '-c', 'n = 2\nprint(f"n={n:>3} {n + 1}", "x;y")\nprint(f"{nope}")\nprint("done")'])).toEqual(['n=2 3 x;y', 'done']);
	});
});
