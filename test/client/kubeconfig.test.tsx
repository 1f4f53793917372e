// The dashboard over a kubeconfig: `kubesim serve`'s API server in-process over the demo cluster,
// driven in real time at 20x, and the KubeconfigClient reading it through informers.
import React from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCluster, type Cluster, type Driver} from '../../source/cluster/index.js';
import {realTimeHost} from '../../source/client/host.js';
import {createApiServer, writeKubeconfig, type KubeApiServer} from '../../source/server/index.js';
import {bytes, milliCpu} from '../../source/cluster/core/quantity.js';
import {createKubeconfigClient, kubeconfigContexts, loadKubeConfig, type KubeconfigClient} from '../../source/client/kubeconfig.js';
import type {ClusterClient} from '../../source/client/types.js';
import type {Pod} from '../../source/cluster/types.js';
import {App} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../../source/config/preferences.js';
import {KEYS, demoManifests, drive} from '../ui/harness.js';
import {once, untilSimulated} from '../wait.js';

let cluster: Cluster;
let driver: Driver;
let server: KubeApiServer;
let client: KubeconfigClient;
let dir: string;

/** Waits until `done` holds, checked on every tick of the driver, within `virtualMs` of simulated time (20x real time). */
const until = (what: string, done: () => boolean, virtualMs = 400_000) => untilSimulated(cluster, driver, what, done, virtualMs);

interface Screen {
	frame(): string;
	press(...keys: string[]): Promise<string>;
	type(text: string): Promise<string>;
	/** The first frame that passes `test`, checked on every render, within `virtualMs` of simulated time. */
	waitFor(what: string, test: (frame: string) => boolean, virtualMs?: number): Promise<string>;
	unmount(): void;
}

let screen: Screen | undefined;

async function open(opts: {readonly?: boolean} = {}): Promise<Screen> {
	const prefs = {...DEFAULT_PREFERENCES, fps: 60};
	const keys = await drive(<App client={client} prefs={prefs} readonly={opts.readonly} width={160} height={45} />);
	return {
		...keys,
		waitFor(what, test, virtualMs = 400_000) {
			const end = cluster.elapsed() + virtualMs;
			return keys.waitFor(what, test, {giveUp: () => cluster.elapsed() > end});
		},
	};
}

const RUNNING_WEB = /web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/g;
const runningWeb = (f: string) => f.match(RUNNING_WEB)?.length ?? 0;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'kubesim-kubeconfig-'));
	cluster = createCluster({nodes: 3, seed: 1, manifests: demoManifests(), startTime: Date.now()});
	cluster.advance(30_000);
	driver = cluster.drive(realTimeHost, 20);
	server = createApiServer(cluster);
	await server.listen(0, '127.0.0.1');
	writeKubeconfig(join(dir, 'kubeconfig'), {server: server.url()});
	client = await createKubeconfigClient({kubeconfig: join(dir, 'kubeconfig')});
	await client.synced();
	await until('3 running web pods in the cache', () => (client.list('Pod', {namespace: 'default', labelSelector: 'app=web'}) as Pod[]).filter(p => p.status?.phase === 'Running').length === 3);
});

afterEach(() => {
	screen?.unmount();
	screen = undefined;
});

afterAll(async () => {
	client?.close();
	driver?.stop();
	await server?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

describe('KubeconfigClient', () => {
	it('reports the context and the server version, with no simulator controls', () => {
		const info = client.info();
		expect(info).toMatchObject({name: 'kubesim', kind: 'context', version: cluster.version, server: server.url()});
		expect((client as ClusterClient).sim).toBeUndefined();
		expect(client.namespaces()).toContain('kube-system');
	});

	it('filters the cache by namespace, labels and fields, and describes from it', async () => {
		const web = client.list('Pod', {namespace: 'default', labelSelector: 'app in (web)'}) as Pod[];
		expect(web.length).toBe(3);
		const node = web[0]!.spec.nodeName;
		expect((client.list('Pod', {fieldSelector: `spec.nodeName=${node}`}) as Pod[]).every(p => p.spec.nodeName === node)).toBe(true);
		const others = client.list('Pod', {namespace: 'default', labelSelector: 'app!=web'});
		expect([...new Set(others.map(p => p.metadata.labels?.app))].sort()).toEqual(['api', 'redis']);
		expect(client.get('Pod', 'default', web[0]!.metadata.name)?.metadata.uid).toBe(web[0]!.metadata.uid);
		await until('events of the pod', () => client.eventsFor(web[0]!).length > 0);
		const text = client.describe(web[0]!);
		expect(text).toMatch(new RegExp(`^Name:\\s+${web[0]!.metadata.name}`, 'm'));
		expect(text).toMatch(/Normal\s+Scheduled/);
	});

	it('tells a table what changed since a revision: the watched writes by name, or undefined past a list', async () => {
		client.list('ConfigMap');
		await until('config maps listed', () => client.changesSince!('ConfigMap', client.revision('ConfigMap')) !== undefined);
		const before = client.revision('ConfigMap');
		expect(client.changesSince!('ConfigMap', before)).toEqual({changed: [], removed: []});
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'told', namespace: 'default'}, data: {a: '1'}});
		await until('the new config map in the cache', () => client.get('ConfigMap', 'default', 'told') !== undefined);
		const added = client.changesSince!('ConfigMap', before)!;
		expect(added.changed.map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['default/told']);
		expect(added.changed[0]).toBe(client.list('ConfigMap', {namespace: 'default', rows: true}).find(o => o.metadata.name === 'told'));
		expect(added.removed).toEqual([]);
		cluster.delete('ConfigMap', 'default', 'told');
		await until('the config map gone from the cache', () => client.get('ConfigMap', 'default', 'told') === undefined);
		expect(client.changesSince!('ConfigMap', before)).toEqual({changed: [], removed: ['default/told']});
		// a revision the client never gave, or from before its first list, is not known
		expect(client.changesSince!('ConfigMap', client.revision('ConfigMap') + 1)).toBeUndefined();
		expect(client.changesSince!('ConfigMap', 0)).toBeUndefined();
	});

	it('fails like kubectl', async () => {
		await expect(client.delete('Pod', 'default', 'nope')).rejects.toThrow('Error from server (NotFound): pods "nope" not found');
		await expect(client.rollback('default', 'redis', 7)).rejects.toThrow(/unable to find specified revision 7 in history|no rollout history/);
	});

	it('applies YAML: created, then configured', async () => {
		const doc = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kc-test\n  namespace: default\ndata:\n  a: "${v}"\n`;
		expect(await client.apply(doc('1'))).toEqual(['configmap/kc-test created']);
		expect(await client.apply(doc('2'))).toEqual(['configmap/kc-test configured']);
		expect(cluster.get('ConfigMap', 'default', 'kc-test').data).toEqual({a: '2'});
	});

	it('sets an image, lists the history, rolls back and restarts like kubectl', async () => {
		const image = () => cluster.get('Deployment', 'default', 'api').spec.template.spec.containers[0].image as string;
		const before = image();
		const container = cluster.get('Deployment', 'default', 'api').spec.template.spec.containers[0].name as string;
		expect(await client.setImage('Deployment', 'default', 'api', container, 'example/api:next')).toBe('deployment.apps/api image updated');
		expect(image()).toBe('example/api:next');
		const history = await client.history('default', 'api');
		expect(history.map(h => h.revision)).toEqual([1, 2]);
		expect(await client.rollback('default', 'api', 2)).toBe('deployment.apps/api skipped rollback (current template already matches revision 2)');
		expect(await client.rollback('default', 'api')).toBe('deployment.apps/api rolled back');
		expect(image()).toBe(before);
		expect(await client.restart('Deployment', 'default', 'api')).toBe('deployment.apps/api restarted');
		expect(cluster.get('Deployment', 'default', 'api').spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
	});

	it('cordons and drains a node by eviction, leaving DaemonSet pods', async () => {
		expect(await client.cordon('kubesim-worker3', true)).toBe('node/kubesim-worker3 cordoned');
		expect(cluster.get('Node', undefined, 'kubesim-worker3').spec?.unschedulable).toBe(true);
		expect(await client.drain('kubesim-worker3')).toMatch(/^node\/kubesim-worker3 drained \(\d+ pods? evicted\)$/);
		await until('the node emptied of evicted pods', () =>
			cluster.list('Pod', {fieldSelector: 'spec.nodeName=kubesim-worker3'}).every(p => p.metadata.ownerReferences?.some(o => o.kind === 'DaemonSet') || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'),
		);
		expect(await client.cordon('kubesim-worker3', false)).toBe('node/kubesim-worker3 uncordoned');
		expect(cluster.get('Node', undefined, 'kubesim-worker3').spec!.unschedulable).toBeFalsy();
	});

	it('labels an object and taints a node with the same verbs, over HTTP', async () => {
		expect(await client.label('Deployment', 'default', 'web', 'team=shop')).toBe('deployment.apps/web labeled');
		expect(cluster.get('Deployment', 'default', 'web').metadata.labels?.team).toBe('shop');
		expect(await client.label('Deployment', 'default', 'web', 'team-')).toBe('deployment.apps/web unlabeled');
		expect(cluster.get('Deployment', 'default', 'web').metadata.labels?.team).toBeUndefined();
		expect(await client.taint('kubesim-worker2', 'dedicated=gpu:PreferNoSchedule')).toBe('node/kubesim-worker2 tainted');
		expect(cluster.get('Node', undefined, 'kubesim-worker2').spec?.taints).toEqual([{key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule'}]);
		expect(await client.taint('kubesim-worker2', 'dedicated-')).toBe('node/kubesim-worker2 untainted');
		expect(cluster.get('Node', undefined, 'kubesim-worker2').spec?.taints).toBeUndefined();
	});

	it('reads logs once, and metrics', async () => {
		const pod = (client.list('Pod', {namespace: 'default', labelSelector: 'app=web'}) as Pod[]).find(p => p.status?.phase === 'Running')!;
		const lines: string[] = [];
		await client.logs('default', pod.metadata.name, {tailLines: 5, timestamps: true}, l => lines.push(l));
		expect(lines.length).toBe(5);
		expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ /);
		await expect(client.logs('default', 'nope', {}, () => {})).rejects.toThrow(/^Error from server \(NotFound\): pods "nope" not found/);
		await until('node metrics', () => client.usage('Node', undefined, 'kubesim-worker') !== undefined, 200_000);
		// real-time: the sample depends on when the poll ran, so only its presence and sign are certain
		expect(client.usage('Node', undefined, 'kubesim-worker')!.cpuMilli).toBeGreaterThan(0);
	});

	it('parses metrics quantities and lists contexts', () => {
		expect(milliCpu('250m')).toBe(250);
		expect(milliCpu('1500000n')).toBe(2);
		expect(milliCpu('2')).toBe(2000);
		expect(bytes('128Mi')).toBe(128 * 2 ** 20);
		expect(bytes('1G')).toBe(1e9);
		const kc = loadKubeConfig({kubeconfig: join(dir, 'kubeconfig')});
		let switched = '';
		const ctx = kubeconfigContexts(kc, n => {
			switched = n;
		});
		expect(ctx.list()).toEqual(['kubesim']);
		expect(ctx.current()).toBe('kubesim');
		ctx.switchTo('kubesim');
		expect(switched).toBe('kubesim');
		expect(() => ctx.switchTo('nope')).toThrow('context "nope" does not exist');
	});

	it('rejects a missing kubeconfig, a missing context and an unreachable server', async () => {
		await expect(createKubeconfigClient({kubeconfig: join(dir, 'missing')})).rejects.toThrow(/cannot read kubeconfig/);
		await expect(createKubeconfigClient({kubeconfig: join(dir, 'kubeconfig'), context: 'nope'})).rejects.toThrow('context "nope" does not exist');
		const dead = join(dir, 'dead');
		writeKubeconfig(dead, {server: 'http://127.0.0.1:1'});
		await expect(createKubeconfigClient({kubeconfig: dead})).rejects.toThrow(/cannot reach the cluster of context "kubesim"/);
		writeFileSync(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
		await expect(createKubeconfigClient({kubeconfig: join(dir, 'empty')})).rejects.toThrow(/no current context/);
	});
});

describe('the dashboard over a kubeconfig', () => {
	it('opens on the running web pods, with the context in the header', async () => {
		screen = await open();
		const f = await screen.waitFor('3 running web pods', f => runningWeb(f) === 3);
		expect(f).toMatch(/pods\(default\)\[\d+\]/);
		expect(f).toContain('kubesim');
		expect(f).toContain(cluster.version);
	});

	it(':svc shows the services', async () => {
		screen = await open();
		await screen.type(':svc');
		await screen.press(KEYS.enter);
		const f = await screen.waitFor('the web service', f => /web\s+LoadBalancer\s+10\.\d+\.\d+\.\d+/.test(f));
		expect(f).toMatch(/services\(default\)/);
	});

	it('scales a deployment to 5 and shows 5 running pods', async () => {
		screen = await open();
		await screen.type(':deploy');
		await screen.press(KEYS.enter);
		await screen.waitFor('the web deployment', f => /web\s+3\/3/.test(f));
		await screen.type('/web');
		await screen.press(KEYS.enter);
		let f = await screen.press('s');
		expect(f).toContain('Scale deployment web to: 3');
		await screen.press(KEYS.backspace);
		await screen.type('5');
		await screen.press(KEYS.enter);
		await screen.waitFor('the scaled flash', f => f.includes('scaled deployment/web to 5'), 100_000);
		await screen.waitFor('web 5/5', f => /web\s+5\/5/.test(f));
		f = await screen.press(KEYS.enter);
		f = await screen.waitFor('5 running web pods', f => runningWeb(f) === 5);
		expect(f).toMatch(/pods\(default\)\[5\]/);
	});

	it('deletes a pod with ctrl-d and shows its replacement', async () => {
		screen = await open();
		await screen.waitFor('the redis pod', f => /redis-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/.test(f));
		await screen.type('/redis');
		let f = await screen.press(KEYS.enter);
		const name = /redis-[a-z0-9]+-[a-z0-9]{5}/.exec(f)![0];
		f = await screen.press(KEYS.ctrlD);
		expect(f).toContain(`Delete pod ${name}?`);
		await screen.press(KEYS.enter);
		await screen.waitFor('the deleted flash', f => f.includes(`pod "${name}" deleted`), 100_000);
		f = await screen.waitFor('a new running redis pod', f => {
			const table = f.split('\n').slice(6, -2).join('\n');
			return !table.includes(name) && /redis-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/.test(table);
		});
		expect(cluster.find('Pod', 'default', name)).toBeUndefined();
	});

	it('l shows the access log of a web pod', async () => {
		screen = await open();
		await screen.waitFor('web pods', f => runningWeb(f) > 0);
		await screen.type('/web');
		await screen.press(KEYS.enter);
		await screen.press('l');
		const f = await screen.waitFor('access-log lines', f => /"GET \/\S* HTTP\/1\.1"/.test(f));
		expect(f).toMatch(/Logs pod\/web-/);
	});

	it('sets an image with i, then u restores the previous one', async () => {
		screen = await open();
		await screen.type(':deploy');
		await screen.press(KEYS.enter);
		await screen.waitFor('the web deployment', f => /web\s+\d\/\d/.test(f));
		await screen.type('/web');
		await screen.press(KEYS.enter);
		const image = () => cluster.get('Deployment', 'default', 'web').spec.template.spec.containers[0].image as string;
		const before = image();
		let f = await screen.press('i');
		expect(f).toContain(`Image for container web: ${before}`);
		for (let i = 0; i < before.length; i++) await screen.press(KEYS.backspace);
		await screen.type('nginx:1.28');
		await screen.press(KEYS.enter);
		await screen.waitFor('the image flash', f => f.includes('container web image set to nginx:1.28'), 100_000);
		expect(image()).toBe('nginx:1.28');
		const revision = () => Number(cluster.get('Deployment', 'default', 'web').metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
		await until('the new revision', () => revision() === 2);
		f = await screen.press('u');
		expect(f).toContain('Undo deployment web to its previous revision?');
		await screen.press(KEYS.enter);
		await screen.waitFor('the rollback flash', f => f.includes('deployment.apps/web rolled back'), 100_000);
		expect(image()).toBe(before);
	});

	it('/ filters rows, ! inverts, esc clears', async () => {
		screen = await open();
		await screen.waitFor('web pods', f => runningWeb(f) > 0);
		let f = await screen.type('/redis');
		expect(f).toMatch(/pods\(default\) \/redis\[1\]/);
		await screen.press(KEYS.enter);
		f = await screen.press(KEYS.esc);
		expect(f).not.toContain('/redis[');
		await screen.type('/!web');
		f = await screen.press(KEYS.enter);
		expect(f).not.toMatch(/web-[a-z0-9]+-[a-z0-9]{5}/);
		expect(f).toMatch(/api-[a-z0-9]+-[a-z0-9]{5}/);
	});

	it('d describes and y shows YAML; esc goes back', async () => {
		screen = await open();
		await screen.waitFor('the redis pod', f => /redis-[a-z0-9]+-[a-z0-9]{5}/.test(f));
		await screen.type('/redis');
		await screen.press(KEYS.enter);
		let f = await screen.press('d');
		expect(f).toMatch(/Name:\s+redis-/);
		expect(f).toMatch(/Controlled By:\s+ReplicaSet\/redis-/);
		await screen.press(KEYS.esc);
		f = await screen.press('y');
		expect(f).toContain('kind: Pod');
		f = await screen.press(KEYS.esc);
		expect(f).toMatch(/pods\(default\)/);
	});

	it('read-only hides and ignores the mutating keys', async () => {
		screen = await open({readonly: true});
		await screen.type(':deploy');
		let f = await screen.press(KEYS.enter);
		expect(f).not.toContain('<s>');
		expect(f).toContain('read-only');
		f = await screen.press('s');
		expect(f).not.toContain('Scale deployment');
	});

	it('? lists the keys without the simulator ones', async () => {
		screen = await open();
		const f = await screen.press('?');
		expect(f).toContain('Help');
		expect(f).toContain('<ctrl-d>');
		expect(f).not.toContain('Crash a container');
		expect(f).not.toContain('(simulator)');
	});
});

describe('informers', () => {
	it('reconnect after the server goes away and comes back', async () => {
		const port = Number(new URL(server.url()).port);
		await server.close();
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'while-away', namespace: 'default'}, data: {}});
		// while the server is away, something on its port drops every connection: wait for the
		// client's first attempt to reconnect to fail there, then bring the server back
		const standIn = createServer(socket => socket.destroy());
		standIn.listen(port, '127.0.0.1');
		await once(standIn, 'listening');
		await once(standIn, 'connection');
		await new Promise<void>(resolve => standIn.close(() => resolve()));
		server = createApiServer(cluster);
		await server.listen(port, '127.0.0.1');
		await until('the configmap made while away', () => client.get('ConfigMap', 'default', 'while-away') !== undefined);
		cluster.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'after', namespace: 'default'}, data: {}});
		await until('the configmap made after', () => client.get('ConfigMap', 'default', 'after') !== undefined);
		const before = client.revision('Pod');
		await until('pod events flowing again', () => client.revision('Pod') > before);
	});
});
