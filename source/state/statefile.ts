// `--state FILE`: the simulated cluster kept on disk. The file is a log (see wal.ts) that opens
// with a snapshot (every object, the resourceVersion counter, virtual time, the generator's
// position) and goes on with one record per write after it, as etcd keeps a snapshot and the
// WAL entries since. When the log has grown past the snapshot, it is compacted: a fresh
// snapshot is written beside the file, fsynced and renamed over it, so the file on disk is
// always either the old one or the new one, whole.
//
// Records are JSON:
//   {"t":"snap","rv":N,"ms":E,"rng":R,"epoch":T,"name":S,"objects":K}  then K of {"t":"obj","o":{...}}, then {"t":"end"}
//   {"t":"put","rv":N,"ms":E,"rng":R,"o":{...}}    an object written (created or changed)
//   {"t":"del","rv":N,"ms":E,"rng":R,"k":KIND,"ns":NS,"n":NAME}
//   {"t":"clock","ms":E,"rng":R}                  virtual time moved on without writes
import {closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';
import type {Cluster, ClusterImage, KObject} from '../cluster/index.js';
import {decode, frame, LogWriter, MAGIC, type Damage} from './wal.js';

/** What a state file holds, read back. */
export interface SavedState {
	image: ClusterImage;
	/** Wall time (epoch ms) of the cluster's virtual time 0. */
	epoch: number;
	name: string;
	/** Records read after the snapshot. */
	writes: number;
	/** Bytes of the file that are whole records (what is kept). */
	end: number;
	/** Bytes of the snapshot at its start. */
	snapshotBytes: number;
	/** A damaged tail that was not loaded, when there is one. */
	damage?: Damage;
}

interface Record {
	t: 'snap' | 'obj' | 'end' | 'put' | 'del' | 'clock';
	rv?: number;
	ms?: number;
	rng?: number;
	epoch?: number;
	name?: string;
	objects?: number;
	o?: KObject;
	k?: string;
	ns?: string;
	n?: string;
}

/** Compaction waits until the log after the snapshot is at least this long (by default) and as long as the snapshot. */
export const COMPACT_BYTES = 16 * 1024 * 1024;
/** Virtual time recorded without writes at most this often. */
const CLOCK_RECORD_MS = 1000;

const objectKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

/**
 * Reads a state file. Undefined when there is none (or it is empty). A damaged tail (cut
 * short, or failing its checksum) is left out and described in `damage`; a file whose
 * snapshot is not whole is refused with an error, since half a cluster is no cluster.
 */
export function readState(path: string): SavedState | undefined {
	if (!existsSync(path)) return undefined;
	const bytes = readFileSync(path);
	if (bytes.length === 0) return undefined;
	const d = decode(bytes);
	let damage = d.damage;
	const refuse = (why: string): never => {
		const e = new Error(`${path}: ${why}: refusing to load part of a cluster`);
		e.name = 'StateError';
		throw e;
	};
	if (damage && damage.offset === 0) refuse(damage.reason);
	const parse = (i: number): Record | undefined => {
		try {
			return JSON.parse(d.records[i]!.toString('utf8')) as Record;
		} catch {
			return undefined;
		}
	};
	const head = d.records.length ? parse(0) : undefined;
	if (!head || head.t !== 'snap') refuse(`the snapshot at byte ${MAGIC.length} is missing or unreadable`);
	const count = head!.objects ?? 0;
	const objects = new Map<string, KObject>();
	let i = 1;
	for (; i <= count; i++) {
		const r = i < d.records.length ? parse(i) : undefined;
		if (!r || r.t !== 'obj' || !r.o) refuse(`the snapshot is not whole: object ${i} of ${count} ${i < d.records.length ? `at byte ${d.offsets[i]} is unreadable` : `is missing (${damage ? `${damage.reason} at byte ${damage.offset}` : 'the file ends'})`}`);
		objects.set(objectKey(r!.o!.kind, r!.o!.metadata.namespace, r!.o!.metadata.name), r!.o!);
	}
	const tail = i < d.records.length ? parse(i) : undefined;
	if (!tail || tail.t !== 'end') refuse(`the snapshot is not whole: its end record ${i < d.records.length ? `at byte ${d.offsets[i]} is unreadable` : 'is missing'}`);
	i++;
	const snapshotBytes = i < d.records.length ? d.offsets[i]! : d.end;
	let rv = head!.rv ?? 0;
	let ms = head!.ms ?? 0;
	let rng = head!.rng ?? 0;
	let end = i < d.records.length ? d.offsets[i]! : d.end;
	let writes = 0;
	for (; i < d.records.length; i++) {
		const r = parse(i);
		if (!r || (r.t === 'put' && !r.o) || (r.t === 'del' && !r.k) || !['put', 'del', 'clock'].includes(r.t)) {
			// a record whose checksum holds but whose content does not: the log stops being trusted here
			damage = {offset: d.offsets[i]!, reason: 'a record is not a kubesim state record'};
			break;
		}
		if (r.t === 'put') objects.set(objectKey(r.o!.kind, r.o!.metadata.namespace, r.o!.metadata.name), r.o!);
		else if (r.t === 'del') objects.delete(objectKey(r.k!, r.ns, r.n!));
		if (r.rv !== undefined) rv = r.rv;
		if (r.ms !== undefined) ms = r.ms;
		if (r.rng !== undefined) rng = r.rng;
		writes++;
		end = i + 1 < d.records.length ? d.offsets[i + 1]! : d.end;
	}
	return {image: {objects: objects.values(), resourceVersion: rv, elapsed: ms, rng}, epoch: head!.epoch ?? 0, name: head!.name ?? 'kubesim', writes, end, snapshotBytes, damage};
}

/** The message a damaged tail gets on stderr: the file, the byte offset, what was kept. */
export function damageReport(path: string, s: SavedState): string | undefined {
	if (!s.damage) return undefined;
	return `${path}: ${s.damage.reason} at byte ${s.damage.offset}; loaded the snapshot and the ${s.writes} record${s.writes === 1 ? '' : 's'} before it (resourceVersion ${s.image.resourceVersion}) and cut the file there`;
}

/** A cluster's writes going to its state file. */
export class StateFile {
	private writer: LogWriter;
	private snapshotBytes = 0;
	private lastMs: number;
	private lastRng = -1;
	private compacting = false;
	private sync = false;
	/** Snapshots written (the first one included). */
	compactions = 0;
	/** Records and fsyncs of the logs before the last compaction. */
	private earlier = {records: 0, syncs: 0};

	private constructor(
		private readonly path: string,
		private readonly cluster: Cluster,
		writer: LogWriter,
		snapshotBytes: number,
		private readonly compactBytes: number,
	) {
		this.writer = writer;
		this.snapshotBytes = snapshotBytes;
		this.lastMs = cluster.elapsed();
		this.writer.afterFlush = () => this.maybeCompact();
	}

	/** Starts a state file for a new cluster: its snapshot now, its writes from now on. */
	static create(path: string, cluster: Cluster, compactBytes = COMPACT_BYTES): StateFile {
		const bytes = writeSnapshot(path, cluster);
		const file = new StateFile(path, cluster, LogWriter.open(path, bytes), bytes, compactBytes);
		file.compactions = 1;
		file.attach();
		return file;
	}

	/** Goes on with the state file a cluster was restored from (a damaged tail is cut off). */
	static resume(path: string, cluster: Cluster, saved: SavedState, compactBytes = COMPACT_BYTES): StateFile {
		const file = new StateFile(path, cluster, LogWriter.open(path, saved.end), saved.snapshotBytes, compactBytes);
		file.attach();
		return file;
	}

	private attach(): void {
		const c = this.cluster;
		c.setJournal(
			(rv, type, obj) => {
				const ms = c.elapsed();
				const rng = c.rngPosition();
				this.lastMs = ms;
				this.lastRng = rng;
				const head = `{"rv":${rv},"ms":${ms},"rng":${rng},`;
				const m = obj.metadata;
				const text =
					type === 'DELETED'
						? `${head}"t":"del","k":${JSON.stringify(obj.kind)},"ns":${JSON.stringify(m.namespace ?? '')},"n":${JSON.stringify(m.name)}}`
						: `${head}"t":"put","o":${JSON.stringify(obj)}}`;
				this.writer.append(Buffer.from(text, 'utf8'));
			},
			this.sync ? () => this.flush() : undefined,
		);
	}

	/**
	 * Each of the cluster's own writes (its public methods: the embedded dashboard's keys) is
	 * flushed before the call returns. Without it, writes wait for the next group commit, and a
	 * caller that answers only once they are durable (the API server) awaits durable().
	 */
	syncEachWrite(): void {
		this.sync = true;
		this.attach();
	}

	/** Resolves once every write so far is on disk. */
	durable(): Promise<void> {
		return this.writer.durable();
	}

	/** Writes and fsyncs every write so far, now. */
	flush(): void {
		this.writer.flush();
	}

	/** Virtual time moved: it is recorded (at most once a virtual second) so a restart resumes there. */
	tick(): void {
		if (this.cluster.elapsed() - this.lastMs >= CLOCK_RECORD_MS) this.recordClock();
	}

	private recordClock(): void {
		const ms = this.cluster.elapsed();
		const rng = this.cluster.rngPosition();
		if (ms === this.lastMs && rng === this.lastRng) return;
		this.lastMs = ms;
		this.lastRng = rng;
		this.writer.append(Buffer.from(`{"t":"clock","ms":${ms},"rng":${rng}}`, 'utf8'));
	}

	/** Figures: the file's size, records appended, fsyncs, snapshots. */
	stats(): {bytes: number; records: number; syncs: number; compactions: number} {
		return {bytes: this.writer.size, records: this.earlier.records + this.writer.appended, syncs: this.earlier.syncs + this.writer.syncs, compactions: this.compactions};
	}

	private maybeCompact(): void {
		if (this.compacting) return;
		const log = this.writer.size - this.snapshotBytes;
		if (log < this.compactBytes || log < this.snapshotBytes) return;
		this.compact();
	}

	/** Replaces the file with a snapshot of the cluster now (everything in the log is in it). */
	compact(): void {
		this.compacting = true;
		try {
			this.writer.flush();
			const bytes = writeSnapshot(this.path, this.cluster);
			const old = this.writer;
			old.afterFlush = undefined;
			old.close();
			this.earlier = {records: this.earlier.records + old.appended, syncs: this.earlier.syncs + old.syncs};
			this.writer = LogWriter.open(this.path, bytes);
			this.writer.afterFlush = () => this.maybeCompact();
			this.snapshotBytes = bytes;
			this.compactions++;
		} finally {
			this.compacting = false;
		}
	}

	/** Records where the clock and the generator stopped, and closes the file. */
	close(): void {
		this.recordClock();
		this.cluster.setJournal(undefined);
		this.writer.close();
	}
}

/** Writes the cluster's snapshot to `path`.tmp, fsyncs it and renames it over `path`; returns its size. */
function writeSnapshot(path: string, cluster: Cluster): number {
	const img = cluster.image();
	const objects = [...img.objects];
	const tmp = `${path}.tmp`;
	const fd = openSync(tmp, 'w');
	let size = 0;
	let chunk: Buffer[] = [];
	let chunkBytes = 0;
	const out = (b: Buffer, force = false) => {
		if (b.length) {
			chunk.push(b);
			chunkBytes += b.length;
		}
		if (chunkBytes >= 1 << 20 || (force && chunkBytes)) {
			const buf = Buffer.concat(chunk, chunkBytes);
			let done = 0;
			while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, size + done);
			size += buf.length;
			chunk = [];
			chunkBytes = 0;
		}
	};
	try {
		out(MAGIC);
		out(frame(Buffer.from(JSON.stringify({t: 'snap', rv: img.resourceVersion, ms: img.elapsed, rng: img.rng, epoch: img.epoch, name: cluster.name, objects: objects.length}), 'utf8')));
		for (const o of objects) out(frame(Buffer.from(`{"t":"obj","o":${JSON.stringify(o)}}`, 'utf8')));
		out(frame(Buffer.from('{"t":"end"}', 'utf8')), true);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	renameSync(tmp, path);
	// the rename itself is durable once the folder is
	const dir = openSync(dirname(path), 'r');
	try {
		fsyncSync(dir);
	} finally {
		closeSync(dir);
	}
	return size;
}
