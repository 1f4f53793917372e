// What a running shell holds: variables, descriptors, the container's files as it sees them,
// output buffering and virtual time. The interpreter builds on this; utilities use it.
import type {ProcessContext, Step} from '../types.js';
import {SLEEP_FOREVER} from '../time.js';
import type {Node} from './ast.js';
import {basename, globRegex, normalizePath} from './glob.js';
import type {ShellFlavor, ShellOptions, Userland} from './options.js';

export type Gen<T> = Generator<Step, T, undefined>;

export type Target =
	| {k: 'log'; stream: 'stdout' | 'stderr'}
	| {k: 'file'; path: string}
	| {k: 'null'}
	| {k: 'capture'; text: string};

export interface Input {
	data: string;
	pos: number;
}

/** State shared by a shell and the subshells and nested shells it starts. */
export interface SharedIo {
	partial: {stdout: string; stderr: string};
	/** Steps produced so far: a loop whose body produces none is busy-looping. */
	emitted: number;
	elapsed: number;
	idle: number;
	dirs: Set<string>;
	deleted: Set<string>;
}

/** Thrown by `exit` (and `set -e`): unwinds to the shell that ends with `code`. */
export class ShellExit {
	constructor(readonly code: number) {}
}

/** An error that ends the shell after its message: `${x:?}`, bad arithmetic, `set -u`. */
export class ShellFatal {
	constructor(
		readonly message: string,
		readonly code = 2,
	) {}
}

/** Thrown by `break n` and `continue n`; each enclosing loop counts `levels` down. */
export class LoopControl {
	constructor(
		readonly kind: 'break' | 'continue',
		public levels: number,
	) {}
}

/** Thrown by `return`: ends the function it is in (at top level, the script) with `code`. */
export class FunctionReturn {
	constructor(readonly code: number) {}
}

const BUSYBOX_ROOT = ['bin', 'dev', 'etc', 'home', 'lib', 'lib64', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];
const DEBIAN_ROOT = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];

// the accounts of a base image: a container sees its image's files, never the host's
const BUSYBOX_PASSWD = [
	'root:x:0:0:root:/root:/bin/sh',
	'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
	'bin:x:2:2:bin:/bin:/bin/false',
	'sys:x:3:3:sys:/dev:/bin/false',
	'sync:x:4:100:sync:/bin:/bin/sync',
	'mail:x:8:8:mail:/var/spool/mail:/bin/false',
	'www-data:x:33:33:www-data:/var/www:/bin/false',
	'operator:x:37:37:Operator:/var:/bin/false',
	'nobody:x:65534:65534:nobody:/home:/bin/false',
	'',
].join('\n');
const DEBIAN_PASSWD = [
	'root:x:0:0:root:/root:/bin/bash',
	'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
	'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
	'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
	'sync:x:4:65534:sync:/bin:/bin/sync',
	'games:x:5:60:games:/usr/games:/usr/sbin/nologin',
	'man:x:6:12:man:/var/cache/man:/usr/sbin/nologin',
	'lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin',
	'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin',
	'news:x:9:9:news:/var/spool/news:/usr/sbin/nologin',
	'uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin',
	'proxy:x:13:13:proxy:/bin:/usr/sbin/nologin',
	'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
	'backup:x:34:34:backup:/var/backups:/usr/sbin/nologin',
	'list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin',
	'irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin',
	'_apt:x:42:65534::/nonexistent:/usr/sbin/nologin',
	'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
	'',
].join('\n');
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Idle loop iterations that make up one slice of busy CPU time. */
const BUSY_ITERATIONS = 1000;
const BUSY_SLICE_MS = 100;

export class ShellState {
	readonly vars: Map<string, string>;
	readonly exported: Set<string>;
	readonly funcs: Map<string, Node>;
	positional: string[];
	arg0: string;
	status = 0;
	cwd = '/';
	line = 1;
	flags: Set<string>;
	condDepth = 0;
	substStatus: number | undefined;
	readonly traps: Map<string, string>;
	fds: Target[];
	stdin: Input | null;
	readonly flavor: ShellFlavor;
	readonly userland: Userland;
	readonly io: SharedIo;

	constructor(
		readonly ctx: ProcessContext,
		readonly options: ShellOptions,
		parent?: ShellState,
	) {
		this.userland = options.userland ?? parent?.userland ?? 'busybox';
		this.flavor = options.flavor ?? (this.userland === 'gnu' ? 'dash' : 'ash');
		this.arg0 = options.arg0 ?? 'sh';
		this.positional = options.positional ?? [];
		this.flags = new Set(options.flags ?? '');
		this.funcs = new Map();
		this.traps = new Map();
		if (parent) {
			this.io = parent.io;
			this.fds = [...parent.fds];
			this.stdin = parent.stdin;
			this.cwd = parent.cwd;
			this.vars = new Map();
			this.exported = new Set();
			for (const name of parent.exported) {
				const v = parent.vars.get(name);
				if (v !== undefined) {
					this.vars.set(name, v);
					this.exported.add(name);
				}
			}
		} else {
			this.io = {partial: {stdout: '', stderr: ''}, emitted: 0, elapsed: 0, idle: 0, dirs: new Set(), deleted: new Set()};
			this.fds = [{k: 'null'}, {k: 'log', stream: 'stdout'}, {k: 'log', stream: 'stderr'}];
			this.stdin = null;
			this.vars = new Map();
			this.exported = new Set();
			const env: Record<string, string> = {
				PATH: options.path ?? DEFAULT_PATH,
				HOSTNAME: ctx.hostname,
				...options.imageEnv,
				...ctx.env,
			};
			if (!('HOME' in env)) env.HOME = '/root';
			for (const [k, v] of Object.entries(env)) {
				this.vars.set(k, v);
				this.exported.add(k);
			}
		}
		if (options.stdin !== undefined) this.stdin = {data: options.stdin, pos: 0};
		this.vars.set('PWD', this.cwd);
	}

	get files(): Record<string, string> {
		return this.ctx.files;
	}

	now(): number {
		return this.ctx.startedAt + (this.options.offsetMs ?? 0) + this.io.elapsed;
	}

	// ---- output

	emitLine(text: string, stream: 'stdout' | 'stderr'): Step {
		this.io.emitted++;
		return stream === 'stderr' ? {out: text, stream} : {out: text};
	}

	*write(fd: number, text: string): Gen<void> {
		const t = this.fds[fd];
		if (!t || text === '') return;
		switch (t.k) {
			case 'log': {
				const lines = (this.io.partial[t.stream] + text).split('\n');
				this.io.partial[t.stream] = lines.pop() ?? '';
				for (const l of lines) yield this.emitLine(l, t.stream);
				return;
			}
			case 'file':
				this.files[t.path] = (this.files[t.path] ?? '') + text;
				this.io.deleted.delete(t.path);
				return;
			case 'capture':
				t.text += text;
				return;
			case 'null':
				return;
		}
	}

	*out(text: string): Gen<void> {
		yield* this.write(1, text);
	}

	*err(text: string): Gen<void> {
		yield* this.write(2, text);
	}

	/** The shell's own error prefix: `sh: `, `sh: 3: `, `bash: line 3: `. */
	prefix(): string {
		if (this.flavor === 'dash') return `${this.arg0}: ${this.line}: `;
		if (this.flavor === 'bash') return `${this.arg0}: line ${this.line}: `;
		return `${this.arg0}: `;
	}

	*shellError(message: string): Gen<void> {
		yield* this.err(this.prefix() + message + '\n');
	}

	*flush(): Gen<void> {
		for (const stream of ['stdout', 'stderr'] as const) {
			const text = this.io.partial[stream];
			if (text !== '') {
				this.io.partial[stream] = '';
				yield this.emitLine(text, stream);
			}
		}
	}

	*sleep(ms: number): Gen<void> {
		if (!(ms > 0)) return;
		yield* this.flush();
		const d = Math.min(Math.round(ms), SLEEP_FOREVER);
		this.io.elapsed += d;
		this.io.emitted++;
		yield {sleep: d};
	}

	*busyTick(before: number): Gen<void> {
		if (this.io.emitted !== before) {
			this.io.idle = 0;
			return;
		}
		if (++this.io.idle >= BUSY_ITERATIONS) {
			this.io.idle = 0;
			yield* this.sleep(BUSY_SLICE_MS);
		}
	}

	// ---- file system

	resolve(p: string): string {
		return normalizePath(p.startsWith('/') ? p : this.cwd + '/' + p);
	}

	readFile(path: string): string | undefined {
		if (path in this.files) return this.files[path];
		if (this.io.deleted.has(path)) return undefined;
		return this.systemFile(path);
	}

	private systemFile(path: string): string | undefined {
		const root = this.options.rootFiles?.[path];
		if (root !== undefined) return root;
		switch (path) {
			case '/etc/hostname':
				return this.ctx.hostname + '\n';
			case '/etc/hosts':
				return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${this.ctx.podIP}\t${this.ctx.hostname}\n`;
			case '/etc/passwd':
				return this.userland === 'gnu' ? DEBIAN_PASSWD : BUSYBOX_PASSWD;
			case '/etc/resolv.conf':
				return `search ${this.ctx.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
			case '/var/run/secrets/kubernetes.io/serviceaccount/namespace':
				return this.ctx.namespace;
			case '/dev/null':
				return '';
		}
		return undefined;
	}

	rootEntries(): string[] {
		return this.options.rootEntries ?? (this.userland === 'gnu' ? DEBIAN_ROOT : BUSYBOX_ROOT);
	}

	isDir(path: string): boolean {
		if (path === '/') return true;
		if (this.io.dirs.has(path)) return true;
		const top = path.split('/')[1];
		if (path === '/' + top && this.rootEntries().includes(top)) return true;
		if (['/usr/bin', '/usr/local', '/usr/local/bin', '/var/log', '/var/run', '/etc/ssl', '/dev/shm'].includes(path)) return true;
		const prefix = path + '/';
		for (const key of Object.keys(this.files)) if (key.startsWith(prefix)) return true;
		for (const key of Object.keys(this.options.rootFiles ?? {})) if (key.startsWith(prefix)) return true;
		for (const dir of this.io.dirs) if (dir.startsWith(prefix)) return true;
		return false;
	}

	listDir(path: string): string[] {
		const names = new Set<string>();
		if (path === '/') for (const e of this.rootEntries()) names.add(e);
		const prefix = path === '/' ? '/' : path + '/';
		const add = (key: string) => {
			if (!key.startsWith(prefix)) return;
			const name = key.slice(prefix.length).split('/')[0];
			if (name) names.add(name);
		};
		for (const key of Object.keys(this.files)) add(key);
		for (const key of Object.keys(this.options.rootFiles ?? {})) if (!this.io.deleted.has(key)) add(key);
		for (const dir of this.io.dirs) add(dir);
		return [...names].sort();
	}

	glob(pattern: string): string[] {
		const abs = pattern.startsWith('/');
		const full = abs ? pattern : (this.cwd === '/' ? '/' : this.cwd + '/') + pattern;
		const re = globRegex(full);
		const depth = full.split('/').length;
		const found = new Set<string>();
		const candidates = [...Object.keys(this.files), ...Object.keys(this.options.rootFiles ?? {}), ...this.io.dirs, ...this.rootEntries().map((e) => '/' + e)];
		for (const key of candidates) {
			// Match the path itself or its ancestor at the pattern's depth.
			const segs = key.split('/');
			if (segs.length < depth) continue;
			const candidate = segs.slice(0, depth).join('/');
			const last = segs[depth - 1] ?? '';
			if (last.startsWith('.') && !basename(full).startsWith('.')) continue;
			if (re.test(candidate)) found.add(candidate);
		}
		const base = this.cwd === '/' ? '/' : this.cwd + '/';
		return [...found].sort().map((p) => (abs ? p : p.slice(base.length)));
	}

	// ---- variables

	getVar(name: string): string | undefined {
		switch (name) {
			case '?':
				return String(this.status);
			case '$':
				return '1';
			case '#':
				return String(this.positional.length);
			case '@':
			case '*':
				return this.positional.join(' ');
			case '0':
				return this.arg0;
			case '!':
				return '';
			case '-':
				return [...this.flags].join('');
			case 'RANDOM':
				if (this.flavor === 'dash') break;
				return String(this.ctx.rng.int(32768));
			case 'SECONDS':
				if (this.flavor === 'dash') break;
				return String(Math.floor(this.io.elapsed / 1000));
			case 'LINENO':
				return String(this.line);
		}
		if (/^[0-9]+$/.test(name)) return this.positional[Number(name) - 1];
		return this.vars.get(name);
	}

	setVar(name: string, value: string): void {
		this.vars.set(name, value);
		if (name === 'PWD') this.cwd = value;
	}

	env(): Record<string, string> {
		const env: Record<string, string> = {};
		for (const name of this.exported) {
			const v = this.vars.get(name);
			if (v !== undefined) env[name] = v;
		}
		return env;
	}

	/**
	 * Runs `body` with `assigns` set and exported, as for `FOO=1 cmd` and `env FOO=1 cmd`;
	 * afterwards the variables are as they were.
	 */
	*withExported<T>(assigns: Array<[string, string]>, body: () => Gen<T>): Gen<T> {
		const saved = assigns.map(([name]) => [name, this.vars.get(name), this.exported.has(name)] as const);
		for (const [name, value] of assigns) {
			this.vars.set(name, value);
			this.exported.add(name);
		}
		try {
			return yield* body();
		} finally {
			for (const [name, value, wasExported] of saved) {
				if (value === undefined) this.vars.delete(name);
				else this.vars.set(name, value);
				if (!wasExported) this.exported.delete(name);
			}
		}
	}

	/** The shells this image has, name -> dialect. */
	shells(): Record<string, ShellFlavor> {
		return this.options.shells ?? (this.userland === 'gnu' ? {sh: 'dash', dash: 'dash', bash: 'bash'} : {sh: 'ash', ash: 'ash'});
	}

	/** Where `which` and `command -v` find utilities. */
	binDir(): string {
		return this.userland === 'gnu' ? '/usr/bin/' : '/bin/';
	}

	// ---- input

	readLine(): string | undefined {
		const input = this.stdin;
		if (!input || input.pos >= input.data.length) return undefined;
		let end = input.data.indexOf('\n', input.pos);
		if (end < 0) end = input.data.length;
		const line = input.data.slice(input.pos, end);
		input.pos = end + 1;
		return line;
	}

	readAll(): string {
		const input = this.stdin;
		if (!input) return '';
		const text = input.data.slice(input.pos);
		input.pos = input.data.length;
		return text;
	}
}
