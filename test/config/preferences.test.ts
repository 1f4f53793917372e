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

describe('the preference file', () => {
	it('lives in $XDG_CONFIG_HOME/kubesim-nodejs/config.json on Linux', () => {
		if (process.platform !== 'linux') return;
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-xdg-'));
		const before = process.env.XDG_CONFIG_HOME;
		process.env.XDG_CONFIG_HOME = dir;
		try {
			const p = openPreferences();
			expect(p.path).toBe(join(dir, 'kubesim-nodejs', 'config.json'));
			p.write({namespace: 'batch'});
			expect(JSON.parse(readFileSync(join(dir, 'kubesim-nodejs', 'config.json'), 'utf8'))).toEqual({namespace: 'batch'});
		} finally {
			if (before === undefined) delete process.env.XDG_CONFIG_HOME;
			else process.env.XDG_CONFIG_HOME = before;
		}
	});

	it('reads a whole file as earlier versions wrote it, and ignores keys it does not know', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-prefs-'));
		const old = {...DEFAULT_PREFERENCES, lastView: 'services', favorites: ['default', 'kube-system'], speed: 5, __internal__: {migrations: {version: '0.1.0'}}};
		writeFileSync(join(dir, 'config.json'), JSON.stringify(old, undefined, '\t'));
		expect(openPreferences(dir).read()).toEqual({...DEFAULT_PREFERENCES, lastView: 'services', favorites: ['default', 'kube-system'], speed: 5});
	});

	it('falls back to the defaults when one value in the file breaks its rule, and a write starts the file again', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kubesim-prefs-'));
		writeFileSync(join(dir, 'config.json'), JSON.stringify({namespace: 'batch', theme: 'pink'}));
		const p = openPreferences(dir);
		expect(p.read()).toEqual(DEFAULT_PREFERENCES);
		p.write({fps: 10});
		expect(JSON.parse(readFileSync(p.path, 'utf8'))).toEqual({fps: 10});
		expect(openPreferences(dir).read()).toEqual({...DEFAULT_PREFERENCES, fps: 10});
	});
});
