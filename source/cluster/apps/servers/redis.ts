// Redis: redis-server with its config file or flags, and redis-cli.
import {KERNEL_RELEASE} from '../kernel.js';
import {fnv1a} from '../../core/rng.js';
import {Timeline, finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {redisTime} from '../time.js';
import {execArgs, option} from './common.js';

const REDIS_READY_MS = 200;

/** `--replicaof HOST PORT` (or the older `--slaveof`): the leader a replica follows, taken out of the arguments. */
function replicaOf(args: string[]): {host: string; port: string} | undefined {
	const i = args.findIndex(a => a === '--replicaof' || a === '--slaveof');
	if (i < 0) return undefined;
	const [host = '', port = ''] = args.splice(i, 3).slice(1);
	return {host, port};
}

function redisServer(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const leader = replicaOf(args);
	const v = l.version;
	if (args.includes('--version') || args.includes('-v')) {
		return finished([stdout(`Redis server v=${v} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=${fnv1a(v).toString(16).padStart(16, '0')}`)]);
	}
	const confPath = args.find((a, i) => !a.startsWith('-') && (i === 0 || !args[i - 1].startsWith('--')));
	let port = 6379;
	let appendonly = false;
	if (confPath !== undefined) {
		const conf = l.ctx.files[confPath];
		if (conf === undefined) return finished([stderr(`Fatal error, can't open config file '${confPath}': No such file or directory`)], 1);
		const m = /^\s*port\s+(\d+)/m.exec(conf);
		if (m) port = Number(m[1]);
		appendonly = /^\s*appendonly\s+yes/m.test(conf);
	}
	const p = option(args, '--port');
	if (p !== undefined && /^\d+$/.test(p)) port = Number(p);
	if (option(args, '--appendonly') === 'yes') appendonly = true;
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const line = (t: number, role: string, level: string, text: string) => stdout(`1:${role} ${redisTime(t)} ${level} ${text}`);
	const role = leader ? 'S' : 'M';
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(REDIS_READY_MS - 12);
			let at = t.at();
			yield line(at, 'C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
			yield line(at, 'C', '*', `Redis version=${v}, bits=64, commit=00000000, modified=0, pid=1, just started`);
			if (args.length === 0) yield line(at, 'C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf');
			else yield line(at, 'C', '*', 'Configuration loaded');
			yield t.sleep(1);
			at = t.at();
			yield line(at, role, '*', 'monotonic clock: POSIX clock_gettime');
			yield line(at, role, '*', `Running mode=standalone, port=${port}.`);
			yield t.sleep(1);
			at = t.at();
			yield line(at, role, '*', 'Server initialized');
			if (appendonly) {
				yield line(at, role, '*', 'Creating AOF base file appendonly.aof.1.base.rdb on server start');
				yield line(at, role, '*', 'Creating AOF incr file appendonly.aof.1.incr.aof on server start');
			}
			yield t.sleep(10);
			yield line(t.at(), role, '*', 'Ready to accept connections tcp');
			if (leader) {
				yield line(t.at(), 'S', '*', `Connecting to MASTER ${leader.host}:${leader.port}`);
				yield line(t.at(), 'S', '*', 'MASTER <-> REPLICA sync started');
				yield t.sleep(2);
				yield line(t.at(), 'S', '*', 'Non blocking connect for SYNC fired the event.');
				yield line(t.at(), 'S', '*', 'Master replied to PING, replication can continue...');
				yield line(t.at(), 'S', '*', 'Partial resynchronization not possible (no cached master)');
				const replid = fnv1a(`${l.ctx.podName}|${leader.host}`).toString(16).padStart(8, '0').repeat(5);
				yield line(t.at(), 'S', '*', `Full resync from master: ${replid}:0`);
				yield t.sleep(3);
				yield line(t.at(), 'S', '*', 'MASTER <-> REPLICA sync: receiving 176 bytes from master to disk');
				yield line(t.at(), 'S', '*', 'MASTER <-> REPLICA sync: Flushing old data');
				yield line(t.at(), 'S', '*', 'MASTER <-> REPLICA sync: Loading DB in memory');
				yield line(t.at(), 'S', '*', 'MASTER <-> REPLICA sync: Finished with success');
			}
			yield* forever();
		},
		listen: {ports: [port], afterMs: REDIS_READY_MS},
		onSigterm(at) {
			const later = at + 73;
			return [
				stdout(`1:signal-handler (${Math.floor(at / 1000)}) Received SIGTERM scheduling shutdown...`),
				{sleep: 73},
				line(later, 'M', '*', 'User requested shutdown...'),
				line(later, 'M', '*', 'Saving the final RDB snapshot before exiting.'),
				{sleep: 3},
				line(later + 3, 'M', '*', 'DB saved on disk'),
				line(later + 3, 'M', '#', 'Redis is now ready to exit, bye bye...'),
				{exit: 0},
			];
		},
	};
}

function redisCli(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const rest: string[] = [];
	let host = '127.0.0.1';
	let port = '6379';
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '-h') host = args[++i] ?? host;
		else if (args[i] === '-p') port = args[++i] ?? port;
		else if (args[i] === '-a' || args[i] === '-n' || args[i] === '--user' || args[i] === '--pass') i++;
		else if (args[i] === '--no-auth-warning' || args[i] === '--raw') continue;
		else rest.push(args[i]);
	}
	if (rest[0] === '--version' || rest[0] === '-v') return finished([stdout(`redis-cli ${l.version}`)]);
	const local = host === '127.0.0.1' || host === 'localhost';
	if (local && l.uptimeMs !== undefined && l.uptimeMs < REDIS_READY_MS) {
		return finished([stderr(`Could not connect to Redis at ${host}:${port}: Connection refused`)], 1);
	}
	const cmd = (rest[0] ?? '').toLowerCase();
	switch (cmd) {
		case 'ping':
			return finished([stdout(rest[1] ?? 'PONG')]);
		case 'get':
			return finished([stdout('')]);
		case 'dbsize':
			return finished([stdout('0')]);
		case 'info':
			return finished(['# Server', `redis_version:${l.version}`, 'redis_mode:standalone', 'os:Linux ' + KERNEL_RELEASE + ' x86_64', 'arch_bits:64', 'process_id:1', `tcp_port:${port}`].map(stdout));
		case '':
			return finished([]);
		default:
			return finished([stdout('OK')]);
	}
}

export const REDIS_PROGRAMS: Record<string, ProgramFactory> = {
	'docker-entrypoint.sh': (argv, l) => {
		let args = argv.slice(1);
		if (args.length && (args[0].startsWith('-') || args[0].endsWith('.conf'))) args = ['redis-server', ...args];
		return execArgs(args, l);
	},
	'redis-server': redisServer,
	'redis-cli': redisCli,
};
