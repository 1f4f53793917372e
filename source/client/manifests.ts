// Reads manifest files for the embedded cluster: a file, or every .yaml/.yml/.json in a folder
// (sorted by name, so numbered files apply in order).
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';

export function readManifests(path: string): Array<{source: string; text: string}> {
	const st = statSync(path);
	if (st.isFile()) return [{source: path, text: readFileSync(path, 'utf8')}];
	return readdirSync(path)
		.filter(f => /\.(ya?ml|json)$/i.test(f))
		.sort()
		.map(f => ({source: join(path, f), text: readFileSync(join(path, f), 'utf8')}));
}
