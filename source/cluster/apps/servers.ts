// Servers: nginx, Apache httpd, Redis, PostgreSQL, hashicorp/http-echo and the pause container.
// Each prints its real start-up lines on the virtual clock, then serves forever.
import type {HttpResponse, Request, Step} from './types.js';
import {Timeline, finished, forever, launch, stderr, stdout, type Launch, type Program, type ProgramFactory} from './programs.js';
import {fnv1a} from '../core/rng.js';
import {clfTime, httpdTime, postgresTime, redisTime, slashDateTime} from './time.js';

const KERNEL = '6.8.0-52-generic';

function pathOnly(path: string): string {
	const q = path.search(/[?#]/);
	return q < 0 ? path : path.slice(0, q);
}

function bytesOf(text: string): number {
	return Buffer.byteLength(text);
}

/** Option value of `-x value`, `-x=value`, `--x value`, `--x=value`. */
function option(args: string[], ...names: string[]): string | undefined {
	for (let i = 0; i < args.length; i++) {
		for (const n of names) {
			if (args[i] === n) return args[i + 1] ?? '';
			if (args[i].startsWith(n + '=')) return args[i].slice(n.length + 1);
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// nginx

const NGINX_HTML = '/usr/share/nginx/html';

function nginxPorts(l: Launch): number[] {
	const ports = new Set<number>();
	for (const [path, text] of Object.entries(l.ctx.files)) {
		if (!path.startsWith('/etc/nginx/')) continue;
		for (const m of text.matchAll(/^\s*listen\s+(?:\[[^\]]*\]:|[\d.]+:|[\w.-]+:)?(\d+)/gm)) ports.add(Number(m[1]));
	}
	return ports.size ? [...ports] : [80];
}

function nginxEntrypointLines(l: Launch): Step[] {
	if (l.env.NGINX_ENTRYPOINT_QUIET_LOGS) return [];
	const conf = '/etc/nginx/conf.d/default.conf';
	const ipv6 =
		l.ctx.files[conf] !== undefined
			? ['10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)']
			: ['10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf', '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf'];
	return [
		'/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
		'/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
		'/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
		...ipv6,
		'/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
		'/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
		'/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
	].map(stdout);
}

const NGINX_WORKERS = [29, 30];

function nginx(argv: string[], l: Launch, viaEntrypoint: boolean): Program {
	const args = argv.slice(1);
	const v = l.version;
	const alpine = l.os.kind === 'alpine';
	const gcc = alpine ? 'gcc 14.2.0 (Alpine 14.2.0)' : 'gcc 12.2.0 (Debian 12.2.0-14)';
	if (args.includes('-v')) return finished([stderr(`nginx version: nginx/${v}`)]);
	if (args.includes('-V')) {
		return finished([
			stderr(`nginx version: nginx/${v}`),
			stderr(`built by ${gcc}`),
			stderr(`built with OpenSSL ${alpine ? '3.3.2 3 Sep 2024' : '3.0.15 3 Sep 2024'}`),
			stderr('TLS SNI support enabled'),
			stderr('configure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --modules-path=/usr/lib/nginx/modules --conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log --http-log-path=/var/log/nginx/access.log --with-http_ssl_module --with-http_v2_module --with-stream'),
		]);
	}
	if (args.includes('-t') || args.includes('-T')) {
		return finished([stderr('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok'), stderr('nginx: configuration file /etc/nginx/nginx.conf test is successful')]);
	}
	const directives = option(args, '-g') ?? '';
	const foreground = /daemon\s+off/.test(directives) || Object.entries(l.ctx.files).some(([p, t]) => p.startsWith('/etc/nginx/') && /^\s*daemon\s+off/m.test(t));
	const ports = nginxPorts(l);
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const entryMs = viaEntrypoint ? 120 : 0;
	const noticeMs = entryMs + (viaEntrypoint ? 150 : 30);
	const pre = viaEntrypoint ? nginxEntrypointLines(l) : [];
	const ready = viaEntrypoint && !l.env.NGINX_ENTRYPOINT_QUIET_LOGS ? [stdout('/docker-entrypoint.sh: Configuration complete; ready for start up')] : [];
	if (!foreground) {
		// Without `daemon off;` nginx forks into the background and the container's process exits.
		return {run: () => [...pre, {sleep: entryMs || 20}, ...ready, {exit: 0}][Symbol.iterator]()};
	}
	const notice = (t: number, pid: number, text: string) => stderr(`${slashDateTime(t)} [notice] ${pid}#${pid}: ${text}`);
	return {
		*run() {
			const t = new Timeline(start);
			yield* pre;
			if (entryMs) yield t.sleep(entryMs);
			yield* ready;
			yield t.sleep(noticeMs - entryMs);
			const at = t.at();
			yield notice(at, 1, 'using the "epoll" event method');
			yield notice(at, 1, `nginx/${v}`);
			yield notice(at, 1, `built by ${gcc} `);
			yield notice(at, 1, `OS: Linux ${KERNEL}`);
			yield notice(at, 1, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
			yield notice(at, 1, 'start worker processes');
			for (const pid of NGINX_WORKERS) yield notice(at, 1, `start worker process ${pid}`);
			yield* forever();
		},
		listen: {ports, afterMs: noticeMs + 10},
		onSigterm(at) {
			// The image's STOPSIGNAL is SIGQUIT: a graceful shutdown.
			const steps: Step[] = [notice(at, 1, 'signal 3 (SIGQUIT) received, shutting down')];
			for (const pid of NGINX_WORKERS) steps.push(notice(at, pid, 'gracefully shutting down'), notice(at, pid, 'exiting'), notice(at, pid, 'exit'));
			steps.push({sleep: 40});
			for (const pid of NGINX_WORKERS) {
				steps.push(notice(at + 40, 1, `signal 17 (SIGCHLD) received from ${pid}`), notice(at + 40, 1, `worker process ${pid} exited with code 0`));
			}
			steps.push(notice(at + 40, 1, 'exit'), {exit: 0});
			return steps;
		},
		respond(method, rawPath) {
			const path = pathOnly(rawPath);
			if (!['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].includes(method)) return {status: 400, bytes: 157};
			const file = path.endsWith('/') ? path + 'index.html' : path;
			const mounted = l.ctx.files[NGINX_HTML + file];
			let res: HttpResponse;
			if (mounted !== undefined) res = {status: 200, bytes: bytesOf(mounted), body: mounted};
			else if (file === '/index.html') res = {status: 200, bytes: 615};
			else if (file === '/50x.html') res = {status: 200, bytes: 497};
			else res = {status: 404, bytes: 153};
			if (res.status === 200 && method !== 'GET' && method !== 'HEAD') return {status: 405, bytes: 157};
			return method === 'HEAD' ? {status: res.status, bytes: 0} : res;
		},
		accessLog(req) {
			return `${req.clientIP} - - [${clfTime(req.time)}] "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes} "-" "${req.userAgent}" "-"`;
		},
	};
}

export const NGINX_PROGRAMS: Record<string, ProgramFactory> = {
	'docker-entrypoint.sh': (argv, l) => {
		const args = argv.slice(1);
		if (args[0] === 'nginx' || args[0] === 'nginx-debug') return nginx(args, l, true);
		if (args.length === 0) return finished([]);
		return launch(args, l);
	},
	nginx: (argv, l) => nginx(argv, l, false),
	'nginx-debug': (argv, l) => nginx(argv, l, false),
};

// ---------------------------------------------------------------------------------------------
// Apache httpd

function httpd(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const v = l.version;
	if (args.includes('-v')) return finished([stdout(`Server version: Apache/${v} (Unix)`), stdout('Server built:   Jan 21 2025 21:56:55')]);
	const foreground = args.some((a) => a === '-DFOREGROUND' || a === 'FOREGROUND');
	if (!foreground) {
		return finished([stderr(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${l.ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`)]);
	}
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const fqdn = stderr(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${l.ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`);
	const log = (t: number, module: string, text: string) => stderr(`[${httpdTime(t)}] [${module}:notice] [pid 1:tid 1] ${text}`);
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(120);
			yield fqdn;
			yield t.sleep(80);
			yield fqdn;
			yield t.sleep(37);
			yield log(t.at(), 'mpm_event', `AH00489: Apache/${v} (Unix) configured -- resuming normal operations`);
			yield log(t.at(), 'core', "AH00094: Command line: 'httpd -D FOREGROUND'");
			yield* forever();
		},
		listen: {ports: [80], afterMs: 250},
		onSigterm(at) {
			// STOPSIGNAL SIGWINCH: graceful stop.
			return [log(at, 'mpm_event', 'AH00492: caught SIGWINCH, shutting down gracefully'), {sleep: 60}, {exit: 0}];
		},
		respond(method, rawPath) {
			const path = pathOnly(rawPath);
			const mounted = l.ctx.files['/usr/local/apache2/htdocs' + (path.endsWith('/') ? path + 'index.html' : path)];
			let res: HttpResponse;
			if (mounted !== undefined) res = {status: 200, bytes: bytesOf(mounted), body: mounted};
			else if (path === '/' || path === '/index.html') res = {status: 200, bytes: 45, body: '<html><body><h1>It works!</h1></body></html>\n'};
			else res = {status: 404, bytes: 196};
			return method === 'HEAD' ? {status: res.status, bytes: 0} : res;
		},
		accessLog(req) {
			return `${req.clientIP} - - [${clfTime(req.time)}] "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes > 0 ? req.bytes : '-'}`;
		},
	};
}

export const HTTPD_PROGRAMS: Record<string, ProgramFactory> = {
	'httpd-foreground': (argv, l) => httpd(['httpd', '-DFOREGROUND', ...argv.slice(1)], l),
	httpd,
};

// ---------------------------------------------------------------------------------------------
// Redis

const REDIS_READY_MS = 200;

function redisServer(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
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
			yield line(at, 'M', '*', 'monotonic clock: POSIX clock_gettime');
			yield line(at, 'M', '*', `Running mode=standalone, port=${port}.`);
			yield t.sleep(1);
			at = t.at();
			yield line(at, 'M', '*', 'Server initialized');
			if (appendonly) {
				yield line(at, 'M', '*', 'Creating AOF base file appendonly.aof.1.base.rdb on server start');
				yield line(at, 'M', '*', 'Creating AOF incr file appendonly.aof.1.incr.aof on server start');
			}
			yield t.sleep(10);
			yield line(t.at(), 'M', '*', 'Ready to accept connections tcp');
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
			return finished(['# Server', `redis_version:${l.version}`, 'redis_mode:standalone', 'os:Linux ' + KERNEL + ' x86_64', 'arch_bits:64', 'process_id:1', `tcp_port:${port}`].map(stdout));
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
		if (args.length === 0) return finished([]);
		return launch(args, l);
	},
	'redis-server': redisServer,
	'redis-cli': redisCli,
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_READY_MS = 3000;

function pgVersionLine(l: Launch): string {
	const major = l.version.split('.')[0];
	return `PostgreSQL ${l.version} (Debian ${l.version}-1.pgdg120+${major === '17' ? 2 : 1}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`;
}

function checkpointComplete(l: Launch, buffers: number): string {
	const major = Number(l.version.split('.')[0]);
	const base = `checkpoint complete: wrote ${buffers} buffers (0.0%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.0${buffers ? 12 : '01'} s, sync=0.00${buffers ? 8 : 1} s, total=0.0${buffers ? 58 : 10} s; sync files=${buffers ? 2 : 0}, longest=0.00${buffers ? 4 : 0} s, average=0.00${buffers ? 4 : 0} s; distance=0 kB, estimate=0 kB`;
	return major >= 17 ? `${base}; lsn=0/14E4F80, redo lsn=0/14E4F80` : base;
}

/** The tags psql prints for SQL statements in an init script. */
function sqlCommandTags(sql: string): string[] {
	const tags: string[] = [];
	const statements = sql
		.replace(/--.*$/gm, '')
		.split(';')
		.map((s) => s.trim())
		.filter(Boolean);
	for (const s of statements) {
		const words = s.split(/\s+/).map((w) => w.toUpperCase());
		if (words[0] === 'INSERT') {
			const values = s.slice(s.toUpperCase().indexOf('VALUES'));
			tags.push(`INSERT 0 ${Math.max(1, (values.match(/\)\s*(,|$)/g) ?? []).length)}`);
		} else if (words[0] === 'CREATE' || words[0] === 'DROP' || words[0] === 'ALTER') {
			const what = words[1] === 'UNIQUE' || words[1] === 'OR' ? words[words[1] === 'OR' ? 3 : 2] : words[1];
			tags.push(`${words[0]} ${what === 'USER' ? 'ROLE' : what}`);
		} else if (words[0] === 'GRANT' || words[0] === 'REVOKE') tags.push(words[0]);
		else if (words[0] === 'SELECT') tags.push('');
		else tags.push(words[0]);
	}
	return tags;
}

function postgresEntrypoint(args: string[], l: Launch): Program {
	const env = l.env;
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const pgdata = env.PGDATA || '/var/lib/postgresql/data';
	const portArg = option(args, '-p') ?? /(?:^|\s)port=(\d+)/.exec(args.join(' '))?.[1];
	const port = portArg && /^\d+$/.test(portArg) ? Number(portArg) : 5432;
	const initialized = l.ctx.files[`${pgdata}/PG_VERSION`] !== undefined;
	if (!initialized && !env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
		const text = [
			'Error: Database is uninitialized and superuser password is not specified.',
			'       You must specify POSTGRES_PASSWORD to a non-empty value for the',
			'       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
			'',
			'       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
			'       connections without a password. This is *not* recommended.',
			'',
			'       See PostgreSQL documentation about "trust":',
			'       https://www.postgresql.org/docs/current/auth-trust.html',
		];
		return {run: () => [{sleep: 40} as Step, ...text.map(stderr), {exit: 1} as Step][Symbol.iterator]()};
	}
	const user = env.POSTGRES_USER || 'postgres';
	const db = env.POSTGRES_DB || user;
	const initScripts = Object.keys(l.ctx.files)
		.filter((p) => p.startsWith('/docker-entrypoint-initdb.d/') && !p.slice('/docker-entrypoint-initdb.d/'.length).includes('/'))
		.sort();
	const log = (t: number, pid: number, text: string) => `${postgresTime(t)} [${pid}] LOG:  ${text}`;
	const readyAt = initialized ? 400 : PG_READY_MS;
	return {
		*run() {
			const t = new Timeline(start);
			if (initialized) {
				yield stdout('');
				yield stdout('PostgreSQL Database directory appears to contain a database; Skipping initialization');
				yield stdout('');
				yield t.sleep(readyAt - 120);
			} else {
				yield* [
					'The files belonging to this database system will be owned by user "postgres".',
					'This user must also own the server process.',
					'',
					'The database cluster will be initialized with locale "en_US.utf8".',
					'The default database encoding has accordingly been set to "UTF8".',
					'The default text search configuration will be set to "english".',
					'',
					'Data page checksums are disabled.',
					'',
					`fixing permissions on existing directory ${pgdata} ... ok`,
				].map(stdout);
				const progress: Array<[string, number]> = [
					['creating subdirectories ... ok', 60],
					['selecting dynamic shared memory implementation ... posix', 40],
					['selecting default "max_connections" ... 100', 90],
					['selecting default "shared_buffers" ... 128MB', 60],
					['selecting default time zone ... Etc/UTC', 30],
					['creating configuration files ... ok', 40],
					['running bootstrap script ... ok', 520],
					['performing post-bootstrap initialization ... ok', 780],
					['syncing data to disk ... ok', 90],
				];
				for (const [text, ms] of progress) {
					yield t.sleep(ms);
					yield stdout(text);
				}
				yield* ['', '', 'Success. You can now start the database server using:', '', `    pg_ctl -D ${pgdata} -l logfile start`, ''].map(stdout);
				yield stderr('initdb: warning: enabling "trust" authentication for local connections');
				yield stderr('initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.');
				yield t.sleep(110);
				yield stdout('waiting for server to start....' + log(t.at(), 48, `starting ${pgVersionLine(l)}`));
				yield stderr(log(t.at() + 3, 48, `listening on Unix socket "/var/run/postgresql/.s.PGSQL.${port}"`));
				yield t.sleep(11);
				yield stderr(log(t.at(), 51, `database system was shut down at ${postgresTime(t.at() - 250).slice(0, 19)} UTC`));
				yield t.sleep(5);
				yield stderr(log(t.at(), 48, 'database system is ready to accept connections'));
				yield t.sleep(90);
				yield* [' done', 'server started'].map(stdout);
				if (db !== 'postgres') yield stdout('CREATE DATABASE');
				yield stdout('');
				yield stdout('');
				if (initScripts.length === 0) yield stdout('/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*');
				for (const script of initScripts) {
					yield stdout(`/usr/local/bin/docker-entrypoint.sh: running ${script}`);
					if (script.endsWith('.sql')) {
						yield t.sleep(40);
						for (const tag of sqlCommandTags(l.ctx.files[script])) yield stdout(tag);
					}
					yield stdout('');
				}
				yield stdout('');
				yield t.sleep(30);
				let at = t.at();
				yield stdout('waiting for server to shut down....' + log(at, 48, 'received fast shutdown request'));
				yield stderr(log(at + 2, 48, 'aborting any active transactions'));
				yield stderr(log(at + 4, 48, 'background worker "logical replication launcher" (PID 54) exited with exit code 1'));
				yield stderr(log(at + 4, 49, 'shutting down'));
				yield stderr(log(at + 6, 49, 'checkpoint starting: shutdown immediate'));
				yield t.sleep(62);
				at = t.at();
				yield stderr(log(at, 49, checkpointComplete(l, 3)));
				yield stderr(log(at + 9, 48, 'database system is shut down'));
				yield t.sleep(95);
				yield* [' done', 'server stopped', '', 'PostgreSQL init process complete; ready for start up.', ''].map(stdout);
				// Whatever is left of the budget until the final server is up.
				const used = t.at() - start;
				yield t.sleep(Math.max(10, readyAt - 20 - used));
			}
			let at = t.at();
			yield stderr(log(at, 1, `starting ${pgVersionLine(l)}`));
			yield stderr(log(at, 1, `listening on IPv4 address "0.0.0.0", port ${port}`));
			yield stderr(log(at, 1, `listening on IPv6 address "::", port ${port}`));
			yield t.sleep(4);
			yield stderr(log(t.at(), 1, `listening on Unix socket "/var/run/postgresql/.s.PGSQL.${port}"`));
			yield t.sleep(8);
			at = t.at();
			yield stderr(log(at, 64, `database system was shut down at ${postgresTime(at - 200).slice(0, 19)} UTC`));
			yield t.sleep(Math.max(1, readyAt - (t.at() - start)));
			yield stderr(log(t.at(), 1, 'database system is ready to accept connections'));
			yield* forever();
		},
		listen: {ports: [port], afterMs: readyAt},
		onSigterm(at) {
			// STOPSIGNAL SIGINT: fast shutdown.
			return [
				stderr(log(at, 1, 'received fast shutdown request')),
				stderr(log(at + 1, 1, 'aborting any active transactions')),
				stderr(log(at + 3, 1, 'background worker "logical replication launcher" (PID 70) exited with exit code 1')),
				stderr(log(at + 3, 65, 'shutting down')),
				stderr(log(at + 5, 65, 'checkpoint starting: shutdown immediate')),
				{sleep: 15},
				stderr(log(at + 15, 65, checkpointComplete(l, 0))),
				stderr(log(at + 21, 1, 'database system is shut down')),
				{exit: 0},
			];
		},
	};
}

function pgIsReady(argv: string[], l: Launch): Program {
	const host = option(argv.slice(1), '-h', '--host');
	const where = host ? `${host}:5432` : '/var/run/postgresql:5432';
	if (l.uptimeMs !== undefined && l.uptimeMs < PG_READY_MS && !host) return finished([stdout(`${where} - no response`)], 2);
	return finished([stdout(`${where} - accepting connections`)]);
}

function psql(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	if (l.uptimeMs !== undefined && l.uptimeMs < PG_READY_MS && option(args, '-h', '--host') === undefined) {
		return finished(
			[stderr('psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory'), stderr('\tIs the server running locally and accepting connections on that socket?')],
			2,
		);
	}
	const query = option(args, '-c', '--command');
	if (query === undefined) return finished([]);
	if (/^\s*select\s+1\s*;?\s*$/i.test(query)) return finished([' ?column? ', '----------', '        1', '(1 row)', ''].map(stdout));
	if (/^\s*select\s+version\(\)\s*;?\s*$/i.test(query)) {
		const text = pgVersionLine(l);
		return finished([' '.repeat(Math.floor((text.length - 7) / 2)) + 'version', '-'.repeat(text.length + 2), ' ' + text, '(1 row)', ''].map(stdout));
	}
	return finished(sqlCommandTags(query).map(stdout));
}

export const POSTGRES_PROGRAMS: Record<string, ProgramFactory> = {
	'docker-entrypoint.sh': (argv, l) => {
		let args = argv.slice(1);
		if (args.length && args[0].startsWith('-')) args = ['postgres', ...args];
		if (args[0] === 'postgres') return postgresEntrypoint(args, l);
		if (args.length === 0) return finished([]);
		return launch(args, l);
	},
	postgres: (argv, l) => {
		if (argv.includes('--version') || argv.includes('-V')) return finished([stdout(`postgres (PostgreSQL) ${pgVersionLine(l).split(' on ')[0].replace('PostgreSQL ', '')}`)]);
		return finished(
			[
				'"root" execution of the PostgreSQL server is not permitted.',
				'The server must be started under an unprivileged user ID to prevent',
				'possible system security compromise.  See the documentation for',
				'more information on how to properly start the server.',
			].map(stderr),
			1,
		);
	},
	pg_isready: pgIsReady,
	psql,
};

// ---------------------------------------------------------------------------------------------
// hashicorp/http-echo

function httpEcho(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	let text: string | undefined;
	let listen = ':5678';
	let status = 200;
	const positional: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const m = /^--?([\w-]+)(?:=(.*))?$/s.exec(args[i]);
		if (!m) {
			positional.push(args[i]);
			continue;
		}
		const value = () => m[2] ?? args[++i] ?? '';
		switch (m[1]) {
			case 'text':
				text = value();
				break;
			case 'listen':
				listen = value();
				break;
			case 'status-code':
				status = Number(value()) || 200;
				break;
			case 'version':
				return finished([stdout(`http-echo v${l.version}`)]);
			default:
				return finished([stderr(`flag provided but not defined: -${m[1]}`), stderr('Usage of /http-echo:')], 2);
		}
	}
	text ??= l.env.ECHO_TEXT;
	if (!text) return finished([stderr('Missing -text option!')], 127);
	if (positional.length) return finished([stderr('Too many arguments!')], 127);
	const port = Number(/:(\d+)$/.exec(listen)?.[1] ?? 5678);
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const body = text + '\n';
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(12);
			yield stderr(`${slashDateTime(t.at())} [INFO] server is listening on ${listen}`);
			yield* forever();
		},
		listen: {ports: [port], afterMs: 15},
		onSigterm(at) {
			return [stderr(`${slashDateTime(at)} [INFO] received interrupt, shutting down...`), {sleep: 5}, {exit: 0}];
		},
		respond(_method, path) {
			if (pathOnly(path) === '/health') return {status: 200, bytes: 15, body: '{"status":"ok"}'};
			return {status, bytes: bytesOf(body), body};
		},
		accessLog(req: Request) {
			const h = fnv1a(`${req.clientIP}|${req.time}|${req.path}`);
			const micros = (15 + (h % 400) / 10).toFixed(1);
			return `${slashDateTime(req.time)} ${l.ctx.podIP}:${port} ${req.clientIP}:${32768 + (h % 28000)} "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes} "${req.userAgent}" ${micros}µs`;
		},
	};
}

export const HTTP_ECHO_PROGRAMS: Record<string, ProgramFactory> = {
	'http-echo': httpEcho,
};

// ---------------------------------------------------------------------------------------------
// registry.k8s.io/pause

export const PAUSE_PROGRAMS: Record<string, ProgramFactory> = {
	pause: () => ({
		run: () => forever(),
		onSigterm: () => [stderr('Shutting down, got signal: Terminated'), {exit: 0}],
	}),
};
