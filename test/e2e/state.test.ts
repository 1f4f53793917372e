// `kubesim serve --state FILE` as a user runs it (dist/cli.js in a child process): a server
// killed with SIGKILL in the middle of a burst of writes comes back on the same file with every
// write it had answered, at its resourceVersion, and its virtual clock where it was; a file
// whose tail was cut or damaged loads the whole records before the damage and says where it
// was. Without a state file, a restarted server still never hands out a lower resourceVersion.
import {afterAll, describe, expect, it} from 'vitest';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {promisify} from 'node:util';
import {mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {decode} from '../../source/state/wal.js';
import {readState} from '../../source/state/statefile.js';
import {exportText} from '../../source/state/export.js';

const root = resolve(import.meta.dirname, '../..');
const home = mkdtempSync(join(tmpdir(), 'kubesim-state-'));
const env = {...process.env, XDG_CONFIG_HOME: home};
const children: ChildProcess[] = [];

afterAll(() => {
	for (const c of children) c.kill('SIGKILL');
	rmSync(home, {recursive: true, force: true});
});

interface Serving {
	child: ChildProcess;
	url: string;
	stdout: string;
	stderr: string;
}

/** Starts `kubesim serve` with these flags; resolves once it prints where it serves. */
function serve(args: string[]): Promise<Serving> {
	const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--port', '0', '--kubeconfig-out', join(home, 'kubeconfig'), ...args], {cwd: home, env});
	children.push(child);
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	return new Promise((res, rej) => {
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
			const m = /serving the simulated cluster at (http:\/\/\S+)/.exec(stdout);
			if (m && /Ctrl-C stops/.test(stdout)) res({child, url: m[1]!, stdout, stderr});
		});
		child.on('exit', code => rej(new Error(`kubesim serve exited (${code}): ${stdout}${stderr}`)));
	});
}

function killed(s: Serving): Promise<void> {
	return new Promise(res => {
		s.child.once('exit', () => res());
		s.child.kill('SIGKILL');
	});
}

interface Meta {
	name: string;
	resourceVersion: string;
	creationTimestamp: string;
}

async function json<T>(res: Response): Promise<T> {
	return (await res.json()) as T;
}

const configMap = (name: string) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data: {n: name}});
const post = (url: string, name: string) =>
	fetch(`${url}/api/v1/namespaces/default/configmaps`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(configMap(name))});
const get = (url: string, name: string) => fetch(`${url}/api/v1/namespaces/default/configmaps/${name}`);

/** The records of a state file that create one of the burst's ConfigMaps (the patched one left out), with their offsets and names. */
function configMapRecords(file: string): Array<{offset: number; length: number; name: string}> {
	const d = decode(readFileSync(file));
	const out: Array<{offset: number; length: number; name: string}> = [];
	d.records.forEach((r, i) => {
		const rec = JSON.parse(r.toString()) as {t: string; o?: {kind: string; metadata: {name: string}}};
		if (rec.t === 'put' && rec.o?.kind === 'ConfigMap' && rec.o.metadata.name.startsWith('burst-') && rec.o.metadata.name !== 'burst-patched') out.push({offset: d.offsets[i]!, length: r.length + 8, name: rec.o.metadata.name});
	});
	return out;
}

describe('kubesim serve --state', () => {
	const state = join(home, 'cluster.state');
	const acked = new Map<string, Meta>();
	let patchedRv = 0;
	let patches = 0;

	it('killed with SIGKILL mid-burst, it restarts on the same file with every answered write at its resourceVersion', async () => {
		const first = await serve(['--no-manifests', '--speed', '100', '--state', state]);
		expect(first.stdout).toContain(`state: ${state} (new)`);
		const target = await json<Meta & {metadata: Meta}>(await post(first.url, 'burst-patched'));
		acked.set('burst-patched', target.metadata);
		// 8 writers, each creating ConfigMaps (and patching one) one after another; the server is killed once 150 are answered
		let stop = false;
		let answered = 0;
		let kill: Promise<void> | undefined;
		const writer = async (w: number) => {
			for (let i = 0; !stop; i++) {
				const name = `burst-${w}-${i}`;
				try {
					if (i % 5 === 4) {
						const res = await fetch(`${first.url}/api/v1/namespaces/default/configmaps/burst-patched`, {
							method: 'PATCH',
							headers: {'content-type': 'application/merge-patch+json'},
							body: JSON.stringify({data: {[`w${w}-${i}`]: 'x'}}),
						});
						expect(res.status).toBe(200);
						const meta = (await json<{metadata: Meta}>(res)).metadata;
						patchedRv = Math.max(patchedRv, Number(meta.resourceVersion));
						patches++;
						acked.set(`patch w${w}-${i}`, meta);
					} else {
						const res = await post(first.url, name);
						expect(res.status).toBe(201);
						acked.set(name, (await json<{metadata: Meta}>(res)).metadata);
					}
				} catch (e) {
					if (stop) return; // the server is gone: this write was not answered
					throw e;
				}
				if (++answered === 150) {
					stop = true;
					kill = killed(first);
				}
			}
		};
		await Promise.all(Array.from({length: 8}, (_, w) => writer(w)));
		await kill;
		expect(acked.size).toBeGreaterThanOrEqual(151);

		const second = await serve(['--no-manifests', '--state', state]);
		expect(second.stderr).toBe('');
		const resumed = /resumed at resourceVersion (\d+), (\d+)s of simulated time/.exec(second.stdout);
		expect(resumed).not.toBeNull();
		for (const [name, meta] of acked) {
			if (name.startsWith('patch ')) continue;
			const res = await get(second.url, name);
			expect(res.status, name).toBe(200);
			const got = (await json<{metadata: Meta}>(res)).metadata;
			// nothing writes these ConfigMaps but the test: each is at the version its create was answered with
			if (name !== 'burst-patched') expect(got.resourceVersion, name).toBe(meta.resourceVersion);
			expect(got.creationTimestamp).toBe(meta.creationTimestamp);
		}
		const patched = await json<{metadata: Meta; data: Record<string, string>}>(await get(second.url, 'burst-patched'));
		for (const name of acked.keys()) if (name.startsWith('patch ')) expect(patched.data[name.slice(6)], name).toBe('x');
		expect(patches).toBeGreaterThan(0);
		expect(Number(patched.metadata.resourceVersion)).toBeGreaterThanOrEqual(patchedRv);
		const highest = Math.max(...[...acked.values()].map(m => Number(m.resourceVersion)));
		expect(Number(resumed![1])).toBeGreaterThanOrEqual(highest);

		// the virtual clock goes on from where it was: a new object is not older than those saved
		const ns = await json<{metadata: Meta}>(await fetch(`${second.url}/api/v1/namespaces/default`));
		const latest = [...acked.values()].map(m => m.creationTimestamp).sort().at(-1)!;
		expect(latest > ns.metadata.creationTimestamp).toBe(true);
		const after = await json<{metadata: Meta}>(await post(second.url, 'after-restart'));
		expect(after.metadata.creationTimestamp >= latest).toBe(true);
		expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(highest);
		await killed(second);
	});

	it('a file cut in the middle of a record loads the records before it and says where it was cut', async () => {
		const records = configMapRecords(state);
		const victim = records.at(-1)!;
		const before = records.filter(r => r.offset < victim.offset && r.name !== victim.name);
		truncateSync(state, victim.offset + Math.floor(victim.length / 2));
		const s = await serve(['--no-manifests', '--state', state]);
		expect(s.stderr).toMatch(new RegExp(`^kubesim: ${state}: a record is cut short \\(\\d+ of ${victim.length - 8} bytes\\) at byte ${victim.offset}; loaded the snapshot and the \\d+ records before it \\(resourceVersion \\d+\\) and cut the file there\\n$`));
		expect((await get(s.url, victim.name)).status).toBe(404);
		for (const r of before) expect((await get(s.url, r.name)).status, r.name).toBe(200);
		await killed(s);
		// the cut is kept: the next start reads a whole file
		const again = await serve(['--no-manifests', '--state', state]);
		expect(again.stderr).toBe('');
		await killed(again);
	});

	it('a changed byte in a record loses it and every later one, and is reported by its offset', async () => {
		const records = configMapRecords(state);
		const victim = records[Math.floor(records.length / 2)]!;
		const later = records.filter(r => r.offset > victim.offset);
		const earlier = records.filter(r => r.offset < victim.offset);
		expect(later.length).toBeGreaterThan(0);
		const bytes = readFileSync(state);
		bytes[victim.offset + 8 + 20]! ^= 0x20;
		writeFileSync(state, bytes);
		const s = await serve(['--no-manifests', '--state', state]);
		expect(s.stderr).toMatch(new RegExp(`^kubesim: ${state}: a record fails its CRC-32 checksum at byte ${victim.offset}; loaded`));
		expect((await get(s.url, victim.name)).status).toBe(404);
		for (const r of later) expect((await get(s.url, r.name)).status, r.name).toBe(404);
		for (const r of earlier) expect((await get(s.url, r.name)).status, r.name).toBe(200);
		await killed(s);
	});

	it('a damaged snapshot is refused rather than loaded in part', async () => {
		const bytes = readFileSync(state);
		// the snapshot's first object record (right after the 8-byte header and the snapshot's own record)
		const d = decode(bytes);
		const at = d.offsets[1]! + 12;
		bytes[at]! ^= 0x01;
		const broken = join(home, 'broken.state');
		writeFileSync(broken, bytes);
		const err = await serve(['--no-manifests', '--state', broken]).then(
			() => undefined,
			(e: Error) => e.message,
		);
		expect(err).toContain(`kubesim: ${broken}: the snapshot is not whole: object 1 of `);
		expect(err).toContain(`(a record fails its CRC-32 checksum at byte ${d.offsets[1]}): refusing to load part of a cluster`);
	});
});

/** Reads a watch stream's events until `enough` says so (or the stream ends). */
async function watchEvents(url: string, enough: (events: Array<{type: string; object: {metadata?: Meta; code?: number; reason?: string}}>) => boolean) {
	const res = await fetch(url);
	expect(res.status).toBe(200);
	const reader = res.body!.getReader();
	const events: Array<{type: string; object: {metadata?: Meta; code?: number; reason?: string}}> = [];
	let text = '';
	for (;;) {
		if (enough(events)) break;
		const {done, value} = await reader.read();
		if (done) break;
		text += Buffer.from(value).toString();
		let nl;
		while ((nl = text.indexOf('\n')) >= 0) {
			events.push(JSON.parse(text.slice(0, nl)));
			text = text.slice(nl + 1);
		}
	}
	await reader.cancel();
	return events;
}

describe('kubesim serve restarted without a state file', () => {
	it('never hands out a lower resourceVersion; a watch from before the restart is 410 Gone, from the future it waits', async () => {
		const first = await serve(['--no-manifests']);
		const before = await json<{metadata: Meta}>(await post(first.url, 'before-restart'));
		const old = before.metadata.resourceVersion;
		await killed(first);

		const second = await serve(['--no-manifests']);
		const list = await json<{metadata: {resourceVersion: string}}>(await fetch(`${second.url}/api/v1/namespaces/default/configmaps`));
		expect(BigInt(list.metadata.resourceVersion)).toBeGreaterThan(BigInt(old));
		const created = await json<{metadata: Meta}>(await post(second.url, 'after-restart'));
		expect(BigInt(created.metadata.resourceVersion)).toBeGreaterThan(BigInt(old));

		// the version the first server gave is older than anything this one kept: 410 Gone, as after a compaction
		const gone = await watchEvents(`${second.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}`, e => e.length > 0);
		expect(gone[0]!.type).toBe('ERROR');
		expect(gone[0]!.object).toMatchObject({code: 410, reason: 'Expired'});

		// a version not reached yet: the watch waits and sends only the writes after it
		const future = Number(created.metadata.resourceVersion) + 3;
		const names = Array.from({length: 6}, (_, i) => `later-${i}`);
		const watching = watchEvents(`${second.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${future}`, e => e.some(x => x.object.metadata?.name === names.at(-1)));
		const versions = new Map<string, number>();
		for (const n of names) versions.set(n, Number((await json<{metadata: Meta}>(await post(second.url, n))).metadata.resourceVersion));
		const seen = await watching;
		expect(seen.every(e => e.type === 'ADDED' && Number(e.object.metadata!.resourceVersion) > future)).toBe(true);
		expect(seen.map(e => e.object.metadata!.name)).toEqual(names.filter(n => versions.get(n)! > future));
		expect(seen.length).toBeGreaterThan(0);

		// a list from a version far ahead waits 3 s for it, then answers 504 with the ResourceVersionTooLarge cause
		const current = (await json<{metadata: {resourceVersion: string}}>(await fetch(`${second.url}/api/v1/namespaces/default/configmaps`))).metadata.resourceVersion;
		const ahead = String(Number(current) + 1_000_000);
		const tooLarge = await fetch(`${second.url}/api/v1/namespaces/default/configmaps?resourceVersion=${ahead}`);
		expect(tooLarge.status).toBe(504);
		const status = await json<{reason: string; message: string; details: {causes: unknown[]; retryAfterSeconds: number}}>(tooLarge);
		expect(status.reason).toBe('Timeout');
		expect(status.message).toMatch(new RegExp(`^Timeout: Too large resource version: ${ahead}, current: \\d+$`));
		expect(status.details).toEqual({causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}], retryAfterSeconds: 1});

		// one the next write reaches is answered as soon as it is written
		const next = String(Number(current) + 1);
		const waiting = fetch(`${second.url}/api/v1/namespaces/default/configmaps?resourceVersion=${next}`);
		await post(second.url, 'reaches-it');
		const fresh = await waiting;
		expect(fresh.status).toBe(200);
		const freshList = await json<{metadata: {resourceVersion: string}; items: Array<{metadata: Meta}>}>(fresh);
		expect(Number(freshList.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(next));
		await killed(second);
	});
});

describe('kubesim --state (the dashboard)', () => {
	const run = promisify(execFile);
	it('keeps the cluster and its clock between runs, and kubesim export --state gives manifests that make the same cluster', async () => {
		const file = join(home, 'dashboard.state');
		const first = await run(process.execPath, [join(root, 'dist/cli.js'), '--summary', '--warmup', '20', '--state', file], {cwd: home, env});
		expect(first.stdout).toMatch(/^kubesim v1\.32\.2: 4 nodes, 17 pods after 20s of simulated time\n/);
		const saved = readState(file)!;
		expect(saved.image.elapsed).toBe(20_000);
		const rv = saved.image.resourceVersion;
		const second = await run(process.execPath, [join(root, 'dist/cli.js'), '--summary', '--warmup', '5', '--no-manifests', '--nodes', '1', '--state', file], {cwd: home, env});
		// the saved cluster, not the flags' one: its 4 nodes and 17 pods, 5 s further on
		expect(second.stdout).toMatch(/^kubesim v1\.32\.2: 4 nodes, 17 pods after 5s of simulated time\n/);
		expect(second.stderr).toBe('');
		const again = readState(file)!;
		expect(again.image.elapsed).toBe(25_000);
		expect(again.image.resourceVersion).toBeGreaterThan(rv);

		// kubesim export --state writes what the file keeps, as --manifests takes it back
		const exported = await run(process.execPath, [join(root, 'dist/cli.js'), 'export', '--state', file], {cwd: home, env});
		expect(exported.stderr).toBe('');
		expect(exported.stdout).toBe(exportText(again.image.objects));
		expect(exported.stdout.match(/^kind: /gm)).toHaveLength(12);
		const manifests = join(home, 'exported.yaml');
		writeFileSync(manifests, exported.stdout);
		const fromExport = await run(process.execPath, [join(root, 'dist/cli.js'), '--summary', '--warmup', '20', '--manifests', manifests], {cwd: home, env});
		expect(fromExport.stdout).toBe(first.stdout);
	});
});
