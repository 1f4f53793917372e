// polinux/stress and vish/stress: the tools of the memory- and CPU-limit examples.
import type {Step} from '../types.js';
import {Timeline, finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {slashDateTime} from '../time.js';
import {MiB} from './plan.js';

/** `150M`, `1G`, `256k`: stress's sizes, powers of 1024. */
function stressBytes(s: string): number | undefined {
	const m = /^(\d+)([bBkKmMgG]?)$/.exec(s);
	if (!m) return undefined;
	const mult: Record<string, number> = {'': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB};
	return Number(m[1]) * mult[m[2].toLowerCase()];
}

function stressSeconds(s: string): number | undefined {
	const m = /^(\d+)([smhdy]?)$/.exec(s);
	if (!m) return undefined;
	const mult: Record<string, number> = {'': 1, s: 1, m: 60, h: 3600, d: 86400, y: 31_536_000};
	return Number(m[1]) * mult[m[2]];
}

const STRESS_USAGE = [
	"`stress' imposes certain types of compute stress on your system",
	'',
	'Usage: stress [OPTION [ARG]] ...',
	' -?, --help         show this help statement',
	'     --version      show version statement',
	' -v, --verbose      be verbose',
	' -q, --quiet        be quiet',
	' -n, --dry-run      show what would have been done',
	' -t, --timeout N    timeout after N seconds',
	'     --backoff N    wait factor of N microseconds before work starts',
	' -c, --cpu N        spawn N workers spinning on sqrt()',
	' -i, --io N         spawn N workers spinning on sync()',
	' -m, --vm N         spawn N workers spinning on malloc()/free()',
	'     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)',
	'     --vm-stride B  touch a byte every B bytes (default is 4096)',
	'     --vm-hang N    sleep N secs before free (default none, 0 is inf)',
	'     --vm-keep      redirty memory instead of freeing and reallocating',
	' -d, --hdd N        spawn N workers spinning on write()/unlink()',
	'     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)',
	'',
	'Example: stress --cpu 2 --io 1 --vm 1 --vm-bytes 128M --timeout 10s',
	'',
	'Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).',
];

function stress(argv: string[]): Program {
	const args = argv.slice(1);
	if (args.length === 0 || args.includes('--help') || args.includes('-?')) return finished(STRESS_USAGE.map(stdout));
	if (args.includes('--version')) return finished([stdout('stress 1.0.4')]);
	const hogs = {cpu: 0, io: 0, vm: 0, hdd: 0};
	let vmBytes = 256 * MiB;
	let hang: number | undefined;
	let timeout: number | undefined;
	let quiet = false;
	const fail = (text: string) => finished([stderr(`stress: FAIL: [1] (244) ${text}`)], 1);
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		const value = () => args[++i] ?? '';
		switch (a) {
			case '-c':
			case '--cpu':
				hogs.cpu = Number(value()) || 0;
				break;
			case '-i':
			case '--io':
				hogs.io = Number(value()) || 0;
				break;
			case '-m':
			case '--vm':
				hogs.vm = Number(value()) || 0;
				break;
			case '-d':
			case '--hdd':
				hogs.hdd = Number(value()) || 0;
				break;
			case '--vm-bytes': {
				const b = stressBytes(value());
				if (b === undefined) return fail(`invalid number in size: ${args[i]}`);
				vmBytes = b;
				break;
			}
			case '--vm-hang':
				hang = Number(value()) || 0;
				break;
			case '-t':
			case '--timeout': {
				const s = stressSeconds(value());
				if (s === undefined) return fail(`invalid number in time: ${args[i]}`);
				timeout = s;
				break;
			}
			case '-q':
			case '--quiet':
				quiet = true;
				break;
			case '--vm-stride':
			case '--hdd-bytes':
			case '--backoff':
				value();
				break;
			case '-v':
			case '--verbose':
			case '-n':
			case '--dry-run':
			case '--vm-keep':
				break;
			default:
				return fail(`unrecognized option: ${a}`);
		}
	}
	const lines: Step[] = quiet ? [] : [stdout(`stress: info: [1] dispatching hogs: ${hogs.cpu} cpu, ${hogs.io} io, ${hogs.vm} vm, ${hogs.hdd} hdd`)];
	return {
		*run() {
			yield* lines;
			if (timeout === undefined) return yield* forever();
			yield {sleep: timeout * 1000};
			if (!quiet) yield stdout(`stress: info: [1] successful run completed in ${timeout}s`);
			yield {exit: 0};
		},
		memory: hogs.vm * vmBytes + 1_200_000,
		cpu: hogs.cpu * 1000 + hogs.io * 150 + hogs.hdd * 300 + hogs.vm * (hang === undefined ? 1000 : hang === 0 ? 0 : 100),
	};
}

/** vish/stress, the Go tool of the CPU-limit example: `-cpus 2`, `-mem-total 150Mi`. */
function vishStress(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const get = (name: string) => {
		for (let i = 0; i < args.length; i++) {
			if (args[i] === `-${name}` || args[i] === `--${name}`) return args[i + 1];
			if (args[i].startsWith(`-${name}=`) || args[i].startsWith(`--${name}=`)) return args[i].split('=')[1];
		}
		return undefined;
	};
	const cpus = Number(get('cpus') ?? 0) || 0;
	const memTotal = get('mem-total') ?? '0';
	const chunk = get('mem-alloc-size') ?? '4Ki';
	const sleep = get('mem-alloc-sleep') ?? '1ms';
	const units: Record<string, number> = {'': 1, Ki: 1024, Mi: MiB, Gi: 1024 * MiB, K: 1000, M: 1e6, G: 1e9};
	const mm = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(memTotal);
	const bytes = mm ? Number(mm[1]) * units[mm[2] ?? ''] : 0;
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const glog = (t: number, line: number, text: string) => {
		const d = slashDateTime(t);
		return stderr(`I${d.slice(5, 7)}${d.slice(8, 10)} ${d.slice(11)}.${String((t % 1000) * 1000).padStart(6, '0')}       1 main.go:${line}] ${text}`);
	};
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(3);
			yield glog(t.at(), 26, `Allocating "${memTotal}" memory, in "${chunk}" chunks, with a ${sleep} sleep between allocations`);
			for (let i = 0; i < cpus; i++) yield glog(t.at(), 39, 'Spawning a thread to consume CPU');
			yield t.sleep(bytes > 0 ? 200 : 1);
			yield glog(t.at(), 29, `Allocated "${memTotal}" memory`);
			yield* forever();
		},
		memory: bytes + 2 * MiB,
		cpu: cpus * 1000,
	};
}

export const STRESS_PROGRAMS: Record<string, ProgramFactory> = {stress};
export const VISH_STRESS_PROGRAMS: Record<string, ProgramFactory> = {stress: vishStress};
