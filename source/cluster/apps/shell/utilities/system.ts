// System and process utilities: sleep, date, env, hostname, uname, id, which, kill and friends.
import {KERNEL_RELEASE} from '../../kernel.js';
import {SLEEP_FOREVER, strftime, unixDate} from '../../time.js';
import {NAME} from '../ast.js';
import type {Builtin} from '../interpreter.js';
import {failure, noop, splitOptions} from './common.js';
import {isUtility} from './index.js';

function parseDuration(s: string): number | undefined {
	if (/^inf(inity)?$/i.test(s)) return Infinity;
	const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(s);
	if (!m) return undefined;
	const mult = {'': 1, s: 1, m: 60, h: 3600, d: 86400}[m[2]] ?? 1;
	return Number(m[1]) * mult * 1000;
}

export const SYSTEM_UTILITIES: Record<string, Builtin> = {
	*sleep(sh, args) {
		if (args.length === 0) {
			yield* sh.err(sh.userland === 'gnu' ? `sleep: missing operand\nTry 'sleep --help' for more information.\n` : `sleep: missing operand\n`);
			return 1;
		}
		let total = 0;
		for (const a of args) {
			const ms = parseDuration(a);
			if (ms === undefined) {
				yield* sh.err(sh.userland === 'gnu' ? `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n` : `sleep: invalid number '${a}'\n`);
				return 1;
			}
			total += ms;
		}
		if (!Number.isFinite(total)) {
			// Forever, one huge step at a time.
			for (;;) yield* sh.sleep(SLEEP_FOREVER);
		}
		yield* sh.sleep(total);
		return 0;
	},
	*date(sh, args) {
		const now = sh.now();
		let text = unixDate(now);
		for (let i = 0; i < args.length; i++) {
			const a = args[i];
			if (a.startsWith('+')) text = strftime(a.slice(1), now);
			else if (a === '-I' || a === '-Idate' || a === '--iso-8601') text = strftime('%F', now);
			else if (/^-I(seconds|s)$/.test(a) || a === '--iso-8601=seconds') text = strftime('%FT%T+00:00', now);
			else if (a === '-R' || a === '--rfc-2822') text = strftime('%a, %d %b %Y %T +0000', now);
			else if (a === '-d' || a === '-D' || a === '-r') i++;
			else if (a === '-u' || a === '--utc') continue;
		}
		yield* sh.out(text + '\n');
		return 0;
	},
	*hostname(sh, args) {
		yield* sh.out((args[0] === '-i' || args[0] === '-I' ? sh.ctx.podIP : sh.ctx.hostname) + '\n');
		return 0;
	},
	*env(sh, args) {
		let i = 0;
		const extra: Record<string, string> = {};
		for (; i < args.length; i++) {
			const eq = args[i].indexOf('=');
			if (args[i] === '-i' || args[i] === '-') continue;
			if (eq > 0 && NAME.test(args[i].slice(0, eq))) extra[args[i].slice(0, eq)] = args[i].slice(eq + 1);
			else break;
		}
		if (i < args.length) {
			return yield* sh.withExported(Object.entries(extra), () => sh.run(args.slice(i)));
		}
		for (const [k, v] of Object.entries({...sh.env(), ...extra})) yield* sh.out(`${k}=${v}\n`);
		return 0;
	},
	*printenv(sh, args) {
		const env = sh.env();
		if (args.length === 0) {
			for (const [k, v] of Object.entries(env)) yield* sh.out(`${k}=${v}\n`);
			return 0;
		}
		let st = 0;
		for (const a of args) {
			if (a in env) yield* sh.out(env[a] + '\n');
			else st = 1;
		}
		return st;
	},
	*uname(sh, args) {
		const {opts} = splitOptions(args);
		if (opts.has('a')) yield* sh.out(`Linux ${sh.ctx.hostname} ${KERNEL_RELEASE} #53-Ubuntu SMP PREEMPT_DYNAMIC Sat Jan 11 00:06:25 UTC 2025 x86_64${sh.userland === 'gnu' ? ' GNU/Linux' : ' Linux'}\n`);
		else if (opts.has('r')) yield* sh.out(KERNEL_RELEASE + '\n');
		else if (opts.has('m')) yield* sh.out('x86_64\n');
		else if (opts.has('n')) yield* sh.out(sh.ctx.hostname + '\n');
		else yield* sh.out('Linux\n');
		return 0;
	},
	*whoami(sh) {
		yield* sh.out('root\n');
		return 0;
	},
	*id(sh) {
		yield* sh.out(sh.userland === 'gnu' ? 'uid=0(root) gid=0(root) groups=0(root)\n' : 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
		return 0;
	},
	*nproc(sh) {
		yield* sh.out('2\n');
		return 0;
	},
	*which(sh, args) {
		let st = 0;
		for (const a of args) {
			if (isUtility(a)) yield* sh.out(sh.binDir() + a + '\n');
			else st = 1;
		}
		return st;
	},
	kill: noop,
	sync: noop,
	true: noop,
	false: failure,
};
