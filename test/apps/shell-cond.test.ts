// bash's [[ ... ]]: patterns, regular expressions, string and integer comparisons, file tests,
// && || ! and parentheses, words that are neither split nor globbed; dash and ash have no [[.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {runShell} from '../../source/cluster/apps/shell/index.js';
import {context, lines, take} from './helpers.js';

const bash = (script: string, files: Record<string, string> = {}) => take(runShell(script, context({files}), {flavor: 'bash'}));
const yes = (expr: string, files?: Record<string, string>) => lines(bash(`if [[ ${expr} ]]; then echo yes; else echo no; fi`, files))[0];

describe('[[ ]] in bash', () => {
	it('== and != match the right side as a pattern, its quoted parts literally', () => {
		expect(yes('"abc" == a*')).toBe('yes');
		expect(yes('"abc" == "a*"')).toBe('no');
		expect(yes('"a*" == "a*"')).toBe('yes');
		expect(yes('abc != b*')).toBe('yes');
		expect(yes('web-0 == web-[0-9]')).toBe('yes');
	});

	it('=~ matches a regular expression and sets BASH_REMATCH', () => {
		expect(lines(bash('x=web-12; [[ $x =~ [0-9]+$ ]] && echo "$BASH_REMATCH"'))).toEqual(['12']);
		expect(yes('abc =~ ^b')).toBe('no');
	});

	it('integers, strings, file tests, && || ! and parentheses', () => {
		expect(yes('3 -gt 2 && -n "$HOME" || 1 -eq 2')).toBe('yes');
		expect(yes('! ( 1 -eq 1 && 2 -eq 3 )')).toBe('yes');
		expect(yes('apple < banana')).toBe('yes');
		expect(yes('-f /tmp/ready', {'/tmp/ready': ''})).toBe('yes');
		expect(yes('-f /tmp/ready')).toBe('no');
		expect(yes('-z ""')).toBe('yes');
	});

	it('an unset variable is one empty word, not a missing one', () => {
		expect(yes('$nothing == ""')).toBe('yes');
		expect(yes('-n $nothing')).toBe('no');
		expect(lines(bash('v="two words"; [[ $v == "two words" ]] && echo same'))).toEqual(['same']);
	});

	it('a word alone is true when not empty; the status is 0, 1, or 2 for a bad expression', () => {
		expect(bash('[[ x ]]').at(-1)).toEqual({exit: 0});
		expect(bash('[[ "" ]]').at(-1)).toEqual({exit: 1});
		expect(bash('[[ ( x ]]').at(-1)).toEqual({exit: 2});
	});

	it('agrees with string equality for any two literal words', () => {
		const lit = fc.stringMatching(/^[a-z0-9._-]{1,12}$/);
		fc.assert(
			fc.property(lit, lit, (a, b) => {
				expect(lines(bash(`[[ "${a}" == "${b}" ]] && echo eq || echo ne`))).toEqual([a === b ? 'eq' : 'ne']);
				expect(lines(bash(`[[ "${a}" < "${b}" ]] && echo lt || echo ge`))).toEqual([a < b ? 'lt' : 'ge']);
			}),
			{numRuns: 200},
		);
	});
});

describe('[[ ]] outside bash', () => {
	it('dash and busybox ash look for a command named [[', () => {
		const dash = take(runShell('[[ 1 -eq 1 ]] && echo ok', context(), {flavor: 'dash'}));
		expect(dash.at(-1)).toEqual({exit: 127});
		expect(lines(dash)).toEqual(['sh: 1: [[: not found']);
	});
});
