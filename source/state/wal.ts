// The state file's framing: an 8-byte magic, then records of [length u32 LE][CRC-32 u32 LE]
// [payload], as etcd's WAL frames its entries. Reading stops at the first record that is cut
// short or fails its checksum and says where: everything before it is whole, nothing after it
// is trusted. The writer appends records and makes them durable (write, then fsync) in groups.
import {closeSync, fsyncSync, ftruncateSync, openSync, writeSync} from 'node:fs';
import {crc32} from 'node:zlib';

export const MAGIC = Buffer.from('KSIMWAL1', 'latin1');
const FRAME = 8;
/** The largest record a reader accepts: a length beyond it is taken as damage, not allocated. */
export const MAX_RECORD = 512 * 1024 * 1024;

/** One record's bytes as they go to disk. */
export function frame(payload: Buffer): Buffer {
	if (payload.length === 0 || payload.length > MAX_RECORD) throw new RangeError(`a record holds 1 to ${MAX_RECORD} bytes, not ${payload.length}`);
	const out = Buffer.allocUnsafe(FRAME + payload.length);
	out.writeUInt32LE(payload.length, 0);
	out.writeUInt32LE(crc32(payload), 4);
	payload.copy(out, FRAME);
	return out;
}

export interface Damage {
	/** Byte offset in the file of the first record not read. */
	offset: number;
	reason: string;
}

export interface Decoded {
	/** The whole records, in order (views into the buffer read). */
	records: Buffer[];
	/** The byte offset of each record's frame in the file. */
	offsets: number[];
	/** Where the last whole record ends: what a writer may keep and append after. */
	end: number;
	/** Set when bytes after `end` are not whole records. */
	damage?: Damage;
}

/** Reads a state file's bytes: the magic, then every whole record up to the first damage. Never throws. */
export function decode(bytes: Buffer): Decoded {
	const records: Buffer[] = [];
	const offsets: number[] = [];
	if (bytes.length === 0) return {records, offsets, end: 0};
	if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
		const partial = bytes.length < MAGIC.length && MAGIC.subarray(0, bytes.length).equals(bytes);
		return {records, offsets, end: 0, damage: {offset: 0, reason: partial ? 'the file header is cut short' : 'the file does not start with the kubesim state header'}};
	}
	let at = MAGIC.length;
	while (at < bytes.length) {
		if (bytes.length - at < FRAME) return {records, offsets, end: at, damage: {offset: at, reason: 'a record header is cut short'}};
		const length = bytes.readUInt32LE(at);
		const sum = bytes.readUInt32LE(at + 4);
		if (length === 0 || length > MAX_RECORD) return {records, offsets, end: at, damage: {offset: at, reason: `a record claims an impossible length (${length} bytes)`}};
		if (bytes.length - at - FRAME < length) return {records, offsets, end: at, damage: {offset: at, reason: `a record is cut short (${bytes.length - at - FRAME} of ${length} bytes)`}};
		const payload = bytes.subarray(at + FRAME, at + FRAME + length);
		if (crc32(payload) !== sum) return {records, offsets, end: at, damage: {offset: at, reason: 'a record fails its CRC-32 checksum'}};
		records.push(payload);
		offsets.push(at);
		at += FRAME + length;
	}
	return {records, offsets, end: at};
}

/**
 * Appends records to an open log. append() only queues; flush() writes what is queued with one
 * write and one fsync (a group commit) and then calls back everyone who waited for it.
 */
export class LogWriter {
	private queued: Buffer[] = [];
	private queuedBytes = 0;
	private waiters: Array<() => void> = [];
	private scheduled = false;
	/** Bytes in the file, all of them durable. */
	size: number;
	/** Records appended so far and fsyncs done (for figures). */
	appended = 0;
	syncs = 0;

	constructor(
		private fd: number,
		size: number,
	) {
		this.size = size;
	}

	/** Called after each flush that wrote something (the state file compacts from here). */
	afterFlush: (() => void) | undefined;

	/** Opens `path` for appending after its first `keep` bytes: a damaged tail is cut off first. */
	static open(path: string, keep: number): LogWriter {
		const fd = openSync(path, 'r+');
		ftruncateSync(fd, keep);
		fsyncSync(fd);
		return new LogWriter(fd, keep);
	}

	append(payload: Buffer): void {
		const f = frame(payload);
		this.queued.push(f);
		this.queuedBytes += f.length;
		this.appended++;
		this.schedule();
	}

	/** Bytes queued and not yet durable. */
	pending(): number {
		return this.queuedBytes;
	}

	/** Resolves once everything appended before the call is on disk. */
	durable(): Promise<void> {
		if (this.queuedBytes === 0) return Promise.resolve();
		return new Promise(resolve => {
			this.waiters.push(resolve);
			this.schedule();
		});
	}

	/** The next turn of the event loop flushes: writes of one turn share one fsync. */
	private schedule(): void {
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			this.flush();
		});
	}

	/** Writes and fsyncs what is queued, now. */
	flush(): void {
		const waiters = this.waiters;
		this.waiters = [];
		if (this.queuedBytes > 0) {
			const buf = this.queued.length === 1 ? this.queued[0]! : Buffer.concat(this.queued, this.queuedBytes);
			this.queued = [];
			this.queuedBytes = 0;
			let done = 0;
			while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done, this.size + done);
			fsyncSync(this.fd);
			this.size += buf.length;
			this.syncs++;
			for (const w of waiters) w();
			this.afterFlush?.();
			return;
		}
		for (const w of waiters) w();
	}

	close(): void {
		this.afterFlush = undefined;
		this.flush();
		closeSync(this.fd);
		this.fd = -1;
	}
}
