// perl: `perl -e`/`-le` one-liners and script files, and the bignum pi of the Job example.
import {Timeline, finished, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {piDigits} from '../pi.js';
import {MiB, planProgram, type Action, type Plan} from './plan.js';
import {evaluate, splitTop, type Scope} from './reader.js';

function perlVersion(version: string): string[] {
	const [, minor, patch] = version.split('.');
	return [
		'',
		`This is perl 5, version ${minor}, subversion ${patch} (v${version}) built for x86_64-linux-gnu-thread-multi`,
		'',
		'Copyright 1987-2025, Larry Wall',
		'',
		'Perl may be copied only under the terms of either the Artistic License or the',
		'GNU General Public License, which may be found in the Perl 5 source kit.',
		'',
		'Complete documentation for Perl, including FAQ lists, should be found on',
		'this system using "man perl" or "perldoc perl".  If you have access to the',
		'Internet, point your browser at https://www.perl.org/, the Perl Home Page.',
		'',
	];
}

/** Virtual milliseconds bignum needs for `bpi(n)`: about 7 s for the 2000 digits of the pi Job. */
export function piComputeMs(digits: number): number {
	return Math.max(50, Math.round(digits * digits * 0.00175));
}

function planPerl(code: string, scope: Scope, autoNewline: boolean): Plan {
	const plan: Plan = {prelude: [], exitCode: 0};
	plan.handlesSigterm = /\$SIG\{\s*['"]?(TERM|INT)/.test(code);
	for (const m of code.matchAll(/\bmy\s+\$(\w+)\s*=\s*([^;]+);/g)) {
		const v = evaluate(m[2], scope);
		if (v !== undefined) scope.vars.set(m[1], v);
	}
	const statements = (text: string, out: Action[]): 'stop' | void => {
		for (const raw of splitTop(text, ';')) {
			const s = raw.trim();
			let m: RegExpExecArray | null;
			if ((m = /^(?:while\s*\(\s*(?:1|true)\s*\)|for\s*\(\s*;\s*;\s*\))\s*\{([\s\S]*)\}$/.exec(s))) {
				const loop: Action[] = [];
				statements(m[1], loop);
				plan.loop = loop;
				return 'stop';
			}
			if ((m = /^print\s*(?:\(\s*)?(.*?)\s*\)?$/s.exec(s)) && s.startsWith('print')) {
				const values = splitTop(m[1], ',').map((a) => evaluate(a, scope));
				if (values.some((v) => v === undefined)) continue;
				out.push({write: values.join('') + (autoNewline ? '\n' : ''), stream: 'stdout'});
			} else if ((m = /^sleep\s*\(?\s*([\d.]+)\s*\)?$/.exec(s))) {
				out.push({sleepMs: Math.round(Number(m[1]) * 1000)});
			} else if ((m = /^exit\s*\(?\s*(\d*)\s*\)?$/.exec(s))) {
				plan.exitCode = Number(m[1] || 0);
				return 'stop';
			} else if ((m = /^die\s*\(?\s*(.*?)\s*\)?$/s.exec(s))) {
				const msg = evaluate(m[1], scope) ?? 'Died';
				plan.crash = [msg.endsWith('\n') ? msg.slice(0, -1) : `${msg} at -e line 1.`];
				plan.crashCode = 255;
				return 'stop';
			}
		}
	};
	statements(code, plan.prelude);
	return plan;
}

function perl(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	let code: string | undefined;
	let file: string | undefined;
	let autoNewline = false;
	let debugger_ = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '-v' || a === '--version') return finished(perlVersion(l.version).map(stdout));
		if (a.startsWith('-M') || a.startsWith('-m') || a.startsWith('-I')) continue;
		const flags = /^-([a-zA-Z0-9]+)$/.exec(a);
		if (flags) {
			let rest = flags[1];
			if (rest.startsWith('d')) debugger_ = true;
			if (rest.includes('l')) autoNewline = true;
			const e = rest.search(/[eE]/);
			if (e >= 0) {
				rest = rest.slice(e + 1);
				code = rest !== '' ? rest : (args[++i] ?? '');
				break;
			}
			continue;
		}
		file = a;
		break;
	}
	if (debugger_ && code !== undefined) {
		return finished(
			['', 'Loading DB routines from perl5db.pl version 1.80', 'Editor support available.', '', "Enter h or 'h h' for help, or 'man perldebug' for more help.", '', `main::(-e:1):\t${code}`].map(stdout),
		);
	}
	if (file !== undefined) {
		const text = l.ctx.files[file.startsWith('/') ? file : '/' + file];
		if (text === undefined) return finished([stderr(`Can't open perl script "${file}": No such file or directory`)], 2);
		code = text;
	}
	if (code === undefined) return finished([]); // reads its program from an empty stdin
	const pi = /\bbpi\(\s*(\d+)\s*\)/.exec(code);
	if (pi) {
		const n = Number(pi[1]);
		const ms = piComputeMs(n);
		const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
		return {
			*run() {
				const t = new Timeline(start);
				yield t.sleep(ms);
				yield stdout(piDigits(n));
				yield {exit: 0};
			},
			memory: 6 * MiB + n * 64,
			cpu: 1000,
		};
	}
	const scope: Scope = {vars: new Map(), env: l.env, lang: 'pl'};
	const plan = planPerl(code, scope, autoNewline);
	const unbuffered = /\$\|\s*(=\s*1|\+\+)|autoflush/.test(code);
	return planProgram(plan, l, {buffered: !unbuffered, readyMs: 100, memory: 5 * MiB, serverMemory: 12 * MiB});
}

export const PERL_PROGRAMS: Record<string, ProgramFactory> = {
	perl,
};
