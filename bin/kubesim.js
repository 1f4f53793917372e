#!/usr/bin/env node
// The `kubesim` command: the compiled entry point in dist/, which `npm install` builds (the
// `prepare` script; `npm run build` builds it again). `npm run dev` runs the sources through tsx.
import {existsSync} from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
	process.stderr.write('kubesim: dist/cli.js is missing: run `npm run build` (npm install runs it too)\n');
	process.exit(1);
}
await import(entry.href);
