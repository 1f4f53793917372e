// A pod's containers (init ones marked); l or enter opens the logs of the selected one, r (on the
// simulator) what runs it.
import React from 'react';
import {CONTAINERS_KEYS, dispatch, visible, type ContainersCommand} from '../keymap.js';
import type {ContainersState} from '../state.js';
import {ContainersView, containerRows} from '../views/ContainersView.js';
import type {ScreenEnv} from './types.js';
import {t} from '../../i18n/index.js';

export function ContainersScreen({env, screen}: {env: ScreenEnv; screen: ContainersState}) {
	const {client, width, theme} = env;
	const pod = client.get('Pod', screen.namespace, screen.pod);
	const list = containerRows(pod);
	const select = (fn: (selected: number) => number) => env.replaceTop(s => (s.type === 'containers' ? {...s, selected: fn(s.selected)} : s));
	const commands: Record<ContainersCommand, () => void> = {
		logs: () => {
			const c = list[screen.selected];
			if (c && pod) env.openLogs({namespace: screen.namespace, pods: [screen.pod], container: c.name, previous: false, title: `pod/${screen.pod}:${c.name}`});
		},
		runtime: () => {
			const c = list[screen.selected];
			if (!c || !pod) return;
			const target = `pod/${screen.pod}:${c.name}`;
			env.push({type: 'text', mode: 'describe', kind: 'Pod', namespace: screen.namespace, name: screen.pod, title: t('under.crumb.runtime', {target}), under: {view: 'runtime', namespace: screen.namespace, pod: screen.pod, container: c.name}});
		},
	};
	env.input.current = {
		key(name) {
			// enter opens the logs too, as the screen's title says
			if (name === 'enter') commands.logs();
			else
				return dispatch(name, visible(CONTAINERS_KEYS, env.keys), commands, {
					down: () => select(i => Math.min(list.length - 1, i + 1)),
					up: () => select(i => Math.max(0, i - 1)),
				});
			return true;
		},
	};
	return <ContainersView containers={list} screen={screen} width={width} theme={theme} />;
}
