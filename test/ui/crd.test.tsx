// Custom resources in the dashboard, as k9s lists them: `:crd` opens the definitions, and once a
// definition is established its plural and short name open its objects with its printer columns.
import {afterEach, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {KEYS, start, type Harness} from './harness.js';
import type {KObject} from '../../source/cluster/index.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
});

it('opens the definitions with :crd and their objects with :crontabs and :ct', async () => {
	h = await start();
	h.cluster.create(parse(readFileSync('test/fixtures/crd/crontab-validation.yaml', 'utf8')) as KObject);
	h.cluster.advance(1000);
	h.cluster.create({apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: {name: 'every-five', namespace: 'default'}, spec: {cronSpec: '*/5 * * * *', replicas: 2}} as KObject);
	h.cluster.advance(1000);
	await h.type(':crd');
	let f = await h.press(KEYS.enter);
	expect(f).toMatch(/customresourcedefinitions\(\)\[1\]/);
	expect(f).toMatch(/crontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT/);
	await h.type(':crontabs');
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/crontabs\(default\)\[1\]/);
	expect(f).toMatch(/NAME↑\s+SPEC\s+REPLICAS\s+AGE/);
	expect(f).toMatch(/every-five\s+\*\/5 \* \* \* \*\s+2\s+\d+s/);
	await h.type(':ct');
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/crontabs\(default\)\[1\]/);
	// enter on a definition opens its objects in every namespace
	await h.type(':crd');
	await h.press(KEYS.enter);
	f = await h.press(KEYS.enter);
	expect(f).toMatch(/crontabs\(all\)\[1\]/);
	expect(f).toMatch(/every-five\s+\*\/5 \* \* \* \*\s+2/);
});
