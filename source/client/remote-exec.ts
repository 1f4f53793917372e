// `kubectl exec` for the kubeconfig client: one command in a container over the API server's
// exec WebSocket, its output collected, the exit code read from the closing Status as kubectl
// reads it (0 on Success, the ExitCode cause of NonZeroExitCode).
import {PassThrough} from 'node:stream';
import {Exec, type KubeConfig, type V1Status} from '@kubernetes/client-node';
import type {ExecOutput} from './types.js';

/** The exit code a closing Status stands for: 0, the ExitCode cause, or 1 for other failures. */
export function exitCodeOf(status: V1Status | undefined): number {
	if (!status || status.status === 'Success') return 0;
	const cause = status.details?.causes?.find(c => c.reason === 'ExitCode');
	const code = Number(cause?.message);
	return Number.isInteger(code) ? code : 1;
}

export function execRemote(kc: KubeConfig, namespace: string, pod: string, container: string, argv: string[]): Promise<ExecOutput> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
	stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
	return new Promise<ExecOutput>((resolve, reject) => {
		let status: V1Status | undefined;
		new Exec(kc)
			.exec(namespace, pod, container, argv, stdout, stderr, null, false, s => (status = s))
			.then(ws => {
				ws.on('close', () => {
					if (status?.status === 'Failure' && status.reason !== 'NonZeroExitCode') reject(new Error(`error: ${status.message ?? 'exec failed'}`));
					else resolve({stdout: out, stderr: err, exitCode: exitCodeOf(status)});
				});
				ws.on('error', e => reject(e));
			})
			.catch((e: Error) => reject(new Error(e.message)));
	});
}
