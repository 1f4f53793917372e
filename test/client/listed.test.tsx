// The kubeconfig client on a big kind: lists in pages, shows the first page at once, holds a kind
// over the threshold as the server's Table rows (metadata only), watches them as Table rows,
// and fetches the whole object only for the row a screen needs. The threshold and the page size
// are made small so that the demo cluster's pods are "many".
import React from 'react';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KubeconfigClient, loadKubeConfig} from '../../source/client/kubeconfig.js';
import {isListed, listedCells} from '../../source/client/listed.js';
import type {Pod} from '../../source/cluster/types.js';
import {App} from '../../source/ui/app.js';
import {DEFAULT_PREFERENCES} from '../../source/config/preferences.js';
import {drive, KEYS} from '../ui/harness.js';
import {serveDemo, type Served} from '../served.js';
import {Signal, waitFor} from '../wait.js';

let s: Served;
let client: KubeconfigClient;
const requests: Array<{path: string; accept?: string}> = [];
const changes = new Signal();
let threshold = 0;

/** Waits until `done` holds, checked after every change the client reports. */
const until = (what: string, done: () => boolean) => waitFor(what, done, changes, {tries: 2000});

beforeAll(async () => {
	s = await serveDemo({seed: 7});
	// more pods than the threshold; fewer namespaces, nodes and everything else
	threshold = s.cluster.count('Pod') - 1;
	client = new KubeconfigClient(loadKubeConfig({kubeconfig: s.kubeconfig}), {metrics: false, pageSize: 4, tableThreshold: threshold});
	const requestJson = client.requestJson.bind(client);
	client.requestJson = (method, path, body, contentType, accept) => {
		requests.push({path, accept});
		return requestJson(method, path, body, contentType, accept);
	};
	const stream = client.stream.bind(client);
	client.stream = (path, accept) => {
		requests.push({path, accept});
		return stream(path, accept);
	};
	client.subscribe(changes.fire);
	await client.start();
	await client.synced();
});

afterAll(async () => {
	client.close();
	await s.close();
});

const podLists = () => requests.filter(r => r.path.startsWith('/api/v1/pods?') && !r.path.includes('watch=true'));

describe('a kind over the threshold', () => {
	it('is listed in pages of Table rows with object metadata from the first, then watched as Table rows', () => {
		const pods = s.cluster.count('Pod');
		expect(s.cluster.count('Namespace')).toBeLessThanOrEqual(threshold);
		const lists = podLists();
		// the first page, as Table rows: its remaining count says the kind is big, so the list goes on with them
		expect(lists[0]).toEqual({path: '/api/v1/pods?limit=4&includeObject=Metadata', accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'});
		const table = lists;
		expect(table.length).toBe(Math.ceil(pods / 4));
		for (const r of table) {
			expect(r.accept).toBe('application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
			expect(r.path).toContain('includeObject=Metadata');
		}
		expect(table.slice(1).every(r => r.path.includes('continue='))).toBe(true);
		const watch = requests.find(r => r.path.startsWith('/api/v1/pods?') && r.path.includes('watch=true'));
		expect(watch?.accept).toBe('application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
		// a small kind's first page of Table rows says it is small: it is listed again whole, in pages too
		const namespaces = requests.filter(r => r.path.startsWith('/api/v1/namespaces?') && !r.path.includes('watch'));
		expect(namespaces[0]!.accept).toBe('application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
		const whole = namespaces.slice(1);
		expect(whole.map(r => r.accept)).toEqual(whole.map(() => undefined));
		expect(whole.length).toBe(Math.ceil(s.cluster.count('Namespace') / 4));
	});

	it('holds metadata and the server\'s cells only', () => {
		const listed = client.list('Pod', {rows: true});
		expect(listed.map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual(s.cluster.list('Pod').map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort());
		for (const p of listed) {
			expect(isListed(p)).toBe(true);
			expect(Object.keys(p).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
		}
		const web = listed.find(p => p.metadata.labels?.app === 'web')!;
		const whole = s.cluster.get('Pod', web.metadata.namespace, web.metadata.name);
		const cells = listedCells(web)!;
		expect(cells[0]).toBe(web.metadata.name);
		expect(cells[2]).toBe('Running');
		expect(cells[6]).toBe(whole.spec.nodeName);
		// a caller that reads specs and statuses gets no stand-ins
		expect(client.list('Pod')).toEqual([]);
		// a small kind holds whole objects
		expect(isListed(client.list('Namespace')[0]!)).toBe(false);
	});

	it('fetches the whole object of a row when it is asked for, once per version', async () => {
		const web = client.list('Pod', {rows: true}).find(p => p.metadata.labels?.app === 'web')!;
		const before = requests.length;
		expect(client.get('Pod', web.metadata.namespace, web.metadata.name)).toBeUndefined();
		const pod = await waitFor('the whole pod', () => client.get<'Pod'>('Pod', web.metadata.namespace, web.metadata.name), changes, {tries: 200});
		expect(pod.spec.containers.map(c => c.name)).toEqual(s.cluster.get('Pod', web.metadata.namespace, web.metadata.name).spec.containers.map(c => c.name));
		expect(pod.metadata.resourceVersion).toBe(web.metadata.resourceVersion);
		client.get('Pod', web.metadata.namespace, web.metadata.name);
		expect(requests.slice(before).map(r => r.path)).toEqual([`/api/v1/namespaces/${web.metadata.namespace}/pods/${web.metadata.name}`]);
	});

	it('follows the watch: a new pod shows as a row and its cells change as it starts', async () => {
		s.cluster.create({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'extra', namespace: 'default', labels: {app: 'extra'}}, spec: {containers: [{name: 'c', image: 'nginx:1.27'}]}} as unknown as Pod);
		await until('the new pod listed', () => client.list('Pod', {rows: true}).some(p => p.metadata.name === 'extra'));
		const row = () => client.list('Pod', {rows: true}).find(p => p.metadata.name === 'extra')!;
		expect(isListed(row())).toBe(true);
		s.cluster.advance(60_000);
		await until('the new pod Running', () => listedCells(row())?.[2] === 'Running');
		expect(listedCells(row())![1]).toBe('1/1');
		s.cluster.delete('Pod', 'default', 'extra', {gracePeriodSeconds: 0});
		s.cluster.advance(5_000);
		await until('the pod gone', () => !client.list('Pod', {rows: true}).some(p => p.metadata.name === 'extra'));
	});

	it('the dashboard shows the rows, and describe on the selected one reads the whole pod', async () => {
		const keys = await drive(<App client={client} prefs={{...DEFAULT_PREFERENCES, namespace: 'default', fps: 60}} width={160} height={40} />);
		try {
			const frame = await keys.waitFor('the web pods', f => /web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/.test(f), {tries: 30});
			expect(frame).toContain(`pods(default)[${s.cluster.list('Pod', {namespace: 'default'}).length}]`);
			await keys.press('/');
			await keys.type('web');
			await keys.press(KEYS.enter);
			await keys.waitFor('the selected pod fetched', () => {
				const first = client.list('Pod', {namespace: 'default', rows: true}).find(p => p.metadata.labels?.app === 'web')!;
				return client.get('Pod', 'default', first.metadata.name) !== undefined;
			});
			await keys.press('d');
			const described = await keys.waitFor('describe of a web pod', f => /Containers:/.test(f) && /Image:\s+\S+/.test(f));
			expect(described).toMatch(/Name:\s+web-/);
		} finally {
			keys.unmount();
		}
	});

	it('the side pane names the newly selected row while its whole object is on its way', async () => {
		// the whole pods are held back until the test lets them go
		let release!: () => void;
		const held = new Promise<void>(res => (release = res));
		const requestJson = client.requestJson;
		client.requestJson = async (method, path, body, contentType, accept) => {
			if (/^\/api\/v1\/namespaces\/default\/pods\/[^/?]+$/.test(path)) await held;
			return requestJson(method, path, body, contentType, accept);
		};
		const keys = await drive(<App client={client} prefs={{...DEFAULT_PREFERENCES, namespace: 'default', fps: 60}} width={160} height={40} />);
		try {
			await keys.waitFor('the web pods', f => /web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/.test(f), {tries: 30});
			const names = client.list('Pod', {namespace: 'default', rows: true}).map(p => p.metadata.name).sort();
			const frame = await keys.press('j');
			expect(frame).toContain(`Logs of pod/${names[1]} (tail)`);
			expect(frame).not.toMatch(/^.*Events\s*$/m);
			release();
		} finally {
			client.requestJson = requestJson;
			release();
			keys.unmount();
		}
	});
});
