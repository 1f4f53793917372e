// Help: every key of the screen underneath, from the same tables the keys run from.
import React from 'react';
import {helpBindings} from '../keymap.js';
import type {ScreenState} from '../state.js';
import {HelpView} from '../views/HelpView.js';
import type {ScreenEnv} from './types.js';

export function HelpScreen({env, stack}: {env: ScreenEnv; stack: ScreenState[]}) {
	env.input.current = {key: () => false};
	return <HelpView bindings={helpBindings(stack, env.keys)} height={env.height} width={env.width} theme={env.theme} />;
}
