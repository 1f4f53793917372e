// Files kubesim reads at run time (the demo manifests, the protobuf schemas) are found from the
// package's folder, the nearest one above a module that holds package.json: the same folder
// whether the module runs from source/ (tsx, the tests) or bundled into dist/ (npm run build).
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The package's folder, found from a module's `import.meta.url`. */
export function packageRoot(moduleUrl: string): string {
	const start = dirname(fileURLToPath(moduleUrl));
	for (let dir = start; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) return start;
	}
}
