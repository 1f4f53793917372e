// The package's folder, found from a module's URL: the same from source/ and from a bundle in dist/.
import {describe, expect, it} from 'vitest';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {packageRoot} from '../source/paths.js';

describe('packageRoot', () => {
	it('is the checkout for a module under source/', () => {
		expect(packageRoot(pathToFileURL(resolve(import.meta.dirname, '../source/server/protobuf.ts')).href)).toBe(resolve(import.meta.dirname, '..'));
	});

	it('is the nearest folder above with a package.json, however deep the module is', () => {
		const pkg = mkdtempSync(join(tmpdir(), 'kubesim-pkg-'));
		writeFileSync(join(pkg, 'package.json'), '{}');
		mkdirSync(join(pkg, 'dist', 'chunks'), {recursive: true});
		expect(packageRoot(pathToFileURL(join(pkg, 'dist', 'chunks', 'serve-X.js')).href)).toBe(pkg);
		expect(packageRoot(pathToFileURL(join(pkg, 'dist', 'cli.js')).href)).toBe(pkg);
		expect(packageRoot(pathToFileURL(join(pkg, 'cli.js')).href)).toBe(pkg);
	});
});
