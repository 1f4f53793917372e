// The definitions among a set of manifests, applied before the rest when a cluster starts, so
// that the objects they define can be checked and created with them (an export of a cluster
// with custom resources starts again whole).
import {parseAllDocuments} from 'yaml';

/**
 * The text with only its CustomResourceDefinition documents, the others blanked out so that
 * every line keeps its number (errors name the right line); undefined when it has none.
 */
export function definitionsOnly(text: string): string | undefined {
	let docs;
	try {
		docs = parseAllDocuments(text, {uniqueKeys: false, prettyErrors: false, logLevel: 'silent'});
	} catch {
		return undefined;
	}
	const list = Array.isArray(docs) ? docs : [docs];
	const chars = text.split('');
	let found = false;
	for (const doc of list) {
		let kind: unknown;
		try {
			kind = (doc.toJS() as {kind?: unknown} | null)?.kind;
		} catch {
			kind = undefined;
		}
		if (kind === 'CustomResourceDefinition' && !doc.errors.length) {
			found = true;
			continue;
		}
		const [start, , end] = doc.range;
		for (let i = start; i < end && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' ';
	}
	return found ? chars.join('') : undefined;
}
