// A kubeconfig pointing kubectl at a kubesim API server.
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';

export interface KubeconfigOptions {
	/** `http://127.0.0.1:6443`, or https with `certificateAuthority` */
	server: string;
	token?: string;
	/** PEM of the CA that signed the server's certificate (written as certificate-authority-data, as kind does). */
	certificateAuthority?: string;
	/** Name of the cluster, user and context (default kubesim). */
	name?: string;
}

export function kubeconfigText(opts: KubeconfigOptions): string {
	const name = opts.name ?? 'kubesim';
	const q = (s: string) => JSON.stringify(s);
	const lines = [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		`- name: ${q(name)}`,
		'  cluster:',
		`    server: ${q(opts.server)}`,
		// the CA to verify the server by; over plain HTTP, client-node still needs a TLS setting
		opts.certificateAuthority
			? `    certificate-authority-data: ${Buffer.from(opts.certificateAuthority).toString('base64')}`
			: '    insecure-skip-tls-verify: true',
		'users:',
		`- name: ${q(name)}`,
		opts.token ? `  user:\n    token: ${q(opts.token)}` : '  user: {}',
		'contexts:',
		`- name: ${q(name)}`,
		'  context:',
		`    cluster: ${q(name)}`,
		`    user: ${q(name)}`,
		'    namespace: default',
		`current-context: ${q(name)}`,
		'preferences: {}',
		'',
	];
	return lines.join('\n');
}

/** Writes a kubeconfig (mode 0600, creating its folder). */
export function writeKubeconfig(path: string, opts: KubeconfigOptions): string {
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, kubeconfigText(opts), {mode: 0o600});
	return path;
}
