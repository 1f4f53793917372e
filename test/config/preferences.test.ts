import {describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {DEFAULT_PREFERENCES, openPreferences} from '../../source/config/preferences.js';

describe('preferences', () => {
	it('starts from the defaults and keeps what is written', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-prefs-'));
		const a = openPreferences(dir);
		expect(a.read()).toEqual(DEFAULT_PREFERENCES);
		a.write({lastView: 'deployments', namespace: 'kube-system', favorites: ['default', 'batch']});
		const b = openPreferences(dir);
		expect(b.read()).toMatchObject({lastView: 'deployments', namespace: 'kube-system', favorites: ['default', 'batch'], fps: 30});
		expect(JSON.parse(readFileSync(b.path, 'utf8')).namespace).toBe('kube-system');
	});

	it('falls back to the defaults when the file is broken or a value is out of range', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-prefs-'));
		writeFileSync(join(dir, 'config.json'), '{ not json');
		expect(openPreferences(dir).read()).toEqual(DEFAULT_PREFERENCES);
		const p = openPreferences(dir);
		p.write({fps: 1000});
		expect(p.read().fps).toBe(1000); // kept in memory for this run, never crashes
		expect(openPreferences(dir).read().fps).toBe(30);
	});
});
