// Suites that need a program installed on the machine (the real kubectl, tmux). Outside CI a
// missing program skips its suites, with the reason written in the suite's name and on the
// console; under CI (process.env.CI set) it fails them, so a run that tested nothing cannot pass.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {describe, it} from 'vitest';

export interface Tool {
	name: string;
	present: boolean;
	/** Why it is missing and how to install it. */
	missing: string;
}

export const KUBECTL = '/usr/bin/kubectl';

export const kubectlTool: Tool = {
	name: 'kubectl',
	present: existsSync(KUBECTL),
	missing: `kubectl not found at ${KUBECTL}: install it (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/, e.g. the kubernetes apt repository's kubectl package) so that the end-to-end tests against kubesim serve can run`,
};

export const tmuxTool: Tool = {
	name: 'tmux',
	present: spawnSync('tmux', ['-V']).status === 0,
	missing: 'tmux not found on the PATH: install it (apt-get install tmux) so that the end-to-end terminal test can run',
};

export const PYTHON = '/usr/bin/python3';

export const pythonClientTool: Tool = {
	name: 'the official Python client',
	present: spawnSync(PYTHON, ['-c', 'import kubernetes']).status === 0,
	missing: `the kubernetes Python package is not importable by ${PYTHON}: install Debian's python3-kubernetes (apt-get install python3-kubernetes) so that the Python client tests against kubesim serve can run`,
};

export const inCI = Boolean(process.env.CI);

/** describe() for a suite that needs `tool`: runs, skips with the reason (outside CI) or fails loudly (in CI). */
export function describeWithTool(tool: Tool, name: string, body: () => void): void {
	if (tool.present) {
		describe(name, body);
	} else if (inCI) {
		describe(name, () => {
			it(`needs ${tool.name}`, () => {
				throw new Error(tool.missing);
			});
		});
	} else {
		console.warn(`skipping "${name}": ${tool.missing}`);
		describe.skip(`${name} (skipped outside CI: ${tool.missing})`, body);
	}
}
