// Which language the dashboard speaks: `--lang` first, then the preference, then the locale of
// the environment as POSIX ranks it (LC_ALL over LC_MESSAGES over LANG), then English. A locale
// reads by its language part: `ja_JP.UTF-8` and `ja` are Japanese; `C`, `POSIX` and languages
// without a catalogue are English.
import {LANGUAGES, type Language} from './index.js';

export interface LanguageSources {
	/** `--lang`'s value, when given. */
	flag?: string;
	/** The preference, `` when unset. */
	preference?: string;
	env?: Record<string, string | undefined>;
}

/** The shipped language a locale name (`ja_JP.UTF-8`, `en-US`, `C`) is in, if any. */
export function localeLanguage(locale: string | undefined): Language | undefined {
	const lang = /^([A-Za-z]{2,3})(?:[_@.-]|$)/.exec(locale ?? '')?.[1]?.toLowerCase();
	return (LANGUAGES as string[]).includes(lang ?? '') ? (lang as Language) : undefined;
}

/** The language to speak; a `--lang` without a catalogue is an error that lists those there are. */
export function chooseLanguage(sources: LanguageSources): Language {
	if (sources.flag !== undefined) {
		const lang = localeLanguage(sources.flag);
		if (!lang) throw new Error(`--lang must be one of ${LANGUAGES.join(', ')}, got "${sources.flag}"`);
		return lang;
	}
	const preferred = localeLanguage(sources.preference);
	if (preferred) return preferred;
	const env = sources.env ?? {};
	// the first of these that is set and not empty decides, even when it names no catalogue
	for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
		const value = env[name];
		if (value) return localeLanguage(value) ?? 'en';
	}
	return 'en';
}
