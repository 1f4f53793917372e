// The drills: every file of a folder (drills/ by default) by id, or one file a learner wrote.
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {DrillError, parseDrill, type Drill} from './drill.js';

/** The drills of a folder by id; the problems of every file that does not parse, at once. */
export function loadDrills(dir: string): Drill[] {
	const files = readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort();
	const drills: Drill[] = [];
	const problems: string[] = [];
	for (const f of files) {
		try {
			drills.push(parseDrill(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
		} catch (e) {
			problems.push((e as Error).message);
		}
	}
	const ids = new Map<string, string>();
	for (const d of drills) {
		const other = ids.get(d.id);
		if (other) problems.push(`${d.source}: id: "${d.id}" is the id of ${other} too`);
		ids.set(d.id, d.source);
	}
	if (problems.length) throw new DrillError(problems.join('\n'));
	return drills.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A drill file named on the command line (a path: it has a slash or ends in .yaml). */
export function isDrillPath(name: string): boolean {
	return name.includes('/') || /\.ya?ml$/.test(name);
}

export function loadDrillFile(path: string): Drill {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		throw new DrillError(`cannot read the drill file ${path}: ${(e as Error).message}`);
	}
	return parseDrill(text, path);
}
