// The course: every lesson file of a folder (lessons/ by default), in their order, and the
// progress through them as the preferences keep it (`id=steps done`).
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {parseLesson, type Lesson} from './lesson.js';

/** The lessons of a folder by their order; a file that does not parse is refused with the others' problems. */
export function loadCourse(dir: string): Lesson[] {
	const files = readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort();
	const lessons: Lesson[] = [];
	const problems: string[] = [];
	for (const f of files) {
		try {
			lessons.push(parseLesson(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
		} catch (e) {
			problems.push((e as Error).message);
		}
	}
	const ids = new Map<string, string>();
	for (const l of lessons) {
		const other = ids.get(l.id);
		if (other) problems.push(`${l.source}: id: "${l.id}" is the id of ${other} too`);
		ids.set(l.id, l.source);
	}
	if (problems.length) throw new Error(problems.join('\n'));
	return lessons.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** Steps done per lesson, from the preference's `id=N` entries (what does not parse is left out). */
export function readProgress(entries: readonly string[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const e of entries) {
		const m = /^([a-z0-9][a-z0-9-]*)=(\d+)$/.exec(e);
		if (m) out.set(m[1]!, Number(m[2]));
	}
	return out;
}

/** The preference's entries for a progress, by lesson id. */
export function writeProgress(progress: ReadonlyMap<string, number>): string[] {
	return [...progress.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id}=${n}`);
}
