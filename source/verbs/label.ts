// `kubectl label` and `kubectl taint`, from the words a user types (`tier=web env-`,
// `dedicated=gpu:NoSchedule`, `dedicated:NoSchedule-`, `--overwrite`): parsed and checked as
// kubectl checks them before it sends anything, then sent as a merge patch. Label keys are left
// to the server's validation, as kubectl leaves them.
import type {KObject, Node, Taint} from '../cluster/types.js';
import {isQualifiedName, isValidLabelValue} from '../kinds/shared/formats.js';
import {TAINT_EFFECTS} from '../kinds/shared/scheduling.js';
import {kindLabel, mustKind, VerbError, type VerbBackend} from './backend.js';

/** The words of a prompt, and whether `--overwrite` was among them; any other flag is refused. */
function words(text: string): {args: string[]; overwrite: boolean} {
	const args: string[] = [];
	let overwrite = false;
	for (const w of text.trim().split(/\s+/).filter(Boolean)) {
		if (w === '--overwrite' || w === '--overwrite=true') overwrite = true;
		else if (w === '--overwrite=false') overwrite = false;
		else if (w.startsWith('--')) throw new VerbError(`error: unknown flag: ${w.replace(/=.*$/, '')}`);
		else args.push(w);
	}
	return {args, overwrite};
}

export interface LabelChanges {
	/** Labels to set, in the order given (a key given twice takes the last value). */
	set: Record<string, string>;
	remove: string[];
	overwrite: boolean;
}

/** `key=value` sets, `key-` removes; a value kubectl would refuse, or nothing to do, is a VerbError. */
export function parseLabels(text: string): LabelChanges {
	const {args, overwrite} = words(text);
	const set: Record<string, string> = {};
	const remove: string[] = [];
	for (const a of args) {
		if (a.includes('=')) {
			const parts = a.split('=');
			if (parts.length !== 2) throw new VerbError(`error: invalid label spec: ${a}`);
			const errs = isValidLabelValue(parts[1]!);
			if (errs.length) throw new VerbError(`error: invalid label value: "${a}": ${errs.join('; ')}`);
			set[parts[0]!] = parts[1]!;
		} else if (a.endsWith('-') && a.length > 1) remove.push(a.slice(0, -1));
		else throw new VerbError(`error: invalid label spec: ${a} (key=value sets a label, key- removes it)`);
	}
	if (!Object.keys(set).length && !remove.length) throw new VerbError('error: at least one label update is required');
	if (remove.some(k => k in set)) throw new VerbError('error: can not both modify and remove a label in the same command');
	return {set, remove, overwrite};
}

/**
 * The patch of an object's labels and what kubectl prints for it (`labeled`, `unlabeled`,
 * `not labeled`, after a note for each label to remove that is not there); undefined patch when
 * nothing changes. A label that already has another value needs --overwrite.
 */
export function labelChange(obj: KObject, changes: LabelChanges): {patch?: unknown; notes: string[]; result: string} {
	const labels = obj.metadata.labels ?? {};
	if (!changes.overwrite)
		for (const [k, v] of Object.entries(changes.set))
			if (k in labels && labels[k] !== v) throw new VerbError(`error: '${k}' already has a value (${labels[k]}), and --overwrite is false`);
	const notes = changes.remove.filter(k => !(k in labels)).map(k => `label "${k}" not found.`);
	const patch: Record<string, string | null> = {};
	for (const [k, v] of Object.entries(changes.set)) if (labels[k] !== v) patch[k] = v;
	const removed = changes.remove.filter(k => k in labels);
	for (const k of removed) patch[k] = null;
	if (!Object.keys(patch).length) return {notes, result: 'not labeled'};
	const onlyRemoved = removed.length === Object.keys(patch).length;
	return {patch: {metadata: {labels: patch}}, notes, result: onlyRemoved && !changes.overwrite ? 'unlabeled' : 'labeled'};
}

/** `kubectl label KIND NAME key=value key-`: one line, as kubectl prints it. */
export async function label(b: VerbBackend, kind: string, namespace: string | undefined, name: string, text: string): Promise<string> {
	const k = mustKind(kind);
	const changes = parseLabels(text);
	const obj = await b.get(k.kind, k.namespaced ? namespace : undefined, name);
	const {patch, notes, result} = labelChange(obj, changes);
	if (patch) await b.patch(k.kind, k.namespaced ? namespace : undefined, name, patch, 'merge');
	return [...notes, `${kindLabel(k)}/${name} ${result}`].join(' ');
}

export interface TaintChanges {
	add: Taint[];
	/** Taints to take off: by key and effect, or every effect of a key when the effect is absent. */
	remove: Array<{key: string; effect?: Taint['effect']}>;
	overwrite: boolean;
}

function effectOf(effect: string): Taint['effect'] {
	const found = TAINT_EFFECTS.find(e => e === effect);
	if (!found) throw new VerbError(`error: invalid taint effect: ${effect}, unsupported taint effect`);
	return found as Taint['effect'];
}

/** One `key[=value]:Effect`, checked as kubectl checks it. */
function parseTaint(spec: string): Taint {
	const parts = spec.split(':');
	if (parts.length !== 2) throw new VerbError(`error: invalid taint spec: ${spec}${parts.length === 1 ? ' (want key=value:Effect, key:Effect- or key-)' : ''}`);
	const effect = effectOf(parts[1]!);
	const kv = parts[0]!.split('=');
	if (kv.length > 2) throw new VerbError(`error: invalid taint spec: ${spec}`);
	const key = kv[0]!;
	const value = kv[1];
	if (value !== undefined) {
		const errs = isValidLabelValue(value);
		if (errs.length) throw new VerbError(`error: invalid taint spec: ${spec}, ${errs.join('; ')}`);
	}
	const errs = isQualifiedName(key);
	if (errs.length) throw new VerbError(`error: invalid taint spec: ${spec}, ${errs.join('; ')}`);
	return value ? {key, value, effect} : {key, effect};
}

function taintName(t: {key: string; value?: string; effect?: string}): string {
	return `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
}

/** `key=value:Effect` adds, `key:Effect-` and `key-` take off. */
export function parseTaints(text: string): TaintChanges {
	const {args, overwrite} = words(text);
	const add: Taint[] = [];
	const remove: TaintChanges['remove'] = [];
	for (const a of args) {
		if (a.endsWith('-')) {
			const [key, effect] = a.slice(0, -1).split(':');
			remove.push(effect ? {key: key!, effect: effectOf(effect)} : {key: key!});
		} else {
			const t = parseTaint(a);
			const twin = add.find(x => x.key === t.key && x.effect === t.effect);
			if (twin) throw new VerbError(`error: duplicated taints with the same key and effect: ${taintName(t)}`);
			add.push(t);
		}
	}
	if (!add.length && !remove.length) throw new VerbError('error: at least one taint update is required');
	const both = add.filter(t => remove.some(r => r.key === t.key && (!r.effect || r.effect === t.effect)));
	if (both.length) throw new VerbError(`error: can not both modify and remove the following taint(s) in the same command: ${both.map(taintName).join(', ')}`);
	return {add, remove, overwrite};
}

/**
 * A node's taints after the changes, and kubectl's word for it: `tainted` when some were added,
 * `untainted` when some only went, `modified` when both (or with --overwrite). The new ones come
 * first, then those kept. A taint of the same key and effect needs --overwrite; one to take off
 * that is not there is an error.
 */
export function taintChange(node: Node, changes: TaintChanges): {taints: Taint[]; result: 'tainted' | 'untainted' | 'modified'} {
	const name = node.metadata.name;
	const old = node.spec?.taints ?? [];
	const same = (a: {key: string; effect?: string}, b: {key: string; effect?: string}) => a.key === b.key && a.effect === b.effect;
	if (!changes.overwrite) {
		const exists = changes.add.filter(t => old.some(o => same(o, t)));
		if (exists.length) throw new VerbError(`error: node ${name} already has ${exists.map(t => t.key).join(',')} taint(s) with same effect(s) and --overwrite is false`);
	}
	let taints = [...changes.add, ...old.filter(o => !changes.add.some(t => same(o, t)))];
	const added = taints.length !== old.length;
	let removed = false;
	for (const r of changes.remove) {
		const left = taints.filter(t => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
		if (left.length === taints.length) throw new VerbError(`error: taint "${taintName(r)}" not found`);
		taints = left;
		removed = true;
	}
	const result = (added && removed) || changes.overwrite ? 'modified' : added ? 'tainted' : 'untainted';
	return {taints, result};
}

/** `kubectl taint nodes NAME key=value:Effect key:Effect-`. */
export async function taint(b: VerbBackend, node: string, text: string): Promise<string> {
	const changes = parseTaints(text);
	const obj = (await b.get('Node', undefined, node)) as Node;
	const {taints, result} = taintChange(obj, changes);
	await b.patch('Node', undefined, node, {spec: {taints: taints.length ? taints : null}}, 'merge');
	return `node/${node} ${result}`;
}
