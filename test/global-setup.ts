// Before any test file runs: dist/ is rebuilt if a source changed since the last build, since the
// end-to-end tests run the compiled command (`npm start`, `node dist/cli.js`) as a user would.
import {execFileSync} from 'node:child_process';
import {resolve} from 'node:path';

export default function setup(): void {
	const root = resolve(import.meta.dirname, '..');
	execFileSync(process.execPath, [resolve(root, 'scripts/build.js'), '--if-stale'], {cwd: root, stdio: 'inherit'});
}
