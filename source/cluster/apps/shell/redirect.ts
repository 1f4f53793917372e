// Redirections: `> file`, `>> file`, `2>&1`, `&> file`, `< file`, here-documents and
// here-strings, and the special files /dev/null, /dev/stdout and /dev/stderr.
import type {Redir} from './ast.js';
import {expandString} from './expand.js';
import type {Shell} from './interpreter.js';
import type {Gen, Target} from './state.js';

/** Points a descriptor where `r` says; false (after the shell's message) when it cannot. */
export function* applyRedir(sh: Shell, r: Redir): Gen<boolean> {
	if (r.op === '<<') {
		const text = r.body ? yield* expandString(sh, r.body) : '';
		sh.stdin = {data: text, pos: 0};
		return true;
	}
	const target = yield* expandString(sh, r.target);
	if (r.op === '<<<') {
		sh.stdin = {data: target + '\n', pos: 0};
		return true;
	}
	if (r.op === '>&' || r.op === '<&') {
		if (target === '-') {
			sh.fds[r.fd] = {k: 'null'};
			return true;
		}
		if (/^\d$/.test(target)) {
			const src = sh.fds[Number(target)];
			if (!src) {
				yield* sh.shellError(`${target}: Bad file descriptor`);
				return false;
			}
			if (r.fd === 0) return true;
			sh.fds[r.fd] = src;
			return true;
		}
		// `>& file` is `&> file` in bash.
	}
	const path = sh.resolve(target);
	if (r.op === '<' || r.op === '<>') {
		const data = sh.readFile(path);
		if (data === undefined) {
			yield* sh.shellError(sh.flavor === 'ash' ? `can't open '${target}': No such file or directory` : sh.flavor === 'dash' ? `cannot open ${target}: No such file` : `${target}: No such file or directory`);
			return false;
		}
		sh.stdin = {data, pos: 0};
		return true;
	}
	let t: Target;
	if (path === '/dev/null') t = {k: 'null'};
	else if (path === '/dev/stdout' || path === '/proc/self/fd/1' || path === '/proc/1/fd/1') t = sh.fds[1] ?? {k: 'log', stream: 'stdout'};
	else if (path === '/dev/stderr' || path === '/proc/self/fd/2' || path === '/proc/1/fd/2') t = sh.fds[2] ?? {k: 'log', stream: 'stderr'};
	else {
		if (sh.isDir(path)) {
			yield* sh.shellError(sh.flavor === 'ash' ? `can't create ${target}: Is a directory` : sh.flavor === 'dash' ? `cannot create ${target}: Is a directory` : `${target}: Is a directory`);
			return false;
		}
		if (r.op === '>' || r.op === '>&' || !(path in sh.files)) sh.files[path] = r.op === '>>' ? (sh.readFile(path) ?? '') : '';
		sh.io.deleted.delete(path);
		t = {k: 'file', path};
	}
	if (r.fd === -1 || (r.op === '>&' && !/^\d$/.test(target))) {
		sh.fds[1] = t;
		sh.fds[2] = t;
	} else sh.fds[r.fd] = t;
	return true;
}
