// Help: every key of the screen underneath, from the same tables the keys run from; the moving
// keys scroll it when it is longer than the screen.
import React, {useState} from 'react';
import {helpBindings, motion} from '../keymap.js';
import type {ScreenState} from '../state.js';
import {kindInfo} from '../../kinds/index.js';
import {HelpView, helpEntries, helpLayout} from '../views/HelpView.js';
import type {ScreenEnv} from './types.js';

export function HelpScreen({env, stack}: {env: ScreenEnv; stack: ScreenState[]}) {
	const [offset, setOffset] = useState(0);
	const under = [...stack].reverse().find(s => s.type !== 'help');
	const kind = under?.type === 'table' ? kindInfo(under.kind)?.kind : undefined;
	const layout = helpLayout(helpEntries(helpBindings(stack, env.keys), kind, env.hotkeys), env.width, env.height);
	const last = Math.max(0, layout.rows - layout.visible);
	const top = Math.min(offset, last);
	const page = Math.max(1, layout.visible - 1);
	env.input.current = {
		key(name) {
			const m = motion(name);
			if (!m) return false;
			const to = {down: top + 1, up: top - 1, pageDown: top + page, pageUp: top - page, top: 0, bottom: last}[m];
			setOffset(Math.max(0, Math.min(last, to)));
			return true;
		},
	};
	return <HelpView layout={layout} offset={top} theme={env.theme} />;
}
