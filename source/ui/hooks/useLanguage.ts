// The language texts are in: a component that calls this draws again when it changes.
import {useSyncExternalStore} from 'react';
import {language, onLanguageChange} from '../../i18n/index.js';

export function useLanguage(): string {
	return useSyncExternalStore(onLanguageChange, language);
}
