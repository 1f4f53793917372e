import {describe, it, expect} from 'vitest';
import {isUtility, runShell} from '../../source/cluster/apps/shell/index.js';
import {ARCHIVE_UTILITIES} from '../../source/cluster/apps/shell/utilities/archive.js';
import {TEST_UTILITIES} from '../../source/cluster/apps/shell/utilities/conditional.js';
import {FILE_UTILITIES} from '../../source/cluster/apps/shell/utilities/files.js';
import {OUTPUT_UTILITIES} from '../../source/cluster/apps/shell/utilities/output.js';
import {SYSTEM_UTILITIES} from '../../source/cluster/apps/shell/utilities/system.js';
import {TEXT_UTILITIES} from '../../source/cluster/apps/shell/utilities/text.js';
import {context, lines, take} from './helpers.js';

function run(script: string, options = {}) {
	return lines(take(runShell(script, context(), options)));
}

describe('shell: the utility table', () => {
	it('has every utility of every group, none defined in two groups', () => {
		const names = [OUTPUT_UTILITIES, FILE_UTILITIES, ARCHIVE_UTILITIES, TEXT_UTILITIES, SYSTEM_UTILITIES, TEST_UTILITIES].flatMap((g) => Object.keys(g));
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) expect(isUtility(name), name).toBe(true);
		expect(isUtility('cd')).toBe(false);
		expect(isUtility('constructor')).toBe(false);
	});

	it('finds utilities in /bin on busybox and /usr/bin with coreutils; builtins by name', () => {
		expect(run('which ls; command -v cat; command -v cd; which cd || echo none')).toEqual(['/bin/ls', '/bin/cat', 'cd', 'none']);
		expect(run('which ls; command -v cat', {userland: 'gnu'})).toEqual(['/usr/bin/ls', '/usr/bin/cat']);
	});
});

describe('shell: temporary exports', () => {
	it('FOO=1 cmd and env FOO=1 cmd give the command the variable and then put it back', () => {
		const script = [
			`FOO=outer; FOO=inner sh -c 'echo $FOO'; echo $FOO; sh -c 'echo "[$FOO]"'`,
			`env BAR=2 sh -c 'echo $BAR'; echo "[$BAR]"`,
			`export BAZ=kept; BAZ=temp true; sh -c 'echo $BAZ'`,
		].join('\n');
		expect(run(script)).toEqual(['inner', 'outer', '[]', '2', '[]', 'kept']);
	});
});

describe('shell: closing brackets', () => {
	it('finds the end of $( ) past quotes and of ${ } past single quotes', () => {
		expect(run(`echo $(echo ")"); echo $(echo ')' "(");  echo \${X:-'}'}`)).toEqual([')', ') (', '}']);
	});
});

describe('shell: rev', () => {
	it('reverses each line of its input, a last line without a newline staying without one', () => {
		expect(run("printf 'foo\\nbar baz\\n' | rev")).toEqual(['oof', 'zab rab']);
		expect(run("printf 'xyz' | rev; echo")).toEqual(['zyx']);
		expect(run('rev /nope; echo $?')).toEqual(['rev: /nope: No such file or directory', '1']);
	});
});
