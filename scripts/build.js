#!/usr/bin/env node
// `npm run build`, run by `npm install` and `npm ci` (the `prepare` script): bundles cli.tsx, the
// sources and the packages they import into dist/ with esbuild, so that `npm start`, `npm run
// serve` and bin/kubesim.js start without compiling TypeScript or resolving a thousand files.
// Each mode's code is a chunk loaded when that mode starts (the dashboard, the simulator, the API
// server, the kubeconfig client); @kubernetes/client-node stays in node_modules, loaded only for
// --context and --kubeconfig. Type checking is `tsc --noEmit` (npm test), not part of the build.
// `--if-stale` builds only when a source changed since the last build (the tests and the
// start-up benchmark run it, so that they never run an old dist/).
import {build} from 'esbuild';
import {readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = ['cli.tsx', 'source', 'tsconfig.json', 'package.json', 'package-lock.json', 'scripts/build.js'];
/** Written last, dated when that build started (a source saved during a build makes it stale). */
const STAMP = join(dist, '.built');

/** The newest modification time (ms) under `path`. */
function newest(path) {
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

function stale() {
	let built;
	try {
		built = statSync(STAMP).mtimeMs;
	} catch {
		return true;
	}
	return INPUTS.some(p => newest(join(root, p)) > built);
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0);
const started = new Date();
rmSync(dist, {recursive: true, force: true});
await build({
	absWorkingDir: root,
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// the packages bundled as CommonJS call require(): give each chunk one
	banner: {js: "import {createRequire as __kubesimRequire} from 'node:module'; const require = __kubesimRequire(import.meta.url);"},
	// the Kubernetes client is large and only for a real cluster; Ink loads its devtools only under DEV=true
	external: ['@kubernetes/client-node', 'react-devtools-core'],
	// less to parse at start: React's production build only (cli.tsx sets NODE_ENV=production before
	// React loads anyway), no whitespace; names are kept, so stack traces still name the functions
	define: {'process.env.NODE_ENV': '"production"'},
	logOverride: {'assign-to-define': 'silent'},
	minifyWhitespace: true,
	minifySyntax: true,
	logLevel: 'warning',
});
writeFileSync(STAMP, `${started.toISOString()}\n`);
utimesSync(STAMP, started, started);
