// The texts of the under-the-hood views (simulator only): what runs a container (`r` in a pod's
// containers), a node's image store (`:images`, `i` on a node), its kubelet journal (`l` on a
// node) and the store as etcd holds it (`:etcd`). The headings are the dashboard's (translated);
// what mirrors crictl, journalctl and etcd stays as those tools print it.
import type {ClusterClient, ContainerRuntimeInfo, EtcdEntry, ImageRow} from '../client/types.js';
import {t} from '../i18n/index.js';
import type {UnderView} from './state.js';

/** A blank line that still takes its row (an empty text takes none). */
const BLANK = ' ';

/** How many etcd keys the view shows at most. */
export const ETCD_LIMIT = 300;

/** The lines of an under-the-hood view, computed now. */
export function underLines(client: ClusterClient, v: UnderView): string[] {
	const sim = client.sim;
	if (!sim?.runtime || !sim.nodeImages || !sim.nodeJournal || !sim.etcd) return [t('under.simOnly')];
	switch (v.view) {
		case 'runtime': {
			const info = sim.runtime(v.namespace, v.pod, v.container);
			return info ? runtimeLines(info) : [t('under.runtime.gone', {pod: v.pod, container: v.container})];
		}
		case 'images': {
			const store = sim.nodeImages(v.node);
			return store ? imageLines(v.node, store.images, store.diskBytes) : [t('under.images.noNode', {node: v.node})];
		}
		case 'journal':
			return sim.nodeJournal(v.node) ?? [t('under.journal.none', {node: v.node})];
		case 'etcd':
			return etcdLines(v.prefix, sim.etcd(v.prefix, ETCD_LIMIT + 1));
	}
}

/** A size as crictl prints it (go-units' HumanSize: decimal units, four significant digits). */
export function humanSize(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let v = bytes;
	let i = 0;
	while (v >= 1000 && i < units.length - 1) {
		v /= 1000;
		i++;
	}
	return `${Number(v.toPrecision(4))}${units[i]}`;
}

function short(digest: string, n = 12): string {
	return digest.replace(/^sha256:/, '').slice(0, n);
}

function stamp(ms: number): string {
	return new Date(ms).toISOString();
}

function pad(s: string, n: number): string {
	return s.length >= n ? `${s} ` : s.padEnd(n);
}

export function runtimeLines(info: ContainerRuntimeInfo): string[] {
	const out: string[] = [`pod/${info.pod}:${info.container}  (${info.namespace}, node ${info.node})`, BLANK];
	out.push(`── ${t('under.runtime.chain')}`);
	out.push(`  ${pad('kubelet', 13)}${info.kubeletVersion}`);
	out.push(`  ${pad('CRI', 13)}${info.containerRuntimeVersion}  (unix:///run/containerd/containerd.sock)`);
	out.push(`  ${pad('shim', 13)}${info.info.shim}  (${info.info.runtimeType})`);
	out.push(`  ${pad('OCI runtime', 13)}${info.info.runtime}  (handler ${info.handler})`);
	out.push(`  ${pad('sandbox', 13)}${short(info.sandboxID, 13)}  (${info.sandboxImage})`);
	out.push(`  ${pad('container', 13)}${info.containerID ? short(info.containerID, 13) : t('under.runtime.notCreated')}`);
	if (info.pid !== undefined) out.push(`  ${pad('process', 13)}${t('under.runtime.process', {pid: info.pid})}`);
	out.push(BLANK, `── ${t('under.runtime.states')}`);
	if (!info.states.length) out.push(`  ${t('under.runtime.notCreated')}`);
	for (const s of info.states) out.push(`  ${pad(s.state, 10)}${stamp(s.at)}${s.state === 'stopped' && info.exitCode !== undefined ? `  ${t('under.runtime.exit', {code: info.exitCode})}` : ''}`);
	out.push(BLANK, `── ${t('under.runtime.namespaces')}`);
	if (info.info.isolation === 'gvisor') out.push(`  ${t('under.runtime.gvisor')}`);
	if (info.info.isolation === 'vm') out.push(`  ${t('under.runtime.vm')}`);
	for (const n of info.namespaces) out.push(`  ${pad(n.type, 8)}${pad(`${n.type}:[${n.inode}]`, 20)}${t(n.owner === 'container' ? 'under.runtime.own' : n.owner === 'pod' ? 'under.runtime.pod' : 'under.runtime.host')}`);
	out.push(BLANK, `── ${t('under.runtime.cgroup')}`);
	out.push(`  ${pad('path', 12)}${info.cgroup.path}`);
	out.push(`  ${pad('cpu.max', 12)}${info.cgroup.cpuMax}`);
	out.push(`  ${pad('cpu.weight', 12)}${info.cgroup.cpuWeight}  (${t('under.runtime.weight', {shares: info.cgroup.cpuShares})})`);
	out.push(`  ${pad('memory.max', 12)}${info.cgroup.memoryMax}`);
	const img = info.image;
	if (img) {
		out.push(BLANK, `── ${t('under.runtime.image')}`);
		out.push(`  ${img.image}`);
		out.push(`  ${pad('manifest', 10)}${img.manifestDigest}`);
		out.push(`  ${pad('config', 10)}${img.configDigest}`);
		out.push(`  ${pad('size', 10)}${humanSize(img.size)} (${img.size} bytes)`);
		out.push(`  ${pad('LAYER', 22)}${pad('SIZE', 10)}`);
		for (const l of img.layers) {
			const note = l.alreadyHad ? t('under.runtime.had', {images: l.sharedWith.join(', ')}) : l.sharedWith.length ? t('under.runtime.shared', {images: l.sharedWith.join(', ')}) : t('under.runtime.pulled');
			out.push(`  ${pad(`sha256:${short(l.digest)}`, 22)}${pad(humanSize(l.size), 10)}${note}`);
		}
	}
	return out;
}

/** `crictl images` with the bytes each image shares with others and those only it uses. */
export function imageLines(node: string, rows: ImageRow[], diskBytes: number): string[] {
	if (!rows.length) return [t('under.images.none', {node})];
	const table = [['IMAGE', 'TAG', 'IMAGE ID', 'SIZE', 'SHARED', 'UNIQUE'], ...rows.map(r => [r.repository, r.tag, short(r.configDigest, 13), humanSize(r.size), humanSize(r.shared), humanSize(r.unique)])];
	const widths = table[0]!.map((_, i) => Math.max(...table.map(row => row[i]!.length)));
	const lines = table.map(row => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join(''));
	return [...lines, BLANK, t('under.images.total', {count: rows.length, disk: humanSize(diskBytes)})];
}

/** Keys with their revisions and values, as `etcdctl get --prefix -w fields` would tell them. */
export function etcdLines(prefix: string, entries: EtcdEntry[]): string[] {
	const out = [t('under.etcd.note'), BLANK];
	if (!entries.length) return [...out, t('under.etcd.none', {prefix})];
	for (const e of entries.slice(0, ETCD_LIMIT)) {
		out.push(e.key, `  create_revision=${e.createRevision} mod_revision=${e.modRevision}`);
		if (e.encryptedBy) {
			const text = e.value.toString('latin1');
			const head = /^k8s:enc:[a-z]+:v1:[^:]*:/.exec(text)?.[0] ?? '';
			const rest = e.value.subarray(head.length);
			out.push(`  ${head}${[...rest.subarray(0, 24)].map(b => `\\x${b.toString(16).padStart(2, '0')}`).join('')}…`, `  (${t('under.etcd.encrypted', {provider: e.encryptedBy, bytes: e.value.length})})`);
		} else out.push(`  ${e.value.toString('utf8')}`);
	}
	if (entries.length > ETCD_LIMIT) out.push(BLANK, t('under.etcd.more', {count: ETCD_LIMIT}));
	return out;
}
