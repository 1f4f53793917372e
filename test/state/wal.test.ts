// The state file's framing: whatever records are written read back the same, and whatever
// happens to the tail (cut anywhere, any byte changed) a reader gets a prefix of them and the
// offset where the damage starts, without throwing.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {crc32} from 'node:zlib';
import {decode, frame, MAGIC} from '../../source/state/wal.js';

const payloads = fc.array(fc.uint8Array({minLength: 1, maxLength: 300}), {maxLength: 30});

function file(records: Uint8Array[]): {bytes: Buffer; offsets: number[]} {
	const parts: Buffer[] = [MAGIC];
	const offsets: number[] = [];
	let at = MAGIC.length;
	for (const r of records) {
		offsets.push(at);
		const f = frame(Buffer.from(r));
		parts.push(f);
		at += f.length;
	}
	return {bytes: Buffer.concat(parts), offsets};
}

const same = (a: Buffer[], b: Uint8Array[]) => a.length === b.length && a.every((x, i) => x.equals(Buffer.from(b[i]!)));

describe('the write-ahead log framing', () => {
	it('a record is its length, its CRC-32 and its bytes, little-endian', () => {
		const f = frame(Buffer.from('{"t":"end"}'));
		expect(f.readUInt32LE(0)).toBe(11);
		expect(f.readUInt32LE(4)).toBe(crc32(Buffer.from('{"t":"end"}')));
		expect(f.subarray(8).toString()).toBe('{"t":"end"}');
		expect(() => frame(Buffer.alloc(0))).toThrow(RangeError);
	});

	it('any sequence of records reads back whole, with the offset of each', () => {
		fc.assert(
			fc.property(payloads, records => {
				const {bytes, offsets} = file(records);
				const d = decode(bytes);
				expect(d.damage).toBeUndefined();
				expect(d.end).toBe(bytes.length);
				expect(d.offsets).toEqual(offsets);
				expect(same(d.records, records)).toBe(true);
			}),
		);
	});

	it('a file cut at any byte reads as the records before the cut, and names the offset of a record cut short', () => {
		fc.assert(
			fc.property(payloads, fc.nat(), (records, n) => {
				const {bytes, offsets} = file(records);
				const cut = MAGIC.length + (n % (bytes.length - MAGIC.length + 1));
				const d = decode(bytes.subarray(0, cut));
				const whole = offsets.filter((o, i) => (offsets[i + 1] ?? bytes.length) <= cut).length;
				expect(same(d.records, records.slice(0, whole))).toBe(true);
				// a cut between two records leaves a shorter log, whole; a cut inside one is damage there
				if (whole === records.length || cut === offsets[whole]) expect(d.damage).toBeUndefined();
				else {
					expect(d.damage?.offset).toBe(offsets[whole]);
					expect(d.end).toBe(offsets[whole]);
				}
			}),
		);
	});

	it('a changed byte anywhere after the header loses that record and every later one, never an earlier one', () => {
		fc.assert(
			fc.property(
				payloads.filter(r => r.length > 0),
				fc.nat(),
				fc.integer({min: 1, max: 255}),
				(records, n, xor) => {
					const {bytes, offsets} = file(records);
					const at = MAGIC.length + (n % (bytes.length - MAGIC.length));
					const damaged = Buffer.from(bytes);
					damaged[at]! ^= xor;
					const hit = offsets.filter(o => o <= at).length - 1;
					let d: ReturnType<typeof decode> | undefined;
					expect(() => (d = decode(damaged))).not.toThrow();
					// the records before the damaged one are intact; it and those after are not trusted
					expect(same(d!.records, records.slice(0, hit))).toBe(true);
					expect(d!.damage?.offset).toBe(offsets[hit]);
				},
			),
		);
	});

	it('bytes that are not a state file are damage at offset 0; an empty file is an empty log', () => {
		expect(decode(Buffer.from('hello world')).damage).toEqual({offset: 0, reason: 'the file does not start with the kubesim state header'});
		expect(decode(MAGIC.subarray(0, 3)).damage).toEqual({offset: 0, reason: 'the file header is cut short'});
		expect(decode(Buffer.alloc(0))).toEqual({records: [], offsets: [], end: 0});
		// a tail of zeros (space a file system allocated but never wrote) is not a run of empty records
		const zeros = Buffer.concat([file([Buffer.from('a')]).bytes, Buffer.alloc(64)]);
		const d = decode(zeros);
		expect(d.records.map(r => r.toString())).toEqual(['a']);
		expect(d.damage).toEqual({offset: MAGIC.length + 9, reason: 'a record claims an impossible length (0 bytes)'});
	});
});
