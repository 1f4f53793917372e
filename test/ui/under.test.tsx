// Under the hood in the dashboard: r on a container (what runs it), :images and i on a node (its
// image store), l on a node (its kubelet journal), :etcd (the store as etcd holds it).
import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

const web = {source: 'web.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        limits: {cpu: 500m, memory: 256Mi}\n'};
const secret = {source: 'db.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n'};
const encryption = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: ${Buffer.alloc(32, 7).toString('base64')}
      - identity: {}
`;

/** The lines of a frame below the header (5 lines), trailing blanks trimmed, up to the breadcrumbs. */
function body(frame: string): string[] {
	return frame.split('\n').slice(5, -1).map(l => l.trimEnd());
}

async function one(width: number, height: number, manifests = [web], encryptionConfig?: string): Promise<Harness> {
	return start({cluster: {nodes: 1, controlPlane: false, manifests, encryptionConfig}, width, height});
}

describe('r on a container: what runs it', () => {
	it('shows the chain, the OCI states and the namespaces at 100x30, then the cgroup and the layers further down', async () => {
		h = await one(100, 30);
		await h.press(KEYS.enter);
		const f = await h.press('r');
		const info = h.cluster.runtimeInfo('default', 'web')!;
		const at = new Date(info.states[0]!.at).toISOString();
		expect(body(f).slice(0, 20)).toEqual([
			'pod/web:web  (default, node kubesim-worker)',
			'',
			'── What runs it: the kubelet asks the CRI runtime, which starts a shim, which drives the OCI runtime',
			'  kubelet      v1.32.2',
			'  CRI          containerd://1.7.24  (unix:///run/containerd/containerd.sock)',
			'  shim         containerd-shim-runc-v2  (io.containerd.runc.v2)',
			'  OCI runtime  runc 1.2.2  (handler runc)',
			`  sandbox      ${info.sandboxID.slice(0, 13)}  (registry.k8s.io/pause:3.10)`,
			`  container    ${info.containerID!.slice(0, 13)}`,
			`  process      PID ${info.pid} on the host`,
			'',
			'── OCI lifecycle states (simulated clock)',
			`  creating  ${at}`,
			`  created   ${at}`,
			`  running   ${at}`,
			'',
			'── Linux namespaces (inode numbers)',
			`  pid     pid:[${info.namespaces[0]!.inode}]    its own`,
			"  net     net:[4026532160]    the pod's: shared with its sandbox (pause)",
			"  ipc     ipc:[4026532161]    the pod's: shared with its sandbox (pause)",
		]);
		expect(f.trimEnd().split('\n').at(-1)).toBe('pods > containers pod/web > runtime pod/web:web');
		const bottom = body(await h.press('G'));
		expect(bottom).toContain('  cpu.max     50000 100000');
		expect(bottom).toContain('  cpu.weight  20  (from the CPU request: 512 shares)');
		expect(bottom).toContain('  memory.max  268435456');
		// nginx came first: the other images found its base layer on the node
		const base = '  sha256:6eb1061f5392   28.23MB   shared with registry.k8s.io/coredns/coredns:v1.11.3, registry.k8s.io/kube-proxy:v1.32.2';
		expect(bottom.find(l => l.startsWith('  sha256:6eb1061f5392'))).toBe(`${base.slice(0, 99)}»`);
		expect(bottom).toContain('  sha256:7d0ec832687c   41.98MB   pulled for this image');
	});

	it('fits 80x24: the lines are cut at the edge, and it follows the container when it stops', async () => {
		h = await one(80, 24);
		await h.press(KEYS.enter);
		const f = await h.press('r');
		const lines = f.split('\n');
		expect(lines.length).toBe(23);
		expect(lines.every(l => l.length <= 80)).toBe(true);
		expect(lines[7]).toBe('── What runs it: the kubelet asks the CRI runtime, which starts a shim, which d»');
		const before = h.cluster.runtimeInfo('default', 'web')!.containerID!;
		expect(lines.some(l => l.startsWith(`  container    ${before.slice(0, 13)}`))).toBe(true);
		// the container dies and is started again: the view shows the new instance
		h.cluster.crashContainer('default', 'web', 'web', 1);
		const after = body(await h.advance(1000));
		const now = h.cluster.runtimeInfo('default', 'web')!.containerID!;
		expect(now).not.toBe(before);
		expect(after.some(l => l.startsWith(`  container    ${now.slice(0, 13)}`))).toBe(true);
	});
});

describe(':images and i on a node', () => {
	it('lists the node image store as crictl does, with the bytes shared with other images and those its own', async () => {
		h = await one(100, 30);
		await h.type(':images kubesim-worker');
		const f = await h.press(KEYS.enter);
		const id = (repo: string) => h!.cluster.nodeImages('kubesim-worker')!.images.find(i => i.repository === repo)!.configDigest.slice(7, 20);
		expect(body(f).slice(0, 7)).toEqual([
			'IMAGE                             TAG       IMAGE ID        SIZE      SHARED    UNIQUE',
			`docker.io/library/nginx           1.27      ${id('docker.io/library/nginx')}   70.21MB   28.23MB   41.98MB`,
			`registry.k8s.io/coredns/coredns   v1.11.3   ${id('registry.k8s.io/coredns/coredns')}   51.11MB   28.23MB   22.89MB`,
			`registry.k8s.io/kube-proxy        v1.32.2   ${id('registry.k8s.io/kube-proxy')}   51.68MB   28.23MB   23.45MB`,
			`registry.k8s.io/pause             3.10      ${id('registry.k8s.io/pause')}   320.4kB   0B        320.4kB`,
			'',
			'4 images, 116.9MB on disk: each layer once however many images use it',
		]);
		await h.press(KEYS.esc);
		await h.type(':images nowhere');
		expect(body(await h.press(KEYS.enter))[0]).toBe('no node nowhere');
	});

	it('i and l on a node row open its images and its kubelet journal', async () => {
		h = await one(100, 30);
		await h.type(':nodes');
		await h.press(KEYS.enter);
		expect(body(await h.press('i'))[0]).toMatch(/^IMAGE\s+TAG\s+IMAGE ID\s+SIZE\s+SHARED\s+UNIQUE$/);
		await h.press(KEYS.esc);
		const f = await h.press('l');
		// the newest lines, as a log view opens
		const journal = h.cluster.nodeJournal('kubesim-worker')!;
		const cut = (l: string) => (l.length > 100 ? `${l.slice(0, 99)}»` : l);
		const shown = body(f).filter(l => l.startsWith('Jan '));
		expect(shown.length).toBeGreaterThan(10);
		expect(shown).toEqual(journal.slice(-shown.length).map(cut));
		expect(body(await h.press('g'))[0]).toBe('Jan 06 09:00:00 kubesim-worker kubelet[920]: I0106 09:00:00.000000     920 kubelet_node_status.go:7»');
		expect(f.trimEnd().split('\n').at(-1)).toBe('nodes > journal kubesim-worker');
	});
});

describe(':etcd', () => {
	it('lists keys with revisions and values; a Secret under aescbc shows its k8s:enc prefix and opaque bytes', async () => {
		h = await one(100, 30, [web, secret], encryption);
		await h.type(':etcd secrets');
		const f = await h.press(KEYS.enter);
		const [entry] = h.cluster.etcd('/registry/secrets/default/db');
		const lines = body(f);
		expect(lines[0]).toBe("Keys and values as etcd holds them. Values show as JSON; the API server writes protobuf ('k8s' + 0x»");
		expect(lines.slice(2, 6)).toEqual([
			'/registry/secrets/default/db',
			`  create_revision=${entry!.createRevision} mod_revision=${entry!.modRevision}`,
			`  k8s:enc:aescbc:v1:key1:${[...entry!.value.subarray(23, 47)].map(b => `\\x${b.toString(16).padStart(2, '0')}`).join('')}…`.slice(0, 99) + '»',
			`  (encrypted at rest (aescbc): the prefix, then the IV and the ciphertext (${entry!.value.length} bytes))`,
		]);
		await h.press(KEYS.esc);
		await h.type(':etcd /registry/pods/default');
		const pods = body(await h.press(KEYS.enter));
		expect(pods[2]).toBe('/registry/pods/default/web');
		expect(pods[3]).toMatch(/^ {2}create_revision=\d+ mod_revision=\d+$/);
		expect(pods[4]).toMatch(/^ {2}\{"apiVersion":"v1","kind":"Pod","metadata":\{"name":"web","namespace":"default"/);
	});
});
