// tar, as busybox and GNU tar take it for `kubectl cp`: `tar cf - PATH` writes a ustar archive
// of the container's files to stdout, `tar -xmf - -C DIR` unpacks one from stdin, `tar tf -`
// lists one. The archive is ustar framing over the files' UTF-8 bytes; PAX and GNU long-name
// records (what Go's archive/tar writes for long or non-ASCII names) are read too.
import type {Builtin, Shell} from '../interpreter.js';

const BLOCK = 512;

export interface TarEntry {
	name: string;
	type: 'file' | 'dir';
	/** A file's text. */
	text?: string;
	mode?: number;
	mtime?: number;
}

export class TarFormatError extends Error {}

// ---------------------------------------------------------------- writing

function octal(n: number, width: number): string {
	return Math.max(0, Math.floor(n)).toString(8).padStart(width - 1, '0') + '\0';
}

function field(text: string, width: number): Buffer {
	const b = Buffer.alloc(width);
	b.write(text, 0, width, 'utf8');
	return b;
}

function header(name: string, size: number, typeflag: string, mode: number, mtime: number): Buffer {
	const h = Buffer.alloc(BLOCK);
	let prefix = '';
	let base = name;
	if (Buffer.byteLength(name) > 100) {
		// ustar splits a long name at a slash into prefix (155) and name (100)
		const cut = name.lastIndexOf('/', name.length - 1);
		if (cut > 0 && Buffer.byteLength(name.slice(0, cut)) <= 155 && Buffer.byteLength(name.slice(cut + 1)) <= 100) {
			prefix = name.slice(0, cut);
			base = name.slice(cut + 1);
		}
	}
	field(base, 100).copy(h, 0);
	field(octal(mode, 8), 8).copy(h, 100);
	field(octal(0, 8), 8).copy(h, 108);
	field(octal(0, 8), 8).copy(h, 116);
	field(octal(size, 12), 12).copy(h, 124);
	field(octal(mtime, 12), 12).copy(h, 136);
	h.fill(' ', 148, 156);
	h.write(typeflag, 156, 'latin1');
	h.write('ustar\0', 257, 'latin1');
	h.write('00', 263, 'latin1');
	field('root', 32).copy(h, 265);
	field('root', 32).copy(h, 297);
	field(prefix, 155).copy(h, 345);
	let sum = 0;
	for (const byte of h) sum += byte;
	h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
	return h;
}

/** A ustar archive of these entries, ending with the two zero blocks. */
export function writeTar(entries: TarEntry[]): Buffer {
	const parts: Buffer[] = [];
	for (const e of entries) {
		const mtime = e.mtime ?? 0;
		if (e.type === 'dir') {
			parts.push(header(e.name.endsWith('/') ? e.name : `${e.name}/`, 0, '5', e.mode ?? 0o755, mtime));
			continue;
		}
		const body = Buffer.from(e.text ?? '', 'utf8');
		parts.push(header(e.name, body.length, '0', e.mode ?? 0o644, mtime), body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
	}
	parts.push(Buffer.alloc(2 * BLOCK));
	return Buffer.concat(parts);
}

// ---------------------------------------------------------------- reading

function text(b: Buffer, at: number, width: number): string {
	const s = b.subarray(at, at + width);
	const end = s.indexOf(0);
	return s.toString('utf8', 0, end < 0 ? width : end);
}

function number(b: Buffer, at: number, width: number, what: string): number {
	const s = text(b, at, width).trim();
	if (s === '') return 0;
	if (!/^[0-7]{1,12}$/.test(s)) throw new TarFormatError(`invalid ${what} ${JSON.stringify(s)}`);
	return parseInt(s, 8);
}

/** PAX extended header records: `LEN key=value\n`. */
function paxRecords(body: Buffer): Map<string, string> {
	const out = new Map<string, string>();
	let at = 0;
	while (at < body.length) {
		const sp = body.indexOf(0x20, at);
		if (sp < 0) break;
		const len = Number(body.toString('latin1', at, sp));
		if (!Number.isInteger(len) || len <= sp - at || at + len > body.length) throw new TarFormatError('invalid PAX record');
		const rec = body.toString('utf8', sp + 1, at + len - 1);
		const eq = rec.indexOf('=');
		if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
		at += len;
	}
	return out;
}

/** The entries of an archive; a header that is not tar is a TarFormatError. */
export function readTar(data: Buffer): TarEntry[] {
	const entries: TarEntry[] = [];
	let at = 0;
	let longName: string | undefined;
	while (at + BLOCK <= data.length) {
		const h = data.subarray(at, at + BLOCK);
		if (h.every(b => b === 0)) break;
		const stored = number(h, 148, 8, 'checksum');
		let sum = 0;
		for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
		if (sum !== stored) throw new TarFormatError('invalid tar header checksum');
		const size = number(h, 124, 12, 'size');
		const type = String.fromCharCode(h[156]!);
		const prefix = h.toString('latin1', 257, 262) === 'ustar' ? text(h, 345, 155) : '';
		const name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
		const bodyAt = at + BLOCK;
		if (bodyAt + size > data.length) throw new TarFormatError('short read');
		const body = data.subarray(bodyAt, bodyAt + size);
		at = bodyAt + Math.ceil(size / BLOCK) * BLOCK;
		if (type === 'x') {
			longName = paxRecords(body).get('path') ?? longName;
			continue;
		}
		if (type === 'L') {
			longName = body.toString('utf8').replace(/\0+$/, '');
			continue;
		}
		if (type === 'g') continue;
		longName = undefined;
		const mode = number(h, 100, 8, 'mode');
		const mtime = number(h, 136, 12, 'mtime');
		if (type === '5') entries.push({name, type: 'dir', mode, mtime});
		else if (type === '0' || type === '\0' || type === '7') entries.push({name, type: 'file', text: body.toString('utf8'), mode, mtime});
		// links, devices and fifos have no place in the simulated file system: skipped
	}
	return entries;
}

// ---------------------------------------------------------------- the utility

interface TarArgs {
	mode?: 'c' | 'x' | 't';
	file?: string;
	dir?: string;
	verbose: boolean;
	gzip: boolean;
	paths: string[];
	unknown?: string;
}

function parseArgs(args: string[]): TarArgs {
	const r: TarArgs = {verbose: false, gzip: false, paths: []};
	const takes: Array<'f' | 'C'> = [];
	const letters = (s: string) => {
		for (const ch of s) {
			if (ch === 'c' || ch === 'x' || ch === 't') r.mode = ch;
			else if (ch === 'f' || ch === 'C') takes.push(ch);
			else if (ch === 'v') r.verbose = true;
			else if (ch === 'z') r.gzip = true;
			else if (!'mopO'.includes(ch)) r.unknown ??= ch;
		}
	};
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (takes.length && !(a.startsWith('-') && a !== '-')) {
			const t = takes.shift()!;
			if (t === 'f') r.file = a;
			else r.dir = a;
			continue;
		}
		if (i === 0 && !a.startsWith('-')) letters(a);
		else if (a === '--') r.paths.push(...args.slice(i + 1)), (i = args.length);
		else if (a.startsWith('--')) {
			const [name, value] = a.slice(2).split('=', 2) as [string, string | undefined];
			if (name === 'extract' || name === 'get') r.mode = 'x';
			else if (name === 'create') r.mode = 'c';
			else if (name === 'list') r.mode = 't';
			else if (name === 'file') value !== undefined ? (r.file = value) : takes.push('f');
			else if (name === 'directory') value !== undefined ? (r.dir = value) : takes.push('C');
			else if (name === 'verbose') r.verbose = true;
			else if (!['no-same-permissions', 'no-same-owner', 'touch', 'preserve-permissions', 'same-owner', 'numeric-owner'].includes(name)) r.unknown ??= a;
		} else if (a.startsWith('-') && a.length > 1) letters(a.slice(1));
		else r.paths.push(a);
	}
	return r;
}

function collect(sh: Shell, path: string, name: string, out: TarEntry[]): void {
	if (sh.isDir(path)) {
		out.push({name, type: 'dir', mtime: Math.floor(sh.now() / 1000)});
		for (const child of sh.listDir(path)) collect(sh, path === '/' ? `/${child}` : `${path}/${child}`, `${name.replace(/\/$/, '')}/${child}`, out);
		return;
	}
	const body = sh.readFile(path);
	if (body !== undefined) out.push({name, type: 'file', text: body, mtime: Math.floor(sh.now() / 1000)});
}

export const ARCHIVE_UTILITIES: Record<string, Builtin> = {
	*tar(sh, args) {
		const gnu = sh.userland === 'gnu';
		const fail = function* (message: string, code = gnu ? 2 : 1) {
			yield* sh.err(`tar: ${message}\n`);
			return code;
		};
		const a = parseArgs(args);
		if (a.unknown) return yield* fail(gnu ? `invalid option -- '${a.unknown.replace(/^-+/, '')}'` : `unrecognized option '${a.unknown}'`);
		if (!a.mode) return yield* fail(gnu ? 'You must specify one of the \'-Acdtrux\', \'--delete\' or \'--test-label\' options' : 'need -c, -x or -t');
		if (a.gzip) return yield* fail(gnu ? 'gzip: Cannot exec: No such file or directory' : 'compression is not supported');
		const base = a.dir !== undefined ? sh.resolve(a.dir) : sh.cwd;
		if (a.dir !== undefined && !sh.isDir(base)) return yield* fail(gnu ? `${a.dir}: Cannot open: No such file or directory` : `can't change directory to '${a.dir}': No such file or directory`);
		const toStd = a.file === undefined || a.file === '-';
		if (a.mode === 'c') {
			if (!a.paths.length) return yield* fail(gnu ? 'Cowardly refusing to create an empty archive' : 'empty archive');
			const entries: TarEntry[] = [];
			let warned = false;
			let missing = false;
			for (const p of a.paths) {
				const path = p.startsWith('/') ? sh.resolve(p) : sh.resolve(`${base}/${p}`);
				let name = p.replace(/\/+$/, '') || '/';
				if (name.startsWith('/')) {
					name = name.replace(/^\/+/, '');
					if (!warned) yield* sh.err(gnu ? "tar: Removing leading `/' from member names\n" : "tar: removing leading '/' from member names\n");
					warned = true;
				}
				if (!sh.isDir(path) && sh.readFile(path) === undefined) {
					missing = true;
					yield* sh.err(gnu ? `tar: ${p}: Cannot stat: No such file or directory\n` : `tar: ${p}: No such file or directory\n`);
					continue;
				}
				collect(sh, path, name || '.', entries);
			}
			const archive = writeTar(entries).toString('utf8');
			if (toStd) yield* sh.out(archive);
			else {
				const target = sh.resolve(a.file!);
				sh.files[target] = archive;
				sh.io.deleted.delete(target);
			}
			if (a.verbose) yield* sh.err(entries.map(e => `${e.name}${e.type === 'dir' && !e.name.endsWith('/') ? '/' : ''}\n`).join(''));
			if (missing) return gnu ? (yield* fail('Exiting with failure status due to previous errors')) : 1;
			return 0;
		}
		const input = toStd ? sh.readAll() : sh.readFile(sh.resolve(a.file!));
		if (input === undefined) return yield* fail(gnu ? `${a.file}: Cannot open: No such file or directory` : `can't open '${a.file}': No such file or directory`);
		let entries: TarEntry[];
		try {
			entries = readTar(Buffer.from(input, 'utf8'));
		} catch (e) {
			if (!(e instanceof TarFormatError)) throw e;
			return yield* fail(gnu ? 'This does not look like a tar archive\ntar: Exiting with failure status due to previous errors' : e.message === 'short read' ? 'short read' : 'invalid tar magic');
		}
		if (a.mode === 't') {
			yield* sh.out(entries.map(e => `${e.name}${e.type === 'dir' && !e.name.endsWith('/') ? '/' : ''}\n`).join(''));
			return 0;
		}
		for (const e of entries) {
			// members never leave the target directory: `..` and leading slashes are dropped
			const rel = e.name.split('/').filter(s => s && s !== '.' && s !== '..').join('/');
			if (!rel) continue;
			const path = sh.resolve(`${base}/${rel}`);
			if (e.type === 'dir') sh.io.dirs.add(path);
			else {
				for (let d = path.slice(0, path.lastIndexOf('/')); d && d !== base; d = d.slice(0, d.lastIndexOf('/'))) sh.io.dirs.add(d);
				sh.files[path] = e.text ?? '';
				sh.io.deleted.delete(path);
			}
			if (a.verbose) yield* sh.out(`${e.name}\n`);
		}
		return 0;
	},
};
