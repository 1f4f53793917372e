// The `:` command line: k9s and kubectl aliases for every kind, `:pods kube-system` for a
// namespace, `:pods app=web` for a label selector, `:aliases` to list them, `:lang ja` for the
// language, `:q` to quit, with completion.
import type {KindInfo} from '../kinds/index.js';
import {parseLabelSelector} from '../cluster/core/selectors.js';
import {LANGUAGES, t} from '../i18n/index.js';
import {localeLanguage} from '../i18n/locale.js';

export type Command =
	| {type: 'view'; kind: string; namespace?: string; labelSelector?: string}
	| {type: 'quit'}
	| {type: 'contexts'; name?: string}
	| {type: 'help'}
	| {type: 'xray'; kind: string; namespace?: string}
	| {type: 'pulses'; namespace?: string}
	| {type: 'forwards'}
	| {type: 'aliases'}
	/** `:nodegroups` (`:ng`) and `:cost`: the simulated cloud of the eks profile. */
	| {type: 'nodegroups'}
	| {type: 'cost'}
	/** `:lang ja`: the dashboard's texts in that language from now on (and in the preferences). */
	| {type: 'language'; language: string}
	/** `:user jane --group dev`: every request as that user from now on; `:user` or `:user -` back to yourself. */
	| {type: 'user'; username?: string; groups: string[]}
	/** `:images NODE`: a node's image store; `:etcd [PREFIX]`: the store as etcd holds it (simulator). */
	| {type: 'images'; node?: string}
	| {type: 'etcd'; prefix: string}
	/** `:learn` lists the lessons; `:learn pod` starts one; `:learn off` closes the lesson pane. */
	| {type: 'learn'; lesson?: string}
	/** `:drill` lists the drills; `:drill node-failure` starts one; `:drill off` ends it. */
	| {type: 'drill'; drill?: string}
	/** `:cluster`: the control plane, live. */
	| {type: 'cluster'}
	| {type: 'error'; message: string};

/** Every word that opens a kind: plural, singular, short names, kind name, k9s aliases. */
export function aliases(kinds: readonly KindInfo[]): Map<string, KindInfo> {
	const m = new Map<string, KindInfo>();
	for (const k of kinds) for (const a of [k.plural, k.singular, ...k.shortNames, k.kind.toLowerCase()]) if (!m.has(a)) m.set(a, k);
	// k9s spellings, from the kinds' views
	for (const k of kinds) for (const a of k.view?.aliases ?? []) if (!m.has(a)) m.set(a, k);
	return m;
}

/** What is wrong with a label selector, in kubectl's words, or undefined when it parses. */
export function selectorProblem(text: string): string | undefined {
	try {
		parseLabelSelector(text);
		return undefined;
	} catch (e) {
		return `error: ${(e as Error).message}`;
	}
}

/** A kind and every word that opens it, as the aliases screen lists them. */
export interface AliasRow {
	kind: KindInfo;
	words: string[];
}

/** One row per kind the cluster serves, by resource name, with the words that open it. */
export function aliasRows(kinds: readonly KindInfo[]): AliasRow[] {
	const words = new Map<KindInfo, string[]>();
	for (const [word, k] of aliases(kinds)) words.set(k, [...(words.get(k) ?? []), word]);
	return [...kinds].sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0)).map(kind => ({kind, words: words.get(kind) ?? []}));
}

const EXTRA_WORDS = ['q', 'quit', 'q!', 'ctx', 'context', 'contexts', 'help', 'aliases', 'alias', 'xray', 'pulses', 'pf', 'lang', 'learn', 'nodegroups', 'cost', 'user', 'drill', 'images', 'etcd', 'cluster'];

export function parseCommand(text: string, kinds: readonly KindInfo[]): Command {
	const words = text.trim().split(/\s+/).filter(Boolean);
	if (!words.length) return {type: 'error', message: t('error.emptyCommand')};
	const [head, ...rest] = words;
	const word = head!.toLowerCase();
	if (word === 'q' || word === 'quit' || word === 'q!' || word === 'qa') return {type: 'quit'};
	if (word === 'help' || word === '?') return {type: 'help'};
	if (word === 'aliases' || word === 'alias') return {type: 'aliases'};
	if (word === 'ctx' || word === 'context' || word === 'contexts') return {type: 'contexts', name: rest[0]};
	if (word === 'learn' || word === 'lesson' || word === 'lessons') return {type: 'learn', lesson: rest[0]};
	if (word === 'user' || word === 'as') return userCommand(rest);
	if (word === 'drill' || word === 'drills') return {type: 'drill', drill: rest[0]};
	if (word === 'lang' || word === 'language') {
		const lang = localeLanguage(rest[0]);
		if (!lang) return {type: 'error', message: t('error.language', {languages: LANGUAGES.join(', ')})};
		return {type: 'language', language: lang};
	}
	if (word === 'pf' || word === 'portforward' || word === 'portforwards') return {type: 'forwards'};
	if (word === 'nodegroups' || word === 'nodegroup' || word === 'ng') return {type: 'nodegroups'};
	if (word === 'cost' || word === 'costs' || word === 'bill') return {type: 'cost'};
	if (word === 'images' || word === 'image' || word === 'img') return {type: 'images', node: rest[0]};
	if (word === 'etcd') return {type: 'etcd', prefix: rest[0] ? (rest[0].startsWith('/') ? rest[0] : `/registry/${rest[0]}`) : '/registry/'};
	if (word === 'cluster' || word === 'controlplane') return {type: 'cluster'};
	if (word === 'pulses' || word === 'pulse' || word === 'pu') return {type: 'pulses', namespace: rest[0] === '-A' || rest[0] === 'all' ? '' : rest[0]};
	if (word === 'xray') {
		const target = rest[0] ? aliases(kinds).get(rest[0].toLowerCase()) : undefined;
		if (!target) return {type: 'error', message: rest[0] ? t('error.xrayUnknown', {word: rest[0]}) : t('error.xrayNeedsKind')};
		if (!target.view?.xray) return {type: 'error', message: t('error.xrayCannotDraw', {plural: target.plural})};
		const ns = rest[1];
		return {type: 'xray', kind: target.kind, namespace: ns === '-A' || ns === 'all' ? '' : ns};
	}
	const k = aliases(kinds).get(word);
	if (!k) return {type: 'error', message: t('error.commandNotFound', {word: head!})};
	let namespace: string | undefined;
	let labelSelector: string | undefined;
	for (let i = 0; i < rest.length; i++) {
		const w = rest[i]!;
		if ((w === '-n' || w === '--namespace') && rest[i + 1]) namespace = rest[++i];
		else if ((w === '-l' || w === '--selector') && rest[i + 1]) labelSelector = rest[++i];
		else if (w === '-A' || w === 'all' || w === '--all-namespaces') namespace = '';
		else if (w.includes('=') || w.startsWith('!')) labelSelector = labelSelector ? `${labelSelector},${w}` : w;
		else namespace = w;
	}
	const problem = labelSelector === undefined ? undefined : selectorProblem(labelSelector);
	if (problem) return {type: 'error', message: problem};
	return {type: 'view', kind: k.kind, namespace, labelSelector};
}

/** `:user NAME [--group G]... [-g G]...` (as kubectl's --as and --as-group); no name or `-` is yourself. */
function userCommand(rest: string[]): Command {
	let username: string | undefined;
	const groups: string[] = [];
	for (let i = 0; i < rest.length; i++) {
		const w = rest[i]!;
		const inline = /^--(?:group|as-group)=(.*)$/.exec(w);
		if (inline) groups.push(inline[1]!);
		else if (w === '--group' || w === '-g' || w === '--as-group') {
			const g = rest[++i];
			if (!g) return {type: 'error', message: t('error.userUsage')};
			groups.push(g);
		} else if (username === undefined) username = w;
		else return {type: 'error', message: t('error.userUsage')};
	}
	if (username === '-' || username === undefined) return groups.length ? {type: 'error', message: t('error.userUsage')} : {type: 'user', groups: []};
	return {type: 'user', username, groups: groups.flatMap(g => g.split(',')).filter(Boolean)};
}

/** The completion of what is typed so far (the rest of the first matching word), or ''. */
export function complete(text: string, kinds: readonly KindInfo[], namespaces: readonly string[] = []): string {
	const words = text.split(/\s+/);
	if (words.length === 1) {
		const prefix = words[0]!.toLowerCase();
		if (!prefix) return '';
		const names = [...aliases(kinds).keys(), ...EXTRA_WORDS].filter(w => w.startsWith(prefix) && w !== prefix).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
		return names[0] ? names[0].slice(prefix.length) : '';
	}
	const last = words[words.length - 1]!;
	if (!last || last.includes('=')) return '';
	const ns = namespaces.filter(n => n.startsWith(last) && n !== last).sort();
	return ns[0] ? ns[0].slice(last.length) : '';
}
