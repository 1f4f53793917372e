// A ReplicationController in the dashboard: its table, `s` to scale it, `enter` to its pods. The
// kind module declares all of it; nothing in the dashboard names the kind.
import {readFileSync} from 'node:fs';
import {afterEach, expect, it} from 'vitest';
import {KEYS, demoManifests, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

it('lists ReplicationControllers with :rc, scales one with s and drills to its pods', async () => {
	const rc = {source: 'replication.yaml', text: readFileSync('test/fixtures/website/controllers/replication.yaml', 'utf8')};
	h = await start({cluster: {manifests: [...demoManifests(), rc]}});
	await h.type(':rc');
	let f = await h.press(KEYS.enter);
	expect(f).toMatch(/replicationcontrollers\(default\)\[1\]/);
	expect(f).toMatch(/nginx\s+3\s+3\s+3\s/);
	f = await h.press('?');
	expect(f).toMatch(/<s>\s+Scale/);
	await h.press(KEYS.esc);
	f = await h.press('s');
	expect(f).toContain('Scale replicationcontroller nginx to: 3');
	await h.press(KEYS.backspace);
	await h.type('2');
	f = await h.press(KEYS.enter);
	expect(f).toContain('scaled replicationcontroller/nginx to 2');
	await h.advance(20_000);
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/pods\(default\)\[2\]/);
	expect(f.match(/nginx-[a-z0-9]{5}\s+1\/1\s+Running/g)).toHaveLength(2);
});
