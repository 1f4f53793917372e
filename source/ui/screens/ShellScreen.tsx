// `s` on a pod: a shell in a container, full screen. Each line runs as `sh -c LINE` in the
// container, the way `kubectl exec -it POD -- sh` runs it against kubesim; `exit` or ctrl-d on an
// empty line goes back. ctrl-c drops the line, up and down walk the lines typed before, ctrl-l
// clears the screen.
import React, {useRef, useState} from 'react';
import {Box, Text} from 'ink';
import {t} from '../../i18n/index.js';
import type {ShellState} from '../state.js';
import type {ScreenEnv} from './types.js';

const PROMPT = '/ # ';
/** Lines of output kept. */
const SCROLLBACK = 2000;

export function ShellScreen({env, screen}: {env: ScreenEnv; screen: ShellState}) {
	const {client, height, theme} = env;
	const [lines, setLines] = useState<string[]>(() => [t('screen.shell.welcome', {container: screen.container, pod: screen.pod})]);
	const [input, setInput] = useState('');
	const [busy, setBusy] = useState(false);
	const typed = useRef<string[]>([]);
	const back = useRef(0);
	// keys may come faster than renders: the line being typed lives in a ref too
	const line = useRef('');
	const set = (text: string) => {
		line.current = text;
		setInput(text);
	};
	const print = (more: string[]) => setLines(l => [...l, ...more].slice(-SCROLLBACK));
	const run = (cmd: string) => {
		print([PROMPT + cmd]);
		const trimmed = cmd.trim();
		if (!trimmed) return;
		typed.current.push(cmd);
		back.current = 0;
		if (/^exit(\s+\d+)?$/.test(trimmed)) {
			env.pop();
			return;
		}
		if (!client.exec) {
			print([t('error.noExec')]);
			return;
		}
		setBusy(true);
		client
			.exec(screen.namespace, screen.pod, screen.container, ['sh', '-c', cmd])
			.then(r => print(`${r.stdout}${r.stderr}`.replace(/\n$/, '').split('\n').filter((l, i, all) => all.length > 1 || l !== '')))
			.catch((e: Error) => print([e.message]))
			.finally(() => setBusy(false));
	};
	env.input.current = {
		takesAllKeys: true,
		// esc does not leave a shell (a shell has no esc); exit and ctrl-d do
		clear: () => true,
		paste: text => set(line.current + text.replace(/\r\n?|\n/g, ' ')),
		key(name) {
			if (name === 'enter') {
				const cmd = line.current;
				set('');
				run(cmd);
			} else if (name === 'backspace') set([...line.current].slice(0, -1).join(''));
			else if (name === 'ctrl-c') {
				print([`${PROMPT}${line.current}^C`]);
				set('');
			} else if (name === 'ctrl-d') {
				if (!line.current) env.pop();
			} else if (name === 'ctrl-u') set('');
			else if (name === 'ctrl-l') setLines([]);
			else if (name === 'up' || name === 'down') {
				const n = typed.current.length;
				back.current = Math.max(0, Math.min(n, back.current + (name === 'up' ? 1 : -1)));
				set(back.current ? typed.current[n - back.current]! : '');
			} else if (name === 'space') set(`${line.current} `);
			else if ([...name].length === 1) set(line.current + name);
			return true;
		},
	};
	const shown = lines.slice(-Math.max(1, height - 2));
	return (
		<Box flexDirection="column" height={height}>
			<Text bold color={theme.color ? theme.title : undefined} wrap="truncate">
				{t('screen.shell.title', {pod: screen.pod, container: screen.container})}
			</Text>
			<Box flexDirection="column" flexGrow={1} justifyContent="flex-end" overflow="hidden">
				{shown.map((l, i) => (
					<Text key={i} wrap="wrap">
						{l || ' '}
					</Text>
				))}
			</Box>
			<Text wrap="truncate">
				{PROMPT}
				{input}
				{busy ? '' : <Text inverse> </Text>}
			</Text>
		</Box>
	);
}
