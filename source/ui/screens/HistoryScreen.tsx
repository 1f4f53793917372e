// A Deployment's rollout history: pick a revision to roll back to, or diff it against the
// current one.
import React from 'react';
import YAML from 'yaml';
import type {Revision} from '../../client/types.js';
import {t} from '../../i18n/index.js';
import {dispatch, HISTORY_KEYS, visible, type HistoryCommand} from '../keymap.js';
import type {HistoryState} from '../state.js';
import {stripHash} from '../navigation.js';
import {HistoryView} from '../views/HistoryView.js';
import {diffLines} from '../views/TextView.js';
import type {ScreenEnv} from './types.js';

export function HistoryScreen({env, screen}: {env: ScreenEnv; screen: HistoryState}) {
	const {client, width, theme} = env;
	const {revisions, namespace, name} = screen;
	const chosen = revisions[screen.selected];
	const select = (fn: (selected: number) => number) => env.replaceTop(s => (s.type === 'history' ? {...s, selected: fn(s.selected)} : s));
	const commands: Record<HistoryCommand, () => void> = {
		rollbackTo: () => {
			if (!chosen) return;
			env.run(client.rollback(namespace, name, chosen.revision));
			env.pop();
		},
		diff: () => {
			const current = revisions[revisions.length - 1];
			if (!chosen || !current) return;
			if (chosen === current) {
				env.flash(t('error.diffCurrent', {revision: current.revision}), 'error');
				return;
			}
			const yaml = (template: Revision['template']) => YAML.stringify(stripHash(template)).split('\n');
			const text = [t('screen.history.diffFrom', {revision: chosen.revision}), t('screen.history.diffTo', {revision: current.revision}), ...diffLines(yaml(chosen.template), yaml(current.template))].join('\n');
			env.push({type: 'text', mode: 'diff', kind: 'Deployment', namespace, name, text, title: t('screen.crumb.diff', {from: chosen.revision, to: current.revision})});
		},
	};
	env.input.current = {
		key: key =>
			dispatch(key, visible(HISTORY_KEYS, env.keys), commands, {
				down: () => select(i => Math.min(revisions.length - 1, i + 1)),
				up: () => select(i => Math.max(0, i - 1)),
			}),
	};
	return <HistoryView rows={revisions} selected={screen.selected} width={width} theme={theme} name={name} readonly={env.keys.readonly} />;
}
