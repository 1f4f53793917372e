// Semantic colours. Views ask for a meaning (ok, warn, bad, muted), never for a colour, so a
// theme or NO_COLOR changes every screen at once.

export interface Theme {
	name: string;
	color: boolean;
	ok: string;
	warn: string;
	bad: string;
	muted: string;
	accent: string;
	title: string;
	key: string;
	selectedBg: string;
	selectedFg: string;
	marked: string;
	header: string;
	info: string;
}

const dark: Theme = {
	name: 'dark',
	color: true,
	ok: 'green',
	warn: 'yellow',
	bad: 'red',
	muted: 'gray',
	accent: 'cyan',
	title: 'cyanBright',
	key: 'magenta',
	selectedBg: 'cyan',
	selectedFg: 'black',
	marked: 'yellowBright',
	header: 'white',
	info: 'blueBright',
};

const light: Theme = {...dark, name: 'light', ok: 'green', warn: '#a06000', bad: 'red', muted: 'gray', accent: 'blue', title: 'blue', key: 'magenta', selectedBg: 'blue', selectedFg: 'white', header: 'black', marked: '#a06000'};

export const THEMES: Record<string, Theme> = {dark, light};

/** The theme to use; NO_COLOR (any value) turns colour off. */
export function pickTheme(name: string | undefined, env: NodeJS.ProcessEnv = process.env): Theme {
	const base = THEMES[name ?? 'dark'] ?? dark;
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return {...base, color: false};
	return base;
}

/** What a row means (a kind's view says it); the theme gives it a colour. */
export type {Health} from '../kinds/index.js';
