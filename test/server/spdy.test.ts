// The SPDY/3.1 frame reader, header blocks and the forwarded connection's HTTP reader: the
// dictionary is the protocol's, frames round-trip, headers our writer makes are read back by
// a zlib inflater with the dictionary, and no byte sequence throws past them or leaves a
// session half-open.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {createHash} from 'node:crypto';
import zlib from 'node:zlib';
import {FLAG_FIN, FrameReader, HEADER_DICTIONARY, HeaderReader, HeaderWriter, SpdyProtocolError, SpdySession, decodeHeaders, encodeHeaders, frames, type SpdyStream} from '../../source/server/spdy.js';
import {readRequest} from '../../source/server/portforward.js';
import {Signal} from '../wait.js';

const RUNS = {numRuns: 300, seed: 424242};

/** A header block as the Go client sends it: deflated with the dictionary, sync-flushed. */
function clientBlocks(): {block(headers: Array<[string, string]>): Promise<Buffer>} {
	const d = zlib.createDeflate({dictionary: HEADER_DICTIONARY});
	return {
		block: headers =>
			new Promise(resolve => {
				const out: Buffer[] = [];
				const h = (c: Buffer) => out.push(c);
				d.on('data', h);
				d.write(encodeHeaders(headers));
				d.flush(zlib.constants.Z_SYNC_FLUSH, () => {
					d.off('data', h);
					resolve(Buffer.concat(out));
				});
			}),
	};
}

describe('SPDY/3.1 framing', () => {
	it('has the protocol\'s header dictionary, byte for byte', () => {
		expect(HEADER_DICTIONARY.length).toBe(1423);
		expect(createHash('sha256').update(HEADER_DICTIONARY).digest('hex')).toBe('51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
	});

	it('reads back the frames it writes, split anywhere', () => {
		fc.assert(
			fc.property(fc.integer({min: 1, max: 2 ** 31 - 1}), fc.uint8Array({maxLength: 300}), fc.boolean(), fc.integer({min: 1, max: 50}), (id, bytes, fin, cut) => {
				const wire = Buffer.concat([frames.data(id, Buffer.from(bytes), fin), frames.ping(id), frames.rstStream(id, 5), frames.goaway(id, 0)]);
				const r = new FrameReader();
				const got = [...r.push(wire.subarray(0, cut)), ...r.push(wire.subarray(cut))];
				expect(got).toEqual([
					{type: 'data', streamId: id, flags: fin ? FLAG_FIN : 0, data: Buffer.from(bytes)},
					{type: 'ping', id},
					{type: 'rst_stream', streamId: id, status: 5},
					{type: 'goaway', lastGoodId: id, status: 0},
				]);
			}),
			RUNS,
		);
	});

	it('any bytes are frames or a protocol error, never another exception', () => {
		fc.assert(
			fc.property(fc.array(fc.uint8Array({maxLength: 64}), {maxLength: 8}), chunks => {
				const r = new FrameReader();
				try {
					for (const c of chunks) r.push(Buffer.from(c));
				} catch (e) {
					expect(e).toBeInstanceOf(SpdyProtocolError);
				}
			}),
			RUNS,
		);
	});

	it('refuses a control frame longer than the limit before buffering it', () => {
		const head = Buffer.from([0x80, 3, 0, 1, 0, 0xff, 0xff, 0xff]);
		expect(() => new FrameReader().push(head)).toThrow(SpdyProtocolError);
	});

	it('header blocks: encoded and decoded alike; bad ones are protocol errors', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z-]{1,12}$/), fc.string({maxLength: 20})), {selector: t => t[0], maxLength: 6}), pairs => {
				const got = decodeHeaders(encodeHeaders(pairs));
				expect([...got]).toEqual(pairs.map(([k, v]) => [k, v.split('\0')[0]]));
			}),
			RUNS,
		);
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 64}), bytes => {
				try {
					decodeHeaders(Buffer.from(bytes));
				} catch (e) {
					expect(e).toBeInstanceOf(SpdyProtocolError);
				}
			}),
			RUNS,
		);
	});

	it('our header blocks are one zlib stream that a dictionary inflater reads block by block', async () => {
		const w = new HeaderWriter();
		const inflate = zlib.createInflate({dictionary: HEADER_DICTIONARY});
		const read = (b: Buffer) =>
			new Promise<Buffer>(resolve => {
				const out: Buffer[] = [];
				const h = (c: Buffer) => out.push(c);
				inflate.on('data', h);
				inflate.write(b);
				inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
					inflate.off('data', h);
					resolve(Buffer.concat(out));
				});
			});
		expect([...decodeHeaders(await read(w.write([])))]).toEqual([]);
		expect([...decodeHeaders(await read(w.write([['streamtype', 'data'], ['port', '80']])))]).toEqual([
			['streamtype', 'data'],
			['port', '80'],
		]);
	});

	it('reads the client\'s compressed blocks in order, and fails cleanly on garbage', async () => {
		const c = clientBlocks();
		const r = new HeaderReader();
		const a = await c.block([['streamtype', 'error'], ['port', '80'], ['requestid', '0']]);
		const b = await c.block([['streamtype', 'data'], ['port', '80'], ['requestid', '0']]);
		const [ha, hb] = await Promise.all([r.read(a), r.read(b)]);
		expect(ha.get('streamtype')).toBe('error');
		expect(hb.get('streamtype')).toBe('data');
		await expect(r.read(Buffer.from('not zlib at all'))).rejects.toThrow();
		await expect(r.read(a)).rejects.toThrow();
	});
});

describe('a SPDY session', () => {
	async function session(accept: (s: SpdyStream) => boolean | (() => void) = () => true) {
		const sent: Buffer[] = [];
		let closed = 0;
		// the session writes and closes when its zlib work is done: the tests wait for that
		const wrote = new Signal();
		const s = new SpdySession(
			{
				write: b => {
					sent.push(b);
					wrote.fire();
				},
				close: () => {
					closed++;
					wrote.fire();
				},
			},
			accept,
		);
		const until = async (done: () => boolean) => {
			while (!done()) await wrote.next();
		};
		return {s, sent, closed: () => closed, until};
	}

	it('replies to a stream, echoes pings, and carries data both ways until both sides end', async () => {
		const c = clientBlocks();
		const seen: string[] = [];
		const {s, sent, until} = await session(st => () => {
			st.onData(d => {
				seen.push(d.toString());
				st.write(`echo ${d}`);
			});
			st.onEnd(() => st.end());
		});
		s.receive(frames.syn(1, await c.block([['streamtype', 'data']])));
		s.receive(frames.ping(7));
		s.receive(frames.data(1, Buffer.from('hi'), true));
		await until(() => sent.length >= 4);
		const got = new FrameReader().push(Buffer.concat(sent));
		expect(got.map(f => f.type)).toEqual(['syn_reply', 'ping', 'data', 'data']);
		expect(got[2]).toEqual({type: 'data', streamId: 1, flags: 0, data: Buffer.from('echo hi')});
		expect(got[3]).toEqual({type: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.alloc(0)});
		expect(seen).toEqual(['hi']);
	});

	it('ends with a GOAWAY on any malformed input, and ends every stream', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({minLength: 8, maxLength: 80}), async bytes => {
				const c = clientBlocks();
				let ended = 0;
				const {s, sent, closed, until} = await session(st => {
					st.onEnd(() => ended++);
					return true;
				});
				s.receive(frames.syn(1, await c.block([['streamtype', 'data']])));
				await until(() => sent.length > 0);
				// a stream whose header block is not the connection's zlib stream
				s.receive(frames.syn(3, Buffer.from(bytes)));
				await until(() => closed() > 0);
				expect(closed()).toBe(1);
				expect(ended).toBe(1);
				const last = new FrameReader().push(Buffer.concat(sent)).at(-1);
				expect(last?.type).toBe('goaway');
			}),
			{numRuns: 60, seed: 7},
		);
	});
});

describe('HTTP on a forwarded port', () => {
	it('reads a request with its body and keep-alive', () => {
		const r = readRequest(Buffer.from('POST /x?y=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nUser-Agent: curl/8\r\n\r\nabcGET / HTTP/1.0\r\n\r\n'));
		expect(r).toMatchObject({method: 'POST', path: '/x?y=1', length: 75, close: false});
		expect(readRequest(Buffer.from('GET / HTTP/1.0\r\n\r\n'))).toMatchObject({close: true, length: 18});
		expect(readRequest(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n'))).toBe('incomplete');
		expect(readRequest(Buffer.from('GET / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc'))).toBe('incomplete');
		expect(readRequest(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toBe('bad');
		expect(readRequest(Buffer.from('GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n'))).toBe('bad');
	});

	it('any bytes are a request, incomplete or bad, and a request never claims more than it read', () => {
		fc.assert(
			fc.property(fc.oneof(fc.uint8Array({maxLength: 120}).map(b => Buffer.from(b)), fc.string({maxLength: 120}).map(s => Buffer.from(`GET /${s}\r\n\r\n`))), buf => {
				const r = readRequest(buf);
				if (typeof r === 'object') expect(r.length).toBeLessThanOrEqual(buf.length);
				else expect(['incomplete', 'bad']).toContain(r);
			}),
			RUNS,
		);
	});
});
