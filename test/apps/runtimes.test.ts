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

describe('runtimes: Python conditions', () => {
	const script = (code: string, env: Record<string, string> = {}) => {
		const r = findImage(parseImageRef('python:3.12'));
		if ('error' in r) throw new Error(r.error);
		return lines(take(r.profile.run(context({command: ['python3', '-c', code], env})), 50));
	};

	it('takes only the branch of an if/elif/else chain whose condition holds', () => {
		const code = 'import os, sys\nindex = int(os.environ.get("JOB_COMPLETION_INDEX"))\nif index == 0:\n  print("zero")\nelif index % 2 == 1:\n  print("odd")\nelse:\n  print("even")\nprint("after")';
		expect(script(code, {JOB_COMPLETION_INDEX: '0'})).toEqual(['zero', 'after']);
		expect(script(code, {JOB_COMPLETION_INDEX: '3'})).toEqual(['odd', 'after']);
		expect(script(code, {JOB_COMPLETION_INDEX: '4'})).toEqual(['even', 'after']);
	});

	it('compares strings, and reads and/or/not', () => {
		const code = 'import os\nif os.environ.get("X") == "2" and not os.environ.get("Y") == "1":\n  print("yes")\nif os.environ.get("X") != "2" or False:\n  print("no")';
		expect(script(code, {X: '2', Y: '0'})).toEqual(['yes']);
		expect(script(code, {X: '3', Y: '0'})).toEqual(['no']);
	});
});
