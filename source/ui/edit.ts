// `e`: write the object as YAML to a temporary file, open $EDITOR (or $VISUAL, else vi) on it
// with the terminal handed over, then apply what was saved. Nothing changes when the file is
// left as it was or the editor fails.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import YAML from 'yaml';
import type {ClusterClient} from '../client/types.js';
import type {KObject} from '../cluster/types.js';
import {t} from '../i18n/index.js';

/** Fields the server owns: dropped from the editable copy. */
function editable(obj: KObject): KObject {
	const copy = structuredClone(obj);
	delete copy.status;
	delete copy.metadata.managedFields;
	delete copy.metadata.resourceVersion;
	delete copy.metadata.uid;
	delete copy.metadata.creationTimestamp;
	delete copy.metadata.generation;
	if (copy.metadata.annotations) {
		delete copy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
		if (!Object.keys(copy.metadata.annotations).length) delete copy.metadata.annotations;
	}
	return copy;
}

export async function editInEditor(client: ClusterClient, obj: KObject, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const editor = env.KUBE_EDITOR || env.EDITOR || env.VISUAL || 'vi';
	const dir = mkdtempSync(join(tmpdir(), 'kubesim-edit-'));
	const file = join(dir, `${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`);
	const before = YAML.stringify(editable(obj), {lineWidth: 0});
	writeFileSync(file, `${t('prompt.editHeader', {target: `${obj.kind.toLowerCase()}/${obj.metadata.name}`})}\n${before}`);
	const stdin = process.stdin;
	const wasRaw = stdin.isTTY ? stdin.isRaw : false;
	try {
		if (stdin.isTTY) stdin.setRawMode(false);
		const r = spawnSync('sh', ['-c', `${editor} "$1"`, 'editor', file], {stdio: 'inherit'});
		if (r.status !== 0) throw new Error(t('error.editorFailed', {editor, status: String(r.status ?? r.signal)}));
		const after = readFileSync(file, 'utf8').replace(/^#.*\n/, '');
		if (after.trim() === before.trim()) return 'Edit cancelled, no changes made.';
		const results = await client.apply(after, `${obj.kind.toLowerCase()}/${obj.metadata.name}`);
		return results.map(r => r.replace(/ configured$/, ' edited')).join(', ');
	} finally {
		if (stdin.isTTY) stdin.setRawMode(wasRaw);
		rmSync(dir, {recursive: true, force: true});
	}
}
