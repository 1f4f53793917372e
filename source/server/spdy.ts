// SPDY/3.1 as kubectl speaks it for port-forward, exec and attach: over an HTTP upgrade
// (`Upgrade: SPDY/3.1`, kubectl 1.27-1.30) or tunnelled in WebSocket binary messages
// (`SPDY/3.1+portforward.k8s.io`, kubectl 1.31+). The client opens every stream (SYN_STREAM
// with its headers); the server answers SYN_REPLY, then both sides send DATA until each has
// sent FIN. Header blocks are zlib-compressed with the protocol's dictionary, one compression
// context per direction for the whole connection.
//
// The reader accepts any bytes: a frame it cannot read ends the connection with a GOAWAY
// (PROTOCOL_ERROR), never an exception past the session.
import zlib from 'node:zlib';

// ---------------------------------------------------------------- the header dictionary

const DICTIONARY_WORDS = [
	'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
	'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
	'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
	'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
	'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
	'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
	'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL =
	'100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
	'203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
	'403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
	'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
	'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,' +
	'publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

/** The SPDY/3 zlib dictionary: the words with 32-bit length prefixes, then the tail as it is. */
export const HEADER_DICTIONARY: Buffer = Buffer.concat([
	...DICTIONARY_WORDS.map(w => {
		const b = Buffer.alloc(4 + w.length);
		b.writeUInt32BE(w.length, 0);
		b.write(w, 4, 'latin1');
		return b;
	}),
	Buffer.from(DICTIONARY_TAIL, 'latin1'),
]);

// ---------------------------------------------------------------- frames

export const FLAG_FIN = 0x01;

export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PING = 6;
export const GOAWAY = 7;
export const HEADERS = 8;
export const WINDOW_UPDATE = 9;

/** RST_STREAM and GOAWAY status codes. */
export const PROTOCOL_ERROR = 1;
export const INVALID_STREAM = 2;
export const REFUSED_STREAM = 3;
export const CANCEL = 5;
export const STREAM_IN_USE = 8;

/** The largest control frame accepted (header blocks of a few streams' names are tiny). */
export const MAX_CONTROL_FRAME = 64 * 1024;
/** The largest decompressed header block accepted. */
export const MAX_HEADER_BLOCK = 256 * 1024;

export type Frame =
	| {type: 'data'; streamId: number; flags: number; data: Buffer}
	| {type: 'syn_stream'; streamId: number; associatedId: number; priority: number; flags: number; block: Buffer}
	| {type: 'syn_reply' | 'headers'; streamId: number; flags: number; block: Buffer}
	| {type: 'rst_stream'; streamId: number; status: number}
	| {type: 'settings'; flags: number; entries: Array<{flags: number; id: number; value: number}>}
	| {type: 'ping'; id: number}
	| {type: 'goaway'; lastGoodId: number; status: number}
	| {type: 'window_update'; streamId: number; delta: number}
	| {type: 'control'; kind: number; flags: number};

export class SpdyProtocolError extends Error {}

/** Splits a byte stream into frames; `push` returns the frames completed so far. */
export class FrameReader {
	private buf: Buffer = Buffer.alloc(0);

	push(chunk: Buffer): Frame[] {
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		const frames: Frame[] = [];
		while (this.buf.length >= 8) {
			const control = (this.buf[0]! & 0x80) !== 0;
			const flags = this.buf[4]!;
			const length = this.buf.readUIntBE(5, 3);
			if (control && length > MAX_CONTROL_FRAME) throw new SpdyProtocolError(`control frame of ${length} bytes`);
			if (this.buf.length < 8 + length) break;
			const body = this.buf.subarray(8, 8 + length);
			const head = this.buf.subarray(0, 8);
			this.buf = this.buf.subarray(8 + length);
			frames.push(control ? controlFrame(head, flags, body) : {type: 'data', streamId: head.readUInt32BE(0) & 0x7fffffff, flags, data: Buffer.from(body)});
		}
		return frames;
	}
}

function controlFrame(head: Buffer, flags: number, body: Buffer): Frame {
	const version = head.readUInt16BE(0) & 0x7fff;
	const kind = head.readUInt16BE(2);
	if (version !== 3) throw new SpdyProtocolError(`SPDY version ${version}`);
	const need = (n: number) => {
		if (body.length < n) throw new SpdyProtocolError(`control frame ${kind} of ${body.length} bytes`);
	};
	const id = (at: number) => body.readUInt32BE(at) & 0x7fffffff;
	switch (kind) {
		case SYN_STREAM:
			need(10);
			return {type: 'syn_stream', streamId: id(0), associatedId: id(4), priority: body[8]! >> 5, flags, block: Buffer.from(body.subarray(10))};
		case SYN_REPLY:
		case HEADERS:
			need(4);
			return {type: kind === SYN_REPLY ? 'syn_reply' : 'headers', streamId: id(0), flags, block: Buffer.from(body.subarray(4))};
		case RST_STREAM:
			need(8);
			return {type: 'rst_stream', streamId: id(0), status: body.readUInt32BE(4)};
		case SETTINGS: {
			need(4);
			const n = body.readUInt32BE(0);
			if (body.length !== 4 + 8 * n) throw new SpdyProtocolError(`SETTINGS with ${n} entries in ${body.length} bytes`);
			const entries = [];
			for (let i = 0; i < n; i++) entries.push({flags: body[4 + 8 * i]!, id: body.readUIntBE(5 + 8 * i, 3), value: body.readUInt32BE(8 + 8 * i)});
			return {type: 'settings', flags, entries};
		}
		case PING:
			need(4);
			return {type: 'ping', id: body.readUInt32BE(0)};
		case GOAWAY:
			need(4);
			return {type: 'goaway', lastGoodId: id(0), status: body.length >= 8 ? body.readUInt32BE(4) : 0};
		case WINDOW_UPDATE:
			need(8);
			return {type: 'window_update', streamId: id(0), delta: body.readUInt32BE(4) & 0x7fffffff};
		default:
			return {type: 'control', kind, flags};
	}
}

function control(kind: number, flags: number, body: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt16BE(0x8003, 0);
	head.writeUInt16BE(kind, 2);
	head[4] = flags;
	head.writeUIntBE(body.length, 5, 3);
	return Buffer.concat([head, body]);
}

const u32 = (...values: number[]): Buffer => {
	const b = Buffer.alloc(4 * values.length);
	values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
	return b;
};

export const frames = {
	synReply: (streamId: number, block: Buffer, flags = 0) => control(SYN_REPLY, flags, Buffer.concat([u32(streamId & 0x7fffffff), block])),
	rstStream: (streamId: number, status: number) => control(RST_STREAM, 0, u32(streamId & 0x7fffffff, status)),
	ping: (id: number) => control(PING, 0, u32(id)),
	goaway: (lastGoodId: number, status: number) => control(GOAWAY, 0, u32(lastGoodId & 0x7fffffff, status)),
	/** The largest DATA frame is 2^24 - 1 bytes; longer data is split. */
	data(streamId: number, data: Buffer, fin: boolean): Buffer {
		const parts: Buffer[] = [];
		const max = 0xffffff;
		let at = 0;
		do {
			const piece = data.subarray(at, at + max);
			at += piece.length;
			const head = Buffer.alloc(8);
			head.writeUInt32BE(streamId & 0x7fffffff, 0);
			head[4] = fin && at >= data.length ? FLAG_FIN : 0;
			head.writeUIntBE(piece.length, 5, 3);
			parts.push(head, piece);
		} while (at < data.length);
		return Buffer.concat(parts);
	},
	syn: (streamId: number, block: Buffer, flags = 0) => control(SYN_STREAM, flags, Buffer.concat([u32(streamId & 0x7fffffff, 0), Buffer.from([0, 0]), block])),
};

// ---------------------------------------------------------------- header blocks

export type Headers = Map<string, string>;

/** An uncompressed header block: a 32-bit count, then each name and value with 32-bit lengths. */
export function encodeHeaders(headers: Iterable<[string, string]>): Buffer {
	const list = [...headers];
	const parts: Buffer[] = [u32(list.length)];
	for (const [k, v] of list) {
		const name = Buffer.from(k.toLowerCase(), 'utf8');
		const value = Buffer.from(v, 'utf8');
		parts.push(u32(name.length), name, u32(value.length), value);
	}
	return Buffer.concat(parts);
}

export function decodeHeaders(raw: Buffer): Headers {
	const fail = (why: string): never => {
		throw new SpdyProtocolError(`header block: ${why}`);
	};
	if (raw.length < 4) fail('too short');
	const n = raw.readUInt32BE(0);
	if (n > raw.length / 8) fail(`${n} pairs in ${raw.length} bytes`);
	const out: Headers = new Map();
	let at = 4;
	const read = (): string => {
		if (at + 4 > raw.length) fail('truncated');
		const len = raw.readUInt32BE(at);
		at += 4;
		if (at + len > raw.length) fail('truncated');
		const s = raw.toString('utf8', at, at + len);
		at += len;
		return s;
	};
	for (let i = 0; i < n; i++) {
		const name = read();
		const value = read();
		if (!name) fail('empty header name');
		// values of one name are NUL-separated; the first is the one the protocols use
		if (!out.has(name)) out.set(name, value.split('\0')[0]!);
	}
	return out;
}

/**
 * The compression of our header blocks: zlib stored blocks, each a sync point, so every block
 * can be read as it arrives by the peer's one decompressor, with no compression state here.
 */
export class HeaderWriter {
	private started = false;

	write(headers: Iterable<[string, string]>): Buffer {
		const raw = encodeHeaders(headers);
		const parts: Buffer[] = [];
		if (!this.started) {
			// zlib header: deflate, 32K window, no preset dictionary needed for stored blocks
			parts.push(Buffer.from([0x78, 0x01]));
			this.started = true;
		}
		for (let at = 0; at < raw.length || at === 0; ) {
			const piece = raw.subarray(at, at + 0xffff);
			const head = Buffer.alloc(5);
			head[0] = 0; // not final, stored
			head.writeUInt16LE(piece.length, 1);
			head.writeUInt16LE(~piece.length & 0xffff, 3);
			parts.push(head, piece);
			at += piece.length;
			if (!piece.length) break;
		}
		// an empty stored block ends the flush, as zlib's sync flush does: the peer's inflater
		// hands out the block only when it sees it
		parts.push(Buffer.from([0, 0, 0, 0xff, 0xff]));
		return Buffer.concat(parts);
	}
}

/** The peer's header blocks, inflated in order through one zlib context with the dictionary. */
export class HeaderReader {
	private readonly inflate = zlib.createInflate({dictionary: HEADER_DICTIONARY});
	private readonly got: Buffer[] = [];
	private size = 0;
	private failed: Error | undefined;
	private chain: Promise<unknown> = Promise.resolve();

	constructor() {
		this.inflate.on('data', (c: Buffer) => {
			this.size += c.length;
			if (this.size > MAX_HEADER_BLOCK) this.fail(new SpdyProtocolError('header block too large'));
			else this.got.push(c);
		});
		this.inflate.on('error', e => this.fail(e));
	}

	private pending: Array<(e: Error) => void> = [];

	private fail(e: Error): void {
		if (this.failed) return;
		this.failed = e;
		for (const reject of this.pending.splice(0)) reject(e);
		this.inflate.destroy();
	}

	/** The headers of one block, after every block before it. */
	read(block: Buffer): Promise<Headers> {
		const next = this.chain.then(
			() =>
				new Promise<Headers>((resolve, reject) => {
					if (this.failed) return reject(this.failed);
					this.pending.push(reject);
					this.got.length = 0;
					this.size = 0;
					this.inflate.write(block);
					this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
						this.pending = this.pending.filter(r => r !== reject);
						if (this.failed) return reject(this.failed);
						try {
							resolve(decodeHeaders(Buffer.concat(this.got.splice(0))));
						} catch (e) {
							reject(e as Error);
						}
					});
				}),
		);
		this.chain = next.catch(() => undefined);
		return next;
	}

	close(): void {
		this.inflate.destroy();
	}
}

// ---------------------------------------------------------------- a server session

/** One client-opened stream. */
export interface SpdyStream {
	readonly id: number;
	readonly headers: Headers;
	/** Data to the client. */
	write(data: Buffer | string): void;
	/** Our side is done (FIN). */
	end(data?: Buffer | string): void;
	/** Abandons the stream (RST_STREAM CANCEL). */
	reset(): void;
	/** Data from the client; `onEnd` when the client has sent FIN (or reset the stream). */
	onData(cb: (data: Buffer) => void): void;
	onEnd(cb: () => void): void;
	readonly remoteEnded: boolean;
}

export interface SpdyTransport {
	write(bytes: Buffer): void;
	close(): void;
}

/**
 * The server side of a SPDY connection. `accept` sees each new stream's headers; it answers
 * whether the stream is taken (a SYN_REPLY) or refused (RST_STREAM REFUSED_STREAM), or gives
 * what to do with it once the reply is sent.
 */
export class SpdySession {
	private readonly reader = new FrameReader();
	private readonly headers = new HeaderReader();
	private readonly writer = new HeaderWriter();
	private readonly streams = new Map<number, StreamState>();
	private lastId = 0;
	private closed = false;
	private chain: Promise<unknown> = Promise.resolve();
	private readonly closers: Array<() => void> = [];

	constructor(
		private readonly transport: SpdyTransport,
		private readonly accept: (stream: SpdyStream) => boolean | (() => void),
	) {}

	/** Bytes from the client. */
	receive(chunk: Buffer): void {
		if (this.closed) return;
		let got: Frame[];
		try {
			got = this.reader.push(chunk);
		} catch {
			return this.protocolError();
		}
		for (const f of got) this.chain = this.chain.then(() => this.handle(f)).catch(() => this.protocolError());
	}

	onClose(cb: () => void): void {
		this.closers.push(cb);
	}

	/** Ends the session: every stream ends, the transport closes. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.headers.close();
		for (const s of this.streams.values()) s.remoteEnd();
		this.streams.clear();
		this.transport.close();
		for (const cb of this.closers.splice(0)) cb();
	}

	private protocolError(): void {
		if (this.closed) return;
		this.send(frames.goaway(this.lastId, PROTOCOL_ERROR));
		this.close();
	}

	private send(bytes: Buffer): void {
		if (!this.closed) this.transport.write(bytes);
	}

	private async handle(f: Frame): Promise<void> {
		if (this.closed) return;
		switch (f.type) {
			case 'syn_stream': {
				const headers = await this.headers.read(f.block);
				if (this.closed) return;
				// client streams are odd and rise; anything else ends the connection
				if (f.streamId % 2 !== 1 || f.streamId <= this.lastId) return this.protocolError();
				this.lastId = f.streamId;
				const s = new StreamState(this, f.streamId, headers);
				this.streams.set(f.streamId, s);
				let taken: ReturnType<typeof this.accept> = false;
				try {
					taken = this.accept(s);
				} catch {
					taken = false;
				}
				if (!taken) {
					this.streams.delete(f.streamId);
					return this.send(frames.rstStream(f.streamId, REFUSED_STREAM));
				}
				this.send(frames.synReply(f.streamId, this.writer.write([])));
				if (f.flags & FLAG_FIN) s.remoteEnd();
				if (typeof taken === 'function') taken();
				return;
			}
			case 'data': {
				const s = this.streams.get(f.streamId);
				if (!s) return;
				if (f.data.length) s.remoteData(f.data);
				if (f.flags & FLAG_FIN) s.remoteEnd();
				return;
			}
			case 'headers':
			case 'syn_reply':
				// read to keep the decompressor in step; a server never expects a reply
				await this.headers.read(f.block);
				return;
			case 'rst_stream': {
				const s = this.streams.get(f.streamId);
				if (!s) return;
				s.localEnded = true;
				this.streams.delete(f.streamId);
				s.remoteEnd();
				return;
			}
			case 'ping':
				return this.send(frames.ping(f.id));
			case 'goaway':
				return this.close();
			default:
				return;
		}
	}

	/** @internal */
	sendData(s: StreamState, data: Buffer, fin: boolean): void {
		this.send(frames.data(s.id, data, fin));
		this.settle(s);
	}

	/** @internal */
	sendReset(s: StreamState): void {
		this.send(frames.rstStream(s.id, CANCEL));
		this.streams.delete(s.id);
	}

	/** @internal a stream both sides have ended is forgotten */
	settle(s: StreamState): void {
		if (s.localEnded && s.remoteEnded) this.streams.delete(s.id);
	}
}

class StreamState implements SpdyStream {
	localEnded = false;
	remoteEnded = false;
	private readonly dataCbs: Array<(d: Buffer) => void> = [];
	private readonly endCbs: Array<() => void> = [];

	constructor(
		private readonly session: SpdySession,
		readonly id: number,
		readonly headers: Headers,
	) {}

	write(data: Buffer | string): void {
		if (this.localEnded) return;
		const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
		if (b.length) this.session.sendData(this, b, false);
	}

	end(data?: Buffer | string): void {
		if (this.localEnded) return;
		this.localEnded = true;
		const b = data === undefined ? Buffer.alloc(0) : typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
		this.session.sendData(this, b, true);
	}

	reset(): void {
		if (this.localEnded && this.remoteEnded) return;
		this.localEnded = true;
		this.session.sendReset(this);
		this.remoteEnd();
	}

	onData(cb: (d: Buffer) => void): void {
		this.dataCbs.push(cb);
	}

	onEnd(cb: () => void): void {
		if (this.remoteEnded) cb();
		else this.endCbs.push(cb);
	}

	remoteData(d: Buffer): void {
		if (this.remoteEnded) return;
		for (const cb of this.dataCbs) cb(d);
	}

	remoteEnd(): void {
		if (this.remoteEnded) return;
		this.remoteEnded = true;
		for (const cb of this.endCbs.splice(0)) cb();
		this.session.settle(this);
	}
}
