// The message catalogue of the dashboard's own texts: one i18next instance of its own (never the
// global one), set up at import with every catalogue of ./catalogues.ts, in English until told
// otherwise. `t` reads a message in the current language, where English fills what a catalogue
// leaves out; `setLanguage` switches, and whoever draws texts re-renders on `onLanguageChange`.
// Values go in as they are: a terminal is no HTML page, so nothing is escaped.
import {createInstance} from 'i18next';
import * as shipped from './catalogues.js';
import type {Catalogue} from './en.js';

export type {Catalogue};

/** A catalogue of another language: any of the English one's ids, the rest reads in English. */
export type Translation = {[K in keyof Catalogue]?: DeepPartial<Catalogue[K]>};
type DeepPartial<T> = T extends string ? string : {[K in keyof T]?: DeepPartial<T[K]>};

type Leaves<T, Prefix extends string = ''> = {[K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>}[keyof T & string];
type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPlural<K extends string> = K extends `${infer Id}_${PluralCategory}` ? Id : K;

/** A message's id: its path in the catalogue (`keys.table.describe`), without a plural's suffix. */
export type MessageId = WithoutPlural<Leaves<Catalogue>>;

/** The values a message puts in: `{{name}}`; `count` also picks a plural's form. */
export type MessageValues = Record<string, string | number>;

/** The languages the dashboard ships a catalogue for. */
export type Language = keyof typeof shipped;
export const LANGUAGES = Object.keys(shipped) as Language[];

const FALLBACK: Language = 'en';
const NAMESPACE = 'translation';

const i18n = createInstance();
void i18n.init({
	lng: FALLBACK,
	fallbackLng: FALLBACK,
	resources: Object.fromEntries(Object.entries(shipped).map(([lang, catalogue]) => [lang, {[NAMESPACE]: catalogue}])),
	initAsync: false,
	// ids are paths; a message's `:` is text, never a namespace
	nsSeparator: false,
	interpolation: {escapeValue: false},
	returnNull: false,
});

/** A message in the current language, its `{{values}}` filled in. */
export function t(id: MessageId, values?: MessageValues): string {
	return i18n.t(id, values ?? {});
}

/** The language texts are in now. */
export function language(): string {
	return i18n.language;
}

/** Adds a language's catalogue at run time (or more messages to one), as a shipped one is. */
export function addCatalogue(lang: string, messages: Translation): void {
	i18n.addResourceBundle(lang, NAMESPACE, messages, true, true);
}

/** Texts from now on are in `lang`, which must have a catalogue. */
export function setLanguage(lang: string): void {
	if (!i18n.hasResourceBundle(lang, NAMESPACE)) throw new Error(`no catalogue for language "${lang}" (there are: ${[...new Set([...LANGUAGES, ...Object.keys(i18n.store.data)])].join(', ')})`);
	if (lang !== i18n.language) void i18n.changeLanguage(lang);
}

/** Calls `listener` after every switch of language; returns what stops it. */
export function onLanguageChange(listener: () => void): () => void {
	const on = () => listener();
	i18n.on('languageChanged', on);
	return () => i18n.off('languageChanged', on);
}

/** Every message id of the English catalogue. */
export function messageIds(): MessageId[] {
	const ids = new Set<string>();
	const walk = (node: object, prefix: string) => {
		for (const [k, v] of Object.entries(node)) {
			if (typeof v === 'string') ids.add(prefix + k.replace(/_(zero|one|two|few|many|other)$/, ''));
			else walk(v as object, `${prefix}${k}.`);
		}
	};
	walk(shipped.en, '');
	return [...ids] as MessageId[];
}
