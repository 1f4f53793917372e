import {describe, it, expect} from 'vitest';
import {runShell, runShellArgs, runUtility, scanCommands, sigtermExitCode} from '../../source/cluster/apps/shell/index.js';
import {SLEEP_FOREVER} from '../../source/cluster/apps/time.js';
import {context, lines, take} from './helpers.js';

function run(script: string, ctx = context(), options = {}) {
	return take(runShell(script, ctx, options));
}

describe('shell: sequencing', () => {
	it('yields exactly the steps of a simple script', () => {
		expect(run('echo hello; sleep 2; echo bye; exit 3')).toEqual([{out: 'hello'}, {sleep: 2000}, {out: 'bye'}, {exit: 3}]);
	});

	it('exits with the status of the last command', () => {
		expect(run('true; false')).toEqual([{exit: 1}]);
		expect(run('echo x')).toEqual([{out: 'x'}, {exit: 0}]);
	});

	it('separates commands by newlines and handles fractional sleeps', () => {
		expect(run('echo a\nsleep 0.5\necho b')).toEqual([{out: 'a'}, {sleep: 500}, {out: 'b'}, {exit: 0}]);
	});

	it('runs && and || by status', () => {
		expect(lines(run('false && echo no || echo yes; true && echo ok; true || echo never'))).toEqual(['yes', 'ok']);
	});

	it('takes exit codes modulo 256', () => {
		expect(run('exit 300')).toEqual([{exit: 44}]);
	});
});

describe('shell: loops are lazy', () => {
	it('yields steps of a while true loop one at a time', () => {
		const it = runShell('while true; do echo tick; sleep 1; done', context());
		const steps = take(it, 6);
		expect(steps).toEqual([{out: 'tick'}, {sleep: 1000}, {out: 'tick'}, {sleep: 1000}, {out: 'tick'}, {sleep: 1000}]);
		// Still going after many iterations.
		expect(take(it, 10_000)).toHaveLength(10_000);
	});

	it('accepts while : and turns a busy loop into CPU time', () => {
		const steps = take(runShell('while :; do :; done', context()), 3);
		expect(steps).toEqual([{sleep: 100}, {sleep: 100}, {sleep: 100}]);
	});

	it('runs for loops over words and $(seq)', () => {
		expect(lines(run('for i in 1 2 3; do echo n$i; done; for i in $(seq 1 5); do echo -n $i; done; echo'))).toEqual(['n1', 'n2', 'n3', '12345']);
	});

	it('does arithmetic', () => {
		expect(lines(run('i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo "i=$i"; done; echo $(( (2+3)*4 % 7 ))'))).toEqual(['i=1', 'i=2', 'i=3', '6']);
	});

	it('sleeps forever on sleep infinity', () => {
		expect(take(runShell('sleep infinity', context()), 2)).toEqual([{sleep: SLEEP_FOREVER}, {sleep: SLEEP_FOREVER}]);
	});

	it('supports break and continue', () => {
		expect(lines(run('for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done'))).toEqual(['1', '3']);
	});
});

describe('shell: expansion and quoting', () => {
	const ctx = () => context({env: {GREETING: 'hello world', NAME: 'web'}});

	it('expands $VAR and ${VAR} from the environment', () => {
		expect(lines(run('echo $GREETING "${NAME}-1" \'$NAME\' ${MISSING:-fallback} ${#NAME}', ctx()))).toEqual(['hello world web-1 $NAME fallback 3']);
	});

	it('splits unquoted expansions into fields', () => {
		expect(lines(run('for w in $GREETING; do echo "[$w]"; done; for w in "$GREETING"; do echo "[$w]"; done', ctx()))).toEqual(['[hello]', '[world]', '[hello world]']);
	});

	it('substitutes commands', () => {
		expect(lines(run('x=$(echo a; echo b); echo "$x"; echo `hostname`'))).toEqual(['a', 'b', 'web-7d4b9c8f5d-x2x9k']);
	});

	it('prints date from the virtual clock', () => {
		expect(lines(run('date; sleep 61; echo "now $(date +%H:%M:%S)"'))).toEqual(['Mon Jan  6 09:00:00 UTC 2025', 'now 09:01:01']);
	});

	it('handles echo -n, printf and here-documents', () => {
		expect(lines(run('echo -n "a "; echo b; printf "%s=%03d\\n" x 7 y 8; cat <<EOF\nhi $NAME\nEOF', ctx()))).toEqual(['a b', 'x=007', 'y=008', 'hi web']);
	});
});

describe('shell: files and commands', () => {
	it('cats a mounted file', () => {
		const ctx = context({files: {'/etc/config/app.properties': 'color=blue\nsize=3\n'}});
		expect(run('cat /etc/config/app.properties', ctx)).toEqual([{out: 'color=blue'}, {out: 'size=3'}, {exit: 0}]);
	});

	it('fails to cat a missing file like busybox', () => {
		expect(run("cat x")).toEqual([{out: "cat: can't open 'x': No such file or directory", stream: 'stderr'}, {exit: 1}]);
	});

	it('reports unknown commands with 127', () => {
		expect(run('foo')).toEqual([{out: 'sh: foo: not found', stream: 'stderr'}, {exit: 127}]);
	});

	it('speaks the dialect of dash and bash', () => {
		expect(run('foo', context(), {flavor: 'dash', userland: 'gnu', arg0: '/bin/sh'})).toEqual([{out: '/bin/sh: 1: foo: not found', stream: 'stderr'}, {exit: 127}]);
		expect(run('foo', context(), {flavor: 'bash', userland: 'gnu', arg0: 'bash'})).toEqual([{out: 'bash: line 1: foo: command not found', stream: 'stderr'}, {exit: 127}]);
		expect(run('cat x', context(), {userland: 'gnu'})[0]).toEqual({out: 'cat: x: No such file or directory', stream: 'stderr'});
	});

	it('writes files that later commands and other processes see', () => {
		const ctx = context();
		const steps = run('touch /tmp/healthy; echo one > /tmp/log; echo two >> /tmp/log; cat /tmp/log; rm -f /tmp/healthy', ctx);
		expect(lines(steps)).toEqual(['one', 'two']);
		expect(ctx.files['/tmp/log']).toBe('one\ntwo\n');
		expect('/tmp/healthy' in ctx.files).toBe(false);
	});

	it('lists directories and prints the environment', () => {
		const ctx = context({env: {MODE: 'prod'}, files: {'/etc/config/a': '', '/etc/config/b': ''}});
		expect(lines(run('ls /etc/config; printenv MODE; env | grep MODE; hostname', ctx))).toEqual(['a', 'b', 'prod', 'MODE=prod', 'web-7d4b9c8f5d-x2x9k']);
	});

	it('supports if, case, test, functions and pipes', () => {
		const script = ['f() { echo "f:$1"; return 4; }', 'f x; echo $?', 'if [ -n "$HOSTNAME" ]; then echo has-host; fi', 'case abc in a*) echo A;; *) echo other;; esac', 'echo "a b c" | wc -w'].join('\n');
		expect(lines(run(script))).toEqual(['f:x', '4', 'has-host', 'A', '3']);
	});

	it('reports syntax errors with status 2', () => {
		expect(run('while true; do echo x; done done')).toEqual([{out: 'sh: syntax error: unexpected "done"', stream: 'stderr'}, {exit: 2}]);
	});

	it('stops on the first failure under set -e', () => {
		expect(run('set -e; echo one; false; echo two')).toEqual([{out: 'one'}, {exit: 1}]);
	});
});

describe('shell: entry points', () => {
	it('exits 0 at once when sh has no command and no TTY', () => {
		expect(take(runShellArgs([], context()))).toEqual([{exit: 0}]);
	});

	it('runs sh -c with $0 and positional parameters', () => {
		expect(lines(take(runShellArgs(['-c', 'echo $0 $1 $#', 'name', 'first'], context())))).toEqual(['name first 1']);
	});

	it('runs a single utility without a shell', () => {
		expect(take(runUtility(['sleep', '3600'], context()))).toEqual([{sleep: 3_600_000}, {exit: 0}]);
		expect(take(runUtility(['echo', '$HOME'], context()))).toEqual([{out: '$HOME'}, {exit: 0}]);
	});

	it('finds the programs a script starts and its SIGTERM handling', () => {
		expect(scanCommands(`echo starting; exec nginx -g 'daemon off;'`)).toEqual([['echo', 'starting'], ['nginx', '-g', 'daemon off;']]);
		expect(sigtermExitCode(`trap 'exit 0' TERM; sleep infinity & wait`)).toBe(0);
		expect(sigtermExitCode('sleep 3600')).toBeUndefined();
	});
});
