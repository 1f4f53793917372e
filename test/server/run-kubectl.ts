// Runs the real kubectl against a kubesim server whose kubeconfig is in `dir`, with a cache
// and HOME of its own there, so no earlier server's discovery leaks in.
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {KUBECTL} from '../tools.js';

export {KUBECTL};

export interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

export function kubectlEnv(dir: string): NodeJS.ProcessEnv {
	return {...process.env, KUBECONFIG: join(dir, 'kubeconfig'), KUBECACHEDIR: join(dir, 'cache'), HOME: dir};
}

/** kubectl with these arguments (and standard input when given); resolves with its exit code and output. */
export function runKubectl(dir: string, args: string[], input?: string): Promise<Run> {
	return new Promise(resolve => {
		const child = execFile(KUBECTL, args, {timeout: 60_000, env: kubectlEnv(dir)}, (err, stdout, stderr) => {
			const code = err ? (typeof (err as {code?: unknown}).code === 'number' ? (err as {code: number}).code : 1) : 0;
			resolve({code, stdout, stderr});
		});
		child.stdin?.end(input);
	});
}
