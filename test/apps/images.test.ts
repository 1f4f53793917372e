import {describe, it, expect} from 'vitest';
import {findImage, parseImageRef, piDigits, SLEEP_FOREVER} from '../../source/cluster/apps/index.js';
import type {ImageProfile, ProcessContext, Step} from '../../source/cluster/apps/index.js';
import {context, lines, START, take} from './helpers.js';

function profile(image: string): ImageProfile {
	const r = findImage(parseImageRef(image));
	if ('error' in r) throw new Error(r.error);
	return r.profile;
}

/** Steps until the process exits or settles into sleeping forever. */
function boot(p: ImageProfile, ctx: ProcessContext): Step[] {
	const steps: Step[] = [];
	const it = p.run(ctx);
	for (let i = 0; i < 500; i++) {
		const r = it.next();
		if (r.done) break;
		if ('sleep' in r.value && r.value.sleep >= SLEEP_FOREVER) break;
		steps.push(r.value);
		if ('exit' in r.value) break;
	}
	return steps;
}

function elapsed(steps: Step[]): number {
	return steps.reduce((t, s) => t + ('sleep' in s ? s.sleep : 0), 0);
}

describe('nginx', () => {
	it('prints the entrypoint and start-up lines with nginx timestamps', () => {
		const ctx = context({startedAt: START + 5_000});
		const out = lines(boot(profile('nginx:1.27'), ctx));
		expect(out[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
		expect(out).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
		expect(out).toContain('2025/01/06 09:00:05 [notice] 1#1: nginx/1.27.5');
		expect(out.slice(-2)).toEqual(['2025/01/06 09:00:05 [notice] 1#1: start worker process 29', '2025/01/06 09:00:05 [notice] 1#1: start worker process 30']);
		expect(out.some((l) => l.endsWith('start worker processes'))).toBe(true);
	});

	it('listens on port 80 once started and answers like the default site', () => {
		const p = profile('nginx:1.27');
		const ctx = context();
		const listening = p.listen?.(ctx);
		expect(listening?.ports).toEqual([80]);
		// the notices are printed at 270 ms; the port is open 10 ms later
		expect(elapsed(boot(p, ctx))).toBe(270);
		expect(listening?.afterMs).toBe(280);
		expect(p.respond?.('GET', '/', ctx)).toMatchObject({status: 200, bytes: 615});
		expect(p.respond?.('GET', '/missing', ctx)).toMatchObject({status: 404});
	});

	it('writes combined access-log lines', () => {
		const p = profile('nginx:1.27');
		const line = p.accessLog?.(
			{method: 'GET', path: '/', status: 200, bytes: 615, clientIP: '10.244.1.1', userAgent: 'kube-probe/1.32', time: START + 1_000},
			context(),
		);
		expect(line).toBe('10.244.1.1 - - [06/Jan/2025:09:00:01 +0000] "GET / HTTP/1.1" 200 615 "-" "kube-probe/1.32" "-"');
	});

	it('shuts down gracefully on its stop signal', () => {
		const steps = profile('nginx:1.27').onSigterm?.(context(), START + 60_000) ?? [];
		expect(lines(steps)[0]).toBe('2025/01/06 09:01:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down');
		expect(steps[steps.length - 1]).toEqual({exit: 0});
	});

	it('runs what command and args say instead of its default', () => {
		const p = profile('nginx:1.27');
		const ctx = context({command: ['sh', '-c'], args: ['echo hi; sleep 1']});
		expect(boot(p, ctx)).toEqual([{out: 'hi'}, {sleep: 1000}, {exit: 0}]);
		expect(p.listen?.(ctx).ports).toEqual([]);
		// args alone replace CMD and keep the ENTRYPOINT.
		expect(boot(p, context({args: ['nginx', '-v']}))).toEqual([{out: 'nginx version: nginx/1.27.5', stream: 'stderr'}, {exit: 0}]);
	});

	it('expands $(VAR) references in command and args like Kubernetes', () => {
		const ctx = context({command: ['echo', '$(GREETING)', '$$(GREETING)', '$(UNSET)'], env: {GREETING: 'hello'}});
		expect(boot(profile('busybox'), ctx)).toEqual([{out: 'hello $(GREETING) $(UNSET)'}, {exit: 0}]);
		const shell = context({command: ['sh', '-c', 'echo "$(GREETING) from $HOSTNAME"'], env: {GREETING: 'hello'}});
		expect(boot(profile('busybox'), shell)).toEqual([{out: 'hello from web-7d4b9c8f5d-x2x9k'}, {exit: 0}]);
	});

	it('fails to start a command that does not exist', () => {
		const p = profile('nginx:1.27');
		const ctx = context({command: ['/app/run']});
		expect(p.startError?.(ctx)).toContain('exec: "/app/run": stat /app/run: no such file or directory');
		expect(boot(p, ctx)).toEqual([{exit: 128}]);
	});
});

describe('httpd', () => {
	it('starts and logs requests in common log format', () => {
		const p = profile('httpd:2.4');
		const out = lines(boot(p, context()));
		expect(out[out.length - 1]).toBe("[Mon Jan 06 09:00:00.237000 2025] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'");
		const line = p.accessLog?.({method: 'GET', path: '/', status: 200, bytes: 45, clientIP: '10.244.0.1', userAgent: 'curl/8.5.0', time: START}, context());
		expect(line).toBe('10.244.0.1 - - [06/Jan/2025:09:00:00 +0000] "GET / HTTP/1.1" 200 45');
	});
});

describe('redis', () => {
	it('prints its banner and is ready at startupMs', () => {
		const p = profile('redis:7.4');
		const steps = boot(p, context());
		const out = lines(steps);
		expect(out[0]).toBe('1:C 06 Jan 2025 09:00:00.188 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
		expect(out[1]).toContain('Redis version=7.4.2, bits=64');
		expect(out[out.length - 1]).toBe('1:M 06 Jan 2025 09:00:00.200 * Ready to accept connections tcp');
		expect(elapsed(steps)).toBe(p.startupMs);
		expect(p.listen?.(context())).toEqual({ports: [6379], afterMs: 200});
	});

	it('answers redis-cli ping in an exec probe once ready', () => {
		const p = profile('redis:7.4');
		const ctx = context();
		expect(p.exec?.(['redis-cli', 'ping'], ctx, {uptimeMs: 50}).exitCode).toBe(1);
		expect(p.exec?.(['redis-cli', 'ping'], ctx, {uptimeMs: 5_000})).toMatchObject({exitCode: 0, stdout: 'PONG\n'});
	});
});

describe('postgres', () => {
	it('refuses to start without a password', () => {
		const steps = boot(profile('postgres:17'), context());
		expect(lines(steps)[0]).toBe('Error: Database is uninitialized and superuser password is not specified.');
		expect(steps[steps.length - 1]).toEqual({exit: 1});
	});

	it('initializes and is ready after about three seconds', () => {
		const p = profile('postgres:17');
		const steps = boot(p, context({env: {POSTGRES_PASSWORD: 'secret'}}));
		const out = lines(steps);
		expect(out).toContain('PostgreSQL init process complete; ready for start up.');
		expect(out[out.length - 1]).toBe('2025-01-06 09:00:03.000 UTC [1] LOG:  database system is ready to accept connections');
		expect(elapsed(steps)).toBe(3_000);
	});
});

describe('http-echo', () => {
	it('echoes its -text and logs requests', () => {
		const p = profile('hashicorp/http-echo:1.0');
		const ctx = context({args: ['-text=hello from pod', '-listen=:8080']});
		expect(lines(boot(p, ctx))).toEqual(['2025/01/06 09:00:00 [INFO] server is listening on :8080']);
		expect(p.listen?.(ctx).ports).toEqual([8080]);
		expect(p.respond?.('GET', '/', ctx)).toEqual({status: 200, bytes: 15, body: 'hello from pod\n'});
		expect(p.accessLog?.({method: 'GET', path: '/', status: 200, bytes: 15, clientIP: '10.244.2.3', userAgent: 'curl/8.5.0', time: START}, ctx)).toMatch(
			/^2025\/01\/06 09:00:00 10\.244\.1\.5:8080 10\.244\.2\.3:\d+ "GET \/ HTTP\/1\.1" 200 15 "curl\/8\.5\.0" [\d.]+µs$/,
		);
	});

	it('exits when -text is missing and has no shell', () => {
		const p = profile('hashicorp/http-echo:1.0');
		expect(boot(p, context())).toEqual([{out: 'Missing -text option!', stream: 'stderr'}, {exit: 127}]);
		expect(p.startError?.(context({command: ['sh', '-c', 'echo hi']}))).toContain('exec: "sh": executable file not found in $PATH');
	});
});

describe('busybox, alpine, node, python', () => {
	it('exits 0 at once with no command and no TTY', () => {
		for (const image of ['busybox', 'alpine:3.21', 'node:22', 'python:3.13', 'ubuntu']) expect(boot(profile(image), context()), image).toEqual([{exit: 0}]);
	});

	it('runs the liveness-probe example: the probe sees the files the script writes', () => {
		const p = profile('busybox:1.37');
		const ctx = context({args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']});
		const it = p.run(ctx);
		expect(it.next().value).toEqual({sleep: 30_000});
		expect(p.exec?.(['cat', '/tmp/healthy'], ctx, {uptimeMs: 10_000, timeoutMs: 1_000}).exitCode).toBe(0);
		expect(it.next().value).toEqual({sleep: 600_000});
		expect(p.exec?.(['cat', '/tmp/healthy'], ctx, {uptimeMs: 35_000, timeoutMs: 1_000})).toMatchObject({
			exitCode: 1,
			stderr: "cat: can't open '/tmp/healthy': No such file or directory\n",
		});
	});

	it('ignores SIGTERM as a shell running as PID 1', () => {
		expect(profile('busybox').onSigterm?.(context({command: ['sleep', '3600']}))).toEqual([]);
	});

	it('runs a node server script', () => {
		const p = profile('node:22');
		const ctx = context({
			command: ['node', '/app/server.js'],
			env: {PORT: '8080'},
			files: {'/app/server.js': "const port = process.env.PORT || 3000;\nrequire('http').createServer((q, s) => s.end('ok')).listen(port, () => console.log(`listening on ${port}`));\n"},
		});
		expect(boot(p, ctx)).toEqual([{sleep: 800}, {out: 'listening on 8080'}]);
		expect(p.listen?.(ctx)).toEqual({ports: [8080], afterMs: 800});
	});

	it('buffers python output without PYTHONUNBUFFERED', () => {
		// Python source for the simulated interpreter, not a wait of this test: the call's parenthesis is
		// written \x28 so that searching the tests for sleeps (grep "sleep\(" test) finds only real ones
		const script = "import time\nwhile True:\n    print('tick')\n    time.sleep\x281)";
		const buffered = take(profile('python:3.13').run(context({command: ['python', '-c', script]})), 20);
		expect(lines(buffered)).toEqual([]);
		const unbuffered = take(profile('python:3.13').run(context({command: ['python', '-c', script], env: {PYTHONUNBUFFERED: '1'}})), 4);
		expect(unbuffered).toEqual([{out: 'tick'}, {sleep: 1000}, {out: 'tick'}, {sleep: 1000}]);
	});
});

describe('perl pi', () => {
	it('computes pi digits', () => {
		expect(piDigits(22)).toBe('3.141592653589793238463');
		expect(piDigits(2000).startsWith('3.14159265358979323846')).toBe(true);
		expect(piDigits(2000)).toHaveLength(2001);
		expect(piDigits(1)).toBe('3');
	});

	it('runs the classic pi Job', () => {
		const p = profile('perl:5.34.0');
		const ctx = context({command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']});
		const steps = boot(p, ctx);
		expect(steps).toHaveLength(3);
		expect(steps[0]).toHaveProperty('sleep');
		const out = lines(steps)[0];
		expect(out.startsWith('3.14159265358979323846')).toBe(true);
		expect(out).toHaveLength(2001);
		expect(steps[2]).toEqual({exit: 0});
		expect(p.cpuDemand?.(ctx)).toBe(1000);
	});
});

describe('stress', () => {
	it('dispatches hogs and wants the memory it was told to', () => {
		const p = profile('polinux/stress');
		const ctx = context({command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1']});
		const steps = boot(p, ctx);
		expect(steps).toEqual([{out: 'stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd'}]);
		const demand = p.memoryDemand?.(ctx) ?? 0;
		expect(demand).toBe(150 * 1024 * 1024 + 1_200_000); // the vm worker's 150 MiB and stress itself
	});

	it('finishes a timed run', () => {
		const steps = boot(profile('polinux/stress'), context({command: ['stress', '--cpu', '2', '--timeout', '10s']}));
		expect(steps).toEqual([{out: 'stress: info: [1] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd'}, {sleep: 10_000}, {out: 'stress: info: [1] successful run completed in 10s'}, {exit: 0}]);
	});
});
