// The RBAC kinds in the dashboard, from the registry alone: `:clusterrolebindings` lists the
// bootstrap bindings with kubectl's columns, `:rolebindings` a manifest's, and `d` describes one.
import {readFileSync} from 'node:fs';
import {afterEach, expect, it} from 'vitest';
import {KEYS, demoManifests, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

it('lists ClusterRoleBindings and RoleBindings, and describes a Role', async () => {
	const files = ['simple-role', 'simple-rolebinding-with-role'].map(f => ({source: `${f}.yaml`, text: readFileSync(`test/fixtures/website/access/${f}.yaml`, 'utf8')}));
	h = await start({cluster: {manifests: [...demoManifests(), ...files]}});
	await h.type(':clusterrolebindings');
	let f = await h.press(KEYS.enter);
	expect(f).toMatch(/clusterrolebindings\(\)\[4\]/);
	expect(f).toMatch(/NAME↑\s+ROLE\s+AGE/);
	expect(f).toMatch(/cluster-admin\s+ClusterRole\/cluster-admin\s+30s/);
	expect(f).toMatch(/system:public-info-viewer\s+ClusterRole\/system:public-info-viewer\s/);
	await h.type(':rolebindings');
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/rolebindings\(default\)\[1\]/);
	expect(f).toMatch(/read-pods\s+Role\/pod-reader\s/);
	await h.type(':roles');
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/roles\(default\)\[1\]/);
	f = await h.press('d');
	expect(f).toMatch(/PolicyRule:/);
	expect(f).toMatch(/pods\s+\[\]\s+\[\]\s+\[get watch list\]/);
});
