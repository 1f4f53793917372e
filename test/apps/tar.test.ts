// tar in the simulated shells, as `kubectl cp` runs it: ustar archives of the container's files
// that the host's GNU tar reads, archives the host's tar writes unpacked into the container,
// member names that never leave the target directory, and any bytes read as an archive or
// refused with tar's message.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runShell} from '../../source/cluster/apps/shell/index.js';
import {TarFormatError, readTar, writeTar, type TarEntry} from '../../source/cluster/apps/shell/utilities/archive.js';
import type {Step} from '../../source/cluster/apps/types.js';
import {context, take} from './helpers.js';

/** Runs a script; its stdout and stderr as the exec path joins them. */
function run(script: string, files: Record<string, string>, options: {stdin?: string; userland?: 'busybox' | 'gnu'} = {}) {
	const steps: Step[] = take(runShell(script, context({files}), options), 100_000);
	const out = steps.flatMap(s => ('out' in s && s.stream !== 'stderr' ? [s.out + '\n'] : [])).join('');
	const err = steps.flatMap(s => ('out' in s && s.stream === 'stderr' ? [s.out + '\n'] : [])).join('');
	const exit = steps.find(s => 'exit' in s) as {exit: number} | undefined;
	return {out, err, code: exit?.exit ?? 0};
}

describe('tar', () => {
	it('tar cf - writes an archive the host\'s tar lists and unpacks', () => {
		const files = {'/data/a.txt': 'alpha\n', '/data/sub/b.txt': 'beta ü\n'};
		const r = run('tar cf - /data', files);
		expect(r.err).toBe("tar: removing leading '/' from member names\n");
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-tar-'));
		try {
			writeFileSync(join(dir, 'a.tar'), Buffer.from(r.out, 'utf8'));
			expect(execFileSync('tar', ['tf', join(dir, 'a.tar')]).toString()).toBe('data/\ndata/a.txt\ndata/sub/\ndata/sub/b.txt\n');
			execFileSync('tar', ['xf', join(dir, 'a.tar'), '-C', dir]);
			expect(readFileSync(join(dir, 'data/sub/b.txt'), 'utf8')).toBe('beta ü\n');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('tar -xmf - -C DIR unpacks what the host\'s tar made, into the container\'s files', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-tar-'));
		try {
			mkdirSync(join(dir, 'site/css'), {recursive: true});
			writeFileSync(join(dir, 'site/index.html'), '<h1>hi</h1>\n');
			writeFileSync(join(dir, 'site/css/main.css'), 'body{}\n');
			const archive = execFileSync('tar', ['cf', '-', '-C', dir, 'site']).toString('utf8');
			const files: Record<string, string> = {};
			const r = run('tar --no-same-permissions --no-same-owner -xmf - -C /tmp && ls /tmp/site /tmp/site/css', files, {stdin: archive});
			expect(r).toEqual({out: '/tmp/site:\ncss\nindex.html\n\n/tmp/site/css:\nmain.css\n', err: '', code: 0});
			expect(files['/tmp/site/index.html']).toBe('<h1>hi</h1>\n');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('errors as busybox and GNU tar word them', () => {
		expect(run('tar cf - /nope', {})).toEqual({out: expect.any(String), err: "tar: removing leading '/' from member names\ntar: /nope: No such file or directory\n", code: 1});
		expect(run('tar cf - /nope', {}, {userland: 'gnu'}).err).toBe("tar: Removing leading `/' from member names\ntar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n");
		expect(run('tar -xf -', {}, {stdin: 'certainly not a tar archive'.padEnd(600, '!')})).toEqual({out: '', err: 'tar: invalid tar magic\n', code: 1});
		expect(run('tar -xf - -C /missing', {}, {stdin: ''})).toEqual({out: '', err: "tar: can't change directory to '/missing': No such file or directory\n", code: 1});
	});

	it('members never leave the target directory', () => {
		const files: Record<string, string> = {};
		const archive = writeTar([{name: '../../etc/passwd', type: 'file', text: 'x'}, {name: '/abs/file', type: 'file', text: 'y'}]).toString('utf8');
		expect(run('tar -xf - -C /tmp', files, {stdin: archive}).code).toBe(0);
		expect(Object.keys(files).sort()).toEqual(['/tmp/abs/file', '/tmp/etc/passwd']);
	});

	it('reads back what it writes, long and non-ASCII names included', () => {
		const name = fc.array(fc.stringMatching(/^[a-zA-Z0-9._ü-]{1,40}$/), {minLength: 1, maxLength: 5}).map(p => p.join('/'));
		fc.assert(
			fc.property(fc.uniqueArray(fc.record({name, text: fc.string({maxLength: 700})}), {selector: e => e.name, maxLength: 5}), list => {
				const entries: TarEntry[] = list.map(e => ({name: e.name, type: 'file', text: e.text, mode: 0o644, mtime: 1}));
				const fits = entries.filter(e => Buffer.byteLength(e.name) <= 100 || e.name.lastIndexOf('/') > 0);
				expect(readTar(writeTar(fits)).map(e => [e.name, e.text])).toEqual(fits.map(e => [e.name, e.text]));
			}),
			{numRuns: 200, seed: 99},
		);
	});

	it('any bytes are an archive or a TarFormatError', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 1600}), fc.nat(1536), fc.uint8Array({minLength: 1, maxLength: 8}), (noise, at, patch) => {
				const valid = writeTar([{name: 'a', type: 'file', text: 'x'.repeat(600)}]);
				const damaged = Buffer.from(valid);
				Buffer.from(patch).copy(damaged, at);
				for (const data of [Buffer.from(noise), damaged]) {
					try {
						readTar(data);
					} catch (e) {
						expect(e).toBeInstanceOf(TarFormatError);
					}
				}
			}),
			{numRuns: 300, seed: 5},
		);
	});
});
