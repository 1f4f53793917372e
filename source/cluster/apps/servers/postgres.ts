// PostgreSQL: the entrypoint's initdb run and init scripts, the server's log lines, pg_isready
// and psql.
import type {Step} from '../types.js';
import {Timeline, finished, forever, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {postgresTime} from '../time.js';
import {execArgs, option} from './common.js';

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
		return execArgs(args, l);
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
